"""Network analysis of the cooperation graph: networks by SPARQL, NetworkX measures, write-back.

* :mod:`graph.network.networks` — the networks, read from the store by SPARQL;
* :mod:`graph.network.measures` — one function per node measure;
* :mod:`graph.network.communities` — Louvain communities, modularity, ARI, NMI;
* :mod:`graph.network.analysis` — which measure runs where, with which parameters;
* :mod:`graph.network.writeback` — results → named graphs with PROV;
* :mod:`graph.network.exports` — GraphML, GEXF, CSV; :mod:`graph.network.plot` — figures.

Importing this package itself imports nothing heavy (the CLI reads :data:`SEED` for its
``--seed`` default); its modules import NetworkX, and the CLI imports them only inside its
commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyoxigraph import Quad

    from graph.namespaces import Iris

__all__ = ["SEED", "analysis_quads"]

#: The seed of every random choice of the analysis (Louvain's node order, sampled
#: betweenness when asked for, the plots' spring layout): the one default of ``--seed``,
#: of ``jeugdgraaf build`` and of every function that takes a seed.
SEED = 42


def analysis_quads(quads: list[Quad], iris: Iris) -> list[Quad]:
    """The analysis of a dataset not yet in a store (the last step of ``jeugdgraaf build``).

    The quads are loaded into an in-memory store so that the networks are read by SPARQL
    exactly as from a built store.
    """
    from pyoxigraph import Store

    from graph.network.writeback import analyse

    store = Store()
    store.bulk_extend(quads)
    return analyse(store, iris).quads
