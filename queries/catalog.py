"""Read the saved queries: ``#+`` decorator lines (YAML) on top of plain SPARQL.

Each file becomes one frozen :class:`Query`; the CLI, the server and the Python API all
read that record and nothing parses a file twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

CATALOGUE = Path(__file__).resolve().parent


class QueryError(Exception):
    """A saved query or a parameter value is wrong; the message names the query and parameter."""


@dataclass(frozen=True)
class Query:
    """A saved query: its name (the file stem), metadata and SPARQL text."""

    name: str
    summary: str
    description: str
    tags: tuple[str, ...]
    sparql: str
    path: Path


def parse_query(path: Path) -> Query:
    """Split a ``.rq`` file into its YAML decorators and its SPARQL."""
    text = path.read_text(encoding="utf-8")
    header = [line[2:] for line in text.splitlines() if line.startswith("#+")]
    try:
        meta = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError as exc:
        raise QueryError(f"{path}: invalid decorator YAML: {exc}") from None
    if not isinstance(meta, dict) or not meta.get("summary"):
        raise QueryError(f"{path}: the decorators must give at least a summary")
    return Query(
        name=path.stem,
        summary=str(meta["summary"]).strip(),
        description=str(meta.get("description", "")).strip(),
        tags=tuple(meta.get("tags", ())),
        sparql=text,
        path=path,
    )


def load_catalogue(folder: Path = CATALOGUE) -> dict[str, Query]:
    """Every ``.rq`` file of ``folder`` by name, sorted."""
    return {p.stem: parse_query(p) for p in sorted(folder.glob("*.rq"))}


def get(name: str, folder: Path = CATALOGUE) -> Query:
    """The saved query called ``name``; a clear error listing close names otherwise."""
    path = folder / f"{name}.rq"
    if not path.is_file():
        import difflib

        close = difflib.get_close_matches(name, [p.stem for p in folder.glob("*.rq")])
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise QueryError(f"no saved query called {name!r}{hint}; `jeugdgraaf query list` shows them")
    return parse_query(path)
