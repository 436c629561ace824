"""The real graph, measured as a user meets it: whole processes and the full analysis.

- the build from the source documents (``jeugdgraaf build --from-seeds``: parse, resolve,
  make triples, SHACL-validate, persist) and from the shipped facts (``jeugdgraaf
  build``), each as a whole process: the first build (``--revalidate``: validation in full)
  and rebuilds of the same graph, which the build's cache of validated graphs spares
  validation (a cache directory of the benchmark's own, so the user's is not touched);
- the cold start: ``jeugdgraaf query run region-tasks`` as a whole process on the built
  store — interpreter start, imports, opening the store, the query, the table;
- the full network analysis of the real graph, in process.

Whole processes are timed with hyperfine (Debian) when it is installed, else by
repeated subprocess runs; the figures say which.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.context import Settings, Unavailable
from benchmarks.measure import summary

JEUGDGRAAF = str(Path(sys.executable).parent / "jeugdgraaf")


def run(settings: Settings, say: Any) -> dict[str, Any]:
    """Every real-graph figure; the store is built in a temporary directory."""
    from benchmarks.runner import run_phase

    workdir = Path(tempfile.mkdtemp(prefix="jeugdgraaf-bench-real-"))
    store = workdir / "store"
    # a cache of validated graphs of its own: the first build below starts cold
    env = {**os.environ, "JEUGDGRAAF_STORE": str(store), "XDG_CACHE_HOME": str(workdir / "cache")}
    runs = 2 if not settings.quick else 1
    build = [JEUGDGRAAF, "-q", "build"]
    try:
        out = {
            "first_build_from_facts": run_phase("first build from the shipped facts", lambda: timed([*build, "--revalidate"], env, runs), say),
            "build_from_facts": run_phase("rebuild from the shipped facts", lambda: timed(build, env, runs, warmup=1), say),
            "build_from_seeds": run_phase("rebuild from the source documents", lambda: _from_seeds(env, runs), say),
        }
        out["cold_start"] = run_phase(
            "cold start", lambda: timed([JEUGDGRAAF, "query", "run", "region-tasks"], env, 10 if not settings.quick else 2, warmup=1), say
        )
        out["network"] = run_phase("full network analysis", lambda: _network(store, settings), say)
        out["triples"] = _triples(store)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return out


def _from_seeds(env: dict[str, str], runs: int) -> dict[str, Any]:
    from loaders.sources import seeds_dir

    if not seeds_dir().is_dir():
        raise Unavailable(f"no source documents at {seeds_dir()}")
    return timed([JEUGDGRAAF, "-q", "build", "--from-seeds"], env, runs, warmup=1)


def _network(store: Path, settings: Settings) -> dict[str, Any]:
    from benchmarks.network import full_analysis

    return full_analysis(store, settings.repeats, settings.budget)


def _triples(store: Path) -> int | None:
    from graph.store import metadata

    try:
        return sum(metadata(store)["triples"].values())
    except Exception:  # the build failed: its phase already says why
        return None


def timed(command: list[str], env: dict[str, str], runs: int, warmup: int = 0) -> dict[str, Any]:
    """Wall time of a whole command, ``runs`` times after ``warmup`` untimed runs."""
    if shutil.which("hyperfine"):
        return _hyperfine(command, env, runs, warmup)
    for _ in range(warmup):
        _once(command, env)
    return {"tool": "subprocess", **summary([_once(command, env) for _ in range(runs)])}


def _once(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[1:])} failed: {done.stderr.strip()[-500:]}")
    return took


def _hyperfine(command: list[str], env: dict[str, str], runs: int, warmup: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        done = subprocess.run(
            ["hyperfine", "--shell=none", "--style=none", f"--runs={max(runs, 2)}", f"--warmup={warmup}", "--export-json", export.name, " ".join(command)],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command[1:])} failed: {done.stderr.strip()[-500:]}")
        times = json.loads(Path(export.name).read_text())["results"][0]["times"]
    return {"tool": "hyperfine", **summary(times)}
