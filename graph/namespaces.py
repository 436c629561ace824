"""IRIs: the one place that decides how every resource of the graph is named.

Instances live under a configurable base (``JEUGDGRAAF_BASE``, default
``https://w3id.org/jeugdgraaf/id/``) following the national URI strategy's id/def split:
``{base}{type}/{key}`` — ``gemeente/GM0014``, ``regio-2013/34.1``,
``jeugdzorgregio/JZ01``. The vocabulary keeps its own stable namespace (``ontology.VOCAB``).
Keys are the documents' own identifiers (CBS codes, survey numbers), so IRIs are readable
and stay the same from build to build.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from pyoxigraph import NamedNode

from graph.errors import SettingError
from ontology import PREFIXES, SCHEMES, VOCAB

DEFAULT_BASE = "https://w3id.org/jeugdgraaf/id/"
TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/"


def default_base() -> str:
    """The instance base from ``JEUGDGRAAF_BASE``, or the default."""
    return os.environ.get("JEUGDGRAAF_BASE", DEFAULT_BASE)


def slug(text: str) -> str:
    """A readable, stable IRI segment: ``"Bureau Jeugdzorg Utrecht"`` → ``bureau-jeugdzorg-utrecht``."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def vocab(local: str) -> NamedNode:
    """A class or property of the jeugdgraaf vocabulary: ``vocab("Municipality")``."""
    return NamedNode(VOCAB + local)


def concept(scheme: str, key: str) -> NamedNode:
    """A concept of one of the schemes in ``ontology.SCHEMES``: ``concept("level", "lokaal")``."""
    return NamedNode(SCHEMES[scheme] + key)


def term(curie: str) -> NamedNode:
    """``"org:hasMember"`` → the NamedNode, for the well-known prefixes."""
    prefix, local = curie.split(":", 1)
    return NamedNode(PREFIXES[prefix] + local)


@dataclass(frozen=True)
class Iris:
    """Mints instance IRIs under one base."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+/$", self.base):
            raise SettingError(f"base IRI (--base or JEUGDGRAAF_BASE) must be an http(s) IRI ending in '/': {self.base!r}")

    def node(self, kind: str, *keys: str) -> NamedNode:
        """``{base}{kind}/{key}/{key}…`` with each key percent-encoded where needed."""
        return NamedNode(self.base + kind + "".join("/" + quote(k, safe="-._~") for k in keys))

    def municipality(self, code: str) -> NamedNode:
        return self.node("gemeente", code)

    def survey_region(self, survey_id: str) -> NamedNode:
        return self.node("regio-2013", survey_id)

    def subregion(self, survey_id: str, name: str) -> NamedNode:
        return self.node("regio-2013", survey_id, slug(name))

    def division(self, kind: str, code: str) -> NamedNode:
        return self.node(kind, code)

    def organisation(self, name: str) -> NamedNode:
        return self.node("organisatie", slug(name))

    def document(self, doc_id: str) -> NamedNode:
        return self.node("document", doc_id)

    def span(self, doc_id: str, first: int, last: int) -> NamedNode:
        """RFC 5147 line fragment: positions count between lines, so lines 3–5 are ``line=2,5``."""
        return NamedNode(f"{self.document(doc_id).value}#line={first - 1},{last}")

    def graph(self, name: str) -> NamedNode:
        """A named graph: ``graph/000`` per document, ``graph/cbs``, ``graph/analysis/…``."""
        return self.node("graph", name)


def curie(iri: str) -> str:
    """Shorten an IRI with the project's prefixes (longest namespace wins), else ``<iri>``."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def tooi_municipality(code: str) -> NamedNode:
    """The TOOI identifier of a municipality: ``GM0014`` → ``…/tooi/id/gemeente/gm0014``."""
    return NamedNode(TOOI_GEMEENTE + code.lower())
