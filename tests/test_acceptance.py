"""The seed acceptance case (../shared/acceptance), read at run time: never copied here."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

SHARED = Path(__file__).resolve().parents[2] / "shared"
SPEC = SHARED / "acceptance" / "seed-2013-05-29.yaml"
pytestmark = pytest.mark.skipif(not SPEC.exists(), reason="../shared is not beside this checkout")


def test_seed_required_events_and_no_hypotheticals():
    result = subprocess.run([sys.executable, str(SHARED / "tools" / "seed_check.py"), "--detente",
                             f"{sys.executable} -m detente", "--shared", str(SHARED), "--min-required", "6"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_seed_actor_expectations(coder):
    from detente.pipeline import resolve_mention
    from detente.readers import read_inputs

    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    [document] = list(read_inputs([str(SHARED / spec["document"])]))
    wrong = []
    for case in spec["actors"]:
        on = case.get("on", case.get(True))  # YAML 1.1 reads the key `on` as True
        on = on if isinstance(on, dt.date) else dt.date.fromisoformat(str(on))
        actor = resolve_mention(coder, case["mention"], on, document.text)
        country, _, sector = case["expect"].partition(".")
        got = (actor.country, actor.sector) if actor else (None, None)
        if got[0] != country or (sector and got[1] != sector):
            wrong.append((case["mention"], str(on), case["expect"], got))
    assert wrong == []


def test_seed_and_sample_twice_give_the_same_counts_and_a_us_russia_series(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "src" / "detente" / "data" / "sample" / "news-sample.jsonl"
    db = str(tmp_path / "s.duckdb")
    ingest = [sys.executable, "-m", "detente", "ingest", str(sample), str(SHARED / "corpus" / SPEC.stem) + ".txt",
              "--db", db, "--no-progress"]
    first = subprocess.run(ingest, capture_output=True, text=True, check=True)
    second = subprocess.run(ingest, capture_output=True, text=True, check=True)
    assert first.stderr.split("database holds")[1] == second.stderr.split("database holds")[1]
    dyad = subprocess.run([sys.executable, "-m", "detente", "dyad", "USA", "RUS", "--db", db],
                          capture_output=True, text=True, check=True)
    result = json.loads(dyad.stdout)
    periods = {row["period"] for row in result["series"] + result["reverse"]}
    assert {"2009", "2013"} <= periods  # the seed's reset (2009) is dated by its own text
    assert result["summary"]["series"].startswith("USA→RUS: ")
