"""Network analysis: measures on hand-computed graphs, networks derived by SPARQL from a tiny
hand-made graph and from the real one, write-back, exports, plot and CLI.

Expected values of the measures are worked out by hand in the comments; the facts about the
real graph come from the documents (line numbers cited) and the CBS tables.
"""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse

from graph.cli import cli
from graph.namespaces import Iris
from graph.network import SEED
from graph.network import communities as comm
from graph.network import measures as m
from graph.network.analysis import (
    MEASURES,
    find_communities,
    measure,
    ranked,
    sample_size,
)
from graph.network.networks import NETWORKS, NetworkReader
from graph.store import open_store, write_store

BASE = "https://w3id.org/jeugdgraaf/id/"


# --- measures, by hand ----------------------------------------------------------------------


def test_degree_and_weighted_degree():
    # star: the centre has three neighbours, each leaf one.
    assert m.degree(nx.star_graph(3)) == {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0}
    # path a-b-c with weights 2 and 5: b = 2 + 5.
    g = nx.Graph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 5})])
    assert m.weighted_degree(g) == {"a": 2.0, "b": 7.0, "c": 5.0}


def test_betweenness_path_of_four():
    # 0-1-2-3: node 1 lies on the paths 0-2 and 0-3, i.e. 2 of the 3 pairs of other nodes
    # ((n-1)(n-2)/2 = 3): 2/3; node 2 likewise; the ends lie on none.
    values = m.betweenness(nx.path_graph(4))
    assert values == pytest.approx({0: 0.0, 1: 2 / 3, 2: 2 / 3, 3: 0.0})


def test_betweenness_reads_the_distance():
    # a-b 1, b-c 1, a-c 3: the shortest a-c path (length 2) goes through b: b lies on the
    # one pair of other nodes, so 1; by hops a-c is direct and b lies on nothing.
    g = nx.Graph([("a", "b", {"d": 1}), ("b", "c", {"d": 1}), ("a", "c", {"d": 3})])
    assert m.betweenness(g, distance="d") == pytest.approx({"a": 0.0, "b": 1.0, "c": 0.0})
    assert m.betweenness(g) == pytest.approx({"a": 0.0, "b": 0.0, "c": 0.0})


def test_betweenness_counts_paths_of_equal_length_whatever_the_rounding():
    # The 5-cycle s-a-b-t-c-s with weights 1, 6, 6, 3, 1 and lengths 1/weight: the two
    # s-t paths are equally long (1 + 1/6 + 1/6 = 4/3 = 1 + 1/3), although in floating
    # point the first sums to 1.3333333333333335 and the second to 1.3333333333333333.
    # Pairs and the nodes between them: s-b via a (7/6 < 3/2); s-t both ways: a, b, c
    # half each; a-t via b; a-c via b and t (2/3 < 2); b-c via t; the other five pairs are
    # adjacent. Raw: a 1.5, b 2.5, t 2, c 0.5, s 0; normalised by 2/((n-1)(n-2)) = 1/6.
    g = nx.Graph()
    for u, v, w in [("s", "a", 1), ("a", "b", 6), ("b", "t", 6), ("t", "c", 3), ("c", "s", 1)]:
        g.add_edge(u, v, distance=1.0 / w)
    expected = {"s": 0.0, "a": 0.25, "b": 5 / 12, "t": 1 / 3, "c": 1 / 12}
    assert m.betweenness(g, distance="distance") == pytest.approx(expected, abs=1e-12)


def test_betweenness_is_exact_unless_samples_are_asked_for():
    assert sample_size(nx.path_graph(500), None) is None  # no size makes it sample
    assert sample_size(nx.path_graph(10), 0) is None  # 0 asks for exact
    assert sample_size(nx.path_graph(10), 4) == 4
    assert sample_size(nx.path_graph(10), 10) is None  # all sources: exact
    # k at least n is exact, so it equals the exact values.
    assert m.betweenness(nx.path_graph(4), k=4) == m.betweenness(nx.path_graph(4))


def test_sampled_betweenness_is_reported_and_reproducible():
    spec = NETWORKS["municipality"]
    g = nx.barabasi_albert_graph(120, 2, seed=1)
    nx.set_edge_attributes(g, 1, "weight")
    nx.set_edge_attributes(g, 1.0, "distance")
    exact = measure(g, spec, "betweenness")
    assert exact.parameters == {"distance": "distance", "exact": True}
    assert exact.note == "exact (all 120 source nodes)"
    first, second = measure(g, spec, "betweenness", seed=7, k=30), measure(g, spec, "betweenness", seed=7, k=30)
    assert first.values == second.values != exact.values
    assert first.parameters == {"distance": "distance", "exact": False, "samples": 30, "seed": 7}
    assert first.note.startswith("sampled as asked: 30 of 120 source nodes, seed 7")


def test_closeness_path_and_disconnected():
    # path 0-1-2-3: node 0 has distances 1+2+3 = 6 to the 3 others: 3/6; node 1: 1+1+2 = 4: 3/4.
    assert m.closeness(nx.path_graph(4)) == pytest.approx({0: 0.5, 1: 0.75, 2: 0.75, 3: 0.5})
    # a-b plus isolated c (n = 3): a reaches r = 2 nodes (itself included) at distance 1:
    # (r-1)/1 * (r-1)/(n-1) = 1 * 1/2; c reaches nothing: 0.
    g = nx.Graph([("a", "b")])
    g.add_node("c")
    assert m.closeness(g) == pytest.approx({"a": 0.5, "b": 0.5, "c": 0.0})
    assert m.closeness(g) == pytest.approx(nx.closeness_centrality(g))


def test_closeness_weighted():
    # a -2- b -1- c: a: 2 + 3 = 5 → 2/5; b: 2 + 1 = 3 → 2/3; c: 1 + 3 = 4 → 2/4.
    g = nx.Graph([("a", "b", {"d": 2.0}), ("b", "c", {"d": 1.0})])
    assert m.closeness(g, distance="d") == pytest.approx({"a": 0.4, "b": 2 / 3, "c": 0.5})


def test_eigenvector_on_a_star():
    # K1,3 (bipartite, where plain power iteration oscillates): λ² = 3, x_centre = √3·x_leaf,
    # norm 1 → x_leaf = 1/√6 ≈ 0.4082, x_centre = 1/√2 ≈ 0.7071.
    values = m.eigenvector(nx.star_graph(3))
    assert values == pytest.approx({0: 1 / math.sqrt(2), 1: 1 / math.sqrt(6), 2: 1 / math.sqrt(6), 3: 1 / math.sqrt(6)}, abs=1e-8)


def test_pagerank_path_of_three():
    # p0 = 0.05 + 0.85·p1/2, p1 = 0.05 + 0.85·2·p0 (teleport (1-0.85)/3 = 0.05):
    # p0 = 0.07125 / 0.2775 = 0.256757, p1 = 0.05 + 1.7·p0 = 0.486486.
    values = m.pagerank(nx.path_graph(3))
    assert values == pytest.approx({0: 0.256757, 1: 0.486486, 2: 0.256757}, abs=1e-6)


def test_participation_coefficient():
    # a's three ties: two to group 1, one to group 2: 1 - (2/3)² - (1/3)² = 4/9.
    g = nx.Graph([("a", "b"), ("a", "c"), ("a", "d")])
    groups = {"a": 1, "b": 1, "c": 1, "d": 2}
    values = m.participation(g, groups, weight=None)
    assert values["a"] == pytest.approx(4 / 9)
    assert values["b"] == 0.0
    # weighted: a-b 3 (group 1), a-c 1 (group 2): 1 - (3/4)² - (1/4)² = 6/16.
    w = nx.Graph([("a", "b", {"weight": 3}), ("a", "c", {"weight": 1})])
    assert m.participation(w, {"b": 1, "c": 2})["a"] == pytest.approx(0.375)
    lonely = nx.Graph()
    lonely.add_node("x")
    assert m.participation(lonely, {}) == {"x": 0.0}


def test_empty_network_is_refused():
    with pytest.raises(m.EmptyNetwork):
        m.degree(nx.Graph())


def test_ranks_share_ties():
    from graph.network.analysis import Scores

    scores = Scores("n", "degree", {"a": 2.0, "b": 1.0, "c": 2.0, "d": 0.0})
    assert ranked(scores) == [("a", 2.0, 1), ("c", 2.0, 1), ("b", 1.0, 3), ("d", 0.0, 4)]


# --- communities and partition comparison --------------------------------------------------------


def test_louvain_finds_two_triangles_with_a_fixed_seed():
    g = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    assert comm.communities(g, seed=1) == comm.communities(g, seed=1) == [frozenset({0, 1, 2}), frozenset({3, 4, 5})]


def test_modularity_by_hand():
    # two separate edges, m = 2, each its own group: per group 1/2 of the edges inside,
    # expected (2/4)² = 1/4: Q = 2 · (1/2 - 1/4) = 0.5. All in one group: 1 - 1 = 0.
    g = nx.Graph([(0, 1), (2, 3)])
    assert comm.modularity(g, {0: "a", 1: "a", 2: "b", 3: "b"}) == pytest.approx(0.5)
    assert comm.modularity(g, {0: "a", 1: "a", 2: "a", 3: "a"}) == pytest.approx(0.0)


def test_adjusted_rand_index_by_hand():
    a = {1: "x", 2: "x", 3: "y", 4: "y"}
    assert comm.adjusted_rand_index(a, {1: 5, 2: 5, 3: 6, 4: 6}) == pytest.approx(1.0)
    # contingency (x,p)=2, (y,p)=1, (y,q)=1: index = C(2,2) = 1; rows C(2,2)+C(2,2) = 2;
    # columns C(3,2) = 3; expected 2·3/C(4,2) = 1; max (2+3)/2 = 2.5 → (1-1)/(2.5-1) = 0.
    assert comm.adjusted_rand_index(a, {1: "p", 2: "p", 3: "p", 4: "q"}) == pytest.approx(0.0)
    # {1,2},{3,4} vs {1,3},{2,4}: index 0, expected 2·2/6 = 2/3, max 2 → -(2/3)/(4/3) = -0.5.
    assert comm.adjusted_rand_index(a, {1: 0, 2: 1, 3: 0, 4: 1}) == pytest.approx(-0.5)


def test_normalised_mutual_information_by_hand():
    a = {1: "x", 2: "x", 3: "y", 4: "y"}
    assert comm.normalised_mutual_information(a, {1: 0, 2: 0, 3: 1, 4: 1}) == pytest.approx(1.0)
    assert comm.normalised_mutual_information(a, {1: 0, 2: 1, 3: 0, 4: 1}) == pytest.approx(0.0)
    # H(a) = ln 2 = 0.693147; H(b) = -(3/4 ln 3/4 + 1/4 ln 1/4) = 0.562335;
    # I = 1/2 ln(4/3) + 1/4 ln(2/3) + 1/4 ln 2 = 0.143841 - 0.101366 + 0.173287 = 0.215762;
    # NMI = 2 · 0.215762 / 1.255482 = 0.343711.
    b = {1: "p", 2: "p", 3: "p", 4: "q"}
    assert comm.normalised_mutual_information(a, b) == pytest.approx(0.343711, abs=1e-6)


# --- networks derived by SPARQL from a tiny hand-made graph --------------------------------------

TINY = """
@prefix jg: <https://w3id.org/jeugdgraaf/def#> .
@prefix jgr: <https://w3id.org/jeugdgraaf/def/regeling/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/jeugdgraaf/id/> .

# B merged into A by 2017; C and D unchanged. Province P1 (A; B is in it through A), P2 (C, D).
<gemeente/GM0001> a jg:Municipality ; rdfs:label "A" ; jg:cbsCode "GM0001" ; jg:classificationYear "2013"^^xsd:gYear ;
    jg:province <provincie/P1> ; jg:successorIn2017 <gemeente/GM0001> .
<gemeente/GM0002> a jg:Municipality ; rdfs:label "B" ; jg:cbsCode "GM0002" ; jg:classificationYear "2013"^^xsd:gYear ;
    jg:province <provincie/P1> ; jg:successorIn2017 <gemeente/GM0001> .
<gemeente/GM0003> a jg:Municipality ; rdfs:label "C" ; jg:cbsCode "GM0003" ; jg:classificationYear "2013"^^xsd:gYear ;
    jg:province <provincie/P2> ; jg:successorIn2017 <gemeente/GM0003> .
<gemeente/GM0004> a jg:Municipality ; rdfs:label "D" ; jg:cbsCode "GM0004" ; jg:classificationYear "2013"^^xsd:gYear ;
    jg:province <provincie/P2> ; jg:successorIn2017 <gemeente/GM0004> .
<provincie/P1> a jg:OfficialDivision , jg:Arrangement ; rdfs:label "P1" ; jg:arrangementType jgr:provincie ; org:hasMember <gemeente/GM0001> .
<provincie/P2> a jg:OfficialDivision , jg:Arrangement ; rdfs:label "P2" ; jg:arrangementType jgr:provincie ; org:hasMember <gemeente/GM0003> , <gemeente/GM0004> .

<regio-2013/1> a jg:SurveyRegion , jg:Arrangement ; rdfs:label "R1" ; org:hasMember <gemeente/GM0001> , <gemeente/GM0002> .
<regio-2013/2> a jg:SurveyRegion , jg:Arrangement ; rdfs:label "R2" ; org:hasMember <gemeente/GM0003> , <gemeente/GM0004> .
# CBS 2017 divisions: members are 2017 municipalities (A stands for A and B).
<jeugdzorgregio/J1> a jg:OfficialDivision , jg:Arrangement ; rdfs:label "J1" ; jg:arrangementType jgr:jeugdzorgregio ; org:hasMember <gemeente/GM0001> .
<jeugdzorgregio/J2> a jg:OfficialDivision , jg:Arrangement ; rdfs:label "J2" ; jg:arrangementType jgr:jeugdzorgregio ; org:hasMember <gemeente/GM0003> , <gemeente/GM0004> .
# X is read from a document of 2016 (after the merger): its "A" stands for A and B.
<x> a jg:Arrangement ; rdfs:label "X" ; org:hasMember <gemeente/GM0001> .
<x/lid/GM0001> a org:Membership ; org:organization <x> ; org:member <gemeente/GM0001> ; prov:wasDerivedFrom <document/late#line=0,1> .
<document/late#line=0,1> jg:document <document/late> .
<document/late> dcterms:issued "2016" .
# Y is read from a document of 2013: its A is only A.
<y> a jg:Arrangement ; rdfs:label "Y" ; org:hasMember <gemeente/GM0001> .
<y/lid/GM0001> a org:Membership ; org:organization <y> ; org:member <gemeente/GM0001> ; prov:wasDerivedFrom <document/early#line=0,1> .
<document/early#line=0,1> jg:document <document/early> .
<document/early> dcterms:issued "2013-06-20" .

# partners and financiers; O3 is a generic category and stays out.
<organisatie/o1> a org:Organization ; rdfs:label "O1" .
<organisatie/o2> a org:Organization ; rdfs:label "O2" .
<organisatie/o3> a org:Organization ; rdfs:label "O3" ; jg:generic true .
<organisatie/o4> a org:Organization ; rdfs:label "O4" .
<regio-2013/1> jg:worksWith <organisatie/o1> , <organisatie/o2> , <organisatie/o3> .
<regio-2013/2> jg:worksWith <organisatie/o2> , <organisatie/o3> .
<regio-2013/2/financier/zorgkantoor> a jg:FinancierContact ; jg:region <regio-2013/2> ; jg:financier <organisatie/o4> .
"""


#: R1 and R2 cooperate above the region in S (only in the `tiny` reader, not the CLI store).
SUPRA = """
@prefix jg: <https://w3id.org/jeugdgraaf/def#> .
@prefix jgr: <https://w3id.org/jeugdgraaf/def/regeling/> .
@prefix org: <http://www.w3.org/ns/org#> .
@base <https://w3id.org/jeugdgraaf/id/> .
<s> a jg:Arrangement ; jg:arrangementType jgr:bovenregionaal-verband .
<regio-2013/1> org:subOrganizationOf <s> .
<regio-2013/2> org:subOrganizationOf <s> .
"""


def tiny_quads(text: str = TINY) -> list[Quad]:
    graph = NamedNode(BASE + "graph/tiny")
    return [Quad(t.subject, t.predicate, t.object, graph) for t in parse(text, RdfFormat.TURTLE)]


@pytest.fixture(scope="module")
def tiny() -> NetworkReader:
    store = Store()
    store.bulk_extend(tiny_quads() + tiny_quads(SUPRA))
    return NetworkReader(store)


def iri(path: str) -> str:
    return BASE + path


def test_tiny_bipartite_maps_later_memberships_to_2013(tiny):
    g = tiny.network("municipality-arrangement")
    neighbours = {g.nodes[n]["label"]: sorted(g.nodes[a]["label"] for a in g[n]) for n, k in g.nodes(data="kind") if k == "municipality"}
    assert neighbours == {
        "A": ["J1", "R1", "X", "Y"],
        "B": ["J1", "R1", "X"],  # J1 and X through its successor A; Y is of 2013
        "C": ["J2", "R2"],
        "D": ["J2", "R2"],
    }
    assert iri("provincie/P1") not in g  # provinces are partitions, not arrangements
    assert g.graph["sources"] == [iri("graph/tiny")]


def test_tiny_projection_weights(tiny):
    g = tiny.network("municipality")
    # A and B share R1, J1 and X; C and D share R2 and J2.
    assert g[iri("gemeente/GM0001")][iri("gemeente/GM0002")] == {"weight": 3, "distance": pytest.approx(1 / 3)}
    assert g[iri("gemeente/GM0003")][iri("gemeente/GM0004")]["weight"] == 2
    assert g.number_of_edges() == 2
    assert g.nodes[iri("gemeente/GM0002")]["survey_region"] == iri("regio-2013/1")
    assert g.nodes[iri("gemeente/GM0002")]["jeugdzorgregio"] == iri("jeugdzorgregio/J1")
    assert g.nodes[iri("gemeente/GM0002")]["province"] == iri("provincie/P1")


def test_tiny_regions_and_organisations(tiny):
    g = tiny.network("region-organisation")
    assert sorted((g.nodes[u]["label"], g.nodes[v]["label"]) for u, v in g.edges if g.nodes[u]["kind"] == "region") + sorted(
        (g.nodes[v]["label"], g.nodes[u]["label"]) for u, v in g.edges if g.nodes[u]["kind"] != "region"
    ) == sorted([("R1", "O1"), ("R1", "O2"), ("R2", "O2"), ("R2", "O4")])
    assert iri("organisatie/o3") not in g
    regions = tiny.network("region")
    assert list(regions.edges(data="weight")) == [(iri("regio-2013/1"), iri("regio-2013/2"), 1)]  # O2
    organisations = tiny.network("organisation")
    assert sorted(tuple(sorted((organisations.nodes[u]["label"], organisations.nodes[v]["label"]))) for u, v in organisations.edges) == [
        ("O1", "O2"),
        ("O2", "O4"),
    ]


def test_tiny_region_cooperation(tiny):
    g = tiny.network("region-cooperation")
    assert list(g.edges(data="weight")) == [(iri("regio-2013/1"), iri("regio-2013/2"), 1)]  # both parts of S
    assert g.nodes[iri("regio-2013/1")]["province"] == iri("provincie/P1")


def test_writeback_is_deterministic_and_conforms(tiny):
    from graph.network.writeback import analyse

    first, second = analyse(tiny.store, Iris()), analyse(tiny.store, Iris())
    assert first.quads == second.quads
    score = first.graphs[NamedNode(iri("graph/analysis/municipality/degree"))]
    assert any(q.subject == NamedNode(iri("analysis/municipality/degree/gemeente/GM0001")) for q in score)
    conforms, text = _analysis_shapes(first.quads + _ontology_quads())
    assert conforms, text


def _analysis_shapes(quads: list[Quad]) -> tuple[bool, str]:
    """Validate against ontology/shapes-analysis.ttl only (the tiny graph breaks the others)."""
    import pyshacl
    import rdflib

    from ontology import HERE

    data = rdflib.Graph().parse(data="\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads), format="nt")
    shapes = rdflib.Graph().parse(HERE / "shapes-analysis.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return bool(conforms), text


def _ontology_quads() -> list[Quad]:
    from graph.build import ontology_quads

    return ontology_quads(Iris())


# --- CLI on a store of the tiny graph ---------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tiny") / "store"
    info = {"base": BASE, "built": "2026-01-01T00:00:00+00:00", "origin": "the tiny test graph", "triples": {}}
    write_store(path, tiny_quads() + _ontology_quads(), info)
    return path


def run(store: Path, *args: str):
    result = CliRunner().invoke(cli, ["--store", str(store), "-q", "network", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_list_says_empty(tiny_store):
    out = run(tiny_store, "list", "--format", "csv")
    rows = {r["network"]: r for r in csv.DictReader(out.splitlines())}
    assert rows["region-cooperation"]["size"] == "empty: the graph holds no such links"
    assert rows["municipality"]["size"] == "4 nodes, 2 edges"


def test_cli_centrality_csv_columns(tiny_store):
    out = run(tiny_store, "centrality", "--network", "municipality-arrangement", "--measure", "degree", "--format", "csv", "--top", "2")
    lines = out.splitlines()
    assert lines[0] == "node,label,value,rank"
    assert lines[1] == f"{iri('gemeente/GM0001')},A,4.0,1"  # A is in J1, R1, X, Y


def test_cli_rejects_a_measure_that_does_not_apply(tiny_store):
    result = CliRunner().invoke(cli, ["--store", str(tiny_store), "network", "centrality", "--network", "organisation", "--measure", "participation-province"])
    assert result.exit_code == 1
    assert "does not apply" in result.output


def test_cli_analyse_replaces_the_analysis_graphs(tiny_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(tiny_store, copy)
    run(copy, "analyse")
    first = sorted(map(str, open_store(copy).quads_for_pattern(None, None, None, None)))
    run(copy, "analyse")
    second = sorted(map(str, open_store(copy).quads_for_pattern(None, None, None, None)))
    assert first == second
    assert any("graph/analysis/municipality/pagerank" in q for q in first)
    tiny_graph = NamedNode(iri("graph/tiny"))
    assert len(list(open_store(copy).quads_for_pattern(None, None, None, tiny_graph))) == len(tiny_quads())


def test_cli_choices_come_from_the_registries():
    from graph.cli.network import centrality

    options = {p.name: p for p in centrality.params}
    assert options["name"].type.choices == tuple(NETWORKS)
    assert options["measure"].type.choices == tuple(MEASURES)
    assert options["seed"].default == SEED
    from graph.cli.network import BACKBONE_ALPHA
    from graph.network.networks import BACKBONE_ALPHA as ALPHA

    assert options["alpha"].default == BACKBONE_ALPHA == ALPHA


# --- the real graph -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(store) -> NetworkReader:
    return NetworkReader(store)


def test_real_municipality_network_has_the_408_of_2013(real):
    # ../shared/data/reference/README.md §1: 408 municipalities on 1 January 2013.
    g = real.network("municipality")
    assert g.number_of_nodes() == 408
    assert all(k == "municipality" for _, k in g.nodes(data="kind"))


def test_real_arrangements_of_graft_de_rijp(real):
    # Graft-De Rijp (GM0365) merged into Alkmaar (GM0361) on 1 January 2015 (RvIG table):
    # - survey region 19 Regio Noord Kennemerland (000 lines 3401-3404);
    # - Regio Alkmaar and Noord-Holland Noord of the 2016 agenda, which names Alkmaar
    #   (003 lines 1686-1687, 640);
    # - the CBS 2017 divisions of Alkmaar (83553NED data row GM0361): AM15, GG2707, JZ06,
    #   RE04, VR10, ZK18 (its province PV27 is not an arrangement here).
    g = real.network("municipality-arrangement")
    found = {a.removeprefix(BASE) for a in g[iri("gemeente/GM0365")]}
    cbs = {"arbeidsmarktregio/AM15", "ggd-regio/GG2707", "jeugdzorgregio/JZ06", "regionale-eenheid/RE04", "veiligheidsregio/VR10", "zorgkantoorregio/ZK18"}
    assert cbs | {"regio-2013/19"} <= found
    labels = {g.nodes[iri(a)]["label"] for a in found - cbs - {"regio-2013/19"}}
    assert labels == {"Regio Alkmaar", "Noord-Holland Noord"}


def test_real_partner_named_by_a_known_region(real):
    # 000 lines 3200 and 3293-3295: Regio Utrecht West (18) invites Bureau Jeugdzorg Utrecht;
    # no other unit names it.
    g = real.network("region-organisation")
    assert set(g[iri("organisatie/bureau-jeugdzorg-utrecht")]) == {iri("regio-2013/18")}


def test_real_region_cooperation(real):
    # 003 lines 683-693: the three sub-regions of Noord-Holland Noord cooperate above the
    # region; 002 lines 688-698, 808: the six Utrecht regions in the province-wide cooperation.
    g = real.network("region-cooperation")
    label = {n: g.nodes[n]["label"] for n in g}
    nhn = {n for n in g if label[n] in ("Regio Alkmaar", "Kop van Noord-Holland", "West-Friesland")}
    assert len(nhn) == 3 and g.subgraph(nhn).number_of_edges() == 3
    utrecht = set(nx.node_connected_component(g, next(n for n in g if label[n] == "Lekstroom")))
    assert len(utrecht) == 6 and g.subgraph(utrecht).number_of_edges() == 15


def test_real_communities_compared_with_the_official_partitions(real):
    g = real.network("municipality")
    result = find_communities(g, NETWORKS["municipality"])
    assert {c.partition for c in result.comparisons} == {"survey_region", "jeugdzorgregio", "province"}
    for c in result.comparisons:
        assert -1 <= c.adjusted_rand <= 1 and 0 <= c.nmi <= 1 and c.nodes == 408
    # the survey regions of 2013 (000): 42 answering units with members.
    assert next(c for c in result.comparisons if c.partition == "survey_region").groups == 42


def test_real_store_holds_deterministic_scores(built_store, store):
    from graph.network.writeback import analyse, analysis_root

    iris = Iris()
    again = analyse(store, iris)
    stored = {g: sorted(store.quads_for_pattern(None, None, None, g), key=str) for g in again.graphs}
    assert stored == again.graphs  # the build's analysis and this one are the same quads
    assert analysis_root(iris) in again.graphs


def test_real_canned_queries(store):
    from graph.run import select
    from queries.catalog import get

    top = select(store, get("network-top-bridging-municipalities").sparql).records()
    assert 10 <= len(top) and [r["rank"] for r in top] == sorted(r["rank"] for r in top)
    assert all(0 <= r["participation"] < 1 for r in top)
    comparisons = select(store, get("network-communities-vs-regions").sparql).records()
    assert {r["network"] for r in comparisons} >= {"municipality"}


# --- exports and plot -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_exports_read_back(real, tmp_path, fmt):
    from graph.network.exports import annotated, export, nodes_path

    g = annotated(real, "region")
    path = tmp_path / f"region.{fmt}"
    export(g, fmt, path)
    if fmt == "csv":
        with path.open(encoding="utf-8") as fh:
            back = nx.parse_edgelist((f"{r['source']} {r['target']} {r['weight']}" for r in csv.DictReader(fh)), data=[("weight", int)])
        with nodes_path(path).open(encoding="utf-8") as fh:
            labels = {r["node"]: r["label"] for r in csv.DictReader(fh)}
        assert len(labels) == g.number_of_nodes()
    else:
        back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        node = next(iter(g))
        assert back.nodes[node]["label"] == g.nodes[node]["label"]
        assert back.nodes[node]["community"] == g.nodes[node]["community"]
        assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()


def test_plot_is_a_non_empty_png(real, tmp_path):
    from graph.network.plot import plot

    path = tmp_path / "region.png"
    plot(real, "region-organisation", path, colour_by="kind", labels=5)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    import matplotlib.image

    image = matplotlib.image.imread(path)
    assert image.shape[0] > 500 and image.shape[1] > 500
    assert (image[..., :3] < 0.9).any()  # something was drawn on the white page


# --- coreness, brokerage, constraint, backbone, chosen networks --------------------------------


def test_coreness_exact_fit_on_a_weighted_triangle():
    # Borgatti & Everett's continuous model a_ij = c_i c_j fits exactly when the weights are
    # products: c1 c2 = 2, c1 c3 = 3, c2 c3 = 6 give c1² = 2·3/6 = 1, so c = (1, 2, 3).
    g = nx.Graph([("a", "b", {"weight": 2}), ("a", "c", {"weight": 3}), ("b", "c", {"weight": 6})])
    assert m.coreness(g) == pytest.approx({"a": 1.0, "b": 2.0, "c": 3.0}, abs=1e-5)
    # a triangle and an isolated node: c = 1 on the triangle (all products 1), 0 outside.
    k3 = nx.complete_graph(3)
    k3.add_node(3)
    assert m.coreness(k3, weight=None) == pytest.approx({0: 1.0, 1: 1.0, 2: 1.0, 3: 0.0}, abs=1e-5)


def test_coreness_core_of_two_with_two_peripheral_nodes():
    # core x, y joined; both tied to peripheral p, q (p, q not tied). By symmetry core = x,
    # periphery = y: f = 2[(1-x²)² + 4(1-xy)² + y⁴]; ∂f/∂x = 0: x(1-x²) + 2y(1-xy) = 0;
    # ∂f/∂y = 0: 2x(1-xy) = y³. The fitted values must satisfy both, with x > y.
    g = nx.Graph([("x", "y"), ("x", "p"), ("x", "q"), ("y", "p"), ("y", "q")])
    c = m.coreness(g, weight=None)
    x, y = c["x"], c["p"]
    assert c["y"] == pytest.approx(x, abs=1e-5) and c["q"] == pytest.approx(y, abs=1e-5)
    assert x * (1 - x * x) + 2 * y * (1 - x * y) == pytest.approx(0, abs=1e-5)
    assert 2 * x * (1 - x * y) == pytest.approx(y**3, abs=1e-5)
    assert x > y > 0


def test_brokerage_roles_by_hand():
    # v (group A) has neighbours p, q, u (A), r, s (B), t (C); only p-q are tied.
    # 15 pairs - 1 tied = 14 open two-paths through v: coordinator u-p, u-q (2);
    # itinerant r-s (1); liaison r-t, s-t (2); gatekeeper/representative the 9 pairs of an
    # A neighbour with a B or C one. p has neighbours v, q, which are not tied: v-p-q is
    # an open two-path with all three in A: one coordinator role for p (and for q).
    g = nx.Graph([("v", n) for n in "pqurst"] + [("p", "q")])
    groups = {"v": "A", "p": "A", "q": "A", "u": "A", "r": "B", "s": "B", "t": "C"}
    roles = {role: m.brokerage(g, groups, role) for role in m.BROKERAGE_ROLES}
    assert {role: values["v"] for role, values in roles.items()} == {
        "coordinator": 2.0, "itinerant": 1.0, "gatekeeper-representative": 9.0, "liaison": 2.0,
    }
    assert roles["coordinator"]["p"] == 0.0  # p's neighbours v and q are tied: no open path
    assert sum(values["r"] for values in roles.values()) == 0.0  # one neighbour
    with pytest.raises(ValueError):
        m.brokerage(g, groups, "broker")


def test_constraint_by_hand_and_as_networkx():
    # star with three leaves: centre p = 1/3 to each, no indirect: 3 · (1/3)² = 1/3; a leaf
    # has one contact: 1. Triangle: p = 1/2, indirect 1/2 · 1/2 = 1/4: 2 · (3/4)² = 1.125.
    assert m.constraint(nx.star_graph(3)) == pytest.approx({0: 1 / 3, 1: 1.0, 2: 1.0, 3: 1.0})
    assert m.constraint(nx.complete_graph(3)) == pytest.approx({0: 1.125, 1: 1.125, 2: 1.125})
    g = nx.gnm_random_graph(25, 60, seed=3)
    for i, (u, v) in enumerate(g.edges):
        g[u][v]["weight"] = 1 + i % 4
    g.add_node("lonely")
    expected = {n: c for n, c in nx.constraint(g, weight="weight").items() if n != "lonely"}
    assert m.constraint(g) == pytest.approx(expected)


def test_disparity_filter_by_hand():
    from graph.network.backbone import disparity, disparity_filter

    # hub h with strength 10 over k = 3 edges (8, 1, 1): α = (1 - 8/10)² = 0.04 and
    # (1 - 1/10)² = 0.81; the leaves have degree 1 and do not test.
    g = nx.Graph([("h", "a", {"weight": 8}), ("h", "b", {"weight": 1}), ("h", "c", {"weight": 1})])
    assert disparity(g) == pytest.approx({("h", "a"): 0.04, ("h", "b"): 0.81, ("h", "c"): 0.81})
    kept = disparity_filter(g, 0.05)
    assert sorted(kept.edges) == [("h", "a")] and set(kept) == set(g)
    assert sorted(disparity_filter(g, 0.9).edges) == [("h", "a"), ("h", "b"), ("h", "c")]


def test_tiny_chosen_network_keeps_divisions_as_attributes(tiny):
    g = tiny.network("municipality-chosen")
    # chosen: R1 (A, B), R2 (C, D), X (2016: A and B through A), Y (2013: A only).
    assert g[iri("gemeente/GM0001")][iri("gemeente/GM0002")]["weight"] == 2  # R1, X
    assert g[iri("gemeente/GM0003")][iri("gemeente/GM0004")]["weight"] == 1  # R2
    assert g.nodes[iri("gemeente/GM0002")]["jeugdzorgregio"] == iri("jeugdzorgregio/J1")
    early = tiny.network("municipality-chosen-2013")
    assert early[iri("gemeente/GM0001")][iri("gemeente/GM0002")]["weight"] == 1  # X is of 2016


def test_real_chosen_network_and_backbone(real):
    chosen = real.network("municipality-chosen")
    assert chosen.number_of_nodes() == 408
    # Graft-De Rijp: CBS divisions of its successor Alkmaar (83553NED row GM0361) are attributes.
    node = chosen.nodes[iri("gemeente/GM0365")]
    assert node["ggd_regio"] == iri("ggd-regio/GG2707") and node["veiligheidsregio"] == iri("veiligheidsregio/VR10")
    backbone = real.network("municipality-backbone")
    full = real.network("municipality")
    assert set(backbone) == set(full) and set(backbone.edges) <= set(full.edges) and backbone.number_of_edges() < full.number_of_edges()
