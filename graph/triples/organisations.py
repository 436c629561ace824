"""The organisation table → canonical organisations (graph ``curation``).

One IRI per real organisation: ``{base}organisatie/<id>``, except a province or municipality,
which keeps the IRI the reference build mints (``{base}provincie/PV20``,
``{base}gemeente/GM0014``) so that a province as financier *is* the official division.
Builders of other documents call :func:`organisation_node` to point at the same IRIs.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from graph.namespaces import Iris, concept, term, vocab
from graph.triples import Emitter, lit
from loaders.organisations import Organisation, OrganisationTable


def organisation_node(iris: Iris, org: Organisation) -> NamedNode:
    """The IRI of an organisation of ``organisations.csv``."""
    if org.code and org.kind == "provincie":
        return iris.division("provincie", org.code)
    if org.code and org.kind == "gemeente":
        return iris.municipality(org.code)
    return iris.organisation(org.id)


def quads(table: OrganisationTable, out: Emitter) -> None:
    """Every organisation: type, canonical name, identifier, kind, spellings, category flag."""
    for org in table.organisations:
        node = organisation_node(out.iris, org)
        out.add(node, "rdf:type", term("org:Organization"))
        if not org.code:  # coded ones carry the CBS name as rdfs:label already
            out.add(node, "rdfs:label", lit(org.name, "nl"))
        out.add(node, "skos:prefLabel", lit(org.name, "nl"))
        # One identifier scheme per resource: a province or municipality is identified by its
        # CBS code (minted by the reference build); the table's slug is only its notation.
        out.add(node, "skos:notation" if org.code else "dcterms:identifier", org.id)
        out.add(node, vocab("organisationKind"), concept("organisation", org.kind))
        out.add(node, vocab("generic"), org.generic)
        for spelling in org.aliases:
            out.add(node, "skos:altLabel", lit(spelling, "nl"))

