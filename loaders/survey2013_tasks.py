"""The Inhoud Q1 table of a 2013 survey unit → eleven :class:`TaskCell` records.

The table is three PDF columns flattened to lines: the task label (wrapped over up to
three lines), then the level cell, then the status cell, with blank lines wherever a
cell wrapped. Column boundaries are lost, so the row is read as text: the label is
known (the eleven tasks always come in the same order), the status starts at the first
status phrase, and what lies between is the level cell. A row runs from its label to
the line before the next label; the last row ends at the first line that starts the
Toelichting, a note or the next question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from loaders.errors import SourceError
from loaders.records import Evidence, TaskCell
from loaders.text import Line, collapse

#: Task key → label exactly as printed in the survey table (wrapped parts joined).
TASKS: dict[str, str] = {
    "organisatie-eerste-lijn": "Organisatie eerste lijn",
    "ambulante-hulp": "Ambulante hulp",
    "pleegzorg": "Pleegzorg",
    "residentieel": "Residentieel (niet GGZ en LVB)",
    "crisisopvang": "Crisisopvang",
    "jeugdhulp-vb": "Specifieke jeugdhulp voor VB-groep (niet eerstelijns)",
    "jeugdhulp-jeugdggz": "Specifieke jeugdhulp voor jeugdGGZ-groep (niet eerstelijns)",
    "jeugdbescherming": "Jeugdbescherming",
    "jeugdreclassering": "Jeugdreclassering",
    "meldpunten-hgkm": "Meldpunten huiselijk geweld en kindermishandeling",
    "jeugdzorgplus": "Jeugdzorgplus",
}

#: The last line of the table header; rows follow it.
HEADER_END = re.compile(r"gedeelde afspraak\)\s*$")
#: What may follow the last row: the Toelichting, a note, a footnote, the next question.
TABLE_END = re.compile(r"^\s*(Toelichting|Opmerkingen|Nb\b|NB\b|\*|\d\.\s)")

#: Status phrases; the first one in a row starts the status cell.
STATUS_PHRASE = re.compile(
    r"\b(nog geen opvatting|nog geen gezamenlijk|gedeelde afspraak|afspraak|intentie|idem)\b",
    re.IGNORECASE,
)
STATUS_KEYS = {
    "nog geen opvatting": "nog-geen-opvatting",
    "nog geen gezamenlijk": "nog-geen-opvatting",
    "gedeelde afspraak": "gedeelde-afspraak",
    "afspraak": "gedeelde-afspraak",
    "intentie": "intentie",
}
#: The three answers the form offered; anything else is a derived status.
PRINTED_STATUSES = {"nog geen opvatting", "intentie", "gedeelde afspraak"}

#: Level words, longest first so ``subregionaal`` is not read as ``regionaal``. The
#: ``(boven)regionaal`` shorthand names both scales. Adjectives (``regionale
#: ondersteunende infrastructuur``) name the scale as well.
LEVEL_WORD = re.compile(
    r"\(boven\)\s*regiona(?:al|le)|bovenregiona(?:al|le)|subregiona(?:al|le)"
    r"|regiona(?:al|le)|loka(?:al|le)|landelijke?",
    re.IGNORECASE,
)

#: Stem of a matched level word → level key (adjective and noun alike).
LEVEL_STEMS = (
    ("boven", "bovenregionaal"),
    ("sub", "subregionaal"),
    ("regiona", "regionaal"),
    ("loka", "lokaal"),
    ("landelijk", "landelijk"),
)


#: The longer level and status words the parser reads, as spelt (lowercase): a word
#: close to one of them but not equal is a misspelling, not prose.
KNOWN_WORDS = frozenset({
    "lokaal", "lokale", "regionaal", "regionale", "bovenregionaal", "bovenregionale",
    "subregionaal", "subregionale", "landelijk", "landelijke",
    "opvatting", "intentie", "gedeelde", "afspraak",
})
_WORD = re.compile(r"[^\W\d_]+")


def parse_table(
    lines: Sequence[Line], path: Path, source: str, survey_id: str
) -> tuple[tuple[TaskCell, ...], int]:
    """The eleven cells of the table in ``lines`` and the number of its last row line.

    ``lines`` run from the Inhoud Q1 question to the line before Inhoud Q2. Raises
    :class:`SourceError` when the header or a row is missing.
    """
    start = next((i + 1 for i, ln in enumerate(lines) if HEADER_END.search(ln.text)), None)
    if start is None:
        raise SourceError(path, f"unit {survey_id}: no task table header", lines[0].number)
    starts = _row_starts(lines, start, path, survey_id)
    cells: list[TaskCell] = []
    for k, (key, first) in enumerate(zip(TASKS, starts)):
        last = starts[k + 1] if k + 1 < len(starts) else _table_end(lines, first)
        row = [ln for ln in lines[first:last] if not ln.blank]
        previous = cells[-1].status if cells else None
        cells.append(_cell(key, row, previous, path, source))
    return tuple(cells), cells[-1].evidence.last


def _row_starts(lines: Sequence[Line], start: int, path: Path, survey_id: str) -> list[int]:
    """Index of each task's first line, found in table order."""
    out, i = [], start
    for key, label in TASKS.items():
        head = " ".join(label.split()[:2]).rstrip("-")
        while i < len(lines) and not collapse(lines[i].text).startswith(head):
            i += 1
        if i == len(lines):
            raise SourceError(path, f"unit {survey_id}: task row {label!r} missing", lines[-1].number)
        out.append(i)
        i += 1
    return out


def _table_end(lines: Sequence[Line], first: int) -> int:
    """Index after the last row: the first later line that starts something else."""
    for i in range(first + 1, len(lines)):
        if TABLE_END.match(lines[i].text):
            return i
    return len(lines)


def _cell(key: str, row: list[Line], previous: str | None, path: Path, source: str) -> TaskCell:
    cell_text = " ".join(ln.clean for ln in row)
    rest = _after_label(cell_text, TASKS[key])
    if rest is None:
        raise SourceError(path, f"row does not start with {TASKS[key]!r}", row[0].number)
    level_text, status_text = _split_cells(rest)
    _check_words(row, level_text, status_text, path)
    status, derived = _status(status_text, previous)
    if status is None:
        raise SourceError(
            path, f"task {TASKS[key]!r}: no status in {cell_text!r} (expected nog geen opvatting, "
            "intentie or gedeelde afspraak; 'idem' needs a status above it)", row[0].number,
        )
    levels = levels_of(level_text)
    if not levels and level_text and not STATUS_PHRASE.fullmatch(level_text):
        raise SourceError(path, f"task {TASKS[key]!r}: no level in {level_text!r}", row[0].number)
    return TaskCell(
        task=key,
        levels=levels,
        status=status,
        level_text=level_text,
        status_text=status_text,
        cell_text=cell_text,
        evidence=Evidence(source, row[0].number, row[-1].number),
        status_derived=derived,
    )


def _check_words(row: list[Line], level_text: str, status_text: str, path: Path) -> None:
    """Refuse a near-miss of a level or status word (``Regionaaal``, ``Intensie``).

    Such a word would otherwise be passed over and the cell silently lose its level or
    status; the error names the line the word stands on and the word it resembles.
    """
    for word in _WORD.findall(f"{level_text} {status_text}"):
        lower = word.lower()
        if len(lower) < 5 or lower in KNOWN_WORDS:
            continue
        close = next((known for known in sorted(KNOWN_WORDS) if edit_distance(lower, known) <= 2), None)
        if close:
            line = next((ln.number for ln in row if word in ln.text), row[0].number)
            raise SourceError(path, f"unreadable level or status {word!r} (did you mean {close!r}?)", line)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: how many letters to insert, delete or change to turn a into b."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _after_label(text: str, label: str) -> str | None:
    """``text`` without the leading ``label``, spaces not counting (``VB-`` / ``groep``)."""
    i = 0
    for ch in label.replace(" ", ""):
        while i < len(text) and text[i] == " ":
            i += 1
        if i == len(text) or text[i] != ch:
            return None
        i += 1
    return text[i:].strip()


def _split_cells(rest: str) -> tuple[str, str]:
    """Level text and status text of a row without its label.

    The status starts at the first status phrase. A row whose level cell repeats the
    status phrase (``Nog geen opvatting Nog geen opvatting``) keeps one copy per cell.
    """
    m = STATUS_PHRASE.search(rest)
    if m is None:
        return rest, ""
    level, status = rest[: m.start()].strip(), rest[m.start() :].strip()
    if not level:
        half = status[: len(status) // 2].strip()
        if half and status == f"{half} {half}":
            return half, half
    return level, status


def _status(text: str, previous: str | None) -> tuple[str | None, bool]:
    """Status key and whether it is derived (``idem``, free text, ``Afspraak``)."""
    m = STATUS_PHRASE.search(text)
    if m is None:
        return None, False
    phrase = m.group(1).lower()
    if phrase == "idem":
        return previous, True
    canonical = text.lower().rstrip("*.").strip() in PRINTED_STATUSES
    return STATUS_KEYS[phrase], not canonical


def levels_of(level_text: str) -> tuple[str, ...]:
    """The level keys a level cell names, in order of appearance, without repeats.

    ``Lokaal (inkoop: regionaal)`` → ``(lokaal, regionaal)``; ``(Boven)regionaal`` →
    ``(regionaal, bovenregionaal)``; a cell naming no scale → ``()``.
    """
    out: list[str] = []
    for m in LEVEL_WORD.finditer(level_text):
        word = m.group(0).lower()
        if word.startswith("(boven)"):
            keys = ["regionaal", "bovenregionaal"]
        else:
            keys = [next(key for stem, key in LEVEL_STEMS if word.startswith(stem))]
        out.extend(k for k in keys if k not in out)
    return tuple(out)
