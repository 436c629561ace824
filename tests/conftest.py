"""Shared fixtures: where the raw documents are, and a store built from the shipped facts.

Tests that read ``../shared`` get it only through :func:`seeds` / :func:`reference`, which
fail (never skip) when the documents are missing: CI must not pass without them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.sources import reference_dir, seeds_dir


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The folder of source documents (``JEUGDGRAAF_SEEDS``, default ``../shared/seeds``)."""
    path = seeds_dir()
    if not (path / "000_5833ac47ade829ca.txt").is_file():
        pytest.fail(f"source documents missing at {path}: set JEUGDGRAAF_SEEDS")
    return path


@pytest.fixture(scope="session")
def reference() -> Path:
    """The folder of CBS/RvIG reference tables (``JEUGDGRAAF_REFERENCE``)."""
    path = reference_dir()
    if not path.is_dir():
        pytest.fail(f"reference tables missing at {path}: set JEUGDGRAAF_REFERENCE")
    return path


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once per test session from the shipped facts (read-only for tests)."""
    from graph.build import run_build

    path = tmp_path_factory.mktemp("store") / "store"
    run_build(path)
    return path


@pytest.fixture(scope="session")
def store(built_store: Path):
    """The session store opened read-only (pyoxigraph ``Store``)."""
    from graph.store import open_store

    return open_store(built_store)


@pytest.fixture(scope="session")
def municipality_index():
    """Printed names → the 408 municipalities of 2013, from the shipped reference facts."""
    from loaders.municipalities import MunicipalityIndex, load_aliases
    from loaders.records import Reference, from_jsonable
    from loaders.sources import SHIPPED_DATA

    payload = json.loads((SHIPPED_DATA / "reference.json").read_text(encoding="utf-8"))
    reference = from_jsonable(Reference, payload["records"])
    return MunicipalityIndex((m for m in reference.municipalities if m.year == 2013), load_aliases())


@pytest.fixture(scope="session")
def invoke(built_store: Path):
    """Run ``jeugdgraaf --store <built store> -q ARGS…`` in-process; the click result."""
    from click.testing import CliRunner

    from graph.cli import cli

    def run(*args: str):
        return CliRunner().invoke(cli, ["--store", str(built_store), "-q", *args])

    return run
