"""The explorer's views: each builds one dict, rendered as HTML (jinja2) or as its JSON twin.

Each view receives the app (typed as :class:`graph.server.rendering.Site`) and renders
with :mod:`graph.server.rendering`; no view imports the app.
"""

from __future__ import annotations

from typing import Any

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

from graph.run import LocalTarget
from graph.run import labels as labels_of
from graph.server import lookup
from graph.server.formats import GRAPH, negotiate, wants_html
from graph.server.http import HttpError, Request, Response
from graph.server.rendering import Site as App  # the app a view receives, as a protocol
from graph.server.rendering import as_json, cell, href, render
from ontology import VOCAB

_RDF = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD, "rdfxml": RdfFormat.RDF_XML}


# --- pages ------------------------------------------------------------------------------


def home(app: App, request: Request) -> Response:
    from queries.catalog import load_catalogue

    graphs = [{"iri": g, "cell": cell(app, NamedNode(g), {})} for g in app.named_graphs]
    return render(app, "home.html", {"graphs": graphs, "queries": list(load_catalogue().values())[:8], "nav": "home"})


def search(app: App, request: Request, json_twin: bool) -> Response:
    text = request.param("q")
    hits = lookup.search(app.store, text) if text else []
    types = labels_of(LocalTarget(app.store), [NamedNode(h.type) for h in hits if h.type])
    data = [{"iri": h.iri, "label": h.label, "type": h.type, "href": href(app, h.iri), "type_label": types.get(h.type or "", "")} for h in hits]
    if json_twin:
        return as_json({"q": text, "results": data})
    return render(app, "search.html", {"q": text, "hits": data, "nav": "search"})


def resource(app: App, request: Request, iri: str) -> Response:
    """A resource page (HTML), or its statements as RDF when the client asks for RDF."""
    if not iri:
        raise HttpError(400, "give the resource as ?iri=…")
    try:
        NamedNode(iri)
    except ValueError:
        raise HttpError(400, f"not a valid IRI: {iri!r}") from None
    desc = lookup.describe(app.store, iri)
    if not wants_html(request.accept) or request.param("format"):
        return _resource_rdf(app, request, desc)
    if not desc.exists:
        raise HttpError(404, f"the graph says nothing about <{iri}>")
    return render(app, "resource.html", resource_context(app, desc), 200)


def _resource_rdf(app: App, request: Request, desc: lookup.Description) -> Response:
    from graph.server.sparql import accept_of

    fmt = negotiate(accept_of(request), GRAPH)
    if fmt is None:
        raise HttpError(406, "a resource is available as text/html, text/turtle, application/n-triples, application/ld+json or application/rdf+xml")
    if not desc.exists:
        raise HttpError(404, f"the graph says nothing about <{desc.iri}>")
    node = NamedNode(desc.iri)
    triples = {Triple(node, p, o) for p, o, _ in desc.outgoing} | {Triple(s, p, node) for s, p, _ in desc.incoming}
    from ontology import PREFIXES

    body = serialize(sorted(triples, key=str), format=_RDF[fmt.name], prefixes=PREFIXES) or b""
    return Response(body, fmt.content_type, headers={"Vary": "Accept"})


def resource_context(app: App, desc: lookup.Description) -> dict[str, Any]:
    """The resource page's dict: title, types, properties grouped, incoming links, evidence."""
    from graph.server import network

    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    terms = [NamedNode(desc.iri)] + [t for p, o, _ in desc.outgoing for t in (p, o)] + [t for s, p, _ in desc.incoming for t in (s, p)]
    terms += [NamedNode(x) for org, member, _ in desc.memberships for x in (org, member)]
    labels = labels_of(LocalTarget(app.store), terms)
    types = [o.value for p, o, _ in desc.outgoing if p.value == rdf_type]
    main = lookup.main_type(types)
    return {
        "iri": desc.iri,
        "title": labels.get(desc.iri) or desc.iri.rsplit("/", 1)[-1],
        "types": [cell(app, NamedNode(t), labels) for t in sorted(set(types), key=lambda t: t != main)],
        "properties": _grouped(app, [(p, o, g) for p, o, g in desc.outgoing if p.value != rdf_type], labels),
        "incoming": _grouped(app, [(p, s, g) for s, p, g in desc.incoming], labels),
        "evidence": desc.evidence,
        "memberships": _memberships(app, desc, labels),
        "scores": network.scores_for(app, desc.iri),
        "quote": quoted_lines(desc),
        "downloads": [(name, f"{href(app, desc.iri)}{'&' if '?' in href(app, desc.iri) else '?'}format={name}") for name in ("ttl", "jsonld", "nt")],
        "nav": "",
    }


def quoted_lines(desc: lookup.Description) -> dict[str, Any] | None:
    """A text span's quoted lines with their numbers (``jg:quotedText`` from ``jg:firstLine``).

    The quote is stored with the facts, so the lines show in a clone without the documents;
    ``more`` counts the lines of a long span that are not quoted.
    """
    values = {p.value.rsplit("#", 1)[-1]: o.value for p, o, _ in desc.outgoing if p.value.startswith(VOCAB)}
    if "quotedText" not in values or "firstLine" not in values:
        return None
    first, last = int(values["firstLine"]), int(values.get("lastLine", values["firstLine"]))
    lines = list(enumerate(values["quotedText"].split("\n"), first))
    return {"lines": lines, "first": first, "last": last, "more": last - first + 1 - len(lines)}


def _grouped(app: App, statements: list[tuple[Any, Any, str]], labels: dict[str, str]) -> list[dict[str, Any]]:
    """Statements grouped by predicate: the predicate cell and its values (with graph)."""
    groups: dict[str, dict[str, Any]] = {}
    for p, value, graph in statements:
        group = groups.setdefault(p.value, {"predicate": cell(app, p, labels), "entries": []})
        group["entries"].append({"cell": cell(app, value, labels), "graph": graph.rsplit("/", 1)[-1]})
    for group in groups.values():
        group["entries"].sort(key=lambda v: (v["cell"]["text"].lower(), v["graph"]))
    return sorted(groups.values(), key=lambda g: g["predicate"]["text"].lower())


def _memberships(app: App, desc: lookup.Description, labels: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for org, member, span in desc.memberships:
        other = org if member == desc.iri else member
        role = "member of" if member == desc.iri else "has member"
        rows.append({"role": role, "cell": cell(app, NamedNode(other), labels), "span": span})
    return sorted(rows, key=lambda r: (r["role"] != "member of", r["cell"]["text"].lower()))


def editor(app: App, request: Request) -> Response:
    """The SPARQL editor (YASGUI) with the catalogue as examples."""
    from graph.server.catalogue import examples

    return render(app, "editor.html", {"examples": examples(app), "nav": "sparql"})


def query_list(app: App, request: Request, json_twin: bool) -> Response:
    from graph.server.catalogue import describe_all

    queries = describe_all()
    if json_twin:
        return as_json({"queries": queries})
    return render(app, "queries.html", {"queries": queries, "nav": "queries"})


def query_form(app: App, request: Request, name: str, json_twin: bool) -> Response:
    from graph.server.catalogue import form_context

    context = form_context(app, name, request)
    if json_twin:
        return as_json(context["query"])
    return render(app, "query.html", {**context, "nav": "queries"}, 400 if context["error"] else 200)


def query_run(app: App, request: Request, name: str) -> Response:
    from graph.server.catalogue import run

    return run(app, name, request)


def network_page(app: App, request: Request) -> Response:
    from graph.server import network

    selected = request.param("network") or network.default(app)
    return render(app, "network.html", {"networks": network.available(), "nav": "network", "selected": selected})


def network_json(app: App, request: Request) -> Response:
    from graph.server import network

    return as_json(network.data(app, request.param("network")))
