"""Result tables and their renderings: a terminal table, CSV, TSV, JSON, Markdown.

A :class:`Table` holds plain Python values (``str``, ``int``, ``float``, ``bool`` or
``None``), already converted from RDF terms, so every renderer is a small pure function.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Value = str | int | float | bool | None

FORMATS = ("table", "csv", "tsv", "json", "markdown")


@dataclass(frozen=True)
class Table:
    """Columns and rows of plain values, in the order the query projected them."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]

    def records(self) -> list[dict[str, Value]]:
        """Rows as dicts keyed by column, for JSON and notebooks."""
        return [dict(zip(self.columns, row)) for row in self.rows]


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(table: Table, delimiter: str = ",") -> str:
    """CSV (RFC 4180, header row first) or, with a tab, TSV."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_text(v).replace("\t", " ") if delimiter == "\t" else _text(v) for v in row])
    return buf.getvalue()


def to_json(table: Table) -> str:
    """A JSON array of objects, one per row; numbers stay numbers."""
    return json.dumps(table.records(), ensure_ascii=False, indent=1) + "\n"


def to_markdown(table: Table) -> str:
    """A GitHub-flavoured Markdown table, ready to paste in a report."""

    def cell(v: Value) -> str:
        return _text(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(table.columns) + " |", "|" + "|".join("---" for _ in table.columns) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def to_terminal(table: Table, width: int | None = None) -> str:
    """An aligned plain-text table; long cells are cut to fit the terminal width."""
    width = width or shutil.get_terminal_size((160, 24)).columns
    cells = [[_text(v).replace("\n", " ") for v in row] for row in table.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(table.columns)]
    widths = _fit(widths, width - 2 * (len(widths) - 1))

    def line(values: Sequence[str]) -> str:
        return "  ".join(_cut(v, w).ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(table.columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _fit(widths: list[int], total: int) -> list[int]:
    """Shrink the widest columns first until the table fits in ``total`` characters."""
    widths = list(widths)
    while sum(widths) > total and max(widths) > 12:
        i = widths.index(max(widths))
        widths[i] -= 1
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


RENDERERS: dict[str, Callable[[Table], str]] = {
    "table": to_terminal,
    "csv": to_csv,
    "tsv": lambda t: to_csv(t, "\t"),
    "json": to_json,
    "markdown": to_markdown,
}


def render(table: Table, fmt: str) -> str:
    """Render ``table`` in one of :data:`FORMATS`."""
    return RENDERERS[fmt](table)


def plain(value: Any) -> Value:
    """An RDF term (pyoxigraph) → a plain value: IRIs as strings, typed literals as numbers."""
    from pyoxigraph import Literal

    if value is None:
        return None
    if isinstance(value, Literal):
        datatype = value.datatype.value.rsplit("#", 1)[-1]
        if datatype in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger"):
            return int(value.value)
        if datatype in ("decimal", "double", "float"):
            return float(value.value)
        if datatype == "boolean":
            return value.value == "true"
        return value.value
    return value.value
