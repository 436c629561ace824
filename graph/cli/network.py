"""``jeugdgraaf network``: the cooperation networks, their centralities and communities.

Thin: each command reads the store, calls one function of :mod:`graph.network` and prints.
NetworkX and Matplotlib are imported inside the commands, so ``--help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import click

from graph.cli.common import Settings, domain_errors, ensure_store, pass_settings
from graph.network import SEED

#: Default of --alpha; the same value as graph.network.networks.BACKBONE_ALPHA (a test checks), kept
#: here so that importing the CLI does not import NetworkX.
BACKBONE_ALPHA = 0.05
from graph.output import FORMATS


class RegistryChoice(click.Choice):
    """A choice among the names of one of :mod:`graph.network`'s registries.

    The names are read from the registry itself (never a copy here), and only when click
    needs them (validating a value, showing a command's help), so that importing the CLI —
    and ``jeugdgraaf --help`` — does not import NetworkX.
    """

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        self._names = names
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self._names())


def network_names() -> Iterable[str]:
    """The keys of :data:`graph.network.networks.NETWORKS`."""
    from graph.network.networks import NETWORKS

    return NETWORKS


def measure_names() -> Iterable[str]:
    """The keys of :data:`graph.network.analysis.MEASURES`."""
    from graph.network.analysis import MEASURES

    return MEASURES


def colourings() -> Iterable[str]:
    """The colourings of :data:`graph.network.plot.COLOURINGS`."""
    from graph.network.plot import COLOURINGS

    return COLOURINGS


def export_formats() -> Iterable[str]:
    """The formats of :data:`graph.network.exports.EXPORT_FORMATS`."""
    from graph.network.exports import EXPORT_FORMATS

    return EXPORT_FORMATS


network_option = click.option("--network", "name", type=RegistryChoice(network_names), required=True, help="Which network.")
format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
alpha_option = click.option(
    "--alpha", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=BACKBONE_ALPHA, show_default=True,
    help="Significance level of the disparity filter of municipality-backbone.",
)
seed_option = click.option("--seed", type=int, default=SEED, show_default=True, help="Seed of Louvain, the layout and betweenness when sampled.")


def _reader(settings: Settings, alpha: float = BACKBONE_ALPHA):
    from graph.network.networks import NetworkReader
    from graph.store import open_store

    return NetworkReader(open_store(ensure_store(settings)), alpha)


@click.group()
def network() -> None:
    """Cooperation networks: centrality, communities, export, plot, write-back.

    \b
      jeugdgraaf network list
      jeugdgraaf network centrality --network municipality --measure betweenness --top 10
      jeugdgraaf network communities --network municipality
      jeugdgraaf network export --network municipality --format gexf -o municipalities.gexf
      jeugdgraaf network plot --network municipality -o municipalities.png
      jeugdgraaf network analyse
    """


@network.command("list")
@format_option
@pass_settings
@domain_errors
def list_networks(settings: Settings, fmt: str) -> None:
    """Every network: what nodes and edges mean, the weighting, its size (or that it is empty)."""
    from graph.network.networks import NETWORKS
    from graph.output import Table, render

    reader = _reader(settings)
    rows = []
    for name, spec in NETWORKS.items():
        g = reader.network(name)
        size = "empty: the graph holds no such links" if g.number_of_nodes() == 0 else f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"
        rows.append((name, size, spec.nodes, spec.edges, spec.weight))
    click.echo(render(Table(("network", "size", "nodes", "edges", "weight"), tuple(rows)), fmt), nl=False)


@network.command()
@network_option
@click.option("--measure", type=RegistryChoice(measure_names), default="degree", show_default=True)
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True, help="Best N nodes (0: all).")
@format_option
@click.option("--samples", type=click.IntRange(min=0), help="Estimate betweenness from this many source nodes (said on stderr) [default: exact].")
@seed_option
@alpha_option
@pass_settings
@domain_errors
def centrality(settings: Settings, name: str, measure: str, top: int, fmt: str, samples: int | None, seed: int, alpha: float) -> None:
    """The most central nodes of a network by one measure: node,label,value,rank.

    Equal values share a rank. How betweenness was computed (exact or sampled) is
    printed on stderr.
    """
    from graph.network.analysis import measure as compute
    from graph.network.analysis import ranked
    from graph.network.networks import NETWORKS
    from graph.output import Table, render

    graph = _reader(settings, alpha).network(name)
    if graph.number_of_nodes() == 0:
        settings.say(f"network {name} is empty: the graph holds no such links")
    scores = compute(graph, NETWORKS[name], measure, seed, samples) if graph.number_of_nodes() else None
    if scores and scores.note:
        settings.say(f"{measure}: {scores.note}")
    rows = ranked(scores) if scores else []
    rows = rows[:top] if top else rows
    table = Table(("node", "label", "value", "rank"), tuple((n, graph.nodes[n].get("label", ""), v, r) for n, v, r in rows))
    click.echo(render(table, fmt), nl=False)


@network.command()
@network_option
@format_option
@seed_option
@alpha_option
@pass_settings
@domain_errors
def communities(settings: Settings, name: str, fmt: str, seed: int, alpha: float) -> None:
    """Louvain communities and how they compare with the official partitions.

    Table and Markdown show the communities (size, members) and the comparison with the
    survey regions, CBS jeugdzorgregio's and provinces (modularity of each partition,
    adjusted Rand index, NMI); CSV gives node,label,community; JSON both tables.
    """
    import json

    from graph.network.analysis import find_communities
    from graph.network.networks import NETWORKS
    from graph.output import Table, render

    graph = _reader(settings, alpha).network(name)
    if graph.number_of_nodes() == 0:
        raise click.ClickException(f"network {name} is empty: the graph holds no such links")
    result = find_communities(graph, NETWORKS[name], seed)
    label = lambda n: graph.nodes[n].get("label", n)
    groups = Table(
        ("community", "size", "members"),
        tuple((i, len(g), "; ".join(sorted(map(label, g)))) for i, g in enumerate(result.groups, 1)),
    )
    comparisons = Table(
        ("partition", "groups", "partition_modularity", "community_modularity", "adjusted_rand", "nmi"),
        tuple((c.partition, c.groups, round(c.modularity, 4), round(result.modularity, 4), round(c.adjusted_rand, 4), round(c.nmi, 4)) for c in result.comparisons),
    )
    settings.say(f"{len(result.groups)} communities (Louvain, seed {seed}), modularity {result.modularity:.4f}")
    if fmt == "csv":
        members = sorted((n, label(n), c) for n, c in result.labels().items())
        click.echo(render(Table(("node", "label", "community"), tuple(members)), "csv"), nl=False)
    elif fmt == "json":
        click.echo(json.dumps({"communities": groups.records(), "comparisons": comparisons.records()}, ensure_ascii=False, indent=1))
    else:
        click.echo(render(groups, fmt))
        click.echo(render(comparisons, fmt) if comparisons.rows else "(no official partition to compare with)\n", nl=False)


@network.command()
@network_option
@click.option("--format", "fmt", type=RegistryChoice(export_formats), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write (CSV: the edges; the nodes go beside it).")
@seed_option
@pass_settings
@domain_errors
def export(settings: Settings, name: str, fmt: str, output: Path, seed: int) -> None:
    """Write a network for Gephi or Cytoscape, with labels, partitions, measures, communities."""
    from graph.network.exports import annotated
    from graph.network.exports import export as write

    for path in write(annotated(_reader(settings), name, seed), fmt, output):
        settings.say(f"wrote {path}")


@network.command()
@network_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Image file (.png, .svg or .pdf).")
@click.option("--size-by", type=RegistryChoice(measure_names), default="degree", show_default=True, help="Measure that sizes the nodes and picks the labelled ones.")
@click.option("--colour-by", type=RegistryChoice(colourings), default="community", show_default=True)
@click.option("--labels", type=click.IntRange(min=0), default=12, show_default=True, help="Label this many best nodes.")
@seed_option
@pass_settings
@domain_errors
def plot(settings: Settings, name: str, output: Path, size_by: str, colour_by: str, labels: int, seed: int) -> None:
    """Draw a network as a figure for a report."""
    from graph.network.plot import plot as draw

    draw(_reader(settings), name, output, size_by, colour_by, labels, seed)
    settings.say(f"wrote {output}")


@network.command()
@seed_option
@pass_settings
@domain_errors
def analyse(settings: Settings, seed: int) -> None:
    """Run every measure on every network and write the results into the store.

    Replaces all graphs under {base}graph/analysis/ in one atomic swap. `jeugdgraaf build`
    already does this as its last step; run it again after changing --seed.
    """
    from graph.namespaces import Iris
    from graph.network.writeback import analyse as run
    from graph.network.writeback import analysis_root
    from graph.output import Table, render
    from graph.store import metadata, open_store, replace_graphs

    path = ensure_store(settings)
    iris = Iris(metadata(path)["base"])
    store = open_store(path)
    result = run(store, iris, seed)
    del store
    replace_graphs(path, result.graphs, below=analysis_root(iris))
    rows = tuple(_summary(r) for r in result.results)
    click.echo(render(Table(("network", "measure", "nodes", "note"), rows), "table"), nl=False)
    settings.say(f"wrote {len(result.quads)} triples in {len(result.graphs)} named graphs into {path}")


def _summary(result) -> tuple[str, str, int, str]:
    """One line of the `network analyse` report."""
    from graph.network.analysis import Scores

    if isinstance(result, Scores):
        return (result.network, result.measure, len(result.values), result.note)
    note = f"{len(result.groups)} communities, modularity {result.modularity:.3f}"
    return (result.network, "community", len(result.labels()), note)
