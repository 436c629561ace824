"""Small helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations


def saved_rows(store, name: str) -> list[dict[str, str]]:
    """A saved query's rows with its defaults, every value as text (as the CSV output shows it)."""
    from graph.run import LocalTarget, run_query

    rows = run_query(name, {}, LocalTarget(store)).table().records()
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]
