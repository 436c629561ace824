"""The server: SPARQL 1.1 Protocol (through SPARQLWrapper), catalogue, linked data, safety.

Expected values are read from the sources:
- document 000, line 1: unit 1 is "Regio Groningen"; lines 3–5 list its 23 municipalities,
  Appingedam first and Groningen among them;
- the CBS list of 2013 municipalities: Groningen has code GM0014, Appingedam GM0003.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from serving import serving

from graph.server.app import App, ServerConfig
from graph.server.http import Request

BASE = "https://w3id.org/jeugdgraaf/id/"
GRONINGEN = BASE + "gemeente/GM0014"
REGION_1 = BASE + "regio-2013/1"
LABEL_QUERY = f"SELECT ?label WHERE {{ <{GRONINGEN}> rdfs:label ?label }}"
#: Three-way cross product of all triples: runs far longer than any test timeout.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def live_server(built_store: Path) -> Iterator[str]:
    with serving(built_store, "--cors", "https://example.org", "--timeout", "3", "--max-results", "1000", "--max-request-bytes", "100000", "--workers", "2") as server:
        yield server.url


@pytest.fixture(scope="module")
def app(built_store: Path) -> Iterator[App]:
    """The app without a socket, for in-process requests (like ``serve --get``)."""
    application = App(ServerConfig(built_store, max_results=5, workers=1))
    yield application
    application.close()


def get(app: App, target: str, accept: str = "text/html") -> tuple[int, str, dict[str, str]]:
    response = app.handle(Request.from_target("GET", target, {"Accept": accept}))
    return response.status, response.whole().decode("utf-8"), response.headers | {"Content-Type": response.content_type}


def raw(url: str, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> tuple[int, str, http.client.HTTPMessage]:
    """One request with http.client, so paths go out exactly as written (no ../ clean-up)."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace"), response.headers  # case-insensitive
    finally:
        conn.close()


def wrapper(url: str, query: str, fmt: str, method: str = "GET"):
    from SPARQLWrapper import SPARQLWrapper

    sparql = SPARQLWrapper(url + "/sparql")
    sparql.setQuery("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    sparql.setOnlyConneg(True)
    return sparql.query()


# --- SPARQL 1.1 Protocol through SPARQLWrapper ---------------------------------------------


@pytest.mark.server
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_in_every_result_format(live_server: str, fmt: str, method: str) -> None:
    result = wrapper(live_server, LABEL_QUERY, fmt, method)
    converted = result.convert()
    if fmt == "json":
        assert [b["label"]["value"] for b in converted["results"]["bindings"]] == ["Groningen"]
    elif fmt == "xml":
        assert [n.firstChild.data for n in converted.getElementsByTagName("literal")] == ["Groningen"]
    else:
        text = converted.decode() if isinstance(converted, bytes) else converted
        assert text.splitlines()[1].strip('"') == "Groningen"
    expected = {"json": "sparql-results+json", "xml": "sparql-results+xml", "csv": "text/csv", "tsv": "tab-separated"}[fmt]
    assert expected in result.info()["content-type"]


@pytest.mark.server
def test_ask(live_server: str) -> None:
    yes = wrapper(live_server, f'ASK {{ <{REGION_1}> rdfs:label "Regio Groningen" }}', "json").convert()
    no = wrapper(live_server, f'ASK {{ <{REGION_1}> rdfs:label "Regio Utrecht" }}', "json").convert()
    assert yes["boolean"] is True and no["boolean"] is False


@pytest.mark.server
@pytest.mark.parametrize("fmt", ["turtle", "xml", "json-ld", "n3"])
def test_construct_in_every_rdf_format(live_server: str, fmt: str) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    query = f"CONSTRUCT {{ ?m rdfs:label ?l }} WHERE {{ <{REGION_1}> <http://www.w3.org/ns/org#hasMember> ?m . ?m rdfs:label ?l }}"
    from rdflib import Graph

    converted = wrapper(live_server, query, fmt).convert()
    graph = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format={"turtle": "turtle", "n3": "n3"}[fmt])
    members = {str(o) for o in graph.objects(None, RDFS.label)}
    # document 000, lines 3–5: 23 municipalities, Appingedam and Groningen among them
    assert len(members) == 23 and {"Appingedam", "Groningen"} <= members
    assert (URIRef(GRONINGEN), RDFS.label, Literal("Groningen")) in graph


@pytest.mark.server
@pytest.mark.parametrize(
    ("accept", "media"),
    [("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"), ("application/ld+json", "application/ld+json"), ("application/rdf+xml", "application/rdf+xml")],
)
def test_describe_negotiates_rdf(live_server: str, accept: str, media: str) -> None:
    status, body, headers = raw(live_server, "GET", "/sparql?" + urlencode({"query": f"DESCRIBE <{GRONINGEN}>"}), headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(media)
    assert "GM0014" in body


@pytest.mark.server
def test_update_refused(live_server: str) -> None:
    from urllib.error import HTTPError

    from SPARQLWrapper import SPARQLWrapper

    sparql = SPARQLWrapper(live_server + "/sparql")
    sparql.setQuery(f'INSERT DATA {{ <{GRONINGEN}> <http://www.w3.org/2000/01/rdf-schema#label> "x" }}')
    sparql.setMethod("POST")
    with pytest.raises(HTTPError) as caught:
        sparql.query()
    assert caught.value.code == 403
    status, body, _ = raw(live_server, "POST", "/sparql", b"CLEAR ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403 and "read-only" in body


@pytest.mark.server
def test_timeout_stops_the_query(live_server: str) -> None:
    status, body, _ = raw(live_server, "GET", "/sparql?" + urlencode({"query": SLOW_QUERY}))
    assert status == 504 and "did not finish within 3 s" in body
    # the worker that ran it is replaced: every following query is answered
    for _ in range(4):
        assert wrapper(live_server, LABEL_QUERY, "json").convert()["results"]["bindings"]


@pytest.mark.server
def test_oversized_request_refused(live_server: str) -> None:
    from urllib.error import HTTPError

    padding = "#" + "x" * 150_000 + "\n"
    with pytest.raises(HTTPError) as caught:
        wrapper(live_server, padding + LABEL_QUERY, "json", "POST")
    assert caught.value.code == 413
    assert "at most 100000" in caught.value.read().decode()


@pytest.mark.server
@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status", "words"),
    [
        ("GET", "/sparql?query=SELEC%20x", b"", {}, 400, "SPARQL syntax error"),
        ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", b"", {}, 400, "exactly one"),
        ("GET", "/nowhere", b"", {}, 404, "nothing at /nowhere"),
        ("PUT", "/sparql", b"", {}, 405, "not allowed"),
        ("POST", "/queries", b"", {}, 405, "read-only"),
        ("GET", "/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201", b"", {"Accept": "image/png"}, 406, "Ask for one of"),
        ("POST", "/sparql", b"query=ASK{}", {"Content-Type": "text/plain"}, 415, "application/sparql-query"),
        ("GET", "/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri", b"", {}, 400, "not an absolute IRI"),
    ],
)
def test_errors_have_status_and_message(live_server: str, method: str, path: str, body: bytes, headers: dict, status: int, words: str) -> None:
    got, text, _ = raw(live_server, method, path, body, headers)
    assert got == status and words in text


@pytest.mark.server
def test_service_description_and_union_default_graph(live_server: str) -> None:
    from rdflib import Graph, URIRef

    status, body, _ = raw(live_server, "GET", "/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert status == 200 and (None, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in graph
    assert set(graph.objects(None, URIRef(sd + "name"))) >= {URIRef(BASE + "graph/000"), URIRef(BASE + "graph/cbs")}
    # default-graph-uri narrows the dataset: the CBS graph holds no survey regions
    count = "SELECT (COUNT(?r) AS ?n) WHERE { ?r a <https://w3id.org/jeugdgraaf/def#SurveyRegion> }"
    _, union, _ = raw(live_server, "GET", "/sparql?" + urlencode({"query": count}), headers={"Accept": "text/csv"})
    _, cbs, _ = raw(live_server, "GET", "/sparql?" + urlencode({"query": count, "default-graph-uri": BASE + "graph/cbs"}), headers={"Accept": "text/csv"})
    assert int(union.split()[1]) > 0 and int(cbs.split()[1]) == 0


@pytest.mark.server
def test_cors(live_server: str) -> None:
    status, _, headers = raw(live_server, "OPTIONS", "/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "https://example.org"
    _, _, other = raw(live_server, "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in other


def test_result_size_limit(app: App) -> None:
    status, body, headers = get(app, "/sparql?" + urlencode({"query": "SELECT ?s WHERE { ?s a <http://www.w3.org/ns/org#Membership> }"}), "text/csv")
    assert status == 200 and headers["X-SPARQL-MaxRows"] == "5"
    assert len(body.splitlines()) == 1 + 5


# --- catalogue and linked data ---------------------------------------------------------------


def test_catalogue_over_http(app: App) -> None:
    status, body, _ = get(app, "/queries.json", "application/json")
    names = {q["name"] for q in json.loads(body)["queries"]}
    assert status == 200 and "region-municipalities" in names
    status, _, headers = get(app, "/queries/region-municipalities/run?format=csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    status, html, _ = get(app, "/queries/region-municipalities")
    assert status == 200 and "<form" in html and "Run query" in html
    assert get(app, "/queries/no-such-query")[0] == 404


def test_canned_query_rows(built_store: Path) -> None:
    """Unlimited rows: region 1 lists Appingedam (GM0003) and Groningen (GM0014) — 000 lines 3–5."""
    application = App(ServerConfig(built_store, workers=1))
    try:
        status, csv, _ = get(application, "/queries/region-municipalities/run?format=csv")
        rows = [line.split(",") for line in csv.splitlines()[1:]]
        region_1 = {r[2] for r in rows if r[0] == "1"}
        assert status == 200 and {"GM0003", "GM0014"} <= region_1 and len(region_1) == 23
    finally:
        application.close()


def test_resource_page_and_rdf(app: App) -> None:
    status, html, _ = get(app, "/id/regio-2013/1")
    assert status == 200 and "<h1>Regio Groningen</h1>" in html
    assert "document 000, lines 3–5" in html  # the membership lines of 000
    assert 'href="/id/gemeente/GM0014"' in html
    status, turtle, headers = get(app, "/id/gemeente/GM0014", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle") and '"Groningen"' in turtle
    status, jsonld, _ = get(app, "/id/gemeente/GM0014", "application/ld+json")
    assert status == 200 and "Groningen" in json.dumps(json.loads(jsonld), ensure_ascii=False)
    iri = quote(GRONINGEN, safe="")
    assert get(app, f"/resource?iri={iri}")[0] == 200
    assert get(app, "/id/gemeente/GM9999")[0] == 404


def test_search(app: App) -> None:
    status, body, _ = get(app, "/search.json?q=GRONINGEN", "application/json")
    hits = json.loads(body)["results"]
    assert status == 200 and hits[0]["label"] == "Groningen"
    assert {h["iri"] for h in hits} >= {GRONINGEN, REGION_1}


def test_serve_get_option(built_store: Path) -> None:
    from click.testing import CliRunner

    from graph.cli import cli

    result = CliRunner().invoke(cli, ["--store", str(built_store), "serve", "--get", "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", "--accept", "text/csv"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("HTTP/1.1 200 OK") and result.output.rstrip().endswith("true")


# --- safety -----------------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """A tiny store whose label, literal and IRI text carry markup."""
    from pyoxigraph import Literal, NamedNode, Quad

    from graph.store import write_store

    path = tmp_path_factory.mktemp("hostile") / "store"
    thing, graph = NamedNode(BASE + "gemeente/GM9999"), NamedNode(BASE + "graph/test")
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    quads = [
        Quad(thing, label, Literal(HOSTILE), graph),
        Quad(thing, NamedNode("http://purl.org/dc/terms/description"), Literal(HOSTILE, language="nl"), graph),
        Quad(thing, NamedNode("http://example.org/p?a=1&b='x'"), Literal("v"), graph),
    ]
    write_store(path, quads, {"base": BASE})
    application = App(ServerConfig(path, workers=1))
    yield application
    application.close()


def test_every_value_is_escaped(hostile_app: App) -> None:
    pages = [
        get(hostile_app, "/id/gemeente/GM9999")[1],
        get(hostile_app, "/search?" + urlencode({"q": "<script>"}))[1],
        get(hostile_app, "/search?" + urlencode({"q": HOSTILE}))[1],
        get(hostile_app, "/resource?" + urlencode({"iri": "http://example.org/<script>"}))[1],
    ]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in pages[0]
    assert "a=1&amp;b=&#39;x&#39;" in pages[0] and "b='x'" not in pages[0]
    assert "&lt;script&gt;" in pages[1]
    assert "<h1>400 · Bad Request</h1>" in pages[3] and "http://example.org/&lt;script&gt;" in pages[3]


@pytest.mark.server
@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2fapp.py",
        "/static/%2e%2e/%2e%2e/store.py",
        "/lib/..%2f..%2f..%2fpackage.json",
        "/lib/%2e%2e%2f%2e%2e%2fpyproject.toml",
        "/static/....//....//pyproject.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/id/../../../etc/passwd",
        "/static/%252e%252e%252fapp.py",
    ],
)
def test_no_path_outside_the_served_folders(live_server: str, path: str) -> None:
    status, body, _ = raw(live_server, "GET", path)
    assert status in (400, 404)
    assert "root:" not in body and "import" not in body and "[project]" not in body and "dependencies" not in body


@pytest.mark.server
def test_served_libraries_come_from_node_modules(live_server: str) -> None:
    from graph.server.assets import libraries_installed

    if not libraries_installed():
        pytest.fail("npm libraries missing: run `npm ci` at the top of the repository")
    status, body, headers = raw(live_server, "GET", "/lib/cytoscape.min.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and "cytoscape" in body[:2000].lower()


# --- concurrency ------------------------------------------------------------------------------


@pytest.mark.server
def test_many_parallel_clients(live_server: str) -> None:
    """8 client threads for 2 s each, mixing endpoint and explorer requests: zero errors."""
    paths = [
        "/sparql?" + urlencode({"query": LABEL_QUERY}),
        "/sparql?" + urlencode({"query": f"ASK {{ <{REGION_1}> ?p ?o }}"}),
        "/id/gemeente/GM0014",
        "/search.json?q=gron",
        "/queries/region-tasks/run?format=json",
    ]
    errors: list[str] = []
    counts: list[int] = []

    def client(offset: int) -> None:
        host, port = live_server.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        done, stop = 0, time.monotonic() + 2.0
        while time.monotonic() < stop:
            path = paths[(offset + done) % len(paths)]
            conn.request("GET", path, headers={"Accept": "text/csv" if path.startswith("/sparql") else "text/html"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{response.status} {path}")
            done += 1
        conn.close()
        counts.append(done)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(counts) == 8 and min(counts) > 0
