"""Line-level helpers for plain text extracted from PDF.

The source documents are PDF pages flattened to text: lines carry trailing spaces,
whitespace-only lines stand for empty table cells, page footers
(``20-06-2013 Regio Groningen 5``) fall in the middle of answers, bullets come out as
``•`` or as the replacement character U+FFFD, and words are broken over lines with or
without a hyphen. These helpers know nothing of any one document; the parsers build on
them and always keep 1-based line numbers, because every fact must cite its lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from loaders.sources import read_lines

#: ``DD-MM-YYYY Regio <name> <page>``, with or without leading space.
PAGE_FOOTER = re.compile(r"^\s*\d{2}-\d{2}-\d{4}\s+Regio\s+.+?\s+\d+\s*$")

#: Glyphs the PDF extraction leaves at the start of a list item.
BULLETS = ("\ufffd", "•", "\u2212", "o ", "- ")


@dataclass(frozen=True)
class Line:
    """One line of a document with its 1-based number (the unit of evidence)."""

    number: int
    text: str

    @property
    def blank(self) -> bool:
        """Whitespace-only lines are the PDF's empty cells and paragraph breaks."""
        return is_blank(self.text)

    @property
    def clean(self) -> str:
        """The text with runs of whitespace collapsed and the ends trimmed."""
        return collapse(self.text)


def numbered(lines: Iterable[str], start: int = 1) -> list[Line]:
    """Attach line numbers to raw lines, so later steps never lose where text came from."""
    return [Line(number, text) for number, text in enumerate(lines, start=start)]


def read_numbered(path: Path) -> list[Line]:
    """The numbered lines of a UTF-8 text file (a :class:`SourceError` when missing)."""
    return numbered(read_lines(path))


def is_blank(text: str) -> bool:
    """True for empty and whitespace-only lines (the PDF writes both)."""
    return not text.strip()


def collapse(text: str) -> str:
    """Runs of whitespace → one space, ends trimmed: the PDF's column padding is noise."""
    return " ".join(text.split())


def is_page_footer(text: str) -> bool:
    """A page footer such as ``20-06-2013 Regio Groningen 5``, never content."""
    return bool(PAGE_FOOTER.match(text))


def strip_bullet(text: str) -> str:
    """The text without a leading bullet glyph (``•``, ``�``, ``−``, ``o``, ``-``)."""
    stripped = text.strip()
    for bullet in BULLETS:
        if stripped.startswith(bullet):
            return stripped[len(bullet) :].strip()
    return stripped


def join_wrapped(parts: Sequence[str]) -> str:
    """Join the pieces of a text broken over lines.

    A piece ending in a hyphen glued to a letter (``VB-``, ``Pijnacker-``) continues
    without a space: in these documents the hyphen is part of the word (``VB-groep``,
    ``Pijnacker-Nootdorp``), never a soft hyphen to drop. All other pieces are joined
    with one space.
    """
    out = ""
    for part in (collapse(p) for p in parts):
        if not part:
            continue
        if not out:
            out = part
        elif ends_in_split_word(out):
            out += part
        else:
            out += " " + part
    return out


def ends_in_split_word(text: str) -> bool:
    """True when ``text`` ends in a hyphen glued to a letter: the word goes on next line."""
    return bool(re.search(r"\w-$", text))


def content_span(lines: Sequence[Line]) -> tuple[int, int] | None:
    """First and last line number holding content (not blank, not a page footer)."""
    kept = [ln.number for ln in lines if not ln.blank and not is_page_footer(ln.text)]
    return (kept[0], kept[-1]) if kept else None
