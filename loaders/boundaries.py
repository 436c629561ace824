"""The 2013 municipality boundaries (CBS/PDOK, generalised) as plain records.

The reference file is a TopoJSON topology: shared borders are stored once as *arcs* and
each municipality lists the arcs around it. The records keep exactly that structure —
arcs as absolute quantised points (1/1000 degree) and each municipality's rings as arc
indices — because it is what makes regions drawable by dissolving their members: the
outline of a group of municipalities is the set of arcs only one of them uses.

The file is one line, so every record's evidence is line 1 of it. Coordinates are WGS84
longitude/latitude; :data:`Boundaries.scale` and :data:`Boundaries.origin` turn the
integers back into degrees.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import SourceError
from loaders.records import Evidence

SOURCE = "cartomap2013"


@dataclass(frozen=True)
class Area:
    """One municipality's outline: its CBS code, name and polygons.

    Each polygon is its rings separated by ``;``, each ring the arc indices around it
    separated by spaces; ``~i`` (TopoJSON's bitwise not, written ``-i-1``) is arc i reversed.
    """

    code: str  # "GM0014"
    name: str
    polygons: tuple[str, ...]
    evidence: Evidence


@dataclass(frozen=True)
class Boundaries:
    """The topology: arcs of absolute quantised points (``"x,y x,y …"``) and the areas."""

    scale: tuple[float, float]  # degrees per quantised unit (longitude, latitude)
    origin: tuple[float, float]  # longitude, latitude of quantised (0, 0)
    arcs: tuple[str, ...]
    areas: tuple[Area, ...]


def load_boundaries(path: Path) -> Boundaries:
    """Read the TopoJSON file: decode the delta-encoded arcs, list each area's rings."""
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(path, "file not found (set JEUGDGRAAF_REFERENCE?)") from None
    except json.JSONDecodeError as exc:
        raise SourceError(path, f"not valid JSON: {exc.msg}", exc.lineno) from None
    try:
        transform = topology["transform"]
        arcs = tuple(_absolute(arc) for arc in topology["arcs"])
        geometries = topology["objects"]["gemeente_2013"]["geometries"]
        areas = tuple(_area(g, len(arcs)) for g in geometries)
    except (KeyError, TypeError, ValueError) as exc:
        raise SourceError(path, f"not the expected TopoJSON topology: {exc}", 1) from None
    return Boundaries(tuple(transform["scale"]), tuple(transform["translate"]), arcs, tuple(sorted(areas, key=lambda a: a.code)))


def _absolute(arc: list[list[int]]) -> str:
    """A delta-encoded TopoJSON arc as absolute points ``"x,y x,y …"``."""
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append(f"{x},{y}")
    return " ".join(points)


def _area(geometry: dict, arc_count: int) -> Area:
    """One geometry object as an :class:`Area`, checking its arc indices."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise ValueError(f"{geometry.get('id')}: unexpected geometry type {geometry['type']}")
    for polygon in polygons:
        for ring in polygon:
            for index in ring:
                if not -arc_count <= index < arc_count:
                    raise ValueError(f"{geometry['id']}: arc {index} out of range")
    text = tuple(";".join(" ".join(str(i) for i in ring) for ring in polygon) for polygon in polygons)
    return Area(geometry["id"], geometry["properties"]["statnaam"], text, Evidence(SOURCE, 1, 1))
