"""Dyad series on a large store: generates N synthetic events (default one million) straight into a
DuckDB file, clusters them, and times `Store.dyad` (+ change points) for random pairs of countries.

    python benchmarks/bench_relations.py [--events 1000000] [--pairs 20] [--db /tmp/bench-1m.duckdb]

The baseline, timed in the same run, is one bare `count(*)` over the same pair's rows: the cost of
finding them at all. The issue's target is under 200 ms per dyad series.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from detente.relations import describe
from detente.store import EVENT_COLUMNS, Store

COUNTRIES = ["USA", "RUS", "CHN", "UKR", "GBR", "FRA", "DEU", "IRN", "ISR", "PSE", "SYR", "TUR", "IND", "PAK",
             "PRK", "KOR", "JPN", "SAU", "EGY", "IRQ", "AFG", "BRA", "MEX", "VEN", "CUB", "POL", "BLR", "GEO",
             "ARM", "AZE", "SRB", "QAT", "ARE", "LBY", "YEM", "ETH", "NGA", "ZAF", "KEN", "SDN"]
CODES = [("010", "MAKE STATEMENT", 0.0, 1), ("036", "CONSULT", 4.0, 1), ("042", "CONSULT", 1.9, 1),
         ("057", "AGREE", 8.0, 1), ("070", "AID", 7.0, 2), ("111", "ACCUSE", -2.0, 3), ("120", "REJECT", -4.0, 3),
         ("163", "COERCE", -8.0, 4), ("190", "ASSAULT", -10.0, 4), ("180", "ASSAULT", -9.0, 4)]


def generate(path: str, n: int, seed: int = 7) -> float:
    """Writes n events with a skewed choice of countries (a few busy dyads, many quiet ones)."""
    started = time.perf_counter()
    with Store(path) as store:
        con = store.con
        con.execute("CREATE TEMP TABLE countries AS SELECT * FROM (SELECT unnest(?) AS code, "
                    "generate_subscripts(?, 1) AS i)", [COUNTRIES, COUNTRIES])
        con.execute("CREATE TEMP TABLE codes AS SELECT * FROM (VALUES " + ", ".join(
            f"({i}, '{c}', '{t}', {g}, {q})" for i, (c, t, g, q) in enumerate(CODES, 1)) +
            ") AS t(i, code, plover, goldstein, quad)")
        con.execute(f"SELECT setseed({seed / 100})")
        k = len(COUNTRIES)
        con.execute(f"""
            INSERT INTO events ({EVENT_COLUMNS})
            WITH draws AS (
                SELECT range AS r, 1 + floor(pow(random(), 2.5) * {k})::INTEGER AS s,
                       1 + floor(pow(random(), 2.5) * {k})::INTEGER AS t,
                       1 + floor(random() * {len(CODES)})::INTEGER AS c,
                       DATE '1990-01-01' + floor(random() * 13000)::INTEGER AS d, random() < 0.1 AS hist
                FROM range({n}))
            SELECT printf('e%010d', r), printf('doc%08d', r // 3), 0,
                   cs.code, 'GOV', cs.code || 'GOV', NULL, ct.code, NULL, ct.code, NULL,
                   codes.plover, codes.code, left(codes.code, 2), codes.goldstein, codes.quad,
                   strftime(d, '%Y-%m-%d'), 'day', 'text', d, hist, 'asserted', 0.5, 'bench', '{{}}',
                   printf('e%010d', r)
            FROM draws JOIN countries cs ON cs.i = draws.s JOIN countries ct ON ct.i = draws.t
                       JOIN codes ON codes.i = draws.c
            WHERE draws.s <> draws.t""")
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--pairs", type=int, default=20)
    ap.add_argument("--db", default="/tmp/detente-bench-relations.duckdb")
    args = ap.parse_args()
    Path(args.db).unlink(missing_ok=True)
    print(f"generate: {generate(args.db, args.events):.1f} s")
    with Store(args.db) as store:
        started = time.perf_counter()
        store.recluster()
        counts = store.counts()
        print(f"recluster: {time.perf_counter() - started:.1f} s; {counts['events']:,} events, "
              f"{counts['clusters']:,} real-world events")
    rng = random.Random(11)
    pairs = [tuple(rng.sample(COUNTRIES, 2)) for _ in range(args.pairs)] + [("USA", "RUS"), ("SDN", "KEN")]
    with Store(args.db, read_only=True) as store:
        store.dyad("USA", "RUS", "month")  # warm the file cache once
        for by in ("year", "month", "week", "day"):
            series_ms, full_ms, base_ms = [], [], []
            for a, b in pairs:
                t0 = time.perf_counter()
                store.con.execute("SELECT count(*) FROM events WHERE (source_country = ? OR source_code = ?) "
                                  "AND (target_country = ? OR target_code = ?)", [a, a, b, b]).fetchone()
                t1 = time.perf_counter()
                dyad = store.dyad(a, b, by)
                t2 = time.perf_counter()
                describe(dyad)
                t3 = time.perf_counter()
                base_ms.append((t1 - t0) * 1000)
                series_ms.append((t2 - t1) * 1000)
                full_ms.append((t3 - t1) * 1000)
            ratio = statistics.median(series_ms) / statistics.median(base_ms)
            print(f"--by {by}: dyad series median {statistics.median(series_ms):.0f} ms, max {max(series_ms):.0f} ms; "
                  f"with change points median {statistics.median(full_ms):.0f} ms, max {max(full_ms):.0f} ms; "
                  f"baseline count(*) median {statistics.median(base_ms):.1f} ms (series/baseline {ratio:.1f}x)")


if __name__ == "__main__":
    main()
