"""The backbone of a weighted network: the disparity filter of Serrano, Boguñá and Vespignani.

The municipality projection is mostly a union of cliques — every municipality shares at
least one CBS division with dozens of others — so centrality computed on it measures
clique sizes. The disparity filter keeps, for every node, only the edges that carry a
larger share of its strength than chance would give them, which leaves the ties that stand
out locally (a municipality's few strong partners) whatever the node's degree.
"""

from __future__ import annotations

import networkx as nx

__all__ = ["disparity", "disparity_filter"]


def disparity(graph: nx.Graph, weight: str = "weight") -> dict[tuple, float]:
    """The disparity-filter p-value of every edge, seen from each end with degree above 1.

    For node *i* of degree :math:`k_i > 1` and strength :math:`s_i`, an edge of weight
    :math:`w_{ij}` has the normalised weight :math:`p_{ij} = w_{ij}/s_i`, and under the null
    model (the node's strength spread uniformly at random over its :math:`k_i` edges) the
    probability of a share at least that large is

    .. math:: \\alpha_{ij} = (1 - p_{ij})^{k_i - 1}.

    Parameters
    ----------
    graph : networkx.Graph
        An undirected graph with positive edge weights.
    weight : str, optional (default "weight")
        The edge attribute holding the weight.

    Returns
    -------
    dict
        ``(i, j)`` → :math:`\\alpha_{ij}` seen from *i*, for each edge and each end *i* of
        degree above 1 (a node with one edge gives all its strength to it: no test).

    References
    ----------
    .. [1] Serrano, M. Á., Boguñá, M., Vespignani, A. (2009). Extracting the multiscale
       backbone of complex weighted networks. PNAS 106(16), 6483–6488.
       https://doi.org/10.1073/pnas.0808904106

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"weight": 3}), ("a", "c", {"weight": 1})])
    >>> disparity(g)
    {('a', 'b'): 0.25, ('a', 'c'): 0.75}
    """
    out: dict[tuple, float] = {}
    for node in graph:
        k = graph.degree(node)
        if k < 2:
            continue
        strength = float(graph.degree(node, weight=weight))
        for nbr, data in graph[node].items():
            out[(node, nbr)] = (1.0 - data.get(weight, 1) / strength) ** (k - 1)
    return out


def disparity_filter(graph: nx.Graph, alpha: float, weight: str = "weight") -> nx.Graph:
    """The backbone: every node, and the edges significant at level ``alpha`` for either end.

    An edge is kept when :math:`\\alpha_{ij} < \\alpha` seen from at least one of its two
    ends (:func:`disparity`), as Serrano et al. do; an edge between two nodes of degree 1
    (an isolated pair) is kept too, since neither end can test it. Nodes are all kept, with
    their attributes, so a node whose ties are all unremarkable stays as an isolate.

    Parameters
    ----------
    graph : networkx.Graph
        An undirected graph with positive edge weights.
    alpha : float
        Significance level, between 0 and 1: smaller keeps fewer edges.
    weight : str, optional (default "weight")
        The edge attribute holding the weight.

    Returns
    -------
    networkx.Graph
        A new graph: the same nodes and graph attributes, the kept edges with their
        attributes plus ``alpha``, the smaller of the two ends' p-values.

    References
    ----------
    .. [1] Serrano, Boguñá, Vespignani (2009), see :func:`disparity`.

    Examples
    --------
    >>> star = nx.Graph([(0, 1, {"weight": 8}), (0, 2, {"weight": 1}), (0, 3, {"weight": 1})])
    >>> sorted(disparity_filter(star, 0.05).edges)
    [(0, 1)]
    """
    values = disparity(graph, weight)
    out = nx.Graph(**graph.graph)
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        seen = [values[e] for e in ((u, v), (v, u)) if e in values]
        if not seen or min(seen) < alpha:
            out.add_edge(u, v, **data, alpha=min(seen, default=1.0))
    return out
