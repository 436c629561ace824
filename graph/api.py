"""The query catalogue from Python, for notebooks and scripts.

>>> from graph import api
>>> [q.name for q in api.list_queries(tag="governance")]
['governance', 'governance-counts']
>>> print(api.describe("region-members").splitlines()[0])
region-members: Member municipalities of one survey region (2013), with their 2017 inhabitants

Running a query needs a built store (``jeugdgraaf build``; built here first when missing)
or an endpoint::

    rows = api.run("region-members", region="34.1")
    rows[0]            # {'cbs_code': 'GM0748', 'municipality': 'Bergen op Zoom', ...}
    rows.columns       # ('cbs_code', 'municipality', ...)
    rows.to_dataframe()                     # with pandas installed
    api.run("task-level-counts", endpoint="http://localhost:7878/query")

Values are plain Python (``str``, ``int``, ``float``, ``bool``, ``None``); IRIs are strings.
Parameters are keyword arguments with the names ``jeugdgraaf query show NAME`` lists; a bad
value raises :class:`queries.catalog.QueryError` naming the parameter.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from graph.output import Value
from queries.catalog import Query, get, help_text, load_catalogue

__all__ = ["Rows", "describe", "list_queries", "run"]


class Rows(list):
    """A list of rows (dicts of column → plain value) that knows its columns."""

    def __init__(self, columns: tuple[str, ...], rows: list[dict[str, Value]]) -> None:
        super().__init__(rows)
        self.columns = columns

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (columns in query order); needs pandas."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_dataframe() needs pandas: pip install pandas") from None
        return pd.DataFrame(list(self), columns=list(self.columns))


def list_queries(tag: str | None = None, word: str | None = None) -> list[Query]:
    """The saved queries, optionally only those with ``tag`` or mentioning ``word``.

    >>> "municipality-arrangements" in [q.name for q in list_queries(word="arrangement")]
    True
    """
    out = []
    for q in load_catalogue().values():
        text = " ".join((q.name, q.summary, q.description, *q.tags)).lower()
        if (tag is None or tag in q.tags) and (word is None or word.lower() in text):
            out.append(q)
    return out


def describe(name: str) -> str:
    """What ``jeugdgraaf query show NAME`` prints: description, parameters, SPARQL.

    >>> "region (required, IRI of jg:SurveyRegion" in describe("region-members")
    True
    """
    return help_text(get(name))


def run(name: str, store: str | Path | None = None, endpoint: str | None = None, timeout: float = 30.0, **params: Any) -> Rows:
    """Run saved query ``name`` with keyword ``params`` on the local store or ``endpoint``.

    ``store`` defaults to ``JEUGDGRAAF_STORE`` or the XDG data directory; it is built from
    the shipped facts first when it does not exist yet.
    """
    from graph.run import run_query

    table = run_query(name, params, _target(store, endpoint, timeout)).table()
    return Rows(table.columns, table.records())


def _target(store: str | Path | None, endpoint: str | None, timeout: float) -> Any:
    if endpoint is not None:
        from graph.remote import Endpoint

        return Endpoint(endpoint, timeout)
    from graph.run import LocalTarget
    from graph.store import default_store_path, exists, open_store

    path = Path(store) if store is not None else default_store_path()
    if not exists(path):
        from graph.build import run_build

        print(f"no store at {path} yet: building it from the shipped facts first", file=sys.stderr)
        run_build(path)
    return LocalTarget(open_store(path))
