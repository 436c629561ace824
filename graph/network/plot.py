"""A figure of a network for a report: layout, size by a measure, colour by group, labels.

Matplotlib with the Agg backend (no display needed). The layout is NetworkX's spring layout
with a fixed seed (edge weight pulls nodes together), so the same network gives the same
picture. Nodes are sized by a measure, coloured by their Louvain community, province or
kind, and the nodes best on the measure are labelled.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.errors import GraphError
from graph.files import check_target, output
from graph.network import SEED
from graph.network.analysis import ranked
from graph.network.networks import NETWORKS, NetworkReader

__all__ = ["COLOURINGS", "layout", "plot"]

COLOURINGS = ("community", "province", "kind")


def plot(
    reader: NetworkReader,
    name: str,
    path: Path,
    size_by: str = "degree",
    colour_by: str = "community",
    labels: int = 12,
    seed: int = SEED,
) -> None:
    """Draw network ``name`` into the PNG (or SVG, PDF) file ``path``, atomically."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from graph.network.analysis import find_communities, measure

    check_target(path)
    spec = NETWORKS[name]
    graph = reader.network(name)
    if graph.number_of_nodes() == 0:
        raise GraphError(f"network {name!r} is empty: nothing to plot")
    scores = measure(graph, spec, size_by, seed)
    groups = _groups(graph, colour_by, find_communities(graph, spec, seed).labels() if colour_by == "community" else {})
    positions = layout(graph, "weight" if spec.weighted else None, seed)

    fig, ax = plt.subplots(figsize=(12, 10), dpi=150)
    width = [0.3 + 0.4 * min(w, 5) for _, _, w in graph.edges(data="weight", default=1)]
    nx.draw_networkx_edges(graph, positions, ax=ax, width=width, alpha=0.12, edge_color="#555555")
    palette = plt.get_cmap("tab20")
    legend_names = sorted(set(groups.values()), key=lambda g: (g == "other", _natural(g)))
    # the ten strong colours of tab20 first, then their light twins: neighbours in the legend differ
    colour = {g: palette((2 * i) % 20 + (2 * i // 20) % 2) for i, g in enumerate(legend_names)}
    top = max(scores.values.values()) or 1.0
    nodes = sorted(graph)
    nx.draw_networkx_nodes(
        graph,
        positions,
        nodelist=nodes,
        ax=ax,
        node_size=[20 + 480 * scores.values[n] / top for n in nodes],
        node_color=[colour[groups[n]] for n in nodes],
        edgecolors="white",
        linewidths=0.5,
    )
    best = [n for n, _, _ in ranked(scores)[:labels]]
    nx.draw_networkx_labels(
        graph,
        {n: positions[n] for n in best},
        labels={n: graph.nodes[n].get("label", n) for n in best},
        ax=ax,
        font_size=8,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 1},
    )
    shown = legend_names[:20]
    handles = [Line2D([], [], marker="o", linestyle="", color=colour[g], label=str(g)) for g in shown]
    ax.legend(handles=handles, title=colour_by, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, title_fontsize=8, frameon=False)
    ax.set_title(f"{spec.title}\nnode size: {size_by}; colour: {colour_by}; labels: the {len(best)} highest on {size_by}", fontsize=11)
    ax.set_axis_off()
    fig.tight_layout()
    try:
        with output(path) as fh:
            fig.savefig(fh, format=path.suffix.lstrip(".") or "png")
    finally:
        plt.close(fig)


def layout(graph: nx.Graph, weight: str | None, seed: int) -> dict:
    """Spring layout of the largest component in the unit square, smaller ones in a row below.

    A spring layout of a disconnected graph pushes the components apart and squeezes the
    one that matters into a corner; laying out the components one by one keeps it readable.
    """
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(map(str, c))))
    positions = _spring(graph.subgraph(components[0]), weight, seed, (0.0, 0.0), 1.0)
    rest = components[1:]
    for i, component in enumerate(rest):
        row, col = divmod(i, 10)
        centre = (-0.9 + 0.2 * col, -1.25 - 0.2 * row)
        positions.update(_spring(graph.subgraph(component), weight, seed, centre, 0.07))
    return positions


def _spring(graph: nx.Graph, weight: str | None, seed: int, centre: tuple[float, float], scale: float) -> dict:
    k = 1.5 / max(graph.number_of_nodes(), 1) ** 0.5
    return nx.spring_layout(graph, k=k, weight=weight, seed=seed, iterations=100, center=centre, scale=scale)


def _natural(text: str) -> list:
    """Sort key that puts "community 2" before "community 10"."""
    import re

    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def _groups(graph: nx.Graph, colour_by: str, communities: dict[str, int]) -> dict[str, str]:
    """Node → legend entry for the chosen colouring."""
    if colour_by == "community":
        return {n: f"community {communities[n]}" if communities[n] <= 19 else "other" for n in graph}
    if colour_by == "province":
        return {n: graph.nodes[n].get("province_label", "other") for n in graph}
    if colour_by == "kind":
        return {n: graph.nodes[n].get("kind", "other") for n in graph}
    raise GraphError(f"cannot colour by {colour_by!r}; choose one of {', '.join(COLOURINGS)}")
