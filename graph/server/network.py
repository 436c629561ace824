"""The network view's data: nodes, edges, centralities and communities as JSON for Cytoscape.js.

Built on the analysis package (:mod:`graph.network`): the networks are read from the
store by its SPARQL, and every applicable measure plus the Louvain communities come from
:func:`graph.network.analysis.analyse_network` with its fixed seed — the same numbers
``jeugdgraaf network centrality`` prints. One network is computed once per server
process (the store is read-only, so the answer cannot change) and kept by the app.
"""

from __future__ import annotations

from typing import Any

from graph.errors import GraphError
from graph.server.http import HttpError
from graph.server.rendering import Site as App
from graph.server.rendering import href

#: The network the view opens with, the first of these with nodes: small and telling first.
PREFERRED = ("region-organisation", "region-cooperation", "region", "municipality-arrangement")


def available() -> list[dict[str, str]]:
    """Name, title and meaning of each network (the view's drop-down)."""
    from graph.network.networks import NETWORKS

    return [{"name": s.name, "title": s.title, "nodes": s.nodes, "edges": s.edges, "weight": s.weight} for s in NETWORKS.values()]


def data(app: App, name: str) -> dict[str, Any]:
    """The JSON of one network (``/network.json?network=NAME``), computed once per process."""
    from graph.network.networks import NETWORKS

    name = name or default(app)
    if name not in NETWORKS:
        raise HttpError(404, f"no network called {name!r}; choose one of {', '.join(NETWORKS)}")
    return app.memo(("network", name), lambda: _compute(app, name))


def _compute(app: App, name: str) -> dict[str, Any]:
    from graph.network.analysis import CommunityResult, analyse_network
    from graph.network.networks import NETWORKS, NetworkReader

    reader = NetworkReader(app.store)
    graph = reader.network(name)
    scores: dict[str, dict[str, float]] = {n: {} for n in graph.nodes}
    measures: list[str] = []
    community: dict[str, int] = {}
    for result in analyse_network(reader, name):
        if isinstance(result, CommunityResult):
            community = {n: i for i, group in enumerate(result.groups, 1) for n in group}
            continue
        measures.append(result.measure)
        for node, value in result.values.items():
            scores[node][result.measure] = round(float(value), 6)
    nodes = [
        {
            "id": node,
            "label": str(attrs.get("label") or node.rsplit("/", 1)[-1]),
            "kind": str(attrs.get("kind", "")),
            "province": str(attrs.get("province_label") or ""),
            "community": community.get(node, 0),
            "href": href(app, node),
            "scores": scores[node],
        }
        for node, attrs in sorted(graph.nodes(data=True))
    ]
    edges = [{"source": u, "target": v, "weight": float(w)} for u, v, w in sorted(graph.edges(data="weight", default=1))]
    spec = NETWORKS[name]
    return {"network": name, "title": spec.title, "nodes_mean": spec.nodes, "edges_mean": spec.edges, "weight": spec.weight, "measures": measures, "nodes": nodes, "edges": edges}


def default(app: App) -> str:
    """The first network of :data:`PREFERRED` that has nodes in this graph."""
    for name in PREFERRED:
        if data(app, name)["nodes"]:
            return name
    return PREFERRED[0]


def warm(app: App) -> None:
    """Compute every network once (``serve`` runs this in the background at start)."""
    from graph.network.networks import NETWORKS

    for name in NETWORKS:
        try:
            data(app, name)
        except GraphError:
            continue


def scores_for(app: App, iri: str) -> list[dict[str, Any]]:
    """The scores of one resource on the networks computed so far (for its page).

    Never computes a network itself: a resource page must stay fast, and ``serve``
    computes them all in the background as it starts (:func:`warm`).
    """
    from graph.network.networks import NETWORKS

    out = []
    for name in NETWORKS:
        network = app.peek(("network", name))
        for node in network["nodes"] if network else ():
            if node["id"] == iri and node["scores"]:
                out.append({"network": name, "title": network["title"], "scores": node["scores"], "community": node["community"]})
    return out
