"""2013 municipality boundaries → GeoSPARQL geometries in graph ``cbs``.

Each 2013 municipality ``geo:hasGeometry`` a ``geo:Geometry`` whose ``geo:asWKT`` is its
generalised outline in CRS84 longitude/latitude, so every dump carries the map and any
GeoSPARQL store can draw or query it.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from graph.geo import Topology
from graph.namespaces import term
from graph.triples import Emitter
from loaders.boundaries import Boundaries

WKT_LITERAL = term("geo:wktLiteral")


def quads(boundaries: Boundaries, out: Emitter) -> None:
    """One geometry per municipality, with the evidence of the boundary file."""
    topology = Topology.of(boundaries)
    for area in boundaries.areas:
        municipality = out.iris.municipality(area.code)
        geometry = NamedNode(f"{municipality.value}/grens-2013")
        out.typed(geometry, "geo:Geometry", f"Gemeentegrens 2013 {area.name}", "nl")
        out.add(geometry, "geo:asWKT", Literal(topology.wkt(area.code), datatype=WKT_LITERAL))
        out.add(municipality, "geo:hasGeometry", geometry)
        out.evidence(geometry, area.evidence)
