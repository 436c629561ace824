"""SHACL validation of a dataset against ``ontology/shapes*.ttl``.

The build validates with ``shacl-rust`` (a SHACL Core validator in Rust: 0.3 s on the real
graph where pySHACL takes 3–4 s, see the README's dependency table). pySHACL stays as the
reference: :func:`validate_reference` runs it on the same quads, and
``tests/test_validate.py`` requires both engines to report the same violations (focus
node, path, constraint component) on the real graph and on deliberately broken ones.
Validation is about the facts, not which named graph holds them: both engines see the
union of the quads' triples.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize

from ontology import shapes_files

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, as both engines name it: terms in N-Triples syntax."""

    focus: str
    path: str  # "" for a node shape's own constraint
    component: str  # the constraint component's IRI, without angle brackets
    message: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What two engines must agree on (messages are worded differently)."""
        return (self.focus, self.path, self.component)


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: conforms or not, the violations, the text."""

    conforms: bool
    violations: int
    text: str
    remembered: bool = False  # the graph conformed before and was not validated again
    results: tuple[Violation, ...] = ()


def report(conforms: bool, results: Iterable[Violation], engine: str) -> Report:
    """A :class:`Report` whose text lists every violation, sorted, one per line."""
    ordered = tuple(sorted(results))
    lines = [f"Validation report ({engine})", f"Conforms: {conforms}"]
    if ordered:
        lines.append(f"Results ({len(ordered)}):")
        lines += [f"  {v.component.removeprefix(SH)}: focus {v.focus} path {v.path or '–'}: {v.message}" for v in ordered]
    return Report(conforms, len(ordered), "\n".join(lines), results=ordered)


@functools.cache
def shapes_ntriples() -> str:
    """Every shapes file as one N-Triples text (blank nodes kept apart per file)."""
    triples: list[Triple] = []
    for path in shapes_files():
        with path.open("rb") as fh:
            triples.extend(parse(fh, RdfFormat.TURTLE))
    return serialize(triples, format=RdfFormat.N_TRIPLES).decode("utf-8")


def union_ntriples(quads: Iterable[Quad]) -> str:
    """The triples of ``quads`` as N-Triples, named graphs dropped."""
    return serialize((Triple(q.subject, q.predicate, q.object) for q in quads), format=RdfFormat.N_TRIPLES).decode("utf-8")


def validate(quads: Iterable[Quad]) -> Report:
    """Validate the union of ``quads`` against the shapes with shacl-rust.

    ``experimental_index`` is shacl-rust's interned data index: 2.5× faster on the real
    graph; the reference test (pySHACL, same violations) covers it.
    """
    import shacl_rust

    found = shacl_rust.validate(union_ntriples(quads), shapes_ntriples(), data_format="nt", shapes_format="nt", experimental_index=True)
    results = [
        Violation(
            r["focusNode"],
            r.get("resultPath") or "",
            r["sourceConstraintComponent"].strip("<>"),
            " / ".join(r.get("messages") or ()),
        )
        for r in found["results"]
        if r.get("severity") == f"<{SH}Violation>"
    ]
    return report(bool(found["conforms"]), results, "shacl-rust")


def to_rdflib(quads: Iterable[Quad]) -> Any:
    """The union of ``quads`` as an ``rdflib.Graph`` (for pySHACL)."""
    import rdflib

    converted: dict[Any, Any] = {}

    def convert(term: NamedNode | BlankNode | Literal) -> Any:
        found = converted.get(term)
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
            converted[term] = found
        return found

    graph = rdflib.Graph()
    for q in quads:
        graph.add((convert(q.subject), convert(q.predicate), convert(q.object)))
    return graph


def validate_reference(quads: Iterable[Quad]) -> Report:
    """Validate the union of ``quads`` with pySHACL, the reference implementation."""
    import pyshacl
    import rdflib

    shapes = rdflib.Graph()
    for path in shapes_files():
        shapes.parse(path, format="turtle")
    conforms, graph, _ = pyshacl.validate(to_rdflib(quads), shacl_graph=shapes, inference="none", advanced=True, inplace=True)
    sh = rdflib.Namespace(SH)
    results = []
    for node in graph.subjects(rdflib.RDF.type, sh.ValidationResult):
        if graph.value(node, sh.resultSeverity) != sh.Violation:
            continue
        path = graph.value(node, sh.resultPath)
        results.append(
            Violation(
                _ntriples(graph.value(node, sh.focusNode)),
                _ntriples(path) if isinstance(path, rdflib.URIRef) else "",
                str(graph.value(node, sh.sourceConstraintComponent)),
                " / ".join(str(m) for m in graph.objects(node, sh.resultMessage)),
            )
        )
    return report(bool(conforms), results, "pySHACL")


def _ntriples(term: Any) -> str:
    """An rdflib term in N-Triples syntax, as shacl-rust writes it."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return str(NamedNode(str(term)))
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    if term.language:
        return str(Literal(str(term), language=term.language))
    return str(Literal(str(term), datatype=NamedNode(str(term.datatype or XSD_STRING))))


def cache_home() -> Path:
    """Where the build remembers what it computed: ``$XDG_CACHE_HOME/jeugdgraaf``."""
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "jeugdgraaf"


def default_cache_dir() -> Path:
    """Where digests of validated graphs are kept: ``$XDG_CACHE_HOME/jeugdgraaf/validated``."""
    return cache_home() / "validated"


def content_digest(quads: Sequence[Quad]) -> str:
    """SHA-256 of the quads in N-Quads, in the order given (0.05 s for the real graph).

    The build computes it once and keys both of its caches on it: validation
    (:func:`validate_once`) and the network analysis (``graph.build.analysis_once``).
    """
    h = hashlib.sha256()
    for q in quads:
        h.update(str(q).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def digest(content: str) -> str:
    """The validation key: SHA-256 of the shapes and of the quads' :func:`content_digest`."""
    h = hashlib.sha256()
    for path in shapes_files():
        h.update(path.read_bytes())
    h.update(content.encode("ascii"))
    return h.hexdigest()


def validate_once(quads: Sequence[Quad], cache: Path | None = None, content: str | None = None) -> Report:
    """:func:`validate`, remembering graphs that conformed by their :func:`digest`.

    Validation is a function of the quads and the shapes alone, so a graph with the same
    digest as one that conformed before conforms now: its report is not computed again.
    A changed fact, or a changed shape, changes the digest and the graph is validated in
    full. Violations are never remembered. ``content`` is the quads' :func:`content_digest`
    when the caller has it already.
    """
    cache = cache or default_cache_dir()
    key = digest(content or content_digest(quads))
    if (cache / key).is_file():
        return Report(True, 0, f"Conforms: True (this exact graph conformed before: {key[:12]})", remembered=True)
    outcome = validate(quads)
    if outcome.conforms:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / key).touch()
    return outcome
