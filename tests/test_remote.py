"""The catalogue on a real SPARQL endpoint: the Oxigraph server from PyPI on a loopback port.

The server is loaded with the project's store dump (N-Quads) and started with
``--union-default-graph``, the one requirement the catalogue puts on an endpoint. Every
query, with its defaults and with each of its examples, must give the same rows remotely
as locally. A small capturing HTTP server checks what the client sends (content
negotiation only, POST for long queries).
"""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat

from graph.cli import cli
from graph.errors import EndpointError
from graph.remote import POST_THRESHOLD, Endpoint
from graph.run import LocalTarget, run_query
from queries.catalog import CATALOGUE, QueryError, get
from servers import free_port, oxigraph_binary, running_oxigraph

ALL = sorted(p.stem for p in CATALOGUE.glob("*.rq"))


@pytest.fixture(scope="module")
def endpoint(store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server holding the session store, stopped at the end whatever happens."""
    folder = tmp_path_factory.mktemp("oxigraph")
    dump = folder / "graph.nq"
    store.dump(str(dump), RdfFormat.N_QUADS)
    data = folder / "data"
    subprocess.run([oxigraph_binary(), "load", "--location", str(data), "--file", str(dump)], check=True, capture_output=True, timeout=120)
    with running_oxigraph(data) as server:
        yield server.query_url


def parameter_sets(name: str) -> list[dict[str, str]]:
    q = get(name)
    required = [p for p in q.parameters if p.required and p.default is None]
    return ([] if required else [{}]) + q.example_sets()


@pytest.mark.server
@pytest.mark.parametrize("name", ALL)
def test_remote_rows_equal_local_rows(name, store, endpoint):
    local, remote = LocalTarget(store), Endpoint(endpoint, timeout=60)
    for params in parameter_sets(name):
        here = run_query(name, params, local).table()
        there = run_query(name, params, remote).table()
        assert there.columns == here.columns, (name, params)
        assert sorted(map(repr, there.rows)) == sorted(map(repr, here.rows)), (name, params)


@pytest.mark.server
def test_cli_with_endpoint_matches_local(built_store, endpoint):
    runner = CliRunner()
    args = ["query", "run", "region-members", "-p", "region=34.1", "--format", "csv"]
    local = runner.invoke(cli, ["--store", str(built_store), *args])
    remote = runner.invoke(cli, ["--store", str(built_store), *args, "--endpoint", endpoint])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert remote.output == local.output and local.output.startswith("cbs_code,municipality,")


@pytest.mark.server
def test_parameter_errors_are_the_same_remotely(endpoint):
    with pytest.raises(QueryError, match="parameter 'region': no jg:SurveyRegion is known by 'GM0014'"):
        run_query("region-members", {"region": "GM0014"}, Endpoint(endpoint))


@pytest.mark.server
def test_error_answer_becomes_endpoint_error(endpoint):
    with pytest.raises(EndpointError, match="answered with an error"):
        Endpoint(endpoint).terms("SELECT * WHERE { this is not sparql }")


@pytest.mark.server
def test_unknown_path_becomes_endpoint_error(endpoint):
    with pytest.raises(EndpointError, match="answered"):
        Endpoint(endpoint.replace("/query", "/nothing-here")).terms("ASK {}")


def test_unreachable_endpoint():
    with pytest.raises(EndpointError, match="unreachable"):
        Endpoint(f"http://127.0.0.1:{free_port()}/query", timeout=2).terms("ASK {}")


def test_endpoint_url_must_be_http():
    with pytest.raises(EndpointError, match="http"):
        Endpoint("ftp://example.org/sparql")


# --- what goes over the wire --------------------------------------------------------------


class Capture(http.server.BaseHTTPRequestHandler):
    """Answers every request with one SPARQL JSON row and records what it received."""

    seen: list[dict] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        Capture.seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body})
        payload = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
            {"n": {"type": "literal", "value": "7", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:  # keep test output clean
        pass


@pytest.fixture
def capture() -> Iterator[str]:
    Capture.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


def test_content_negotiation_only_and_typed_values(capture):
    table = Endpoint(capture).terms("SELECT ?n WHERE { ?s ?p ?n }")
    assert table.plain().rows == ((7,),)  # typed literal → int, as locally
    (request,) = Capture.seen
    assert request["method"] == "GET"
    assert "application/sparql-results+json" in request["headers"]["Accept"]
    assert "format=" not in request["path"] and "output=" not in request["path"]


def test_long_queries_are_posted(capture):
    text = 'SELECT ?n WHERE { ?s ?p ?n FILTER (?n != "' + "x" * POST_THRESHOLD + '") }'
    Endpoint(capture).terms(text)
    (request,) = Capture.seen
    assert request["method"] == "POST"
    assert request["headers"]["Content-Type"].startswith("application/sparql-query")
    assert request["body"].startswith("SELECT ?n") and "format=" not in request["path"]


def test_missing_prefixes_are_declared_for_the_endpoint(capture):
    Endpoint(capture).terms("SELECT ?n WHERE { ?s jg:cbsCode ?n }")
    from urllib.parse import parse_qs, urlparse

    sent = parse_qs(urlparse(Capture.seen[0]["path"]).query)["query"][0]
    assert sent.startswith("PREFIX jg: <https://w3id.org/jeugdgraaf/def#>")



def test_comments_are_not_sent(capture):
    """SPARQLWrapper would read 'LOAD' in a comment as an update; comments never leave."""
    Endpoint(capture).terms("#+ description: the facts as loaded\n# LOAD <x>\nSELECT ?n WHERE { ?s ?p ?n }")
    (request,) = Capture.seen
    assert request["method"] == "GET" and "LOAD" not in request["path"] and "loaded" not in request["path"]
