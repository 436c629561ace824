"""Document 000, the national survey of youth-care regions (20-06-2013) → records.

``parse`` returns a :class:`Survey` with its 43 units in document order: the 42 answering
units (regions 1–41 but 34, and West-Brabant's sub-regions 34.1 and 34.2) and
West-Brabant's own header 34, which only introduces its sub-regions.
Each unit gets its members resolved to CBS 2013 codes, its eleven task cells, the coded
governance answers 1b and 1d, the adjacent policy fields of Inhoud Q4 and the mail
domain of its contact when the reviewed ``mail_domains.csv`` lists it (never the person's
name or address). ``sections`` gives the
line span of every answer, for parsers of the free-text answers (partners, financiers).

The layout quirks are described in ``../shared/examples/survey2013_layout_notes.md``;
the parser handles them without ever editing the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from loaders.errors import SourceError
from loaders.mail_domains import load_mail_domains
from loaders.municipalities import MunicipalityIndex
from loaders.records import Evidence, Survey, SurveyUnit
from loaders.survey2013_governance import Curation, code_governance, load_curation
from loaders.survey2013_members import LABEL, parse_members
from loaders.survey2013_sections import UNIT_IDS, UnitLayout, locate_questions, span_of, split_units
from loaders.survey2013_tasks import TASKS, parse_table
from loaders.text import Line, read_numbered

__all__ = ["ADJACENT_FIELDS", "SOURCE", "TASKS", "UNIT_IDS", "parse", "section_texts", "sections"]

SOURCE = "000"
#: The unit that only introduces its two sub-regions.
PARENT_ONLY = "34"

#: Adjacent policy fields as the Inhoud Q4 answers name them → the lowercase name kept.
#: Most names stand for themselves; a few printed forms name a field by an abbreviation
#: or an institution of it (``JGZ``, ``Veiligheidshuis``, ``GGD``). Longest first, so
#: that ``passend onderwijs`` is not also read as ``onderwijs``.
ADJACENT_FIELDS: dict[str, str] = {
    "passend onderwijs": "passend onderwijs",
    "onderwijs": "onderwijs",
    "leerplicht": "leerplicht",
    "veiligheidshuis": "veiligheid",
    "veiligheid": "veiligheid",
    "werk en inkomen": "werk en inkomen",
    "werk": "werk",
    "arbeidsmarkt": "arbeidsmarkt",
    "participatie": "participatie",
    "wmo": "wmo",
    "awbz": "awbz",
    "jeugdgezondheidszorg": "jeugdgezondheidszorg",
    "jgz": "jeugdgezondheidszorg",
    "publieke gezondheid": "publieke gezondheid",
    "gezondheidszorg": "gezondheidszorg",
    "gezondheid": "gezondheid",
    "ggd": "gezondheid",
    "sport": "sport",
    "cultuur": "cultuur",
    "armoede": "armoede",
    "schuldhulpverlening": "schuldhulpverlening",
    "huisvesting": "huisvesting",
    "wonen": "wonen",
    "vervoer": "vervoer",
    "welzijn": "welzijn",
    "sociaal domein": "sociaal domein",
    "sociale domein": "sociaal domein",
    "drie decentralisaties": "drie decentralisaties",
    "3d": "drie decentralisaties",
    "huiselijk geweld": "huiselijk geweld",
}
_FIELD = re.compile(r"\b(" + "|".join(re.escape(f) for f in ADJACENT_FIELDS) + r")\b", re.IGNORECASE)
#: A bare 'Toelichting' label line, not part of the explanation it introduces.
_TOELICHTING = re.compile(r"\s*Toelichting:?\s*")
#: A contact line without its 'Contactpersoon:' label (unit 36): a name, then the address.
_CONTACT_ALONE = re.compile(r"^[^,@]+,\s*\S+@\S+$")
_MAIL_DOMAIN = re.compile(r"@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)")


def parse(path: Path, index: MunicipalityIndex) -> Survey:
    """All answering units of the survey at ``path``, members resolved with ``index``.

    Raises :class:`SourceError` (file and line) for a missing or truncated file, a unit
    without its task table or a row of it, an unknown municipality, or a municipality
    listed by two units.
    """
    lines = read_numbered(path)
    curation = load_curation()
    domains = frozenset(load_mail_domains())
    units = tuple(_unit(layout, path, index, curation, domains) for layout in _layouts(lines, path))
    _check_disjoint(units, path)
    return Survey(units)


def sections(path: Path) -> dict[str, dict[str, Evidence]]:
    """Per survey id, the line span of each answer present.

    Keys: ``inhoud_q1_toelichting``, ``inhoud_q2`` … ``inhoud_q5``, ``governance_q1``,
    ``governance_q1a`` … ``governance_q1d``, ``governance_q2``, ``governance_q3``;
    ``appendix`` for a unit's own block after Q3 (32, 39); ``utrecht_joint_statement``
    for the block after 13 that all Utrecht regions share; ``intro`` for 34. Spans hold
    answer text only: no question lines at their ends, no page footer at their ends.
    """
    return {
        layout.survey_id: {
            key: Evidence(SOURCE, span.first, span.last) for key, span in layout.answers.items()
        }
        for layout in _layouts(read_numbered(path), path)
    }


def section_texts(path: Path) -> dict[str, dict[str, str]]:
    """The text of each span of :func:`sections`, question words and footers removed."""
    return {
        layout.survey_id: {key: span.text for key, span in layout.answers.items()}
        for layout in _layouts(read_numbered(path), path)
    }


def _layouts(lines: Sequence[Line], path: Path) -> list[UnitLayout]:
    """The units with their questions located and their answer spans cut."""
    units = split_units(lines, path)
    for unit in units:
        if unit.survey_id == PARENT_ONLY:
            _intro(unit)
        else:
            locate_questions(unit, path)
            _table_and_toelichting(unit, path)
    return units


def _intro(unit: UnitLayout) -> None:
    """West-Brabant's header carries only a paragraph introducing its sub-regions."""
    span = span_of(unit.lines[1:])
    if span:
        unit.answers["intro"] = span


def _table_and_toelichting(unit: UnitLayout, path: Path) -> None:
    """Parse the table; what follows its last row (before Q2) is the Toelichting."""
    table = _between(unit, "inhoud_q1", "inhoud_q2")
    unit.tasks, last = parse_table(table, path, SOURCE, unit.survey_id)
    span = span_of([ln for ln in table if ln.number > last and not _TOELICHTING.fullmatch(ln.text)])
    if span:
        unit.answers["inhoud_q1_toelichting"] = span


def _between(unit: UnitLayout, first: str, stop: str) -> list[Line]:
    start, end = unit.questions[first], unit.questions[stop]
    return [ln for ln in unit.lines if start <= ln.number < end]


def _unit(
    layout: UnitLayout,
    path: Path,
    index: MunicipalityIndex,
    curation: Mapping[tuple[str, str], Curation],
    domains: frozenset[str],
) -> SurveyUnit:
    evidence = Evidence(SOURCE, layout.header, layout.last)
    parent = "34" if layout.survey_id.startswith("34.") else None
    if layout.survey_id == PARENT_ONLY:
        return SurveyUnit(layout.survey_id, layout.name, evidence)
    head = [ln for ln in layout.lines if ln.number < layout.questions["inhoud_q1"]]
    members, subregions = parse_members(_member_lines(head, layout, path), path, index, SOURCE)
    contact = next((ln for ln in head if "@" in ln.text), None)
    domain = mail_domain(contact.text) if contact else None
    if domain not in domains:  # unreviewed domains may name a person: keep none
        domain = contact = None
    q4 = layout.answers.get("inhoud_q4")
    return SurveyUnit(
        survey_id=layout.survey_id,
        name=layout.name,
        evidence=evidence,
        parent=parent,
        members=members,
        subregions=subregions,
        tasks=layout.tasks,
        governance=code_governance(layout.survey_id, layout.answers, SOURCE, curation, (path, layout.questions)),
        adjacent_fields=adjacent_fields(q4.text) if q4 else (),
        adjacent_fields_evidence=Evidence(SOURCE, q4.first, q4.last) if q4 else None,
        coordinator_domain=domain,
        coordinator_evidence=Evidence(SOURCE, contact.number, contact.number) if contact else None,
    )


def _member_lines(head: list[Line], layout: UnitLayout, path: Path) -> list[Line]:
    """The 'Deelnemende gemeenten' lines: from the label to the contact or Inhoud line."""
    start = next((i for i, ln in enumerate(head) if ln.clean.startswith(LABEL)), None)
    if start is None:
        raise SourceError(path, f"unit {layout.survey_id}: no '{LABEL}' line", layout.header)
    out = []
    for ln in head[start:]:
        if ln.clean.startswith(("Contactpersoon", "Onderdeel 1")) or _CONTACT_ALONE.match(ln.clean):
            break
        if "@" in ln.text:  # never quote the line: it holds a person's address
            raise SourceError(
                path, f"unit {layout.survey_id}: an e-mail address inside the '{LABEL}' list "
                "(the contact belongs on a line of its own after the list)", ln.number,
            )
        if not ln.blank:
            out.append(ln)
    return out


def adjacent_fields(answer: str) -> tuple[str, ...]:
    """The policy fields an Inhoud Q4 answer names, lowercase, in order, without repeats."""
    out: list[str] = []
    for m in _FIELD.finditer(answer):
        name = ADJACENT_FIELDS[m.group(1).lower()]
        if name not in out:
            out.append(name)
    return tuple(out)


def mail_domain(contact_line: str) -> str | None:
    """The lowercased domain of the address on a contact line; nothing of the person."""
    m = _MAIL_DOMAIN.search(contact_line)
    return m.group(1).lower().rstrip(".") if m else None


def _check_disjoint(units: Sequence[SurveyUnit], path: Path) -> None:
    """A municipality in two units means the list was misread: fail, do not guess."""
    seen: dict[str, str] = {}
    for unit in units:
        for member in unit.members:
            if member.code in seen and seen[member.code] != unit.survey_id:
                raise SourceError(
                    path,
                    f"municipality {member.printed!r} ({member.code}) in units "
                    f"{seen[member.code]} and {unit.survey_id}",
                    member.evidence.first,
                )
            seen[member.code] = unit.survey_id
