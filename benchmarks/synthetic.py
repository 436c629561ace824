"""Synthetic graphs of the real graph's shape, k times as large, from a seed.

Why records and not triples: the generator makes the same loader records the shipped
facts hold (:mod:`loaders.records`) and hands them to the real
:func:`graph.build.build_quads`. The synthetic graph therefore has exactly the ontology,
IRIs, named graphs, memberships and materialised types of the real one, and every canned
query and network measure means on it what it means on the real graph.

How a graph at scale k is made: the real records are the template of k *copies*. Copy 0
keeps the real identifiers (so the catalogue's default parameters, e.g. region ``34.1``
or municipality ``GM0014``, still resolve); copy c ≥ 1 gets fresh codes (``GM0014-7``,
``JZ01-7``), fresh survey numbers (``c·100 + n``: region 34.1 of copy 7 is ``734.1``)
and fresh names (``Appingedam 7``). Each copy has the real number of regions,
sub-regions, municipalities, divisions, mergers and memberships. What is drawn from the
seeded generator is the *content*: every task cell is a cell of the same task drawn from
all real cells (so the joint distribution of levels, status and printed text per task is
the real one), every governance answer one of the real answers to the same question,
every list of adjacent policy fields one of the real lists. Evidence lines are shifted
by c times the source's length, so every copy has its own text spans.

Loaders this module does not know (a new source added to ``loaders.registry.LOADERS``)
are passed through once, unscaled, and listed in :attr:`Synthetic.unscaled`, so the
benchmark keeps running while the generator learns the new record type.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from loaders.records import (
    Division,
    DivisionMembership,
    Evidence,
    GovernanceAnswer,
    Member,
    Merger,
    Municipality,
    Reference,
    SubRegion,
    Survey,
    SurveyUnit,
    TaskCell,
)
from loaders.registry import SourceStamp

SEED = 42


@dataclass(frozen=True)
class Profile:
    """The distributions the generator draws from, measured on the real records.

    Each is kept as the list of real observations (an empirical distribution): drawing
    uniformly from it reproduces the real frequencies without fitting a model.
    """

    cells: dict[str, tuple[TaskCell, ...]]  # task key → every real cell of that task
    answers: dict[str, tuple[GovernanceAnswer, ...]]  # question → every real answer
    adjacent: tuple[tuple[str, ...], ...]  # every unit's list of adjacent policy fields
    lines: dict[str, int]  # source id → its line count (the shift between copies)


@dataclass(frozen=True)
class Synthetic:
    """A generated data set: records and stamps ready for ``build_quads``."""

    k: int
    seed: int
    records: dict[str, Any]
    stamps: dict[str, SourceStamp]
    unscaled: tuple[str, ...]  # loaders passed through once, not multiplied


def measure(records: dict[str, Any], stamps: dict[str, SourceStamp]) -> Profile:
    """The empirical distributions of the real shipped records."""
    units = records["survey2013"].units
    cells: dict[str, list[TaskCell]] = {}
    answers: dict[str, list[GovernanceAnswer]] = {}
    for unit in units:
        for cell in unit.tasks:
            cells.setdefault(cell.task, []).append(cell)
        for answer in unit.governance:
            answers.setdefault(answer.question, []).append(answer)
    return Profile(
        cells={task: tuple(found) for task, found in cells.items()},
        answers={q: tuple(found) for q, found in answers.items()},
        adjacent=tuple(u.adjacent_fields for u in units if u.adjacent_fields),
        lines={s.id: s.lines for s in stamps.values()},
    )


def distributions(records: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Counts that show the shape is kept: levels, statuses, answers, members per region.

    The report prints these for the real records beside each synthetic scale.
    """
    units = records["survey2013"].units
    return {
        "levels": _counts("|".join(c.levels) or "(none)" for u in units for c in u.tasks),
        "status": _counts(c.status or "(none)" for u in units for c in u.tasks),
        "answers": _counts(f"{a.question}={a.code}" for u in units for a in u.governance),
        "members per unit": _counts(str(len(u.members)) for u in units),
        "arrangements per municipality": _counts(
            str(n) for n in Counter(m.code for u in units for m in _all_members(u)).values()
        ),
    }


def generate(k: int, records: dict[str, Any], stamps: dict[str, SourceStamp], seed: int = SEED) -> Synthetic:
    """Records k times the size of ``records`` (the real shipped facts), drawn with ``seed``."""
    if k < 1:
        raise ValueError(f"scale factor k must be at least 1, not {k}")
    profile = measure(records, stamps)
    rng = random.Random(seed)
    out: dict[str, Any] = {}
    unscaled = []
    for name, record in records.items():
        scaler = SCALERS.get(name)
        if scaler is None:
            out[name] = record
            unscaled.append(name)
        else:
            out[name] = scaler(record, k, profile, rng)
    scaled_stamps = {
        sid: dataclasses.replace(s, lines=s.lines * k) if _scaled_source(sid, unscaled) else s
        for sid, s in stamps.items()
    }
    return Synthetic(k, seed, out, scaled_stamps, tuple(unscaled))


def _scaled_source(source_id: str, unscaled: list[str]) -> bool:
    from loaders.registry import LOADERS

    return not any(source_id in loader.sources for loader in LOADERS if loader.name in unscaled)


# --- identifiers of copy c -------------------------------------------------------------


def code(real: str, c: int) -> str:
    """A fresh CBS-style code for copy ``c`` (``GM0014`` → ``GM0014-7``); copy 0 keeps it."""
    return real if c == 0 else f"{real}-{c}"


def name(real: str, c: int) -> str:
    """A fresh name for copy ``c`` (``Appingedam`` → ``Appingedam 7``)."""
    return real if c == 0 else f"{real} {c}"


def survey_id(real: str, c: int) -> str:
    """Survey number ``n`` of copy ``c`` is ``c·100 + n`` (``34.1`` → ``734.1``): still a decimal."""
    whole, dot, part = real.partition(".")
    return f"{c * 100 + int(whole)}{dot}{part}"


def shift(evidence: Evidence, c: int, profile: Profile) -> Evidence:
    """The evidence of copy ``c``: the same span, ``c`` source lengths further down."""
    offset = c * profile.lines.get(evidence.source, 0)
    return Evidence(evidence.source, evidence.first + offset, evidence.last + offset)


# --- reference (CBS, RvIG) --------------------------------------------------------------


def scale_reference(reference: Reference, k: int, profile: Profile, rng: random.Random) -> Reference:
    """k copies of every municipality, merger and division membership, with fresh codes."""
    return Reference(
        municipalities=tuple(_municipality(m, c, profile) for c in range(k) for m in reference.municipalities),
        mergers=tuple(_merger(m, c, profile) for c in range(k) for m in reference.mergers),
        divisions=tuple(_placement(row, c, profile) for c in range(k) for row in reference.divisions),
    )


def _municipality(m: Municipality, c: int, profile: Profile) -> Municipality:
    return dataclasses.replace(
        m,
        code=code(m.code, c),
        name=name(m.name, c),
        province_code=code(m.province_code, c),
        province_name=name(m.province_name, c),
        successor_2017=code(m.successor_2017, c) if m.successor_2017 else None,
        evidence=shift(m.evidence, c, profile),
    )


def _merger(m: Merger, c: int, profile: Profile) -> Merger:
    return dataclasses.replace(
        m,
        original=tuple(code(o, c) for o in m.original),
        resulting=code(m.resulting, c),
        evidence=shift(m.evidence, c, profile),
    )


def _placement(row: DivisionMembership, c: int, profile: Profile) -> DivisionMembership:
    return dataclasses.replace(
        row,
        municipality=code(row.municipality, c),
        divisions=tuple(Division(d.kind, code(d.code, c), name(d.name, c)) for d in row.divisions),
        evidence=shift(row.evidence, c, profile),
    )


# --- the 2013 survey --------------------------------------------------------------------


def scale_survey(survey: Survey, k: int, profile: Profile, rng: random.Random) -> Survey:
    """k copies of every answering unit; task cells and answers drawn from the real ones."""
    return Survey(units=tuple(_unit(u, c, profile, rng) for c in range(k) for u in survey.units))


def _unit(unit: SurveyUnit, c: int, profile: Profile, rng: random.Random) -> SurveyUnit:
    adjacent = rng.choice(profile.adjacent) if unit.adjacent_fields and profile.adjacent else unit.adjacent_fields
    return dataclasses.replace(
        unit,
        survey_id=survey_id(unit.survey_id, c),
        name=name(unit.name, c),
        evidence=shift(unit.evidence, c, profile),
        parent=survey_id(unit.parent, c) if unit.parent else None,
        members=tuple(_member(m, c, profile) for m in unit.members),
        subregions=tuple(
            SubRegion(name(s.name, c), tuple(_member(m, c, profile) for m in s.members), shift(s.evidence, c, profile))
            for s in unit.subregions
        ),
        tasks=tuple(_drawn(rng.choice(profile.cells[t.task]), t.evidence, c, profile) for t in unit.tasks),
        governance=tuple(_drawn(rng.choice(profile.answers[a.question]), a.evidence, c, profile) for a in unit.governance),
        adjacent_fields=adjacent,
        adjacent_fields_evidence=shift(unit.adjacent_fields_evidence, c, profile) if unit.adjacent_fields_evidence else None,
        coordinator_domain=_domain(unit.coordinator_domain, c),
        coordinator_evidence=shift(unit.coordinator_evidence, c, profile) if unit.coordinator_evidence else None,
    )


def _member(m: Member, c: int, profile: Profile) -> Member:
    return Member(name(m.printed, c), code(m.code, c), shift(m.evidence, c, profile))


def _drawn(record: Any, evidence: Evidence, c: int, profile: Profile) -> Any:
    """A real record drawn from the profile, placed where the template's record stood."""
    return dataclasses.replace(record, evidence=shift(evidence, c, profile))


def _domain(domain: str | None, c: int) -> str | None:
    """A fresh organisation per copy: ``groningen.nl`` → ``s7.groningen.nl``."""
    return domain if domain is None or c == 0 else f"s{c}.{domain}"


# --- partners, financiers and coordinators of the 2013 survey ---------------------------------


def scale_partners(records: Any, k: int, profile: Profile, rng: random.Random) -> Any:
    """k copies of every partner mention, financier contact and coordinator.

    The organisations named stay the real ones: the partner builder resolves organisation
    ids against the shipped organisation table (``OrganisationIndex.load()``), not against
    the records it is given, so fresh organisations cannot be made from records. Each
    copy's regions therefore name the real partners and financiers, which links the
    copies to one another through them.
    """
    return dataclasses.replace(
        records,
        partners=tuple(
            dataclasses.replace(m, survey_id=survey_id(m.survey_id, c), evidence=shift(m.evidence, c, profile))
            for c in range(k) for m in records.partners
        ),
        financiers=tuple(
            dataclasses.replace(f, survey_id=survey_id(f.survey_id, c), evidence=tuple(shift(e, c, profile) for e in f.evidence))
            for c in range(k) for f in records.financiers
        ),
        coordinators=tuple(
            dataclasses.replace(
                x, survey_id=survey_id(x.survey_id, c), domain=_domain(x.domain, c), evidence=shift(x.evidence, c, profile),
                municipality=code(x.municipality, c) if x.municipality else None,
            )
            for c in range(k) for x in records.coordinators
        ),
    )


def _all_members(unit: SurveyUnit) -> list[Member]:
    return list(unit.members) + [m for s in unit.subregions for m in s.members]


def _counts(items: Any) -> dict[str, int]:
    return dict(sorted(Counter(items).items()))


#: How each known loader's records are scaled; others pass through once.
SCALERS: dict[str, Callable[[Any, int, Profile, random.Random], Any]] = {
    "reference": scale_reference,
    "survey2013": scale_survey,
    "partners2013": scale_partners,
}
