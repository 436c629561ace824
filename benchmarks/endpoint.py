"""The SPARQL endpoint under load: jeugdgraaf's server beside rdflib-endpoint and Oxigraph's.

Three servers answer the same two queries over the same data, one after the other, on
the loopback interface only:

- **jeugdgraaf**: ``jeugdgraaf serve`` on jeugdgraaf's store (a subprocess; the result
  limit raised so that it returns every row, like the others);
- **rdflib-endpoint** (the Python peer): its FastAPI app on the rdflib data set the load
  phase parsed, under uvicorn in a forked child (so the data is not parsed twice);
- **oxigraph** (the Rust server, the engine's limit): ``oxigraph serve-read-only
  --union-default-graph`` on the raw Oxigraph store.

The queries: a small canned one (``region-members``, a region's members) and a heavy
aggregate (``region-level-mix``: every task assignment of every region counted by
level) — both chosen among the saved queries that rdflib can run at all, bound and written out with their prefixes. Each server first answers each
query once and its row count is compared; then ``wrk`` (Debian) drives it for a fixed
time with several connections: requests per second, p50/p99 latency, errors (non-2xx
answers, socket errors and timeouts). Without ``wrk`` a Python client with one thread
per connection does the same; the report says which.

Then jeugdgraaf and the Oxigraph server get the stress figures of issue 12 (``stress`` in
the result): a point lookup (one label of one municipality) at 8 connections, the errors at
8, 32 and 128 connections, and how much slower a normal request is answered while 200 idle
clients each hold a half-sent request open.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.context import ScaleContext, Unavailable
from benchmarks.loadgen import REQUEST_TIMEOUT, drive
from benchmarks.measure import ratio

SMALL, HEAVY = "region-members", "region-level-mix"
#: The point lookup: one label of one municipality (full IRIs: the peers predeclare no prefixes).
POINT = "SELECT ?label WHERE { <{base}gemeente/GM0014> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
STRESS_CONNECTIONS = (8, 32, 128)
IDLE_CLIENTS = 200
ACCEPT = "application/sparql-results+json"
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Server:
    """A running server: its name and the URL that takes ``?query=``."""

    name: str
    url: str


def run(ctx: ScaleContext) -> dict[str, Any]:
    """Each server in turn, each query driven for ``endpoint_seconds``."""
    texts = _queries(ctx)
    point = POINT.replace("{base}", _base(ctx))
    servers: dict[str, Any] = {}
    stress: dict[str, Any] = {}
    for name, starter in STARTERS.items():
        try:
            with starter(ctx) as server:
                servers[name] = {q: _measure(server, text, ctx) for q, text in texts.items()}
                if name in ("jeugdgraaf", "oxigraph"):
                    stress[name] = _stress(server, point, ctx)
        except Unavailable as exc:
            servers[name] = {"available": False, "reason": str(exc)}
    return {"queries": {q: t for q, t in texts.items()}, "servers": servers, "ratios": _ratios(servers, texts), "stress": stress}


def _base(ctx: ScaleContext) -> str:
    from graph.store import metadata

    return str(metadata(ctx.jeugdgraaf_store)["base"])


def _stress(server: Server, sparql: str, ctx: ScaleContext) -> dict[str, Any]:
    """Point lookup at 8 connections, errors at 8/32/128, and the delay 200 idle clients cause."""
    url = server.url + "?" + urllib.parse.urlencode({"query": sparql})
    seconds = ctx.settings.endpoint_seconds
    by_connections = {n: drive(url, {"Accept": ACCEPT}, n, seconds) for n in STRESS_CONNECTIONS}
    quiet = _median_latency_ms(url)
    with _idle_clients(url, IDLE_CLIENTS):
        crowded = _median_latency_ms(url)
    first = by_connections[STRESS_CONNECTIONS[0]]
    return {
        "point_requests_per_s": first["requests_per_s"],
        "point_p99_ms": first["p99_ms"],
        "errors": {str(n): f["errors"] for n, f in by_connections.items()},
        "median_ms_alone": quiet,
        "median_ms_with_idle_clients": crowded,
        "idle_delay_ms": crowded - quiet if quiet is not None and crowded is not None else None,
    }


def _median_latency_ms(url: str, requests: int = 50) -> float | None:
    """The median time of sequential requests on one keep-alive connection."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT)
    times = []
    try:
        for _ in range(requests):
            started = time.perf_counter()
            conn.request("GET", f"{parts.path}?{parts.query}", headers={"Accept": ACCEPT})
            answer = conn.getresponse()
            answer.read()
            if answer.status == 200:
                times.append((time.perf_counter() - started) * 1000)
    except OSError:
        return None
    finally:
        conn.close()
    return statistics.median(times) if times else None


@contextmanager
def _idle_clients(url: str, count: int) -> Iterator[None]:
    """``count`` connections that each send half a request and then nothing."""
    parts = urllib.parse.urlsplit(url)
    sockets = []
    try:
        for _ in range(count):
            sock = socket.create_connection((parts.hostname, parts.port), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            sockets.append(sock)
        yield
    finally:
        for sock in sockets:
            sock.close()


def _queries(ctx: ScaleContext) -> dict[str, str]:
    """The small and the heavy query, bound on jeugdgraaf's store, prefixes written out."""
    from benchmarks.queries import catalogue, parameters
    from graph.run import LocalTarget, run_query
    from graph.store import open_store
    from queries.binding import with_prefixes

    saved = catalogue()
    missing = [n for n in (SMALL, HEAVY) if n not in saved]
    if missing:
        raise Unavailable(f"saved queries missing: {', '.join(missing)}")
    target = LocalTarget(open_store(ctx.jeugdgraaf_store))
    return {
        role: with_prefixes(run_query(saved[name], parameters(saved[name]), target).bound.sparql)
        for role, name in (("small", SMALL), ("heavy", HEAVY))
    }


def _measure(server: Server, sparql: str, ctx: ScaleContext) -> dict[str, Any]:
    """One answer checked (rows), then the load run."""
    url = server.url + "?" + urllib.parse.urlencode({"query": sparql})
    try:
        started = time.perf_counter()
        rows = _rows(url, timeout=REQUEST_TIMEOUT)
        single = time.perf_counter() - started
    except (OSError, ValueError) as exc:
        return {"error": f"first request failed: {exc}"}
    figures = drive(url, {"Accept": ACCEPT}, ctx.settings.endpoint_clients, ctx.settings.endpoint_seconds)
    if figures["requests"] == 0:  # every connection still waiting: none answered in time
        figures.update(errors=ctx.settings.endpoint_clients, p50_ms=None, p99_ms=None, note="no answer within the run",
                       requests_per_s_below=1 / figures["duration_s"] if figures["duration_s"] else None)
    return {"rows": rows, "single_request_s": single, **figures}


def _rows(url: str, timeout: float) -> int:
    request = urllib.request.Request(url, headers={"Accept": ACCEPT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return len(json.loads(response.read())["results"]["bindings"])


def _ratios(servers: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """Throughput of jeugdgraaf over each peer's, per query."""
    out: dict[str, Any] = {}
    for q in texts:
        ours = servers.get("jeugdgraaf", {}).get(q, {}).get("requests_per_s")
        for peer in ("rdflib-endpoint", "oxigraph"):
            out[f"{q}: jeugdgraaf/{peer} throughput"] = ratio(ours, peer_throughput(servers.get(peer, {}).get(q, {})))
    return out


def peer_throughput(figures: dict[str, Any]) -> float | None:
    """A peer's requests per second; when it answered none, the most it can have done.

    No answer in a run of d seconds means fewer than 1/d per second, so a ratio over it
    is a lower bound.
    """
    return figures.get("requests_per_s") or figures.get("requests_per_s_below")


# --- starting and stopping the servers -----------------------------------------------------


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float, process: subprocess.Popen | None = None) -> None:
    """Poll ``url`` with an ASK until it answers; :class:`Unavailable` if it never does."""
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK { }"})
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if process is not None and process.poll() is not None:
            raise Unavailable(f"server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(urllib.request.Request(probe, headers={"Accept": ACCEPT}), timeout=2):
                return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.1)
    raise Unavailable(f"no answer from {url} within {timeout:.0f} s")


@contextmanager
def _process(name: str, command: list[str], url: str) -> Iterator[Server]:
    """A server subprocess, stopped (SIGTERM, then SIGKILL) when the block ends."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_up(url, 30, process)
        yield Server(name, url)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def jeugdgraaf_server(ctx: ScaleContext) -> Iterator[Server]:
    """``jeugdgraaf serve`` on the store; rows unlimited so the answers match the peers'."""
    try:
        import graph.cli.serve  # noqa: F401 — only to know the command exists
    except ImportError as exc:
        raise Unavailable(f"graph.cli.serve: {exc}") from None
    port = free_port()
    command = [str(BIN / "jeugdgraaf"), "-q", "--store", str(ctx.jeugdgraaf_store), "serve", "--port", str(port), "--max-results", str(10**9), "--timeout", "60"]
    with _process("jeugdgraaf", command, f"http://127.0.0.1:{port}/sparql") as server:
        yield server


@contextmanager
def oxigraph_server(ctx: ScaleContext) -> Iterator[Server]:
    """The Oxigraph server (PyPI ``oxigraph``) on the raw store, default graph = union."""
    binary = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if binary is None:
        raise Unavailable("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    command = [binary, "serve-read-only", "--location", str(ctx.raw_store), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with _process("oxigraph", command, f"http://127.0.0.1:{port}/query") as server:
        yield server


@contextmanager
def rdflib_server(ctx: ScaleContext) -> Iterator[Server]:
    """rdflib-endpoint on the already parsed data set, under uvicorn in a forked child."""
    try:
        import uvicorn
        from rdflib_endpoint import SparqlEndpoint
    except ImportError as exc:
        raise Unavailable(f"rdflib-endpoint or uvicorn not installed (pip install -e '.[bench]'): {exc}") from None
    import multiprocessing

    if ctx.rdflib_dataset is None:
        raise Unavailable("no rdflib data set was loaded")
    port = free_port()
    dataset = ctx.rdflib_dataset

    def serve() -> None:
        app = SparqlEndpoint(graph=dataset, public_url=f"http://127.0.0.1:{port}/")
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", access_log=False)

    child = multiprocessing.get_context("fork").Process(target=serve, daemon=True)
    child.start()
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", 20)
        yield Server("rdflib-endpoint", f"http://127.0.0.1:{port}/")
    finally:
        child.kill()
        child.join()


STARTERS = {"jeugdgraaf": jeugdgraaf_server, "rdflib-endpoint": rdflib_server, "oxigraph": oxigraph_server}
