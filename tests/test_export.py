"""Dumps: every format round-trips, is deterministic, is written atomically, is described.

The store under test is the session store built from the shipped facts. Expected counts
come from SPARQL on that store (formulated independently of :mod:`graph.publish.describe`, which
counts with Python sets), never from the export code itself.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Quad, parse

from graph.cli import cli
from graph.publish.describe import description_quads
from graph.errors import GraphError
from graph.publish.export import FORMATS, GROUPS, ExportFormat, export, format_for_path, graph_group, parse_groups
from graph.store import metadata
from ontology import ONTOLOGY_IRI, PREFIXES, context_file

VOID = PREFIXES["void"]
DCTERMS = PREFIXES["dcterms"]
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _export_bytes(store_path: Path, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    export(store_path, fmt, out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def dumps(built_store: Path) -> dict[str, bytes]:
    """Each format exported once (all graphs)."""
    return {name: _export_bytes(built_store, name) for name in FORMATS}


@pytest.fixture(scope="module")
def base(built_store: Path) -> str:
    return metadata(built_store)["base"]


@pytest.fixture(scope="module")
def store_quads(store) -> set[Quad]:
    return set(store.quads_for_pattern(None, None, None, None))


@pytest.fixture(scope="module")
def description_graph(dumps: dict[str, bytes], base: str) -> set[Quad]:
    """The description graph as read back from the N-Quads dump."""
    graph = NamedNode(base + "graph/description")
    return {q for q in parse(dumps["nquads"], format=FORMATS["nquads"].rdf) if q.graph_name == graph}


def _objects(quads, subject: NamedNode, predicate: str) -> set:
    return {q.object for q in quads if q.subject == subject and q.predicate == NamedNode(predicate)}


def _value(quads, subject: NamedNode, predicate: str) -> int:
    (obj,) = _objects(quads, subject, predicate)
    return int(obj.value)


def _count(store, sparql: str) -> int:
    (row,) = list(store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES))
    return int(row[0].value)


# --- round trips and determinism -------------------------------------------------------


def test_the_graph_has_no_blank_nodes(store):
    """Deterministic dumps rely on it: blank-node labels would differ from build to build."""
    assert not bool(store.query("ASK { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }"))


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_round_trips(name, dumps, store_quads, description_graph):
    fmt: ExportFormat = FORMATS[name]
    back = set(parse(dumps[name], format=fmt.rdf))
    assert description_graph, "the dump has a description graph"
    if fmt.datasets:
        assert back == store_quads | description_graph
    else:
        assert {q.triple for q in back} == {q.triple for q in store_quads | description_graph}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_exporting_twice_gives_identical_bytes(name, built_store, dumps):
    assert _export_bytes(built_store, name) == dumps[name]


def test_jsonld_is_identical_across_processes(built_store, tmp_path, dumps):
    """No Python set order (which changes with the hash seed) leaks into the JSON-LD."""
    target = tmp_path / "dump.jsonld"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "JEUGDGRAAF_STORE": str(built_store)}
    code = "from graph.cli import cli; cli()"
    subprocess.run([sys.executable, "-c", code, "-q", "export", "-o", str(target)], env=env, check=True)
    assert target.read_bytes() == dumps["jsonld"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside rdflib's own JSON-LD parser
def test_jsonld_round_trips_through_rdflib_too(built_store):
    """A second, independent JSON-LD processor reads the quads of the N-Quads dump.

    Both sides go through rdflib, which normalises some literals (doubles) as it parses.
    The CBS graph (27,000 triples of the same few shapes) is left out to keep rdflib fast.
    """
    import rdflib

    def quads(data: bytes, fmt: str) -> set:
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=fmt)
        return {(s, p, o, g.identifier if hasattr(g, "identifier") else g) for s, p, o, g in dataset.quads()}

    groups = ("sources", "ontology", "analysis")
    expected = quads(_export_bytes(built_store, "nquads", groups=groups), "nquads")
    assert len(expected) > 1000
    assert quads(_export_bytes(built_store, "jsonld", groups=groups), "json-ld") == expected


def test_jsonld_reads_naturally_with_the_shipped_context(dumps, base):
    data = json.loads(dumps["jsonld"])
    context = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    assert data["@context"] == context
    graphs = {g["@id"]: g["@graph"] for g in data["@graph"]}
    nodes = {n["@id"]: n for n in graphs[base + "graph/000"]}
    # 000 line 1: "1 Regio Groningen"; line 3: the first participating municipality is Appingedam.
    region = nodes[base + "regio-2013/1"]
    assert "SurveyRegion" in region["@type"]
    assert base + "gemeente/GM0003" in region["hasMember"]
    span = nodes[base + "document/000#line=0,224"]
    assert span["firstLine"] == "1" and span["document"] == base + "document/000"


def test_jsonld_keeps_every_literal_exactly():
    """Doubles, odd integers, booleans, language tags and plain strings come back unchanged."""
    from pyoxigraph import serialize

    from graph.publish.jsonld import document

    xsd, jg = PREFIXES["xsd"], PREFIXES["jg"]
    s, g = NamedNode("https://w3id.org/jeugdgraaf/id/x"), NamedNode("https://w3id.org/jeugdgraaf/id/graph/x")
    values = [
        (jg + "score", Literal("0.25", datatype=NamedNode(xsd + "double"))),
        (jg + "firstLine", Literal("007", datatype=NamedNode(xsd + "integer"))),  # a term typed xsd:integer
        (jg + "firstLine", Literal("3.0", datatype=NamedNode(xsd + "decimal"))),  # the same term, another type
        (jg + "statusDerived", Literal("true", datatype=NamedNode(xsd + "boolean"))),
        (jg + "task", Literal("not an IRI")),  # a term coerced to @id, holding a literal
        (jg + "task", NamedNode(PREFIXES["jgt"] + "pleegzorg")),
        (PREFIXES["rdfs"] + "label", Literal("gemeente", language="nl")),
        (PREFIXES["rdf"] + "type", NamedNode(jg + "Municipality")),
    ]
    quads = [Quad(s, NamedNode(p), o, g) for p, o in values]
    context = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    text = json.dumps(document(quads, context)).encode()
    assert set(parse(text, format=FORMATS["jsonld"].rdf)) == set(quads)
    assert set(parse(serialize(quads, format=FORMATS["nquads"].rdf), format=FORMATS["nquads"].rdf)) == set(quads)


def test_the_shipped_context_is_current():
    from graph.publish.context import render_context

    assert context_file().read_text(encoding="utf-8") == render_context(), "ontology/context.jsonld is stale: run `jeugdgraaf jsonld-context`"


def test_the_context_refuses_a_short_name_used_twice():
    from pyoxigraph import Triple

    from graph.publish.context import build_context

    clash = Triple(NamedNode(PREFIXES["jg"] + "label"), NamedNode(PREFIXES["rdf"] + "type"), NamedNode(PREFIXES["owl"] + "DatatypeProperty"))
    with pytest.raises(ValueError, match="'label' is defined twice"):
        build_context([clash])


def test_turtle_declares_the_project_prefixes_in_order(dumps):
    head = [line for line in dumps["turtle"].decode().splitlines() if line.startswith("@prefix")]
    assert [line.split()[1].rstrip(":") for line in head] == list(PREFIXES)


def test_gzip_is_reproducible_and_holds_the_plain_dump(built_store, dumps):
    first = _export_bytes(built_store, "ntriples", compress=True)
    assert first == _export_bytes(built_store, "ntriples", compress=True)
    assert first[4:8] == b"\0\0\0\0", "no modification time in the gzip header"
    assert not first[3] & 0x08, "no file name in the gzip header"
    assert gzip.decompress(first) == dumps["ntriples"]


# --- choice of graphs ------------------------------------------------------------------


def test_graph_groups(base):
    assert graph_group(base + "graph/ontology", base) == "ontology"
    assert graph_group(base + "graph/cbs", base) == "reference"
    assert graph_group(base + "graph/000", base) == "sources"
    assert graph_group(base + "graph/sources", base) == "sources"
    assert graph_group(base + "graph/analysis/betweenness", base) == "analysis"


@pytest.mark.parametrize(
    ("groups", "keep"),
    [
        ("ontology", lambda key: key == "ontology"),
        ("reference", lambda key: key == "cbs"),
        ("sources,ontology", lambda key: key != "cbs" and not key.startswith("analysis")),
    ],
)
def test_export_keeps_only_the_chosen_graphs(built_store, store, base, groups, keep):
    in_store = {g.value.removeprefix(base + "graph/") for g in store.named_graphs()}
    assert {"000", "cbs", "ontology", "sources"} <= in_store
    dump = _export_bytes(built_store, "nquads", groups=parse_groups(groups))
    found = {q.graph_name.value.removeprefix(base + "graph/") for q in parse(dump, format=FORMATS["nquads"].rdf)}
    assert found == {key for key in in_store if keep(key)} | {"description", "sources"}


def test_unknown_group_is_refused():
    with pytest.raises(GraphError, match="unknown group sorces"):
        parse_groups("sorces")
    assert parse_groups("all") == GROUPS


def test_format_from_file_name():
    assert format_for_path(Path("x/dump.nt.gz")) == "ntriples"
    assert format_for_path(Path("dump.rdf")) == "rdfxml"
    assert format_for_path(Path("dump.jsonld")) == "jsonld"
    assert format_for_path(Path("dump.txt")) is None


# --- atomic writes ---------------------------------------------------------------------


def _failing_writer(statements, fh) -> None:
    fh.write(b"@prefix jg: <https://w3id.org/jeugdgraaf/def#> .\n" * 1000)
    raise RuntimeError("disk on fire")


@pytest.mark.parametrize("existing", [None, b"the previous dump\n"])
def test_an_interrupted_export_leaves_no_partial_file(built_store, tmp_path, monkeypatch, existing):
    target = tmp_path / "dump.ttl"
    if existing is not None:
        target.write_bytes(existing)
    broken = ExportFormat("turtle", "Turtle", FORMATS["turtle"].rdf, _failing_writer)
    monkeypatch.setitem(FORMATS, "turtle", broken)
    monkeypatch.setattr("graph.publish.export.dataset_quads", lambda *args: [])  # the writer is what fails
    with pytest.raises(RuntimeError, match="disk on fire"):
        export(built_store, "turtle", target)
    assert (target.read_bytes() if target.exists() else None) == existing
    assert sorted(p.name for p in tmp_path.iterdir()) == (["dump.ttl"] if existing else [])


def test_export_to_a_missing_folder_is_a_clear_error(built_store, tmp_path):
    with pytest.raises(GraphError, match="does not exist"):
        export(built_store, "turtle", tmp_path / "no" / "dump.ttl")


# --- the description -------------------------------------------------------------------


def test_description_counts_match_the_store(store, base, description_graph):
    dataset = NamedNode(base + "dataset")
    union = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    assert _value(description_graph, dataset, VOID + "triples") == _count(store, union)
    assert _value(description_graph, dataset, VOID + "properties") == _count(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")
    assert _value(description_graph, dataset, VOID + "classes") == _count(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")
    assert _value(description_graph, dataset, VOID + "distinctSubjects") == _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert _value(description_graph, dataset, VOID + "distinctObjects") == _count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
    entities = f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{base}")) }}'
    assert _value(description_graph, dataset, VOID + "entities") == _count(store, entities)


def test_description_partitions_match_the_store(store, base, description_graph):
    municipalities = NamedNode(base + "dataset/class/jg-Municipality")
    assert _objects(description_graph, municipalities, VOID + "class") == {NamedNode(PREFIXES["jg"] + "Municipality")}
    assert _value(description_graph, municipalities, VOID + "entities") == _count(store, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a jg:Municipality }")
    member_of = NamedNode(base + "dataset/property/org-memberOf")
    assert _value(description_graph, member_of, VOID + "triples") == _count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { GRAPH ?g { ?s org:memberOf ?o } } }")
    for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
        assert _value(description_graph, row["g"], VOID + "triples") == int(row["n"].value), row["g"]


def test_description_names_licence_attribution_sources_and_build_date(store, built_store, base, description_graph):
    dataset = NamedNode(base + "dataset")
    assert _objects(description_graph, dataset, DCTERMS + "license") == {NamedNode(CC_BY)}
    cbs = NamedNode(base + "graph/cbs")
    assert _objects(description_graph, cbs, DCTERMS + "license") == {NamedNode(CC_BY)}
    (rights,) = _objects(description_graph, cbs, DCTERMS + "rights")
    assert "Bron: CBS" in rights.value and "83553NED" in rights.value
    (created,) = _objects(description_graph, dataset, DCTERMS + "created")
    assert created.value == metadata(built_store)["built"]
    assert _objects(description_graph, dataset, VOID + "uriSpace") == {Literal(base)}
    documents = {r["d"] for r in store.query("SELECT ?d WHERE { ?d a jg:SourceDocument }", use_default_graph_as_union=True, prefixes=PREFIXES)}
    assert documents and _objects(description_graph, dataset, DCTERMS + "source") == documents
    assert NamedNode(base + "graph/ontology") in _objects(description_graph, dataset, VOID + "subset")


def test_description_linksets_and_distributions(store, base, description_graph):
    tooi = NamedNode(base + "dataset/linkset/tooi")
    assert _objects(description_graph, tooi, VOID + "linkPredicate") == {NamedNode(PREFIXES["owl"] + "sameAs")}
    same_as = 'SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { ?s owl:sameAs ?o FILTER STRSTARTS(STR(?o), "https://identifier.overheid.nl/tooi/") } }'
    assert _value(description_graph, tooi, VOID + "triples") == _count(store, same_as)
    assert _objects(description_graph, NamedNode(base + "dataset/linkset/cbs"), VOID + "linkPredicate") == {NamedNode(PREFIXES["jg"] + "cbsCode")}
    distributions = _objects(description_graph, NamedNode(base + "dataset"), PREFIXES["dcat"] + "distribution")
    assert distributions == {NamedNode(base + "dataset/distribution/" + name) for name in FORMATS}


def test_sparql_endpoint_is_described_only_when_given(base):
    endpoint = "https://example.org/jeugdgraaf/sparql"
    predicate = NamedNode(VOID + "sparqlEndpoint")
    described = {e: description_quads([], base=base, built="2013-06-20T00:00:00+00:00", graph_sources={}, endpoint=e) for e in (None, endpoint)}
    assert not [q for q in described[None] if q.predicate == predicate]
    assert [q.object for q in described[endpoint] if q.predicate == predicate] == [NamedNode(endpoint)]


# --- personal data ---------------------------------------------------------------------


@pytest.mark.seeds
@pytest.mark.parametrize("name", sorted(FORMATS))
def test_no_dump_contains_mail_addresses_or_contact_persons(name, dumps, seeds):
    text = dumps[name]
    assert not EMAIL.findall(text), "an e-mail address in the dump"
    for path in sorted(seeds.glob("*.txt")):
        raw = path.read_bytes()
        for address in set(EMAIL.findall(raw)):
            assert address.lower() not in text.lower(), f"a contact address of {path.name} is in the dump"
        for match in re.finditer(rb"Contactpersoon:\s*([^,\n]+?)\s*,", raw):
            person = match.group(1).strip()
            if len(person) > 5:
                assert person not in text, f"a contact person of {path.name} is in the dump"


# --- command line ----------------------------------------------------------------------


def test_cli_export_to_file_and_stdout(built_store, tmp_path, dumps):
    runner = CliRunner()
    target = tmp_path / "jeugdgraaf.trig"
    result = runner.invoke(cli, ["--store", str(built_store), "export", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == dumps["trig"]
    result = runner.invoke(cli, ["--store", str(built_store), "-q", "export", "--format", "ntriples", "--graphs", "ontology"])
    assert result.exit_code == 0, result.output
    triples = {q.triple for q in parse(result.stdout_bytes, format=FORMATS["ntriples"].rdf)}
    assert any(t.subject == NamedNode(ONTOLOGY_IRI) for t in triples)


def test_cli_export_gzip_from_file_name(built_store, tmp_path, dumps):
    target = tmp_path / "jeugdgraaf.nq.gz"
    result = CliRunner().invoke(cli, ["--store", str(built_store), "export", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert gzip.decompress(target.read_bytes()) == dumps["nquads"]


def test_cli_describe_writes_the_description_and_the_dated_sources(built_store, store, base, tmp_path, description_graph):
    target = tmp_path / "void.ttl"
    result = CliRunner().invoke(cli, ["--store", str(built_store), "describe", "-o", str(target)])
    assert result.exit_code == 0, result.output
    written = {q.triple for q in parse(target.read_bytes(), format=FORMATS["turtle"].rdf)}
    sources = {q.triple for q in store.quads_for_pattern(None, None, None, NamedNode(base + "graph/sources"))}
    assert written == {q.triple for q in description_graph} | sources
    for doc in _objects(description_graph, NamedNode(base + "dataset"), DCTERMS + "source"):
        assert any(t.subject == doc and t.predicate == NamedNode(DCTERMS + "issued") for t in written), doc


def test_the_description_repeats_no_triple_of_another_graph(dumps, description_graph):
    """Oxigraph's union default graph keeps duplicates: a repeated triple would count twice."""
    others = {q.triple for q in parse(dumps["nquads"], format=FORMATS["nquads"].rdf) if q not in description_graph}
    assert not others & {q.triple for q in description_graph}


def test_cli_refuses_unknown_groups(built_store):
    result = CliRunner().invoke(cli, ["--store", str(built_store), "export", "--graphs", "sources,bogus"])
    assert result.exit_code == 2
    assert "unknown group bogus" in result.output
