"""Typed records that flow between the pipeline stages. All frozen: stages return new ones."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Document:
    """A dated text to code. `origin` says where it came from (file, file:line) for messages."""

    id: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    origin: str = ""

    @property
    def content_hash(self) -> str:
        """Identity of the content for idempotent ingest: same text and date, same document."""
        payload = f"{self.date.isoformat() if self.date else ''}\x00{self.text}"
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Rejection:
    """A document that could not be read; reported on stderr and counted, never dropped silently."""

    doc_id: str
    origin: str
    reason: str

    def message(self) -> str:
        return f"rejected {self.doc_id} ({self.origin}): {self.reason}"


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor mention resolved on a date. country/sector are None when unknown."""

    text: str
    start: int
    end: int
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    rule: str = ""

    @property
    def code(self) -> str | None:
        if self.country is None and self.sector is None:
            return None
        return f"{self.country or '---'}{self.sector or ''}"

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "country": self.country,
                "sector": self.sector, "name": self.name, "code": self.code, "rule": self.rule}


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A resolved time expression. `value` is YYYY-MM-DD, YYYY-MM, YYYY or YYYs (decade: "199")."""

    value: str | None
    precision: str | None  # day | month | year | decade
    expression: str | None = None
    start: int | None = None
    end: int | None = None

    def middle_day(self) -> dt.date | None:
        """A day inside the period, away from its edges (offices change on January 20th)."""
        first = self.first_day()
        if first is None:
            return None
        return {"decade": first.replace(year=first.year + 5, month=7), "year": first.replace(month=7),
                "month": first.replace(day=15)}.get(self.precision or "", first)

    def first_day(self) -> dt.date | None:
        if not self.value:
            return None
        v = self.value
        if self.precision == "decade":
            return dt.date(int(v[:3] + "0"), 1, 1)
        parts = [int(p) for p in v.split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


@dataclass(frozen=True, slots=True)
class EventDate:
    value: str | None
    precision: str | None
    source: str  # "text" | "document"
    expression: str | None = None
    historical: bool = False

    def to_dict(self) -> dict:
        return {"value": self.value, "precision": self.precision, "source": self.source,
                "expression": self.expression, "historical": self.historical}


@dataclass(frozen=True, slots=True)
class Cameo:
    code: str
    goldstein: float
    quad_class: int

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True, slots=True)
class Plover:
    type: str
    mode: str | None = None
    context: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    doc_id: str
    sentence_index: int
    sentence: str
    sentence_start: int
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    plover: Plover
    cameo: Cameo
    trigger: Span
    date: EventDate
    modality: str = "asserted"
    reciprocal: bool = False
    attribution: Actor | None = None
    location: dict | None = None
    confidence: float = 0.5
    rule: str = ""

    @property
    def event_id(self) -> str:
        spans = [(a.start, a.end, a.code) for a in self.source + self.target]
        key = f"{self.doc_id}|{spans}|{self.trigger.start}:{self.trigger.end}|{self.plover.type}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict:
        """The schema-1 record of CONTRACT.md."""
        return {
            "schema": SCHEMA_VERSION,
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "reciprocal": self.reciprocal,
            "plover": {"type": self.plover.type, "mode": self.plover.mode, "context": list(self.plover.context)},
            "cameo": {"code": self.cameo.code, "root": self.cameo.root, "goldstein": self.cameo.goldstein,
                      "quad_class": self.cameo.quad_class},
            "trigger": {"text": self.trigger.text, "start": self.trigger.start, "end": self.trigger.end},
            "date": self.date.to_dict(),
            "location": self.location,
            "modality": self.modality,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
        }


def event_from_dict(d: dict) -> Event:
    """Inverse of Event.to_dict (used by the store and round-trip tests)."""

    def actor(a: dict) -> Actor:
        return Actor(a["text"], a["start"], a["end"], a.get("country"), a.get("sector"), a.get("name"),
                     a.get("rule", ""))

    trig = d["trigger"]
    date = d["date"]
    return Event(
        doc_id=d["doc_id"], sentence_index=d["sentence_index"], sentence=d["sentence"],
        sentence_start=d["sentence_start"],
        source=tuple(actor(a) for a in d["source"]), target=tuple(actor(a) for a in d["target"]),
        plover=Plover(d["plover"]["type"], d["plover"].get("mode"), tuple(d["plover"].get("context") or ())),
        cameo=Cameo(d["cameo"]["code"], d["cameo"]["goldstein"], d["cameo"]["quad_class"]),
        trigger=Span(trig["text"], trig["start"], trig["end"]),
        date=EventDate(date["value"], date["precision"], date["source"], date.get("expression"),
                       date.get("historical", False)),
        modality=d["modality"], reciprocal=d["reciprocal"],
        attribution=actor(d["attribution"]) if d.get("attribution") else None,
        location=d.get("location"), confidence=d["confidence"], rule=d["rule"],
    )
