"""Run the measures on the networks: which measure applies where, with which parameters.

This is the one place that decides the parameters (seed, sampling, which edge attribute is
read), records them beside the values (:class:`Scores`, :class:`CommunityResult`), and says
when betweenness was sampled — the write-back turns the record into PROV, the CLI prints it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

import networkx as nx

from graph.errors import GraphError
from graph.network import SEED
from graph.network import communities as comm
from graph.network import measures as m
from graph.network.networks import NETWORKS, PARTITIONS, NetworkReader, NetworkSpec

__all__ = [
    "MEASURES",
    "CommunityResult",
    "Comparison",
    "MeasureSpec",
    "Scores",
    "analyse_network",
    "find_communities",
    "measure",
    "partition_labels",
    "ranked",
    "sample_size",
]

Parameter = str | int | float | bool


@dataclass(frozen=True)
class Scores:
    """One measure on one network: values per node and the parameters that produced them."""

    network: str
    measure: str
    values: dict[str, float]
    parameters: dict[str, Parameter] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Comparison:
    """Louvain communities set beside one official partition of the same nodes."""

    partition: str  # a key of networks.PARTITIONS
    groups: int  # number of official groups among the compared nodes
    nodes: int  # nodes both partitions label
    modularity: float  # of the official partition on the network
    adjusted_rand: float
    nmi: float


@dataclass(frozen=True)
class CommunityResult:
    """Louvain communities of one network, their modularity and the comparisons."""

    network: str
    groups: tuple[frozenset, ...]
    modularity: float
    comparisons: tuple[Comparison, ...]
    parameters: dict[str, Parameter] = field(default_factory=dict)

    def labels(self) -> dict[str, int]:
        """Node → community number (1 = the largest community)."""
        return {n: i for i, group in enumerate(self.groups, 1) for n in group}


@dataclass(frozen=True)
class MeasureSpec:
    """A measure as the CLI and the write-back name it: key, title, where it applies."""

    key: str
    title: str
    compute: Callable[[nx.Graph, NetworkSpec, int, int | None], Scores]
    applies: Callable[[NetworkSpec], bool] = lambda spec: True


def _weight(spec: NetworkSpec) -> str | None:
    return "weight" if spec.weighted else None


def _distance(spec: NetworkSpec) -> str | None:
    return "distance" if spec.weighted else None


def _degree(g: nx.Graph, spec: NetworkSpec, seed: int, k: int | None) -> Scores:
    return Scores(spec.name, "degree", m.degree(g))


def _weighted_degree(g: nx.Graph, spec: NetworkSpec, seed: int, k: int | None) -> Scores:
    return Scores(spec.name, "weighted-degree", m.weighted_degree(g), {"weight": "weight"})


def sample_size(graph: nx.Graph, k: int | None) -> int | None:
    """The number of source nodes of sampled betweenness, or None for the exact values.

    Sampling happens only when asked for: ``k`` between 1 and *n* - 1 (``--samples K``);
    None, 0 or at least *n* give the exact values.
    """
    return k if k and 0 < k < graph.number_of_nodes() else None


def _betweenness(g: nx.Graph, spec: NetworkSpec, seed: int, k: int | None) -> Scores:
    k = sample_size(g, k)
    params: dict[str, Parameter] = {"distance": _distance(spec) or "hops", "exact": k is None}
    if k is None:
        note = f"exact (all {g.number_of_nodes()} source nodes)"
    else:
        params.update(samples=k, seed=seed)
        note = f"sampled as asked: {k} of {g.number_of_nodes()} source nodes, seed {seed} (not exact; omit --samples for the exact values)"
    return Scores(spec.name, "betweenness", m.betweenness(g, _distance(spec), k, seed), params, note)


def _closeness(g: nx.Graph, spec: NetworkSpec, seed: int, k: int | None) -> Scores:
    return Scores(spec.name, "closeness", m.closeness(g, _distance(spec)), {"distance": _distance(spec) or "hops"})


def _eigenvector(g: nx.Graph, spec: NetworkSpec, seed: int, k: int | None) -> Scores:
    return Scores(spec.name, "eigenvector", m.eigenvector(g, _weight(spec)), {"weight": _weight(spec) or "none"})


def _pagerank(g: nx.Graph, spec: NetworkSpec, seed: int, k: int | None) -> Scores:
    params: dict[str, Parameter] = {"weight": _weight(spec) or "none", "alpha": 0.85}
    return Scores(spec.name, "pagerank", m.pagerank(g, _weight(spec), 0.85), params)


def partition_labels(graph: nx.Graph, partition: str) -> dict[str, str]:
    """Node → group IRI for one official partition (nodes outside it are left out)."""
    return {n: v for n, v in graph.nodes(data=partition) if v is not None}


def _participation(partition: str) -> MeasureSpec:
    key = "participation-" + partition.replace("_", "-")

    def compute(g: nx.Graph, spec: NetworkSpec, seed: int, k: int | None) -> Scores:
        values = m.participation(g, partition_labels(g, partition), _weight(spec))
        return Scores(spec.name, key, values, {"weight": _weight(spec) or "none", "partition": PARTITIONS[partition]})

    return MeasureSpec(
        key,
        f"participation coefficient against the {partition.replace('_', ' ')}s",
        compute,
        lambda spec: not spec.bipartite and partition in spec.partitions,
    )


def _coreness(g: nx.Graph, spec: NetworkSpec, seed: int, k: int | None) -> Scores:
    values = m.coreness(g, _weight(spec))
    note = f"fit: correlation {m.coreness_fit(g, values, _weight(spec)):.4f} between ties and c_i c_j"
    return Scores(spec.name, "coreness", values, {"weight": _weight(spec) or "none"}, note)


def _constraint(g: nx.Graph, spec: NetworkSpec, seed: int, k: int | None) -> Scores:
    return Scores(spec.name, "constraint", m.constraint(g, _weight(spec)), {"weight": _weight(spec) or "none"})


#: The networks brokerage is computed on: the chosen arrangements and the backbone. In the
#: full projection every municipality's contacts are tied to each other through the
#: mandated divisions, so open two-paths there only trace the edges of those cliques.
BROKERAGE_NETWORKS = ("municipality-chosen", "municipality-chosen-2013", "municipality-backbone")


def _brokerage(partition: str, role: str) -> MeasureSpec:
    key = f"brokerage-{partition.replace('_', '-')}-{role}"

    def compute(g: nx.Graph, spec: NetworkSpec, seed: int, k: int | None) -> Scores:
        values = m.brokerage(g, partition_labels(g, partition), role)
        return Scores(spec.name, key, values, {"weight": "none", "partition": PARTITIONS[partition]})

    return MeasureSpec(
        key,
        f"brokerage as {role.replace('-', '/')} between {partition.replace('_', ' ')}s (Gould & Fernandez)",
        compute,
        lambda spec: spec.name in BROKERAGE_NETWORKS and partition in spec.partitions,
    )


#: Every node measure, by key (the CLI's ``--measure``, the IRI segment of the write-back).
MEASURES: dict[str, MeasureSpec] = {
    s.key: s
    for s in (
        MeasureSpec("degree", "degree (number of neighbours)", _degree),
        MeasureSpec("weighted-degree", "weighted degree (sum of edge weights)", _weighted_degree, lambda s: s.weighted),
        MeasureSpec("betweenness", "betweenness centrality", _betweenness),
        MeasureSpec("closeness", "closeness centrality", _closeness),
        MeasureSpec("eigenvector", "eigenvector centrality", _eigenvector),
        MeasureSpec("pagerank", "PageRank", _pagerank),
        *(_participation(p) for p in PARTITIONS),
        MeasureSpec("coreness", "continuous coreness (Borgatti & Everett)", _coreness, lambda s: not s.bipartite),
        MeasureSpec("constraint", "Burt's constraint", _constraint, lambda s: not s.bipartite),
        *(_brokerage(p, role) for p in ("province", "jeugdzorgregio") for role in m.BROKERAGE_ROLES),
    )
}


def measure(graph: nx.Graph, spec: NetworkSpec, key: str, seed: int = SEED, k: int | None = None) -> Scores:
    """One measure on one network; a clear error when it does not apply there."""
    if key not in MEASURES:
        raise GraphError(f"no measure called {key!r}; choose one of {', '.join(MEASURES)}")
    if not MEASURES[key].applies(spec):
        usable = ", ".join(k for k, s in MEASURES.items() if s.applies(spec))
        raise GraphError(f"measure {key!r} does not apply to network {spec.name!r}; it has: {usable}")
    scores = MEASURES[key].compute(graph, spec, seed, k)
    return replace(scores, values={n: _round(v) for n, v in scores.values.items()})


def _round(value: float) -> float:
    """12 decimals (as written back): equal values stay equal whatever the order of summation."""
    return round(value, 12) or 0.0


def find_communities(graph: nx.Graph, spec: NetworkSpec, seed: int = SEED) -> CommunityResult:
    """Louvain communities of ``graph``, compared with each official partition it carries.

    Only one-mode networks are compared: in a bipartite network the arrangements would
    each form a group of their own and bend modularity; their projections are compared.
    """
    found = tuple(comm.communities(graph, _weight(spec), seed))
    labels = {n: i for i, group in enumerate(found, 1) for n in group}
    comparisons = []
    for partition in () if spec.bipartite else spec.partitions:
        official = partition_labels(graph, partition)
        if not official:
            continue
        comparisons.append(
            Comparison(
                partition,
                len(set(official.values())),
                len(official),
                comm.modularity(graph, official, _weight(spec)),
                comm.adjusted_rand_index(labels, official),
                comm.normalised_mutual_information(labels, official),
            )
        )
    params: dict[str, Parameter] = {"weight": _weight(spec) or "none", "seed": seed, "resolution": 1.0}
    return CommunityResult(spec.name, found, comm.modularity(graph, labels, _weight(spec)), tuple(comparisons), params)


def analyse_network(reader: NetworkReader, name: str, seed: int = SEED) -> Iterator[Scores | CommunityResult]:
    """Every applicable measure, then the communities, of one network (nothing if empty)."""
    spec = NETWORKS[name]
    graph = reader.network(name)
    if graph.number_of_nodes() == 0:
        return
    for key, ms in MEASURES.items():
        if ms.applies(spec):
            yield measure(graph, spec, key, seed)
    yield find_communities(graph, spec, seed)


def ranked(scores: Scores) -> list[tuple[str, float, int]]:
    """(node, value, rank) best first; equal values share a rank (1, 2, 2, 4), ties by node."""
    rows = sorted(scores.values.items(), key=lambda item: (-item[1], item[0]))
    out, rank, last = [], 0, None
    for i, (node, value) in enumerate(rows, 1):
        if value != last:
            rank, last = i, value
        out.append((node, value, rank))
    return out
