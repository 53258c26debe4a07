"""One exception tree for detente. Only the CLI turns these into exit codes.

    DetenteError
    ├── UsageError          (exit 2) a path, option or value the user gave is wrong
    │   └── UnreadablePath
    ├── DataError           a shipped or user-supplied table is malformed (names file and line)
    ├── ModelError          the spaCy model cannot be loaded
    └── StoreError          the event database is missing, locked or of a newer schema

Rejected documents are not exceptions: readers yield `Rejection` records so that one bad
document never stops a run (see records.py).
"""

from __future__ import annotations


class DetenteError(Exception):
    """Base of every error detente raises on purpose."""


class UsageError(DetenteError):
    """The user asked for something that cannot be done as asked."""


class UnreadablePath(UsageError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"cannot read {path!r}: {reason}. Give an existing file, a folder, or '-' for stdin.")
        self.path = path


class DataError(DetenteError):
    """A data table is malformed; the message names the file and line and how to fix it."""

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")
        self.source = source
        self.line = line


class ModelError(DetenteError):
    """The spaCy model is missing or of the wrong version."""


class StoreError(DetenteError):
    """The event database cannot be used as asked."""
