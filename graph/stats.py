"""Counts that describe a store: triples per named graph, instances per class."""

from __future__ import annotations

from pyoxigraph import Store

from graph.namespaces import curie
from graph.output import Table
from graph.run import select

GRAPH_COUNTS = """
SELECT ?graph (COUNT(*) AS ?triples)
WHERE { GRAPH ?graph { ?s ?p ?o } }
GROUP BY ?graph ORDER BY ?graph
"""

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?instances)
WHERE { ?s a ?class }
GROUP BY ?class ORDER BY DESC(?instances) ?class
"""


def graph_counts(store: Store) -> Table:
    """Triples in each named graph."""
    return select(store, GRAPH_COUNTS)


def class_counts(store: Store) -> Table:
    """Distinct instances of each class, over all graphs, classes as CURIEs."""
    table = select(store, CLASS_COUNTS)
    return Table(table.columns, tuple((curie(str(c)), n) for c, n in table.rows))
