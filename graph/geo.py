"""Geometry of the 2013 municipalities: the shipped topology decoded, and WKT for the graph.

The topology (:mod:`loaders.boundaries`) keeps shared borders as arcs, which is what a
map of dissolved regions will need (the outline of a group is the arcs only one member
uses); the graph gets each municipality's rings as a GeoSPARQL WKT literal.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.boundaries import Area, Boundaries

CRS84 = "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"

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


def _point(text: str) -> Point:
    x, y = text.split(",")
    return int(x), int(y)
