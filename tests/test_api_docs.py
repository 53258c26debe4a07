"""The public API, the data manifest, the README and code quality are checked, not trusted."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import detente
from detente.cli import main
from detente.tables import data_path, file_sha256, manifest

ROOT = Path(__file__).resolve().parents[1]


def test_public_api_is_exactly_all():
    public = {name for name in dir(detente) if not name.startswith("_")} | set(detente.__all__)
    for name in detente.__all__:
        assert getattr(detente, name) is not None, name
    modules = {"actor_table", "actors", "cli", "codes", "dates", "errors", "evaluate", "events", "export",
               "lexicon", "nlp", "pipeline", "readers", "records", "relations", "store", "tables", "web", "data",
               "annotations"}  # `annotations` is bound by the __future__ import
    assert public - set(detente.__all__) <= modules


def test_every_data_file_is_in_the_manifest_with_its_current_hash():
    entries = manifest()
    listed = {entry["file"] for entry in entries.values()}
    shipped = {p.name for p in Path(data_path("")).glob("*.tsv")} | {"sample/news-sample.jsonl"}
    assert shipped == listed
    for name, entry in entries.items():
        actual = file_sha256(data_path(entry["file"]))
        assert actual == entry["sha256"], (
            f"data/{entry['file']} changed: bump tables.{name}.version in data/manifest.yaml "
            f"and set its sha256 to {actual}")


def test_readme_starts_with_the_two_setup_commands_and_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", readme, re.S)
    assert "pip install" in blocks[0] and "detente" in blocks[0] and "pytest" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip() in ci
    for command in main.commands:
        assert f"detente {command}" in readme, f"README does not document `detente {command}`"


def test_every_command_help_ends_with_an_example():
    for name, command in main.commands.items():
        assert "Example: detente " + name in (command.help or ""), name


@pytest.mark.skipif(shutil.which("ruff") is None and not Path(sys.executable).with_name("ruff").exists(),
                    reason="ruff is installed by .ci/run")
def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    result = subprocess.run([ruff, "check", "src", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
