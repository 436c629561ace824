"""A query job, its outcome, and executing one on a store with the answer serialised.

Runs inside a query worker (see :mod:`graph.server.pool`). The result-size limit is
applied while reading: at most ``max_results`` solutions or triples are kept, and the
:class:`Outcome` says when more existed. Solutions are kept as SPARQL JSON (built here,
the one format whose escaping ``json.dumps`` guarantees) and pyoxigraph converts that to
the other result formats, so every format carries exactly the same rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import islice
from typing import Any

from pyoxigraph import (
    BlankNode,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    parse_query_results,
    serialize,
)

from graph.server.formats import FORMATS, GRAPH, RESULTS, Format, negotiate
from ontology import PREFIXES

_RESULT_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Job:
    """One query to run: SPARQL, dataset, wanted formats and the result-size limit."""

    sparql: str
    accept: tuple[str, ...]
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_results: int = 10_000


@dataclass(frozen=True)
class Outcome:
    """What a job gave: a body and its media type, or an error kind and message.

    ``error`` is ``"syntax"`` (400), ``"not-acceptable"`` (406), ``"bad-request"`` (400) or
    ``"internal"`` (500); ``truncated`` is true when the result-size limit cut it off.
    """

    media_type: str = ""
    body: bytes = b""
    truncated: bool = False
    error: str = ""
    message: str = ""
    rows: int = 0


def execute(store: Store, job: Job) -> Outcome:
    """Run the job's query; never raises for a bad query (the Outcome carries the error)."""
    try:
        result = store.query(job.sparql, prefixes=PREFIXES, **_dataset(job))
    except SyntaxError as exc:
        return Outcome(error="syntax", message=f"SPARQL syntax error: {exc}")
    except ValueError as exc:
        return Outcome(error="bad-request", message=str(exc))
    kind = GRAPH if not isinstance(result, (QuerySolutions, QueryBoolean)) else RESULTS
    fmt = negotiate(job.accept, kind)
    if fmt is None:
        return _not_acceptable(job, kind)
    try:
        if isinstance(result, QueryBoolean):
            return Outcome(fmt.content_type, result.serialize(format=_RESULT_FORMATS[fmt.name]), rows=1)
        if isinstance(result, QuerySolutions):
            return _solutions(result, fmt, job.max_results)
        return _triples(result, fmt, job.max_results)
    except (OSError, ValueError) as exc:  # evaluation errors surface while reading
        return Outcome(error="internal", message=f"the query failed while running: {exc}")


def _dataset(job: Job) -> dict[str, Any]:
    """The query's dataset: the protocol's graph IRIs, else the union of all named graphs."""
    args: dict[str, Any] = {}
    if job.default_graphs:
        args["default_graph"] = [NamedNode(iri) for iri in job.default_graphs]
    else:
        args["use_default_graph_as_union"] = True
    if job.named_graphs:
        args["named_graphs"] = [NamedNode(iri) for iri in job.named_graphs]
    return args


def _not_acceptable(job: Job, kind: str) -> Outcome:
    offered = ", ".join(f.media_type for f in FORMATS if f.kind == kind)
    return Outcome(
        error="not-acceptable",
        message=f"this {'query gives triples' if kind == GRAPH else 'query gives a result table'}; "
        f"none of the accepted types ({', '.join(job.accept)}) fits. Ask for one of: {offered}",
    )


def _solutions(result: QuerySolutions, fmt: Format, limit: int) -> Outcome:
    variables = [v.value for v in result.variables]
    rows = list(islice(result, limit + 1))
    truncated = len(rows) > limit
    document = {
        "head": {"vars": variables},
        "results": {"bindings": [_binding(row, variables) for row in rows[:limit]]},
    }
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    if fmt.name != "json":
        body = parse_query_results(body, QueryResultsFormat.JSON).serialize(format=_RESULT_FORMATS[fmt.name])
    return Outcome(fmt.content_type, body, truncated, rows=min(len(rows), limit))


def _binding(row: Any, variables: list[str]) -> dict[str, dict[str, str]]:
    return {v: _json_term(row[v]) for v in variables if row[v] is not None}


def _json_term(term: Any) -> dict[str, Any]:
    """A term in the SPARQL 1.1 JSON results encoding."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {p: _json_term(getattr(term, p)) for p in parts}}
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _triples(result: Any, fmt: Format, limit: int) -> Outcome:
    triples = list(islice(result, limit + 1))
    body = serialize(triples[:limit], format=_RDF_FORMATS[fmt.name], prefixes=PREFIXES)
    return Outcome(fmt.content_type, body or b"", len(triples) > limit, rows=min(len(triples), limit))
