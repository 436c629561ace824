"""A real Oxigraph server for tests: started on a free loopback port, always stopped.

Import the fixture into a test module (``from servers import oxigraph_server``; pytest
puts ``tests/`` on the path) and mark the tests ``@pytest.mark.server``. The server comes
from the ``oxigraph`` package of the ``[test]`` extra; when it is missing the tests fail
(never skip), because CI must exercise the remote path. The default graph is the union of
the named graphs (``--union-default-graph``), as in the local store, so saved queries run
unchanged.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

#: How long a starting server may take before the test fails (it is up in well under 1 s).
STARTUP_SECONDS = 30


@dataclass(frozen=True)
class OxigraphServer:
    """Where a running server answers: ``/query`` (SPARQL), ``/store`` (Graph Store Protocol)."""

    url: str
    process: subprocess.Popen

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def store_url(self) -> str:
        return self.url + "/store"

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT; each row maps variable → the plain value of its term."""
        data = urllib.parse.urlencode({"query": sparql}).encode()
        request = urllib.request.Request(self.query_url, data=data, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            result = json.load(response)
        return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]


def oxigraph_binary() -> str:
    """The ``oxigraph`` command installed beside this Python (the venv), else on PATH."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if found is None:
        pytest.fail("the `oxigraph` server is not installed: pip install -e '.[test]'")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_oxigraph(location: Path) -> Iterator[OxigraphServer]:
    """Start ``oxigraph serve`` with its data in ``location``; stop it whatever happens."""
    port = free_port()
    log = (location.parent / f"{location.name}.log").open("wb")
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_listening(process, port, Path(log.name))
        yield OxigraphServer(f"http://127.0.0.1:{port}", process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_listening(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"oxigraph exited with {process.returncode}: {log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"oxigraph did not listen on port {port} within {STARTUP_SECONDS} s")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """An empty Oxigraph server for the tests of one module."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph") / "data") as server:
        yield server
