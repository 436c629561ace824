"""Networks out to Gephi, Cytoscape and spreadsheets: GraphML, GEXF, CSV.

Every node carries its label, its kind, the official partitions it falls in, the value of
every measure that applies to its network and its Louvain community, so a user can size
and colour nodes in Gephi without recomputing anything. Files are written atomically (a
temporary file beside the target, then renamed): a failed export leaves no half file.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from graph.network import SEED
from graph.network.analysis import CommunityResult, Scores, analyse_network
from graph.network.networks import NetworkReader

__all__ = ["EXPORT_FORMATS", "annotated", "atomic_write", "export", "nodes_path"]

EXPORT_FORMATS = ("graphml", "gexf", "csv")


def annotated(reader: NetworkReader, name: str, seed: int = SEED) -> nx.Graph:
    """The network with every measure and the community number as node attributes.

    Attribute names are the measure keys with ``_`` for ``-`` (``weighted_degree``);
    list-valued graph attributes become space-separated strings (GraphML needs scalars).
    """
    graph = reader.network(name)
    for result in analyse_network(reader, name, seed):
        if isinstance(result, Scores):
            nx.set_node_attributes(graph, result.values, result.measure.replace("-", "_"))
        elif isinstance(result, CommunityResult):
            nx.set_node_attributes(graph, result.labels(), "community")
    graph.graph["sources"] = " ".join(graph.graph.get("sources", []))
    return graph


def export(graph: nx.Graph, fmt: str, path: Path) -> list[Path]:
    """Write ``graph`` as ``fmt`` to ``path``; the paths written (CSV: edges and nodes)."""
    if fmt == "graphml":
        atomic_write(path, lambda tmp: nx.write_graphml(graph, tmp))
        return [path]
    if fmt == "gexf":
        atomic_write(path, lambda tmp: nx.write_gexf(graph, tmp))
        return [path]
    if fmt == "csv":
        atomic_write(path, lambda tmp: _edges_csv(graph, tmp))
        atomic_write(nodes_path(path), lambda tmp: _nodes_csv(graph, tmp))
        return [path, nodes_path(path)]
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


def nodes_path(path: Path) -> Path:
    """Where the node table of a CSV export goes: ``edges.csv`` → ``edges-nodes.csv``."""
    return path.with_name(f"{path.stem}-nodes{path.suffix or '.csv'}")


def _edges_csv(graph: nx.Graph, path: str) -> None:
    """``source,target,weight,source_label,target_label`` (Cytoscape's edge-table import)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("source", "target", "weight", "source_label", "target_label"))
        for u, v, w in sorted(graph.edges(data="weight", default=1)):
            writer.writerow((u, v, w, graph.nodes[u].get("label", ""), graph.nodes[v].get("label", "")))


def _nodes_csv(graph: nx.Graph, path: str) -> None:
    """``node`` then every node attribute, one column each (empty where a node lacks it)."""
    columns = sorted({k for _, data in graph.nodes(data=True) for k in data}, key=lambda k: (k != "label", k))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("node", *columns))
        for node in sorted(graph):
            writer.writerow((node, *(graph.nodes[node].get(c, "") for c in columns)))


def atomic_write(path: Path, write: Callable[[str], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
