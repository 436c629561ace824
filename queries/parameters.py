"""Query parameters: declared by how a variable is named (grlc), typed, checked, made RDF terms.

A variable ``?_name_type`` is a required parameter, ``?__name_type`` an optional one. The
name is letters and digits (no underscore); the optional suffix gives the type:

=================  ===========================================================
suffix             value becomes
=================  ===========================================================
(none), literal    a plain string literal
iri                an IRI — given in full, as a CURIE (``jgt:pleegzorg``), or as
                   a short key resolved through the declared lookup (see below)
integer, decimal,  a literal of that XSD datatype, checked and written in
boolean, date,     canonical form (``"07"`` → ``7``)
gYear
nl, en, …          a literal with that language tag (two or three letters)
prefix_local       a literal of datatype ``prefix:local`` (``xsd_date``)
=================  ===========================================================

Values are only ever turned into pyoxigraph terms here; :mod:`queries.binding` writes
those terms into a query with their own N-Triples serialisation, so a value can never
become SPARQL syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode

from ontology import PREFIXES
from ontology.errors import JeugdgraafError

XSD = PREFIXES["xsd"]

#: ``?_name``, ``?__name_type``, ``?_name_prefix_local`` — one regex, commented.
PARAMETER_VARIABLE = re.compile(
    r"""[?$]
    (?P<optional>__?)            # _ required, __ optional
    (?P<name>[A-Za-z][A-Za-z0-9]*)  # the parameter's name (no underscore)
    (?:_(?P<type>[A-Za-z][A-Za-z0-9]*)  # its type, or a prefix …
       (?:_(?P<local>[A-Za-z][A-Za-z0-9]*))?  # … followed by a datatype's local name
    )?
    \b""",
    re.VERBOSE,
)

DATATYPES = {"integer", "decimal", "boolean", "date", "gYear", "string"}
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
#: Characters that never belong in an IRI (RFC 3987) and that would end an IRIREF in SPARQL.
IRI_FORBIDDEN = re.compile(r"[\x00-\x20<>\"{}|\\^`]")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`]+$")
#: A short key (``34.1``, ``GM0014``, ``'s-Hertogenbosch``): printable, no SPARQL punctuation.
KEY_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f<>\"{}\\`|^;]")
MAX_VALUE_LENGTH = 300


class ParameterError(JeugdgraafError, ValueError):
    """A value does not fit its parameter; the catalogue adds the query's and parameter's name."""


@dataclass(frozen=True)
class Lookup:
    """How a short key for an IRI parameter is checked and resolved.

    ``cls`` is the class every value must be an instance of; ``where`` adds further
    ``(predicate, object)`` pairs it must have (``skos:inScheme jg:SurveyTasks``,
    ``jg:arrangementType jgr:jeugdzorgregio``). Keys are matched, case-insensitively and in
    this order, against identifiers (``dcterms:identifier``, ``jg:cbsCode``,
    ``skos:notation``), labels (``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``) and
    the IRI's last segment; the first tier with exactly one instance wins.
    """

    cls: NamedNode | None = None
    where: tuple[tuple[NamedNode, NamedNode], ...] = ()

    def constraints(self) -> tuple[tuple[NamedNode, NamedNode], ...]:
        """Every ``(predicate, object)`` pair a value must have, the class first."""
        typed = ((NamedNode(PREFIXES["rdf"] + "type"), self.cls),) if self.cls else ()
        return typed + self.where


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a saved query.

    ``kind`` is ``"iri"``, ``"literal"``, ``"lang"`` or ``"typed"``; ``datatype`` the
    datatype IRI of typed literals and ``language`` the tag of language literals.
    ``values`` lists the allowed values; ``values_query`` is a SPARQL SELECT whose
    ``?value`` column lists them (run against the store or endpoint only when needed).
    """

    name: str
    variable: str
    required: bool
    kind: str
    datatype: str | None = None
    language: str | None = None
    description: str = ""
    default: str | None = None
    values: tuple[str, ...] = ()
    values_query: str | None = None
    lookup: Lookup = field(default_factory=Lookup)
    examples: tuple[str, ...] = ()

    @property
    def type_label(self) -> str:
        """A short human-readable type: ``IRI of jg:SurveyRegion``, ``xsd:integer``, ``@nl``."""
        if self.kind == "iri":
            return f"IRI of {compact(self.lookup.cls.value)}" if self.lookup.cls else "IRI"
        if self.kind == "lang":
            return f"text @{self.language}"
        if self.kind == "typed":
            return compact(self.datatype or "")
        return "text"

    def coerce(self, value: str) -> NamedNode | Literal | str:
        """The value as an RDF term; for an IRI parameter, a ``str`` key still to be resolved.

        Raises :class:`ParameterError` with the reason when the value has the wrong form.
        """
        if not isinstance(value, str):
            value = _text(value)
        if len(value) > MAX_VALUE_LENGTH:
            raise ParameterError(f"value longer than {MAX_VALUE_LENGTH} characters")
        if self.kind == "iri":
            return _iri_or_key(value)
        if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", value):
            raise ParameterError("value contains control characters")
        if self.kind == "lang":
            return Literal(value, language=self.language)
        if self.kind == "typed" and self.datatype:
            return Literal(_canonical(value, self.datatype), datatype=NamedNode(self.datatype))
        return Literal(value)


def parameter_from_variable(match: re.Match[str]) -> Parameter:
    """The bare :class:`Parameter` a variable name declares (no decorators yet)."""
    name, kind_name, local = match["name"], match["type"], match["local"]
    variable = match.group(0)[1:]
    required = match["optional"] == "_"
    if local is not None:
        if kind_name not in PREFIXES:
            raise ParameterError(f"?{variable}: unknown prefix {kind_name!r} in the datatype")
        return Parameter(name, variable, required, "typed", datatype=PREFIXES[kind_name] + local)
    if kind_name is None or kind_name in ("literal", "string"):
        return Parameter(name, variable, required, "literal")
    if kind_name == "iri":
        return Parameter(name, variable, required, "iri")
    if kind_name in DATATYPES:
        return Parameter(name, variable, required, "typed", datatype=XSD + kind_name)
    if LANGUAGE.match(kind_name):
        return Parameter(name, variable, required, "lang", language=kind_name)
    raise ParameterError(f"?{variable}: unknown parameter type {kind_name!r}")


def parse_curie(text: str) -> NamedNode:
    """``jg:SurveyRegion`` (or a full IRI) → the NamedNode; for decorators, not user values."""
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return NamedNode(PREFIXES[prefix] + local)
    return NamedNode(text.strip("<>"))


def compact(iri: str) -> str:
    """``https://w3id.org/jeugdgraaf/def#Municipality`` → ``jg:Municipality`` where a prefix fits."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    local = iri[len(best) :]
    if not re.fullmatch(r"[A-Za-z0-9_.-]*", local) or local.endswith("."):
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{local}"


def _iri_or_key(value: str) -> NamedNode | str:
    """A full IRI (``<…>`` or ``scheme:…``), a CURIE of a known prefix, or a key to resolve."""
    text = value.strip()
    if text.startswith("<") or text.endswith(">"):
        if not (text.startswith("<") and text.endswith(">")) or IRI_FORBIDDEN.search(text[1:-1]):
            raise ParameterError("not a valid IRI: it contains characters IRIs may not hold")
        text = text[1:-1]
        if not IRI.match(text):
            raise ParameterError("not a valid absolute IRI")
        return _named_node(text)
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not IRI_FORBIDDEN.search(local):
        return _named_node(PREFIXES[prefix] + local)
    if sep and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", prefix) and local.startswith("//"):
        if IRI_FORBIDDEN.search(text) or not IRI.match(text):
            raise ParameterError("not a valid IRI: it contains characters IRIs may not hold")
        return _named_node(text)
    if not text or KEY_FORBIDDEN.search(text):
        raise ParameterError("neither an IRI nor a key: keys may not hold < > \" { } \\ ` | ^ ; or control characters")
    return text


def _named_node(text: str) -> NamedNode:
    try:
        return NamedNode(text)
    except ValueError as exc:
        raise ParameterError(f"not a valid IRI: {exc}") from None


def _canonical(value: str, datatype: str) -> str:
    """The canonical lexical form of ``value`` for the XSD datatypes we check."""
    text = value.strip()
    local = datatype[len(XSD) :] if datatype.startswith(XSD) else None
    try:
        if local == "integer":
            if not re.fullmatch(r"[+-]?[0-9]+", text):
                raise ValueError
            return str(int(text))
        if local == "decimal":
            number = Decimal(text)
            if not number.is_finite() or not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", text):
                raise ValueError
            return format(number.normalize(), "f") if number != 0 else "0"
        if local == "boolean":
            return {"true": "true", "1": "true", "false": "false", "0": "false"}[text.lower()]
        if local == "date":
            return date.fromisoformat(text).isoformat()
        if local == "gYear":
            if not re.fullmatch(r"-?[0-9]{4}", text):
                raise ValueError
            return text
    except (ValueError, KeyError, InvalidOperation):
        raise ParameterError(f"not a valid {compact(datatype)}: {value!r}") from None
    return value


def _text(value: object) -> str:
    """Python values from the API (``2017``, ``True``) as the text a user would type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
