"""Event writers: JSONL, CSV, Parquet. A registry, so users can add formats the same way."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO

from .records import Event

CSV_COLUMNS = ["event_id", "doc_id", "sentence_index", "source_text", "source_country", "source_sector",
               "source_code", "target_text", "target_country", "target_sector", "target_code", "reciprocal",
               "plover_type", "plover_mode", "cameo_code", "cameo_root", "goldstein", "quad_class", "trigger",
               "trigger_start", "trigger_end", "date", "date_precision", "date_source", "historical",
               "modality", "confidence", "rule", "sentence"]


def flat_row(event: Event) -> dict:
    """One flat row per event; several actors on a side are joined with ';'."""
    d = event.to_dict()

    def side(key: str, field: str) -> str:
        return ";".join(str(a[field]) for a in d[key] if a[field] is not None)

    return {"event_id": d["event_id"], "doc_id": d["doc_id"], "sentence_index": d["sentence_index"],
            **{f"{k}_{f}": side(k, f) for k in ("source", "target") for f in ("text", "country", "sector", "code")},
            "reciprocal": d["reciprocal"], "plover_type": d["plover"]["type"], "plover_mode": d["plover"]["mode"],
            "cameo_code": d["cameo"]["code"], "cameo_root": d["cameo"]["root"], "goldstein": d["cameo"]["goldstein"],
            "quad_class": d["cameo"]["quad_class"], "trigger": d["trigger"]["text"],
            "trigger_start": d["trigger"]["start"], "trigger_end": d["trigger"]["end"], "date": d["date"]["value"],
            "date_precision": d["date"]["precision"], "date_source": d["date"]["source"],
            "historical": d["date"]["historical"], "modality": d["modality"], "confidence": d["confidence"],
            "rule": d["rule"], "sentence": d["sentence"]}


@contextmanager
def _opened(out: IO[str] | str) -> Iterator[IO[str]]:
    """A path is opened (and closed) here; an open stream such as stdout is used as it is."""
    if isinstance(out, str):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    else:
        yield out


def write_jsonl(events: Iterable[Event], out: IO[str] | str) -> int:
    n = 0
    with _opened(out) as fh:
        for event in events:
            fh.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(events: Iterable[Event], out: IO[str] | str) -> int:
    n = 0
    with _opened(out) as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for event in events:
            writer.writerow(flat_row(event))
            n += 1
    return n


def write_parquet(events: Iterable[Event], out: str, batch: int = 10_000) -> int:
    """Streams row groups, so memory stays flat; nested actors are kept as JSON columns too."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.string()) for c in CSV_COLUMNS] + [("record", pa.string())])
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        rows: list[dict] = []
        for event in events:
            row = {k: (None if v is None else str(v)) for k, v in flat_row(event).items()}
            row["record"] = json.dumps(event.to_dict(), ensure_ascii=False)
            rows.append(row)
            n += 1
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    return n


Writer = Callable[[Iterable[Event], object], int]
WRITERS: dict[str, Writer] = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}  # type: ignore[dict-item]
