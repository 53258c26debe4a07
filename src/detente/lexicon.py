"""The event lexicon: verb and noun patterns (data/verbs.tsv) with their CAMEO codes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .codes import codebook
from .tables import data_path, read_tsv

COLUMNS = ("id", "kind", "lemma", "particle", "object", "prep", "cameo", "note")


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    kind: str  # verb | noun
    lemma: str
    particle: str | None
    object: str | None
    prep: str | None
    cameo: str

    @property
    def specificity(self) -> int:
        return (self.particle is not None) + (self.object is not None) * 2 + (self.prep is not None)


@dataclass
class Lexicon:
    verbs: dict[str, list[Pattern]] = field(default_factory=lambda: defaultdict(list))
    nouns: dict[str, list[Pattern]] = field(default_factory=lambda: defaultdict(list))

    def add(self, pattern: Pattern) -> None:
        bucket = (self.verbs if pattern.kind == "verb" else self.nouns)[pattern.lemma]
        bucket.append(pattern)
        bucket.sort(key=lambda p: -p.specificity)  # most specific pattern is tried first


def load_lexicon(path: Path) -> Lexicon:
    book = codebook()
    lexicon = Lexicon()
    seen: set[str] = set()
    for row in read_tsv(path, COLUMNS):
        if row["kind"] not in ("verb", "noun"):
            raise row.error(f"kind {row['kind']!r} must be 'verb' or 'noun'")
        if row["id"] in seen:
            raise row.error(f"duplicate rule id {row['id']!r}")
        if not book.knows(row["cameo"]):
            raise row.error(f"CAMEO code {row['cameo']!r} is not in the CAMEO tables (roots 03-20)")
        seen.add(row["id"])
        lexicon.add(Pattern(row["id"], row["kind"], row["lemma"].lower(), row["particle"].lower() or None,
                            row["object"].lower() or None, row["prep"].lower() or None, row["cameo"]))
    return lexicon


@cache
def default_lexicon() -> Lexicon:
    return load_lexicon(data_path("verbs.tsv"))
