"""The goals of issue 8, each read off the result tree: measured value, target, met or not.

A goal whose figure was not measured in this run (a scale not asked for, a phase not
available) is reported as not measured, never as met.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

LARGE = 100  # the scale the load, query and betweenness goals speak of
ENDPOINT_SCALE = 1  # the endpoint goals: the real graph's size


@dataclass(frozen=True)
class Goal:
    """One goal: what it says, how the figure is read, and the bound it must keep."""

    text: str
    unit: str
    target: float
    compare: Callable[[float, float], bool]
    read: Callable[[dict[str, Any]], float | None]

    def check(self, results: dict[str, Any]) -> dict[str, Any]:
        try:
            value = self.read(results)
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            value = None
        met = None if value is None else bool(self.compare(value, self.target))
        bound = {operator.ge: "at least", operator.le: "at most", operator.lt: "under"}.get(self.compare, "")
        return {"goal": self.text, "unit": self.unit, "bound": bound, "target": self.target, "value": value, "met": met}


def _get(tree: Any, *path: Any) -> Any:
    for key in path:
        tree = tree[key]
    return tree


def _scale(results: dict[str, Any], k: int) -> dict[str, Any]:
    return results["scales"][str(k)]


def _load(store: str, k: int = LARGE) -> Callable[[dict[str, Any]], float]:
    return lambda r: _get(_scale(r, k), "load", "stores", store, "median")


def _query_summary(*path: str) -> Callable[[dict[str, Any]], Any]:
    return lambda r: _get(_scale(r, LARGE), "queries", "summary", *path)


def _sampled_betweenness(results: dict[str, Any]) -> float | None:
    """The slowest network's sampled betweenness at k = 100 (its budget share if not reached)."""
    networks = _get(_scale(results, LARGE), "network", "networks")
    values = []
    for figures in networks.values():
        step = figures["steps"].get("betweenness-sampled")
        if step is None and "betweenness-sampled" in figures.get("not_reached", []):
            return None
        if step is not None:
            values.append(step["median"])
    return max(values) if values else None


def _endpoint(server: str, query: str, key: str) -> Callable[[dict[str, Any]], float]:
    return lambda r: _get(_scale(r, ENDPOINT_SCALE), "endpoint", "servers", server, query, key)


def _throughput_ratio(query: str, peer: str) -> Callable[[dict[str, Any]], float]:
    from benchmarks.endpoint import peer_throughput

    def read(r: dict[str, Any]) -> float:
        ours = _endpoint("jeugdgraaf", query, "requests_per_s")(r)
        return ours / peer_throughput(_get(_scale(r, ENDPOINT_SCALE), "endpoint", "servers", peer, query))

    return read


def _worst(*readers: Callable[[dict[str, Any]], float], pick: Callable = max) -> Callable[[dict[str, Any]], float]:
    return lambda r: pick(read(r) for read in readers)


def _real(*path: str) -> Callable[[dict[str, Any]], float]:
    return lambda r: _get(r["real"], *path)


lt, ge, le = operator.lt, operator.ge, operator.le

GOALS: tuple[Goal, ...] = (
    Goal("k=100: load into jeugdgraaf's store vs parsing into rdflib (speed-up)", "×", 10, ge,
         lambda r: _load("rdflib")(r) / _load("jeugdgraaf")(r)),
    Goal("k=100: load into jeugdgraaf's store vs raw pyoxigraph bulk load (cost)", "×", 2, le,
         lambda r: _load("jeugdgraaf")(r) / _load("oxigraph")(r)),
    Goal("k=100: slowest catalogue query, median latency (jeugdgraaf)", "s", 1.0, lt, _query_summary("jeugdgraaf", "slowest")),
    Goal("k=100: median catalogue query vs rdflib (speed-up)", "×", 10, ge, _query_summary("baseline_speedup_on_median_query")),
    Goal("real build from the source documents (whole process, rebuild)", "s", 5.0, lt, _real("build_from_seeds", "median")),
    Goal("real build from the shipped facts (whole process, rebuild)", "s", 3.0, lt, _real("build_from_facts", "median")),
    Goal("real build from the shipped facts (whole process, first build: validation in full)", "s", 3.0, lt,
         _real("first_build_from_facts", "median")),
    Goal("full network analysis of the real graph", "s", 2.0, lt, _real("network", "median")),
    Goal("k=100: sampled betweenness, slowest network", "s", 30.0, lt, _sampled_betweenness),
    Goal("cold `jeugdgraaf query run region-tasks` (whole process)", "s", 0.5, lt, _real("cold_start", "median")),
    Goal("endpoint, small query: throughput vs rdflib-endpoint", "×", 3, ge, _throughput_ratio("small", "rdflib-endpoint")),
    Goal("endpoint, heavy aggregate: throughput vs rdflib-endpoint", "×", 10, ge, _throughput_ratio("heavy", "rdflib-endpoint")),
    Goal("endpoint: throughput vs the Oxigraph server, worse of the two queries", "×", 0.1, ge,
         _worst(_throughput_ratio("small", "oxigraph"), _throughput_ratio("heavy", "oxigraph"), pick=min)),
    Goal("endpoint: p99 latency (jeugdgraaf), worse of the two queries", "ms", 50.0, lt,
         _worst(_endpoint("jeugdgraaf", "small", "p99_ms"), _endpoint("jeugdgraaf", "heavy", "p99_ms"))),
    Goal("endpoint: errors (jeugdgraaf), both queries", "", 0, le,
         lambda r: _endpoint("jeugdgraaf", "small", "errors")(r) + _endpoint("jeugdgraaf", "heavy", "errors")(r)),
)


def check(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every goal against ``results``."""
    return [goal.check(results) for goal in GOALS]
