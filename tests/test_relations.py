"""Real-world events from reports, dyad series, change points, summaries, top actors, frames, plots."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb

from detente.records import EventDate
from detente.relations import change_points, describe, index_signal, plot, summary
from detente.store import MIGRATIONS, EventQuery, Store
from test_records_store import doc, make_event


def reports(order=None) -> Store:
    """Four reports of RUS ACCUSE UKR: three within two days of each other (one event), one ten days on."""
    rows = [(1, "2014-03-03"), (2, "2014-03-04"), (3, "2014-03-05"), (4, "2014-03-15")]
    store = Store(":memory:")
    for i, day in (order or rows):
        store.add(doc(i, f"Report {i}."), (make_event("111", date=day, doc_id=f"d{i}"),))
    return store


def clusters(store: Store) -> set[frozenset[str]]:
    by_cluster: dict[str, set[str]] = {}
    for record in store.records():
        by_cluster.setdefault(record["cluster"]["id"], set()).add(record["doc_id"])
    return {frozenset(docs) for docs in by_cluster.values()}


def test_reports_of_one_event_cluster_whatever_the_order_of_ingestion():
    forward = reports()
    backward = reports(order=[(4, "2014-03-15"), (2, "2014-03-04"), (3, "2014-03-05"), (1, "2014-03-03")])
    assert clusters(forward) == clusters(backward) == {frozenset({"d1", "d2", "d3"}), frozenset({"d4"})}
    assert forward.counts() == {"documents": 4, "events": 4, "clusters": 2}
    events = forward.series("RUS", "UKR", "month")
    assert [(r["events"], r["reports"]) for r in events] == [(2, 4)]
    assert [r["events"] for r in forward.series("RUS", "UKR", "month", count="reports")] == [4]


def test_other_types_or_dyads_do_not_cluster():
    store = Store(":memory:")
    store.add(doc(1), (make_event("111", date="2014-03-03", doc_id="d1"),))
    store.add(doc(2), (make_event("190", date="2014-03-03", doc_id="d2"),))  # another type
    store.add(doc(3), (make_event("111", target=("USA", None), date="2014-03-03", doc_id="d3"),))
    store.add(doc(4), (make_event("111", target=(None, None), date="2014-03-03", doc_id="d4"),))
    store.add(doc(5), (make_event("111", target=(None, None), date="2014-03-03", doc_id="d5"),))  # unknown: alone
    assert store.counts()["clusters"] == 5


def test_retrospective_events_are_counted_apart():
    store = Store(":memory:")
    old = replace(make_event("111", doc_id="d1"), date=EventDate("2009-03-03", "day", "text", "in 2009", True))
    store.add(doc(1), (old,))
    store.add(doc(2), (make_event("042", date="2009-06-01", doc_id="d2"),))
    [row] = store.series("RUS", "UKR", "year")
    assert (row["events"], row["new"], row["retrospective"]) == (2, 1, 1)


def test_undirected_series_joins_both_directions_and_top_ranks_actors():
    store = Store(":memory:")
    store.add(doc(1), (make_event("111", date="2014-03-03", doc_id="d1"),))
    store.add(doc(2), (make_event("042", ("UKR", "GOV"), ("RUS", None), date="2014-05-03", doc_id="d2"),))
    store.add(doc(3), (make_event("042", ("USA", "GOV"), ("UKR", None), date="2014-05-03", doc_id="d3"),))
    result = store.dyad("RUS", "UKR", "year")
    assert [r["events"] for r in result["undirected"]] == [2]
    assert [r["events"] for r in result["series"]] == [1] == [r["events"] for r in result["reverse"]]
    top = store.top(limit=2)
    assert top["actors"] == [{"actor": "UKR", "events": 3, "as_source": 1, "as_target": 2},
                             {"actor": "RUS", "events": 2, "as_source": 1, "as_target": 1}]
    assert top["dyads"][0] == {"a": "RUS", "b": "UKR", "events": 2, "goldstein_mean": -0.05, "conflict_share": 0.5}
    assert store.top(level="actor")["actors"][0]["actor"] == "UKR"


def rows(values: list[tuple[str, float]]) -> list[dict]:
    return [{"period": p, "index": v, "events": 3} for p, v in values]


def test_a_shift_from_cooperation_to_conflict_is_found_and_told():
    months = [f"{2011 + (i // 12)}-{i % 12 + 1:02d}" for i in range(24)]
    series = rows([(m, 0.8 if i < 12 else -0.7) for i, m in enumerate(months)])
    [change] = change_points(series, "month")
    assert (change.period, change.direction) == ("2012-01", "conflict")
    assert summary("USA", "RUS", series, [change]) == \
        "USA→RUS: conflict rising since 2012-01 (index +0.80 → -0.70; 72 events)"


def test_a_steady_series_has_no_change_point():
    series = rows([(str(y), 0.6) for y in range(2001, 2011)])
    assert change_points(series, "year") == []
    assert summary("A", "B", series, []) == "A→B: mostly cooperative, no change point (index +0.60; 30 events)"
    assert summary("A", "B", [], []) == "A→B: no events"


def test_periods_without_events_keep_the_last_value():
    signal = index_signal(rows([("2013-W52", 1.0), ("2014-W02", -1.0)]), "week")
    assert signal == [("2013-W52", 1.0), ("2014-W01", 1.0), ("2014-W02", -1.0)]
    assert [p for p, _ in index_signal(rows([("2012-11", 0.0), ("2013-02", 0.0)]), "month")] == \
        ["2012-11", "2012-12", "2013-01", "2013-02"]


def test_frames_and_plots(tmp_path):
    store = reports()
    frame = store.frame(EventQuery(source="RUS"))
    assert len(frame) == 4 and {"cluster_id", "plover_type", "event_date"} <= set(frame.columns)
    series = store.dyad_frame("RUS", "UKR", "month")
    assert series[["direction", "period", "events", "reports", "q3", "ACCUSE"]].values.tolist() == \
        [["RUS->UKR", "2014-03", 2, 4, 2, 2], ["RUS-UKR", "2014-03", 2, 4, 2, 2]]
    path = tmp_path / "rus-ukr.png"
    plot(describe(store.dyad("RUS", "UKR", "day")), str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_database_from_before_clusters_gets_them_on_opening(tmp_path):
    path = str(tmp_path / "old.duckdb")
    con = duckdb.connect(path)
    name, initial = MIGRATIONS[0]
    initial(con)
    con.execute("CREATE TABLE migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    con.execute("INSERT INTO migrations VALUES (?, ?)", [name, dt.datetime(2026, 1, 1)])
    con.close()
    with Store(path) as store:
        assert store.migrate() == []
        store.add(doc(1), (make_event(doc_id="d1"),))
        assert store.counts()["clusters"] == 1


def test_a_change_resting_on_one_event_is_not_told():
    series = [{"period": "2011", "index": -1.0, "events": 1}] + \
        [{"period": str(y), "index": 1.0, "events": 2} for y in range(2015, 2020)]
    assert change_points(series, "year") == []
