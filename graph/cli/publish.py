"""``jeugdgraaf export``, ``describe`` and ``push``: the graph as linked data, elsewhere.

The commands parse arguments and print; :mod:`graph.publish.export`, :mod:`graph.publish.describe` and
:mod:`graph.publish.push` do the work.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

import click

from graph.cli.common import Settings, domain_errors, ensure_store, pass_settings
from graph.publish.export import FORMATS

FORMAT_NAMES = list(FORMATS)


class GroupsType(click.ParamType):
    """``--graphs sources,reference``: checked while parsing, so a typo is a usage error."""

    name = "GROUPS"

    def convert(self, value, param, ctx) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        from graph.errors import GraphError
        from graph.publish.export import parse_groups

        try:
            return parse_groups(value)
        except GraphError as exc:
            self.fail(str(exc).removeprefix("--graphs: "), param, ctx)


def graphs_option(func):
    return click.option(
        "--graphs",
        "groups",
        type=GroupsType(),
        default="all",
        show_default=True,
        help="Named graphs to include: any of sources, reference, analysis, ontology, or all.",
    )(func)


def sparql_endpoint_option(func):
    return click.option(
        "--sparql-endpoint",
        metavar="URL",
        help="Name this SPARQL endpoint in the description (void:sparqlEndpoint) where the data is served.",
    )(func)


def _binary_stdout() -> IO[bytes]:
    return sys.stdout.buffer


@click.command()
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES), help="Dump format [default: from the file name, else turtle].")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE|-", help="Write to FILE (atomically) or to stdout.")
@click.option("--gzip", "compress", is_flag=True, help="Compress with gzip (implied by FILE.gz; reproducible: no time or name in the header).")
@graphs_option
@sparql_endpoint_option
@pass_settings
@domain_errors
def export(settings: Settings, fmt: str | None, output: str, compress: bool, groups: tuple[str, ...], sparql_endpoint: str | None) -> None:
    """Dump the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML.

    The dump includes its VoID/DCAT description (named graph graph/description), the
    source documents (graph/sources) and, with the default --graphs all, the ontology.
    TriG, N-Quads and JSON-LD keep the named graphs; the other formats hold their union.
    Exporting twice gives identical bytes.

    \b
      jeugdgraaf export -o jeugdgraaf.trig
      jeugdgraaf export -o jeugdgraaf.nt.gz
      jeugdgraaf export --format jsonld --graphs sources,ontology | jq .
    """
    from graph.publish.export import export as run_export
    from graph.publish.export import format_for_path

    target = None if output == "-" else Path(output)
    if fmt is None:
        fmt = (format_for_path(target) if target else None) or "turtle"
    if target is None:
        run_export(ensure_store(settings), fmt, _binary_stdout(), compress=compress, groups=groups, endpoint=sparql_endpoint)
        return
    compress = compress or target.name.endswith(".gz")
    summary = run_export(ensure_store(settings), fmt, target, compress=compress, groups=groups, endpoint=sparql_endpoint)
    settings.say(f"wrote {summary.target} ({summary.format}{', gzip' if compress else ''}): {len(summary.graphs)} named graphs, {sum(summary.graphs.values())} quads")
    for graph, n in summary.graphs.items():
        settings.say(f"  {n:>8}  {graph}")


@click.command()
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE|-", help="Write to FILE (atomically) or to stdout.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES), default="turtle", show_default=True)
@graphs_option
@sparql_endpoint_option
@pass_settings
@domain_errors
def describe(settings: Settings, output: str, fmt: str, groups: tuple[str, ...], sparql_endpoint: str | None) -> None:
    """Write the VoID/DCAT description of the dataset, with its dated sources (void.ttl).

    Title, licence and attribution, sources with their dates, build date, counts
    (triples, entities, classes, properties), class and property partitions, named graphs,
    linksets to TOOI and CBS, and the distributions.

    \b
      jeugdgraaf describe -o void.ttl
    """
    from graph.files import check_target
    from graph.files import output as output_file
    from graph.publish.export import FORMATS, description, serialise

    if output != "-":
        check_target(Path(output))
    quads = description(ensure_store(settings), groups, sparql_endpoint)
    if output == "-":
        serialise(quads, FORMATS[fmt], _binary_stdout())
        return
    with output_file(Path(output)) as fh:
        serialise(quads, FORMATS[fmt], fh)
    settings.say(f"wrote {output}: {len(quads)} triples")


@click.command()
@click.option("--endpoint", required=True, metavar="URL", help="Graph Store Protocol URL (Oxigraph: http://host:7878/store; Fuseki: http://host:3030/ds/data).")
@click.option("--user", help="User for basic auth; the password is read from $JEUGDGRAAF_PUSH_PASSWORD. Without --user, $JEUGDGRAAF_PUSH_TOKEN (if set) is sent as a bearer token.")
@click.option("--content-type", "body_format", type=click.Choice(["ntriples", "turtle"]), default="ntriples", show_default=True, help="Body format of each PUT.")
@click.option("--timeout", type=click.FloatRange(min=1), default=300, show_default=True, help="Seconds to wait for each request.")
@graphs_option
@sparql_endpoint_option
@pass_settings
@domain_errors
def push(settings: Settings, endpoint: str, user: str | None, body_format: str, timeout: float, groups: tuple[str, ...], sparql_endpoint: str | None) -> None:
    """Load the graph into a remote triplestore (SPARQL 1.1 Graph Store HTTP Protocol).

    One PUT per named graph (?graph=IRI), which replaces that graph on the server; the
    description goes along in graph/description. Graphs on the server that are not in
    the push are left alone. Then query it with --endpoint on the query commands.

    \b
      oxigraph serve --location /data/jeugdgraaf --union-default-graph &
      jeugdgraaf push --endpoint http://localhost:7878/store
    """
    from graph.publish.push import Credentials
    from graph.publish.push import push as run_push

    credentials = Credentials.from_env(user)
    pushed = run_push(
        ensure_store(settings),
        endpoint,
        groups=groups,
        credentials=credentials,
        body_format=body_format,
        sparql_endpoint=sparql_endpoint,
        progress=settings.say,
        timeout=timeout,
    )
    settings.say(f"pushed {len(pushed)} graphs, {sum(p.triples for p in pushed)} triples to {endpoint}")


@click.command("jsonld-context")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Where to write [default: ontology/context.jsonld].")
@domain_errors
def jsonld_context(output: Path | None) -> None:
    """Regenerate the JSON-LD context of the dumps from the ontology (ontology/context.jsonld).

    Run it after adding classes or properties to ontology/*.ttl; a test checks that the
    shipped context is current.
    """
    from graph.files import write_text
    from graph.publish.context import render_context
    from ontology import context_file

    target = output or context_file()
    write_text(target, render_context())
    click.echo(f"wrote {target}", err=True)


@click.command("ontology-doc")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("docs/ONTOLOGY.md"), show_default=True)
@domain_errors
def ontology_doc(output: Path) -> None:
    """Write the human-readable page of the ontology (classes, properties, schemes)."""
    from graph.publish.ontology_page import write_ontology_page

    write_ontology_page(output)
    click.echo(f"wrote {output}", err=True)
