"""The dataset description (VoID + DCAT) that travels with every dump.

Why a description in the dump itself: a dump is downloaded, archived and loaded into
someone else's triplestore, far from this repository. What it contains (counts, classes,
properties, named graphs), where it came from (the source documents with their dates),
under which licence and with which attribution (CC BY 4.0, "Bron: CBS" for the facts from
CBS tables), and how it links to TOOI and CBS must therefore be in the data.

Everything here is computed from the quads handed in plus the build metadata, never from
the clock, so describing the same store twice gives the same triples. The counts describe
the content graphs of the dump, not the description graph itself (it cannot count itself).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad, Triple

from graph.namespaces import TOOI_GEMEENTE, Iris, term, vocab
from graph.triples import RDF_TYPE, Emitter
from ontology import ONTOLOGY_IRI, PREFIXES

__all__ = ["DESCRIPTION_GRAPH", "Counts", "Distribution", "count", "description_quads", "dataset_iri"]

#: Key of the named graph holding the description: ``{base}graph/description``.
DESCRIPTION_GRAPH = "description"

TOOI_MUNICIPALITIES = "https://identifier.overheid.nl/tooi/set/rwc_gemeenten_compleet"
CBS_GEBIEDEN_2017 = "https://opendata.cbs.nl/ODataApi/odata/83553NED"
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
CBS_ATTRIBUTION = (
    "Bron: CBS. Bevat gegevens van het Centraal Bureau voor de Statistiek: StatLine 83553NED "
    "'Gebieden in Nederland 2017' en 'Gemeenten alfabetisch per provincie 2013', CC BY 4.0. "
    "Gemeentegrenzen: CBS/PDOK, gebiedsindelingen 2013 (gegeneraliseerd), CC BY 4.0."
)
TITLES = (
    ("jeugdgraaf: regionale samenwerking in de jeugdzorg 2013–2017", "nl"),
    ("jeugdgraaf: Dutch youth-care cooperation 2013–2017", "en"),
)
DESCRIPTION = (
    "Regions, municipalities, youth-care tasks and the levels at which they were organised, and "
    "the cooperation arrangements of the decentralisation of Dutch youth care (2013–2017), read "
    "from public documents and CBS tables. Every fact points to the document and lines it was "
    "read from (prov:wasDerivedFrom); each source has its own named graph."
)


@dataclass(frozen=True)
class Distribution:
    """One download format of the dump, as a ``dcat:Distribution``."""

    name: str
    title: str
    media_type: str  # "text/turtle"
    format_iri: str  # W3C format IRI, http://www.w3.org/ns/formats/Turtle


@dataclass(frozen=True)
class Counts:
    """The VoID statistics of a set of triples (duplicates across named graphs count once)."""

    triples: int
    entities: int
    classes: int
    properties: int
    distinct_subjects: int
    distinct_objects: int
    class_entities: dict[NamedNode, int] = field(default_factory=dict)
    property_triples: dict[NamedNode, int] = field(default_factory=dict)


def count(triples: Iterable[Triple], uri_space: str) -> Counts:
    """VoID counts; an entity is an IRI subject inside ``uri_space`` (VoID §4.6)."""
    unique = set(triples)
    members: dict[NamedNode, set] = {}
    per_property: dict[NamedNode, int] = {}
    for t in unique:
        per_property[t.predicate] = per_property.get(t.predicate, 0) + 1
        if t.predicate == RDF_TYPE and isinstance(t.object, NamedNode):
            members.setdefault(t.object, set()).add(t.subject)
    subjects = {t.subject for t in unique}
    return Counts(
        triples=len(unique),
        entities=sum(1 for s in subjects if isinstance(s, NamedNode) and s.value.startswith(uri_space)),
        classes=len(members),
        properties=len(per_property),
        distinct_subjects=len(subjects),
        distinct_objects=len({t.object for t in unique}),
        class_entities={c: len(s) for c, s in members.items()},
        property_triples=per_property,
    )


def dataset_iri(iris: Iris) -> NamedNode:
    """The IRI of the dataset as a whole: ``{base}dataset``."""
    return iris.node("dataset")


def description_quads(
    quads: Sequence[Quad],
    *,
    base: str,
    built: str,
    graph_sources: Mapping[str, Sequence[str]],
    distributions: Sequence[Distribution] = (),
    endpoint: str | None = None,
) -> list[Quad]:
    """The VoID/DCAT description of ``quads``, in the named graph ``{base}graph/description``.

    ``built`` is the build time recorded in the store's metadata; ``graph_sources`` maps a
    named graph's key (``"cbs"``) to the ids of the sources it was made from (``"cbs2017"``),
    which decides the graph's licence and attribution; ``endpoint`` is the SPARQL endpoint
    the data is served at, if any.
    """
    iris = Iris(base)
    out = Emitter(iris, iris.graph(DESCRIPTION_GRAPH))
    dataset = dataset_iri(iris)
    counts = count((q.triple for q in quads), base)
    _about(out, dataset, built, endpoint)
    _statistics(out, dataset, counts)
    _partitions(out, dataset, counts)
    _vocabularies(out, dataset, counts)
    _sources(out, dataset, quads)
    _subsets(out, dataset, quads, graph_sources)
    _linksets(out, dataset, counts, quads)
    for dist in distributions:
        _distribution(out, dataset, dist)
    if endpoint:
        _service(out, dataset, endpoint)
    return sorted(set(out.quads), key=str)


def _about(out: Emitter, dataset: NamedNode, built: str, endpoint: str | None) -> None:
    out.add(dataset, RDF_TYPE, term("void:Dataset"))
    out.add(dataset, RDF_TYPE, term("dcat:Dataset"))
    for title, lang in TITLES:
        out.add(dataset, "dcterms:title", Literal(title, language=lang))
    out.add(dataset, "dcterms:description", Literal(DESCRIPTION, language="en"))
    publisher = out.iris.node("dataset", "publisher")
    out.add(dataset, "dcterms:publisher", publisher)
    out.add(publisher, RDF_TYPE, term("foaf:Agent"))
    out.add(publisher, "foaf:name", "jeugdgraaf")
    out.add(dataset, "dcterms:license", NamedNode(CC_BY_4))
    out.add(dataset, "dcterms:rights", CBS_ATTRIBUTION)
    out.add(dataset, "dcterms:created", Literal(built, datatype=term("xsd:dateTime")))
    out.add(dataset, "void:uriSpace", out.iris.base)
    if endpoint:
        out.add(dataset, "void:sparqlEndpoint", NamedNode(endpoint))


def _statistics(out: Emitter, node: NamedNode, counts: Counts) -> None:
    for prop, value in (
        ("void:triples", counts.triples),
        ("void:entities", counts.entities),
        ("void:classes", counts.classes),
        ("void:properties", counts.properties),
        ("void:distinctSubjects", counts.distinct_subjects),
        ("void:distinctObjects", counts.distinct_objects),
    ):
        out.add(node, prop, value)


def _partitions(out: Emitter, dataset: NamedNode, counts: Counts) -> None:
    """One ``void:classPartition`` per class, one ``void:propertyPartition`` per property.

    The partitions get IRIs (``{base}dataset/class/jg-Municipality``), not blank nodes, so
    their labels are stable from export to export.
    """
    for cls, n in counts.class_entities.items():
        node = out.iris.node("dataset", "class", _key(cls))
        out.add(dataset, "void:classPartition", node)
        out.add(node, "void:class", cls)
        out.add(node, "void:entities", n)
    for prop, n in counts.property_triples.items():
        node = out.iris.node("dataset", "property", _key(prop))
        out.add(dataset, "void:propertyPartition", node)
        out.add(node, "void:property", prop)
        out.add(node, "void:triples", n)


def _key(iri: NamedNode) -> str:
    """``jg:Municipality`` → ``jg-Municipality``; an IRI outside the prefixes → a short hash."""
    for prefix, namespace in PREFIXES.items():
        local = iri.value.removeprefix(namespace)
        if local != iri.value and local:
            return f"{prefix}-{local}"
    return "iri-" + hashlib.sha256(iri.value.encode()).hexdigest()[:16]


def _vocabularies(out: Emitter, dataset: NamedNode, counts: Counts) -> None:
    """``void:vocabulary`` for every known namespace whose terms the data uses."""
    used = {iri.value for iri in (*counts.class_entities, *counts.property_triples)}
    for prefix, namespace in PREFIXES.items():
        if any(iri.startswith(namespace) for iri in used):
            out.add(dataset, "void:vocabulary", NamedNode(ONTOLOGY_IRI if prefix == "jg" else namespace))


def _sources(out: Emitter, dataset: NamedNode, quads: Sequence[Quad]) -> None:
    """``dcterms:source`` for each ``jg:SourceDocument``.

    Their titles and dates stay in ``graph/sources`` (which travels with every dump): a
    copy here would make each such triple appear twice to a query over the union of the
    graphs, as Oxigraph's union default graph does not remove duplicates.
    """
    documents = {q.subject for q in quads if q.predicate == RDF_TYPE and q.object == vocab("SourceDocument")}
    for doc in documents:
        out.add(dataset, "dcterms:source", doc)


def _subsets(out: Emitter, dataset: NamedNode, quads: Sequence[Quad], graph_sources: Mapping[str, Sequence[str]]) -> None:
    """Each named graph is a ``void:subset`` with its own counts, sources and licence."""
    from loaders.sources import document

    by_graph: dict[NamedNode, list[Triple]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(q.triple)
    prefix = out.iris.graph("").value
    for graph, triples in by_graph.items():
        out.add(dataset, "void:subset", graph)
        out.add(graph, RDF_TYPE, term("void:Dataset"))
        out.add(graph, "void:triples", len(set(triples)))
        docs = [document(s) for s in graph_sources.get(graph.value.removeprefix(prefix), ())]
        for doc in docs:
            out.add(graph, "dcterms:source", out.iris.document(doc.id))
        if any(doc.licence == CC_BY_4 and "CBS" in doc.publisher for doc in docs):
            out.add(graph, "dcterms:license", NamedNode(CC_BY_4))
            out.add(graph, "dcterms:rights", CBS_ATTRIBUTION)


def _linksets(out: Emitter, dataset: NamedNode, counts: Counts, quads: Sequence[Quad]) -> None:
    """Links to TOOI (``owl:sameAs`` to its municipality IRIs) and to CBS (``jg:cbsCode``).

    CBS publishes no IRIs for its region codes, so the CBS "linkset" links by the code
    literal that CBS tables use as their key; it is described as such.
    """
    same_as = term("owl:sameAs")
    tooi = {q.triple for q in quads if q.predicate == same_as and q.object.value.startswith(TOOI_GEMEENTE)}
    links = (
        ("tooi", same_as, TOOI_MUNICIPALITIES, "TOOI: register gemeenten compleet", len(tooi)),
        ("cbs", vocab("cbsCode"), CBS_GEBIEDEN_2017, "CBS StatLine 83553NED: Gebieden in Nederland 2017",
         counts.property_triples.get(vocab("cbsCode"), 0)),
    )
    for key, predicate, target, title, n in links:
        if not n:
            continue
        node = out.iris.node("dataset", "linkset", key)
        out.add(node, RDF_TYPE, term("void:Linkset"))
        out.add(node, "void:subjectsTarget", dataset)
        out.add(node, "void:objectsTarget", NamedNode(target))
        out.add(node, "void:linkPredicate", predicate)
        out.add(node, "void:triples", n)
        out.add(NamedNode(target), "dcterms:title", title)


def _distribution(out: Emitter, dataset: NamedNode, dist: Distribution) -> None:
    node = out.iris.node("dataset", "distribution", dist.name)
    out.add(dataset, "dcat:distribution", node)
    out.add(node, RDF_TYPE, term("dcat:Distribution"))
    out.add(node, "dcterms:title", dist.title)
    out.add(node, "dcat:mediaType", NamedNode("https://www.iana.org/assignments/media-types/" + dist.media_type))
    out.add(node, "dcterms:format", NamedNode(dist.format_iri))
    out.add(node, "dcterms:license", NamedNode(CC_BY_4))


def _service(out: Emitter, dataset: NamedNode, endpoint: str) -> None:
    node = out.iris.node("dataset", "sparql")
    out.add(node, RDF_TYPE, term("dcat:DataService"))
    out.add(node, "dcat:endpointURL", NamedNode(endpoint))
    out.add(node, "dcat:servesDataset", dataset)
    out.add(node, "dcterms:conformsTo", NamedNode("https://www.w3.org/TR/sparql11-protocol/"))
