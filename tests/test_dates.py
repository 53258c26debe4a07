"""Time expressions, written for this project, resolved against a reference date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.dates import find_times, resolve_expression

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
