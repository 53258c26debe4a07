"""The seed acceptance case (../shared/acceptance), read at run time: never copied here."""

from __future__ import annotations

import datetime as dt
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
