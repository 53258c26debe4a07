"""detente: political event data from dated news text.

    >>> from detente import Coder, Document
    >>> coder = Coder.load()
    >>> events = coder.code_text("Russia condemned the United States.", date=datetime.date(2014, 3, 1))
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import DataError, DetenteError, ModelError, StoreError, UnreadablePath, UsageError
from .records import (
    Actor,
    Cameo,
    Document,
    Event,
    EventDate,
    Plover,
    Rejection,
    Span,
    TimeValue,
    event_from_dict,
)

__all__ = [
    "Actor", "Cameo", "Coded", "Coder", "CoderOptions", "DataError", "DetenteError", "Document", "Event",
    "EventDate", "EventQuery", "ModelError", "Plover", "Rejection", "Span", "Store", "StoreError", "TimeValue",
    "UnreadablePath", "UsageError", "__version__", "code_stream", "event_from_dict", "read_inputs",
    "resolve_expression", "resolve_mention",
]


def __getattr__(name: str):
    """Heavy modules (spaCy, DuckDB) load on first use, so `import detente` stays cheap."""
    lazy = {"Coder": "pipeline", "CoderOptions": "pipeline", "Coded": "pipeline", "code_stream": "pipeline",
            "resolve_mention": "pipeline", "Store": "store", "EventQuery": "store", "read_inputs": "readers",
            "resolve_expression": "dates"}
    if name in lazy:
        import importlib

        return getattr(importlib.import_module(f".{lazy[name]}", __name__), name)
    raise AttributeError(f"module 'detente' has no attribute {name!r}")
