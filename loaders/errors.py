"""Errors the loaders raise: each names the file and, where there is one, the line."""

from __future__ import annotations

from pathlib import Path

from ontology.errors import JeugdgraafError


class SourceError(JeugdgraafError):
    """A source document or reference table cannot be read as expected.

    The message always starts with ``file:line:`` (or ``file:`` when no line applies), the
    form editors and terminals turn into a link to the evidence.
    """

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")
