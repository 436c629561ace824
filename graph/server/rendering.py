"""The rendering toolkit every view uses: templates, JSON twins, links and table cells.

Views import this module and receive the app as an argument; this module imports no
view and not the app, so the server's modules form a tree (app → views → rendering).
:class:`Site` is the part of the app a view may use, written down as a protocol so the
views can be typed without importing :mod:`graph.server.app` back.

Every value reaches a page through jinja2 with autoescaping on, so text from the graph
(labels, literals, IRIs) is always shown as text, never as markup.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from http import HTTPStatus
from typing import Any, Protocol
from urllib.parse import urlencode

from pyoxigraph import BlankNode, Literal, NamedNode, Store

from graph.errors import GraphError
from graph.server.config import ServerConfig
from graph.server.execute import Job, Outcome
from graph.server.formats import wants_html
from graph.server.http import HttpError, Request, Response

HTML = "text/html; charset=utf-8"
_NUMERIC = ("integer", "decimal", "double", "float", "int", "long", "short", "byte")


class Site(Protocol):
    """What a view may ask of the app: its settings, store, base IRI, memo and query runner."""

    @property
    def config(self) -> ServerConfig: ...

    @property
    def store(self) -> Store: ...

    @property
    def base(self) -> str: ...

    @property
    def named_graphs(self) -> list[str]: ...

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any: ...

    def peek(self, key: Any) -> Any: ...

    def run_job(self, job: Job) -> Outcome: ...


@lru_cache(maxsize=1)
def environment() -> Any:
    """The jinja2 environment of ``templates/`` (autoescaping on, undefined names fail)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("graph.server", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["urlencode_query"] = lambda d: urlencode(d, doseq=True)
    return env


def render(app: Site, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render ``templates/name`` with the page context and the common parts (nav, footer)."""
    from graph.server.assets import libraries_installed

    common = {"libraries": libraries_installed(app.config.node_modules), "base": app.base, "nav": ""}
    html = environment().get_template(name).render(**{**common, **context})
    return Response(html.encode("utf-8"), HTML, status)


def as_json(data: Any, status: int = 200) -> Response:
    """The JSON twin of a page."""
    return Response(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"), "application/json; charset=utf-8", status)


def error(app: Site, request: Request, exc: HttpError) -> Response:
    """An error page for browsers, plain text for everyone else; the status is kept."""
    phrase = HTTPStatus(exc.status).phrase
    if not wants_html(request.accept) or request.path.startswith(("/static/", "/lib/")):
        return plain_error(exc)
    try:
        response = render(app, "error.html", {"status": exc.status, "phrase": phrase, "message": exc.message}, exc.status)
    except GraphError:  # no readable store: the error must still reach the client
        return plain_error(exc)
    response.headers.update(exc.headers)
    return response


def plain_error(exc: HttpError) -> Response:
    """The error as one line of text: what the SPARQL protocol's clients show their users."""
    response = Response.text(f"{exc.status} {HTTPStatus(exc.status).phrase}: {exc.message}\n", exc.status)
    response.headers.update(exc.headers)
    return response


def href(app: Site, iri: str) -> str:
    """Where the explorer shows ``iri``: ``/id/…`` under the graph's base, else ``/resource?iri=``."""
    if iri.startswith(app.base) and "#" not in iri and "?" not in iri:
        return "/id/" + iri[len(app.base) :]
    return "/resource?" + urlencode({"iri": iri})


def cell(app: Site, term: Any, labels: dict[str, str]) -> dict[str, Any]:
    """A term ready for a template: text, link, a note (language or datatype), numeric or not."""
    from queries.parameters import compact

    if term is None:
        return {"text": "", "href": None, "title": "", "note": "", "numeric": False}
    if isinstance(term, NamedNode):
        text = labels.get(term.value) or compact(term.value)
        return {"text": text, "href": href(app, term.value), "title": term.value, "iri": term.value, "note": "", "numeric": False}
    if isinstance(term, BlankNode):
        return {"text": f"_:{term.value}", "href": None, "title": "blank node", "note": "", "numeric": False}
    if isinstance(term, Literal):
        note = f"@{term.language}" if term.language else compact(term.datatype.value)
        numeric = not term.language and term.datatype.value.endswith(_NUMERIC)
        return {"text": term.value, "href": None, "title": note, "note": "" if note == "xsd:string" else note, "numeric": numeric}
    return {"text": str(term), "href": None, "title": "", "note": "", "numeric": False}


def cells(app: Site, table: Sequence[Sequence[Any]]) -> list[list[dict[str, Any]]]:
    """A table of terms (``None`` for unbound) as cells, IRIs labelled by one look-up."""
    from graph.run import LocalTarget, labels

    named = labels(LocalTarget(app.store), _iris(table))
    return [[cell(app, term, named) for term in row] for row in table]


def _iris(table: Iterable[Sequence[Any]]) -> list[NamedNode]:
    return [term for row in table for term in row if isinstance(term, NamedNode)]
