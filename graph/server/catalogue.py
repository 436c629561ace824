"""The canned query catalogue over HTTP: list, describe (with a form), run in any format.

Everything about a query comes from its :class:`queries.catalog.Query` record, and values
are checked and bound by :func:`queries.catalog.bind` — the same path as ``jeugdgraaf
query run`` — before the bound query runs in the worker pool like any SPARQL request.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from pyoxigraph import QueryBoolean

from graph.run import rows
from graph.server.execute import Job
from graph.server.formats import RESULTS, negotiate, wants_html
from graph.server.http import HttpError, Request, Response
from graph.server.rendering import Site as App
from graph.server.rendering import cells, render
from queries.catalog import Query, QueryError, bind, load_catalogue
from queries.parameters import Parameter

#: Request parameters that steer the page, never query parameters.
CONTROL = {"format", "run", "offset"}
#: Rows per page of a query's result (Datasette's default); the downloads give every row.
PAGE_SIZE = 100
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


def starting_values(query: Query) -> dict[str, str]:
    """What a query page opened without parameters runs with: defaults, else the first example.

    An analyst who opens a query sees an answer at once (as on the Wikidata Query Service)
    and a form filled with values that produced it, to change.
    """
    out: dict[str, str] = {}
    first = query.example_sets()[0] if query.examples else {}
    for p in query.parameters:
        value = p.default or (first.get(p.name) or (p.examples[0] if p.examples else None) if p.required else None)
        if value:
            out[p.name] = value
    return out


def form_context(app: App, name: str, request: Request) -> dict[str, Any]:
    """The query page: its description, a form with current values, and a page of results.

    A request with no parameters at all runs with :func:`starting_values`; otherwise exactly
    the values given are bound, and a bad or missing one is an ``error`` (the view answers
    400) with the user's own value kept in the form.
    """
    query = _query(name)
    values = _values(request)
    if not values and "run" not in request.params:
        values = starting_values(query)
    fields = [{**_parameter(p), "options": options(app, p), "value": values.get(p.name, "")} for p in query.parameters]
    context: dict[str, Any] = {"query": summary(query), "fields": fields, "results": None, "error": None, "values": values}
    try:
        context["results"] = results_page(app, query, values, _offset(request))
    except HttpError as exc:
        context["error"] = exc.message
    context["downloads"] = [(fmt, f"/queries/{name}/run?" + urlencode({**values, "format": fmt})) for fmt in ("csv", "tsv", "json", "xml")]
    return context


def _offset(request: Request) -> int:
    text = request.param("offset", "0")
    if not text.isdigit():
        raise HttpError(400, f"offset must be a whole number of rows, not {text!r}")
    return int(text)


def results_page(app: App, query: Query, values: dict[str, str], offset: int = 0) -> dict[str, Any]:
    """One page of the bound query's result as readable columns and cells, and the links around it.

    The query runs on the store in this process and is read to the end, so the page knows
    the total; only the rows of this page are labelled and sent. The downloads (``/run``)
    are not paged: they give every row.
    """
    sparql = _bound(app, query, values)
    try:
        result = app.store.query(sparql, use_default_graph_as_union=True)
    except (SyntaxError, OSError) as exc:
        raise HttpError(500, f"{query.name}: the query failed: {exc}") from None
    if isinstance(result, QueryBoolean):
        return {"columns": [{"name": "result", "label": "Result"}], "rows": [[{"text": str(bool(result)).lower(), "href": None, "title": "xsd:boolean", "note": "", "numeric": False}]], "total": 1, "offset": 0, "next": None, "previous": None}
    names = [v.value for v in result.variables]
    solutions = list(result)
    window = [[solution[c] for c in names] for solution in solutions[offset : offset + PAGE_SIZE]]
    base = {**values, "run": "1"}
    return {
        "columns": [{"name": c, "label": column_label(c)} for c in names],
        "rows": [[readable(c) for c in row] for row in cells(app, window)],
        "total": len(solutions),
        "offset": offset,
        "next": f"/queries/{query.name}?" + urlencode({**base, "offset": offset + PAGE_SIZE}) if offset + PAGE_SIZE < len(solutions) else None,
        "previous": f"/queries/{query.name}?" + urlencode({**base, "offset": max(0, offset - PAGE_SIZE)}) if offset else None,
    }


def column_label(variable: str) -> str:
    """``survey_id`` → ``Survey id``, ``memberCount`` → ``Member count``: a header to read."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", variable).replace("_", " ").strip()
    return spaced[:1].upper() + spaced[1:].lower()


def readable(c: dict[str, Any]) -> dict[str, Any]:
    """A numeric cell with thousands separators (``19474`` → ``19,474``), decimals to 4 places."""
    if not c.get("numeric"):
        return c
    try:
        number = float(c["text"])
    except ValueError:
        return c
    if number.is_integer() and "." not in c["text"] and "e" not in c["text"].lower():
        text = f"{int(number):,}"
    else:
        text = f"{number:,.4f}".rstrip("0").rstrip(".")
    return {**c, "text": text, "value": c["text"]}


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
