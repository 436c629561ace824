"""Communities and how they compare with the official partitions.

Louvain communities (fixed seed) are set beside the partitions municipalities were placed
in (survey regions, CBS jeugdzorgregio's, provinces): by modularity — how well each
partition separates the network — and by two partition-similarity scores, the adjusted
Rand index and normalised mutual information, implemented here in a few lines each (and
tested on hand-computed cases) rather than pulling in scikit-learn.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping

import networkx as nx

from graph.network import SEED
from graph.network.measures import EmptyNetwork

__all__ = ["adjusted_rand_index", "communities", "groups", "modularity", "normalised_mutual_information"]

Labels = Mapping[Hashable, Hashable]


def communities(graph: nx.Graph, weight: str | None = "weight", seed: int = SEED, resolution: float = 1.0) -> list[frozenset]:
    """Louvain communities, in a canonical order: largest first, ties by smallest member.

    Parameters
    ----------
    graph : networkx.Graph
        An undirected graph.
    weight : str or None, optional (default "weight")
        Edge attribute used as the edge weight; None for 1.
    seed : int, optional (default :data:`graph.network.SEED`)
        Seed of the node order Louvain visits; the same seed gives the same communities.
    resolution : float, optional (default 1.0)
        Above 1 favours smaller communities, below 1 larger ones.

    Returns
    -------
    list of frozenset
        The communities; every node is in exactly one.

    Raises
    ------
    EmptyNetwork
        If the graph has no nodes.

    Notes
    -----
    :func:`networkx.community.louvain_communities`. Community numbers (1, 2, …) follow the
    canonical order, so they are stable from run to run.

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R., Lefebvre, E. (2008). Fast
       unfolding of communities in large networks. J. Stat. Mech. P10008.
       https://doi.org/10.1088/1742-5468/2008/10/P10008

    Examples
    --------
    >>> two_triangles = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> communities(two_triangles)
    [frozenset({0, 1, 2}), frozenset({3, 4, 5})]
    """
    if graph.number_of_nodes() == 0:
        raise EmptyNetwork("the network has no nodes: no communities")
    found = nx.community.louvain_communities(graph, weight=weight, resolution=resolution, seed=seed)
    return sorted((frozenset(c) for c in found), key=lambda c: (-len(c), min(map(str, c))))


def groups(labels: Labels, nodes: list | None = None) -> list[set]:
    """The groups of a node → label mapping; nodes without a label form groups of their own.

    Examples
    --------
    >>> [sorted(g) for g in groups({"a": 1, "b": 1, "c": 2}, ["a", "b", "c", "d"])]
    [['a', 'b'], ['c'], ['d']]
    """
    out: dict[Hashable, set] = {}
    for node in nodes if nodes is not None else labels:
        out.setdefault(labels.get(node, ("node", node)), set()).add(node)
    return list(out.values())


def modularity(graph: nx.Graph, labels: Labels, weight: str | None = "weight") -> float:
    """Modularity of a partition: the share of edge weight inside groups minus its expectation.

    .. math:: Q = \\frac{1}{2m} \\sum_{ij} \\left( A_{ij} - \\frac{k_i k_j}{2m} \\right) \\delta(c_i, c_j)

    Parameters
    ----------
    graph : networkx.Graph
        An undirected graph with at least one edge.
    labels : mapping
        Node → group; nodes without a group each form their own.
    weight : str or None, optional (default "weight")
        Edge attribute used as *A*; None for 1.

    Returns
    -------
    float
        *Q*, between -1/2 and 1; 0 for a graph without edges.

    References
    ----------
    .. [1] Newman, M. E. J., Girvan, M. (2004). Finding and evaluating community structure
       in networks. Phys. Rev. E 69, 026113. https://doi.org/10.1103/PhysRevE.69.026113

    Examples
    --------
    >>> g = nx.Graph([(0, 1), (2, 3)])
    >>> modularity(g, {0: "a", 1: "a", 2: "b", 3: "b"})
    0.5
    """
    if graph.number_of_edges() == 0:
        return 0.0
    return float(nx.community.modularity(graph, groups(labels, list(graph)), weight=weight))


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def _common(a: Labels, b: Labels) -> list[Hashable]:
    return sorted((n for n in a if n in b), key=str)


def adjusted_rand_index(a: Labels, b: Labels) -> float:
    """Adjusted Rand index of two partitions of the nodes both label.

    The share of node pairs the two partitions treat alike (together in both or apart in
    both), corrected for chance: 1 for identical partitions, about 0 for independent ones,
    negative when they agree less than chance.

    .. math:: ARI = \\frac{\\sum_{ij} \\binom{n_{ij}}{2} - E}{\\frac12 \\left[\\sum_i \\binom{a_i}{2}
              + \\sum_j \\binom{b_j}{2}\\right] - E}, \\quad
              E = \\frac{\\sum_i \\binom{a_i}{2} \\sum_j \\binom{b_j}{2}}{\\binom{n}{2}}

    with :math:`n_{ij}` the contingency table and :math:`a_i`, :math:`b_j` its margins.

    Parameters
    ----------
    a, b : mapping
        Node → group. Only nodes present in both are compared.

    Returns
    -------
    float
        The index; 1.0 when both partitions are trivial in the same way.

    References
    ----------
    .. [1] Hubert, L., Arabie, P. (1985). Comparing partitions. Journal of Classification
       2, 193–218. https://doi.org/10.1007/BF01908075

    Examples
    --------
    >>> adjusted_rand_index({1: "x", 2: "x", 3: "y"}, {1: 0, 2: 0, 3: 1})
    1.0
    """
    nodes = _common(a, b)
    table = Counter((a[n], b[n]) for n in nodes)
    index = sum(_pairs(c) for c in table.values())
    rows = sum(_pairs(c) for c in Counter(a[n] for n in nodes).values())
    cols = sum(_pairs(c) for c in Counter(b[n] for n in nodes).values())
    total = _pairs(len(nodes))
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)


def _entropy(counts: Counter, n: int) -> float:
    return -sum(c / n * math.log(c / n) for c in counts.values())


def normalised_mutual_information(a: Labels, b: Labels) -> float:
    """Normalised mutual information of two partitions of the nodes both label.

    .. math:: NMI = \\frac{2\\, I(A; B)}{H(A) + H(B)}

    the information one partition gives about the other, divided by the mean of their
    entropies (natural logarithms; the base cancels): 1 for identical partitions, 0 for
    independent ones.

    Parameters
    ----------
    a, b : mapping
        Node → group. Only nodes present in both are compared.

    Returns
    -------
    float
        NMI in [0, 1]; 1.0 when both partitions are a single group.

    References
    ----------
    .. [1] Danon, L., Díaz-Guilera, A., Duch, J., Arenas, A. (2005). Comparing community
       structure identification. J. Stat. Mech. P09008.
       https://doi.org/10.1088/1742-5468/2005/09/P09008

    Examples
    --------
    >>> normalised_mutual_information({1: "x", 2: "x", 3: "y", 4: "y"}, {1: 0, 2: 1, 3: 0, 4: 1})
    0.0
    """
    nodes = _common(a, b)
    n = len(nodes)
    if n == 0:
        return 1.0
    ca, cb = Counter(a[x] for x in nodes), Counter(b[x] for x in nodes)
    joint = Counter((a[x], b[x]) for x in nodes)
    info = sum(c / n * math.log(c * n / (ca[i] * cb[j])) for (i, j), c in joint.items())
    h = _entropy(ca, n) + _entropy(cb, n)
    return 1.0 if h == 0 else max(0.0, 2 * info / h)
