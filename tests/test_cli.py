from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente.cli import main

GOLDEN_DOC = Path(__file__).parent / "golden" / "envoys-2019-06-12.txt"
CONTRACT_KEYS = {"schema", "event_id", "doc_id", "sentence_index", "sentence", "source", "target", "reciprocal",
                 "plover", "cameo", "trigger", "date", "location", "modality", "attribution", "confidence", "rule"}


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_code_writes_contract_records_and_a_summary(runner, coder, tmp_path):
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"id": "ok", "date": "2019-01-02", "text": "Russia criticized Ukraine."}\n{oops\n',
                   encoding="utf-8")
    result = runner.invoke(main, ["code", str(GOLDEN_DOC), str(bad)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(set(r) >= CONTRACT_KEYS for r in records)
    assert {r["doc_id"] for r in records} == {"envoys-2019-06-12", "ok"}
    assert "rejected line 2" in result.stderr and "broken JSON" in result.stderr
    assert "2 documents coded, 1 rejected" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_code_exports(runner, coder, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    result = runner.invoke(main, ["code", str(GOLDEN_DOC), "-o", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        lines = out.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("event_id,doc_id") and len(lines) > 1
    else:
        import pyarrow.parquet as pq

        table = pq.read_table(out)
        assert table.num_rows > 0 and "plover_type" in table.column_names


def test_usage_errors_exit_2(runner):
    assert runner.invoke(main, ["code", "/no/such/file.txt"]).exit_code == 2
    assert runner.invoke(main, ["code", "--no-such-option", "x"]).exit_code == 2
    assert runner.invoke(main, ["when", "today", "--date", "2013-02-30"]).exit_code == 2
    assert runner.invoke(main, ["events", "--db", "/no/such.duckdb"]).exit_code == 2


def test_ingest_twice_adds_nothing_and_events_query(runner, coder, tmp_path):
    db = str(tmp_path / "t.duckdb")
    first = runner.invoke(main, ["ingest", str(GOLDEN_DOC), "--db", db])
    assert first.exit_code == 0, first.output
    second = runner.invoke(main, ["ingest", str(GOLDEN_DOC), "--db", db])
    assert "0 documents added, 1 already stored" in second.stderr
    counts = [line for line in (first.stderr + second.stderr).splitlines() if "database holds" in line]
    assert counts[0].split("database holds")[1] == counts[1].split("database holds")[1]
    listed = runner.invoke(main, ["events", "--db", db, "--actor", "RUS"])
    assert listed.exit_code == 0 and all("RUS" in line for line in listed.stdout.splitlines())
    series = json.loads(runner.invoke(main, ["dyad", "UKR", "RUS", "--db", db]).stdout)
    assert set(series) >= {"source", "target", "by", "series", "reverse", "undirected", "changes", "summary"}


def test_dyad_table_plot_and_top(runner, coder, tmp_path):
    db, png = str(tmp_path / "t.duckdb"), tmp_path / "ukr-rus.png"
    assert runner.invoke(main, ["ingest", str(GOLDEN_DOC), "--db", db]).exit_code == 0
    table = runner.invoke(main, ["dyad", "UKR", "RUS", "--db", db, "--format", "table", "--plot", str(png)])
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0].split()[:3] == ["direction", "period", "events"]
    assert any(line.startswith("UKR→RUS: ") for line in table.stdout.splitlines())
    assert png.read_bytes()[:4] == b"\x89PNG"
    top = json.loads(runner.invoke(main, ["top", "--db", db, "--format", "json", "--limit", "3"]).stdout)
    assert 0 < len(top["actors"]) <= 3 and top["actors"][0]["events"] >= top["actors"][-1]["events"]
    assert runner.invoke(main, ["top", "--db", db, "--limit", "0"]).exit_code == 2


def test_when_and_resolve(runner, coder):
    out = json.loads(runner.invoke(main, ["when", "earlier this month", "--date", "2013-05-29"]).stdout)
    assert (out["value"], out["precision"]) == ("2013-05", "month")
    out = json.loads(runner.invoke(main, ["resolve", "the Kremlin", "--date", "2013-05-29"]).stdout)
    assert (out["country"], out["sector"], out["code"]) == ("RUS", "GOV", "RUSGOV")
    out = json.loads(runner.invoke(main, ["resolve", "zzqx", "--date", "2013-05-29"]).stdout)
    assert out["country"] is None and out["sector"] is None


def test_info_names_the_model_spacy_loads(runner):
    out = json.loads(runner.invoke(main, ["info", "--json"]).stdout)
    assert out["schema"] == 1 and out["spacy"] == "3.7.5" and set(out["data"]) >= {"countries", "verbs"}
    import spacy

    assert spacy.load(out["spacy_model"]["path"] or out["spacy_model"]["name"]).meta["version"] == \
        out["spacy_model"]["version"]


def test_stdin_and_processes_give_the_same_events(tmp_path):
    """Runs the installed command: stdin in one process equals two worker processes on a file."""
    exe = [sys.executable, "-m", "detente"]
    text = GOLDEN_DOC.read_bytes()
    one = subprocess.run([*exe, "code", "-"], input=text, capture_output=True, check=True)
    copies = tmp_path / "copies"
    copies.mkdir()
    for i in range(3):
        (copies / f"c{i}.txt").write_bytes(text)
    many = subprocess.run([*exe, "code", str(copies), "--processes", "2"], capture_output=True, check=True)
    singles = [json.loads(x) for x in one.stdout.splitlines()]
    multis = [json.loads(x) for x in many.stdout.splitlines()]
    assert singles and len(multis) == 3 * len(singles)
    strip = [{k: v for k, v in e.items() if k not in ("doc_id", "event_id")} for e in singles]
    assert [{k: v for k, v in e.items() if k not in ("doc_id", "event_id")} for e in multis[:len(singles)]] == strip
