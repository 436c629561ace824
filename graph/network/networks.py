"""The cooperation networks, derived from the RDF graph by SPARQL.

Every network is read from the store with the SPARQL below, never from loader records, so
it sees exactly what a user of the graph sees, whichever document or helper put the facts
there. Node identifiers are the resources' IRIs; node attributes carry the label, the kind
of node and the official partitions the node falls in (survey region, CBS jeugdzorgregio,
province), which the bridging measure and the community comparison use.

The networks (``jeugdgraaf network list``; the same text is in :data:`NETWORKS`):

``municipality-arrangement``
    Bipartite. Nodes: the 408 municipalities of 1 January 2013 and every ``jg:Arrangement``
    that has a municipality as ``org:hasMember``: survey regions and sub-regions (2013),
    the arrangements of the Rotterdam, Utrecht and Alkmaar documents, and the CBS 2017
    divisions except the provinces. An edge: the municipality is a member. Unweighted.
``municipality``
    The municipality projection: two municipalities are linked when they share an
    arrangement; the weight is the number of arrangements they share.
``region-organisation``
    Bipartite. Nodes: regions (survey regions, or any arrangement stating partners) and the
    organisations they name as partners (``jg:worksWith``) or financiers (``jg:financier``
    of a ``jg:FinancierContact``). An edge: the region names the organisation. Weight: the
    number of distinct ways it does so (partner, financier). Generic organisations —
    categories such as 'Jeugdzorgaanbieders' that the survey question itself lists — are left
    out: they name no organisation, and as hubs named by nearly every region they would
    tie all regions together.
``region`` / ``organisation``
    The two projections of ``region-organisation``: regions linked by the organisations they
    share, organisations linked by the regions that name both; weight = shared neighbours.
``region-cooperation``
    Regions linked to the regions they say they cooperate with above the region: both parts
    (or members) of one supra-regional arrangement (``jgr:bovenregionaal-verband``: Noord-
    Holland Noord of the Alkmaar agenda, the province-wide Utrecht cooperation), or a direct
    statement between two survey regions. Empty when the graph holds no such link.

Why 2013 municipalities, and how the later arrangements join them: the survey, the core
source, names 2013 municipalities, while CBS places the municipalities of 2017 in its
divisions. Each 2013 municipality is put in the divisions of its 2017 successor
(``jg:successorIn2017``), so merged municipalities keep their own node and the node set
stays the 408 of 2013. The same holds for a membership read from a document issued in
2015 or later (:data:`MERGED_FROM`, after the 2015 mergers: the Alkmaar agenda of 2016
says "Alkmaar" for the Alkmaar that absorbed Graft-De Rijp and Schermer), and for a member
that is not a 2013 municipality at all. Provinces are left out of the arrangement network:
a province is not a cooperation municipalities enter, and it serves as one of the official
partitions the communities are compared with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

import networkx as nx
from networkx.algorithms import bipartite
from pyoxigraph import Store

from graph.errors import GraphError
from ontology import PREFIXES

__all__ = ["BACKBONE_ALPHA", "CHOSEN_UNTIL", "NETWORKS", "PARTITIONS", "NetworkReader", "NetworkSpec", "UnknownNetwork"]

_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

#: Municipalities of 2013 with their label, code and the official partitions they fall in.
MUNICIPALITIES = _PREFIXES + """
SELECT ?node ?label ?code ?inhabitants ?province ?province_label
       ?survey_region ?survey_region_label ?jeugdzorgregio ?jeugdzorgregio_label
WHERE {
  ?node a jg:Municipality ; jg:classificationYear "2013"^^xsd:gYear ;
        rdfs:label ?label ; jg:cbsCode ?code .
  OPTIONAL { ?node jg:inhabitants ?inhabitants }
  OPTIONAL { ?node jg:province ?province . ?province rdfs:label ?province_label }
  OPTIONAL { ?survey_region a jg:SurveyRegion ; org:hasMember ?node ; rdfs:label ?survey_region_label }
  OPTIONAL {
    ?node jg:successorIn2017 ?successor .
    ?jeugdzorgregio jg:arrangementType jgr:jeugdzorgregio ; org:hasMember ?successor ;
                    rdfs:label ?jeugdzorgregio_label .
  }
}
"""

#: Every arrangement – municipality membership, with the named graph stating it.
MEMBERSHIPS = _PREFIXES + """
SELECT ?arrangement ?member ?source
WHERE {
  GRAPH ?source { ?arrangement org:hasMember ?member }
  ?member a jg:Municipality .
}
"""

#: The official divisions (CBS 2017) and their kind: their members are 2017 municipalities.
OFFICIAL = _PREFIXES + """
SELECT ?arrangement ?type WHERE { ?arrangement a jg:OfficialDivision ; jg:arrangementType ?type }
"""

#: The issue date of the document each membership of another arrangement was read from.
DATED = _PREFIXES + """
SELECT DISTINCT ?arrangement ?member ?issued
WHERE {
  ?membership a org:Membership ; org:organization ?arrangement ; org:member ?member ;
              prov:wasDerivedFrom ?span .
  FILTER NOT EXISTS { ?arrangement a jg:OfficialDivision }
  ?span jg:document ?document .
  ?document dcterms:issued ?issued .
}
"""

#: The 2013 municipalities and the municipality of 2017 each is, or became part of.
SUCCESSORS = _PREFIXES + """
SELECT ?municipality ?successor
WHERE { ?municipality jg:classificationYear "2013"^^xsd:gYear ; jg:successorIn2017 ?successor . }
"""

#: From this year on a document names the municipalities after the 2015 mergers.
MERGED_FROM = 2015

#: Label and kind of every arrangement.
ARRANGEMENTS = _PREFIXES + """
SELECT ?node ?label ?arrangement_type
WHERE {
  ?node a jg:Arrangement ; rdfs:label ?label .
  OPTIONAL { ?node jg:arrangementType ?t . ?t skos:prefLabel ?arrangement_type . FILTER (lang(?arrangement_type) = "nl") }
}
"""

#: Region – organisation links: the partners a region works with (``jg:worksWith``) and the
#: financiers it names (``jg:FinancierContact``/``jg:financier``), with the named graph.
#: Generic organisations (categories such as 'Jeugdzorgaanbieders') are left out.
REGION_ORGANISATIONS = _PREFIXES + """
SELECT DISTINCT ?region ?organisation ?relation ?source
WHERE {
  {
    GRAPH ?source { ?region jg:worksWith ?organisation }
    BIND ("partner" AS ?relation)
  } UNION {
    GRAPH ?source { ?contact jg:financier ?organisation ; jg:region ?region }
    BIND ("financier" AS ?relation)
  }
  FILTER NOT EXISTS { ?organisation jg:generic true }
}
"""

#: Labels and kinds of organisations.
ORGANISATIONS = _PREFIXES + """
SELECT ?node ?label ?organisation_kind
WHERE {
  ?node a org:Organization ; rdfs:label ?label .
  OPTIONAL { ?node jg:organisationKind ?k . ?k skos:prefLabel ?organisation_kind . FILTER (lang(?organisation_kind) = "nl") }
}
"""

#: Regions linked above the region: parts (``org:subOrganizationOf``) or members of one
#: supra-regional arrangement (``jgr:bovenregionaal-verband``), or a direct statement between
#: two survey regions other than the ORG hierarchy and membership.
REGION_LINKS = _PREFIXES + """
SELECT DISTINCT ?a ?b ?via ?source
WHERE {
  {
    ?via jg:arrangementType jgr:bovenregionaal-verband .
    GRAPH ?source { ?a org:subOrganizationOf ?via }
    ?b org:subOrganizationOf ?via .
  } UNION {
    ?via jg:arrangementType jgr:bovenregionaal-verband .
    GRAPH ?source { ?via org:hasMember ?a }
    ?via org:hasMember ?b .
    ?a a jg:Arrangement . ?b a jg:Arrangement .
  } UNION {
    GRAPH ?source { ?a ?via ?b }
    ?a a jg:SurveyRegion . ?b a jg:SurveyRegion .
    FILTER (?via NOT IN (org:subOrganizationOf, org:hasSubOrganization, org:memberOf, org:hasMember))
  }
  FILTER (STR(?a) < STR(?b))
}
"""

#: Arrangements (except official divisions) with the provinces their members lie in, and how many.
ARRANGEMENT_PROVINCES = _PREFIXES + """
SELECT ?node ?province ?province_label (COUNT(?m) AS ?members)
WHERE {
  ?node a jg:Arrangement ; org:hasMember ?m .
  FILTER NOT EXISTS { ?node a jg:OfficialDivision }
  ?m jg:province ?province .
  ?province rdfs:label ?province_label .
}
GROUP BY ?node ?province ?province_label
"""

#: Official partitions: node attribute → the arrangement type (``jgr:``) it corresponds to.
PARTITIONS: dict[str, str] = {
    "survey_region": PREFIXES["jgr"] + "jeugdzorgregio-2013",
    "jeugdzorgregio": PREFIXES["jgr"] + "jeugdzorgregio",
    "province": PREFIXES["jgr"] + "provincie",
}


#: Significance level of the disparity filter of ``municipality-backbone`` (``--alpha``): the
#: conventional 5 %; Serrano et al. (2009) show the backbone's share of nodes and weight
#: changing slowly around it.
BACKBONE_ALPHA = 0.05

#: ``municipality-chosen-2013`` holds the arrangements read from documents issued up to this
#: year: the picture before 2017 (the Alkmaar agenda of 2016 is left out).
CHOSEN_UNTIL = 2013


def _mandated_key(arrangement_type: str) -> str:
    """Node attribute of a mandated division: ``jgr:ggd-regio`` → ``ggd_regio``."""
    return arrangement_type.rsplit("/", 1)[-1].replace("-", "_")


class UnknownNetwork(GraphError):
    """A network name that is not one of :data:`NETWORKS`."""


@dataclass(frozen=True)
class NetworkSpec:
    """A network: its name, what nodes and edges mean, how edges are weighted."""

    name: str
    title: str
    nodes: str
    edges: str
    weight: str
    bipartite: bool
    weighted: bool
    partitions: tuple[str, ...]
    build: Callable[[NetworkReader], nx.Graph]


class NetworkReader:
    """Reads the networks of one store; each SPARQL query runs at most once."""

    def __init__(self, store: Store, alpha: float = BACKBONE_ALPHA) -> None:
        if not 0 < alpha < 1:
            raise GraphError(f"--alpha must lie between 0 and 1 (exclusive), not {alpha}")
        self.store = store
        self.alpha = alpha
        self._built: dict[str, nx.Graph] = {}

    def network(self, name: str) -> nx.Graph:
        """The network called ``name`` (a fresh copy: callers may change it)."""
        spec = get_spec(name)
        if name not in self._built:
            graph = spec.build(self)
            graph.graph.update(name=spec.name, title=spec.title, bipartite=spec.bipartite)
            self._built[name] = graph
        return self._built[name].copy()

    def rows(self, sparql: str) -> list[dict[str, str | int | float]]:
        """Solutions as dicts of plain values; unbound variables are left out."""
        from graph.output import plain

        result = self.store.query(sparql, use_default_graph_as_union=True)
        names = [v.value for v in result.variables]
        return [{n: plain(s[n]) for n in names if s[n] is not None} for s in result]

    @cached_property
    def _memberships(self) -> dict[tuple[str, str], list[tuple[str, int | None]]]:
        """(2013 municipality, arrangement) → where each membership behind it was read:
        (named graph, issue year of its document, None for the CBS divisions).

        Provinces are left out (a partition, not an arrangement); a membership in the
        classification after the mergers stands for the 2013 municipalities of the member.
        """
        municipalities = {r["node"] for r in self._municipalities}
        arrangements = {r["node"] for r in self._arrangements}
        official = self._official
        years: dict[tuple[str, str], int] = {}
        for row in self.rows(DATED):
            key, year = (row["arrangement"], row["member"]), int(str(row["issued"])[:4])
            years[key] = min(year, years.get(key, year))
        predecessors: dict[str, set[str]] = {}
        for row in self.rows(SUCCESSORS):
            predecessors.setdefault(row["successor"], set()).add(row["municipality"])
        out: dict[tuple[str, str], list[tuple[str, int | None]]] = {}
        for row in self.rows(MEMBERSHIPS):
            a, member = row["arrangement"], row["member"]
            if a not in arrangements or official.get(a) == PARTITIONS["province"]:
                continue
            year = years.get((a, member))
            post_merger = a in official or (year or 0) >= MERGED_FROM or member not in municipalities
            for m in _stands_for(member, post_merger, a not in official and member in municipalities, predecessors):
                out.setdefault((m, a), []).append((row["source"], year))
        return out

    @cached_property
    def _municipalities(self) -> list[dict]:
        return _first_per_node(self.rows(MUNICIPALITIES))

    @cached_property
    def _arrangements(self) -> list[dict]:
        return _first_per_node(self.rows(ARRANGEMENTS))

    @cached_property
    def _official(self) -> dict[str, str]:
        """Official division (CBS 2017) → its arrangement type IRI."""
        return {r["arrangement"]: r["type"] for r in self.rows(OFFICIAL)}

    def _bipartite(self, keep: Callable[[str, list[tuple[str, int | None]]], bool]) -> nx.Graph:
        """Municipalities × the arrangements whose memberships ``keep`` accepts."""
        edges = {pair: facts for pair, facts in self._memberships.items() if keep(pair[1], facts)}
        graph = nx.Graph(sources=sorted({source for facts in edges.values() for source, _ in facts}))
        _add_nodes(graph, self._municipalities, kind="municipality", bipartite=0)
        used = {a for _, a in edges}
        _add_nodes(graph, [r for r in self._arrangements if r["node"] in used], kind="arrangement", bipartite=1)
        _add_edges(graph, edges)
        return graph

    @cached_property
    def municipality_arrangement(self) -> nx.Graph:
        return self._bipartite(lambda a, facts: True)

    def municipality_chosen(self, until: int | None = None) -> nx.Graph:
        """The arrangements municipalities chose (every one that is not a CBS division),
        those read from documents issued up to ``until`` if given (an undated membership counts as early), projected on the
        municipalities; the mandated divisions become node attributes
        (:data:`MANDATED` keys: ``ggd_regio``, ``veiligheidsregio`` …)."""
        official = self._official
        chosen = self._bipartite(
            lambda a, facts: a not in official and (until is None or any(y is None or y <= until for _, y in facts))
        )
        graph = project(chosen, 0)
        for (m, a), _ in sorted(self._memberships.items()):
            if a in official and m in graph:
                graph.nodes[m][_mandated_key(official[a])] = a
        return graph

    def municipality_backbone(self) -> nx.Graph:
        """The disparity-filter backbone of the weighted municipality projection at :attr:`alpha`."""
        from graph.network.backbone import disparity_filter

        graph = disparity_filter(project(self.municipality_arrangement, 0), self.alpha)
        graph.graph["alpha"] = self.alpha
        return graph

    @cached_property
    def region_organisation(self) -> nx.Graph:
        links = self.rows(REGION_ORGANISATIONS)
        graph = nx.Graph(sources=_sources(links))
        regions = {r["region"] for r in links}
        organisations = {r["organisation"] for r in links} - regions
        _add_nodes(graph, [r for r in self._regions if r["node"] in regions], kind="region", bipartite=0)
        attrs = [r for r in _first_per_node(self.rows(ORGANISATIONS)) if r["node"] in organisations]
        _add_nodes(graph, attrs, kind="organisation", bipartite=1)
        relations = Counter((r["region"], r["organisation"]) for r in links if r["organisation"] in organisations)
        _add_edges(graph, sorted(relations), relations)
        return graph

    @cached_property
    def region_cooperation(self) -> nx.Graph:
        links = self.rows(REGION_LINKS)
        graph = nx.Graph(sources=_sources(links))
        ends = {r["a"] for r in links} | {r["b"] for r in links}
        _add_nodes(graph, [r for r in self._regions if r["node"] in ends], kind="region")
        ways = Counter((r["a"], r["b"]) for r in links)
        _add_edges(graph, sorted(ways), ways)
        return graph

    @cached_property
    def _regions(self) -> list[dict]:
        """Arrangements with their label, type and the province most of their members lie in."""
        by_size = sorted(self.rows(ARRANGEMENT_PROVINCES), key=lambda r: (r["node"], -r["members"], r["province"]))
        province = {r["node"]: r for r in reversed(by_size)}
        out = []
        for row in _first_per_node(self.rows(ARRANGEMENTS)):
            extra = province.get(row["node"], {})
            out.append(row | {k: extra[k] for k in ("province", "province_label") if k in extra})
        return out


def _stands_for(member: str, post_merger: bool, is_2013: bool, predecessors: dict[str, set[str]]) -> set[str]:
    """The 2013 municipalities a member stands for: itself if it is one, and — when the
    membership is in the classification after the mergers — the 2013 municipalities whose
    2017 successor it is (Alkmaar of 2016 stands for Alkmaar, Graft-De Rijp and Schermer)."""
    found = set(predecessors.get(member, ())) if post_merger else set()
    return found | {member} if is_2013 else found


def _first_per_node(rows: list[dict], presorted: bool = False) -> list[dict]:
    """One row per ``node`` (the first in a stable order), sorted by node."""
    out: dict[str, dict] = {}
    for row in rows if presorted else sorted(rows, key=lambda r: sorted(map(str, r.items()))):
        out.setdefault(row["node"], row)
    return [out[n] for n in sorted(out)]


def _add_nodes(graph: nx.Graph, rows: Iterable[dict], **attrs: str | int) -> None:
    for row in rows:
        graph.add_node(row["node"], **{k: v for k, v in row.items() if k != "node"}, **attrs)


def _add_edges(graph: nx.Graph, pairs: Iterable[tuple[str, str]], weights: Counter | None = None) -> None:
    """Edges in sorted order (so every run adds them identically), weight 1 unless counted.

    ``distance`` = 1/weight is what the path-based measures read.
    """
    for u, v in sorted(set(pairs)):
        if u in graph and v in graph:
            weight = weights[(u, v)] if weights else 1
            graph.add_edge(u, v, weight=weight, distance=1.0 / weight)


def _sources(rows: list[dict]) -> list[str]:
    return sorted({r["source"] for r in rows})


def project(graph: nx.Graph, side: int) -> nx.Graph:
    """The weighted projection onto one side of a bipartite network.

    Weight = number of shared neighbours (NetworkX ``weighted_projected_graph``); the
    ``distance`` attribute 1/weight is what path-based measures read, so that sharing more
    arrangements means being closer.
    """
    nodes = sorted(n for n, d in graph.nodes(data="bipartite") if d == side)
    out = nx.Graph(sources=graph.graph.get("sources", []))
    out.add_nodes_from((n, {k: v for k, v in graph.nodes[n].items() if k != "bipartite"}) for n in nodes)
    if not nodes:
        return out
    projected = bipartite.weighted_projected_graph(graph, nodes)
    for u, v, w in sorted((min(u, v), max(u, v), w) for u, v, w in projected.edges(data="weight")):
        out.add_edge(u, v, weight=w, distance=1.0 / w)
    return out


NETWORKS: dict[str, NetworkSpec] = {
    spec.name: spec
    for spec in (
        NetworkSpec(
            name="municipality-arrangement",
            title="Municipalities × cooperation arrangements",
            nodes="the 408 municipalities of 2013, and every arrangement with municipal members (survey regions "
            "and sub-regions, the arrangements of the Rotterdam, Utrecht and Alkmaar documents, the CBS 2017 "
            "divisions except the provinces)",
            edges="the municipality is a member of the arrangement (of a CBS 2017 division: its 2017 successor is)",
            weight="unweighted",
            bipartite=True,
            weighted=False,
            partitions=("survey_region", "jeugdzorgregio", "province"),
            build=lambda r: r.municipality_arrangement,
        ),
        NetworkSpec(
            name="municipality",
            title="Municipalities linked by shared arrangements",
            nodes="the 408 municipalities of 2013",
            edges="the two municipalities share at least one arrangement",
            weight="number of shared arrangements (path length: 1/weight)",
            bipartite=False,
            weighted=True,
            partitions=("survey_region", "jeugdzorgregio", "province"),
            build=lambda r: project(r.municipality_arrangement, 0),
        ),
        NetworkSpec(
            name="municipality-chosen",
            title="Municipalities linked by the arrangements they chose",
            nodes="the 408 municipalities of 2013; the CBS 2017 divisions they were placed in (GGD, veiligheidsregio, "
            "zorgkantoor, arbeidsmarktregio, politie-eenheid, jeugdzorgregio) are node attributes, not edges",
            edges="the two municipalities share an arrangement they chose: a survey region or sub-region (2013), "
            "an arrangement of the Rotterdam (2012), Utrecht (2013) or Alkmaar (2016) document",
            weight="number of shared chosen arrangements (path length: 1/weight)",
            bipartite=False,
            weighted=True,
            partitions=("survey_region", "jeugdzorgregio", "province"),
            build=lambda r: r.municipality_chosen(),
        ),
        NetworkSpec(
            name="municipality-chosen-2013",
            title="Municipalities linked by the arrangements they chose, as documented by 2013",
            nodes="the 408 municipalities of 2013 (CBS 2017 divisions as node attributes)",
            edges=f"the two municipalities share a chosen arrangement read from a document issued up to {CHOSEN_UNTIL} "
            "(survey regions and sub-regions, the Rotterdam and Utrecht documents): the picture before 2017",
            weight="number of shared chosen arrangements (path length: 1/weight)",
            bipartite=False,
            weighted=True,
            partitions=("survey_region", "jeugdzorgregio", "province"),
            build=lambda r: r.municipality_chosen(CHOSEN_UNTIL),
        ),
        NetworkSpec(
            name="municipality-backbone",
            title="Backbone of the municipality network (disparity filter)",
            nodes="the 408 municipalities of 2013",
            edges="the two municipalities share arrangements, and their number is a significant share of the "
            "shared arrangements of at least one of them (disparity filter, Serrano et al. 2009, at --alpha, "
            f"default {BACKBONE_ALPHA})",
            weight="number of shared arrangements (path length: 1/weight)",
            bipartite=False,
            weighted=True,
            partitions=("survey_region", "jeugdzorgregio", "province"),
            build=lambda r: r.municipality_backbone(),
        ),
        NetworkSpec(
            name="region-organisation",
            title="Survey regions × partner and financier organisations",
            nodes="regions (2013) and the organisations they name as partners or financiers (not generic categories)",
            edges="the region names the organisation",
            weight="number of distinct relations (partner, financier) between the two",
            bipartite=True,
            weighted=True,
            partitions=("province",),
            build=lambda r: r.region_organisation,
        ),
        NetworkSpec(
            name="region",
            title="Survey regions linked by shared partners and financiers",
            nodes="survey regions (2013) naming at least one partner or financier",
            edges="the two regions name a common organisation",
            weight="number of shared organisations (path length: 1/weight)",
            bipartite=False,
            weighted=True,
            partitions=("province",),
            build=lambda r: project(r.region_organisation, 0),
        ),
        NetworkSpec(
            name="organisation",
            title="Partner and financier organisations linked by the regions naming both",
            nodes="organisations named as partner or financier by at least one survey region",
            edges="a region names both organisations",
            weight="number of regions naming both (path length: 1/weight)",
            bipartite=False,
            weighted=True,
            partitions=(),
            build=lambda r: project(r.region_organisation, 1),
        ),
        NetworkSpec(
            name="region-cooperation",
            title="Regions cooperating above the region",
            nodes="regions that are part of a supra-regional arrangement (or state a link to another region)",
            edges="both regions are parts or members of one supra-regional arrangement, or one states a link to the other",
            weight="number of such arrangements and statements (path length: 1/weight)",
            bipartite=False,
            weighted=True,
            partitions=("province",),
            build=lambda r: r.region_cooperation,
        ),
    )
}


def get_spec(name: str) -> NetworkSpec:
    """The network called ``name``; a clear error listing the names otherwise."""
    try:
        return NETWORKS[name]
    except KeyError:
        raise UnknownNetwork(f"no network called {name!r}; choose one of {', '.join(NETWORKS)}") from None
