"""Run the catalogue on any SPARQL 1.1 endpoint through SPARQLWrapper.

Choices, and why:

- **Content negotiation only** (``Accept: application/sparql-results+json``): SPARQLWrapper
  otherwise adds ``format=``/``output=`` request parameters that some servers reject.
- **POST for long queries** (the query as ``application/sparql-query``), GET otherwise, so
  short queries stay cacheable and long ones do not hit URL length limits.
- **A timeout** on every request, and every failure — unreachable host, HTTP error, an
  answer that is not SPARQL JSON — becomes one :class:`~graph.errors.EndpointError`.
- **The default graph must be the union of the named graphs**, as in the local store
  (Oxigraph ``serve --union-default-graph``, Fuseki ``tdb2:unionDefaultGraph true``;
  GraphDB and Virtuoso do so by default). The catalogue's queries are written against that
  union, which keeps them short and lets one text run in both places.
- **Same values as locally**: JSON bindings become pyoxigraph terms, so the conversion to
  plain values (typed literals → numbers) is the very same function.
- **Prefixes**: the local store predeclares the project's prefixes; an endpoint does not,
  so the missing ``PREFIX`` lines are added to the text before it is sent.
- **No comments are sent**: SPARQLWrapper guesses the query form with a regex that also
  reads comments (a decorator containing the word "loaded" turned a SELECT into a LOAD
  update), so comments are stripped with the same lexer that places the bindings.

SPARQLWrapper is imported inside :meth:`Endpoint.terms`, so the CLI starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode

from graph.errors import EndpointError
from graph.run import TermTable
from queries.binding import Term, strip_comments, with_prefixes

#: Queries longer than this (characters) are sent with POST.
POST_THRESHOLD = 1500


@dataclass(frozen=True)
class Endpoint:
    """A remote SPARQL 1.1 query endpoint (a :class:`graph.run.Target`)."""

    url: str
    timeout: float = 30.0

    def __post_init__(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise EndpointError(f"{self.url}: an endpoint URL starts with http:// or https://")

    def terms(self, sparql: str) -> TermTable:
        """Send ``sparql`` and return its solutions as pyoxigraph terms."""
        return _table(self._request(with_prefixes(strip_comments(sparql))))

    def _request(self, text: str) -> dict[str, Any]:
        import socket
        import urllib.error

        from SPARQLWrapper import GET, JSON, POST, POSTDIRECTLY, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(self.url)
        client.setOnlyConneg(True)
        client.setReturnFormat(JSON)
        client.setTimeout(int(max(1, self.timeout)))
        client.setQuery(text)
        if len(text) > POST_THRESHOLD:
            client.setMethod(POST)
            client.setRequestMethod(POSTDIRECTLY)
        else:
            client.setMethod(GET)
        try:
            answer = client.query().convert()
        except SPARQLWrapperException as exc:
            raise EndpointError(f"{self.url} answered with an error: {_message(exc)}") from None
        except urllib.error.HTTPError as exc:
            raise EndpointError(f"{self.url} answered HTTP {exc.code}: {exc.reason}") from None
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise EndpointError(f"{self.url} is unreachable: {reason}") from None
        except ValueError as exc:
            raise EndpointError(f"{self.url} did not answer with SPARQL JSON results: {exc}") from None
        if not isinstance(answer, dict) or not ("results" in answer or "boolean" in answer):
            raise EndpointError(f"{self.url} did not answer with SPARQL JSON results")
        return answer


def _table(answer: dict[str, Any]) -> TermTable:
    """SPARQL 1.1 JSON results → columns and rows of terms."""
    if "boolean" in answer:
        value = "true" if answer["boolean"] else "false"
        return TermTable(("result",), ((Literal(value, datatype=NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),),))
    columns = tuple(answer.get("head", {}).get("vars", ()))
    rows = tuple(tuple(_term(b[c]) if c in b else None for c in columns) for b in answer["results"]["bindings"])
    return TermTable(columns, rows)


def _term(binding: dict[str, str]) -> Term:
    """One JSON binding (``{"type": "literal", "value": …, "datatype": …}``) → a term."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return NamedNode(value)
    if kind == "bnode":
        return BlankNode(value)
    if binding.get("xml:lang"):
        return Literal(value, language=binding["xml:lang"])
    if binding.get("datatype"):
        return Literal(value, datatype=NamedNode(binding["datatype"]))
    return Literal(value)


def _message(exc: Exception) -> str:
    """The endpoint's own message, first lines only."""
    text = getattr(exc, "msg", None) or str(exc)
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return " ".join(text.split())[:500]
