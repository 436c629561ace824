"""Reviewed curation tables: facts only a reader can extract, each with its evidence.

Some facts (a partner named in passing, a financier in a sentence about "de andere
financiers") are read reliably only by a person. They live in CSV files in
``loaders/data/`` — one row per fact — and every row cites where it stands, so the same
provenance rules hold as for parsed facts and a test can prove the citation.

Format (see ``docs/partners.md``)::

    # comment lines start with '#' and may stand anywhere
    document,first_line,last_line,printed,<fact-specific columns…>
    000,120,121,Raad voor de Kinderbescherming,…

* ``document``: a registered source id (``000`` … ``004``);
* ``first_line`` / ``last_line``: the 1-based, inclusive line range of the evidence;
* ``printed``: the name exactly as printed in those lines. Whitespace, line breaks and a
  word hyphenated across a line break may differ (the test joins the cited lines); spelling,
  case and accents may not.

:func:`read_curation` checks the shape of every row (a :class:`SourceError` names the CSV
file and line); :func:`check_evidence` checks every ``printed`` name against the seeds.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import SourceError
from loaders.records import Evidence
from loaders.sources import DOCUMENTS, read_lines

__all__ = ["BASE_COLUMNS", "CurationRow", "check_evidence", "cited_text", "csv_records", "read_curation"]

#: The columns every curation table has, in this order, before its own columns.
BASE_COLUMNS: tuple[str, ...] = ("document", "first_line", "last_line", "printed")


@dataclass(frozen=True)
class CurationRow:
    """One curated fact: its evidence, the name as printed, and its own columns.

    ``table`` and ``line`` say where the row itself stands (CSV file name and 1-based line),
    so any later error about the fact can point the curator at the row to fix.
    """

    table: str
    line: int
    evidence: Evidence
    printed: str
    fields: tuple[tuple[str, str], ...] = ()

    def get(self, column: str, default: str = "") -> str:
        """The value of a fact-specific column (stripped), ``default`` when empty or absent."""
        for key, value in self.fields:
            if key == column:
                return value or default
        return default

    @property
    def where(self) -> str:
        """``file.csv:12``: the row's own location, for messages."""
        return f"{self.table}:{self.line}"


def read_curation(path: Path, required: Sequence[str] = ()) -> list[CurationRow]:
    """The rows of the curation table at ``path``.

    ``required`` names fact-specific columns that must exist and be non-empty in every
    row. Raises :class:`SourceError` (file and line) for a missing file or column, an
    unknown document, a bad line range or an empty required value.
    """
    lines = read_lines(path)
    rows = [(n, cells) for n, cells in csv_records(lines, path) if not _comment(cells)]
    if not rows:
        raise SourceError(path, "empty curation table: no header row")
    header_line, header = rows[0]
    header = [h.strip() for h in header]
    missing = [c for c in (*BASE_COLUMNS, *required) if c not in header]
    if missing:
        raise SourceError(path, f"missing column(s) {', '.join(missing)}", header_line)
    documents = {d.id for d in DOCUMENTS}
    out = []
    for number, cells in rows[1:]:
        if len(cells) != len(header):
            raise SourceError(path, f"{len(cells)} cells, the header has {len(header)}", number)
        values = dict(zip(header, (c.strip() for c in cells)))
        out.append(_row(path, number, values, documents, required))
    return out


def _row(path: Path, number: int, values: dict[str, str], documents: set[str], required: Sequence[str]) -> CurationRow:
    if values["document"] not in documents:
        raise SourceError(path, f"unknown document {values['document']!r} (one of {sorted(documents)})", number)
    try:
        first, last = int(values["first_line"]), int(values["last_line"])
        evidence = Evidence(values["document"], first, last)
    except ValueError:
        raise SourceError(
            path, f"bad line range {values['first_line']!r}-{values['last_line']!r}", number
        ) from None
    empty = [c for c in ("printed", *required) if not values[c]]
    if empty:
        raise SourceError(path, f"empty value in column(s) {', '.join(empty)}", number)
    extra = tuple((k, v) for k, v in values.items() if k not in BASE_COLUMNS)
    return CurationRow(path.name, number, evidence, values["printed"], extra)


def csv_records(lines: list[str], path: Path) -> Iterable[tuple[int, list[str]]]:
    """CSV records with the line number each starts on (quoted fields may span lines)."""
    reader = csv.reader(lines)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SourceError(path, f"not valid CSV: {exc}", start) from None


def _comment(cells: list[str]) -> bool:
    return not cells or not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#")


# --- evidence ------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def cited_text(lines: Sequence[str], first: int, last: int) -> tuple[str, ...]:
    """The readings of lines ``first``–``last`` a printed name may be found in.

    The lines are joined with one space, whitespace collapsed. A word broken at a line end
    with a hyphen (``Kinder-`` / ``bescherming``) is read both glued without the hyphen
    (``Kinderbescherming``) and with it (``Kinder-bescherming``); only across the cited
    line breaks, so a citation cannot borrow words from outside its range.
    """
    parts = [_SPACE.sub(" ", ln).strip() for ln in lines[first - 1 : last]]
    parts = [p for p in parts if p]
    plain = " ".join(parts)
    dropped, kept = parts[:1], parts[:1]
    for part in parts[1:]:
        if re.search(r"\w-$", dropped[-1]):
            dropped[-1] = dropped[-1][:-1] + part
            kept[-1] = kept[-1] + part
        else:
            dropped.append(part)
            kept.append(part)
    return plain, " ".join(dropped), " ".join(kept)


def check_evidence(rows: Iterable[CurationRow], seeds_dir: Path) -> list[str]:
    """Every row whose ``printed`` name does not stand in its cited lines, as messages.

    An empty list proves the table: each name is found, whitespace-normalised, in the
    lines of the seed document the row cites. A range past the document's end is reported
    too. Each message starts with the row's own ``file.csv:line``.
    """
    by_document = {d.id: d for d in DOCUMENTS}
    cache: dict[str, list[str]] = {}
    problems = []
    for row in rows:
        ev = row.evidence
        if ev.source not in cache:
            cache[ev.source] = read_lines(seeds_dir / by_document[ev.source].filename)
        lines = cache[ev.source]
        if ev.last > len(lines):
            problems.append(f"{row.where}: lines {ev.first}-{ev.last} past the end of {ev.source} ({len(lines)} lines)")
            continue
        name = _SPACE.sub(" ", row.printed).strip()
        if not any(name in text for text in cited_text(lines, ev.first, ev.last)):
            problems.append(f"{row.where}: {row.printed!r} not in {ev.source} lines {ev.first}-{ev.last}")
    return problems
