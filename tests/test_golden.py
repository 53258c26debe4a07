"""End-to-end output on a project-written document, compared with a reviewed golden file.

Run `pytest --update-golden` after a deliberate change to the coder, model or tables, and review
the diff of tests/golden/*.jsonl like any other change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.readers import read_inputs

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*.txt"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path, coder, request):
    [document] = list(read_inputs([str(path)]))
    events = [e.to_dict() for e in coder.code_text(document.text, document.id, document.date)]
    for e in events:  # every span gives back its text
        for a in e["source"] + e["target"]:
            assert document.text[a["start"]:a["end"]] == a["text"]
        assert document.text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
    expected_path = path.with_suffix(".jsonl")
    got = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in events)
    if request.config.getoption("--update-golden"):
        expected_path.write_text(got, encoding="utf-8")
    assert expected_path.exists(), f"no golden file: run pytest --update-golden and review {expected_path.name}"
    assert got == expected_path.read_text(encoding="utf-8")
