"""``jeugdgraaf query``: list, show and run the saved queries of the catalogue.

The commands only parse arguments and print; the work is done by :mod:`queries.catalog`
(reading and binding) and :mod:`graph.run` (executing, locally or on an endpoint).
"""

from __future__ import annotations

from pathlib import Path

import click
from click.shell_completion import CompletionItem

from graph.cli.common import Settings, domain_errors, ensure_store, pass_settings
from graph.output import FORMATS


def _complete_name(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Saved query names starting with what was typed."""
    from queries.catalog import load_catalogue

    return [CompletionItem(q.name, help=q.summary) for q in load_catalogue().values() if q.name.startswith(incomplete)]


def _complete_param(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """``name=`` of the query's parameters, then their allowed values (from the local store)."""
    from queries.catalog import QueryError, get

    try:
        query = get(_typed_name(ctx))
    except QueryError:
        return []
    if "=" not in incomplete:
        return [CompletionItem(f"{p.name}=", help=p.description or p.type_label) for p in query.parameters if p.name.startswith(incomplete)]
    name, _, typed = incomplete.partition("=")
    try:
        suggestions = _suggestions(ctx, query.parameter(name))
    except Exception:  # completion must never break the shell
        return []
    return [CompletionItem(f"{name}={value}", help=label) for value, label in suggestions if value.lower().startswith(typed.lower())]


def _typed_name(ctx: click.Context) -> str:
    """The query name typed before ``-p``.

    Why not just ``ctx.params["name"]``: while an option waits for its value, click's
    resilient parse stops before it assigns the arguments (pallets/click#2184, open in
    every click 8.x), so the name is still among the unparsed ``ctx.args``.
    """
    name = ctx.params.get("name")
    if isinstance(name, str) and name:
        return name
    return next((a for a in ctx.args if not a.startswith("-")), "")


def _completion_store(ctx: click.Context) -> Path:
    """The store the command would use: completion never runs the root group's callback,
    so the settings object does not exist yet and ``--store`` is read from the root's params."""
    from graph.store import default_store_path

    settings = ctx.find_object(Settings)
    if settings is not None:
        return settings.store
    store = ctx.find_root().params.get("store")
    return store if isinstance(store, Path) else default_store_path()


def _suggestions(ctx: click.Context, parameter) -> list[tuple[str, str]]:
    """Allowed values of a parameter: declared, or read from the local store if it exists."""
    if parameter.values:
        return [(v, v) for v in parameter.values]
    from graph.store import exists, open_store

    path = _completion_store(ctx)
    if not exists(path):
        return [(v, v) for v in parameter.examples]
    from graph.run import LocalTarget
    from queries import resolve

    target = LocalTarget(open_store(path))
    solutions = lambda sparql: target.terms(sparql).solutions()  # noqa: E731
    if parameter.values_query:
        return [(v.value, label) for v, label in resolve.allowed_values(parameter.values_query, solutions)]
    return [(i.key, i.label) for i in resolve.instances(parameter.lookup, solutions)]


@click.group()
def query() -> None:
    """The canned query catalogue (queries/*.rq): list, show, run."""


@query.command("list")
@click.option("--tag", help="Only queries with this tag.")
@click.argument("word", required=False)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@domain_errors
def list_queries(tag: str | None, word: str | None, fmt: str) -> None:
    """Name, summary, tags and parameters of every saved query.

    \b
      jeugdgraaf query list --tag survey
      jeugdgraaf query list municipality
    """
    from graph.output import Table, render
    from queries.catalog import load_catalogue

    rows = []
    for q in load_catalogue().values():
        text = " ".join((q.name, q.summary, q.description, *q.tags)).lower()
        if (tag and tag not in q.tags) or (word and word.lower() not in text):
            continue
        params = " ".join(p.name if p.required else f"[{p.name}]" for p in q.parameters)
        rows.append((q.name, q.summary, ", ".join(q.tags), params))
    click.echo(render(Table(("name", "summary", "tags", "parameters"), tuple(rows)), fmt), nl=False)


@query.command()
@click.argument("name", shell_complete=_complete_name)
@domain_errors
def show(name: str) -> None:
    """Description, parameters (type, allowed values, default, examples) and SPARQL of a query."""
    from queries.catalog import get, help_text

    click.echo(help_text(get(name)))


@query.command()
@click.argument("name", shell_complete=_complete_name)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", shell_complete=_complete_param, help="A parameter value (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (atomically) instead of stdout.")
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL 1.1 endpoint instead of the local store.")
@click.option("--timeout", type=click.FloatRange(min=1), default=30.0, show_default=True, help="Seconds to wait for the endpoint.")
@click.option("--iris", is_flag=True, help="Show IRIs in the table format rather than labels.")
@pass_settings
@domain_errors
def run(settings: Settings, name: str, params: tuple[str, ...], fmt: str, output: Path | None, endpoint: str | None, timeout: float, iris: bool) -> None:
    """Run a saved query, locally or on --endpoint, and print or write its table.

    \b
      jeugdgraaf query run region-members -p region=34.1
      jeugdgraaf query run municipality-arrangements --format csv -o arrangements.csv
      jeugdgraaf query run task-level-counts --endpoint http://localhost:7878/query
    """
    from graph.files import check_target, write_text
    from graph.output import render
    from graph.run import readable, run_query

    if output is not None:
        check_target(output)

    values = _parse_params(params)
    target, base = _target(settings, endpoint, timeout)
    result = run_query(name, values, target)
    table = readable(result.terms, target, base) if fmt == "table" and not iris else result.table()
    text = render(table, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text(output, text)
        settings.say(f"wrote {len(table.rows)} rows to {output}")


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r}: write KEY=VALUE", param_hint="-p/--param")
        if key in values:
            raise click.BadParameter(f"{key!r} given twice", param_hint="-p/--param")
        values[key] = value
    return values


def _target(settings: Settings, endpoint: str | None, timeout: float):
    """The endpoint, or the local store (built first when it never was), and the instance base."""
    if endpoint:
        from graph.remote import Endpoint

        return Endpoint(endpoint, timeout), None
    from graph.run import LocalTarget
    from graph.store import metadata, open_store

    path = ensure_store(settings)
    return LocalTarget(open_store(path)), metadata(path).get("base")
