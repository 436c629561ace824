"""JSON-LD compacted with the shipped context, written by us, byte-for-byte reproducible.

Why not a library serialiser: pyoxigraph writes JSON-LD without a context (full IRIs
everywhere), and rdflib, once a context is given, turns every ``xsd:double``, integer and
boolean into a JSON number or boolean, so ``"0.25"^^xsd:double`` comes back as
``"2.5E-1"^^xsd:double`` — a different literal, and the dump no longer round-trips. Its
node order also follows Python's set order. The graph has no blank nodes and no RDF lists,
so compaction reduces to choosing, for each predicate and value, the context term that
fits (or a compact IRI), which this module does with the context in
``ontology/context.jsonld``. Every literal keeps its lexical form: a value is either a
string under a term that states its type, or an explicit ``{"@value", "@type"|"@language"}``.

Output: one node object per subject, sorted by ``@id``; keys sorted; several values of one
key as a list sorted by their JSON text; a dataset as one ``{"@id", "@graph"}`` per named
graph. JSON-LD arrays without ``@list`` are unordered, so the sorting changes nothing but
the bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, Any

from pyoxigraph import Literal, NamedNode, Quad, Triple

__all__ = ["Compactor", "document", "write_jsonld"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
ID = "@id"


class Compactor:
    """The term and prefix tables of one JSON-LD context, and how a statement uses them."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
        self._prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        #: (predicate IRI, "@id" | datatype IRI | None) → term name
        self._terms: dict[tuple[str, str | None], str] = {}
        #: class IRI → term name
        self._classes: dict[str, str] = {}
        for name, definition in sorted(context.items()):
            if name.startswith("@") or name in prefixes:
                continue
            if isinstance(definition, str):
                self._classes[self.expand(definition)] = name
                continue
            coercion = definition.get("@type")
            kind = self.expand(coercion) if coercion and coercion != ID else coercion
            self._terms[(self.expand(definition[ID]), kind)] = name

    def expand(self, value: str) -> str:
        """``jg:task`` → the full IRI (only the context's own prefixes are used)."""
        prefix, sep, local = value.partition(":")
        if sep and prefix in self.context and isinstance(self.context[prefix], str):
            return self.context[prefix] + local
        return value

    def iri(self, iri: str) -> str:
        """The shortest compact IRI (``jgt:pleegzorg``), else the IRI itself."""
        for prefix, namespace in self._prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def entry(self, predicate: str, obj: NamedNode | Literal) -> tuple[str, Any]:
        """The key and the value for one statement, keeping the exact RDF term."""
        if predicate == RDF_TYPE and isinstance(obj, NamedNode):
            return "@type", self._classes.get(obj.value) or self.iri(obj.value)
        terms = self._terms
        if isinstance(obj, NamedNode):
            if (predicate, ID) in terms:
                return terms[(predicate, ID)], self.iri(obj.value)
            return self._plain_key(predicate), {ID: self.iri(obj.value)}
        datatype = None if obj.language else obj.datatype.value
        if datatype and datatype != XSD_STRING and (predicate, datatype) in terms:
            return terms[(predicate, datatype)], obj.value
        return self._plain_key(predicate), self._value(obj)

    def _plain_key(self, predicate: str) -> str:
        """A term without type coercion for ``predicate``, else its compact IRI."""
        return self._terms.get((predicate, None)) or self.iri(predicate)

    def _value(self, literal: Literal) -> Any:
        if literal.language:
            return {"@value": literal.value, "@language": literal.language}
        if literal.datatype.value == XSD_STRING:
            return literal.value
        return {"@value": literal.value, "@type": self.iri(literal.datatype.value)}


def _nodes(compactor: Compactor, statements: Sequence[Triple]) -> list[dict[str, Any]]:
    nodes: dict[str, dict[str, list[Any]]] = {}
    for st in statements:
        if not isinstance(st.subject, NamedNode) or not isinstance(st.object, (NamedNode, Literal)):
            raise ValueError(f"JSON-LD export expects no blank nodes: {st}")
        key, value = compactor.entry(st.predicate.value, st.object)
        nodes.setdefault(st.subject.value, {}).setdefault(key, []).append(value)
    out = []
    for subject in sorted(nodes):
        node: dict[str, Any] = {ID: compactor.iri(subject)}
        for key, values in nodes[subject].items():
            values = sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            node[key] = values[0] if len(values) == 1 else values
        out.append(node)
    return out


def document(statements: Sequence[Quad] | Sequence[Triple], context: dict[str, Any]) -> dict[str, Any]:
    """The JSON-LD document: one ``@graph`` of nodes, or of named graphs for quads."""
    compactor = Compactor(context)
    if statements and isinstance(statements[0], Quad):
        by_graph: dict[str, list[Triple]] = {}
        for q in statements:
            by_graph.setdefault(q.graph_name.value, []).append(q.triple)
        graphs = [{ID: compactor.iri(g), "@graph": _nodes(compactor, by_graph[g])} for g in sorted(by_graph)]
        return {"@context": context, "@graph": graphs}
    return {"@context": context, "@graph": _nodes(compactor, statements)}  # type: ignore[arg-type]


def write_jsonld(statements: Sequence[Quad] | Sequence[Triple], fh: IO[bytes], context: dict[str, Any]) -> None:
    """Write the compacted document as UTF-8 JSON with sorted keys."""
    text = json.dumps(document(statements, context), ensure_ascii=False, indent=1, sort_keys=True)
    fh.write(text.encode("utf-8") + b"\n")
