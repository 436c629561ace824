"""The network analysis: each network's construction and each of its measures, timed.

Every network of :data:`graph.network.networks.NETWORKS` is built from SPARQL and
measured with every applicable measure of :data:`graph.network.analysis.MEASURES`;
betweenness both exact and sampled (the analysis picks one by size; both are shown so
the price of exactness is visible), and the Louvain communities. All of it runs in one
forked child sharing one :class:`~graph.network.networks.NetworkReader` (as the CLI
does: the projections reuse the bipartite networks), with the phase's time budget. The
steps run cheapest kind first across all networks — constructions, then the cheap
measures, then sampled betweenness and communities, then closeness, then exact
betweenness — so what the budget cuts at large k is what costs most, and it is reported
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
from benchmarks.measure import repeat, stream_in_child, summary

#: Above this many nodes closeness and exact betweenness (all-pairs shortest paths,
#: O(n·m)) are not started: they could not finish within any budget of this run.
EXACT_UP_TO = 1_000
#: Source nodes of the sampled betweenness timed beside the exact one (the analysis samples only when asked).
SAMPLED = 50
#: Kinds of step in the order they run, cheapest first; measures not named here are cheap.
STAGES = ("construction", "cheap", "betweenness-sampled", "communities", "closeness", "betweenness-exact")


def modules() -> tuple[Any, Any, Any]:
    """``analysis``, ``networks`` and ``measures`` of :mod:`graph.network`, or :class:`Unavailable`."""
    try:
        from graph.network import analysis, measures, networks
    except ImportError as exc:
        raise Unavailable(f"graph.network: {exc}") from None
    return analysis, networks, measures


def plan(names: list[str]) -> list[tuple[str, str]]:
    """Every (network, step), cheapest kind of step first across the networks."""
    analysis, networks, _ = modules()
    steps: list[tuple[str, str, str]] = []
    for name in names:
        spec = networks.NETWORKS[name]
        steps.append(("construction", name, "construction"))
        for key, ms in analysis.MEASURES.items():
            if ms.applies(spec) and key != "betweenness":
                steps.append((key if key in STAGES else "cheap", name, key))
        steps += [("betweenness-sampled", name, "betweenness-sampled"), ("communities", name, "communities"),
                  ("betweenness-exact", name, "betweenness-exact")]
    steps.sort(key=lambda s: STAGES.index(s[0]))
    return [(name, step) for _, name, step in steps]


def run(ctx: ScaleContext) -> dict[str, Any]:
    """Every network and measure within the phase budget."""
    _, networks, _ = modules()
    names = list(networks.NETWORKS)[: ctx.settings.limit]
    budget = ctx.settings.network_budget
    steps = plan(names)
    messages, finished = stream_in_child(lambda send: _analyse(ctx.jeugdgraaf_store, steps, ctx.settings.seed, send), budget)
    done = {(name, step): figures for name, step, figures in messages}
    results: dict[str, Any] = {name: {"steps": {}, "not_reached": []} for name in names}
    for name, step in steps:
        if (name, step) in done:
            results[name]["steps"][step] = done[(name, step)]
        elif not _empty(done.get((name, "construction"))):
            results[name]["not_reached"].append(step)
    return {"networks": results, "finished": finished, "budget_s": budget}


def _empty(construction: dict[str, Any] | None) -> bool:
    return construction is not None and construction.get("nodes") == 0


def _analyse(store_path: Path, steps: list[tuple[str, str]], seed: int, send: Callable[[Any], None]) -> None:
    """In the child: each step in order, sending ``(network, step, figures)``."""
    from graph.store import open_store

    analysis, networks, _ = modules()
    reader = networks.NetworkReader(open_store(store_path))
    graphs: dict[str, Any] = {}
    for name, step in steps:
        spec = networks.NETWORKS[name]
        if step == "construction":
            t0 = time.perf_counter()
            graphs[name] = reader.network(name)
            g = graphs[name]
            send((name, step, {**summary([time.perf_counter() - t0]), "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}))
            continue
        graph = graphs[name]
        if graph.number_of_nodes() == 0:
            continue
        if step in ("closeness", "betweenness-exact") and graph.number_of_nodes() > EXACT_UP_TO:
            send((name, step, {"skipped": f"more than {EXACT_UP_TO:,} nodes"}))
            continue
        work = {
            "betweenness-sampled": lambda: analysis.measure(graph, spec, "betweenness", seed, k=SAMPLED),
            "betweenness-exact": lambda: analysis.measure(graph, spec, "betweenness", seed, k=0),
            "communities": lambda: analysis.find_communities(graph, spec, seed),
        }.get(step) or (lambda: analysis.measure(graph, spec, step, seed))
        times, result = repeat(work, 1, 0)
        send((name, step, {**summary(times), "note": getattr(result, "note", "")}))


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
