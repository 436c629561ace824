"""SHACL validation of a dataset against ``ontology/shapes*.ttl`` (pySHACL).

pySHACL needs an rdflib graph; the quads are converted term by term into the union of
their triples (validation is about the facts, not which named graph holds them). Terms
repeat a lot (every membership points to the same classes and properties), so converted
terms are cached: that makes the hand-over twice as fast as parsing N-Triples.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from ontology import shapes_files

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: conforms or not, the number of violations, the text."""

    conforms: bool
    violations: int
    text: str
    remembered: bool = False  # the graph conformed before and was not validated again


def to_rdflib(quads: Sequence[Quad]) -> Any:
    """The union of ``quads`` as an ``rdflib.Graph``."""
    import rdflib

    cache: dict[Any, Any] = {}

    def convert(term: NamedNode | BlankNode | Literal) -> Any:
        found = cache.get(term)
        if found is None:
            if isinstance(term, NamedNode):
                found = rdflib.URIRef(term.value)
            elif isinstance(term, BlankNode):
                found = rdflib.BNode(term.value)
            elif term.language:
                found = rdflib.Literal(term.value, lang=term.language)
            elif term.datatype.value == XSD_STRING:
                # RDF 1.1: a plain literal is an xsd:string, but rdflib only equates them
                # when the datatype is left out (sh:in lists are written without it).
                found = rdflib.Literal(term.value)
            else:
                found = rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
            cache[term] = found
        return found

    graph = rdflib.Graph()
    for q in quads:
        graph.add((convert(q.subject), convert(q.predicate), convert(q.object)))
    return graph


def validate(quads: Sequence[Quad]) -> Report:
    """Validate the union of ``quads`` against the shapes."""
    import pyshacl
    import rdflib

    shapes = rdflib.Graph()
    for path in shapes_files():
        shapes.parse(path, format="turtle")
    conforms, results, text = pyshacl.validate(
        to_rdflib(quads), shacl_graph=shapes, inference="none", advanced=True, inplace=True
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = sum(1 for _ in results.subjects(rdflib.RDF.type, sh.ValidationResult))
    return Report(bool(conforms), violations, text)


def default_cache_dir() -> Path:
    """Where digests of validated graphs are kept: ``$XDG_CACHE_HOME/jeugdgraaf/validated``."""
    cache_home = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache_home / "jeugdgraaf" / "validated"


def digest(quads: Sequence[Quad]) -> str:
    """SHA-256 of the shapes and of the quads in N-Quads, in the order given."""
    h = hashlib.sha256()
    for path in shapes_files():
        h.update(path.read_bytes())
    for q in quads:
        h.update(str(q).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def validate_once(quads: Sequence[Quad], cache: Path | None = None) -> Report:
    """:func:`validate`, remembering graphs that conformed by their :func:`digest`.

    pySHACL takes seconds; the shipped facts rarely change. Validation is a function of
    the quads and the shapes alone, so a graph with the same digest as one that conformed
    before conforms now: its report is not computed again. A changed fact, or a changed
    shape, changes the digest and the graph is validated in full. Violations are never
    remembered.
    """
    cache = cache or default_cache_dir()
    key = digest(quads)
    if (cache / key).is_file():
        return Report(True, 0, f"Conforms: True (this exact graph conformed before: {key[:12]})", remembered=True)
    report = validate(quads)
    if report.conforms:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / key).touch()
    return report
