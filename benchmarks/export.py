"""Export per format: time, triples per second and megabytes per second of each dump.

Each format of :data:`graph.publish.export.FORMATS` is written by :func:`graph.publish.export.export`
from jeugdgraaf's store to a file, in a forked child with a share of the phase budget
(a slow writer at large k is reported as not finished, not waited for).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks.context import ScaleContext, Unavailable
from benchmarks.measure import repeat, shared_budget, summary


def run(ctx: ScaleContext) -> dict[str, Any]:
    """Every export format within the phase budget."""
    try:
        from graph.publish.export import FORMATS
    except ImportError as exc:
        raise Unavailable(f"graph.publish.export: {exc}") from None
    budget = ctx.settings.export_budget
    runs = shared_budget(list(FORMATS)[: ctx.settings.limit], budget, lambda fmt, send, share: _export(ctx, fmt, send, share))
    formats: dict[str, Any] = {}
    for fmt, outcome in runs.items():
        messages = outcome.pop("messages", [])
        formats[fmt] = {**(messages[0] if messages else {}), **outcome}
    return {"formats": formats, "budget_s": budget}


def _export(ctx: ScaleContext, fmt: str, send: Callable[[Any], None], share: float) -> None:
    """In the child: export repeatedly within the budget; send the figures."""
    from graph.publish.export import export

    target = ctx.workdir / f"dump-{fmt}"
    times, result = repeat(lambda: export(ctx.jeugdgraaf_store, fmt, target), ctx.settings.repeats, share * 0.8)
    size = target.stat().st_size
    statements = sum(result.graphs.values())
    target.unlink()
    median = summary(times)["median"]
    send({**summary(times), "statements": statements, "mb": size / 2**20, "triples_per_s": statements / median, "mb_per_s": size / 2**20 / median})
