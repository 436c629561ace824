"""The command line: every command has working --help; errors go to stderr with exit 1."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from graph.cli import cli


def all_commands(group: click.Group, ctx: click.Context, prefix=()):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield prefix + (name,)
        if isinstance(command, click.Group):
            yield from all_commands(command, ctx, prefix + (name,))


COMMANDS = list(all_commands(cli, click.Context(cli)))


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_query_on_unbuilt_store_builds_it_first(tmp_path):
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["--store", str(store), "query", "run", "region-municipalities", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "building it from the shipped facts first" in result.stderr
    # 000 line 3: 'Deelnemende gemeenten: Appingedam, Bedum, …' in region 1.
    assert "1,Regio Groningen,GM0003,Appingedam" in result.stdout.splitlines()


def test_sparql_inline_and_errors(built_store):
    runner = CliRunner()
    ok = runner.invoke(cli, ["--store", str(built_store), "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?r a jg:SurveyRegion }", "--format", "csv"])
    assert ok.exit_code == 0 and ok.stdout.splitlines() == ["n", "43"]
    bad = runner.invoke(cli, ["--store", str(built_store), "sparql", "SELECT WHERE {"])
    assert bad.exit_code == 1 and "SPARQL syntax error" in bad.stderr


def test_missing_store_for_validate_is_built_and_conforms(built_store):
    result = CliRunner().invoke(cli, ["--store", str(built_store), "validate"])
    assert result.exit_code == 0, result.output
    assert "Conforms: True" in result.stdout


def test_stats(built_store):
    result = CliRunner().invoke(cli, ["--store", str(built_store), "stats"])
    assert result.exit_code == 0
    assert "jg:SurveyRegion" in result.stdout and "graph/000" in result.stdout


def complete(store, line: str) -> list[str]:
    """What the shell would offer after ``line`` (zsh protocol: one word per value and help)."""
    words = line.split(" ")
    env = {"_JEUGDGRAAF_COMPLETE": "zsh_complete", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    result = CliRunner().invoke(cli, ["--store", str(store)], env=env, prog_name="jeugdgraaf")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    return [lines[i + 1] for i, kind in enumerate(lines) if kind == "plain"]


def test_shell_completion_of_parameter_values_through_click(built_store):
    """`-p task=<TAB>` through click's own completion machinery, as a shell calls it: the
    typed query name is seen although the option still waits for its value (click#2184)."""
    line = f"jeugdgraaf --store {built_store} query run task-regions -p "
    assert set(complete(built_store, line)) == {"task=", "level=", "status="}
    # The survey's tasks (000 line 22: 'Pleegzorg Regionaal Intentie'); only one starts with 'plee'.
    assert complete(built_store, line + "task=plee") == ["task=pleegzorg"]
    # Values read from the store: survey region 34.1 (000 line 6553: '34.1 Subregio West-Brabant-West').
    assert "region=34.1" in complete(built_store, f"jeugdgraaf --store {built_store} query run region-members -p region=34")
