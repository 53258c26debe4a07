"""Time expressions, written for this project, resolved against a reference date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.dates import anchors, find_anchors, find_times, resolve_expression

REF = dt.date(2013, 5, 29)  # a Wednesday


@pytest.mark.parametrize("text, value, precision", [
    ("on March 3, 2011", "2011-03-03", "day"),
    ("on 5 June 2009", "2009-06-05", "day"),
    ("in September 2001", "2001-09", "month"),
    ("in the 1990s", "1990s", "decade"),
    ("in late 2011", "2011", "year"),
    ("since 2004", "2004", "year"),
    ("yesterday", "2013-05-28", "day"),
    ("on Tuesday", "2013-05-28", "day"),
    ("on Wednesday", "2013-05-29", "day"),
    ("last Thursday", "2013-05-23", "day"),
    ("earlier this month", "2013-05", "month"),
    ("last month", "2013-04", "month"),
    ("next month", "2013-06", "month"),
    ("last year", "2012", "year"),
    ("two years ago", "2011", "year"),
    ("three days ago", "2013-05-26", "day"),
    ("in March", "2013-03", "month"),
    ("in November", "2012-11", "month"),
    ("on May 2", "2013-05-02", "day"),
    ("last summer", "2012", "year"),
    ("no time here", None, None),
])
def test_when(text, value, precision):
    got = resolve_expression(text, REF)
    assert (got.value, got.precision) == (value, precision)


def test_offsets_give_back_the_expression():
    text = "Talks began on Tuesday and ended in the 1990s style; in 2011 they resumed."
    for t in find_times(text, REF):
        assert text[t.start:t.end] == t.expression


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2049, 12, 31)))
def test_absolute_dates_round_trip(day):
    text = f"It happened on {day.strftime('%B')} {day.day}, {day.year}."
    got = resolve_expression(text, REF)
    assert got.value == day.isoformat()
    assert resolve_expression(text, REF) == got  # deterministic


DATA = Path(__file__).with_name("data")


def tsv_rows(name: str) -> list[dict[str, str]]:
    lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


@pytest.fixture(scope="module")
def full_table():
    import spacy

    from detente.actor_table import build_table
    from detente.nlp import tokenizer_words

    return build_table(tokenizer_words(spacy.blank("en")))


EXPRESSIONS = tsv_rows("time_expressions.tsv")


@pytest.mark.parametrize("row", EXPRESSIONS, ids=[r["id"] for r in EXPRESSIONS])
def test_the_projects_expression_set(row, full_table):
    """Each sentence of tests/data/time_expressions.tsv: its expression found and resolved, or nothing."""
    got = resolve_expression(row["text"], dt.date.fromisoformat(row["reference"]), full_table)
    assert (got.value or "", got.precision or "") == (row["value"], row["precision"])
    if row["expression"]:  # the found span is the expression's, give or take a preposition or a part of day
        start = row["text"].index(row["expression"])
        assert got.start < start + len(row["expression"]) and start < got.end


ANCHORS = tsv_rows("anchor_expressions.tsv")


@pytest.mark.parametrize("row", ANCHORS, ids=[r["id"] for r in ANCHORS])
def test_historical_events_named_in_text(row):
    found = find_anchors(row["text"], dt.date.fromisoformat(row["reference"]))
    got = [(t.expression, t.value, t.precision) for t in found]
    assert got == ([(row["expression"], row["value"], row["precision"])] if row["expression"] else [])


def test_every_historical_event_pattern_names_its_prefilter_word():
    for anchor in anchors():
        assert anchor.needs.isalpha() and anchor.needs == anchor.needs.lower(), anchor.id
        assert anchor.value.first_day() is not None, anchor.id


def test_a_historical_event_after_the_reference_date_is_not_a_date():
    assert find_anchors("after the annexation of Crimea", dt.date(2013, 5, 29)) == []
    [crimea] = find_anchors("after the annexation of Crimea", dt.date(2016, 5, 29))
    assert (crimea.value, crimea.precision) == ("2014-03", "month")


def test_a_return_is_to_the_same_office(full_table):
    ref = dt.date(2015, 3, 10)
    assert resolve_expression("since Putin's return", ref, full_table).value == "2012"  # PM in between
    assert resolve_expression("since Putin came to power", ref, full_table).value == "1999"  # one stay in power
