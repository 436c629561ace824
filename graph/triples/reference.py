"""Reference records (CBS, RvIG) → the municipalities, mergers and official divisions."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from graph.namespaces import concept, tooi_municipality, vocab
from graph.triples import Emitter, XSD, lit
from loaders.records import Merger, Municipality, Reference


def quads(reference: Reference, out: Emitter) -> None:
    """Every municipality of 2013 and 2017, the mergers between, and the 2017 divisions."""
    by_code: dict[str, list[Municipality]] = {}
    for m in reference.municipalities:
        by_code.setdefault(m.code, []).append(m)
    for versions in by_code.values():
        _municipality(sorted(versions, key=lambda m: m.year), out)
    for merger in reference.mergers:
        merger_event(merger, out)
    for row in reference.divisions:
        member = out.iris.municipality(row.municipality)
        for division in row.divisions:
            node = out.iris.division(division.kind, division.code)
            out.membership(node, member, row.evidence)
    for kind, code, name in sorted({(d.kind, d.code, d.name) for r in reference.divisions for d in r.divisions}):
        _division(kind, code, name, out)


def municipality_node(code: str, name: str, province_code: str, out: Emitter) -> NamedNode:
    """A municipality's identity: type, label, CBS code, TOOI link and province.

    Shared by every builder that describes a municipality, so a municipality the reference
    tables do not hold (one that ended before 2013) is described the same way.
    """
    node = out.iris.municipality(code)
    out.typed(node, "Municipality", name)
    out.add(node, vocab("cbsCode"), code)
    out.add(node, "dcterms:identifier", code)
    out.add(node, "owl:sameAs", tooi_municipality(code))
    out.add(node, vocab("province"), out.iris.division("provincie", province_code))
    return node


def _municipality(versions: list[Municipality], out: Emitter) -> None:
    """One IRI per CBS code: a municipality that existed in 2013 and 2017 is one resource."""
    first = versions[0]
    node = municipality_node(first.code, first.name, first.province_code, out)
    for m in versions:
        out.add(node, vocab("classificationYear"), Literal(str(m.year), datatype=NamedNode(XSD + "gYear")))
        if m.name != first.name:
            out.add(node, "skos:altLabel", m.name)
        if m.successor_2017:
            out.add(node, vocab("successorIn2017"), out.iris.municipality(m.successor_2017))
        if m.inhabitants is not None:
            out.add(node, vocab("inhabitants"), lit(m.inhabitants))
        out.evidence(node, m.evidence)


def merger_event(merger: Merger, out: Emitter) -> NamedNode:
    """An ``org:ChangeEvent``: the municipalities that ended and the one they became."""
    event = out.iris.node("fusie", merger.date, merger.resulting)
    resulting = out.iris.municipality(merger.resulting)
    out.typed(event, "org:ChangeEvent", f"Gemeentelijke herindeling {merger.date}", "nl")
    out.add(event, "dcterms:date", Literal(merger.date, datatype=NamedNode(XSD + "date")))
    out.add(event, "org:resultingOrganization", resulting)
    out.add(resulting, "org:resultedFrom", event)
    for code in merger.original:
        original = out.iris.municipality(code)
        out.add(event, "org:originalOrganization", original)
        out.add(original, "org:changedBy", event)
    out.evidence(event, merger.evidence)
    return event


def _division(kind: str, code: str, name: str, out: Emitter) -> None:
    node = out.iris.division(kind, code)
    out.typed(node, "OfficialDivision", name)
    out.add(node, vocab("cbsCode"), code)
    out.add(node, "dcterms:identifier", code)
    out.add(node, vocab("arrangementType"), concept("arrangement", kind))
