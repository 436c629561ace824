"""Records → one RDF dataset: the ontology, the sources and every loader's facts.

Each loader's records go into their own named graph (``graph/000`` for the survey,
``graph/cbs`` for the reference tables …), so a user can always ask "according to which
document?". The ontology goes into ``graph/ontology``, the description of the sources
into ``graph/sources``. Types are materialised up the ontology's class hierarchy (a
``jg:SurveyRegion`` is also stated to be a ``jg:Arrangement`` and an
``org:OrganizationalCollaboration``), so plain SPARQL on any store finds them without
inference.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, Quad, RdfFormat, parse, serialize

from graph.errors import ValidationError
from graph.namespaces import Iris, default_base, term, vocab
from graph.store import check_writable, write_store
from graph.triples import (
    RDF_TYPE,
    Emitter,
    alkmaar,
    boundaries,
    divisions,
    organisations,
    partners,
    quotes,
    reference,
    rotterdam,
    survey,
    utrecht,
)
from graph.validate import cache_home, content_digest, validate, validate_once
from loaders.registry import LOADERS, SourceStamp, extract_all, read_facts, stamp
from loaders.sources import SHIPPED_DATA, document, seeds_dir
from ontology import ONTOLOGY_IRI, vocabulary_files


@dataclass(frozen=True)
class GraphBuilder:
    """How one loader's records become quads, and the named graph they go into."""

    loader: str
    graph: str
    quads: Callable[[Any, Emitter], None]


#: One entry per loader of ``loaders.registry.LOADERS``.
BUILDERS: tuple[GraphBuilder, ...] = (
    GraphBuilder("reference", "cbs", reference.quads),
    GraphBuilder("survey2013", "000", survey.quads),
    GraphBuilder("organisations", "curation", organisations.quads),
    GraphBuilder("partners2013", "000", partners.quads),
    GraphBuilder("alkmaar2016", "003", alkmaar.quads),
    GraphBuilder("divisions2011", "004", divisions.quads),
    GraphBuilder("rotterdam2012", "001", rotterdam.quads),
    GraphBuilder("utrecht2013", "002", utrecht.quads),
    GraphBuilder("boundaries2013", "cbs", boundaries.quads),
    GraphBuilder("quotes", "sources", quotes.quads),
)


def ontology_quads(iris: Iris) -> list[Quad]:
    """The ontology and concept schemes, parsed from ``ontology/*.ttl``."""
    graph = iris.graph("ontology")
    out = []
    for path in vocabulary_files():
        with path.open("rb") as fh:
            out.extend(Quad(t.subject, t.predicate, t.object, graph) for t in parse(fh, RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI))
    return out


def source_quads(stamps: dict[str, SourceStamp], iris: Iris) -> list[Quad]:
    """A ``jg:SourceDocument`` for every source the facts were read from."""
    out = Emitter(iris, iris.graph("sources"))
    for source in sorted(stamps.values(), key=lambda s: s.id):
        doc = document(source.id)
        node = iris.document(source.id)
        out.typed(node, "SourceDocument", doc.title)
        out.add(node, "dcterms:title", doc.title)
        out.add(node, "dcterms:identifier", source.filename)
        out.add(node, "dcterms:issued", doc.date)
        out.add(node, "dcterms:publisher", doc.publisher)
        out.add(node, "dcterms:description", doc.description)
        if doc.licence:
            out.add(node, "dcterms:license", NamedNode(doc.licence))
        out.add(node, vocab("sha256"), source.sha256)
        out.add(node, vocab("lineCount"), source.lines)
    return out.quads


def superclasses(ontology: list[Quad]) -> dict[NamedNode, set[NamedNode]]:
    """Every class's transitive superclasses, from the ontology's ``rdfs:subClassOf``."""
    direct: dict[NamedNode, set[NamedNode]] = {}
    sub_class_of = term("rdfs:subClassOf")
    for q in ontology:
        if q.predicate == sub_class_of and isinstance(q.object, NamedNode):
            direct.setdefault(q.subject, set()).add(q.object)
    closure: dict[NamedNode, set[NamedNode]] = {}
    for cls in direct:
        seen, todo = set(), list(direct[cls])
        while todo:
            sup = todo.pop()
            if sup not in seen:
                seen.add(sup)
                todo.extend(direct.get(sup, ()))
        closure[cls] = seen
    return closure


def materialise_types(quads: list[Quad], closure: dict[NamedNode, set[NamedNode]]) -> list[Quad]:
    """Add ``rdf:type`` for every superclass, in the graph of the original type triple."""
    extra = [
        Quad(q.subject, RDF_TYPE, sup, q.graph_name)
        for q in quads
        if q.predicate == RDF_TYPE and q.object in closure
        for sup in closure[q.object]
    ]
    return quads + extra


def build_quads(records: dict[str, Any], stamps: dict[str, SourceStamp], iris: Iris) -> list[Quad]:
    """The whole dataset, deduplicated and in a stable order."""
    ontology = ontology_quads(iris)
    quads = ontology + source_quads(stamps, iris)
    for builder in BUILDERS:
        out = Emitter(iris, iris.graph(builder.graph))
        builder.quads(records[builder.loader], out)
        quads.extend(out.quads)
    quads = materialise_types(quads, superclasses(ontology))
    return sorted(set(quads), key=str)


@dataclass(frozen=True)
class BuildSummary:
    """What a build did: where from, how many triples per named graph, how long it took."""

    store: str
    origin: str  # "shipped facts" or the seeds folder
    base: str
    triples: dict[str, int]
    seconds: float


def run_build(
    store_path: Path,
    *,
    from_seeds: bool = False,
    base: str | None = None,
    progress: Callable[[str], None] = lambda _: None,
    analyse: bool = True,
    revalidate: bool = False,
) -> BuildSummary:
    """Build the store at ``store_path`` from the shipped facts (or the seeds), validated.

    Nothing is written unless every step succeeded: reading, making triples, SHACL
    validation. The previous store stays as it was otherwise. With ``analyse`` (the
    default) the network analysis runs last, so a fresh store can be asked for scores.
    A graph identical to one that conformed before is not validated again
    (:func:`graph.validate.validate_once`) unless ``revalidate``; a graph analysed before
    is not analysed again (:func:`analysis_once`).
    """
    start = time.perf_counter()
    iris = Iris(base or default_base())
    check_writable(store_path)
    if from_seeds:
        records = extract_all(progress)
        stamps = {s: stamp(s) for loader in LOADERS for s in loader.sources}
        origin = str(seeds_dir())
    else:
        progress(f"reading shipped facts in {SHIPPED_DATA}")
        records, stamps = read_facts()
        origin = "shipped facts"
    progress("making triples")
    quads = build_quads(records, stamps, iris)
    progress(f"validating {len(quads)} triples against the SHACL shapes")
    content = content_digest(quads)
    report = validate(quads) if revalidate else validate_once(quads, content=content)
    if not report.conforms:
        raise ValidationError(report.text, report.violations)
    if report.remembered:
        progress("  conforms: this exact graph conformed before (use --revalidate to validate again)")
    if analyse:
        progress("analysing the cooperation networks (jeugdgraaf network)")
        analysis, remembered = analysis_once(quads, iris, content)
        if remembered:
            progress("  remembered: this exact graph was analysed before")
        quads = quads + analysis
    counts = Counter(q.graph_name.value for q in quads)
    progress(f"writing the store at {store_path}")
    info = {"base": iris.base, "origin": origin, "built": _now(), "triples": dict(sorted(counts.items()))}
    write_store(store_path, quads, info)
    return BuildSummary(str(store_path), origin, iris.base, info["triples"], time.perf_counter() - start)


def analysis_key(content: str, iris: Iris) -> str:
    """What the network analysis is a function of: the quads, the base IRI, the analysis
    code (``graph/network/*.py``) and the versions of the libraries it records."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(f"{content}\n{iris.base}\n".encode())
    for path in sorted((Path(__file__).parent / "network").glob("*.py")):
        h.update(path.read_bytes())
    for package in ("networkx", "scipy", "pyoxigraph", "jeugdgraaf"):
        try:
            h.update(version(package).encode())
        except PackageNotFoundError:  # not installed as a distribution (a source checkout)
            h.update(b"-")
    return h.hexdigest()


def analysis_once(quads: list[Quad], iris: Iris, content: str, cache: Path | None = None) -> tuple[list[Quad], bool]:
    """The analysis quads of ``quads``, and whether they were remembered rather than computed.

    The analysis is deterministic (no time recorded, fixed seed, sorted output), so its
    quads are kept as N-Quads under :func:`analysis_key`: rebuilding unchanged facts reads
    them back (0.1 s) instead of analysing again (1.5 s). A changed fact, base or analysis
    code gives another key. Written to a temporary file and renamed, so a half-written
    file is never read.
    """
    from graph.network import analysis_quads

    cache = cache or cache_home() / "analysis"
    path = cache / f"{analysis_key(content, iris)}.nq"
    if path.is_file():
        with path.open("rb") as fh:
            return list(parse(fh, RdfFormat.N_QUADS)), True
    analysis = analysis_quads(quads, iris)
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    with partial.open("wb") as fh:
        serialize(analysis, fh, RdfFormat.N_QUADS)
    partial.replace(path)
    return analysis, False


def _now() -> str:
    """Build time, UTC; ``SOURCE_DATE_EPOCH`` fixes it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat()
