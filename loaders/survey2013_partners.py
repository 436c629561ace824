"""Partners, financiers and coordinators of the 2013 survey's units (document 000).

Three kinds of fact, each from parser and reviewer together:

* **Partners** (Governance Q2, and named elsewhere in the unit's section): the parser finds
  every organisation of ``organisations.csv`` in the answer texts of the survey parser's
  spans (:func:`loaders.survey2013.section_texts`); a reviewed table
  (``survey2013_partners.csv``) adds what only a reader sees (a unit answering 'Ja' names the
  question's five categories implicitly) and rejects what the parser misreads ('m.u.v. de
  Raad voor de Kinderbescherming'). Outside Q2 the vaguest words ('onderwijs',
  'instellingen') are not read as partners, and financiers are not partners.
* **Financiers** (Governance Q3): for each unit and each kind, whether the unit is in
  contact — a reader's coding in ``survey2013_financiers.csv`` — with the named financier
  resolved through the organisation index and the raw answer text from the parser.
* **Coordinators**: the mail domain of the contact line mapped by ``mail_domains.csv`` to a
  municipality or organisation. Never the person or the address.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from loaders.curation import CurationRow, read_curation
from loaders.errors import SourceError
from loaders.mail_domains import MAIL_DOMAINS_CSV, load_mail_domains
from loaders.organisations import OrganisationIndex, normalise
from loaders.records import Evidence, Survey
from loaders.sources import SHIPPED_DATA, read_lines

__all__ = [
    "FINANCIER_KINDS",
    "Coordinator",
    "FinancierContact",
    "PartnerMention",
    "Partners2013",
    "find_partners",
    "parse",
]

PARTNERS_CSV = SHIPPED_DATA / "survey2013_partners.csv"
FINANCIERS_CSV = SHIPPED_DATA / "survey2013_financiers.csv"
SOURCE = "000"

#: Sections a partner is read from, in document order (keys of ``section_texts``).
PARTNER_SECTIONS: tuple[str, ...] = (
    "inhoud_q1_toelichting",
    "inhoud_q2",
    "inhoud_q3",
    "inhoud_q4",
    "inhoud_q5",
    "governance_q1",
    "governance_q1a",
    "governance_q1d",
    "governance_q2",
    "governance_q3",
    "appendix",
)
#: The question's five categories, named implicitly by a unit that answers 'Ja'.
QUESTION_CATEGORIES: tuple[str, ...] = (
    "passend-onderwijs",
    "raad-voor-de-kinderbescherming",
    "jeugdzorgaanbieders",
    "bureaus-jeugdzorg",
    "clientenorganisaties",
)
#: Spellings too vague to be a partner outside the partner question itself.
Q2_ONLY = frozenset(
    normalise(s)
    for s in (
        "onderwijs", "het onderwijs", "Passend onderwijs", "(Passend) onderwijs", "samenwerkingsverbanden",
        "instellingen", "aanbieders", "zorginstellingen", "zorgaanbieders", "belangenorganisaties",
        "LVG", "GGZ", "huisarts", "gesloten jeugdzorg",
    )
)
FINANCIER_KINDS: tuple[str, ...] = ("provincie", "zorgkantoor", "zorgverzekeraar")
#: Organisation kinds that are financiers, not partners.
_NOT_PARTNERS = frozenset({"provincie", "stadsregio", "zorgkantoor", "zorgverzekeraar", "gemeente"})
ANSWERS = ("yes", "no", "unknown")


@dataclass(frozen=True)
class PartnerMention:
    """An organisation a unit names as a partner (or, ``implicit``, a category it implies)."""

    survey_id: str
    organisation: str  # id in organisations.csv
    printed: str  # the words as printed ('Ja' for an implicit category)
    section: str  # "governance_q2", "inhoud_q4" …
    evidence: Evidence
    implicit: bool = False
    curated: bool = False  # from survey2013_partners.csv rather than the parser


@dataclass(frozen=True)
class FinancierContact:
    """Whether a unit consults one kind of financier, whom it names, and what it wrote."""

    survey_id: str
    kind: str  # provincie / zorgkantoor / zorgverzekeraar
    in_contact: str  # yes / no / unknown
    answer_text: str  # the whole Governance Q3 answer as printed (lines joined)
    evidence: tuple[Evidence, ...]  # the reviewer's cited lines, then the Q3 answer
    financiers: tuple[str, ...] = ()  # organisation ids, in table order
    printed: tuple[str, ...] = ()  # the financiers' names as printed


@dataclass(frozen=True)
class Coordinator:
    """The organisation that coordinated a unit's answer, from its contact's mail domain."""

    survey_id: str
    domain: str
    evidence: Evidence
    municipality: str | None = None  # CBS 2013 code
    organisation: str | None = None  # id in organisations.csv


@dataclass(frozen=True)
class Partners2013:
    """All partner, financier and coordinator facts of the 2013 survey."""

    partners: tuple[PartnerMention, ...] = ()
    financiers: tuple[FinancierContact, ...] = ()
    coordinators: tuple[Coordinator, ...] = ()


def parse(seed: Path, survey: Survey, index: OrganisationIndex, data: Path = SHIPPED_DATA) -> Partners2013:
    """Partners, financiers and coordinators of every answering unit of ``survey``."""
    from loaders.survey2013 import section_texts, sections

    spans, texts = sections(seed), section_texts(seed)
    lines = read_lines(seed)
    units = [u.survey_id for u in survey.units if u.survey_id in spans and "governance_q2" in spans[u.survey_id]]
    partners = _partners(units, spans, texts, lines, index, data / PARTNERS_CSV.name)
    financiers = _financiers(units, spans, texts, index, data / FINANCIERS_CSV.name)
    return Partners2013(partners, financiers, coordinators(survey, index, data / MAIL_DOMAINS_CSV.name))


# --- partners ----------------------------------------------------------------------------------


def find_partners(
    survey_id: str, section: str, text: str, span: Evidence, lines: Sequence[str], index: OrganisationIndex
) -> list[PartnerMention]:
    """The partners the parser reads in one answer: known names, each with its own lines.

    ``text`` is the answer without question words; ``lines`` the document's lines, used to
    cite the line(s) each name stands on within ``span``.
    """
    locate = _Locator(lines, span)
    out = []
    for mention in index.find_all(text):
        org = mention.organisation
        if org.kind in _NOT_PARTNERS:
            continue
        if section != "governance_q2" and normalise(mention.printed) in Q2_ONLY:
            continue
        out.append(PartnerMention(survey_id, org.id, " ".join(mention.printed.split()), section, locate(mention.printed)))
    return out


class _Locator:
    """Finds, in document order, the lines of a span on which printed words stand."""

    def __init__(self, lines: Sequence[str], span: Evidence) -> None:
        self.span = span
        self.starts: list[tuple[int, int]] = []  # (offset in joined text, line number)
        parts, offset = [], 0
        for number in range(span.first, span.last + 1):
            part = " ".join(lines[number - 1].split())
            self.starts.append((offset, number))
            parts.append(part)
            offset += len(part) + 1
        self.joined = " ".join(parts)
        self.pos = 0

    def __call__(self, printed: str) -> Evidence:
        pattern = re.compile(r"\s*".join(re.escape(w) for w in printed.split()))
        m = pattern.search(self.joined, self.pos) or pattern.search(self.joined)
        if m is None:  # split by a page footer or question words: cite the whole answer
            return self.span
        self.pos = m.end()
        return Evidence(self.span.source, self._line(m.start()), self._line(max(m.end() - 1, m.start())))

    def _line(self, offset: int) -> int:
        return max(n for start, n in self.starts if start <= offset)


def _partners(
    units: list[str],
    spans: dict[str, dict[str, Evidence]],
    texts: dict[str, dict[str, str]],
    lines: Sequence[str],
    index: OrganisationIndex,
    table: Path,
) -> tuple[PartnerMention, ...]:
    rows = read_curation(table, required=("survey_id", "organisation", "section"))
    _check_rows(rows, units, index, table)
    rejected = {(r.get("survey_id"), r.get("organisation")) for r in rows if r.get("reject") == "yes"}
    out: list[PartnerMention] = []
    for unit in units:
        for section in PARTNER_SECTIONS:
            if section in spans[unit]:
                found = find_partners(unit, section, texts[unit][section], spans[unit][section], lines, index)
                out.extend(m for m in found if (unit, m.organisation) not in rejected)
    out.extend(
        PartnerMention(r.get("survey_id"), r.get("organisation"), r.printed, r.get("section"), r.evidence,
                       r.get("implicit") == "yes", True)
        for r in rows
        if r.get("reject") != "yes"
    )
    return tuple(_qualify_bureaus(out, index))


def _check_rows(rows: Iterable[CurationRow], units: list[str], index: OrganisationIndex, table: Path) -> None:
    for r in rows:
        if r.get("survey_id") not in units:
            raise SourceError(table, f"unknown answering unit {r.get('survey_id')!r}", r.line)
        if r.get("organisation") not in index:
            raise SourceError(table, f"unknown organisation id {r.get('organisation')!r}", r.line)
        if r.get("section") not in PARTNER_SECTIONS:
            raise SourceError(table, f"unknown section {r.get('section')!r}", r.line)
        for flag in ("implicit", "reject"):
            if r.get(flag) not in ("", "yes"):
                raise SourceError(table, f"{flag} must be 'yes' or empty", r.line)


def _qualify_bureaus(mentions: list[PartnerMention], index: OrganisationIndex) -> list[PartnerMention]:
    """An unqualified 'Bureau Jeugdzorg' is the unit's own bureau when it names exactly one.

    Every province and metropolitan region had one Bureau Jeugdzorg; a unit that names
    'Bureau Jeugdzorg Friesland' and elsewhere 'Bureau Jeugdzorg' means the same bureau.
    Implicit mentions (the question's category) stay the category.
    """
    named: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        org = index.get(m.organisation)
        if org.kind == "bureau-jeugdzorg" and not org.generic:
            named[m.survey_id].add(org.id)
    out = []
    for m in mentions:
        own = named.get(m.survey_id, set())
        if m.organisation == "bureaus-jeugdzorg" and not m.implicit and len(own) == 1:
            m = PartnerMention(m.survey_id, next(iter(own)), m.printed, m.section, m.evidence, m.implicit, m.curated)
        out.append(m)
    return out


# --- financiers --------------------------------------------------------------------------------


def _financiers(
    units: list[str],
    spans: dict[str, dict[str, Evidence]],
    texts: dict[str, dict[str, str]],
    index: OrganisationIndex,
    table: Path,
) -> tuple[FinancierContact, ...]:
    rows = read_curation(table, required=("survey_id", "kind", "in_contact"))
    by_key: dict[tuple[str, str], list[CurationRow]] = defaultdict(list)
    for r in rows:
        by_key[(r.get("survey_id"), r.get("kind"))].append(_checked_financier(r, units, index, table))
    out = []
    for unit in units:
        answer = spans[unit].get("governance_q3")
        text = texts[unit].get("governance_q3", "")
        for kind in FINANCIER_KINDS:
            cited = by_key.get((unit, kind), [])
            codes = {r.get("in_contact") for r in cited}
            if len(codes) > 1:
                raise SourceError(table, f"unit {unit}, {kind}: rows disagree on in_contact {sorted(codes)}", cited[-1].line)
            named = [r for r in cited if r.get("organisation")]
            evidence = tuple(dict.fromkeys([*(r.evidence for r in cited), *([answer] if answer else [])]))
            out.append(
                FinancierContact(
                    unit,
                    kind,
                    codes.pop() if codes else "unknown",
                    text,
                    evidence,
                    tuple(dict.fromkeys(r.get("organisation") for r in named)),
                    tuple(dict.fromkeys(r.printed for r in named)),
                )
            )
    return tuple(out)


def _checked_financier(r: CurationRow, units: list[str], index: OrganisationIndex, table: Path) -> CurationRow:
    """A financier row whose unit, kind, code and organisation make sense, or an error."""
    if r.get("survey_id") not in units:
        raise SourceError(table, f"unknown answering unit {r.get('survey_id')!r}", r.line)
    if r.get("kind") not in FINANCIER_KINDS:
        raise SourceError(table, f"kind must be one of {', '.join(FINANCIER_KINDS)}", r.line)
    if r.get("in_contact") not in ("yes", "no"):
        raise SourceError(table, "in_contact must be 'yes' or 'no' (no row means unknown)", r.line)
    org_id = r.get("organisation")
    if org_id:
        if org_id not in index:
            raise SourceError(table, f"unknown organisation id {org_id!r}", r.line)
        printed = index.resolve(r.printed)
        if printed is not None and printed.id != org_id:
            raise SourceError(table, f"{r.printed!r} is {printed.id}, not {org_id}", r.line)
    return r


# --- coordinators ------------------------------------------------------------------------------


def coordinators(survey: Survey, index: OrganisationIndex, path: Path = MAIL_DOMAINS_CSV) -> tuple[Coordinator, ...]:
    """Each unit's coordinating organisation; a unit whose domain is not listed gets none."""
    domains = load_mail_domains(path)
    for d in domains.values():
        if d.organisation and d.organisation not in index:
            raise SourceError(path, f"unknown organisation id {d.organisation!r}", d.line)
    out = []
    for unit in survey.units:
        d = domains.get(unit.coordinator_domain or "")
        if d is not None and unit.coordinator_evidence is not None:
            out.append(Coordinator(unit.survey_id, d.domain, unit.coordinator_evidence, d.municipality, d.organisation))
    return tuple(out)
