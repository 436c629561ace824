"""Every saved query of the catalogue, on each store: median latency and rows.

- **jeugdgraaf**: ``graph.run.run_query(query, params, LocalTarget(store))`` and its plain
  table — what ``jeugdgraaf query run`` and the Python API do, parameter binding and key
  look-ups included;
- **oxigraph** (the limit): the bound SPARQL text on the raw store, rows iterated;
- **rdflib** (the baseline): the same text on ``rdflib.Dataset(default_union=True)``,
  rows listed.

Each query runs with its default parameters, or its first example when a required
parameter has no default, in forked children with its share of the store's time budget
(:func:`benchmarks.measure.shared_budget`): a query that does not finish in its share is
reported with the share as a lower bound. The row counts of the three stores are
compared: a difference is reported, because a fast wrong answer is no answer.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from benchmarks.context import ScaleContext, Unavailable
from benchmarks.measure import ratio, repeat, shared_budget, summary

STORES = ("jeugdgraaf", "oxigraph", "rdflib")
#: Seconds each query is given at least on jeugdgraaf and Oxigraph: enough to tell whether
#: it stays under the 1 s goal (the baseline keeps the plain budget; its slow queries
#: enter the medians as lower bounds).
MIN_SHARE = 1.1


def catalogue() -> dict[str, Any]:
    """The saved queries, or :class:`Unavailable` when the catalogue cannot be read."""
    try:
        from queries.catalog import load_catalogue
    except ImportError as exc:
        raise Unavailable(f"queries.catalog: {exc}") from None
    return load_catalogue()


def parameters(query: Any) -> dict[str, str]:
    """Defaults, or the first example where a required parameter has no default."""
    needs = [p for p in getattr(query, "parameters", ()) if p.required and p.default is None]
    examples = query.example_sets() if needs and hasattr(query, "example_sets") else []
    return dict(examples[0]) if examples else {}


def run(ctx: ScaleContext) -> dict[str, Any]:
    """Latency of every catalogue query on the three stores, each store within its budget."""
    saved = catalogue()
    names = list(saved)[: ctx.settings.limit]
    budget = max(ctx.settings.query_budget, MIN_SHARE * len(names))
    ours = shared_budget(names, budget, lambda name, send, share: _jeugdgraaf(ctx, saved[name], send, share))
    texts = {n: dict(o["messages"]).get("sparql") for n, o in ours.items() if o.get("messages")}
    bound = [n for n in names if texts.get(n)]
    others = {
        "oxigraph": shared_budget(bound, max(ctx.settings.query_budget, MIN_SHARE * len(bound)), lambda name, send, share: send(_oxigraph(ctx, texts[name], share))),
        "rdflib": shared_budget(bound, ctx.settings.query_budget, lambda name, send, share: send(_rdflib(ctx, texts[name], share))),
    }
    results = {name: _entry(name, ours[name], {s: o.get(name) for s, o in others.items()}) for name in names}
    return {"queries": results, "summary": overview(results), "budget_s": budget}


def _jeugdgraaf(ctx: ScaleContext, query: Any, send: Callable[[Any], None], share: float) -> None:
    """In the child: bind once (the text for the other stores), then time whole runs."""
    from graph.run import run_query
    from queries.binding import with_prefixes
    from queries.catalog import bind

    target = _target(str(ctx.jeugdgraaf_store))
    params = parameters(query)
    send(("sparql", with_prefixes(bind(query, params, lambda sparql: target.terms(sparql).solutions()).sparql)))
    times, table = repeat(lambda: run_query(query, params, target).table(), ctx.settings.repeats, share / 2)
    send(("figures", {**summary(times), "rows": len(table.rows), "params": params}))


@lru_cache(maxsize=1)
def _target(path: str) -> Any:
    """jeugdgraaf's store, opened once per child (the children run many queries each)."""
    from graph.run import LocalTarget
    from graph.store import open_store

    return LocalTarget(open_store(Path(path)))


@lru_cache(maxsize=1)
def _raw(path: str) -> Any:
    from pyoxigraph import Store

    return Store.read_only(path)


def _oxigraph(ctx: ScaleContext, sparql: str, share: float) -> dict[str, Any]:
    store = _raw(str(ctx.raw_store))
    times, rows = repeat(lambda: sum(1 for _ in store.query(sparql, use_default_graph_as_union=True)), ctx.settings.repeats, share / 2)
    return {**summary(times), "rows": rows}


def _rdflib(ctx: ScaleContext, sparql: str, share: float) -> dict[str, Any]:
    if ctx.rdflib_dataset is None:
        raise Unavailable("no rdflib data set was loaded")
    dataset = ctx.rdflib_dataset
    times, rows = repeat(lambda: len(list(dataset.query(sparql))), ctx.settings.repeats, share / 2)
    return {**summary(times), "rows": rows}


def _entry(name: str, ours: dict[str, Any], others: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """One query's figures per store; a run that did not finish keeps its share as a bound."""
    entry: dict[str, Any] = {"jeugdgraaf": _figures(ours, lambda m: dict(m).get("figures"))}
    entry["params"] = entry["jeugdgraaf"].pop("params", None)
    for store, outcome in others.items():
        entry[store] = _figures(outcome, lambda m: m[0] if m else None) if outcome else {"skipped": "the query was not bound in time"}
    counts = {e["rows"] for e in (entry[s] for s in STORES) if "rows" in e}
    entry["rows_agree"] = len(counts) <= 1
    return entry


def _figures(outcome: dict[str, Any], pick: Callable[[list[Any]], dict[str, Any] | None]) -> dict[str, Any]:
    if "error" in outcome:
        return {"error": outcome["error"]}
    found = pick(outcome.get("messages", []))
    if found is None or not outcome.get("finished", True):
        return {"timeout_s": outcome["budget_s"]}
    return dict(found)


def overview(results: dict[str, Any]) -> dict[str, Any]:
    """Median over the queries of each store's median latency, slowest query, ratios."""
    out: dict[str, Any] = {"queries": len(results), "errors": {s: sorted(n for n, e in results.items() if "error" in e[s]) for s in STORES}}
    for store in STORES:
        values = [_latency(e[store]) for e in results.values()]
        measured = [v for v in values if v is not None]
        out[store] = {
            "measured": len(measured),
            "median_of_medians": statistics.median(measured) if measured else None,
            "slowest": max(measured) if measured else None,
            "timeouts": sum(1 for e in results.values() if "timeout_s" in e[store]),
        }
    paired = [(_latency(e["jeugdgraaf"]), _latency(e["rdflib"])) for e in results.values()]
    paired = [(j, b) for j, b in paired if j is not None and b is not None]
    out["baseline_speedup_on_median_query"] = (
        ratio(statistics.median(b for _, b in paired), statistics.median(j for j, _ in paired)) if paired else None
    )
    out["speedup_is_lower_bound"] = out["rdflib"]["timeouts"] > 0
    out["ratios"] = {
        "jeugdgraaf/baseline": ratio(out["jeugdgraaf"]["median_of_medians"], out["rdflib"]["median_of_medians"]),
        "jeugdgraaf/limit": ratio(out["jeugdgraaf"]["median_of_medians"], out["oxigraph"]["median_of_medians"]),
    }
    out["rows_disagree"] = sorted(n for n, e in results.items() if not e["rows_agree"])
    return out


def _latency(figures: dict[str, Any]) -> float | None:
    """The median, or the time a run was given when it did not finish (a lower bound)."""
    return figures.get("median", figures.get("timeout_s"))
