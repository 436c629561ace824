"""The server against hostile and careless clients, over raw sockets to the real server.

Each case is what an attacker on the network can send: conflicting lengths, smuggling
tricks with ``Transfer-Encoding``, broken request lines, headers or bodies sent too
slowly, hundreds of idle connections. Every one must get an answer (a status line) and,
where the request cannot be trusted, a closed connection — never a hang or a silent drop.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from serving import Served, command, environment, serving, stop

from graph.server.app import App, ServerConfig
from graph.server.http import Request

pytestmark = pytest.mark.server

#: The read timeout of the server under test: short, so the slow-client cases are quick.
READ_TIMEOUT = 1.0


@pytest.fixture(scope="module")
def server(built_store: Path) -> Iterator[Served]:
    """One worker, so every case below meets the same process (and its replacement)."""
    with serving(built_store, "--workers", "1", "--read-timeout", str(READ_TIMEOUT), "--timeout", "3") as served:
        yield served


def exchange(server: Served, data: bytes, wait: float = 10.0) -> tuple[bytes, bool]:
    """Send ``data``, read until the server closes or ``wait`` passes: (answer, closed)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=wait) as sock:
        sock.sendall(data)
        received = b""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                return received, False
            if not chunk:
                return received, True
            received += chunk
        return received, False


def statuses(answer: bytes) -> list[int]:
    """The status codes of every response in a byte stream (bodies here never hold a status line)."""
    return [int(code) for code in re.findall(rb"HTTP/1\.1 (\d{3}) ", answer)]


ASK = b"/sparql?query=ASK%7B%7D"


@pytest.mark.parametrize(
    "request_bytes",
    [
        pytest.param(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 5\r\nContent-Length: 40\r\n\r\nASK{}", id="conflicting-content-length"),
        pytest.param(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", id="content-length-and-chunked"),
        pytest.param(b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n5\r\nASK{}\r\n0\r\n\r\n", id="unknown-transfer-encoding"),
        pytest.param(b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n5\r\nASK{}\r\n0\r\n\r\n", id="chunked-not-last"),
        pytest.param(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", id="negative-content-length"),
        pytest.param(b"GET /sparql\r\n\r\n", id="request-line-without-version"),
        pytest.param(b"GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n", id="request-line-with-extra-field"),
        pytest.param(b"G@T / HTTP/1.1\r\nHost: x\r\n\r\n", id="bad-method-token"),
        pytest.param(b"GET / HTTP/1.1\r\nBad Header: x\r\n\r\n", id="space-in-header-name"),
        pytest.param(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", id="tls-hello-on-plain-port"),
    ],
)
def test_untrustworthy_requests_get_400_and_a_closed_connection(server: Served, request_bytes: bytes) -> None:
    answer, closed = exchange(server, request_bytes)
    assert statuses(answer) == [400] and closed, answer[:300]


def test_a_chunked_body_is_a_body_not_a_second_request(server: Served) -> None:
    """The body below holds the text of a request; it must reach the query, not the router."""
    smuggled = b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
    body = b'ASK { FILTER("""' + smuggled + b'""" != "") }'
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    request = b"POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked
    answer, _ = exchange(server, request)
    assert statuses(answer) == [200] and answer.rstrip().endswith(b"true")


def test_headers_sent_too_slowly_get_408(server: Served) -> None:
    started = time.monotonic()
    answer, closed = exchange(server, b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    assert statuses(answer) == [408] and closed
    assert time.monotonic() - started < READ_TIMEOUT + 5


def test_a_silent_connection_gets_408(server: Served) -> None:
    answer, closed = exchange(server, b"")
    assert statuses(answer) == [408] and closed


def test_a_body_sent_too_slowly_gets_408(server: Served) -> None:
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK"
    answer, closed = exchange(server, head)
    assert statuses(answer) == [408] and closed and b"did not arrive within" in answer


def test_idle_clients_do_not_starve_a_normal_request(server: Served) -> None:
    """200 connections that send half a request; a normal request is still answered."""
    idle = []
    try:
        for _ in range(200):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            idle.append(sock)
        answer, _ = exchange(server, b"GET " + ASK + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert statuses(answer) == [200]
    finally:
        for sock in idle:
            sock.close()


def test_pipelined_requests_are_each_answered(server: Served) -> None:
    one = b"GET " + ASK + b" HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n"
    answer, _ = exchange(server, one * 3 + b"GET " + ASK + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert statuses(answer) == [200, 200, 200, 200]


def test_a_query_past_its_deadline_gets_504_and_others_are_answered(server: Served) -> None:
    slow = urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}).encode()
    answer, _ = exchange(server, b"GET /sparql?" + slow + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert statuses(answer) == [504] and b"did not finish within 3 s" in answer
    # one worker: the one that ran the query retired and its replacement answers
    for _ in range(3):
        answer, _ = exchange(server, b"GET " + ASK + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", wait=30)
        assert statuses(answer) == [200]
    assert "ran past its 3 s deadline" in server.stderr()


def test_service_is_refused(server: Served) -> None:
    query = urlencode({"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}).encode()
    answer, _ = exchange(server, b"GET /sparql?" + query + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert statuses(answer) == [400] and b"SERVICE <http://127.0.0.1:9/sparql> refused" in answer


def test_access_log_in_common_log_format(server: Served) -> None:
    exchange(server, b"GET /sparql?query=ASK%7B%7D&mark=clf HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\nConnection: close\r\n\r\n")
    time.sleep(0.2)
    line = next(line for line in server.stderr().splitlines() if "mark=clf" in line)
    host, ident, user, rest = line.split(" ", 3)
    assert (host, ident, user) == ("127.0.0.1", "-", "-")
    assert rest.endswith('"GET /sparql?query=ASK%7B%7D&mark=clf HTTP/1.1" 200 4')  # body "true"


def test_sigterm_stops_the_server_gracefully(built_store: Path) -> None:
    with serving(built_store, "--workers", "1") as served:
        assert stop(served.process) == 0
        assert "stopped" in served.stderr()


# --- messages instead of tracebacks ------------------------------------------------------------


def run_serve(store: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(command(store, *options), check=False, capture_output=True, text=True, env=environment(), timeout=60)


def test_port_in_use_is_one_line(built_store: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_serve(built_store, "--port", str(port))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"127.0.0.1:{port} is already in use" in done.stderr and len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("host", ["no-such-host.invalid", "999.1.1.1"])
def test_bad_host_is_one_line(built_store: Path, host: str) -> None:
    done = run_serve(built_store, "--host", host, "--port", "0")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"--host '{host}'" in done.stderr and len(done.stderr.strip().splitlines()) == 1


# --- 500 pages and streaming, in-process ------------------------------------------------------------


@pytest.fixture(scope="module")
def broken_app(built_store: Path) -> Iterator[App]:
    """The app with one view that fails as a bug would (an exception nobody expected)."""
    application = App(ServerConfig(built_store, max_results=10**6))

    def bug(request: Request) -> None:
        raise KeyError("a bug")

    for route in application.route_table:
        if route.pattern.pattern == "^/search(?P<json>\\.json)?$":
            object.__setattr__(route, "view", lambda request, json: bug(request))
    yield application


def test_an_unhandled_exception_becomes_a_500_page_and_a_log_line(broken_app: App, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="jeugdgraaf.server"):
        page = broken_app.handle(Request.from_target("GET", "/search?q=x", {"Accept": "text/html"}))
        text = broken_app.handle(Request.from_target("GET", "/search.json?q=x", {"Accept": "application/json"}))
    assert page.status == 500 and page.content_type.startswith("text/html") and b"request id" in page.body
    assert text.status == 500 and text.body.startswith(b"500 Internal Server Error")
    ids = [r.message.split()[1].rstrip(":") for r in caplog.records]
    assert len(ids) == 2 and ids[1].encode() in text.body and "KeyError" in caplog.text


def test_asgi_app_answers_in_process(built_store: Path) -> None:
    from starlette.testclient import TestClient

    from graph.server.asgi import application

    with TestClient(application(ServerConfig(built_store, max_results=5))) as client:
        answer = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
        assert answer.status_code == 200 and answer.text == "true" and answer.headers["x-request-id"]
        assert client.post("/sparql", content=b"x" * 2_000_000, headers={"Content-Type": "application/sparql-query"}).status_code == 413


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "xml"])
def test_large_results_stream_with_every_row(broken_app: App, fmt: str) -> None:
    """20,000 rows are streamed (chunked, no Content-Length) and arrive complete."""
    from pyoxigraph import QueryResultsFormat, parse_query_results

    from graph.server.formats import BY_NAME

    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20000"
    count = "SELECT (COUNT(*) AS ?n) WHERE { { SELECT * WHERE { ?s ?p ?o } LIMIT 20000 } }"
    expected = int(next(iter(broken_app.store.query(count, use_default_graph_as_union=True)))["n"].value)
    response = broken_app.handle(Request.from_target("GET", "/sparql?" + urlencode({"query": query}), {"Accept": BY_NAME[fmt].media_type}))
    assert response.status == 200 and response.rest is not None and "Content-Length" not in response.all_headers()
    assert response.headers["X-SPARQL-MaxRows"] == str(10**6)
    formats = {"json": QueryResultsFormat.JSON, "tsv": QueryResultsFormat.TSV, "xml": QueryResultsFormat.XML}
    whole = response.whole()
    if fmt == "csv":  # pyoxigraph does not read CSV results (lossy); the csv module does
        rows = list(csv.reader(io.StringIO(whole.decode("utf-8"), newline="")))[1:]
    else:
        rows = list(parse_query_results(whole, formats[fmt]))
    assert expected == 20000 and len(rows) == expected
    if fmt == "json":
        assert len(json.loads(response.body)["results"]["bindings"]) == expected
