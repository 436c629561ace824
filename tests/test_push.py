"""Push: the Graph Store Protocol requests, credentials, refusals, and a real Oxigraph server.

The protocol details (one PUT per graph, ``?graph=``, content type, the Authorization
header, the error on refusal) are checked against a recording HTTP server in this
process; the end-to-end path against a real ``oxigraph serve`` (``@pytest.mark.server``).
"""

from __future__ import annotations

import base64
import http.server
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse
from servers import oxigraph_server  # noqa: F401  (fixture)

from graph.cli import cli
from graph.errors import EndpointError
from graph.publish.push import PASSWORD_ENV, TOKEN_ENV, Credentials, graph_url, push
from graph.store import metadata

# --- credentials and URLs --------------------------------------------------------------


def test_graph_url_adds_the_graph_parameter_and_keeps_others():
    url = graph_url("http://localhost:3030/ds/data?x=1", "https://w3id.org/jeugdgraaf/id/graph/000")
    parts = urllib.parse.urlsplit(url)
    assert parts.path == "/ds/data"
    assert urllib.parse.parse_qsl(parts.query) == [("x", "1"), ("graph", "https://w3id.org/jeugdgraaf/id/graph/000")]


def test_basic_auth_takes_the_password_from_the_environment():
    credentials = Credentials.from_env("loader", {PASSWORD_ENV: "s3cret:x"})
    assert credentials.header() == "Basic " + base64.b64encode(b"loader:s3cret:x").decode()


def test_a_user_without_a_password_is_an_error_naming_the_variable():
    with pytest.raises(EndpointError, match=PASSWORD_ENV):
        Credentials.from_env("loader", {})


def test_a_token_becomes_a_bearer_header_and_nothing_means_no_header():
    assert Credentials.from_env(None, {TOKEN_ENV: "abc"}).header() == "Bearer abc"
    assert Credentials.from_env(None, {}).header() is None


# --- a recording Graph Store in this process -------------------------------------------


@dataclass
class Recorder:
    """What the fake store received, and which graph it refuses."""

    url: str = ""
    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    refuse: str | None = None


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    record = Recorder()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
            record.requests.append(("PUT", query.get("graph", ""), dict(self.headers), body))
            status = 403 if query.get("graph") == record.refuse else 204
            self.send_response(status)
            message = b"read-only dataset" if status == 403 else b""
            self.send_header("Content-Length", str(len(message)))
            self.end_headers()
            self.wfile.write(message)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    record.url = f"http://127.0.0.1:{server.server_address[1]}/store"
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _local_counts(store) -> dict[str, int]:
    return {r["g"].value: int(r["n"].value) for r in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}


def test_one_put_per_named_graph_with_its_triples(built_store, store, recorder):
    pushed = push(built_store, recorder.url, credentials=Credentials(token="t0ken"))
    base = metadata(built_store)["base"]
    local = _local_counts(store)
    graphs = [graph for _, graph, _, _ in recorder.requests]
    assert set(graphs) == set(local) | {base + "graph/description"}
    assert graphs == sorted(set(graphs)), "one request per graph, in IRI order"
    for _, graph, headers, body in recorder.requests:
        assert headers["Content-Type"] == "application/n-triples"
        assert headers["Authorization"] == "Bearer t0ken"
        triples = list(parse(body, format=RdfFormat.N_TRIPLES))
        if graph in local:
            assert len(triples) == local[graph], graph
    assert {p.graph: p.status for p in pushed} == {graph: 204 for graph in graphs}


def test_a_refusal_names_the_graph_and_the_status(built_store, recorder):
    base = metadata(built_store)["base"]
    recorder.refuse = base + "graph/cbs"
    with pytest.raises(EndpointError, match=r"refused graph <.*graph/cbs>: HTTP 403 .*read-only dataset"):
        push(built_store, recorder.url)


def test_an_unreachable_endpoint_is_a_clear_error(built_store):
    from servers import free_port

    with pytest.raises(EndpointError, match="cannot send graph"):
        push(built_store, f"http://127.0.0.1:{free_port()}/store", timeout=5)


def test_cli_push_reports_progress_per_graph(built_store, recorder):
    env = {PASSWORD_ENV: "pw", TOKEN_ENV: ""}
    result = CliRunner().invoke(cli, ["--store", str(built_store), "push", "--endpoint", recorder.url, "--user", "me", "--graphs", "ontology"], env=env)
    assert result.exit_code == 0, result.output
    assert "graph/ontology" in result.stderr and "pushed 3 graphs" in result.stderr  # + sources, description
    assert {headers["Authorization"] for _, _, headers, _ in recorder.requests} == {"Basic " + base64.b64encode(b"me:pw").decode()}


# --- a real Oxigraph server ------------------------------------------------------------


def _remote_counts(server) -> dict[str, int]:
    rows = server.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows}


@pytest.mark.server
def test_push_to_oxigraph_server_gives_the_same_triples_per_graph(built_store, store, oxigraph_server):  # noqa: F811
    pushed = push(built_store, oxigraph_server.store_url)
    remote = _remote_counts(oxigraph_server)
    local = _local_counts(store)
    description = metadata(built_store)["base"] + "graph/description"
    assert {g: n for g, n in remote.items() if g != description} == local
    assert remote[description] == next(p.triples for p in pushed if p.graph == description)
    # Replace semantics: pushing again leaves the same counts, not doubled ones.
    push(built_store, oxigraph_server.store_url)
    assert _remote_counts(oxigraph_server) == remote


@pytest.mark.server
def test_queries_on_the_server_see_the_union_of_the_graphs(built_store, store, oxigraph_server):  # noqa: F811
    push(built_store, oxigraph_server.store_url, groups=("sources", "reference", "ontology"))
    sparql = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a <https://w3id.org/jeugdgraaf/def#Municipality> }"
    (local,) = list(store.query(sparql, use_default_graph_as_union=True))
    assert oxigraph_server.select(sparql) == [{"n": local["n"].value}]


@pytest.mark.server
def test_saved_queries_answer_the_same_after_a_push(built_store, store, oxigraph_server):  # noqa: F811
    """The pushed store, description included, gives the catalogue's rows exactly as the local one."""
    from graph.remote import Endpoint
    from graph.run import LocalTarget, run_query
    from queries.catalog import load_catalogue

    push(built_store, oxigraph_server.store_url)
    local, remote = LocalTarget(store), Endpoint(oxigraph_server.query_url, timeout=60)
    runnable = [q for q in load_catalogue().values() if not any(p.required and p.default is None for p in q.parameters)]
    assert len(runnable) >= 5
    for query in runnable:
        here, there = run_query(query, {}, local).table(), run_query(query, {}, remote).table()
        assert there.columns == here.columns, query.name
        assert sorted(map(repr, there.rows)) == sorted(map(repr, here.rows)), query.name
