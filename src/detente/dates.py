"""Date stage: find time expressions, resolve them against the publication date, and give each
event the date of its own clause, else of its paragraph's past-tense narrative, else the
publication date (marked `source: document`)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc

from .actor_table import ActorTable
from .actors import as_of
from .records import Event, EventDate, TimeValue

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3}
SEASONS = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10, "winter": 1}
HISTORICAL_DAYS = 180  # an event older than this at publication is a retrospective mention

PATTERNS: list[tuple[str, re.Pattern]] = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in [
    ("mdy", MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})\b"),
    ("dmy", r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH_RE + r",?\s+(?P<year>(?:19|20)\d{2})\b"),
    ("my", r"\b" + MONTH_RE + r",?\s+(?P<year>(?:19|20)\d{2})\b"),
    ("md", r"\b" + MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"),
    ("dm", r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH_RE + r"\b"),
    ("decade", r"\b(?:the\s+)?(?P<decade>(?:19|20)\d0)'?s\b"),
    ("part_year", r"\b(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of)[\s-]+(?P<year>(?:19|20)\d{2})\b"),
    ("year", r"\b(?:in|since|by|until|of|during|from|to)\s+(?P<year>(?:19|20)\d{2})\b"),
    ("ago", r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few)\s+"
            r"(?P<unit>day|week|month|year|decade)s?\s+ago\b"),
    ("rel_unit", r"\b(?P<mod>earlier\s+this|later\s+this|this|last|next|past)\s+(?P<unit>week|month|year)\b"),
    ("rel_day", r"\b(?P<word>yesterday|today|tonight|tomorrow)\b"),
    ("weekday", r"\b(?:(?P<mod>last|next|on|this)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|"
                r"saturday|sunday)\b"),
    ("month_only", r"\b(?P<mod>in|last|this|next|early|late|since)\s+" + MONTH_RE + r"(?!\s+\d)"),
    ("season", r"\b(?P<mod>last|this|next)\s+(?P<season>spring|summer|autumn|fall|winter)\b"),
]]


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _day(year: int, month: int, day: int) -> TimeValue | None:
    try:
        return TimeValue(dt.date(year, month, day).isoformat(), "day")
    except ValueError:
        return None


def _resolve(name: str, m: re.Match, ref: dt.date | None) -> TimeValue | None:
    g = {k: (v.lower() if isinstance(v, str) else v) for k, v in m.groupdict().items()}
    if name in ("mdy", "dmy"):
        return _day(int(g["year"]), MONTHS[g["month"]], int(g["day"]))
    if name == "my":
        return TimeValue(f"{int(g['year']):04d}-{MONTHS[g['month']]:02d}", "month")
    if name == "decade":
        return TimeValue(f"{g['decade']}s", "decade")
    if name in ("part_year", "year"):
        return TimeValue(g["year"], "year")
    if ref is None:
        return None
    if name in ("md", "dm"):
        month, day = MONTHS[g["month"]], int(g["day"])
        year = ref.year - 1 if (month, day) > (ref.month, ref.day) and month - ref.month > 1 else ref.year
        return _day(year, month, day)
    if name == "ago":
        n = NUMBERS.get(re.sub(r"\s+", " ", g["n"])) or int(g["n"])
        unit = g["unit"]
        if unit in ("day", "week"):
            return TimeValue((ref - dt.timedelta(days=n * (7 if unit == "week" else 1))).isoformat(),
                             "day" if unit == "day" else "month")
        if unit == "month":
            y, mo = _shift_month(ref.year, ref.month, -n)
            return TimeValue(f"{y:04d}-{mo:02d}", "month")
        years = n * (10 if unit == "decade" else 1)
        return TimeValue(str(ref.year - years), "year")
    if name == "rel_unit":
        delta = {"last": -1, "past": -1, "next": 1}.get(g["mod"].split()[0], 0)
        if g["unit"] == "year":
            return TimeValue(str(ref.year + delta), "year")
        if g["unit"] == "month":
            y, mo = _shift_month(ref.year, ref.month, delta)
            return TimeValue(f"{y:04d}-{mo:02d}", "month")
        day = ref + dt.timedelta(days=7 * delta)
        return TimeValue(f"{day.year:04d}-{day.month:02d}", "month")
    if name == "rel_day":
        delta = {"yesterday": -1, "tomorrow": 1}.get(g["word"], 0)
        return TimeValue((ref + dt.timedelta(days=delta)).isoformat(), "day")
    if name == "weekday":
        target = WEEKDAYS[g["weekday"]]
        if g["mod"] == "next":
            days = (target - ref.weekday()) % 7 or 7
            return TimeValue((ref + dt.timedelta(days=days)).isoformat(), "day")
        days = (ref.weekday() - target) % 7 or (7 if g["mod"] == "last" else 0)  # news: the past one
        return TimeValue((ref - dt.timedelta(days=days)).isoformat(), "day")
    if name == "month_only":
        month = MONTHS[g["month"]]
        mod = g["mod"]
        year = ref.year + (1 if mod == "next" else 0)
        if mod in ("last", "in", "since", "early", "late") and month > ref.month:
            year -= 1
        if mod == "last" and month == ref.month:
            year -= 1
        return TimeValue(f"{year:04d}-{month:02d}", "month")
    if name == "season":
        month = SEASONS[g["season"]]
        year = ref.year + {"last": -1, "next": 1}.get(g["mod"], 0)
        if g["mod"] == "last" and month < ref.month and g["season"] != "winter":
            year = ref.year  # "last summer" said in November is this year's summer
        return TimeValue(str(year), "year")
    return None


YEARS = frozenset(str(y) for y in range(1900, 2100))
# Words one of which a pattern needs, so that most patterns are skipped on most texts.
NEEDS: dict[str, frozenset[str]] = {
    **{name: frozenset(MONTHS) for name in ("mdy", "dmy", "my", "md", "dm", "month_only")},
    "ago": frozenset({"ago"}), "rel_unit": frozenset({"week", "month", "year"}),
    "rel_day": frozenset({"yesterday", "today", "tonight", "tomorrow"}), "weekday": frozenset(WEEKDAYS),
    "season": frozenset(SEASONS),
}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+|\d{4}", text.lower()))


PERIOD_PATTERNS = [re.compile(rx) for rx in (
    r"\b(?:(?:at|in|during)\s+)?(?:the\s+)?(?P<part>(?:very\s+)?(?:beginning|start|outset|dawn|early\s+days|"
    r"early\s+years|end|final\s+days|last\s+days|closing\s+days)\s+of\s+)?the\s+(?P<name>[A-Z][a-z]+)\s+"
    r"(?:administration|presidency|government|era)\b",
    r"\bunder\s+(?:President\s+|Prime\s+Minister\s+|Chancellor\s+)?(?P<name>[A-Z][a-z]+)\b",
)]
EARLY_PARTS = ("beginning", "start", "outset", "dawn", "early")


def _named_periods(text: str, ref: dt.date | None, table: ActorTable) -> list[TimeValue]:
    """'at the beginning of the Obama administration' -> 2009; 'under Yeltsin' -> 1990s: periods
    named after a leader, dated by that leader's term in the office-holder table."""
    found = []
    for rx in PERIOD_PATTERNS:
        for m in rx.finditer(text):
            terms = [t for t in table.leader_terms(m.group("name")) if ref is None or t.start <= ref]
            if not terms:
                continue
            term = terms[-1]  # the latest term begun by the reference date
            end = term.end or ref or term.start
            part = re.sub(r"^very\s+", "", (m.groupdict().get("part") or "").lower())
            if part.startswith(EARLY_PARTS):
                value = TimeValue(str(term.start.year), "year")
            elif part or term.start.year == end.year:
                value = TimeValue(str(end.year), "year")
            elif term.start.year // 10 == end.year // 10:
                value = TimeValue(f"{term.start.year // 10 * 10}s", "decade")
            else:
                continue  # a term across decades has no single value of our precisions
            found.append(replace(value, expression=m.group(0), start=m.start(), end=m.end()))
    return found


def find_times(text: str, ref: dt.date | None, table: ActorTable | None = None) -> list[TimeValue]:
    """Resolved time expressions of `text`, non-overlapping, earliest first (longest wins a tie).
    With the actor table, periods named after leaders are resolved too."""
    found: list[TimeValue] = _named_periods(text, ref, table) if table is not None else []
    taken: list[tuple[int, int]] = [(t.start or 0, t.end or 0) for t in found]
    words = _words(text)
    has_year = bool(words & YEARS) or bool(re.search(r"(?:19|20)\d0'?s", text))
    for name, rx in PATTERNS:
        need = NEEDS.get(name)
        if (need is not None and not words & need) or (need is None and not has_year):
            continue
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _resolve(name, m, ref)
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(replace(value, expression=m.group(0), start=m.start(), end=m.end()))
    return sorted(found, key=lambda t: t.start or 0)


def resolve_expression(text: str, ref: dt.date | None, table: ActorTable | None = None) -> TimeValue:
    """The first time expression of `text` resolved against `ref`; value None when there is none."""
    times = find_times(text, ref, table)
    return times[0] if times else TimeValue(None, None, None)


def _is_historical(value: TimeValue, published: dt.date | None) -> bool:
    first = value.first_day()
    if first is None or published is None:
        return False
    last = {"day": first, "month": first.replace(day=28), "year": first.replace(month=12, day=31),
            "decade": first.replace(year=first.year + 9, month=12, day=31)}.get(value.precision or "", first)
    return (published - last).days > HISTORICAL_DAYS


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


def date_events(doc: Doc, events: list[Event], published: dt.date | None,
                table: ActorTable | None = None) -> list[Event]:
    """Each event with the date of its clause or narrative; the rest keep the document date.
    With the actor table, persons are re-resolved as of the event's own date."""
    if not events:
        return events
    text = doc.text
    times = find_times(text, published, table)
    paragraphs = _paragraph_starts(text)
    dated = [_dated(doc, event, times, paragraphs, published) for event in events]
    return [_actors_as_of(e, table) if table is not None else e for e in dated]


def _actors_as_of(event: Event, table: ActorTable) -> Event:
    day = TimeValue(event.date.value, event.date.precision).middle_day()
    if event.date.source != "text" or day is None:
        return event
    return replace(event, source=tuple(as_of(a, table, day) for a in event.source),
                   target=tuple(as_of(a, table, day) for a in event.target))


def _in_range(times: list[TimeValue], start: int, end: int) -> Iterator[TimeValue]:
    return (t for t in times if start <= (t.start or 0) < end)


def _dated(doc: Doc, event: Event, times: list[TimeValue], paragraphs: list[int],
           published: dt.date | None) -> Event:
    sent_start = event.sentence_start
    sent_end = sent_start + len(event.sentence)
    own = list(_in_range(times, sent_start, sent_end))
    chosen = min(own, key=lambda t: abs((t.start or 0) - event.trigger.start)) if own else None
    if chosen is None and _past_tense(doc, event.trigger.start):
        para_start = max(p for p in paragraphs if p <= sent_start)
        earlier = [t for t in _in_range(times, para_start, sent_start) if t.precision != "day"]
        chosen = earlier[-1] if earlier else None
    if chosen is None:
        return event
    date = EventDate(chosen.value, chosen.precision, "text", chosen.expression, _is_historical(chosen, published))
    return replace(event, date=date)


def _past_tense(doc: Doc, char: int) -> bool:
    token = doc.char_span(char, char + 1, alignment_mode="expand")
    if token is None or not len(token):
        return False
    verb = token[0]
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(tags & {"VBD"}) or (verb.tag_ == "VBN" and not tags & {"VBZ", "VBP", "MD"})
