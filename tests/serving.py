"""``jeugdgraaf serve`` as a real process on a free loopback port, for the server tests.

The server is started exactly as a user starts it (the CLI, uvicorn workers, the
supervisor), its stderr goes to a file the tests can read (access log, errors), and it is
always stopped — SIGTERM first, then SIGKILL for the whole process group.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from tempfile import mkdtemp

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Served:
    """A running server: its base URL, process and stderr log."""

    url: str
    process: subprocess.Popen
    log: Path

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def command(store: Path, *options: str) -> list[str]:
    """The ``jeugdgraaf serve`` command line on ``store`` with ``options``."""
    return [sys.executable, "-c", "from graph.cli import cli; cli()", "--store", str(store), "serve", *options]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}


@contextmanager
def serving(store: Path, *options: str, timeout: float = 60) -> Iterator[Served]:
    """``jeugdgraaf serve --port 0 OPTIONS`` until it answers; stopped when the block ends."""
    log = Path(mkdtemp(prefix="jeugdgraaf-serve-")) / "stderr.log"
    with log.open("wb") as err:
        process = subprocess.Popen(command(store, "--port", "0", *options), stdout=subprocess.DEVNULL, stderr=err, env=environment(), start_new_session=True)
    try:
        server = Served(_wait_for_url(process, log, timeout), process, log)
        _wait_until_answering(server, timeout)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen, grace: float = 20) -> int:
    """SIGTERM, then SIGKILL after ``grace`` seconds; the exit status."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode


def _wait_for_url(process: subprocess.Popen, log: Path, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(r"on (http://127\.0\.0\.1:\d+)/", log.read_text(errors="replace"))
        if found:
            return found[1]
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode}: {log.read_text()}")
        time.sleep(0.05)
    raise RuntimeError(f"serve printed no address within {timeout} s: {log.read_text()}")


def _wait_until_answering(server: Served, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(server.url + "/sparql?query=ASK%7B%7D", timeout=5):
                return
        except OSError:
            if server.process.poll() is not None:
                raise RuntimeError(f"serve exited with {server.process.returncode}: {server.stderr()}") from None
            time.sleep(0.1)
    raise RuntimeError(f"serve did not answer within {timeout} s: {server.stderr()}")
