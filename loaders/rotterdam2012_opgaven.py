"""Table 5.1 of document 001 (the 47 opgaven) and the working groups of §5.2.2.

Table 5.1 has three columns — opgave, explanation, and 'Lokaal of gemeenschappelijk
verdiepen' with the working form below the decision — flattened to lines, each cell
wrapped and the cells of a row one after the other. A row is read as:

* it starts with its opgave (a ``•``/``�`` bullet, or plain text under 'Overig'); the title
  runs to 'Waaronder de volgende onderwerpen:' or the next bullet (which may stand in the
  middle of a line: ``Contact met beroepsgroepen • Betrekking op meerdere``);
* it ends at the decision: a line that is ``Lokaal`` or ``Gemeenschappelijk``, or an
  explanation bullet ending in one (``• Eerste schil Lokaal``). A bullet that is only
  ``• Gemeenschappelijk`` opens a title ('Gemeenschappelijk uitgangspunten …');
* after ``Gemeenschappelijk`` the working form follows up to the next bullet. One cell
  (lines 1485–1497) bullets its own working form (``• Werkatelier`` / ``• O.a. ook …``):
  bullets opening with :data:`WORK_FORM_OPENERS` belong to the working form. Local rows
  have no working form.

The theme headings span the table's width. Eight of the nine carry the extraction's
padding (three or more trailing spaces); the ninth ('Nieuwe jeugdzorgtaken: J-GGZ, J- /
LVG, …') wraps over three lines without it, so it cannot be told from a working form
that runs on. The headings therefore come from the reviewed curation table
``loaders/data/rotterdam2012_themes.csv`` (document, lines, heading as printed); the
parser checks that every padded line of the table is one of them.

§5.2.2 lists the joint opgaven again under their thematic working group or werkatelier.
Each is matched to its table row by title (:func:`match_groups`); a joint row without a
group, or a listed item without a joint row, is an error.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from loaders.curation import CurationRow
from loaders.errors import SourceError
from loaders.records import Evidence
from loaders.regional_records import Opgave, WorkingGroup
from loaders.text import Line, join_wrapped

SOURCE = "001"
BULLET_GLYPHS = ("•", "\ufffd")
WORK_FORM_OPENERS = ("Werkatelier", "O.a.")
DECISIONS = {"Lokaal": "lokaal", "Gemeenschappelijk": "gemeenschappelijk"}
HEADER = re.compile(r"^\s*Opgaven Toelichting op basis van")
HEADER_LINES = 4  # 'primair referentiekader', 'Lokaal of', 'gemeenschappelijk', 'verdiepen'
FOOTNOTE = re.compile(r"^\d{1,2} [A-Z]")
FURNITURE = re.compile(r"^(RG68/\d+ programmaplan|\d+\s*$)")
#: Matching a §5.2.2 item to a table title: the least similarity accepted.
MIN_SIMILARITY = 0.85


@dataclass(frozen=True)
class _Row:
    lines: list[Line]
    theme: str
    agenda: str
    decision_line: int
    work_form: list[Line]


def parse_opgaven(lines: Sequence[Line], path: Path, start: int, end: int, themes: Sequence[CurationRow]) -> tuple[Opgave, ...]:
    """The rows of table 5.1 between line indexes ``start`` and ``end``."""
    headings = {row.evidence.first: row for row in themes}
    inside = {n for row in themes for n in range(row.evidence.first, row.evidence.last + 1)}
    content = _content(lines[start:end])
    _check_padding(content, headings, path)
    rows: list[_Row] = []
    theme, state, current = "", "between", []
    for ln in content:
        if ln.number in inside:
            if ln.number in headings:
                theme, state = headings[ln.number].printed, "between"
            continue
        if state == "werkvorm":
            if _is_bullet(ln.text) and not _strip(ln.text).startswith(WORK_FORM_OPENERS):
                state, current = "row", []
            else:
                rows[-1].work_form.append(ln)
                continue
        if state == "between":
            if not theme:
                raise SourceError(path, "opgave before the first theme heading", ln.number)
            state, current = "row", []
        current.append(ln)
        agenda = _decision(ln.text)
        if agenda:
            rows.append(_Row(current, theme, agenda, ln.number, []))
            state = "werkvorm" if agenda == "gemeenschappelijk" else "between"
    if state == "row":
        raise SourceError(path, "table 5.1 ends inside a row without its decision", current[-1].number)
    return tuple(_opgave(k, row, path) for k, row in enumerate(rows, start=1))


def _content(lines: Sequence[Line]) -> list[Line]:
    """The table's lines without blanks, page furniture, repeated headers and footnotes."""
    out, skip_header, in_footnote = [], 0, False
    for ln in lines:
        if ln.blank or FURNITURE.match(ln.text.strip()):
            continue
        if HEADER.match(ln.text):
            skip_header = HEADER_LINES
            continue
        if skip_header:
            skip_header -= 1
            continue
        if FOOTNOTE.match(ln.text):
            in_footnote = True
        elif in_footnote and ln.text.startswith(" "):
            in_footnote = False  # a new page starts with a space: the footnote is over
        if not in_footnote:
            out.append(ln)
    return out


def _check_padding(content: Sequence[Line], headings: dict[int, CurationRow], path: Path) -> None:
    """Every padded line (a heading cell) must be a curated heading: none may be missed."""
    for ln in content:
        if re.search(r"\S {3,}$", ln.text) and ln.number not in headings:
            raise SourceError(path, f"padded line {ln.clean!r} looks like a theme heading but is not curated", ln.number)


def _is_bullet(text: str) -> bool:
    return text.strip().startswith(BULLET_GLYPHS)


def _strip(text: str) -> str:
    """The text without a leading ``•``/``�``/``-`` bullet."""
    return re.sub(r"^\s*(?:[•\ufffd]|-\s)\s*", "", text).strip()


def _decision(text: str) -> str | None:
    """``lokaal``/``gemeenschappelijk`` when the line carries the row's decision."""
    stripped, body = text.strip(), _strip(text)
    for word, key in DECISIONS.items():
        if stripped == word:
            return key
        if body != word and re.search(rf"\S\s+{word}$", body):
            return key
    return None


def _opgave(number: int, row: _Row, path: Path) -> Opgave:
    title = _title(row.lines)
    if not title:
        raise SourceError(path, "opgave without a title", row.lines[0].number)
    last = row.work_form[-1].number if row.work_form else row.decision_line
    work_form = join_wrapped([_strip(ln.text) for ln in row.work_form])
    return Opgave(number, title, row.theme, row.agenda, work_form, Evidence(SOURCE, row.lines[0].number, last))


def _title(lines: Sequence[Line]) -> str:
    """The opgave cell: first line(s) of the row up to sub-topics, a bullet or the decision."""
    parts = []
    for k, ln in enumerate(lines):
        text = ln.text.strip()
        if k and (_is_bullet(text) or text.startswith("Waaronder") or _decision(text)):
            break
        head = re.split(r"\s[•\ufffd]\s", _strip(text) if k == 0 else text, maxsplit=1)
        parts.append(head[0])
        if len(head) > 1:
            break  # the explanation's bullet stands on the same line
    return join_wrapped(parts)


# --- §5.2.2: working groups and werkateliers ------------------------------------------------


def parse_groups(lines: Sequence[Line], path: Path, start: int, end: int) -> list[tuple[WorkingGroup, list[tuple[str, Evidence]]]]:
    """The groups of §5.2.2 with the opgaven each lists (item text and its lines).

    A group's name is the last plain line before a run of ``�`` items; a plain line that
    directly follows an item (no blank line between) continues that item.
    """
    groups: list[tuple[WorkingGroup, list[tuple[str, Evidence]]]] = []
    pending: Line | None = None
    item: list[Line] | None = None
    previous: Line | None = None
    for ln in lines[start:end]:
        if ln.blank or FURNITURE.match(ln.text.strip()):
            previous = None if ln.blank else previous
            continue
        if _is_bullet(ln.text):
            if pending is not None:
                groups.append((_group(pending, path), []))
                pending = None
            if not groups:
                raise SourceError(path, "item before any working group", ln.number)
            item = [ln]
            groups[-1][1].append(("", Evidence(SOURCE, ln.number, ln.number)))
        elif item is not None and previous is not None and previous.number == ln.number - 1:
            item.append(ln)
        else:
            pending, item = ln, None
        if item is not None and groups:
            text = join_wrapped([_strip(x.text) for x in item])
            groups[-1][1][-1] = (text, Evidence(SOURCE, item[0].number, item[-1].number))
        previous = ln
    return groups


def _group(line: Line, path: Path) -> WorkingGroup:
    name = re.sub(r"^[IVX]+\.\s*", "", line.clean)
    lowered = name.lower()
    kind = next((k for k in ("werkgroep", "werkatelier", "werkbijeenkomst") if k in lowered), None)
    if kind is None:
        raise SourceError(path, f"cannot tell what kind of group {name!r} is", line.number)
    key = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()).strip("-")
    return WorkingGroup(key, name, kind, Evidence(SOURCE, line.number, line.number))


def _key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def match_groups(
    opgaven: tuple[Opgave, ...], groups: list[tuple[WorkingGroup, list[tuple[str, Evidence]]]], path: Path
) -> tuple[Opgave, ...]:
    """The opgaven with the working group whose §5.2.2 list names each joint one.

    Titles match when their similarity (difflib ratio on lowercased words) is at least
    :data:`MIN_SIMILARITY` ('verbinden van het CJG aan het veiligheidshuis' ↔ 'Verbinden van
    het CJG aan veiligheidshuis'). Every item must match one joint opgave and every joint
    opgave one item.
    """
    joint = {o.number: o for o in opgaven if o.agenda == "gemeenschappelijk"}
    assigned: dict[int, tuple[WorkingGroup, Evidence]] = {}
    for group, items in groups:
        for text, evidence in items:
            scores = {n: difflib.SequenceMatcher(None, _key(text), _key(o.title)).ratio() for n, o in joint.items()}
            best = max(scores, key=scores.get) if scores else None
            if best is None or scores[best] < MIN_SIMILARITY or best in assigned:
                raise SourceError(path, f"§5.2.2 item {text!r} matches no joint opgave of table 5.1", evidence.first)
            assigned[best] = (group, evidence)
    missing = sorted(set(joint) - set(assigned))
    if missing:
        first = joint[missing[0]]
        raise SourceError(path, f"joint opgave {first.title!r} is in no §5.2.2 list", first.evidence.first)
    return tuple(
        replace(o, working_group=assigned[o.number][0].key, working_group_evidence=assigned[o.number][1]) if o.number in assigned else o
        for o in opgaven
    )

