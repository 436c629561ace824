"""Plain, typed records that the loaders produce and the graph builder consumes.

Parsing messy PDF text and modelling RDF are two different problems. Between them sit
these frozen dataclasses: a parser test asserts on plain values, an ontology change never
touches a parser, and the shipped facts (``loaders/data/*.json``) are these records written
out as JSON, so a clone without ``../shared`` can still build the graph.

Every record that states a fact carries :class:`Evidence`: the source document and the
first and last (1-based, inclusive) line the fact was read from.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Evidence:
    """Where a fact stands: a source id (``"000"``, ``"cbs2017"`` …) and a line range."""

    source: str
    first: int
    last: int

    def __post_init__(self) -> None:
        if self.first < 1 or self.last < self.first:
            raise ValueError(f"bad line range {self.first}-{self.last} in source {self.source}")


# --- reference data (CBS, RvIG) -------------------------------------------------------


@dataclass(frozen=True)
class Municipality:
    """A municipality (gemeente) as CBS lists it, with the province it lay in.

    ``successor_2017`` is the CBS code of the municipality of 1 January 2017 that this
    one is, or was merged into (itself when unchanged); ``None`` for a 2017 municipality.
    """

    code: str  # "GM0014"
    name: str
    province_code: str  # "PV20"
    province_name: str
    year: int  # 2013 or 2017: the classification the record belongs to
    evidence: Evidence
    successor_2017: str | None = None
    inhabitants: int | None = None


@dataclass(frozen=True)
class Merger:
    """An ORG change event: municipalities that ended on ``date`` and the one they became."""

    date: str  # ISO date
    original: tuple[str, ...]  # CBS codes that ended
    resulting: str  # CBS code
    evidence: Evidence


@dataclass(frozen=True)
class Division:
    """One official division a 2017 municipality is placed in by CBS (jeugdzorgregio …)."""

    kind: str  # "jeugdzorgregio", "ggd-regio", "veiligheidsregio", "zorgkantoorregio", "arbeidsmarktregio", "provincie", "regionale-eenheid"
    code: str  # "JZ01"
    name: str


@dataclass(frozen=True)
class DivisionMembership:
    """A 2017 municipality placed in official divisions, as one row of CBS 83553NED."""

    municipality: str  # CBS code of 1 January 2017
    divisions: tuple[Division, ...]
    evidence: Evidence


@dataclass(frozen=True)
class Reference:
    """All reference facts the build needs: both classifications, mergers, divisions."""

    municipalities: tuple[Municipality, ...]
    mergers: tuple[Merger, ...]
    divisions: tuple[DivisionMembership, ...]


# --- the 2013 survey (document 000) ---------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A municipality named in a unit's 'Deelnemende gemeenten', resolved to its CBS code."""

    printed: str  # the name exactly as printed (wrapped parts joined)
    code: str  # CBS 2013 code, "GM0014"
    evidence: Evidence


@dataclass(frozen=True)
class SubRegion:
    """A named sub-region inside an answering unit (Zeeland's Walcheren …)."""

    name: str
    members: tuple[Member, ...]
    evidence: Evidence


@dataclass(frozen=True)
class TaskCell:
    """One row of the Inhoud Q1 table: a task, the levels named in its cell and the status.

    ``levels`` are level keys (``lokaal``, ``subregionaal``, ``regionaal``,
    ``bovenregionaal``, ``landelijk``) in the order the cell names them; ``status`` is a
    status key (``nog-geen-opvatting``, ``intentie``, ``gedeelde-afspraak``) or ``None``
    when the cell gives none. ``status_derived`` says the status was not printed as one of
    the three answers (free text mapped to the closest, or ``idem``).
    """

    task: str  # task key, e.g. "pleegzorg"
    levels: tuple[str, ...]
    status: str | None
    level_text: str
    status_text: str
    cell_text: str  # the raw text of the row as printed, lines joined with a space
    evidence: Evidence
    status_derived: bool = False


@dataclass(frozen=True)
class GovernanceAnswer:
    """A coded governance answer with its raw text.

    ``question`` is ``"councils-agreed"`` (Governance 1b) or ``"legally-embedded"`` (1d);
    ``code`` one of ``yes``, ``no``, ``partly``, ``unknown``.
    """

    question: str
    code: str
    text: str
    evidence: Evidence


@dataclass(frozen=True)
class SurveyUnit:
    """One answering unit of the 2013 survey: a region, or sub-region 34.1 / 34.2."""

    survey_id: str  # "1" … "41", "34", "34.1", "34.2"
    name: str  # header text after the number, whitespace collapsed
    evidence: Evidence  # header line to the unit's last line
    parent: str | None = None  # "34" for 34.1 and 34.2
    members: tuple[Member, ...] = ()
    subregions: tuple[SubRegion, ...] = ()
    tasks: tuple[TaskCell, ...] = ()
    governance: tuple[GovernanceAnswer, ...] = ()
    adjacent_fields: tuple[str, ...] = ()
    adjacent_fields_evidence: Evidence | None = None
    coordinator_domain: str | None = None  # mail domain of the contact, never the address
    coordinator_evidence: Evidence | None = None


@dataclass(frozen=True)
class Survey:
    """The 2013 survey: all its answering units, in document order."""

    units: tuple[SurveyUnit, ...] = field(default_factory=tuple)


# --- JSON round trip --------------------------------------------------------------------


def to_jsonable(record: Any) -> Any:
    """Turn a record (or tuple of records) into JSON-ready dicts and lists.

    Fields holding their default value are left out, so the shipped files stay small and
    a new optional field does not change every line of them.
    """
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(record):
            value = getattr(record, f.name)
            if f.default is not dataclasses.MISSING and value == f.default:
                continue
            if f.default_factory is not dataclasses.MISSING and value == f.default_factory():
                continue
            out[f.name] = to_jsonable(value)
        return out
    if isinstance(record, (tuple, list)):
        return [to_jsonable(item) for item in record]
    return record


def from_jsonable(cls: type[T], data: Any) -> T:
    """Rebuild a record of type ``cls`` from :func:`to_jsonable` output, checking shapes."""
    return _convert(cls, data, cls.__name__)


@functools.cache
def _field_types(tp: type) -> dict[str, Any]:
    """The resolved type of every field of a record class (resolving is slow: cached)."""
    hints = typing.get_type_hints(tp)
    return {f.name: hints[f.name] for f in dataclasses.fields(tp)}


def _convert(tp: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise ValueError(f"{where}: expected an object for {tp.__name__}")
        hints = _field_types(tp)
        unknown = set(data) - hints.keys()
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {sorted(unknown)} for {tp.__name__}")
        kwargs = {k: _convert(hints[k], v, f"{where}.{k}") for k, v in data.items()}
        return tp(**kwargs)
    if origin is tuple:
        args = typing.get_args(tp)
        if not isinstance(data, list):
            raise ValueError(f"{where}: expected a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], item, f"{where}[{i}]") for i, item in enumerate(data))
        return tuple(_convert(a, item, f"{where}[{i}]") for i, (a, item) in enumerate(zip(args, data)))
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if data is None:
            return None
        return _convert(args[0], data, where)
    if tp in (str, int, float, bool):
        if not isinstance(data, tp) or (tp is int and isinstance(data, bool)):
            raise ValueError(f"{where}: expected {tp.__name__}, got {type(data).__name__}")
        return data
    if tp is Any:
        return data
    raise TypeError(f"{where}: unsupported type {tp!r}")
