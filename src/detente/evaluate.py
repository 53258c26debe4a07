"""Scores against gold files in the shared/gold format (see its README): pairs and PLOVER type
(PLV), CAMEO penta class, and actor resolution."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .codes import penta_class
from .pipeline import Coder, resolve_mention
from .readers import parse_date
from .records import Actor, Document, Event

MAX_EXTRA_CHARS = 25  # a predicted span may be at most this much longer than the gold span
TYPE_ALIASES = {"YIELD": {"CONCEDE", "RETREAT"}}


def read_gold(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _overlaps(pred: Actor, gold: dict) -> bool:
    if gold.get("start") is None:
        return False
    longer = (pred.end - pred.start) - (gold["end"] - gold["start"])
    return pred.start < gold["end"] and gold["start"] < pred.end and longer <= MAX_EXTRA_CHARS


def _pair_match(event: Event, expected: dict) -> bool:
    if not event.source or not event.target:
        return False
    s, t = event.source[0], event.target[0]
    if s.start < t.end and t.start < s.end:
        return False
    return (any(_overlaps(s, g) for g in expected.get("source") or [])
            and any(_overlaps(t, g) for g in expected.get("target") or []))


def type_ok(predicted: str, gold: str | None) -> bool:
    return gold is not None and predicted in TYPE_ALIASES.get(gold, {gold})


@dataclass
class Score:
    name: str
    figures: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def score_events(coder: Coder, records: list[dict], name: str) -> Score:
    """Pair recall, type accuracy on found pairs, strict recall, events per sentence, penta accuracy."""
    docs = [Document(r["id"], r["text"], parse_date(r.get("date"))) for r in records]
    n = found = typed = with_pairs = penta_n = penta_ok = n_events = 0
    has_types = any((r.get("expected") or [{}])[0].get("type") for r in records)
    errors = []
    for record, coded in zip(records, (c.events for c in coder.code(docs)), strict=True):
        n += 1
        n_events += len(coded)
        expected = (record.get("expected") or [{}])[0]
        gold_type = expected.get("type")
        has_spans = bool(expected.get("source") and expected.get("target")
                         and expected["source"][0].get("start") is not None)
        matched = max((e for e in coded if _pair_match(e, expected)), key=lambda e: e.confidence, default=None)
        if has_spans:
            with_pairs += 1
            found += matched is not None
            if matched is not None and gold_type:
                typed += type_ok(matched.plover.type, gold_type)
        if expected.get("penta") is not None:
            penta_n += 1
            main = matched or max(coded, key=lambda e: e.confidence, default=None)
            ok = main is not None and penta_class(main.cameo.code) == int(expected["penta"])
            penta_ok += ok
        if matched is None or (gold_type and not type_ok(matched.plover.type, gold_type)):
            errors.append({"id": record["id"], "gold_type": gold_type, "penta": expected.get("penta"),
                           "got": [f"{e.source[0].text}->{e.target[0].text if e.target else ''} {e.plover.type}"
                                   for e in coded]})
    figures = {"sentences": n, "events_per_sentence": round(n_events / max(n, 1), 3)}
    if with_pairs:
        figures.update(pair_recall=round(found / with_pairs, 3), gold_pairs=with_pairs)
        if has_types:  # the CAMEO penta set has classes, not PLOVER types
            figures.update(type_accuracy=round(typed / max(found, 1), 3), strict_recall=round(typed / with_pairs, 3))
    if penta_n:
        figures.update(penta_accuracy=round(penta_ok / penta_n, 3), penta_sentences=penta_n)
    return Score(name, figures, errors)


def score_actors(coder: Coder, records: list[dict], name: str) -> Score:
    n = country = sector = both = 0
    errors = []
    for record in records:
        expected = record["expected"][0]
        actor = resolve_mention(coder, record["text"], parse_date(record.get("date")), record.get("context"))
        got_country = actor.country if actor else None
        got_sector = actor.sector if actor else None
        if got_country in ("IGO", "NGO") and expected.get("country") not in ("IGO", "NGO"):
            # gold written CAMEO-style (country "UNO") for what the contract writes as IGO + sector UNO
            got_country, got_sector = got_sector, None
        c_ok = "country" not in expected or (expected["country"] or None) == got_country
        sectors = {expected.get("sector"), expected.get("sector2"), *(expected.get("sector_any_of") or [])}
        sectors = {s or None for s in sectors if s is not None} if sectors - {None} else {None}
        s_ok = "sector" not in expected and "sector_any_of" not in expected or got_sector in sectors
        n += 1
        country += c_ok
        sector += s_ok
        both += c_ok and s_ok
        if not (c_ok and s_ok):
            errors.append({"id": record["id"], "text": record["text"], "expected": expected,
                           "got": actor.code if actor else None})
    return Score(name, {"cases": n, "country": round(country / max(n, 1), 3),
                        "sector": round(sector / max(n, 1), 3), "both": round(both / max(n, 1), 3)}, errors)


def evaluate(coder: Coder, path: Path, limit: int | None = None) -> Score:
    records = list(read_gold(path))[:limit]
    if not records:
        return Score(path.name, {"records": 0})
    if "call" in records[0] or ("expected" in records[0] and "source" not in (records[0]["expected"] or [{}])[0]):
        return score_actors(coder, records, path.name)
    return score_events(coder, records, path.name)

