"""Hostile input gets one clear line on stderr naming the path, exit status 1, and no traceback
(issue 19, item 4): a damaged store, invalid build metadata, a folder a store cannot go in."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from loaders.sources import PROJECT_ROOT


def one_line_error(args: list[str], naming: str | Path, env: dict[str, str] | None = None) -> str:
    """Run the CLI; assert exit 1 with exactly one line on stderr that names ``naming``."""
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 1, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit), f"uncaught {result.exception!r}"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert str(naming) in lines[0] and "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def copy(built_store: Path, tmp_path: Path) -> Path:
    """A private copy of the session store, to be damaged."""
    target = tmp_path / "store"
    shutil.copytree(built_store, target)
    return target


def test_truncated_table_file(copy: Path):
    largest = max(copy.glob("*.sst"), key=lambda p: p.stat().st_size)
    os.truncate(largest, largest.stat().st_size // 2)
    for command in (["stats"], ["query", "run", "sources"], ["sparql", "ASK { ?s ?p ?o }"], ["export", "-f", "ntriples"]):
        line = one_line_error(["--store", str(copy), *command], copy)
        assert "damaged" in line and "jeugdgraaf build" in line


def test_garbled_manifest(copy: Path):
    (manifest,) = copy.glob("MANIFEST-*")
    manifest.write_bytes(b"not a manifest\x00\xff" * 8)
    line = one_line_error(["--store", str(copy), "query", "run", "sources"], copy)
    assert "damaged" in line and "jeugdgraaf build" in line


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "line 1 column 2"),
        ("[1, 2]", "expected a JSON object, found list"),
        ('{"built": "2024-01-01", "origin": "x", "triples": {}}', "'base' is missing"),
        (b"\xff\xfe", "unreadable"),
    ],
)
def test_invalid_build_metadata_names_the_file(copy: Path, content: str | bytes, problem: str):
    meta = copy / "jeugdgraaf-build.json"
    meta.write_bytes(content if isinstance(content, bytes) else content.encode())
    for command in (["query", "run", "sources"], ["export", "-f", "turtle"], ["describe"]):
        line = one_line_error(["--store", str(copy), *command], meta)
        assert problem in line and "jeugdgraaf build" in line


def test_a_store_cannot_go_below_a_file(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way\n")
    line = one_line_error(["--store", str(blocker / "sub" / "store"), "build"], blocker)
    assert "not a folder" in line and not (blocker.parent / "sub").exists()


def test_a_store_cannot_go_in_an_unwritable_folder():
    # /proc takes no new entries, even for root (whom file modes do not stop).
    line = one_line_error(["--store", "/proc/jeugdgraaf-store", "build"], "/proc")
    assert "cannot write the store in this folder" in line


def test_the_folder_is_refused_before_the_work(tmp_path: Path):
    """The folder is checked first, so the build's progress stops at once, not after validating."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = CliRunner().invoke(cli, ["--store", str(blocker / "store"), "build"])
    assert result.exit_code == 1 and "validating" not in result.stderr


@pytest.mark.parametrize("where", ["option", "environment"])
def test_a_bad_base_iri(tmp_path: Path, where: str):
    store = str(tmp_path / "store")
    if where == "option":
        line = one_line_error(["--store", store, "build", "--base", "not an iri"], "'not an iri'")
    else:
        line = one_line_error(["--store", store, "build"], "'ftp://x/'", env={"JEUGDGRAAF_BASE": "ftp://x/"})
    assert "--base or JEUGDGRAAF_BASE" in line


def test_a_real_process_prints_no_traceback(copy: Path):
    """Through the console entry point, not CliRunner: what a user's terminal shows."""
    (copy / "jeugdgraaf-build.json").write_text("{not json")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    proc = subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(copy), "query", "run", "sources"], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and str(copy / "jeugdgraaf-build.json") in proc.stderr
