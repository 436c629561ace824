"""Run the phases of every scale, each with its peak memory, and collect one result tree.

A phase is a module with ``run(ctx) -> dict``. Phases run in order — load first, since
it makes the stores the others use — and each is isolated: a phase whose project module
is missing is recorded as not available, a phase that fails is recorded with its error,
and the run goes on, so the benchmark works at every stage of the project.
"""

from __future__ import annotations

import os
import platform
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchmarks import endpoint, export, load, network, queries
from benchmarks.context import ScaleContext, Settings, Unavailable
from benchmarks.measure import peak_memory

#: The phases of one scale, in the order they run.
PHASES: tuple[tuple[str, Callable[[ScaleContext], dict[str, Any]]], ...] = (
    ("load", load.run),
    ("queries", queries.run),
    ("network", network.run),
    ("export", export.run),
    ("endpoint", endpoint.run),
)


def run_phase(name: str, phase: Callable[[], dict[str, Any]], say: Callable[[str], None]) -> dict[str, Any]:
    """One phase with its wall time and peak memory; unavailability and errors recorded."""
    say(f"  {name} …")
    started = time.perf_counter()
    try:
        with peak_memory() as mem:
            figures = phase()
        figures = {"available": True, **figures, "memory": mem.as_dict()}
    except Unavailable as exc:
        figures = {"available": False, "reason": str(exc)}
    except Exception as exc:  # recorded in the report; the other phases still run
        figures = {"available": True, "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc(limit=6)}
    figures["wall_s"] = time.perf_counter() - started
    say(f"  {name}: {_outcome(figures)} in {figures['wall_s']:.1f} s")
    return figures


def _outcome(figures: dict[str, Any]) -> str:
    if not figures["available"]:
        return f"not available ({figures['reason']})"
    return f"error: {figures['error']}" if "error" in figures else "done"


def run_scale(k: int, settings: Settings, real: Any, say: Callable[[str], None], only: set[str] | None = None) -> dict[str, Any]:
    """All phases at scale k in a temporary directory removed afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix=f"jeugdgraaf-bench-k{k}-"))
    ctx = ScaleContext(k=k, workdir=workdir, settings=settings)
    result: dict[str, Any] = {"k": k, "load_average_at_start": os.getloadavg()}
    try:
        say(f"scale k={k}: generating")
        result["data"] = run_phase("prepare", lambda: load.prepare(ctx, real), say)
        for name, phase in PHASES:
            if only is None or name in only or name == "load":
                result[name] = run_phase(name, lambda phase=phase: phase(ctx), say)
    finally:
        ctx.rdflib_dataset = None
        shutil.rmtree(workdir, ignore_errors=True)
    result["notes"] = ctx.notes
    return result


def machine() -> dict[str, Any]:
    """Where and when the figures were taken; the load average tells if the machine was busy."""
    import pyoxigraph
    import rdflib

    return {
        "date": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "load_average": os.getloadavg(),
    }
