"""Geometry of the 2013 municipalities: WKT for the graph, SVG and TopoJSON for the browser.

All three come from the one shipped topology (:mod:`loaders.boundaries`). A region is
drawn by *dissolving* its members: filled member by member without inner borders, and
outlined by the arcs only one member uses (a border two members share is inside).
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from loaders.boundaries import Area, Boundaries

CRS84 = "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
ATTRIBUTION = "Bron: CBS/PDOK, gemeentegrenzen 2013 (gegeneraliseerd), CC BY 4.0"

Point = tuple[int, int]


@dataclass(frozen=True)
class Topology:
    """The decoded topology: arcs as point lists, areas by CBS code."""

    boundaries: Boundaries
    arcs: tuple[tuple[Point, ...], ...]
    areas: dict[str, Area]

    @classmethod
    def of(cls, boundaries: Boundaries) -> Topology:
        arcs = tuple(tuple(_point(p) for p in arc.split()) for arc in boundaries.arcs)
        return cls(boundaries, arcs, {a.code: a for a in boundaries.areas})

    def arc(self, index: int) -> tuple[Point, ...]:
        """Arc ``index`` in its used direction (``~i`` is arc i reversed)."""
        return self.arcs[index] if index >= 0 else self.arcs[~index][::-1]

    def rings(self, code: str) -> list[list[list[Point]]]:
        """The polygons of a municipality, each a list of closed rings of points."""
        out = []
        for polygon in self.areas[code].polygons:
            rings = []
            for ring in polygon.split(";"):
                points: list[Point] = []
                for index in ring.split():
                    arc = self.arc(int(index))
                    points.extend(arc if not points else arc[1:])
                rings.append(points)
            out.append(rings)
        return out

    def degrees(self, point: Point) -> tuple[float, float]:
        """A quantised point as (longitude, latitude), rounded to the data's resolution."""
        (sx, sy), (ox, oy) = self.boundaries.scale, self.boundaries.origin
        return round(ox + point[0] * sx, 3), round(oy + point[1] * sy, 3)

    def wkt(self, code: str) -> str:
        """The municipality's outline as a GeoSPARQL WKT literal's text (CRS84 lon/lat)."""
        polygons = ["(" + ", ".join(self._wkt_ring(r) for r in rings) + ")" for rings in self.rings(code)]
        if len(polygons) == 1:
            return f"{CRS84} POLYGON{polygons[0]}"
        return f"{CRS84} MULTIPOLYGON(" + ", ".join(polygons) + ")"

    def _wkt_ring(self, ring: list[Point]) -> str:
        return "(" + ", ".join("{} {}".format(*self.degrees(p)) for p in ring) + ")"

    def outline_arcs(self, codes: Iterable[str]) -> list[int]:
        """The arcs around a group of municipalities: those only one member uses."""
        used: Counter[int] = Counter()
        for code in codes:
            for polygon in self.areas[code].polygons:
                for ring in polygon.split(";"):
                    used.update(_unsigned(int(i)) for i in ring.split())
        return sorted(i for i, n in used.items() if n == 1)

    def topojson(self) -> dict:
        """The topology as TopoJSON (delta-encoded arcs), for a browser or a GIS."""
        arcs = []
        for arc in self.arcs:
            deltas, last = [], (0, 0)
            for p in arc:
                deltas.append([p[0] - last[0], p[1] - last[1]])
                last = p
            arcs.append(deltas)
        geometries = [_geometry(a) for a in self.boundaries.areas]
        transform = {"scale": list(self.boundaries.scale), "translate": list(self.boundaries.origin)}
        return {"type": "Topology", "transform": transform, "arcs": arcs, "objects": {"gemeente_2013": {"type": "GeometryCollection", "geometries": geometries}}}


def _point(text: str) -> Point:
    x, y = text.split(",")
    return int(x), int(y)


def _unsigned(index: int) -> int:
    return index if index >= 0 else ~index


def _geometry(area: Area) -> dict:
    polygons = [[[int(i) for i in ring.split()] for ring in p.split(";")] for p in area.polygons]
    if len(polygons) == 1:
        return {"type": "Polygon", "id": area.code, "properties": {"name": area.name}, "arcs": polygons[0]}
    return {"type": "MultiPolygon", "id": area.code, "properties": {"name": area.name}, "arcs": polygons}


@functools.cache
def shipped_topology() -> Topology:
    """The topology of the shipped facts (read once per process)."""
    from loaders.registry import read_loader_facts

    return Topology.of(read_loader_facts("boundaries2013"))


# --- SVG ------------------------------------------------------------------------------

#: Equirectangular projection at the latitude of the Netherlands' middle (52.2° N).
X_SCALE = math.cos(math.radians(52.2))


@dataclass(frozen=True)
class Projection:
    """Quantised lon/lat → SVG pixels: x stretched by cos(latitude), y flipped."""

    x0: int
    y1: int
    factor: float

    def __call__(self, p: Point) -> str:
        return f"{(p[0] - self.x0) * X_SCALE * self.factor:.1f} {(self.y1 - p[1]) * self.factor:.1f}"


def bounds(topology: Topology, codes: Iterable[str]) -> tuple[int, int, int, int]:
    """Smallest box (quantised) around the municipalities."""
    xs, ys = [], []
    for code in codes:
        for rings in topology.rings(code):
            xs.extend(p[0] for p in rings[0])
            ys.extend(p[1] for p in rings[0])
    return min(xs), min(ys), max(xs), max(ys)


def area_path(topology: Topology, code: str, project: Projection) -> str:
    """SVG path data of a municipality (filled with the even-odd rule)."""
    parts = []
    for rings in topology.rings(code):
        for ring in rings:
            parts.append("M" + " L".join(project(p) for p in ring) + "Z")
    return "".join(parts)


def outline_path(topology: Topology, codes: Iterable[str], project: Projection) -> str:
    """SVG path data of a group's outer border (its outline arcs, unjoined)."""
    return "".join("M" + " L".join(project(p) for p in topology.arcs[i]) for i in topology.outline_arcs(codes))
