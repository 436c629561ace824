"""Execute SPARQL on the local store and turn solutions into a :class:`~graph.output.Table`."""

from __future__ import annotations

from pyoxigraph import QueryBoolean, QuerySolutions, Store

from graph.errors import GraphError
from graph.output import Table, plain
from ontology import PREFIXES


def select(store: Store, sparql: str) -> Table:
    """Run a SELECT (or ASK) query on ``store``; the default graph is the union of all graphs."""
    try:
        result = store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise GraphError(f"SPARQL syntax error: {exc}") from None
    if isinstance(result, QueryBoolean):
        return Table(("result",), ((bool(result),),))
    if not isinstance(result, QuerySolutions):
        raise GraphError("only SELECT and ASK queries give a table; use `jeugdgraaf export` for triples")
    columns = tuple(v.value for v in result.variables)
    rows = tuple(tuple(plain(solution[c]) for c in columns) for solution in result)
    return Table(columns, rows)
