"""Versioned data tables shipped in detente/data (and user tables): loading with line-numbered errors."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from .errors import DataError

DATA_PACKAGE = "detente.data"


def data_path(name: str) -> Path:
    return Path(str(resources.files(DATA_PACKAGE).joinpath(name)))


@dataclass(frozen=True, slots=True)
class Row:
    """One data row with its origin, so a consumer can raise an error naming file and line."""

    cells: dict[str, str]
    source: str
    line: int

    def __getitem__(self, key: str) -> str:
        return self.cells[key]

    def alternatives(self, key: str) -> list[str]:
        return [p.strip() for p in self.cells[key].split("|") if p.strip()]

    def error(self, reason: str) -> DataError:
        return DataError(self.source, self.line, reason)


def read_tsv(path: Path, columns: tuple[str, ...]) -> Iterator[Row]:
    """Rows of a TSV file whose header must start with `columns`; '#' lines are comments."""
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        if tuple(header[: len(columns)]) != columns:
            raise DataError(str(path), 1, f"header is {header}, expected it to start with {list(columns)}")
        for lineno, line in enumerate(fh, start=2):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) < len(columns):
                raise DataError(str(path), lineno, f"{len(cells)} tab-separated cells, expected {len(columns)}")
            yield Row(dict(zip(header, (c.strip() for c in cells), strict=False)), str(path), lineno)


def manifest() -> dict[str, dict]:
    """data/manifest.yaml: table name -> {file, version, sha256}."""
    return yaml.safe_load(data_path("manifest.yaml").read_text(encoding="utf-8"))["tables"]


def data_versions() -> dict[str, str]:
    return {name: str(entry["version"]) for name, entry in manifest().items()}


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
