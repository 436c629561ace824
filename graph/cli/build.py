"""``build``, ``extract``, ``stats``, ``validate``: making the store and looking at it."""

from __future__ import annotations

import sys

import click

from graph.cli.common import Settings, build_store, domain_errors, ensure_store, pass_settings


@click.command()
@click.option("--from-seeds", is_flag=True, help="Parse the source documents in ../shared instead of the shipped facts.")
@click.option("--base", help="Base IRI for instances [env JEUGDGRAAF_BASE; default https://w3id.org/jeugdgraaf/id/].")
@click.option("--revalidate", is_flag=True, help="Validate even when this exact graph conformed before.")
@pass_settings
@domain_errors
def build(settings: Settings, from_seeds: bool, base: str | None, revalidate: bool) -> None:
    """Build the store: facts → triples → SHACL validation → atomic swap.

    By default the facts shipped in loaders/data/ are used, so no source documents are
    needed. A failed build leaves the previous store untouched. The SHACL result of a
    graph that conformed before, and the network analysis of a graph analysed before,
    are remembered by its digest (~/.cache/jeugdgraaf).
    """
    build_store(settings, from_seeds, base, revalidate)


@click.command()
@pass_settings
@domain_errors
def extract(settings: Settings) -> None:
    """Regenerate the shipped facts (loaders/data/*.json) from ../shared.

    Reads the documents in JEUGDGRAAF_SEEDS and the tables in JEUGDGRAAF_REFERENCE. Commit
    the result: the test suite checks that it matches what the loaders extract.
    """
    from graph.files import write_text
    from loaders.registry import extract_all, render_facts
    from loaders.sources import SHIPPED_DATA

    for name, text in render_facts(extract_all(settings.say)).items():
        write_text(SHIPPED_DATA / name, text)
        settings.say(f"wrote {SHIPPED_DATA / name}")


@click.command()
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


@click.command()
@click.option("--reference", is_flag=True, help="Validate with pySHACL (the reference, seconds) instead of shacl-rust.")
@pass_settings
@domain_errors
def validate(settings: Settings, reference: bool) -> None:
    """Validate the store against the SHACL shapes and print the report."""
    from graph.store import open_store
    from graph.validate import validate as run_validation
    from graph.validate import validate_reference

    store = open_store(ensure_store(settings))
    report = (validate_reference if reference else run_validation)(store.quads_for_pattern(None, None, None, None))
    click.echo(report.text)
    if not report.conforms:
        sys.exit(1)


