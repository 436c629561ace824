"""The JSON-LD context shipped in ``ontology/context.jsonld``, generated from the ontology.

Generated rather than written so it keeps pace with the ontology modules other loaders
add: every ``jg:`` class becomes a short type name (``SurveyRegion``), every ``jg:``
property a short key (``hasPartner``) whose values are coerced to IRIs for an
``owl:ObjectProperty`` and to the declared XSD type for a ``owl:DatatypeProperty``. The
terms of the reused vocabularies (ORG, SKOS, DCTERMS, PROV, VoID, DCAT) are listed here.
A test regenerates the context and compares it with the shipped file
(``jeugdgraaf jsonld-context`` rewrites it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from pyoxigraph import NamedNode, RdfFormat, Triple, parse

from ontology import ONTOLOGY_IRI, PREFIXES, VOCAB, vocabulary_files

__all__ = ["REUSED_CLASSES", "REUSED_PROPERTIES", "build_context", "render_context"]

EXTRA_PREFIXES = {"vann": "http://purl.org/vocab/vann/"}
XSD = PREFIXES["xsd"]
#: Ranges that need no coercion: plain and language-tagged strings.
UNTYPED = {XSD + "string", PREFIXES["rdf"] + "langString", PREFIXES["rdfs"] + "Literal"}

REUSED_CLASSES = {
    "Membership": "org:Membership",
    "Organization": "org:Organization",
    "FormalOrganization": "org:FormalOrganization",
    "OrganizationalCollaboration": "org:OrganizationalCollaboration",
    "OrganizationalUnit": "org:OrganizationalUnit",
    "ChangeEvent": "org:ChangeEvent",
    "Concept": "skos:Concept",
    "ConceptScheme": "skos:ConceptScheme",
    "Dataset": "void:Dataset",
    "Linkset": "void:Linkset",
}

#: term → (property CURIE, coercion: "@id", an XSD CURIE, or None)
REUSED_PROPERTIES: dict[str, tuple[str, str | None]] = {
    "member": ("org:member", "@id"),
    "memberOf": ("org:memberOf", "@id"),
    "hasMember": ("org:hasMember", "@id"),
    "organization": ("org:organization", "@id"),
    "role": ("org:role", "@id"),
    "subOrganizationOf": ("org:subOrganizationOf", "@id"),
    "hasSubOrganization": ("org:hasSubOrganization", "@id"),
    "hasUnit": ("org:hasUnit", "@id"),
    "unitOf": ("org:unitOf", "@id"),
    "changedBy": ("org:changedBy", "@id"),
    "resultedFrom": ("org:resultedFrom", "@id"),
    "resultingOrganization": ("org:resultingOrganization", "@id"),
    "originalOrganization": ("org:originalOrganization", "@id"),
    "wasDerivedFrom": ("prov:wasDerivedFrom", "@id"),
    "wasGeneratedBy": ("prov:wasGeneratedBy", "@id"),
    "wasAssociatedWith": ("prov:wasAssociatedWith", "@id"),
    "used": ("prov:used", "@id"),
    "sameAs": ("owl:sameAs", "@id"),
    "label": ("rdfs:label", None),
    "comment": ("rdfs:comment", None),
    "prefLabel": ("skos:prefLabel", None),
    "altLabel": ("skos:altLabel", None),
    "definition": ("skos:definition", None),
    "scopeNote": ("skos:scopeNote", None),
    "notation": ("skos:notation", None),
    "inScheme": ("skos:inScheme", "@id"),
    "topConceptOf": ("skos:topConceptOf", "@id"),
    "hasTopConcept": ("skos:hasTopConcept", "@id"),
    "broader": ("skos:broader", "@id"),
    "exactMatch": ("skos:exactMatch", "@id"),
    "closeMatch": ("skos:closeMatch", "@id"),
    "broadMatch": ("skos:broadMatch", "@id"),
    "narrowMatch": ("skos:narrowMatch", "@id"),
    "relatedMatch": ("skos:relatedMatch", "@id"),
    "subClassOf": ("rdfs:subClassOf", "@id"),
    "subPropertyOf": ("rdfs:subPropertyOf", "@id"),
    "domain": ("rdfs:domain", "@id"),
    "range": ("rdfs:range", "@id"),
    "title": ("dcterms:title", None),
    "description": ("dcterms:description", None),
    "identifier": ("dcterms:identifier", None),
    "date": ("dcterms:date", None),
    "issued": ("dcterms:issued", None),
    "created": ("dcterms:created", "xsd:dateTime"),
    "publisher": ("dcterms:publisher", None),
    "license": ("dcterms:license", "@id"),
    "rights": ("dcterms:rights", None),
    "source": ("dcterms:source", "@id"),
    "format": ("dcterms:format", "@id"),
    "conformsTo": ("dcterms:conformsTo", "@id"),
    "triples": ("void:triples", "xsd:integer"),
    "entities": ("void:entities", "xsd:integer"),
    "classes": ("void:classes", "xsd:integer"),
    "properties": ("void:properties", "xsd:integer"),
    "distinctSubjects": ("void:distinctSubjects", "xsd:integer"),
    "distinctObjects": ("void:distinctObjects", "xsd:integer"),
    "classPartition": ("void:classPartition", "@id"),
    "propertyPartition": ("void:propertyPartition", "@id"),
    "class": ("void:class", "@id"),
    "property": ("void:property", "@id"),
    "subset": ("void:subset", "@id"),
    "uriSpace": ("void:uriSpace", None),
    "sparqlEndpoint": ("void:sparqlEndpoint", "@id"),
    "vocabulary": ("void:vocabulary", "@id"),
    "linkPredicate": ("void:linkPredicate", "@id"),
    "subjectsTarget": ("void:subjectsTarget", "@id"),
    "objectsTarget": ("void:objectsTarget", "@id"),
    "distribution": ("dcat:distribution", "@id"),
    "mediaType": ("dcat:mediaType", "@id"),
    "endpointURL": ("dcat:endpointURL", "@id"),
    "servesDataset": ("dcat:servesDataset", "@id"),
    "name": ("foaf:name", None),
}


def _curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _ontology() -> list[Triple]:
    triples: list[Triple] = []
    for path in vocabulary_files():
        with path.open("rb") as fh:
            triples.extend(q.triple for q in parse(fh, RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI))
    return triples


def _vocabulary_terms(triples: Iterable[Triple]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Short names for the ``jg:`` classes and properties, with the properties' coercions."""
    rdf_type, owl, rng = NamedNode(PREFIXES["rdf"] + "type"), PREFIXES["owl"], NamedNode(PREFIXES["rdfs"] + "range")
    kinds: dict[str, str] = {}
    ranges: dict[str, set[str]] = {}
    for t in triples:
        if not isinstance(t.subject, NamedNode) or not t.subject.value.startswith(VOCAB):
            continue
        if t.predicate == rdf_type and t.object.value in {owl + "Class", owl + "ObjectProperty", owl + "DatatypeProperty"}:
            kinds[t.subject.value] = t.object.value.removeprefix(owl)
        elif t.predicate == rng:
            ranges.setdefault(t.subject.value, set()).add(t.object.value)
    classes, properties = {}, {}
    for iri, kind in sorted(kinds.items()):
        name = iri.removeprefix(VOCAB)
        if kind == "Class":
            classes[name] = _curie(iri)
            continue
        definition = {"@id": _curie(iri)}
        declared = ranges.get(iri, set())
        if kind == "ObjectProperty":
            definition["@type"] = "@id"
        elif len(declared) == 1 and (only := next(iter(declared))).startswith(XSD) and only not in UNTYPED:
            definition["@type"] = _curie(only)
        properties[name] = definition
    return classes, properties


def build_context(triples: Iterable[Triple] | None = None) -> dict[str, object]:
    """The context: prefixes, then ``jg:`` classes and properties, then the reused terms.

    Raises ValueError when two vocabularies want the same short name.
    """
    classes, properties = _vocabulary_terms(_ontology() if triples is None else triples)
    context: dict[str, object] = {"@version": 1.1, **PREFIXES, **EXTRA_PREFIXES}
    reused: dict[str, object] = dict(REUSED_CLASSES)
    for name, (curie, coercion) in REUSED_PROPERTIES.items():
        reused[name] = {"@id": curie, **({"@type": coercion} if coercion else {})}
    for table in (classes, properties, reused):
        for name, definition in table.items():
            if name in context:
                raise ValueError(f"JSON-LD term {name!r} is defined twice: {context[name]} and {definition}")
            context[name] = definition
    return context


def render_context() -> str:
    """The text of ``ontology/context.jsonld``."""
    return json.dumps({"@context": build_context()}, indent=2, ensure_ascii=False) + "\n"
