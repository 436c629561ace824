"""The ``jeugdgraaf`` command: a thin click layer over the graph package.

Commands parse arguments, call one function of ``graph/`` (or ``loaders/``) and print.
Domain errors become a message on stderr and exit status 1; usage errors exit 2. Heavy
imports happen inside command bodies so that ``--help`` and ``query run`` start fast.
Command groups that live in their own modules (``query``, ``network`` …) are loaded
lazily by :class:`LazyGroup`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

import click

#: Subcommands defined in their own modules: name → "module:attribute".
LAZY_COMMANDS: dict[str, str] = {
    "network": "graph.cli_network:network",
    "query": "graph.cli_query:query",
    "resolve": "graph.cli_resolve:resolve",
    "export": "graph.cli_export:export",
    "describe": "graph.cli_export:describe",
    "push": "graph.cli_export:push",
    "jsonld-context": "graph.cli_export:jsonld_context",
    "serve": "graph.cli_serve:serve",
}


class LazyGroup(click.Group):
    """A group whose listed subcommands are imported only when used (fast ``--help``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            module, attr = LAZY_COMMANDS[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


@dataclass
class Settings:
    """What the root group's options decide, handed to every subcommand."""

    store: Path
    quiet: bool

    def say(self, message: str) -> None:
        """Progress on stderr, so stdout stays clean for data."""
        if not self.quiet:
            click.echo(message, err=True)


pass_settings = click.make_pass_decorator(Settings)


def domain_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the project's own exceptions into a clean message and exit status 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from graph.errors import GraphError
        from loaders.errors import SourceError
        from queries.catalog import QueryError

        try:
            return func(*args, **kwargs)
        except (GraphError, SourceError, QueryError) as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


@click.group(cls=LazyGroup)
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="JEUGDGRAAF_STORE",
    help="Store directory [env JEUGDGRAAF_STORE; default ~/.local/share/jeugdgraaf/store].",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress messages on stderr.")
@click.version_option(package_name="jeugdgraaf")
@click.pass_context
def cli(ctx: click.Context, store: Path | None, quiet: bool) -> None:
    """jeugdgraaf: a knowledge graph of Dutch youth-care cooperation (2013–2017).

    Build the graph from the shipped facts, then ask it questions:

    \b
      jeugdgraaf build
      jeugdgraaf query list
      jeugdgraaf query run region-tasks --format csv
    """
    from graph.store import default_store_path

    ctx.obj = Settings(store or default_store_path(), quiet)


def ensure_store(settings: Settings) -> Path:
    """The store path, building the store first (and saying so) when it was never built."""
    from graph.store import exists

    if not exists(settings.store):
        settings.say(f"no store at {settings.store} yet: building it from the shipped facts first")
        _build(settings, from_seeds=False, base=None)
    return settings.store


def _build(settings: Settings, from_seeds: bool, base: str | None, revalidate: bool = False) -> None:
    from graph.build import run_build

    summary = run_build(settings.store, from_seeds=from_seeds, base=base, progress=settings.say, revalidate=revalidate)
    total = sum(summary.triples.values())
    settings.say(f"built {summary.store} from {summary.origin} in {summary.seconds:.2f} s: {total} triples")
    analysis = {g: n for g, n in summary.triples.items() if "/graph/analysis" in g}
    for graph, count in summary.triples.items():
        if graph not in analysis:
            settings.say(f"  {count:>8}  {graph}")
    if analysis:
        settings.say(f"  {sum(analysis.values()):>8}  in {len(analysis)} graphs of network analysis results (jeugdgraaf stats lists them)")


@cli.command()
@click.option("--from-seeds", is_flag=True, help="Parse the source documents in ../shared instead of the shipped facts.")
@click.option("--base", help="Base IRI for instances [env JEUGDGRAAF_BASE; default https://w3id.org/jeugdgraaf/id/].")
@click.option("--revalidate", is_flag=True, help="Run pySHACL even when this exact graph conformed before.")
@pass_settings
@domain_errors
def build(settings: Settings, from_seeds: bool, base: str | None, revalidate: bool) -> None:
    """Build the store: facts → triples → SHACL validation → atomic swap.

    By default the facts shipped in loaders/data/ are used, so no source documents are
    needed. A failed build leaves the previous store untouched. The SHACL result of a
    graph that conformed before is remembered by its digest (~/.cache/jeugdgraaf).
    """
    _build(settings, from_seeds, base, revalidate)


@cli.command()
@pass_settings
@domain_errors
def extract(settings: Settings) -> None:
    """Regenerate the shipped facts (loaders/data/*.json) from ../shared.

    Reads the documents in JEUGDGRAAF_SEEDS and the tables in JEUGDGRAAF_REFERENCE. Commit
    the result: the test suite checks that it matches what the loaders extract.
    """
    from loaders.registry import extract_all, write_facts

    for path in write_facts(extract_all(settings.say)):
        settings.say(f"wrote {path}")


@cli.command()
@pass_settings
@domain_errors
def stats(settings: Settings) -> None:
    """Triples per named graph and instances per class."""
    from graph.output import render
    from graph.stats import class_counts, graph_counts
    from graph.store import open_store

    store = open_store(ensure_store(settings))
    click.echo(render(graph_counts(store), "table"))
    click.echo(render(class_counts(store), "table"))


@cli.command()
@pass_settings
@domain_errors
def validate(settings: Settings) -> None:
    """Validate the store against the SHACL shapes and print the report."""
    from graph.store import open_store
    from graph.validate import validate as run_validation

    store = open_store(ensure_store(settings))
    report = run_validation(store.quads_for_pattern(None, None, None, None))
    click.echo(report.text)
    if not report.conforms:
        sys.exit(1)


@cli.command()
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


@cli.command("ontology-doc")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("docs/ONTOLOGY.md"), show_default=True)
@domain_errors
def ontology_doc(output: Path) -> None:
    """Write the human-readable page of the ontology (classes, properties, schemes)."""
    from graph.ontology_doc import write_ontology_page

    write_ontology_page(output)
    click.echo(f"wrote {output}", err=True)
