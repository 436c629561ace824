"""Real triplestores for tests: Oxigraph and Virtuoso, on free loopback ports, always stopped.

Import a fixture into a test module (``from servers import oxigraph_server``; pytest puts
``tests/`` on the path) and mark the tests ``@pytest.mark.server``. Both servers share the
start/wait/stop helpers below: started as a child process, polled until they answer, and
stopped by their process id whatever happens.

- **Oxigraph** comes from the ``oxigraph`` package of the ``[test]`` extra. Its default
  graph is the union of the named graphs (``--union-default-graph``), as in the local store.
- **Virtuoso** is Debian's ``virtuoso-opensource-7-bin`` (``make test`` installs it, like
  Chromium). Each fixture writes its own ``virtuoso.ini`` into a temporary directory (its
  database, log and the folder the bulk loader may read), with the HTTP and ISQL ports on
  127.0.0.1, and creates a user that may write through ``/sparql-graph-crud-auth`` (the
  ``SPARQL_UPDATE`` role, granted over ISQL).

When a server is missing the tests fail (never skip): CI must exercise the remote paths.
"""

from __future__ import annotations

import json
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

#: How long a starting server may take before the test fails (Oxigraph: under 1 s, Virtuoso: about 3 s).
STARTUP_SECONDS = 30


@dataclass(frozen=True)
class Server:
    """A running triplestore: its base URL and process; subclasses name the endpoints."""

    url: str
    process: subprocess.Popen

    @property
    def query_url(self) -> str:
        raise NotImplementedError

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT; each row maps variable → the plain value of its term."""
        data = urllib.parse.urlencode({"query": sparql}).encode()
        request = urllib.request.Request(self.query_url, data=data, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            result = json.load(response)
        return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]


@dataclass(frozen=True)
class OxigraphServer(Server):
    """Oxigraph: ``/query`` (SPARQL), ``/store`` (Graph Store Protocol, no authentication)."""

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def store_url(self) -> str:
        return self.url + "/store"


@dataclass(frozen=True)
class VirtuosoServer(Server):
    """Virtuoso: ``/sparql``, ``/sparql-graph-crud-auth`` (digest), ISQL for the bulk loader."""

    isql_port: int
    user: str
    password: str
    folder: Path

    @property
    def query_url(self) -> str:
        return self.url + "/sparql"

    @property
    def store_url(self) -> str:
        return self.url + "/sparql-graph-crud-auth"

    def isql(self, statements: str) -> str:
        """Run SQL statements as ``dba`` over ISQL; their output, or a test failure."""
        return isql(self.isql_port, statements)


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
def running(command: list[str], log_path: Path, answers: Callable[[], bool], name: str) -> Iterator[subprocess.Popen]:
    """Start ``command`` (output to ``log_path``), wait until ``answers()``, stop it by its pid at the end."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_answering(process, answers, log_path, name)
            yield process
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process id, SIGKILL if it is not gone in 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_until_answering(process: subprocess.Popen, answers: Callable[[], bool], log: Path, name: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{name} exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        if answers():
            return
        time.sleep(0.05)
    pytest.fail(f"{name} did not answer within {STARTUP_SECONDS} s: {log.read_text(errors='replace')[-2000:]}")


def listening(port: int) -> Callable[[], bool]:
    """A check that something accepts connections on ``127.0.0.1:port``."""

    def check() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return False
        return True

    return check


@contextmanager
def running_oxigraph(location: Path) -> Iterator[OxigraphServer]:
    """Start ``oxigraph serve`` with its data in ``location``; stop it whatever happens."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with running(command, location.parent / f"{location.name}.log", listening(port), "oxigraph") as process:
        yield OxigraphServer(f"http://127.0.0.1:{port}", process)


#: The configuration of a test server: everything inside its own folder, loopback ports.
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
ServerThreads = 8
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {folder}
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
MaxKeepAlives = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


def virtuoso_binary(name: str = "virtuoso-t") -> str:
    """Debian's Virtuoso server (``virtuoso-t``) or its ISQL client (``isql-vt``)."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"`{name}` is not installed: make test installs it (apt-get install virtuoso-opensource-7-bin)")
    return found


def isql(port: int, statements: str) -> str:
    """Run SQL statements on the ISQL port as ``dba`` (the password of a fresh database)."""
    command = [virtuoso_binary("isql-vt"), f"127.0.0.1:{port}", "dba", "dba", "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", f"exec={statements}"]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        pytest.fail(f"isql failed on {statements!r}: {done.stdout}{done.stderr}")
    return done.stdout


def answering_sparql(url: str) -> Callable[[], bool]:
    """A check that ``url`` answers ``ASK {}`` with HTTP 200 (Virtuoso opens ports before it is ready)."""

    def check() -> bool:
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    return check


@contextmanager
def running_virtuoso(folder: Path) -> Iterator[VirtuosoServer]:
    """Start Virtuoso with its own ``virtuoso.ini`` in ``folder`` and a loading user; stop it whatever happens."""
    http_port, isql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(folder=folder, http_port=http_port, isql_port=isql_port), encoding="utf-8")
    url = f"http://127.0.0.1:{http_port}"
    command = [virtuoso_binary(), "+foreground", "+configfile", str(ini)]
    with running(command, folder / "virtuoso.out", answering_sparql(url + "/sparql"), "virtuoso") as process:
        user, password = "jeugdgraaf", secrets.token_hex(12)
        isql(isql_port, f"DB.DBA.USER_CREATE ('{user}', '{password}'); GRANT SPARQL_UPDATE TO \"{user}\";")
        yield VirtuosoServer(url, process, isql_port, user, password, folder)


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """An empty Virtuoso server for the tests of one module."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """An empty Oxigraph server for the tests of one module."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph") / "data") as server:
        yield server
