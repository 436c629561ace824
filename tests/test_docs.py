"""The documentation keeps up with the code: every command and every query is documented."""

from __future__ import annotations

import re

import click

from graph.cli import cli
from loaders.sources import PROJECT_ROOT
from queries.catalog import load_catalogue

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, ctx: click.Context, prefix: tuple[str, ...] = ()):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from command_paths(command, ctx, prefix + (name,))
        else:
            yield prefix + (name,)


def test_every_command_is_in_the_readme():
    missing = [" ".join(p) for p in command_paths(cli, click.Context(cli)) if f"jeugdgraaf {' '.join(p)}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_the_quick_start_gives_the_two_make_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make run" in quick and "make test" in quick


def test_every_query_is_in_the_readme_table():
    missing = [name for name in load_catalogue() if f"| {name} |" not in README]
    assert not missing, f"queries missing from the README's table: {missing}"


def test_every_query_has_a_summary_and_a_description_naming_its_source():
    for query in load_catalogue().values():
        assert query.summary, query.path
        assert re.search(r"document|survey|CBS|graph|analysis|RvIG", query.description), query.path


def test_ci_runs_the_readme_test_command():
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
