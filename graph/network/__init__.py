"""Network analysis of the cooperation graph: networks by SPARQL, NetworkX measures, write-back.

* :mod:`graph.network.networks` — the networks, read from the store by SPARQL;
* :mod:`graph.network.measures` — one function per node measure;
* :mod:`graph.network.communities` — Louvain communities, modularity, ARI, NMI;
* :mod:`graph.network.analysis` — which measure runs where, with which parameters;
* :mod:`graph.network.writeback` — results → named graphs with PROV;
* :mod:`graph.network.exports` — GraphML, GEXF, CSV; :mod:`graph.network.plot` — figures.

Importing this package imports NetworkX; the CLI does so only inside its commands.
"""

from __future__ import annotations

from pyoxigraph import Quad, Store

from graph.namespaces import Iris

__all__ = ["analysis_quads"]


def analysis_quads(quads: list[Quad], iris: Iris) -> list[Quad]:
    """The analysis of a dataset not yet in a store (the last step of ``jeugdgraaf build``).

    The quads are loaded into an in-memory store so that the networks are read by SPARQL
    exactly as from a built store.
    """
    from graph.network.writeback import analyse

    store = Store()
    store.bulk_extend(quads)
    return analyse(store, iris).quads
