"""The ``jeugdgraaf`` command: a thin click layer over the graph package.

Commands parse arguments, call one function of ``graph/`` (or ``loaders/``) and print.
Domain errors become a message on stderr and exit status 1; usage errors exit 2. Every
subcommand lives in a module of this package (one per command group) and is imported only
when it is used, so ``--help`` and ``query run`` start fast; the shared options and the
settings object are in :mod:`graph.cli.common`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click

#: Every subcommand: name → "module:attribute" (the one list of commands).
COMMANDS: dict[str, str] = {
    "build": "graph.cli.build:build",
    "extract": "graph.cli.build:extract",
    "stats": "graph.cli.build:stats",
    "validate": "graph.cli.build:validate",
    "sparql": "graph.cli.sparql:sparql",
    "network": "graph.cli.network:network",
    "query": "graph.cli.query:query",
    "resolve": "graph.cli.resolve:resolve",
    "export": "graph.cli.publish:export",
    "describe": "graph.cli.publish:describe",
    "push": "graph.cli.publish:push",
    "jsonld-context": "graph.cli.publish:jsonld_context",
    "ontology-doc": "graph.cli.publish:ontology_doc",
    "serve": "graph.cli.serve:serve",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when used (fast ``--help``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name].split(":")
        return getattr(importlib.import_module(module), attr)


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

    from graph.cli.common import Settings

    ctx.obj = Settings(store or default_store_path(), quiet)


