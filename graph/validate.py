"""SHACL validation of a dataset against ``ontology/shapes*.ttl`` (pySHACL).

pySHACL needs an rdflib graph; the quads are handed over as N-Triples of their union
(validation is about the facts, not which named graph holds them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import Quad

from ontology import shapes_files


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: conforms or not, the number of violations, the text."""

    conforms: bool
    violations: int
    text: str


def validate(quads: Iterable[Quad]) -> Report:
    """Validate the union of ``quads`` against the shapes."""
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    data.parse(data="\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads), format="nt")
    shapes = rdflib.Graph()
    for path in shapes_files():
        shapes.parse(path, format="turtle")
    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = sum(1 for _ in results.subjects(rdflib.RDF.type, sh.ValidationResult))
    return Report(bool(conforms), violations, text)
