"""Date stage: find time expressions, resolve them against the publication date, and give each
event the date of its own clause, else of its paragraph's past-tense narrative, else the
publication date (marked `source: document`)."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from .actor_table import ActorTable, Term
from .actors import as_of
from .records import Event, EventDate, TimeValue
from .tables import data_path, read_tsv

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
    ("season_year", r"\b(?:the\s+)?(?:(?:early|late)\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?"
                    r"(?P<year>(?:19|20)\d{2})\b"),
    ("part_year", r"\b(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of)[\s-]+(?P<year>(?:19|20)\d{2})\b"),
    ("year", r"\b(?:in|since|by|until|of|during|from|to)\s+(?P<year>(?:19|20)\d{2})\b"
             r"(?![\s-]+(?:votes?|to\s+\d|seats|members|delegates|people|troops|soldiers)\b)"),  # "by 1995 votes"
    ("ago", r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few)\s+"
            r"(?P<unit>day|week|month|year|decade)s?\s+ago\b"),
    ("rel_unit", r"\b(?P<mod>earlier\s+this|later\s+this|this|last|next|past)\s+(?P<unit>week|month|year)\b"),
    ("rel_day", r"\b(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tonight|"
                r"tomorrow|this\s+(?:morning|afternoon|evening))\b"),
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
    if name in ("part_year", "year", "season_year"):
        return TimeValue(g["year"], "year")
    if ref is None:
        return None
    if name in ("md", "dm"):
        month, day = MONTHS[g["month"]], int(g["day"])
        candidates = [v for y in (ref.year - 1, ref.year, ref.year + 1) if (v := _day(y, month, day)) is not None]
        return min(candidates, key=lambda v: abs((dt.date.fromisoformat(v.value) - ref).days), default=None)
    if name == "ago":
        n = NUMBERS.get(re.sub(r"\s+", " ", g["n"])) or int(g["n"])
        unit = g["unit"]
        if unit in ("day", "week"):
            return TimeValue((ref - dt.timedelta(days=n * (7 if unit == "week" else 1))).isoformat(), "day")
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
        word = re.sub(r"\s+", " ", g["word"])
        delta = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
                 "the day after tomorrow": 2}.get(word, 0)
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
        year = ref.year + (1 if mod == "next" and month <= ref.month else 0)
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
        if g["mod"] == "next" and month > ref.month and g["season"] != "winter":
            year = ref.year  # "next summer" said in March is this year's summer
        return TimeValue(str(year), "year")
    return None


YEARS = frozenset(str(y) for y in range(1900, 2100))
# Words one of which a pattern needs, so that most patterns are skipped on most texts.
NEEDS: dict[str, frozenset[str]] = {
    **{name: frozenset(MONTHS) for name in ("mdy", "dmy", "my", "md", "dm", "month_only")},
    "ago": frozenset({"ago"}), "rel_unit": frozenset({"week", "month", "year"}),
    "rel_day": frozenset({"yesterday", "today", "tonight", "tomorrow", "morning", "afternoon", "evening"}),
    "weekday": frozenset(WEEKDAYS), "season": frozenset(SEASONS),
}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+|\d{4}", text.lower()))


NAME = r"(?P<name>[A-Z][a-z]+(?:\s+(?:[A-Z]\.|[A-Z][a-z]+))*)"
TITLE = r"(?:(?:President|Prime\s+Minister|Premier|Chancellor)\s+)?"
PERIOD_PATTERNS = [re.compile(rx) for rx in (
    r"\b(?:(?:at|in|during)\s+)?(?:the\s+)?(?P<part>(?:very\s+)?(?:beginning|start|outset|dawn|early\s+days|"
    r"early\s+years|end|final\s+days|last\s+days|closing\s+days)\s+of\s+)?the\s+" + NAME + r"\s+"
    r"(?:administration|presidency|government|era)\b",
    r"\b(?P<part>[Ee]arly|[Ll]ate)\s+in\s+the\s+" + NAME + r"\s+(?:administration|presidency|government|era)\b",
    r"\bunder\s+" + TITLE + NAME + r"\b",
    r"\b[Ss]ince\s+" + TITLE + NAME + r"(?:['’]s\s+(?P<since>return|election|inauguration|arrival)|\s+"
    r"(?P<since_verb>returned\s+to\s+(?:power|office)|took\s+office|came\s+to\s+power|was\s+elected))\b",
)]
EARLY_PARTS = ("beginning", "start", "outset", "dawn", "early")
RUN_GAP_DAYS = 31  # terms this close together are one stay in power (re-election, a new cabinet)


def _overlaps(start: int, end: int, times: list[TimeValue]) -> bool:
    return any(start < (t.end or 0) and (t.start or 0) < end for t in times)


def _runs(terms: list[Term]) -> list[tuple[dt.date, dt.date | None]]:
    """Consecutive terms merged into stays in power, (start, end or None)."""
    runs: list[list] = []
    for term in terms:
        if runs and runs[-1][1] is not None and (term.start - runs[-1][1]).days <= RUN_GAP_DAYS:
            runs[-1][1] = term.end if term.end is None or term.end > runs[-1][1] else runs[-1][1]
        elif runs and runs[-1][1] is None:
            continue
        else:
            runs.append([term.start, term.end])
    return [(a, b) for a, b in runs]


def _period_value(m: re.Match, ref: dt.date | None, table: ActorTable) -> TimeValue | None:
    terms = [t for t in table.leader_terms(m.group("name")) if ref is None or t.start <= ref]
    if not terms:
        return None
    groups = m.groupdict()
    if groups.get("since") or groups.get("since_verb"):
        wants_return = "return" in (groups.get("since") or groups.get("since_verb") or "")
        # a return is to the same office (Putin to the presidency in 2012, after four years as prime minister)
        runs = _runs([t for t in terms if t.role == terms[-1].role] if wants_return else terms)
        if wants_return and len(runs) < 2:
            return None  # no earlier stay in power to return from
        return TimeValue(str(runs[-1][0].year), "year")
    term = terms[-1]  # the latest term begun by the reference date
    end = term.end or ref or term.start
    part = re.sub(r"^very\s+", "", (groups.get("part") or "").lower())
    if part.startswith(EARLY_PARTS):
        return TimeValue(str(term.start.year), "year")
    if part or term.start.year == end.year:
        return TimeValue(str(end.year), "year")
    if term.start.year // 10 == end.year // 10:
        return TimeValue(f"{term.start.year // 10 * 10}s", "decade")
    return None  # a term across decades has no single value of our precisions


def _named_periods(text: str, ref: dt.date | None, table: ActorTable) -> list[TimeValue]:
    """'at the beginning of the Obama administration' -> 2009; 'under Yeltsin' -> 1990s; 'since
    Netanyahu's return' -> the year he returned: periods named after leaders, dated by their terms
    in the office-holder table."""
    found: list[TimeValue] = []
    for rx in PERIOD_PATTERNS:
        for m in rx.finditer(text):
            if _overlaps(m.start(), m.end(), found):
                continue
            value = _period_value(m, ref, table)
            if value is not None:
                found.append(replace(value, expression=m.group(0), start=m.start(), end=m.end()))
    return found


@dataclass(frozen=True)
class Anchor:
    """A well-known historical event that dates what is said of it ("since the annexation of Crimea")."""

    id: str
    value: TimeValue
    needs: str
    pattern: re.Pattern


@functools.cache
def anchors() -> tuple[Anchor, ...]:
    """data/historical_events.tsv, in file order (the first pattern to match a span wins)."""
    found = []
    for row in read_tsv(data_path("historical_events.tsv"), ("id", "value", "precision", "needs", "pattern")):
        try:
            pattern = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise row.error(f"pattern does not compile: {exc}") from None
        if row["precision"] not in PRECISIONS:
            raise row.error(f"precision {row['precision']!r}: use one of {', '.join(PRECISIONS)}")
        found.append(Anchor(row["id"], TimeValue(row["value"], row["precision"]), row["needs"].lower(), pattern))
    return tuple(found)


PRECISIONS = ("day", "month", "year", "decade")


def find_anchors(text: str, ref: dt.date | None) -> list[TimeValue]:
    """Historical events named in `text` as time values, non-overlapping; none after `ref`."""
    lowered = text.lower()
    found: list[TimeValue] = []
    for anchor in anchors():
        if anchor.needs not in lowered:
            continue
        first = anchor.value.first_day()
        if ref is not None and first is not None and first > ref:
            continue  # an event after the reference date dates nothing said then
        for m in anchor.pattern.finditer(text):
            if _overlaps(m.start(), m.end(), found):
                continue
            found.append(replace(anchor.value, expression=m.group(0), start=m.start(), end=m.end()))
    return sorted(found, key=lambda t: t.start or 0)


def find_times(text: str, ref: dt.date | None, table: ActorTable | None = None) -> list[TimeValue]:
    """Resolved time expressions of `text`, non-overlapping, earliest first (longest wins a tie).
    With the actor table, periods named after leaders are resolved too."""
    found: list[TimeValue] = _named_periods(text, ref, table) if table is not None else []
    words = _words(text)
    has_year = bool(words & YEARS) or bool(re.search(r"(?:19|20)\d0'?s", text))
    for name, rx in PATTERNS:
        need = NEEDS.get(name)
        if (need is not None and not words & need) or (need is None and not has_year):
            continue
        for m in rx.finditer(text):
            if _overlaps(m.start(), m.end(), found) or (name == "weekday" and _in_a_name(text, m)):
                continue
            value = _resolve(name, m, ref)
            if value is None:
                continue
            found.append(replace(value, expression=m.group(0), start=m.start(), end=m.end()))
    return sorted(found, key=lambda t: t.start or 0)


def _in_a_name(text: str, m: re.Match) -> bool:
    """'The Sunday Times', 'the Monday Club': a bare weekday between 'the' and a capitalised word."""
    return (m.group("mod") is None and text[max(0, m.start() - 4):m.start()].lower() == "the "
            and re.match(r"\s+(?!Morning|Afternoon|Evening|Night)[A-Z]", text[m.end():]) is not None)


def resolve_expression(text: str, ref: dt.date | None, table: ActorTable | None = None) -> TimeValue:
    """The first time expression of `text` resolved against `ref`, else the first historical event
    it names; value None when there is none."""
    times = find_times(text, ref, table) or find_anchors(text, ref)
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
    named = [replace(t, start=(t.start or 0) + start, end=(t.end or 0) + start)  # only sentences with events
             for start, sentence in sorted({(e.sentence_start, e.sentence) for e in events})
             for t in find_anchors(sentence, published)]
    paragraphs = _paragraph_starts(text)
    dated = [_dated(doc, event, times, named, paragraphs, published) for event in events]
    return [_actors_as_of(e, table) if table is not None else e for e in dated]


def _actors_as_of(event: Event, table: ActorTable) -> Event:
    day = TimeValue(event.date.value, event.date.precision).middle_day()
    if event.date.source != "text" or day is None:
        return event
    return replace(event, source=tuple(as_of(a, table, day) for a in event.source),
                   target=tuple(as_of(a, table, day) for a in event.target))


def _in_range(times: list[TimeValue], start: int, end: int) -> Iterator[TimeValue]:
    return (t for t in times if start <= (t.start or 0) < end)


def _dated(doc: Doc, event: Event, times: list[TimeValue], named: list[TimeValue], paragraphs: list[int],
           published: dt.date | None) -> Event:
    sent_start = event.sentence_start
    sent_end = sent_start + len(event.sentence)
    own = list(_in_range(times, sent_start, sent_end))
    # a historical event dates its own clause only; it does not carry over to the narrative that follows
    own += [t for t in _in_range(named, sent_start, sent_end)
            if not _overlaps(t.start or 0, t.end or 0, own)]
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
