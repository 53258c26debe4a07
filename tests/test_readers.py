from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from detente.errors import UnreadablePath
from detente.readers import read_inputs, read_stream
from detente.records import Document, Rejection


def items(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def test_plain_text_date_header_and_offsets(tmp_path):
    path = tmp_path / "note-1.txt"
    path.write_text("  date 2020-02-03\n\nThe envoy left.\n\nHe returned.", encoding="utf-8")
    [doc] = items(path)
    assert doc == Document("note-1", "The envoy left.\n\nHe returned.", dt.date(2020, 2, 3), origin=str(path))


def test_plain_text_without_header_takes_the_default_date(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("No header here.", encoding="utf-8")
    [doc] = items(path, default_date=dt.date(2001, 1, 2))
    assert doc.date == dt.date(2001, 1, 2) and doc.text == "No header here."


@pytest.mark.parametrize("content, reason", [
    (b"date 2013-02-30 Text.", "does not exist"),
    (b"date 2013-02-01   \n  ", "empty text"),
    (b"caf\xe9 au lait", "invalid UTF-8 at byte 3"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
])
def test_bad_text_files_are_rejected_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [rej] = items(path)
    assert isinstance(rej, Rejection) and reason in rej.reason and rej.doc_id == "bad"


def test_jsonl_broken_line_is_named_and_the_rest_is_read(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": "a", "date": "2019-05-01", "text": "First."}), "{not json",
             json.dumps({"id": "c", "date": "2019-13-01", "text": "Bad date."}),
             json.dumps({"date": None, "text": "No id."}), json.dumps({"id": "e", "text": ""})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = items(path)
    assert [type(x).__name__ for x in got] == ["Document", "Rejection", "Rejection", "Document", "Rejection"]
    assert got[1].origin.endswith("docs.jsonl:2") and "broken JSON" in got[1].reason
    assert "not YYYY-MM-DD" in got[2].reason or "does not exist" in got[2].reason
    assert got[3].id.startswith("sha1-") and got[3].date is None
    assert got[4].reason == "empty text"


def test_csv_rows_and_optional_columns(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text('id,date,text,title\nx1,2018-07-04,"Line one, with comma.",T\nx2,,Second.,\n', encoding="utf-8")
    got = items(path)
    assert [d.id for d in got] == ["x1", "x2"] and got[0].title == "T" and got[1].title is None
    assert got[0].text == "Line one, with comma."


def test_csv_without_text_column_is_rejected(tmp_path):
    path = tmp_path / "nohead.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    [rej] = items(path)
    assert isinstance(rej, Rejection) and "lacks column" in rej.reason


def test_folders_are_read_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("Two.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Skip.", encoding="utf-8")
    assert [d.id for d in items(tmp_path)] == ["a", "c"]


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(UnreadablePath):
        items(tmp_path / "nope.txt")


def test_stdin_jsonl_and_plain_text():
    jsonl = io.BufferedReader(io.BytesIO(b'{"id": "s1", "text": "Hi."}\n'))
    assert [d.id for d in read_stream(jsonl, "stdin", "stdin", None)] == ["s1"]
    plain = io.BufferedReader(io.BytesIO(b"date 2011-03-17 Plain words."))
    [doc] = read_stream(plain, "stdin", "stdin", None)
    assert doc.text == "Plain words." and doc.date == dt.date(2011, 3, 17)


def test_reading_is_lazy(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "text": "x."}) + "\n" for i in range(1000)), encoding="utf-8")
    stream = read_inputs([str(path)])
    assert next(stream).id == "0"  # a generator: nothing beyond the first line has been parsed
