"""The content-negotiation table of the server: every media type it speaks, in one place.

SELECT and ASK results go out as SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE
results and resource descriptions as Turtle, N-Triples, JSON-LD or RDF/XML. A client
chooses with the ``Accept`` header (q-values honoured) or, for links and downloads, with
``?format=`` and a short name. The first format of each kind is its default (for
``*/*`` or no ``Accept`` at all).
"""

from __future__ import annotations

from dataclasses import dataclass

RESULTS = "results"
GRAPH = "graph"


@dataclass(frozen=True)
class Format:
    """One media type: its short name, kind, W3C format IRI and file extension."""

    name: str
    media_type: str
    kind: str
    w3c: str
    extension: str

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text types carry the charset)."""
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("json", "xml", "triples"))
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


_W3C = "http://www.w3.org/ns/formats/"

FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", RESULTS, _W3C + "SPARQL_Results_JSON", "srj"),
    Format("xml", "application/sparql-results+xml", RESULTS, _W3C + "SPARQL_Results_XML", "srx"),
    Format("csv", "text/csv", RESULTS, _W3C + "SPARQL_Results_CSV", "csv"),
    Format("tsv", "text/tab-separated-values", RESULTS, _W3C + "SPARQL_Results_TSV", "tsv"),
    Format("ttl", "text/turtle", GRAPH, _W3C + "Turtle", "ttl"),
    Format("nt", "application/n-triples", GRAPH, _W3C + "N-Triples", "nt"),
    Format("jsonld", "application/ld+json", GRAPH, _W3C + "JSON-LD", "jsonld"),
    Format("rdfxml", "application/rdf+xml", GRAPH, _W3C + "RDF_XML", "rdf"),
)

#: Media types that clients send for the same thing (SPARQLWrapper, curl, browsers).
ALIASES: dict[str, str] = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/x-json+ld": "application/ld+json",
}

BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
_BY_TYPE: dict[str, Format] = {f.media_type: f for f in FORMATS}


def parse_accept(header: str | None) -> tuple[str, ...]:
    """Media ranges of an ``Accept`` header, best first (q-values, then order of mention).

    A missing or empty header means ``*/*``. Ranges with ``q=0`` are dropped.
    """
    if not header or not header.strip():
        return ("*/*",)
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, position, media))
    return tuple(media for _, _, media in sorted(ranked))


def negotiate(accept: tuple[str, ...], kind: str) -> Format | None:
    """The best format of ``kind`` for the ranked media ranges, or ``None`` (406)."""
    choices = [f for f in FORMATS if f.kind == kind]
    for media in accept:
        media = ALIASES.get(media, media)
        if media in ("*/*", f"{choices[0].media_type.split('/')[0]}/*"):
            return choices[0]
        if media.endswith("/*"):
            major = media[:-1]
            found = next((f for f in choices if f.media_type.startswith(major)), None)
            if found:
                return found
        fmt = _BY_TYPE.get(media)
        if fmt is not None and fmt.kind == kind:
            return fmt
    return None


def wants_html(accept: tuple[str, ...]) -> bool:
    """Whether a browser asked: ``text/html`` ranked before any RDF or results type."""
    for media in accept:
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media == "*/*" or ALIASES.get(media, media) in _BY_TYPE:
            return False
    return False


def accept_for(name: str | None, header: str | None) -> tuple[str, ...]:
    """The ranked media types for a request: ``?format=NAME`` wins over the ``Accept`` header.

    Raises ``KeyError`` for an unknown short name.
    """
    if name:
        return (BY_NAME[name].media_type,)
    return parse_accept(header)
