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
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
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
    servers: dict[str, Any] = {}
    for name, starter in STARTERS.items():
        try:
            with starter(ctx) as server:
                servers[name] = {q: _measure(server, text, ctx) for q, text in texts.items()}
        except Unavailable as exc:
            servers[name] = {"available": False, "reason": str(exc)}
    return {"queries": {q: t for q, t in texts.items()}, "servers": servers, "ratios": _ratios(servers, texts)}


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
