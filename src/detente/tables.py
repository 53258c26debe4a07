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


def read_csv(path: Path, columns: tuple[str, ...]) -> Iterator[Row]:
    """Rows of a comma-separated file (quoted as spreadsheets write it) with the same header rule."""
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip() for h in next(reader, [])]
        if tuple(header[: len(columns)]) != columns:
            raise DataError(str(path), 1, f"header is {header}, expected it to start with {list(columns)}")
        for cells in reader:
            if not any(c.strip() for c in cells) or cells[0].startswith("#"):
                continue
            if len(cells) < len(columns):
                raise DataError(str(path), reader.line_num, f"{len(cells)} cells, expected {len(columns)}")
            yield Row(dict(zip(header, (c.strip() for c in cells), strict=False)), str(path), reader.line_num)


def read_yaml(path: Path, kinds: dict[str, tuple[str, ...]]) -> Iterator[tuple[str, Row]]:
    """(kind, row) for each entry of a YAML list of mappings; an entry's kind is the first key of
    `kinds` it has ('phrase' for an actor, 'person' for a term), `kinds[kind]` its allowed keys
    (absent ones read as empty), and its line is where it starts."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(str(path), mark.line + 1 if mark else None, f"not valid YAML: {exc}") from None
    if root is None:
        return
    if not isinstance(root, yaml.SequenceNode):
        raise DataError(str(path), root.start_mark.line + 1, "expected a list of entries (lines starting '- ')")
    for node in root.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise DataError(str(path), line, "an entry must be a mapping (key: value lines)")
        cells = {}
        for key, value in node.value:
            if isinstance(value, yaml.ScalarNode):
                cells[key.value] = value.value
            elif isinstance(value, yaml.SequenceNode) and all(isinstance(x, yaml.ScalarNode) for x in value.value):
                cells[key.value] = "|".join(x.value for x in value.value)  # phrase: [A, B] is "A|B"
            else:
                raise DataError(str(path), key.start_mark.line + 1,
                                f"{key.value}: expected a value or a list of values")
        kind = next((k for k in kinds if k in cells), None)
        if kind is None:
            raise DataError(str(path), line, f"an entry needs one of the keys {sorted(kinds)}")
        unknown = sorted(set(cells) - set(kinds[kind]))
        if unknown:
            raise DataError(str(path), line, f"unknown key(s) {unknown}; allowed: {list(kinds[kind])}")
        yield kind, Row({c: str(cells.get(c) or "").strip() for c in kinds[kind]}, str(path), line)


def manifest() -> dict[str, dict]:
    """data/manifest.yaml: table name -> {file, version, sha256}."""
    return yaml.safe_load(data_path("manifest.yaml").read_text(encoding="utf-8"))["tables"]


def data_versions() -> dict[str, str]:
    return {name: str(entry["version"]) for name, entry in manifest().items()}


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
