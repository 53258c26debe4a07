"""CAMEO and PLOVER code tables: Goldstein scores, quad and penta classes, CAMEO -> PLOVER."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .errors import DataError
from .records import Cameo, Plover
from .tables import data_path, read_tsv

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


def quad_class(code: str) -> int:
    """1 verbal cooperation (01-05), 2 material cooperation (06-08), 3 verbal conflict (09-13),
    4 material conflict (14-20)."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def penta_class(code: str) -> int:
    """ConfliBERT's penta classes: 0 01-02, 1 03-05, 2 06-08, 3 09-13 and 16, 4 14-15 and 17-20."""
    root = int(code[:2])
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    return 3 if root <= 13 or root == 16 else 4


@dataclass(frozen=True)
class CodeBook:
    goldstein: dict[str, float]
    plover: dict[str, Plover]

    def _nearest(self, table: dict, code: str):
        for k in range(len(code), 1, -1):
            if code[:k] in table:
                return table[code[:k]]
        return None

    def cameo(self, code: str) -> Cameo:
        score = self._nearest(self.goldstein, code)
        if score is None:
            raise KeyError(f"unknown CAMEO code {code!r}")
        return Cameo(code, score, quad_class(code))

    def to_plover(self, code: str) -> Plover:
        found = self._nearest(self.plover, code)
        if found is None:
            raise KeyError(f"CAMEO code {code!r} has no PLOVER type (roots 03-20 do)")
        return found

    def knows(self, code: str) -> bool:
        return self._nearest(self.goldstein, code) is not None and self._nearest(self.plover, code) is not None


@cache
def codebook() -> CodeBook:
    goldstein = {}
    for row in read_tsv(data_path("cameo_goldstein.tsv"), ("cameo_code", "goldstein")):
        try:
            goldstein[row["cameo_code"]] = float(row["goldstein"])
        except ValueError:
            raise row.error(f"Goldstein score {row['goldstein']!r} is not a number") from None
    plover = {}
    for row in read_tsv(data_path("cameo_plover.tsv"), ("cameo", "plover", "mode", "context")):
        if row["plover"] not in PLOVER_TYPES:
            raise DataError(row.source, row.line, f"{row['plover']!r} is not one of {PLOVER_TYPES}")
        plover[row["cameo"]] = Plover(row["plover"], row["mode"] or None,
                                      tuple(c for c in row["context"].split(";") if c))
    return CodeBook(goldstein, plover)
