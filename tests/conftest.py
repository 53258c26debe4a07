from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc

from detente.actor_table import ActorTable, Entry, Term
from detente.lexicon import Lexicon, Pattern


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files from the current coder.")


@pytest.fixture(scope="session")
def coder():
    from detente.pipeline import Coder

    return Coder.load()


@pytest.fixture(scope="session")
def vocab():
    return spacy.blank("en").vocab


def parsed(vocab, words, heads, deps, pos, lemmas=None, tags=None, ents=None, spaces=None) -> Doc:
    """A hand-built parse: heads are absolute token indices."""
    return Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos,
               lemmas=lemmas or [w.lower() for w in words], tags=tags or [""] * len(words), ents=ents)


@pytest.fixture()
def table() -> ActorTable:
    """A small hand-made actor table, so rule tests do not move when the shipped tables grow."""
    t = ActorTable()
    for words, entry in [
        (["Russia"], Entry("RUS", None, "Russia", "country", "t.country")),
        (["Moscow"], Entry("RUS", "GOV", None, "capital", "t.capital")),
        (["Kremlin"], Entry("RUS", "GOV", None, "seat", "t.seat")),
        (["Ukraine"], Entry("UKR", None, "Ukraine", "country", "t.country")),
        (["France"], Entry("FRA", None, "France", "country", "t.country")),
        (["French"], Entry("FRA", None, None, "adjective", "t.adjective")),
        (["German"], Entry("DEU", None, None, "adjective", "t.adjective")),
        (["Canada"], Entry("CAN", None, "Canada", "country", "t.country")),
        (["Ottawa"], Entry("CAN", "GOV", None, "capital", "t.capital")),
        (["National", "Guard"], Entry("CAN", "MIL", "National Guard", "institution", "t.institution")),
    ]:
        t.add_phrase(words, entry)
    t.sector_heads.update({"official": "GOV", "minister": "GOV", "soldier": "MIL", "rebel": "REB"})
    t.sector_modifiers.update({"former": "ELI"})
    split = str.split
    t.add_person("Anna Berg", [], Term("CAN", "GOV", "Foreign Minister", dt.date(2010, 1, 1), dt.date(2015, 1, 1)),
                 split)
    return t


@pytest.fixture()
def lexicon() -> Lexicon:
    lex = Lexicon()
    for p in [Pattern("t.criticize", "verb", "criticize", None, None, None, "111"),
              Pattern("t.meet", "verb", "meet", None, None, "with", "040"),
              Pattern("t.agree", "verb", "agree", None, None, None, "030"),
              Pattern("t.attack", "verb", "attack", None, None, None, "190"),
              Pattern("t.impose.sanction", "verb", "impose", None, "sanction", "on", "163"),
              Pattern("t.visit", "verb", "visit", None, None, None, "042")]:
        lex.add(p)
    return lex
