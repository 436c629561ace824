"""``jeugdgraaf sparql``: any SPARQL query on the local store."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import Settings, domain_errors, ensure_store, pass_settings


@click.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "path", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "markdown"]), default="table", show_default=True)
@pass_settings
@domain_errors
def sparql(settings: Settings, query: str | None, path: Path | None, fmt: str) -> None:
    """Run a SPARQL SELECT or ASK query, given inline or with --file.

    The default graph is the union of all named graphs; the prefixes of the project
    (jg:, org:, skos: …) are predeclared.

    \b
      jeugdgraaf sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?r a jg:SurveyRegion }'
    """
    from graph.output import render
    from graph.run import select
    from graph.store import open_store

    if (query is None) == (path is None):
        raise click.UsageError("give the query inline or with --file, not both")
    text = path.read_text(encoding="utf-8") if path else query
    click.echo(render(select(open_store(ensure_store(settings)), text), fmt), nl=False)


