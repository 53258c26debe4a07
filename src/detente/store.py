"""The event store: one embedded DuckDB file holding documents (with their text, for provenance)
and events. One class owns the connection; migrations are ordered named functions recorded in a
table; each document is written with its events in one transaction, so a crash leaves the file
consistent and a re-run completes it. Re-ingesting a stored document (same content hash) adds
nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb

from .codes import PLOVER_TYPES
from .errors import StoreError
from .records import Document, Event, TimeValue, event_from_dict


def _m001_initial(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
        CREATE TABLE documents (
            doc_id VARCHAR PRIMARY KEY, content_hash VARCHAR UNIQUE NOT NULL, published DATE,
            title VARCHAR, url VARCHAR, source VARCHAR, text VARCHAR NOT NULL, origin VARCHAR,
            event_count INTEGER NOT NULL, ingested_at TIMESTAMP NOT NULL)""")
    con.execute("""
        CREATE TABLE events (
            event_id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, sentence_index INTEGER,
            source_country VARCHAR, source_sector VARCHAR, source_code VARCHAR, source_name VARCHAR,
            target_country VARCHAR, target_sector VARCHAR, target_code VARCHAR, target_name VARCHAR,
            plover_type VARCHAR, cameo_code VARCHAR, cameo_root VARCHAR, goldstein DOUBLE, quad_class INTEGER,
            date_value VARCHAR, date_precision VARCHAR, date_source VARCHAR, event_date DATE,
            historical BOOLEAN, modality VARCHAR, confidence DOUBLE, rule VARCHAR, record JSON NOT NULL)""")
    con.execute("CREATE INDEX events_dyad ON events (source_country, target_country, event_date)")


def _m002_clusters(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE events ADD COLUMN cluster_id VARCHAR")
    con.execute(RECLUSTER)


MIGRATIONS: list[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]] = [
    ("001_initial", _m001_initial), ("002_clusters", _m002_clusters)]

# Reports of one real-world event: the same country dyad, PLOVER type and CAMEO root, dated within
# CLUSTER_DAYS of the previous report (day precision) or to the same month/year/decade (coarser). Computed
# over the whole table with window functions, so the clusters do not depend on the order of ingestion.
CLUSTER_DAYS = 2
_CLUSTER_KEY = "source_country, target_country, plover_type, cameo_root, date_precision"
RECLUSTER = f"""
    WITH ordered AS (
        SELECT event_id, event_date, {_CLUSTER_KEY},
               source_country IS NULL OR target_country IS NULL OR event_date IS NULL
               OR event_date - lag(event_date) OVER w
                  > (CASE WHEN date_precision = 'day' THEN {CLUSTER_DAYS} ELSE 0 END)
               OR lag(event_date) OVER w IS NULL AS starts
        FROM events WINDOW w AS (PARTITION BY {_CLUSTER_KEY} ORDER BY event_date, event_id)),
    numbered AS (
        SELECT *, sum(starts::INTEGER) OVER (PARTITION BY {_CLUSTER_KEY} ORDER BY event_date, event_id
                                           ROWS UNBOUNDED PRECEDING) AS session
        FROM ordered),
    clustered AS (
        SELECT event_id, first_value(event_id) OVER (PARTITION BY {_CLUSTER_KEY}, session
                                                     ORDER BY event_date, event_id) AS cluster_id
        FROM numbered)
    UPDATE events SET cluster_id = clustered.cluster_id FROM clustered
    WHERE events.event_id = clustered.event_id AND events.cluster_id IS DISTINCT FROM clustered.cluster_id"""


EVENT_COLUMNS = ("event_id, doc_id, sentence_index, source_country, source_sector, source_code, source_name, "
                 "target_country, target_sector, target_code, target_name, plover_type, cameo_code, cameo_root, "
                 "goldstein, quad_class, date_value, date_precision, date_source, event_date, historical, modality, "
                 "confidence, rule, record, cluster_id")


def event_row(event: Event) -> tuple:
    """An event as a row of the `events` table (NLP code never touches SQL)."""
    record = event.to_dict()
    src = event.source[0] if event.source else None
    tgt = event.target[0] if event.target else None
    when = TimeValue(event.date.value, event.date.precision).first_day()
    return (record["event_id"], event.doc_id, event.sentence_index,
            *(x for a in (src, tgt) for x in ((a.country, a.sector, a.code, a.name) if a else (None,) * 4)),
            event.plover.type, event.cameo.code, event.cameo.root, event.cameo.goldstein, event.cameo.quad_class,
            event.date.value, event.date.precision, event.date.source, when, event.date.historical,
            event.modality, event.confidence, event.rule, json.dumps(record, ensure_ascii=False))


@dataclass(frozen=True)
class EventQuery:
    actor: str | None = None  # country (RUS) or actor code (RUSGOV), either side
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None  # either direction
    plover_type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int | None = None


def _side(column: str, value: str) -> tuple[str, list]:
    return f"({column}_country = ? OR {column}_code = ?)", [value, value]


class Store:
    def __init__(self, path: str, *, read_only: bool = False) -> None:
        try:
            self.con = duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {path!r}: {exc}. Is another detente process writing to it?") \
                from None
        self.path = path
        self._clustered = True
        if not read_only:
            self.migrate()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def migrate(self) -> list[str]:
        self.con.execute("CREATE TABLE IF NOT EXISTS migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
        done = {r[0] for r in self.con.execute("SELECT name FROM migrations").fetchall()}
        known = {name for name, _ in MIGRATIONS}
        if done - known:
            raise StoreError(f"database {self.path!r} has migrations {sorted(done - known)} from a newer detente; "
                             "upgrade detente to use it")
        applied = []
        for name, migration in MIGRATIONS:
            if name not in done:
                with self.atomic():
                    migration(self.con)
                    self.con.execute("INSERT INTO migrations VALUES (?, now())", [name])
                applied.append(name)
        return applied

    def has(self, document: Document) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE content_hash = ? OR doc_id = ?",
                                [document.content_hash, document.id]).fetchone() is not None

    def add(self, document: Document, events: tuple[Event, ...]) -> bool:
        """Stores a document with its events; False (and nothing written) if it is already there."""
        with self.atomic():
            if self.has(document):
                return False
            self.con.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
                             [document.id, document.content_hash, document.date, document.title, document.url,
                              document.source, document.text, document.origin, len(events)])
            if events:
                unique = {e.event_id: e for e in events}
                self.con.executemany(f"INSERT INTO events ({EVENT_COLUMNS}) VALUES (" + ", ".join(["?"] * 26) + ")",
                                     [(*event_row(e), e.event_id) for e in unique.values()])  # alone until clustered
            self._clustered = False
        return True

    def recluster(self) -> int:
        """Groups reports of the same real-world event; returns the number of events whose cluster
        changed. Queries call it when documents were added since the last run."""
        with self.atomic():
            changed = self.con.execute(RECLUSTER).fetchone()[0]
        self._clustered = True
        return changed

    def _fresh(self) -> None:
        if not self._clustered:
            self.recluster()

    def counts(self) -> dict[str, int]:
        self._fresh()
        docs = self.con.execute("SELECT count(*) FROM documents").fetchone()[0]
        events, clusters = self.con.execute("SELECT count(*), count(DISTINCT cluster_id) FROM events").fetchone()
        return {"documents": docs, "events": events, "clusters": clusters}

    def _where(self, q: EventQuery) -> tuple[str, list]:
        clauses, params = [], []
        if q.actor:
            a, pa = _side("source", q.actor)
            b, pb = _side("target", q.actor)
            clauses.append(f"({a} OR {b})")
            params += pa + pb
        for column, value in (("source", q.source), ("target", q.target)):
            if value:
                c, p = _side(column, value)
                clauses.append(c)
                params += p
        if q.dyad:
            x, y = q.dyad
            s1, p1 = _side("source", x)
            t1, p2 = _side("target", y)
            s2, p3 = _side("source", y)
            t2, p4 = _side("target", x)
            clauses.append(f"(({s1} AND {t1}) OR ({s2} AND {t2}))")
            params += p1 + p2 + p3 + p4
        if q.plover_type:
            clauses.append("plover_type = ?")
            params.append(q.plover_type.upper())
        if q.since:
            clauses.append("event_date >= ?")
            params.append(q.since)
        if q.until:
            clauses.append("event_date <= ?")
            params.append(q.until)
        return " WHERE " + (" AND ".join(clauses) if clauses else "TRUE"), params

    def _select(self, columns: str, query: EventQuery | None) -> duckdb.DuckDBPyConnection:
        """The events a query selects, oldest first, as a cursor over `columns`."""
        query = query or EventQuery()
        where, params = self._where(query)
        sql = f"SELECT {columns} FROM events{where} ORDER BY event_date NULLS LAST, doc_id, event_id"
        if query.limit:
            sql += f" LIMIT {int(query.limit)}"
        return self.con.execute(sql, params)

    def events(self, query: EventQuery | None = None) -> Iterator[Event]:
        cur = self._select("record", query)
        while rows := cur.fetchmany(1000):
            for (record,) in rows:
                yield event_from_dict(json.loads(record))

    def dyad(self, a: str, b: str, by: str = "year", *, count: str = "events", since: dt.date | None = None,
             until: dt.date | None = None) -> dict:
        """The series A->B, B->A (`reverse`) and both together (`undirected`) per period (CONTRACT.md `dyad`).
        `count="events"` counts real-world events (clusters of reports), `"reports"` every coded report."""
        if by not in PERIOD_FORMAT:
            raise StoreError(f"--by {by!r}: use day, week, month or year")
        if count not in COUNTS:
            raise StoreError(f"--count {count!r}: use events or reports")
        self._fresh()
        rows = self._series_rows(a, b, by, count, since, until)
        return {"source": a, "target": b, "by": by, "count": count,
                **{key: [row for direction, row in rows if direction == wanted]
                   for key, wanted in (("series", "forward"), ("reverse", "reverse"), ("undirected", None))}}

    def series(self, a: str, b: str, by: str = "year", *, count: str = "events", undirected: bool = False,
               since: dt.date | None = None, until: dt.date | None = None) -> list[dict]:
        """One row per period with events: counts (all, `new`, `retrospective` = known only from
        historical mentions, `reports`), Goldstein mean and sum, quad classes, PLOVER types and the
        cooperation-conflict index (cooperative minus conflictual events over all events, -1..1)."""
        return self.dyad(a, b, by, count=count, since=since, until=until)["undirected" if undirected else "series"]

    def _series_rows(self, a: str, b: str, by: str, count: str, since: dt.date | None,
                     until: dt.date | None) -> list[tuple[str | None, dict]]:
        """Both directions and their union in one scan (GROUPING SETS), so a series stays fast on big stores."""
        where, params = self._where(EventQuery(dyad=(a, b), since=since, until=until))
        forward, forward_params = _side("source", a)
        unit = "cluster_id" if count == "events" else "event_id"
        rows = self.con.execute(f"""
            WITH units AS (
                SELECT {forward} AS forward, min(event_date) AS day, any_value(quad_class) AS quad,
                       avg(goldstein) AS goldstein, any_value(plover_type) AS plover,
                       bool_and(historical) AS retrospective, count(*) AS reports
                FROM events{where} AND event_date IS NOT NULL GROUP BY {unit}, forward)
            SELECT CASE WHEN GROUPING(forward) = 1 THEN NULL WHEN forward THEN 'forward' ELSE 'reverse' END,
                   strftime(date_trunc('{by}', day), ?) AS period, count(*), count(*) FILTER (NOT retrospective),
                   sum(reports), round(avg(goldstein), 3), round(sum(goldstein), 3),
                   count(*) FILTER (quad = 1), count(*) FILTER (quad = 2),
                   count(*) FILTER (quad = 3), count(*) FILTER (quad = 4), {PLOVER_COUNTS}
            FROM units GROUP BY GROUPING SETS ((period, forward), (period)) ORDER BY period""",
                                [*forward_params, *params, PERIOD_FORMAT[by]]).fetchall()
        return [(direction, {"period": p, "events": n, "new": new, "retrospective": n - new, "reports": int(reports),
                             "goldstein_mean": g_mean, "goldstein_sum": g_sum,
                             "quad": {"1": q1, "2": q2, "3": q3, "4": q4},
                             "plover": {t: c for t, c in zip(PLOVER_TYPES, plover, strict=True) if c},
                             "index": round((q1 + q2 - q3 - q4) / n, 3)})
                for direction, p, n, new, reports, g_mean, g_sum, q1, q2, q3, q4, *plover in rows]

    def top(self, *, level: str = "country", limit: int = 10, since: dt.date | None = None,
            until: dt.date | None = None) -> dict:
        """The most active actors (as source or target) and undirected dyads, counting real-world events."""
        self._fresh()
        if level not in ("country", "actor"):
            raise StoreError(f"--level {level!r}: use country or actor")
        column = "country" if level == "country" else "code"
        where, params = self._where(EventQuery(since=since, until=until))
        base = f"""SELECT cluster_id, any_value(source_{column}) AS a, any_value(target_{column}) AS b,
                          avg(goldstein) AS goldstein, any_value(quad_class) AS quad
                   FROM events{where} GROUP BY cluster_id"""
        actors = self.con.execute(f"""
            WITH units AS ({base}), sides AS (
                SELECT a AS actor, 1 AS src, 0 AS tgt FROM units WHERE a IS NOT NULL
                UNION ALL SELECT b, 0, 1 FROM units WHERE b IS NOT NULL AND b IS DISTINCT FROM a)
            SELECT actor, count(*), sum(src), sum(tgt) FROM sides GROUP BY actor
            ORDER BY count(*) DESC, actor LIMIT ?""", [*params, limit]).fetchall()
        dyads = self.con.execute(f"""
            WITH units AS ({base})
            SELECT least(a, b) AS x, greatest(a, b) AS y, count(*), avg(goldstein),
                   count(*) FILTER (quad IN (3, 4)) / count(*)
            FROM units WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
            GROUP BY x, y ORDER BY count(*) DESC, x, y LIMIT ?""", [*params, limit]).fetchall()
        return {"level": level,
                "actors": [{"actor": a, "events": n, "as_source": int(s), "as_target": int(t)}
                           for a, n, s, t in actors],
                "dyads": [{"a": x, "b": y, "events": n, "goldstein_mean": _round(g), "conflict_share": _round(c)}
                          for x, y, n, g, c in dyads]}

    def records(self, query: EventQuery | None = None) -> Iterator[dict]:
        """Stored event records as dicts, each with its cluster: `{"id", "reports"}` (for the web page)."""
        self._fresh()
        cur = self._select("record, cluster_id, count(*) OVER (PARTITION BY cluster_id)", query)
        while rows := cur.fetchmany(1000):
            for record, cluster, reports in rows:
                yield {**json.loads(record), "cluster": {"id": cluster, "reports": reports}}

    def dyad_frame(self, a: str, b: str, by: str = "year", *, count: str = "events", since: dt.date | None = None,
                   until: dt.date | None = None):
        """`dyad` as a pandas DataFrame: one row per direction (`A->B`, `B->A`, `A-B`) and period, with
        quad classes as q1..q4 and PLOVER types as columns of their own."""
        import pandas as pd

        result = self.dyad(a, b, by, count=count, since=since, until=until)
        names = {"series": f"{a}->{b}", "reverse": f"{b}->{a}", "undirected": f"{a}-{b}"}
        rows = [{"direction": names[key], **{k: v for k, v in row.items() if k not in ("quad", "plover")},
                 **{f"q{q}": n for q, n in row["quad"].items()}, **{t: row["plover"].get(t, 0) for t in PLOVER_TYPES}}
                for key in names for row in result[key]]
        columns = ["direction", "period", "events", "new", "retrospective", "reports", "goldstein_mean",
                   "goldstein_sum", "index", "q1", "q2", "q3", "q4", *PLOVER_TYPES]
        return pd.DataFrame(rows, columns=columns)

    def frame(self, query: EventQuery | None = None):
        """Stored events as a pandas DataFrame, one row per report (the `events` table's columns)."""
        self._fresh()
        return self._select("* EXCLUDE (record)", query).df()


def _round(x: float | None) -> float | None:
    return round(x, 3) if x is not None else None


COUNTS = ("events", "reports")
# one column per type: DuckDB's histogram() builds a MAP per row, five times slower on daily series
PLOVER_COUNTS = ", ".join(f"count(*) FILTER (plover = '{t}')" for t in PLOVER_TYPES)
PERIOD_FORMAT = {"day": "%Y-%m-%d", "week": "%G-W%V", "month": "%Y-%m", "year": "%Y"}
