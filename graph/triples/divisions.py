"""Document 004 records → the national regional divisions as ``jg:DivisionType`` concepts.

Each card of the appendix becomes one concept of its own scheme (``indelingstype/2011``)
carrying every attribute the card gives; Kenis readings are n-ary ``jg:KenisReading``
nodes marked ``jg:derived``. Where a division type of 2011 corresponds to a CBS 2017
division kind of ``jg:ArrangementTypes`` the link is stated with the SKOS mapping property
that fits (:data:`CBS_MATCHES`).
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from graph.namespaces import concept, vocab
from graph.triples import XSD, Emitter, lit
from loaders.divisions2011 import DivisionCard, Divisions2011
from loaders.records import Evidence
from ontology import DEF

DOMAIN = DEF + "leefwereld/"
CAUSE = DEF + "aanleiding/"
ORIGIN = DEF + "ontstaanswijze/"
QUADRANT = DEF + "kenis-kwadrant/"

#: Card key → (SKOS mapping property, CBS 2017 arrangement-type key). Chosen by reading both:
#: GGD regions (28 in 2011, 25 in 2017) and safety regions (25, then as now) are the same
#: kind of division with a changed or equal cut: close matches. The 25 police regions gave
#: way to 10 regional units (the card itself announces it), the 15 provincial Bureaus
#: Jeugdzorg to 42 youth-care regions, the UWV's 115 offices to 35 labour-market regions:
#: related, not the same division.
CBS_MATCHES: dict[str, tuple[str, str]] = {
    "ggd": ("skos:closeMatch", "ggd-regio"),
    "veiligheidsregio": ("skos:closeMatch", "veiligheidsregio"),
    "politieregio": ("skos:relatedMatch", "regionale-eenheid"),
    "bureau-jeugdzorg": ("skos:relatedMatch", "jeugdzorgregio"),
    "uwv-werkbedrijf": ("skos:relatedMatch", "arbeidsmarktregio"),
}

#: Printed fields stated as plain literals, by card field key.
TEXT_FIELDS = {
    "doel": "purpose",
    "leadorganisatie": "leadOrganisation",
    "partners": "partnersText",
    "budget-van": "fundedBy",
    "budget-aan": "fundingRecipient",
    "budget-regeling": "fundingScheme",
    "ontwikkelingen": "expectedDevelopments",
    "ontstaanswijze": "originText",
}


def quads(doc: Divisions2011, out: Emitter) -> None:
    """The scheme, one concept per card, the CBS links and the Kenis readings."""
    scheme = out.iris.node("indelingstype", "2011")
    out.typed(scheme, "skos:ConceptScheme")
    out.add(scheme, "skos:prefLabel", lit("Regionale samenwerkingsverbanden rond jeugd en gezin (2011)", "nl"))
    out.add(scheme, "skos:prefLabel", lit("Regional divisions around youth and family (2011)", "en"))
    if doc.cards:  # the appendix: first card to last
        out.evidence(scheme, Evidence(doc.cards[0].evidence.source, doc.cards[0].evidence.first, doc.cards[-1].evidence.last))
    keys = {c.key for c in doc.cards}
    missing = set(CBS_MATCHES) - keys
    if missing:
        raise ValueError(f"CBS_MATCHES names cards 004 does not have: {sorted(missing)}")
    for card in doc.cards:
        _card(scheme, card, out)
    for reading in doc.kenis:
        node = NamedNode(f"{type_node(out, reading.division).value}/kenis/{reading.quadrant}")
        out.typed(node, "KenisReading")
        out.add(node, vocab("divisionType"), type_node(out, reading.division))
        out.add(node, vocab("kenisQuadrant"), NamedNode(QUADRANT + reading.quadrant))
        out.add(node, vocab("printedName"), reading.printed)
        out.add(node, vocab("derived"), True)
        out.evidence(node, reading.evidence)


def type_node(out: Emitter, key: str) -> NamedNode:
    return out.iris.node("indelingstype", "2011", key)


def _card(scheme: NamedNode, card: DivisionCard, out: Emitter) -> None:
    node = type_node(out, card.key)
    out.typed(node, "DivisionType")
    out.add(node, "skos:prefLabel", lit(card.title, "nl"))
    out.add(node, "skos:inScheme", scheme)
    out.add(scheme, "skos:hasTopConcept", node)
    out.add(node, "skos:topConceptOf", scheme)
    out.add(node, vocab("cause"), NamedNode(CAUSE + card.cause))
    out.add(node, vocab("lifeDomain"), NamedNode(DOMAIN + card.domain))
    out.evidence(node, card.evidence)
    out.evidence(node, card.domain_evidence)
    if card.region_count is not None:
        out.add(node, vocab("regionCount"), card.region_count)
    if card.count_unit:
        out.add(node, vocab("countUnit"), card.count_unit)
        count_text = card.text("aantal-regios") or card.text("aantal-organisaties")
        if count_text:
            out.add(node, vocab("countText"), count_text)
    if card.national is not None:
        out.add(node, vocab("nationalCoverage"), card.national)
    if card.since is not None:
        out.add(node, vocab("since"), Literal(str(card.since), datatype=NamedNode(XSD + "gYear")))
    for origin in card.origins:
        out.add(node, vocab("origin"), NamedNode(ORIGIN + origin))
    out.add(node, vocab("imposedByRijk"), card.imposed_by_rijk)
    if card.legal_basis:
        out.add(node, vocab("legalBasis"), card.legal_basis)
    for partner in card.partners:
        out.add(node, vocab("partnerType"), lit(partner, "nl"))
    for key, prop in TEXT_FIELDS.items():
        text = card.text(key)
        if text:
            out.add(node, vocab(prop), text)
    if card.key in CBS_MATCHES:
        relation, kind = CBS_MATCHES[card.key]
        out.add(node, relation, concept("arrangement", kind))
