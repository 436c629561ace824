"""Networks out to Gephi, Cytoscape and spreadsheets: GraphML, GEXF, CSV.

Every node carries its label, its kind, the official partitions it falls in, the value of
every measure that applies to its network and its Louvain community, so a user can size
and colour nodes in Gephi without recomputing anything. Files are written by
:func:`graph.files.output` (atomically for regular files): a failed export leaves no half file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import networkx as nx

from graph.files import check_target, output
from graph.network import SEED
from graph.network.analysis import CommunityResult, Scores, analyse_network
from graph.network.networks import NetworkReader

__all__ = ["EXPORT_FORMATS", "annotated", "export", "nodes_path"]

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
    writers: dict[str, list[tuple[Path, Callable[[nx.Graph, IO[bytes]], None]]]] = {
        "graphml": [(path, nx.write_graphml)],
        "gexf": [(path, nx.write_gexf)],
        "csv": [(path, _edges_csv), (nodes_path(path), _nodes_csv)],
    }
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    for target, _ in writers[fmt]:
        check_target(target)
    for target, write in writers[fmt]:
        with output(target) as fh:
            write(graph, fh)
    return [target for target, _ in writers[fmt]]


def nodes_path(path: Path) -> Path:
    """Where the node table of a CSV export goes: ``edges.csv`` → ``edges-nodes.csv``."""
    return path.with_name(f"{path.stem}-nodes{path.suffix or '.csv'}")


def _edges_csv(graph: nx.Graph, fh: IO[bytes]) -> None:
    """``source,target,weight,source_label,target_label`` (Cytoscape's edge-table import)."""
    with _csv_writer(fh) as writer:
        writer.writerow(("source", "target", "weight", "source_label", "target_label"))
        for u, v, w in sorted(graph.edges(data="weight", default=1)):
            writer.writerow((u, v, w, graph.nodes[u].get("label", ""), graph.nodes[v].get("label", "")))


def _nodes_csv(graph: nx.Graph, fh: IO[bytes]) -> None:
    """``node`` then every node attribute, one column each (empty where a node lacks it)."""
    columns = sorted({k for _, data in graph.nodes(data=True) for k in data}, key=lambda k: (k != "label", k))
    with _csv_writer(fh) as writer:
        writer.writerow(("node", *columns))
        for node in sorted(graph):
            writer.writerow((node, *(graph.nodes[node].get(c, "") for c in columns)))


@contextmanager
def _csv_writer(fh: IO[bytes]) -> Iterator[Any]:
    """A UTF-8 CSV writer on the binary ``fh``, which stays open for its owner to close."""
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
    try:
        yield csv.writer(text, lineterminator="\n")
    finally:
        text.flush()
        text.detach()
