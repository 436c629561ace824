"""Records → quads: one module per loader, each with ``quads(records, out)``.

:class:`Emitter` is the one way triples are written: it knows the named graph, mints
evidence spans (RFC 5147 line fragments with their document and line numbers) and n-ary
memberships, so every builder states provenance the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from graph.namespaces import Iris, term, vocab
from loaders.records import Evidence

RDF_TYPE = term("rdf:type")
RDFS_LABEL = term("rdfs:label")
XSD = "http://www.w3.org/2001/XMLSchema#"

Object = NamedNode | BlankNode | Literal


def lit(value: str | int | bool, lang: str | None = None) -> Literal:
    """A literal with the datatype a Python value implies (``str`` stays plain unless ``lang``)."""
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode(XSD + "integer"))
    return Literal(value, language=lang) if lang else Literal(value)


class Emitter:
    """Collects the quads of one named graph."""

    def __init__(self, iris: Iris, graph: NamedNode) -> None:
        self.iris = iris
        self.graph = graph
        self.quads: list[Quad] = []

    def add(self, s: NamedNode | BlankNode, p: NamedNode | str, o: Object | str | int | bool) -> None:
        """Add one triple; ``p`` may be a CURIE, ``o`` a Python value made into a literal."""
        predicate = term(p) if isinstance(p, str) else p
        obj = o if isinstance(o, (NamedNode, BlankNode, Literal)) else lit(o)
        self.quads.append(Quad(s, predicate, obj, self.graph))

    def typed(self, s: NamedNode, cls: str, label: str | None = None, lang: str | None = None) -> None:
        """``s a jg:cls`` (or a CURIE class) with an optional ``rdfs:label``."""
        self.add(s, RDF_TYPE, term(cls) if ":" in cls else vocab(cls))
        if label is not None:
            self.add(s, RDFS_LABEL, lit(label, lang))

    def evidence(self, s: NamedNode, evidence: Evidence) -> NamedNode:
        """``s prov:wasDerivedFrom <doc#line=a,b>``, with the span described once."""
        span = self.iris.span(evidence.source, evidence.first, evidence.last)
        self.add(s, "prov:wasDerivedFrom", span)
        self.add(span, RDF_TYPE, vocab("TextSpan"))
        self.add(span, vocab("document"), self.iris.document(evidence.source))
        self.add(span, vocab("firstLine"), evidence.first)
        self.add(span, vocab("lastLine"), evidence.last)
        return span

    def membership(
        self,
        organisation: NamedNode,
        member: NamedNode,
        evidence: Evidence,
        printed: str | None = None,
        role: NamedNode | None = None,
    ) -> NamedNode:
        """An ``org:Membership`` node plus the ``org:hasMember`` / ``org:memberOf`` shortcuts.

        The n-ary node carries what a plain triple cannot: the evidence, the name as
        printed, the role (member or participant).
        """
        node = NamedNode(f"{organisation.value}/lid/{member.value.rsplit('/', 1)[-1]}")
        self.typed(node, "org:Membership")
        self.add(node, "org:organization", organisation)
        self.add(node, "org:member", member)
        if printed is not None:
            self.add(node, vocab("printedName"), printed)
        if role is not None:
            self.add(node, "org:role", role)
        self.evidence(node, evidence)
        self.add(organisation, "org:hasMember", member)
        self.add(member, "org:memberOf", organisation)
        return node

    def extend(self, quads: Iterable[Quad]) -> None:
        self.quads.extend(quads)
