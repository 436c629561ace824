"""``jeugdgraaf resolve``: which printed names were merged into which canonical entity.

Entity resolution is where a knowledge graph quietly goes wrong ('Bergen' in the wrong
province, two Bureaus Jeugdzorg made one). This report lets a curator review it: every
name as a document prints it, the municipality or organisation it was resolved to, and where
it stands; and every name left unresolved.

It reads the shipped facts, not the store, and knows no loader: any record with a
``printed`` name and ``evidence`` that carries a CBS ``code`` (a municipality) or an
``organisation`` id (``None`` when unresolved) is reported, so new loaders are covered
as soon as their records follow that convention.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import click

from graph.cli.common import domain_errors
from graph.output import FORMATS

COLUMNS = ("entity", "printed", "canonical_id", "canonical", "status", "document", "first_line", "last_line", "count")


@dataclass(frozen=True)
class Resolution:
    """One printed spelling, what it resolved to, and its first evidence."""

    entity: str  # "municipality" or "organisation"
    printed: str
    canonical_id: str | None
    canonical: str | None
    document: str
    first_line: int
    last_line: int

    @property
    def status(self) -> str:
        """``same`` (printed as the canonical name), ``merged`` or ``unresolved``."""
        if self.canonical_id is None:
            return "unresolved"
        return "same" if " ".join(self.printed.split()) == self.canonical else "merged"


def named_records(obj: Any) -> Iterator[Any]:
    """Every record inside ``obj`` (dataclasses, tuples, dicts) that has a printed name."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        if isinstance(getattr(obj, "printed", None), str) and hasattr(obj, "evidence") and not getattr(obj, "implicit", False):
            yield obj
        for f in dataclasses.fields(obj):
            yield from named_records(getattr(obj, f.name))
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from named_records(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from named_records(item)


def resolutions(records: dict[str, Any]) -> list[tuple[Resolution, int]]:
    """Every distinct (entity, printed, canonical, document) in the records, with a count.

    Sorted by entity, canonical name and printed name, unresolved names first; each
    :class:`Resolution` keeps the first evidence of its spelling.
    """
    from loaders.organisations import OrganisationIndex

    organisations = OrganisationIndex.load()
    municipalities = {m.code: m.name for m in records["reference"].municipalities}
    seen: dict[tuple[str, str, str | None, str], Resolution] = {}
    counts: dict[tuple[str, str, str | None, str], int] = {}
    for loader, value in records.items():
        if loader == "reference":
            continue
        for rec in named_records(value):
            row = _row(rec, organisations, municipalities)
            if row is None:
                continue
            key = (row.entity, " ".join(row.printed.split()), row.canonical_id, row.document)
            seen.setdefault(key, row)
            counts[key] = counts.get(key, 0) + 1
    rows = [(r, counts[k]) for k, r in seen.items()]
    rows.sort(key=lambda rc: (rc[0].status != "unresolved", rc[0].entity, rc[0].canonical or "", rc[0].printed))
    return rows


def _row(rec: Any, organisations: Any, municipalities: dict[str, str]) -> Resolution | None:
    ev = rec.evidence
    if hasattr(rec, "code") and isinstance(rec.code, str) and rec.code.startswith("GM"):
        return Resolution("municipality", rec.printed, rec.code, municipalities.get(rec.code), ev.source, ev.first, ev.last)
    if hasattr(rec, "organisation"):
        org_id = rec.organisation
        name = organisations.get(org_id).name if org_id in organisations else None
        return Resolution("organisation", rec.printed, org_id if name else None, name, ev.source, ev.first, ev.last)
    return None


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Also list names printed exactly as their canonical name.")
@click.option("--unresolved", "only_unresolved", is_flag=True, help="Only the names left unresolved.")
@domain_errors
def resolve(fmt: str, show_all: bool, only_unresolved: bool) -> None:
    """List printed names and the canonical entity each was resolved to.

    One row per distinct spelling, entity and document, with the first place it is printed
    and how often. By default only merged spellings (printed differently from the canonical
    name) and unresolved names are shown.

    \b
      jeugdgraaf resolve
      jeugdgraaf resolve --unresolved --format csv
    """
    from graph.output import Table, render
    from loaders.registry import read_facts

    records, _ = read_facts()
    rows = resolutions(records)
    wanted = {"unresolved"} if only_unresolved else {"unresolved", "merged"} | ({"same"} if show_all else set())
    table = Table(
        COLUMNS,
        tuple(
            (r.entity, r.printed, r.canonical_id, r.canonical, r.status, r.document, r.first_line, r.last_line, n)
            for r, n in rows
            if r.status in wanted
        ),
    )
    click.echo(render(table, fmt), nl=False)
