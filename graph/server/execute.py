"""A query job, its outcome, and executing one on a store with the answer serialised as it is read.

Runs in the thread that answers the request (the deadline is kept by the ASGI layer,
see docs/server.md). The result-size limit is applied while reading: at most
``max_results`` solutions or triples are sent, and the :class:`Outcome` says when more
existed. The answer is produced in batches of :data:`BATCH` rows: the first
:data:`BUFFER` bytes are gathered (so errors that surface while reading still get their
status, and small answers a ``Content-Length``), the rest streams. Solutions are written
as SPARQL JSON by ``json.dumps`` (the one format whose escaping it guarantees); for XML,
CSV and TSV each batch is converted by pyoxigraph and the batches are joined, so every
format carries exactly the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
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
#: Rows serialised at a time, and bytes gathered before the answer starts to stream.
BATCH = 1000
BUFFER = 256 * 1024
#: Where each result format's header ends and what its footer is (see :func:`_split`).
_HEAD_END = {"csv": b"\r\n", "tsv": b"\n", "xml": b"<results>"}
_FOOT = {"csv": b"", "tsv": b"", "xml": b"</results></sparql>"}


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
    When ``rest`` is set the answer was larger than :data:`BUFFER`: ``body`` is its first
    part, ``rest`` yields the others, and whether the limit cuts it is not known yet.
    """

    media_type: str = ""
    body: bytes = b""
    truncated: bool = False
    error: str = ""
    message: str = ""
    rows: int = 0
    rest: Iterator[bytes] | None = None

    def whole(self) -> bytes:
        """The complete body (reads the rest of a streamed answer)."""
        return self.body if self.rest is None else self.body + b"".join(self.rest)


@dataclass
class _Count:
    """What the capped reader saw: rows sent and whether more existed."""

    rows: int = 0
    truncated: bool = False


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
    if isinstance(result, QueryBoolean):
        return Outcome(fmt.content_type, result.serialize(format=_RESULT_FORMATS[fmt.name]), rows=1)
    count = _Count()
    if isinstance(result, QuerySolutions):
        chunks = _solutions(result, fmt, _capped(result, job.max_results, count))
    else:
        chunks = _triples(fmt, _capped(result, job.max_results, count))
    return _gathered(fmt, chunks, count)


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


def _gathered(fmt: Format, chunks: Iterator[bytes], count: _Count) -> Outcome:
    """The first :data:`BUFFER` bytes in hand (or all of a smaller answer), the rest to stream.

    Evaluation errors surface while reading; in the gathered part they still become a
    500 with a message, later ones end the stream (see :mod:`graph.server.asgi`).
    """
    parts: list[bytes] = []
    size = 0
    try:
        for chunk in chunks:
            parts.append(chunk)
            size += len(chunk)
            if size >= BUFFER:
                return Outcome(fmt.content_type, b"".join(parts), rows=count.rows, rest=chunks)
    except (OSError, ValueError) as exc:
        return Outcome(error="internal", message=f"the query failed while running: {exc}")
    return Outcome(fmt.content_type, b"".join(parts), count.truncated, rows=count.rows)


def _capped(items: Iterable[Any], limit: int, count: _Count) -> Iterator[Any]:
    """At most ``limit`` items; ``count`` says how many were sent and whether more existed."""
    for item in items:
        if count.rows == limit:
            count.truncated = True
            return
        count.rows += 1
        yield item


def _batches(items: Iterator[Any]) -> Iterator[list[Any]]:
    while batch := list(islice(items, BATCH)):
        yield batch


def _solutions(result: QuerySolutions, fmt: Format, rows: Iterator[Any]) -> Iterator[bytes]:
    """The solutions in ``fmt``, batch by batch."""
    variables = [v.value for v in result.variables]
    if fmt.name == "json":
        yield from _json_solutions(variables, rows)
        return
    started = False
    for batch in _batches(rows):
        head, middle = _split(_convert(variables, batch, fmt), fmt)
        yield middle if started else head + middle
        started = True
    yield _FOOT[fmt.name] if started else _convert(variables, [], fmt)


def _json_solutions(variables: list[str], rows: Iterator[Any]) -> Iterator[bytes]:
    yield b'{"head":{"vars":' + _dumps(variables) + b'},"results":{"bindings":['
    separator = b""
    for batch in _batches(rows):
        yield separator + b",".join(_dumps(_binding(row, variables)) for row in batch)
        separator = b","
    yield b"]}}"


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _convert(variables: list[str], batch: list[Any], fmt: Format) -> bytes:
    """One batch as a complete document in ``fmt``, by way of SPARQL JSON."""
    document = {"head": {"vars": variables}, "results": {"bindings": [_binding(row, variables) for row in batch]}}
    return parse_query_results(_dumps(document), QueryResultsFormat.JSON).serialize(format=_RESULT_FORMATS[fmt.name])


def _split(document: bytes, fmt: Format) -> tuple[bytes, bytes]:
    """A batch's document as (header, rows): the footer is dropped, batches join into one."""
    end = document.index(_HEAD_END[fmt.name]) + len(_HEAD_END[fmt.name])
    return document[:end], document[end : len(document) - len(_FOOT[fmt.name])]


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


def _triples(fmt: Format, triples: Iterator[Any]) -> Iterator[bytes]:
    """The triples in ``fmt``: N-Triples and Turtle batch by batch (batches join), the others at once.

    A Turtle batch repeats the ``@prefix`` lines, which Turtle allows; JSON-LD and RDF/XML
    documents do not join, so those are written in one piece (the row limit bounds them).
    """
    rdf = _RDF_FORMATS[fmt.name]
    if fmt.name not in ("nt", "ttl"):
        yield serialize(list(triples), format=rdf, prefixes=PREFIXES) or b""
        return
    for batch in _batches(triples):
        yield serialize(batch, format=rdf, prefixes=PREFIXES) or b""
