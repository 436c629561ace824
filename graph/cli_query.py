"""``jeugdgraaf query``: list, show and run the saved queries of the catalogue."""

from __future__ import annotations

import click

from graph.cli import Settings, domain_errors, ensure_store, pass_settings
from graph.output import FORMATS


@click.group()
def query() -> None:
    """The canned query catalogue (queries/*.rq)."""


@query.command("list")
@domain_errors
def list_queries() -> None:
    """Name and summary of every saved query."""
    from graph.output import Table, render
    from queries.catalog import load_catalogue

    rows = tuple((q.name, q.summary, ", ".join(q.tags)) for q in load_catalogue().values())
    click.echo(render(Table(("name", "summary", "tags"), rows), "table"), nl=False)


@query.command()
@click.argument("name")
@domain_errors
def show(name: str) -> None:
    """Description and SPARQL of one saved query."""
    from queries.catalog import get

    q = get(name)
    click.echo(f"{q.name}: {q.summary}\n\n{q.description}\n\n{q.sparql}")


@query.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@pass_settings
@domain_errors
def run(settings: Settings, name: str, fmt: str) -> None:
    """Run a saved query on the local store."""
    from graph.output import render
    from graph.run import select
    from graph.store import open_store
    from queries.catalog import get

    q = get(name)
    click.echo(render(select(open_store(ensure_store(settings)), q.sparql), fmt), nl=False)
