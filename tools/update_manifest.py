"""Record each shipped data table's version and sha256 in src/detente/data/manifest.yaml.

    python tools/update_manifest.py

A table whose content changed gets its version number raised by one; a new table starts at 1.
`detente info` reports these versions, and tests/test_api_docs.py fails when a table changes
without this step.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "detente" / "data"
TABLES = {"countries": "countries.tsv", "institutions": "institutions.tsv", "organisations": "organisations.tsv",
          "sectors": "sectors.tsv", "office_holders": "office_holders.tsv", "verbs": "verbs.tsv",
          "cameo_plover": "cameo_plover.tsv", "cameo_goldstein": "cameo_goldstein.tsv",
          "historical_events": "historical_events.tsv", "cities": "cities.tsv",
          "sample": "sample/news-sample.jsonl"}


def main() -> None:
    path = DATA / "manifest.yaml"
    old = yaml.safe_load(path.read_text(encoding="utf-8"))["tables"] if path.exists() else {}
    tables = {}
    for name, file in TABLES.items():
        sha = hashlib.sha256((DATA / file).read_bytes()).hexdigest()
        previous = old.get(name, {})
        version = previous.get("version", 0) + (previous.get("sha256") != sha)
        tables[name] = {"file": file, "version": version, "sha256": sha}
        if previous.get("sha256") != sha:
            print(f"{name}: version {version}")
    header = "# Versions of the shipped data tables. Written by tools/update_manifest.py; do not edit by hand.\n"
    path.write_text(header + yaml.safe_dump({"tables": tables}, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    main()
