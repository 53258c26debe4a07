from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.codes import codebook
from detente.records import Actor, Document, Event, EventDate, Span, event_from_dict
from detente.store import EventQuery, Store

TEXT = "Ruritania condemned Freedonia on Monday. Freedonia rejected the charge."
CODES = ["036", "042", "111", "112", "120", "163", "173", "190"]


def make_event(code="111", source=("RUS", "GOV"), target=("UKR", None), start=0, date="2014-03-03",
               doc_id="d1", confidence=0.7) -> Event:
    book = codebook()
    return Event(doc_id=doc_id, sentence_index=0, sentence=TEXT[:40], sentence_start=0,
                 source=(Actor(TEXT[start:start + 9], start, start + 9, *source, None, "t"),),
                 target=(Actor(TEXT[20:29], 20, 29, *target, None, "t"),),
                 plover=book.to_plover(code), cameo=book.cameo(code), trigger=Span(TEXT[10:19], 10, 19),
                 date=EventDate(date, "day", "text", "on Monday"), confidence=confidence, rule="test")


actor_codes = st.sampled_from(["RUS", "USA", "UKR", None])
sectors = st.sampled_from(["GOV", "MIL", None])


@settings(max_examples=60, deadline=None)
@given(code=st.sampled_from(CODES), src=st.tuples(actor_codes, sectors), tgt=st.tuples(actor_codes, sectors),
       conf=st.floats(0, 1).map(lambda x: round(x, 3)), day=st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)))
def test_event_to_dict_round_trip(code, src, tgt, conf, day):
    event = make_event(code, src, tgt, date=day.isoformat(), confidence=conf)
    assert event_from_dict(event.to_dict()) == event
    record = event.to_dict()
    for actor in record["source"] + record["target"]:
        assert TEXT[actor["start"]:actor["end"]] == actor["text"]
    assert record["cameo"]["root"] == code[:2] and record["plover"]["type"]


def doc(i: int, text: str | None = None) -> Document:
    return Document(f"d{i}", text or f"Document number {i}.", dt.date(2014, 3, i % 28 + 1))


def test_ingest_is_idempotent():
    with Store(":memory:") as store:
        assert store.add(doc(1), (make_event(doc_id="d1"),))
        assert not store.add(doc(1), (make_event(doc_id="d1"),))
        same_text_other_id = Document("other", doc(1).text, doc(1).date)
        assert not store.add(same_text_other_id, ())
        assert store.counts() == {"documents": 1, "events": 1, "clusters": 1}


def test_a_failure_mid_document_leaves_nothing_half_written(monkeypatch):
    with Store(":memory:") as store:
        store.add(doc(1), (make_event(doc_id="d1"),))
        import detente.store as store_module

        def broken_row(event):
            raise RuntimeError("disk full")

        monkeypatch.setattr(store_module, "event_row", broken_row)
        with pytest.raises(RuntimeError):
            store.add(doc(2), (make_event(doc_id="d2"),))
        assert store.counts() == {"documents": 1, "events": 1, "clusters": 1}
        monkeypatch.undo()
        assert store.add(doc(2), (make_event(doc_id="d2"),))  # a re-run completes it
        assert store.counts() == {"documents": 2, "events": 2, "clusters": 1}  # two reports of one event


def test_queries_and_dyad_series(tmp_path):
    path = str(tmp_path / "e.duckdb")
    with Store(path) as store:
        store.add(doc(1), (make_event("111", ("RUS", "GOV"), ("UKR", None), date="2014-03-03", doc_id="d1"),))
        store.add(doc(2), (make_event("190", ("RUS", "MIL"), ("UKR", "MIL"), date="2014-08-20", doc_id="d2"),
                           make_event("036", ("UKR", "GOV"), ("RUS", "GOV"), date="2015-02-11", doc_id="d2",
                                      start=30)))
    with Store(path, read_only=True) as store:
        assert len(list(store.events(EventQuery(dyad=("UKR", "RUS"))))) == 3
        assert [e.cameo.code for e in store.events(EventQuery(source="RUSMIL"))] == ["190"]
        assert [e.cameo.code for e in store.events(EventQuery(plover_type="accuse"))] == ["111"]
        assert len(list(store.events(EventQuery(actor="UKR", since=dt.date(2015, 1, 1))))) == 1
        series = store.dyad("RUS", "UKR", "year")
        assert series["series"] == [{"period": "2014", "events": 2, "new": 2, "retrospective": 0, "reports": 2,
                                     "goldstein_mean": -6.0, "goldstein_sum": -12.0,
                                     "quad": {"1": 0, "2": 0, "3": 1, "4": 1}, "plover": {"ACCUSE": 1, "ASSAULT": 1},
                                     "index": -1.0}]
        assert [r["period"] for r in series["reverse"]] == ["2015"]
    with Store(path) as store:
        assert store.migrate() == []  # already at the latest schema
