"""Read the saved queries: ``#+`` decorator lines (YAML) on top of plain SPARQL.

Each file becomes one frozen :class:`Query`; the CLI, the server and the Python API all
read that record and nothing parses a file twice. Decorators (all optional but
``summary``)::

    #+ summary: One line: the question the query answers
    #+ description: What it answers, how to read it, which document it rests on.
    #+ tags: [survey, tasks]
    #+ params:
    #+   region:                       # the parameter ?_region_iri
    #+     description: the survey region (its number, name or IRI)
    #+     class: jg:SurveyRegion      # values must be instances of this class …
    #+     where: {skos:inScheme: jg:SurveyTasks}   # … with these properties
    #+     values: [a, b]              # allowed values, or
    #+     values_query: SELECT ?value ?label WHERE { … }
    #+ defaults: {region: "34.1"}      # grlc also allows a list of one-key mappings
    #+ enumerate: {level: [lokaal, regionaal]}    # grlc spelling of ``values``
    #+ examples:                       # parameter sets the tests run the query with
    #+   - {region: "13"}

Parameters themselves are declared by variable names (:mod:`queries.parameters`).
:func:`bind` checks a set of values against them and returns the query text with the
values bound as RDF terms (:mod:`queries.binding`).
"""

from __future__ import annotations

import difflib
import re
import shlex
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import NamedNode

from ontology.errors import JeugdgraafError
from queries.binding import Term, opening_brace
from queries.binding import bind as bind_terms
from queries.parameters import (
    PARAMETER_VARIABLE,
    Lookup,
    Parameter,
    ParameterError,
    parameter_from_variable,
    parse_curie,
)

CATALOGUE = Path(__file__).resolve().parent

DECORATORS = {"summary", "description", "tags", "params", "defaults", "enumerate", "examples", "defaultView"}

#: The views a query may declare with ``#+ defaultView`` (as the Wikidata Query Service's
#: ``#defaultView:``), and the result columns each one needs (``optional`` may be left out).
VIEWS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "table": ((), ()),
    "bar": (("label", "value"), ("series",)),
    "heatmap": (("x", "y", "colour"), ()),
    "map": (("key", "colour"), ("label",)),
    "network": (("source", "target"), ("weight",)),
}
PARAM_KEYS = {"description", "class", "where", "values", "values_query", "default", "examples"}


class QueryError(JeugdgraafError):
    """A saved query or a parameter value is wrong; the message names the query and parameter."""


@dataclass(frozen=True)
class View:
    """How the explorer draws a query's result besides the table: the chart type and which
    result column plays which part (``{"x": "task", "y": "region", "colour": "status"}``)."""

    type: str
    columns: tuple[tuple[str, str], ...] = ()

    def column(self, part: str) -> str | None:
        return dict(self.columns).get(part)


def parse_view(spec: Any, sparql: str) -> View:
    """Read and check a ``#+ defaultView`` decorator: a type name, or a mapping with ``type``.

    Every column it names must be one the query's SELECT projects, so a renamed variable
    fails the catalogue instead of drawing an empty chart.
    """
    if isinstance(spec, str):
        spec = {"type": spec}
    if not isinstance(spec, dict) or spec.get("type") not in VIEWS:
        raise ValueError(f"defaultView must give a type, one of {', '.join(VIEWS)}")
    required, optional = VIEWS[spec["type"]]
    parts = {k: str(v) for k, v in spec.items() if k != "type"}
    missing = [r for r in required if r not in parts]
    unknown = sorted(set(parts) - set(required) - set(optional))
    if missing or unknown:
        raise ValueError(f"defaultView {spec['type']} needs {', '.join(required) or 'no columns'}" + (f" (also takes {', '.join(optional)})" if optional else "") + f"; got {', '.join(sorted(parts)) or 'none'}")
    select = re.search(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", sparql, re.DOTALL | re.IGNORECASE)
    projected = set(re.findall(r"\?(\w+)", select.group(1))) if select else set()
    absent = [c for c in parts.values() if c not in projected]
    if absent:
        raise ValueError(f"defaultView names column(s) {', '.join(absent)} the SELECT does not give")
    return View(spec["type"], tuple(sorted(parts.items())))


@dataclass(frozen=True)
class Query:
    """A saved query: its name (the file stem), metadata, parameters and SPARQL text."""

    name: str
    summary: str
    description: str
    tags: tuple[str, ...]
    sparql: str
    path: Path
    parameters: tuple[Parameter, ...] = ()
    examples: tuple[tuple[tuple[str, str], ...], ...] = ()
    view: View | None = None

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; :class:`QueryError` listing the others otherwise."""
        for p in self.parameters:
            if p.name == name:
                return p
        takes = ", ".join(p.name for p in self.parameters) or "no parameters"
        close = difflib.get_close_matches(name, [p.name for p in self.parameters])
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise QueryError(f"{self.name}: unknown parameter {name!r}{hint}; it takes {takes}")

    @property
    def body(self) -> str:
        """The SPARQL without its decorator lines."""
        return "\n".join(line for line in self.sparql.splitlines() if not line.startswith("#+")).strip() + "\n"

    def example_sets(self) -> list[dict[str, str]]:
        """The ``#+ examples`` as parameter mappings."""
        return [dict(e) for e in self.examples]


@dataclass(frozen=True)
class BoundQuery:
    """A query with checked values: the terms, and the SPARQL text they are bound in."""

    query: Query
    bindings: dict[str, Term]
    sparql: str


def parse_query(path: Path) -> Query:
    """Split a ``.rq`` file into its YAML decorators and its SPARQL, and read its parameters."""
    text = path.read_text(encoding="utf-8")
    header = [line[2:] for line in text.splitlines() if line.startswith("#+")]
    try:
        meta = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError as exc:
        raise QueryError(f"{path}: invalid decorator YAML: {exc}") from None
    if not isinstance(meta, dict) or not meta.get("summary"):
        raise QueryError(f"{path}: the decorators must give at least a summary")
    unknown = set(meta) - DECORATORS
    if unknown:
        raise QueryError(f"{path}: unknown decorator(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(DECORATORS))}")
    try:
        opening_brace(text)
        parameters = _parameters(text, meta)
        examples = tuple(tuple(sorted((str(k), _text(v)) for k, v in e.items())) for e in _mappings(meta.get("examples", [])))
        view = parse_view(meta["defaultView"], _without_decorators(text)) if "defaultView" in meta else None
    except (ParameterError, ValueError, TypeError) as exc:
        raise QueryError(f"{path}: {exc}") from None
    parameters = tuple(
        replace(p, examples=p.examples or tuple(dict.fromkeys(dict(e)[p.name] for e in examples if p.name in dict(e))))
        for p in parameters
    )
    query = Query(
        name=path.stem,
        summary=str(meta["summary"]).strip(),
        description=str(meta.get("description", "")).strip(),
        tags=tuple(str(t) for t in meta.get("tags", ())),
        sparql=text,
        path=path,
        parameters=parameters,
        examples=examples,
        view=view,
    )
    for example in query.example_sets():
        for name in example:
            if name not in {p.name for p in parameters}:
                raise QueryError(f"{path}: an example gives unknown parameter {name!r}")
    return query


def _without_decorators(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))


def load_catalogue(folder: Path = CATALOGUE) -> dict[str, Query]:
    """Every ``.rq`` file of ``folder`` by name, sorted."""
    return {p.stem: parse_query(p) for p in sorted(folder.glob("*.rq"), key=lambda p: p.stem)}


def get(name: str, folder: Path = CATALOGUE) -> Query:
    """The saved query called ``name``; a clear error listing close names otherwise."""
    path = folder / f"{name}.rq"
    if "/" in name or "\\" in name or not path.is_file():
        close = difflib.get_close_matches(name, [p.stem for p in folder.glob("*.rq")])
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise QueryError(f"no saved query called {name!r}{hint}; `jeugdgraaf query list` shows them")
    return parse_query(path)


def help_text(q: Query) -> str:
    """What ``jeugdgraaf query show NAME`` prints, and the Python API's ``describe``: the
    description, each parameter with its type, allowed values, default and examples, the
    example command lines, and the SPARQL."""
    lines = [f"{q.name}: {q.summary}", ""]
    if q.description:
        lines += [textwrap.TextWrapper(88, replace_whitespace=False).fill(q.description), ""]
    lines.append(f"tags: {', '.join(q.tags) or '-'}")
    if q.parameters:
        lines += ["", "parameters:"]
        for p in q.parameters:
            lines.append(f"  {p.name} ({'required' if p.required else 'optional'}, {p.type_label}; ?{p.variable})")
            for label, value in (
                ("", p.description),
                ("allowed: ", ", ".join(p.values) or ("the ?value column of its values_query" if p.values_query else "")),
                ("default: ", p.default or ""),
                ("examples: ", ", ".join(p.examples)),
            ):
                if value:
                    lines.append(f"      {label}{value}")
    for example in q.example_sets():
        args = " ".join(f"-p {shlex.quote(f'{k}={v}')}" for k, v in example.items())
        lines.append(f"example: jeugdgraaf query run {q.name} {args}")
    lines += ["", "sparql:", "", q.body.rstrip()]
    return "\n".join(lines)


def bind(query: Query, values: Mapping[str, Any], solutions: Any = None) -> BoundQuery:
    """Check ``values`` against the query's parameters and bind them as RDF terms.

    ``solutions`` (SPARQL → list of solutions, see :mod:`queries.resolve`) answers the
    lookups of short keys, class checks and enumeration queries on the store or endpoint
    the query will run on; it is only called when a value needs it. Every error is a
    :class:`QueryError` naming the query and the parameter.
    """
    given = {k: v for k, v in values.items() if v is not None}
    for name in given:
        query.parameter(name)
    bindings: dict[str, Term] = {}
    for p in query.parameters:
        raw = given.get(p.name, p.default)
        if raw is None:
            if p.required:
                raise QueryError(f"{query.name}: missing required parameter {p.name!r} ({_hint(p)})")
            continue
        try:
            bindings[p.variable] = _term(p, raw, solutions)
        except ParameterError as exc:
            raise QueryError(f"{query.name}: parameter {p.name!r}: {exc}") from None
    return BoundQuery(query, bindings, bind_terms(query.sparql, bindings))


def _term(p: Parameter, raw: Any, solutions: Any) -> Term:
    """One value → its term: coerced, resolved or checked, and compared with the allowed values."""
    from queries import resolve

    value = p.coerce(raw)
    if isinstance(value, str):
        if solutions is None or not p.lookup.constraints():
            raise ParameterError(f"{value!r} is not an IRI, and the parameter declares no class to look keys up in")
        value = resolve.resolve_key(value, p.lookup, solutions)
    elif isinstance(value, NamedNode) and solutions is not None:
        resolve.check_instance(value, p.lookup, solutions)
    if p.values:
        allowed = [_term(replace(p, values=()), v, solutions) for v in p.values]
        if value not in allowed:
            raise ParameterError(f"{_text(raw)!r} is not allowed; allowed values: {', '.join(p.values)}")
    elif p.values_query and solutions is not None:
        listed = resolve.allowed_values(p.values_query, solutions)
        if value not in [v for v, _ in listed]:
            shown = ", ".join(label for _, label in listed[:30]) + (" …" if len(listed) > 30 else "")
            raise ParameterError(f"{_text(raw)!r} is not allowed; allowed values: {shown}")
    return value


def _parameters(text: str, meta: dict[str, Any]) -> tuple[Parameter, ...]:
    """The parameters the variable names declare, completed by the decorators."""
    found: dict[str, Parameter] = {}
    for match in PARAMETER_VARIABLE.finditer(_sparql_only(text)):
        p = parameter_from_variable(match)
        if p.name in found and found[p.name].variable != p.variable:
            raise ParameterError(f"parameter {p.name!r} is declared twice: ?{found[p.name].variable} and ?{p.variable}")
        found[p.name] = p
    decorated = _declarations(meta)
    for name in decorated:
        if name not in found:
            raise ParameterError(f"the decorators describe parameter {name!r}, but no ?_{name}… variable declares it")
    return tuple(_decorate(p, decorated.get(p.name, {})) for p in sorted(found.values(), key=lambda p: (not p.required, p.name)))


def _declarations(meta: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``params`` merged with the grlc-style ``defaults`` and ``enumerate`` decorators."""
    params = meta.get("params") or {}
    if not isinstance(params, dict):
        raise ParameterError("'params' must map parameter names to their description")
    out = {str(k): dict(v or {}) for k, v in params.items()}
    for name, default in _merged(meta.get("defaults")).items():
        out.setdefault(name, {})["default"] = default
    for name, allowed in _merged(meta.get("enumerate")).items():
        out.setdefault(name, {})["values_query" if isinstance(allowed, str) else "values"] = allowed
    for name, spec in out.items():
        unknown = set(spec) - PARAM_KEYS
        if unknown:
            raise ParameterError(f"parameter {name!r}: unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(PARAM_KEYS))}")
    return out


def _decorate(p: Parameter, spec: dict[str, Any]) -> Parameter:
    where = tuple((parse_curie(str(k)), parse_curie(str(v))) for k, v in (spec.get("where") or {}).items())
    cls = parse_curie(str(spec["class"])) if spec.get("class") else None
    if (cls or where) and p.kind != "iri":
        raise ParameterError(f"parameter {p.name!r}: 'class' and 'where' need an IRI parameter (?_{p.name}_iri)")
    return replace(
        p,
        description=str(spec.get("description", "")).strip(),
        default=None if spec.get("default") is None else _text(spec["default"]),
        values=tuple(_text(v) for v in spec.get("values", ())),
        values_query=spec.get("values_query"),
        lookup=Lookup(cls, where),
        examples=tuple(_text(v) for v in spec.get("examples", ())),
    )


def _merged(decorator: Any) -> dict[str, Any]:
    """grlc writes ``defaults`` as a list of one-key mappings; a plain mapping is fine too."""
    out: dict[str, Any] = {}
    for mapping in _mappings(decorator or {}):
        out.update({str(k): v for k, v in mapping.items()})
    return out


def _mappings(value: Any) -> list[dict[str, Any]]:
    items = [value] if isinstance(value, dict) else list(value)
    if not all(isinstance(i, dict) for i in items):
        raise ParameterError("expected a mapping or a list of mappings")
    return items


def _sparql_only(text: str) -> str:
    """The query without its comment lines, so decorators do not declare parameters."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _hint(p: Parameter) -> str:
    example = (p.examples or p.values or ("…",))[0]
    return f"{p.type_label}; e.g. -p {p.name}={example}"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
