"""What the explorer asks the store: labels, search by name, and everything about one resource.

These are small, fixed queries with LIMITs, run in the server process on its read-only
store (not in the worker pool: they are bounded and must be fast). Values are bound as
RDF terms with :mod:`queries.binding`; no text from a request is pasted into SPARQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Store

from ontology import PREFIXES
from graph.run import rows
from queries.binding import Term, inject, values_block

_HEAD = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("rdfs", "skos", "prov", "jg", "dcterms", "org", "rdf"))

SEARCH = _HEAD + """SELECT ?item ?label ?type WHERE {
  ?item rdfs:label|skos:altLabel|skos:prefLabel ?label .
  FILTER(isIRI(?item) && CONTAINS(LCASE(STR(?label)), LCASE(STR(?q))))
  OPTIONAL { ?item a ?type }
} LIMIT 2000"""
OUTGOING = _HEAD + "SELECT ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 5000"
INCOMING = _HEAD + "SELECT ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?p != rdf:type) } LIMIT 2000"
# OPTIONAL groups of several patterns are slow in Oxigraph (the group is evaluated on its
# own, then joined), so the evidence of memberships is fetched in a second query.
EVIDENCE = _HEAD + "SELECT ?span WHERE { ?s prov:wasDerivedFrom ?span }"
SPANS = _HEAD + """SELECT ?span ?doc ?first ?last ?title WHERE {
  ?span jg:document ?doc ; jg:firstLine ?first ; jg:lastLine ?last .
  OPTIONAL { ?doc dcterms:title ?title }
}"""
MEMBER_OF = _HEAD + "SELECT ?other ?span WHERE { ?m org:member ?s ; org:organization ?other . OPTIONAL { ?m prov:wasDerivedFrom ?span } } LIMIT 3000"
HAS_MEMBER = _HEAD + "SELECT ?other ?span WHERE { ?m org:organization ?s ; org:member ?other . OPTIONAL { ?m prov:wasDerivedFrom ?span } } LIMIT 3000"

#: Types shown first: the project's own classes before the generic ones.
_TYPE_RANK = (PREFIXES["jg"], PREFIXES["skos"], PREFIXES["org"])


@dataclass(frozen=True)
class Hit:
    """One search result: the resource, its label and its most telling type."""

    iri: str
    label: str
    type: str | None


def search(store: Store, text: str, limit: int = 100) -> list[Hit]:
    """Resources whose label or alternative label contains ``text`` (case-insensitive).

    Exact matches first, then labels that start with the text, then the rest; shorter
    labels before longer ones.
    """
    needle = text.strip().lower()
    if not needle:
        return []
    found: dict[str, tuple[str, list[str]]] = {}
    for row in rows(store, SEARCH, {"q": Literal(needle)}):
        iri = row["item"].value
        label, types = found.setdefault(iri, (row["label"].value, []))
        if "type" in row:
            types.append(row["type"].value)
        if _match_rank(row["label"].value, needle) < _match_rank(label, needle):
            found[iri] = (row["label"].value, types)
    hits = [Hit(iri, label, main_type(types)) for iri, (label, types) in found.items()]
    hits.sort(key=lambda h: (_match_rank(h.label, needle), len(h.label), h.label))
    return hits[:limit]


def _match_rank(label: str, needle: str) -> int:
    low = label.lower()
    return 0 if low == needle else 1 if low.startswith(needle) else 2


def main_type(types: Iterable[str]) -> str | None:
    """The most telling of a resource's (materialised) types: ours before org: and the rest."""
    ordered = sorted(set(types), key=lambda t: (next((i for i, ns in enumerate(_TYPE_RANK) if t.startswith(ns)), 9), t))
    return ordered[0] if ordered else None


@dataclass(frozen=True)
class Span:
    """Where a fact was read: a document and a 1-based line range."""

    iri: str
    document: str
    first: int
    last: int
    title: str = ""

    @property
    def key(self) -> str:
        """The document's short id (``000``, ``cbs2013``) from its IRI."""
        return self.document.rstrip("/").rsplit("/", 1)[-1]

    @property
    def text(self) -> str:
        lines = f"line {self.first}" if self.first == self.last else f"lines {self.first}–{self.last}"
        return f"document {self.key}, {lines}"


@dataclass
class Description:
    """Everything the resource page shows: statements both ways, evidence and memberships."""

    iri: str
    outgoing: list[tuple[Term, Term, str]] = field(default_factory=list)
    incoming: list[tuple[Term, Term, str]] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    memberships: list[tuple[str, str, Span | None]] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming)


def describe(store: Store, iri: str) -> Description:
    """Read one resource: its statements (with graph), incoming links, evidence, memberships."""
    node = NamedNode(iri)
    out = Description(iri)
    out.outgoing = [(r["p"], r["o"], r["g"].value) for r in rows(store, OUTGOING, {"s": node})]
    out.incoming = [(r["s"], r["p"], r["g"].value) for r in rows(store, INCOMING, {"o": node})]
    evidence = [r["span"] for r in rows(store, EVIDENCE, {"s": node})]
    member_of = [(r["other"].value, iri, r.get("span")) for r in rows(store, MEMBER_OF, {"s": node})]
    has_member = [(iri, r["other"].value, r.get("span")) for r in rows(store, HAS_MEMBER, {"s": node})]
    spans = _spans(store, evidence + [span for *_, span in member_of + has_member if span is not None])
    out.evidence = sorted((spans[s.value] for s in evidence if s.value in spans), key=lambda s: (s.document, s.first))
    out.memberships = [(org, member, spans.get(span.value) if span else None) for org, member, span in member_of + has_member]
    return out


def _spans(store: Store, iris: list[Term]) -> dict[str, Span]:
    """The text spans among ``iris``, by IRI (document, line range, document title)."""
    unique = sorted({t.value for t in iris})
    if not unique:
        return {}
    found = rows(store, inject(SPANS, values_block(("span",), [[NamedNode(v)] for v in unique])))
    return {r["span"].value: _span(r) for r in found}


def _span(row: dict[str, Term]) -> Span:
    title = row["title"].value if "title" in row else ""
    iri = row["span"].value if "span" in row else ""
    return Span(iri, row["doc"].value, int(row["first"].value), int(row["last"].value), title)
