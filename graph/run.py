"""Execute SPARQL — ad hoc or a saved query with parameters — locally or on a remote endpoint.

A *target* is anything with ``terms(sparql) -> TermTable``: :class:`LocalTarget` wraps the
pyoxigraph store, :class:`graph.remote.Endpoint` a SPARQL 1.1 endpoint. Both return
pyoxigraph terms, so one conversion (:func:`graph.output.plain`) makes their rows equal.
The local path imports neither rdflib nor SPARQLWrapper (fast ``query run``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pyoxigraph import Literal, NamedNode, QueryBoolean, QuerySolutions, Store

from graph.errors import GraphError
from graph.output import Table, plain
from ontology import PREFIXES
from queries.binding import Term, inject, values_block
from queries.binding import bind as bind_terms
from queries.catalog import BoundQuery, Query, bind, get
from queries.parameters import compact

#: Labels for IRIs in readable tables and pages: Dutch first, then untagged, then English.
LABELS_SPARQL = "SELECT ?item ?label WHERE { ?item rdfs:label|skos:prefLabel ?label }"
_LANGUAGE_RANK = {"nl": 0, None: 1, "": 1, "en": 2}
#: IRIs asked for in one label query (a VALUES block of this many rows stays fast).
_LABEL_CHUNK = 500


@dataclass(frozen=True)
class TermTable:
    """Columns and rows of RDF terms (``None`` where a variable is unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def plain(self) -> Table:
        """Plain Python values: IRIs as strings, typed literals as numbers and booleans."""
        return Table(self.columns, tuple(tuple(plain(t) for t in row) for row in self.rows))

    def solutions(self) -> list[dict[str, Term]]:
        """Rows as dicts of the bound variables (what :mod:`queries.resolve` reads)."""
        return [{c: t for c, t in zip(self.columns, row) if t is not None} for row in self.rows]


class Target(Protocol):
    """Where queries run: the local store or a remote endpoint."""

    def terms(self, sparql: str) -> TermTable: ...


@dataclass
class LocalTarget:
    """The local pyoxigraph store; its default graph is the union of all named graphs."""

    store: Store

    def terms(self, sparql: str) -> TermTable:
        try:
            result = self.store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise GraphError(f"SPARQL syntax error: {exc}") from None
        if isinstance(result, QueryBoolean):
            return TermTable(("result",), ((_boolean(bool(result)),),))
        if not isinstance(result, QuerySolutions):
            raise GraphError("only SELECT and ASK queries give a table; use `jeugdgraaf export` for triples")
        columns = tuple(v.value for v in result.variables)
        return TermTable(columns, tuple(tuple(solution[c] for c in columns) for solution in result))


@dataclass(frozen=True)
class Result:
    """The answer to a saved query: the bound query and its terms."""

    bound: BoundQuery
    terms: TermTable

    def table(self) -> Table:
        """Exact plain values (for CSV, JSON, the API)."""
        return self.terms.plain()


def rows(store: Store, sparql: str, bindings: Mapping[str, Term] | None = None) -> list[dict[str, Term]]:
    """Solutions of a small fixed query as dicts of the bound variables.

    The one way the explorer and the network reader ask the local store a question:
    ``bindings`` are bound as RDF terms (a VALUES block), never pasted into the text.
    """
    return LocalTarget(store).terms(bind_terms(sparql, bindings or {})).solutions()


def select(store: Store, sparql: str) -> Table:
    """Run a SELECT (or ASK) query on ``store``; the default graph is the union of all graphs."""
    return LocalTarget(store).terms(sparql).plain()


def run_query(query: Query | str, params: Mapping[str, Any], target: Target) -> Result:
    """Check and bind ``params``, then run the saved query on ``target``."""
    saved = get(query) if isinstance(query, str) else query
    bound = bind(saved, params, lambda sparql: target.terms(sparql).solutions())
    return Result(bound, target.terms(bound.sparql))


def readable(terms: TermTable, target: Target, base: str | None = None) -> Table:
    """A table for people: IRIs shown by their label, else compacted (``jg:Municipality``)."""
    found = labels(target, (t for row in terms.rows for t in row))

    def show(t: Term | None) -> Any:
        if isinstance(t, NamedNode):
            return found.get(t.value) or _short(t.value, base)
        return plain(t)

    return Table(terms.columns, tuple(tuple(show(t) for t in row) for row in terms.rows))


def labels(target: Target, terms: Iterable[Term | None]) -> dict[str, str]:
    """IRI → its best label (Dutch, then untagged, then English), for the IRIs that have one.

    Non-IRI terms are ignored, so a whole result row can be passed. The IRIs are bound as a
    VALUES block, in chunks, through the same binding as parameters.
    """
    iris = sorted({t.value for t in terms if isinstance(t, NamedNode)})
    best: dict[str, tuple[int, str]] = {}
    for start in range(0, len(iris), _LABEL_CHUNK):
        chunk = [(NamedNode(iri),) for iri in iris[start : start + _LABEL_CHUNK]]
        for item, label in target.terms(inject(LABELS_SPARQL, values_block(("item",), chunk))).rows:
            if isinstance(item, NamedNode) and isinstance(label, Literal):
                rank = (_LANGUAGE_RANK.get(label.language, 3), label.value)
                best[item.value] = min(best.get(item.value, rank), rank)
    return {iri: label for iri, (_, label) in best.items()}


def _short(iri: str, base: str | None) -> str:
    """A CURIE where a project prefix fits, else the path below the instance base."""
    from graph.namespaces import DEFAULT_BASE

    short = compact(iri)
    if short != iri:
        return short
    for prefix in (base, DEFAULT_BASE):
        if prefix and iri.startswith(prefix):
            return iri[len(prefix) :]
    return iri


def _boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=NamedNode(PREFIXES["xsd"] + "boolean"))


__all__ = ["LocalTarget", "Result", "Target", "TermTable", "labels", "readable", "rows", "run_query", "select"]
