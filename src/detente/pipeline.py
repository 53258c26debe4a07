"""read -> parse -> actors -> events -> dates, over a stream of documents.

`Coder` holds what is loaded once per process (the model, the actor table, the lexicon);
`Coder.code(documents)` is a function of the documents alone, so the same code runs per
partition in a pool of processes or on a distributed engine.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from spacy.language import Language

from .actor_table import ActorTable, build_table
from .events import MODALITIES_DEFAULT
from .lexicon import Lexicon, default_lexicon
from .nlp import add_components, load_model, new_doc, tokenizer_words
from .records import Document, Event, Rejection


@dataclass(frozen=True, slots=True)
class Coded:
    """The events of one document (possibly none)."""

    document: Document
    events: tuple[Event, ...]


@dataclass(frozen=True)
class CoderOptions:
    actor_tables: tuple[str, ...] = ()
    modalities: frozenset[str] = MODALITIES_DEFAULT
    batch_size: int = 64


@dataclass
class Coder:
    nlp: Language
    table: ActorTable
    lexicon: Lexicon
    options: CoderOptions = field(default_factory=CoderOptions)

    @classmethod
    def load(cls, options: CoderOptions | None = None) -> Coder:
        options = options or CoderOptions()
        nlp = load_model()
        table = build_table(tokenizer_words(nlp), [Path(p) for p in options.actor_tables])
        lexicon = default_lexicon()
        add_components(nlp, table, lexicon, options.modalities)
        return cls(nlp, table, lexicon, options)

    def code(self, documents: Iterable[Document]) -> Iterator[Coded]:
        """Code documents in batches through spaCy's pipe; one `Coded` per document, in order."""
        pairs = ((new_doc(self.nlp, d.text, d.id, d.date), d) for d in documents)
        for doc, document in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.options.batch_size):
            yield Coded(document, tuple(doc._.events or ()))

    def code_text(self, text: str, doc_id: str = "text", date=None) -> tuple[Event, ...]:
        return next(self.code([Document(doc_id, text, date)])).events


Item = Document | Rejection
Result = Coded | Rejection


def code_stream(items: Iterable[Item], coder: Coder | None = None, options: CoderOptions | None = None,
                processes: int = 1, chunk: int = 32) -> Iterator[Result]:
    """Codes a stream of documents and rejections, passing rejections through in order.

    With processes > 1 each worker loads its own Coder once and codes chunks of documents.
    """
    options = options or (coder.options if coder else CoderOptions())
    if processes <= 1:
        coder = coder or Coder.load(options)
        yield from _code_chunk_stream(items, coder, chunk)
        return
    with mp.get_context("spawn").Pool(processes, initializer=_init_worker, initargs=(options,)) as pool:
        # Pool.imap would read the whole input ahead; a bounded window keeps memory flat.
        window: deque = deque()
        for part in _chunks(items, chunk):
            window.append(pool.apply_async(_code_chunk, (part,)))
            if len(window) >= 2 * processes:
                yield from window.popleft().get()
        while window:
            yield from window.popleft().get()


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _code_chunk_stream(items: Iterable[Item], coder: Coder, size: int) -> Iterator[Result]:
    for chunk in _chunks(items, size):
        yield from _code_with(coder, chunk)


def _code_with(coder: Coder, chunk: list[Item]) -> list[Result]:
    docs = [i for i in chunk if isinstance(i, Document)]
    coded = iter(coder.code(docs))
    return [i if isinstance(i, Rejection) else next(coded) for i in chunk]


_WORKER: Coder | None = None


def _init_worker(options: CoderOptions) -> None:
    global _WORKER  # one model per worker process, loaded once
    _WORKER = Coder.load(options)


def _code_chunk(chunk: list[Item]) -> list[Result]:
    assert _WORKER is not None
    return _code_with(_WORKER, chunk)


DETENTE_PIPES = ("detente_actors_v1", "detente_events_v1", "detente_dates_v1")


MENTION_CLAUSE = " said."


def _depth_below(token, root) -> int:
    depth = 0
    while token.i != root.i and token.head.i != token.i:  # Token objects are views: compare indices
        token, depth = token.head, depth + 1
    return depth if token.i == root.i else 99


def resolve_mention(coder: Coder, text: str, on=None, context: str | None = None):
    """How an actor mention resolves on a date (today when none is given: a president whose term
    has ended is a former official now), optionally after a context text (whose persons and topic
    country it may refer to). Returns an Actor, or None when nothing resolves."""
    from .actors import Context, find_actors

    prefix = f"{context}\n\n" if context else ""
    # a lone mention parses as a fragment (a lone noun tagged an adjective); as the subject of a
    # clause its head is tagged a noun, which is how the coder meets actors in news text
    doc = coder.nlp(prefix + text + MENTION_CLAUSE, disable=list(DETENTE_PIPES))
    span = doc.char_span(len(prefix), len(prefix) + len(text), alignment_mode="expand")
    on = on or dt.date.today()
    found = find_actors(doc, coder.table, on, Context(on))
    if span is None:
        return None
    # the phrase's own head first, then the nearest heads below it ('dockers' in 'Some of the
    # dockers in Norway' before 'Norway'), later ones first at equal depth
    candidates = sorted(span, key=lambda t: (_depth_below(t, span.root), -t.i))
    for token in candidates:
        if token.i in found:
            actor = found[token.i][0]
            return actor
    return None
