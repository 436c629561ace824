"""Drive one URL with concurrent clients for a fixed time: wrk, else Python threads.

wrk (Debian's ``wrk``) is the preferred client: written in C, it barely competes with the
server for the two cores. The threaded Python client is the fallback where wrk is not
installed; it is slower, and the figures say which client made them.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request
from typing import Any

#: Seconds after which a request counts as an error (wrk's ``--timeout`` too).
REQUEST_TIMEOUT = 10.0
_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def drive(url: str, headers: dict[str, str], clients: int, seconds: float) -> dict[str, Any]:
    """Requests per second (successful answers), p50/p99 latency and errors."""
    if shutil.which("wrk"):
        return _wrk(url, headers, clients, seconds)
    return _threads(url, headers, clients, seconds)


def _wrk(url: str, headers: dict[str, str], clients: int, seconds: float) -> dict[str, Any]:
    command = ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{max(1, round(seconds))}s", f"--timeout={REQUEST_TIMEOUT:g}s", "--latency"]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + REQUEST_TIMEOUT + 30, check=True)
    return {"client": "wrk", **parse_wrk(done.stdout)}


def parse_wrk(output: str) -> dict[str, Any]:
    """The figures of a ``wrk --latency`` report."""
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    requests, duration = (int(total[1]), float(total[2]) * _UNITS[total[3]]) if total else (0, 0.0)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    bad = int(non_2xx[1]) if non_2xx else 0
    socket_errors = sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "requests": requests,
        "duration_s": duration,
        "requests_per_s": (requests - bad) / duration if duration else 0.0,
        "p50_ms": _latency(output, "50%"),
        "p99_ms": _latency(output, "99%"),
        "errors": bad + socket_errors,
        "timeouts": int(sockets[4]) if sockets else 0,
    }


def _latency(output: str, percentile: str) -> float | None:
    found = re.search(rf"^\s*{re.escape(percentile)}\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    return float(found[1]) * _UNITS[found[2]] * 1000 if found else None


def _threads(url: str, headers: dict[str, str], clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=REQUEST_TIMEOUT) as r:
                    r.read()
                with lock:
                    latencies.append(time.perf_counter() - started)
            except (OSError, urllib.error.HTTPError):
                with lock:
                    errors[0] += 1

    started = time.perf_counter()
    workers = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(seconds + REQUEST_TIMEOUT + 5)
    duration = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return {
        "client": "python threads",
        "requests": len(latencies) + errors[0],
        "duration_s": duration,
        "requests_per_s": len(latencies) / duration,
        "p50_ms": cuts[49] * 1000 if cuts else None,
        "p99_ms": cuts[98] * 1000 if cuts else None,
        "errors": errors[0],
        "timeouts": None,
    }
