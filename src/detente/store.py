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


MIGRATIONS: list[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]] = [("001_initial", _m001_initial)]


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
                self.con.executemany("INSERT INTO events VALUES (" + ", ".join(["?"] * 25) + ")",
                                     [event_row(e) for e in unique.values()])
        return True

    def counts(self) -> dict[str, int]:
        docs = self.con.execute("SELECT count(*) FROM documents").fetchone()[0]
        events = self.con.execute("SELECT count(*) FROM events").fetchone()[0]
        return {"documents": docs, "events": events}

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
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def events(self, query: EventQuery | None = None) -> Iterator[Event]:
        where, params = self._where(query or EventQuery())
        sql = f"SELECT record FROM events{where} ORDER BY event_date NULLS LAST, doc_id, event_id"
        if query and query.limit:
            sql += f" LIMIT {int(query.limit)}"
        cur = self.con.execute(sql, params)
        while rows := cur.fetchmany(1000):
            for (record,) in rows:
                yield event_from_dict(json.loads(record))

    def dyad(self, a: str, b: str, by: str = "year") -> dict:
        """Counts, mean Goldstein and quad classes per period, A->B and B->A (CONTRACT.md `dyad`)."""
        if by not in ("day", "week", "month", "year"):
            raise StoreError(f"--by {by!r}: use day, week, month or year")
        return {"source": a, "target": b, "by": by, "series": self._series(a, b, by),
                "reverse": self._series(b, a, by)}

    def _series(self, a: str, b: str, by: str) -> list[dict]:
        s, ps = _side("source", a)
        t, pt = _side("target", b)
        rows = self.con.execute(f"""
            SELECT strftime(date_trunc('{by}', event_date), ?) AS period, count(*), avg(goldstein),
                   count(*) FILTER (quad_class = 1), count(*) FILTER (quad_class = 2),
                   count(*) FILTER (quad_class = 3), count(*) FILTER (quad_class = 4)
            FROM events WHERE {s} AND {t} AND event_date IS NOT NULL
            GROUP BY period ORDER BY period""", [PERIOD_FORMAT[by], *ps, *pt]).fetchall()
        return [{"period": p, "events": n, "goldstein_mean": round(g, 3) if g is not None else None,
                 "quad": {"1": q1, "2": q2, "3": q3, "4": q4}} for p, n, g, q1, q2, q3, q4 in rows]


PERIOD_FORMAT = {"day": "%Y-%m-%d", "week": "%G-W%V", "month": "%Y-%m", "year": "%Y"}
