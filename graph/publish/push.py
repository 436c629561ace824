"""Load the graph into a remote triplestore with the SPARQL 1.1 Graph Store HTTP Protocol.

Why the Graph Store Protocol: every triplestore a user is likely to outgrow into (Fuseki,
Virtuoso, GraphDB, Oxigraph server, Stardog, Neptune) implements it, and ``PUT
?graph=IRI`` replaces exactly one named graph, so pushing twice leaves the same data,
not a doubled one. One request per named graph keeps each body small and a refusal
names the graph it concerns. Only the standard library is used (``urllib``): no new
dependency for one verb.

Credentials never come from the command line where ``ps`` would show them: the password
for basic auth is read from ``JEUGDGRAAF_PUSH_PASSWORD``, a bearer token from
``JEUGDGRAAF_PUSH_TOKEN``.
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, serialize

from graph.errors import EndpointError
from graph.publish.export import GROUPS, dataset_quads
from graph.store import metadata, open_store
from ontology import PREFIXES

__all__ = ["PASSWORD_ENV", "TOKEN_ENV", "Credentials", "PushedGraph", "push", "put_graph"]

PASSWORD_ENV = "JEUGDGRAAF_PUSH_PASSWORD"
TOKEN_ENV = "JEUGDGRAAF_PUSH_TOKEN"
#: Body formats a store accepts for PUT: N-Triples everywhere; Turtle is smaller.
CONTENT_TYPES = {"ntriples": RdfFormat.N_TRIPLES, "turtle": RdfFormat.TURTLE}


@dataclass(frozen=True)
class Credentials:
    """How to authenticate: basic auth, a bearer token, or nothing."""

    user: str | None = None
    password: str | None = None
    token: str | None = None

    @classmethod
    def from_env(cls, user: str | None, environ: Mapping[str, str] = os.environ) -> Credentials:
        """Basic auth when ``user`` is given (password from the environment), else a token if set."""
        if user is not None:
            if PASSWORD_ENV not in environ:
                raise EndpointError(f"--user {user} needs the password in the environment variable {PASSWORD_ENV}")
            return cls(user=user, password=environ[PASSWORD_ENV])
        return cls(token=environ.get(TOKEN_ENV) or None)

    def header(self) -> str | None:
        """The ``Authorization`` header value, if any."""
        if self.user is not None:
            pair = f"{self.user}:{self.password}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        if self.token:
            return "Bearer " + self.token
        return None


@dataclass(frozen=True)
class PushedGraph:
    """One named graph sent: its IRI, triple count and the HTTP status the store answered."""

    graph: str
    triples: int
    status: int


def graph_url(endpoint: str, graph: str) -> str:
    """``http://host/store`` + ``?graph=<IRI>`` (an existing query string is kept)."""
    parts = urllib.parse.urlsplit(endpoint)
    query = urllib.parse.urlencode([*urllib.parse.parse_qsl(parts.query), ("graph", graph)])
    return urllib.parse.urlunsplit(parts._replace(query=query))


def put_graph(
    endpoint: str,
    graph: str,
    body: bytes,
    content_type: str,
    credentials: Credentials = Credentials(),
    timeout: float = 300.0,
) -> int:
    """PUT one graph (replace semantics); the HTTP status, or :class:`EndpointError` on refusal."""
    request = urllib.request.Request(graph_url(endpoint, graph), data=body, method="PUT")
    request.add_header("Content-Type", content_type)
    auth = credentials.header()
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace").strip()
        raise EndpointError(
            f"{endpoint}: refused graph <{graph}>: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(f"{endpoint}: cannot send graph <{graph}>: {reason}") from None


def push(
    store_path: Path,
    endpoint: str,
    *,
    groups: Sequence[str] = GROUPS,
    credentials: Credentials = Credentials(),
    body_format: str = "ntriples",
    sparql_endpoint: str | None = None,
    progress: Callable[[str], None] = lambda _: None,
    timeout: float = 300.0,
) -> list[PushedGraph]:
    """Send every chosen named graph of the store, and the description, to ``endpoint``.

    Graphs go one by one, in IRI order; the first refusal stops the push with an error
    that names the graph (graphs sent before it stay replaced on the server).
    ``sparql_endpoint`` is written into the description as ``void:sparqlEndpoint``.
    """
    rdf = CONTENT_TYPES[body_format]
    info = metadata(store_path)
    by_graph: dict[str, list[Quad]] = {}
    for q in dataset_quads(open_store(store_path), info["base"], info["built"], groups, sparql_endpoint):
        by_graph.setdefault(q.graph_name.value, []).append(q)
    pushed = []
    for graph, quads in by_graph.items():
        body = serialize([q.triple for q in quads], format=rdf, prefixes=PREFIXES)
        progress(f"PUT {len(quads):>7} triples  {graph}")
        status = put_graph(endpoint, graph, body, rdf.media_type, credentials, timeout)
        pushed.append(PushedGraph(graph, len(quads), status))
    return pushed
