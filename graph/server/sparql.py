"""The SPARQL 1.1 Protocol at ``/sparql``: query by GET or POST, read-only, with a service description.

- ``GET /sparql?query=…`` and ``POST`` form-encoded (``query=…``) or direct
  (``application/sparql-query``); ``default-graph-uri`` / ``named-graph-uri`` honoured.
- Without them the default graph is the **union of all named graphs** (the service
  description says so with ``sd:UnionDefaultGraph``).
- Formats by ``Accept`` (or ``?format=``), from the table in :mod:`graph.server.formats`.
- Updates are refused with 403; a request with no query gets the service description
  (Turtle, or any RDF format by ``Accept``) — or, for a browser, the query editor.
- ``SERVICE`` (federated query) is refused with 400 unless its endpoint is on the
  allow-list (``serve --service IRI``): following any IRI a client names would let the
  server be used to reach hosts only it can see (server-side request forgery).

The project's prefixes (``jg:``, ``org:``, ``skos:`` …) are predeclared, so a query may
use them without ``PREFIX`` lines; a query's own ``PREFIX`` lines win.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import parse_qs

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from graph.server.execute import Job, Outcome
from graph.server.formats import (
    BY_NAME,
    FORMATS,
    GRAPH,
    accept_for,
    negotiate,
    wants_html,
)
from graph.server.http import HttpError, Request, Response

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDF = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD, "rdfxml": RdfFormat.RDF_XML}
_UPDATE_REFUSED = (
    "this endpoint is read-only: SPARQL Update is not accepted here. "
    "Rebuild the graph with `jeugdgraaf build` to change it"
)

#: An IRI reference in SPARQL's grammar (no spaces, so ``?a < ?b`` is not one).
_IRI = r"""<[^<>"{}|^`\\\x00-\x20]*>"""
#: Strings, IRIs and comments (matched whole, so text inside them never counts) and SERVICE clauses.
_TOKENS = re.compile(
    r'''"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\n]|\\.)*"'''
    r"""|'(?:[^'\\\n]|\\.)*'"""
    rf"|{_IRI}|#[^\n]*"
    rf"|\bSERVICE\b(?:\s+SILENT\b)?\s*(?P<target>{_IRI}|[?$]\w+|[\w.-]*:[\w.-]*)?",
    re.IGNORECASE,
)

#: Status code for each error kind a worker reports.
ERROR_STATUS = {"syntax": 400, "bad-request": 400, "not-acceptable": 406, "internal": 500}


def protocol_params(request: Request) -> dict[str, list[str]]:
    """The protocol's parameters from the URL and, for POST, the body; refuses updates (403)."""
    params = request.params
    if request.method == "POST":
        media = request.media_type
        if media == "application/sparql-update":
            raise HttpError(403, _UPDATE_REFUSED)
        if media == "application/x-www-form-urlencoded":
            for key, values in parse_qs(_text(request.body), keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            params["query"] = params.get("query", []) + [_text(request.body)]
        else:
            raise HttpError(
                415,
                f"a POST to the SPARQL endpoint must be application/x-www-form-urlencoded or "
                f"application/sparql-query, not {media or 'without a Content-Type'}",
            )
    if "update" in params or "using-graph-uri" in params:
        raise HttpError(403, _UPDATE_REFUSED)
    return params


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the request body is not UTF-8") from None


def job_from(params: dict[str, list[str]], accept: tuple[str, ...], max_results: int) -> Job:
    """The job for one protocol request: exactly one query, the dataset, the accepted types."""
    queries = params.get("query", [])
    if len(queries) != 1:
        raise HttpError(400, f"give exactly one 'query' parameter, not {len(queries)}")
    if not queries[0].strip():
        raise HttpError(400, "the 'query' parameter is empty")
    return Job(
        sparql=queries[0],
        accept=accept,
        default_graphs=tuple(_iris(params, "default-graph-uri")),
        named_graphs=tuple(_iris(params, "named-graph-uri")),
        max_results=max_results,
    )


def refuse_services(sparql: str, allowed: Iterable[str]) -> None:
    """400 for a ``SERVICE`` whose endpoint is not a full IRI on the allow-list."""
    from ontology import PREFIXES

    allowed = set(allowed)
    for match in _TOKENS.finditer(sparql):
        if match[0][:7].upper() != "SERVICE":
            continue
        target = match["target"] or ""
        prefix, colon, local = target.partition(":")
        iri = target[1:-1] if target.startswith("<") else PREFIXES[prefix] + local if colon and prefix in PREFIXES else ""
        if iri not in allowed:
            hint = "it follows no SERVICE" if not allowed else "it follows only " + ", ".join(f"<{a}>" for a in sorted(allowed))
            raise HttpError(400, f"SERVICE {target or '(no endpoint)'} refused: a federated query makes this server reach another host, and {hint} (serve --service IRI allows one)")


def _iris(params: dict[str, list[str]], name: str) -> list[str]:
    values = params.get(name, [])
    for value in values:
        try:
            NamedNode(value)
        except ValueError:
            raise HttpError(400, f"{name}: {value!r} is not an absolute IRI") from None
    return values


def accept_of(request: Request, params: dict[str, list[str]] | None = None) -> tuple[str, ...]:
    """Ranked media types for this request; ``format=`` (a short name) wins over ``Accept``."""
    name = (params or request.params).get("format", [""])[-1]
    try:
        return accept_for(name, request.header("accept"))
    except KeyError:
        raise HttpError(400, f"format: unknown format {name!r}; one of {', '.join(BY_NAME)}") from None


def outcome_response(outcome: Outcome, max_results: int) -> Response:
    """The HTTP answer for a worker's outcome: the body, or the error with its status."""
    if outcome.error:
        raise HttpError(ERROR_STATUS[outcome.error], outcome.message)
    response = Response(outcome.body, outcome.media_type, rest=outcome.rest)
    if outcome.truncated or outcome.rest is not None:
        # The header Virtuoso uses for the same cut-off, so existing clients recognise it;
        # a streamed answer carries it always, as the limit may yet cut it.
        response.headers["X-SPARQL-MaxRows"] = str(max_results)
    return response


def endpoint(request: Request, run: Callable[[Job], Outcome], max_results: int, editor: Callable[[], Response], named_graphs: list[str], services: Iterable[str] = ()) -> Response:
    """Answer one request to ``/sparql`` (``run`` executes a job)."""
    params = protocol_params(request)
    if "query" not in params:
        if wants_html(request.accept):
            return editor()
        return service_description(request, named_graphs)
    job = job_from(params, accept_of(request, params), max_results)
    refuse_services(job.sparql, services)
    return outcome_response(run(job), max_results)


def service_description(request: Request, named_graphs: list[str]) -> Response:
    """An ``sd:Service`` describing this endpoint: formats, union default graph, named graphs."""
    fmt = negotiate(accept_of(request), GRAPH)
    if fmt is None:
        raise HttpError(406, "the service description is RDF: ask for text/turtle, application/n-triples, application/ld+json or application/rdf+xml")
    host = request.header("host", "localhost")
    service = NamedNode(f"http://{host}/sparql#service")
    dataset, default = BlankNode("dataset"), BlankNode("default")

    def sd(local: str) -> NamedNode:
        return NamedNode(SD + local)

    triples = [
        Triple(service, RDF_TYPE, sd("Service")),
        Triple(service, sd("endpoint"), NamedNode(f"http://{host}/sparql")),
        Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        Triple(service, sd("defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, sd("Dataset")),
        Triple(dataset, sd("defaultGraph"), default),
        Triple(default, RDF_TYPE, sd("Graph")),
        Triple(default, NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"), Literal("The union of all named graphs.", language="en")),
    ]
    triples += [Triple(service, sd("resultFormat"), NamedNode(f.w3c)) for f in FORMATS]
    for name in named_graphs:
        graph = BlankNode(f"g{len(triples)}")
        triples += [Triple(dataset, sd("namedGraph"), graph), Triple(graph, sd("name"), NamedNode(name))]
    prefixes = {"sd": SD, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    return Response(serialize(triples, format=_RDF[fmt.name], prefixes=prefixes) or b"", fmt.content_type)
