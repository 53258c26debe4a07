"""Read documents from files, folders and stdin, streaming, one `Document` or `Rejection` at a time.

Formats (CONTRACT.md): JSONL, CSV, plain text with an optional `date YYYY-MM-DD` header.
A document that cannot be read becomes a `Rejection` naming it and the reason; reading goes on.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import UnreadablePath
from .records import Document, Rejection

DATE_HEADER = re.compile(r"\s*date\s+(\S+)\s+", re.ASCII)
JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson"}
CSV_SUFFIXES = {".csv"}
OPTIONAL_FIELDS = ("title", "url", "source", "language")

Item = Document | Rejection


def parse_date(value: object) -> dt.date | None:
    """YYYY-MM-DD (or null) to a date; raises ValueError with a readable reason otherwise."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"date {value!r} is not YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"date {value!r} does not exist") from None


def content_id(text: str) -> str:
    return "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def read_inputs(inputs: Iterable[str], default_date: dt.date | None = None,
                stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every document under `inputs` (files, folders read recursively, '-' for stdin), in order.

    Raises UnreadablePath before reading anything if an input does not exist.
    """
    inputs = list(inputs)
    for name in inputs:
        if name != "-" and not os.path.exists(name):
            raise UnreadablePath(name, "no such file or folder")
    for name in inputs:
        if name == "-":
            yield from read_stream(stdin or sys.stdin.buffer, "stdin", "stdin", default_date)
        elif os.path.isdir(name):
            for path in _walk(Path(name)):
                yield from read_path(path, default_date)
        else:
            yield from read_path(Path(name), default_date)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under `folder`, recursively, sorted, skipping hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if not f.startswith("."):
                yield Path(root) / f


def read_path(path: Path, default_date: dt.date | None = None) -> Iterator[Item]:
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as fh:
            if suffix in JSONL_SUFFIXES:
                yield from read_jsonl(fh, str(path), default_date)
            elif suffix in CSV_SUFFIXES:
                yield from read_csv(fh, str(path), default_date)
            else:
                yield read_text(fh.read(), path.stem, str(path), default_date)
    except OSError as exc:
        yield Rejection(path.stem, str(path), f"cannot open: {exc.strerror or exc}")


def read_stream(fh: BinaryIO, doc_id: str, origin: str, default_date: dt.date | None) -> Iterator[Item]:
    """stdin: JSONL when the first non-blank byte is '{', else one plain-text document."""
    head = fh.peek(64) if hasattr(fh, "peek") else b""
    if head.lstrip()[:1] == b"{":
        yield from read_jsonl(fh, origin, default_date)
        return
    data = fh.read()
    if data.lstrip()[:1] == b"{":
        yield from read_jsonl(io.BytesIO(data), origin, default_date)
    else:
        yield read_text(data, doc_id, origin, default_date)


def read_text(data: bytes, doc_id: str, origin: str, default_date: dt.date | None) -> Item:
    if b"\x00" in data:
        return Rejection(doc_id, origin, "binary file (contains NUL bytes), not text")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejection(doc_id, origin, f"invalid UTF-8 at byte {exc.start}; re-save the file as UTF-8")
    raw = raw.removeprefix("\ufeff")
    date = default_date
    header = DATE_HEADER.match(raw)
    if header:
        try:
            date = parse_date(header.group(1))
        except ValueError as exc:
            return Rejection(doc_id, origin, f"header {exc}")
        raw = raw[header.end():]
    return _checked(doc_id, raw, date, origin, {})


def _checked(doc_id: str, text: object, date: dt.date | None, origin: str, meta: dict) -> Item:
    if not isinstance(text, str):
        return Rejection(doc_id, origin, "field 'text' is missing or not a string")
    if not text.strip():
        return Rejection(doc_id, origin, "empty text")
    return Document(id=doc_id, text=text, date=date, origin=origin,
                    **{k: (str(meta[k]) if meta.get(k) not in (None, "") else None) for k in OPTIONAL_FIELDS})


def _record(obj: dict, origin: str, default_date: dt.date | None) -> Item:
    text = obj.get("text")
    doc_id = obj.get("id")
    doc_id = str(doc_id) if doc_id not in (None, "") else (content_id(text) if isinstance(text, str) else origin)
    try:
        date = parse_date(obj.get("date")) or default_date
    except ValueError as exc:
        return Rejection(doc_id, origin, str(exc))
    return _checked(doc_id, text, date, origin, obj)


def read_jsonl(fh: BinaryIO, origin: str, default_date: dt.date | None) -> Iterator[Item]:
    for lineno, line in enumerate(fh, start=1):
        where = f"{origin}:{lineno}"
        if not line.strip():
            continue
        try:
            obj = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Rejection(f"line {lineno}", where, f"invalid UTF-8 at byte {exc.start} of the line")
            continue
        except json.JSONDecodeError as exc:
            yield Rejection(f"line {lineno}", where, f"broken JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            yield Rejection(f"line {lineno}", where, "a JSON object {\"id\", \"date\", \"text\"} was expected")
            continue
        yield _record(obj, where, default_date)


def read_csv(fh: BinaryIO, origin: str, default_date: dt.date | None) -> Iterator[Item]:
    csv.field_size_limit(2**31 - 1)
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
    try:
        reader = csv.DictReader(text)
        header = reader.fieldnames or []
        missing = [c for c in ("text",) if c not in header]
        if missing:
            yield Rejection(Path(origin).stem, origin, f"CSV header lacks column(s) {missing}; expected id,date,text")
            return
        for row in reader:
            where = f"{origin}:{reader.line_num}"
            if None in row:
                yield Rejection(row.get("id") or f"row {reader.line_num}", where, "more cells than header columns")
                continue
            yield _record(row, where, default_date)
    except UnicodeDecodeError as exc:
        reason = f"invalid UTF-8 at byte {exc.start}; the rest of the file is skipped"
        yield Rejection(Path(origin).stem, origin, reason)
    except csv.Error as exc:
        yield Rejection(Path(origin).stem, origin, f"broken CSV: {exc}")
    finally:
        text.detach()
