"""The canned query catalogue over HTTP: list, describe (with a form), run in any format.

Everything about a query comes from its :class:`queries.catalog.Query` record, and values
are checked and bound by :func:`queries.catalog.bind` — the same path as ``jeugdgraaf
query run`` — before the bound query runs in the worker pool like any SPARQL request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from pyoxigraph import QueryBoolean, QueryResultsFormat, parse_query_results

from graph.run import rows
from graph.server.execute import Job
from graph.server.formats import RESULTS, negotiate, wants_html
from graph.server.http import HttpError, Request, Response
from graph.server.rendering import Site as App
from graph.server.rendering import cells, render
from queries.catalog import Query, QueryError, bind, load_catalogue
from queries.parameters import Parameter

#: Request parameters that steer the page, never query parameters.
CONTROL = {"format", "run"}
#: Beyond this many instances a parameter gets a text field instead of a drop-down.
MAX_OPTIONS = 1000


def _query(name: str) -> Query:
    catalogue = load_catalogue()
    if name not in catalogue:
        raise HttpError(404, f"no saved query called {name!r}; /queries lists them")
    return catalogue[name]


def summary(query: Query) -> dict[str, Any]:
    """The JSON-ready description of one query (list, JSON twin, form)."""
    return {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "parameters": [_parameter(p) for p in query.parameters],
        "sparql": query.sparql,
        "links": {"form": f"/queries/{query.name}", "run": f"/queries/{query.name}/run"},
    }


def _parameter(p: Parameter) -> dict[str, Any]:
    return {
        "name": p.name,
        "type": p.type_label,
        "required": p.required,
        "default": p.default,
        "description": p.description,
        "values": list(p.values),
        "examples": list(p.examples),
    }


def describe_all() -> list[dict[str, Any]]:
    return [summary(q) for q in load_catalogue().values()]


def options(app: App, p: Parameter) -> list[tuple[str, str]] | None:
    """The allowed values of a parameter as ``(value, label)`` for a drop-down, if they are few."""
    from queries import resolve

    def solutions(sparql: str) -> list[dict[str, Any]]:
        return rows(app.store, sparql)

    if p.values:
        return [(v, v) for v in p.values]
    if p.values_query:
        return [(term.value, label) for term, label in resolve.allowed_values(p.values_query, solutions)]
    if p.kind == "iri" and p.lookup.constraints():
        found = resolve.instances(p.lookup, solutions)
        if 0 < len(found) <= MAX_OPTIONS:
            return [(i.key, f"{i.label} ({i.key})" if i.label != i.key else i.key) for i in found]
    return None


def _values(request: Request) -> dict[str, str]:
    return {k: v[-1] for k, v in request.params.items() if k not in CONTROL and v and v[-1] != ""}


def _bound(app: App, query: Query, values: dict[str, str]) -> str:
    """The query text with ``values`` checked and bound; 400 naming the parameter otherwise."""
    try:
        return bind(query, values, lambda sparql: rows(app.store, sparql)).sparql
    except QueryError as exc:
        raise HttpError(400, str(exc)) from None


def form_context(app: App, name: str, request: Request) -> dict[str, Any]:
    """The query page: its description, a form with current values, and results when asked."""
    query = _query(name)
    values = _values(request)
    fields = [{**_parameter(p), "options": options(app, p), "value": values.get(p.name, p.default or "")} for p in query.parameters]
    context: dict[str, Any] = {"query": summary(query), "fields": fields, "results": None, "error": None}
    if "run" in request.params or values or not query.parameters:
        try:
            context["results"] = results_table(app, query, values)
        except HttpError as exc:
            context["error"] = exc.message
    context["downloads"] = [(fmt, f"/queries/{name}/run?" + urlencode({**values, "format": fmt})) for fmt in ("csv", "tsv", "json", "xml")]
    return context


def results_table(app: App, query: Query, values: dict[str, str]) -> dict[str, Any]:
    """Run the bound query and turn its result into columns and rows of cells."""
    from graph.server.sparql import outcome_response

    job = Job(_bound(app, query, values), ("application/sparql-results+json",), max_results=app.config.max_results)
    outcome = app.run_job(job)
    outcome_response(outcome, app.config.max_results)  # raises the error, if any
    result = parse_query_results(outcome.body, QueryResultsFormat.JSON)
    if isinstance(result, QueryBoolean):
        return {"columns": ["result"], "rows": [[{"text": str(bool(result)).lower(), "href": None, "title": "xsd:boolean", "numeric": False}]], "truncated": False}
    columns = [v.value for v in result.variables]
    table = [[solution[c] for c in columns] for solution in result]
    return {"columns": columns, "rows": cells(app, table), "truncated": outcome.truncated, "limit": app.config.max_results}


def run(app: App, name: str, request: Request) -> Response:
    """``/queries/NAME/run``: the bound query in any result format (``format=`` or ``Accept``)."""
    from graph.server.sparql import accept_of, outcome_response

    query = _query(name)
    values = _values(request)
    if not request.param("format") and wants_html(request.accept):
        context = form_context(app, name, Request(request.method, request.path, request.query_string + "&run=1", request.headers))
        return render(app, "query.html", {**context, "nav": "queries"})
    accept = accept_of(request)
    if negotiate(accept, RESULTS) is None:
        raise HttpError(406, "saved queries give result tables: ask for application/sparql-results+json, application/sparql-results+xml, text/csv or text/tab-separated-values")
    job = Job(_bound(app, query, values), accept, max_results=app.config.max_results)
    response = outcome_response(app.run_job(job), app.config.max_results)
    fmt = request.param("format")
    if fmt:
        response.headers["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    return response


def examples(app: App) -> list[dict[str, str]]:
    """The catalogue for the SPARQL editor: each query bound with its defaults where it can be."""
    out = []
    for query in load_catalogue().values():
        try:
            text = bind(query, {}, lambda sparql: rows(app.store, sparql)).sparql
        except QueryError:
            text = query.sparql
        out.append({"name": query.name, "summary": query.summary, "sparql": text})
    return out
