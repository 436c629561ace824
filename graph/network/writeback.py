"""Analysis results → quads in named graphs, with their provenance (PROV-O).

Layout (``ontology/analysis.ttl`` defines the terms):

* ``{base}graph/analysis/<network>`` — the ``jg:Network``: what nodes and edges mean, how
  edges are weighted, node and edge counts, the named graphs it was read from;
* ``{base}graph/analysis/<network>/<measure>`` — one ``jg:Score`` per node
  (``jg:node``, ``jg:network``, ``jg:measure``, ``jg:value``, ``jg:rank``) and the
  ``jg:AnalysisRun`` (a ``prov:Activity``) with its parameters;
* ``{base}graph/analysis/<network>/community`` — the ``jg:Community`` nodes, the
  ``jg:PartitionComparison`` with each official partition, and their run.

Deterministic: IRIs are derived from names, values are rounded to 12 decimals (``xsd:decimal``),
no time is recorded, and the quads come out sorted — analysing the same graph twice gives
identical quads.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import networkx as nx
from pyoxigraph import Literal, NamedNode, Quad, Store

from graph.namespaces import Iris, term, vocab
from graph.network import SEED
from graph.network.analysis import CommunityResult, Scores, analyse_network, ranked
from graph.network.networks import NETWORKS, PARTITIONS, NetworkReader, NetworkSpec
from graph.triples import RDF_TYPE, Emitter, lit
from ontology import DEF

__all__ = ["Analysis", "analyse", "analysis_root", "measure_concept"]

MEASURE_SCHEME = DEF + "maat/"
DECIMAL = NamedNode("http://www.w3.org/2001/XMLSchema#decimal")

#: Run parameter → predicate of ``ontology/analysis.ttl``.
PARAMETERS = {
    "weight": "edgeWeight",
    "distance": "edgeDistance",
    "exact": "exact",
    "samples": "sampleSize",
    "seed": "seed",
    "alpha": "dampingFactor",
    "resolution": "resolution",
    "partition": "partition",
}

_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")


@dataclass(frozen=True)
class Analysis:
    """What an analysis produced: the results (for reports) and the quads by named graph."""

    results: tuple[Scores | CommunityResult, ...]
    graphs: dict[NamedNode, list[Quad]]

    @property
    def quads(self) -> list[Quad]:
        return [q for quads in self.graphs.values() for q in quads]


def measure_concept(key: str) -> NamedNode:
    """The ``jgm:`` concept of a measure key (``betweenness``, ``community`` …)."""
    return NamedNode(MEASURE_SCHEME + key)


def analysis_root(iris: Iris) -> NamedNode:
    """``{base}graph/analysis``: the graph of the software agent; every other analysis graph
    is below it (``{base}graph/analysis/…``), so a new analysis replaces them all."""
    return iris.node("graph", "analysis")


def analyse(store: Store, iris: Iris, seed: int = SEED) -> Analysis:
    """Derive every network from ``store``, run every measure, and make the quads."""
    reader = NetworkReader(store)
    results: list[Scores | CommunityResult] = []
    graphs: dict[NamedNode, list[Quad]] = {}
    agent = _agent(iris, graphs)
    for name, spec in NETWORKS.items():
        graph = reader.network(name)
        out = Emitter(iris, iris.node("graph", "analysis", name))
        _network(spec, graph, out)
        graphs[out.graph] = out.quads
        for result in analyse_network(reader, name, seed):
            results.append(result)
            key = result.measure if isinstance(result, Scores) else "community"
            out = Emitter(iris, iris.node("graph", "analysis", name, key))
            run = _run(name, key, result.parameters, getattr(result, "note", ""), agent, out)
            if isinstance(result, Scores):
                _scores(result, run, out)
            else:
                _communities(result, run, out)
            graphs[out.graph] = out.quads
    return Analysis(tuple(results), {g: sorted(set(q), key=str) for g, q in sorted(graphs.items(), key=lambda i: i[0].value)})


def _agent(iris: Iris, graphs: dict[NamedNode, list[Quad]]) -> NamedNode:
    """The software that computed the results, with the library versions (no time)."""
    out = Emitter(iris, analysis_root(iris))
    agent = iris.node("software", "jeugdgraaf")
    out.typed(agent, "prov:SoftwareAgent", f"jeugdgraaf {_version('jeugdgraaf')}")
    out.add(agent, "rdfs:comment", f"NetworkX {nx.__version__}, SciPy {_version('scipy')}, pyoxigraph {_version('pyoxigraph')}")
    graphs[out.graph] = out.quads
    return agent


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def _network(spec: NetworkSpec, graph: nx.Graph, out: Emitter) -> None:
    node = out.iris.node("analysis", spec.name)
    out.typed(node, "Network", spec.title, "en")
    out.add(node, RDF_TYPE, term("prov:Entity"))
    out.add(node, "dcterms:identifier", spec.name)
    out.add(node, vocab("nodeMeaning"), lit(spec.nodes, "en"))
    out.add(node, vocab("edgeMeaning"), lit(spec.edges, "en"))
    out.add(node, vocab("edgeWeighting"), lit(spec.weight, "en"))
    out.add(node, vocab("bipartite"), spec.bipartite)
    out.add(node, vocab("nodeCount"), graph.number_of_nodes())
    out.add(node, vocab("edgeCount"), graph.number_of_edges())
    for source in graph.graph.get("sources", []):
        out.add(node, "prov:wasDerivedFrom", NamedNode(source))


def _run(network: str, key: str, parameters: dict, note: str, agent: NamedNode, out: Emitter) -> NamedNode:
    """The ``jg:AnalysisRun`` of one measure on one network; the graph it generated."""
    run = out.iris.node("analysis", network, key)
    out.typed(run, "AnalysisRun", f"{key} on {network}", "en")
    out.add(run, RDF_TYPE, term("prov:Activity"))
    out.add(run, vocab("network"), out.iris.node("analysis", network))
    out.add(run, vocab("measure"), measure_concept(key))
    out.add(run, "prov:used", out.iris.node("analysis", network))
    out.add(run, "prov:wasAssociatedWith", agent)
    out.add(run, vocab("algorithm"), _algorithm(key))
    for name, value in sorted(parameters.items()):
        out.add(run, vocab(PARAMETERS[name]), NamedNode(value) if name == "partition" else _literal(value))
    if note:
        out.add(run, "rdfs:comment", lit(note, "en"))
    out.add(out.graph, RDF_TYPE, term("prov:Entity"))
    out.add(out.graph, "prov:wasGeneratedBy", run)
    return run


def _algorithm(key: str) -> str:
    if key == "community":
        return "graph.network.communities.communities"
    base = key.split("-")[0] if key.startswith(("participation", "brokerage")) else key.replace("-", "_")
    return f"graph.network.measures.{base}"


def _literal(value: str | float | bool) -> Literal:
    """Floats as ``xsd:decimal`` with 12 decimals, in Oxigraph's canonical form (``27``,
    ``0.5``): exact, so the quads read back from a store, or from a JSON-LD dump (which
    turns an ``xsd:double`` 27 into a JSON number and back into an integer), equal the ones
    made here."""
    if not isinstance(value, float):
        return lit(value)
    text = f"{value:.12f}".rstrip("0").rstrip(".")
    return Literal("0" if text in ("-0", "") else text, datatype=DECIMAL)


def _scores(scores: Scores, run: NamedNode, out: Emitter) -> None:
    """One ``jg:Score`` per node. Hot (58 000 quads for the real graph): terms made once,
    quads appended directly."""
    graph, prefix = out.graph, out.iris.node("analysis", scores.network, scores.measure).value
    fixed = [
        (RDF_TYPE, vocab("Score")),
        (vocab("network"), out.iris.node("analysis", scores.network)),
        (vocab("measure"), measure_concept(scores.measure)),
        (term("prov:wasGeneratedBy"), run),
    ]
    node_p, value_p, rank_p = vocab("node"), vocab("value"), vocab("rank")
    for node, value, rank in ranked(scores):
        score = NamedNode(prefix + "/" + _key(node, out.iris))
        out.quads.extend(Quad(score, p, o, graph) for p, o in fixed)
        out.quads.append(Quad(score, node_p, NamedNode(node), graph))
        out.quads.append(Quad(score, value_p, _literal(value), graph))
        out.quads.append(Quad(score, rank_p, lit(rank), graph))


def _communities(result: CommunityResult, run: NamedNode, out: Emitter) -> None:
    network = out.iris.node("analysis", result.network)
    out.add(run, vocab("communityCount"), len(result.groups))
    out.add(run, vocab("communityModularity"), _literal(result.modularity))
    for number, group in enumerate(result.groups, 1):
        node = out.iris.node("analysis", result.network, "community", str(number))
        out.typed(node, "Community", f"community {number} of {result.network}", "en")
        out.add(node, vocab("network"), network)
        out.add(node, vocab("communityNumber"), number)
        out.add(node, vocab("size"), len(group))
        out.add(node, "prov:wasGeneratedBy", run)
        for member in sorted(group):
            out.add(node, vocab("communityMember"), NamedNode(member))
    for c in result.comparisons:
        node = out.iris.node("analysis", result.network, "community", "vergelijking", c.partition.replace("_", "-"))
        out.typed(node, "PartitionComparison", f"communities of {result.network} vs {c.partition.replace('_', ' ')}", "en")
        out.add(node, vocab("network"), network)
        out.add(node, vocab("partition"), NamedNode(PARTITIONS[c.partition]))
        out.add(node, vocab("groupCount"), c.groups)
        out.add(node, vocab("communityCount"), len(result.groups))
        out.add(node, vocab("nodeCount"), c.nodes)
        out.add(node, vocab("partitionModularity"), _literal(c.modularity))
        out.add(node, vocab("communityModularity"), _literal(result.modularity))
        out.add(node, vocab("adjustedRandIndex"), _literal(c.adjusted_rand))
        out.add(node, vocab("normalisedMutualInformation"), _literal(c.nmi))
        out.add(node, "prov:wasGeneratedBy", run)


def _key(node: str, iris: Iris) -> str:
    """The node IRI's path under the base (``gemeente/GM0014``), else ``iri/`` + a hash of it."""
    if node.startswith(iris.base):
        path = node[len(iris.base) :]
        if all(_SEGMENT.match(s) for s in path.split("/")):
            return path
    return "iri/" + hashlib.sha1(node.encode()).hexdigest()[:16]
