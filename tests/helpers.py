"""Small helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations


def saved_rows(store, name: str, **params: str) -> list[dict[str, str]]:
    """A saved query's rows (defaults unless ``params``), every value as text (as the CSV shows it)."""
    from graph.run import LocalTarget, run_query

    rows = run_query(name, params, LocalTarget(store)).table().records()
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]
