"""The network analysis: each network's construction and each of its measures, timed.

For every network of :data:`graph.network.networks.NETWORKS`, in a forked child with a
share of the phase's time budget: the construction from SPARQL (a fresh
:class:`~graph.network.networks.NetworkReader`), every applicable measure of
:data:`graph.network.analysis.MEASURES`, betweenness both exact and sampled (the
analysis picks one by size; both are shown so the price of exactness is visible), and
the Louvain communities. Cheap measures come first and exact betweenness last, so when
the budget runs out at large k what is missing is what costs most, and it is reported
as not reached.

:func:`full_analysis` times what ``jeugdgraaf`` does for the whole analysis — every
network and measure with one reader — for the real graph's goal.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.context import ScaleContext, Unavailable
from benchmarks.measure import repeat, shared_budget, summary

#: Measures last in line, most expensive last: they are the first to be cut by the budget.
EXPENSIVE = ("closeness", "betweenness-exact")


def modules() -> tuple[Any, Any, Any]:
    """``analysis``, ``networks`` and ``measures`` of :mod:`graph.network`, or :class:`Unavailable`."""
    try:
        from graph.network import analysis, measures, networks
    except ImportError as exc:
        raise Unavailable(f"graph.network: {exc}") from None
    return analysis, networks, measures


def run(ctx: ScaleContext) -> dict[str, Any]:
    """Every network within the phase budget, shared out over the networks still to do."""
    _, networks, _ = modules()
    names = list(networks.NETWORKS)[: ctx.settings.limit]
    budget = ctx.settings.network_budget
    runs = shared_budget(names, budget, lambda name, send, share: _analyse(ctx.jeugdgraaf_store, name, ctx.settings.seed, send))
    results: dict[str, Any] = {}
    for name, outcome in runs.items():
        steps = dict(outcome.pop("messages", []))
        results[name] = {"steps": steps, **outcome}
        if not outcome.get("finished", True) or "error" in outcome:
            results[name]["not_reached"] = [s for s in _plan(name) if s not in steps]
    return {"networks": results, "budget_s": budget}


def _plan(name: str) -> list[str]:
    """The steps for one network in the order they run (construction first)."""
    analysis, networks, _ = modules()
    spec = networks.NETWORKS[name]
    keys = [k for k, m in analysis.MEASURES.items() if m.applies(spec) and k != "betweenness"]
    cheap = [k for k in keys if k not in EXPENSIVE]
    return ["construction", *cheap, "betweenness-sampled", "communities", *[k for k in EXPENSIVE if k in keys or k == "betweenness-exact"]]


def _analyse(store_path: Path, name: str, seed: int, send: Callable[[Any], None]) -> None:
    """In the child: build the network, then each step, sending ``(step, figures)``."""
    from graph.store import open_store

    analysis, networks, measures = modules()
    spec = networks.NETWORKS[name]
    store = open_store(store_path)
    t0 = time.perf_counter()
    graph = networks.NetworkReader(store).network(name)
    send(("construction", {**summary([time.perf_counter() - t0]), "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}))
    if graph.number_of_nodes() == 0:
        return
    steps: dict[str, Callable[[], Any]] = {
        "betweenness-sampled": lambda: analysis.measure(graph, spec, "betweenness", seed, k=measures.SAMPLES),
        "betweenness-exact": lambda: analysis.measure(graph, spec, "betweenness", seed, k=0),
        "communities": lambda: analysis.find_communities(graph, spec, seed),
    }
    for step in _plan(name)[1:]:
        work = steps.get(step) or (lambda step=step: analysis.measure(graph, spec, step, seed))
        times, result = repeat(work, 1, 0)
        send((step, {**summary(times), "note": getattr(result, "note", "")}))


def full_analysis(store_path: Path, repeats: int, budget: float) -> dict[str, Any]:
    """Every network and every measure as the analysis runs them (automatic sampling)."""
    analysis, networks, _ = modules()
    from graph.store import open_store

    store = open_store(store_path)

    def work() -> int:
        reader = networks.NetworkReader(store)
        return sum(1 for name in networks.NETWORKS for _ in analysis.analyse_network(reader, name))

    times, results = repeat(work, repeats, budget)
    return {**summary(times), "results": results, "networks": len(networks.NETWORKS)}
