"""The shipped quotes (the text behind every fact) and the shipped 2013 boundaries.

Expected values come from the documents and from the reference folder's README (408
municipalities, four MultiPolygons, 412 closed rings), never from running the loaders.
"""

from __future__ import annotations

import json
import re

import pytest

from loaders.boundaries import Boundaries
from loaders.quotes import MAX_LINES, NAME_REDACTED, REDACTED, Quotes
from loaders.records import from_jsonable
from loaders.sources import SHIPPED_DATA

SURVEY = "000_5833ac47ade829ca.txt"
MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*")


def _shipped(name: str) -> dict:
    return json.loads((SHIPPED_DATA / f"{name}.json").read_text(encoding="utf-8"))["records"]


@pytest.fixture(scope="module")
def quotes() -> Quotes:
    return from_jsonable(Quotes, _shipped("quotes"))


@pytest.mark.seeds
def test_no_mail_address_or_contact_name_is_quoted(seeds):
    shipped = (SHIPPED_DATA / "quotes.json").read_text(encoding="utf-8")
    text = (seeds / SURVEY).read_text(encoding="utf-8")
    contact_lines = [line for line in text.splitlines() if "@" in line]
    assert len(contact_lines) == 42  # one per answering unit (grep -c @ on the survey)
    names = {line.removeprefix("Contactpersoon:").split(",")[0].strip().removeprefix("Mw. ") for line in contact_lines}
    assert "Hans Jager" in names and "Rob Ahsmann" in names
    assert not MAIL.search(shipped.replace(REDACTED, ""))
    for name in names:
        assert name not in shipped, f"contact name {name!r} in the shipped quotes"


@pytest.mark.seeds
def test_quotes_are_the_document_lines(seeds, quotes):
    lines = (seeds / SURVEY).read_text(encoding="utf-8").splitlines()
    survey = [q for q in quotes.quotes if q.source == "000"]
    for quote in survey:
        assert len(quote.lines) == min(quote.last - quote.first + 1, MAX_LINES)
        for number, text in enumerate(quote.lines, quote.first):
            assert text == REDACTED or _unredacted(text, lines[number - 1].rstrip())


def _unredacted(quoted: str, line: str) -> bool:
    """Is ``quoted`` the document line, with names replaced by :data:`NAME_REDACTED`?"""
    pattern = ".+".join(re.escape(part) for part in quoted.split(NAME_REDACTED))
    return re.fullmatch(pattern, line) is not None


def test_region_groningen_members_are_quoted(quotes):
    """Document 000 prints Groningen's members on lines 3–5 and its contact on line 6."""
    unit = next(q for q in quotes.quotes if q.source == "000" and q.first == 1 and q.last > 6)
    assert unit.lines[0].strip() == "1 Regio Groningen"
    assert unit.lines[2].startswith("Deelnemende gemeenten: Appingedam, Bedum")
    assert unit.lines[5] == REDACTED


def test_reference_tables_are_not_quoted(quotes):
    assert {q.source for q in quotes.quotes} <= {"000", "001", "002", "003", "004"}


@pytest.fixture(scope="module")
def boundaries() -> Boundaries:
    return from_jsonable(Boundaries, _shipped("boundaries2013"))


def test_boundaries_cover_the_408_municipalities_of_2013(boundaries):
    reference = _shipped("reference")
    codes_2013 = {m["code"] for m in reference["municipalities"] if m["year"] == 2013}
    assert len(codes_2013) == 408
    assert {a.code for a in boundaries.areas} == codes_2013
    multi = sorted(a.code for a in boundaries.areas if len(a.polygons) > 1)
    assert multi == ["GM0363", "GM0588", "GM0717", "GM1651"]


def test_every_ring_closes(boundaries):
    arcs = [[tuple(map(int, p.split(","))) for p in arc.split()] for arc in boundaries.arcs]

    def points(index: int) -> list[tuple[int, int]]:
        return arcs[index] if index >= 0 else arcs[~index][::-1]

    rings = 0
    for area in boundaries.areas:
        for polygon in area.polygons:
            for ring in polygon.split(";"):
                chain = [points(int(i)) for i in ring.split()]
                for a, b in zip(chain, chain[1:] + chain[:1]):
                    assert a[-1] == b[0], area.code
                rings += 1
    assert rings == 412


def test_wkt_is_lon_lat_inside_the_extent_the_readme_gives(boundaries):
    from graph.geo import CRS84, Topology

    topology = Topology.of(boundaries)
    amsterdam = topology.wkt("GM0363")
    assert amsterdam.startswith(f"{CRS84} MULTIPOLYGON(((")
    assert topology.wkt("GM0014").startswith(f"{CRS84} POLYGON((")
    numbers = [float(x) for x in re.findall(r"-?\d+\.\d+|\b\d+\b", amsterdam.split(">", 1)[1])]
    lons, lats = numbers[0::2], numbers[1::2]
    assert all(4.7 < x < 5.1 for x in lons) and all(52.2 < y < 52.5 for y in lats)  # Amsterdam lies at 4.9 E, 52.37 N
