"""The build: shipped facts → validated triples → store; atomic, repeatable, configurable."""

from __future__ import annotations

import shutil

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from graph.build import build_quads, run_build
from graph.errors import StoreError
from graph.namespaces import Iris, concept, term, vocab
from graph.store import exists, metadata, open_store
from graph.validate import validate
from loaders.errors import SourceError
from loaders.registry import read_facts


def dump(path):
    store = open_store(path)
    return sorted(str(q) for q in store.quads_for_pattern(None, None, None, None))


def count(store, sparql):
    return int(next(iter(store.query(sparql, use_default_graph_as_union=True)))[0].value)


def test_store_holds_the_survey_units(store):
    # 000: headers 1–41 (34 'Regio West-Brabant' at line 6547 only introduces its two sub-regions
    # 34.1 at 6553 and 34.2 at 6749): 42 answering units plus the parent region 34.
    ids = {
        s[0].value
        for s in store.query(
            "SELECT ?id WHERE { ?r a <https://w3id.org/jeugdgraaf/def#SurveyRegion> ; <http://purl.org/dc/terms/identifier> ?id }",
            use_default_graph_as_union=True,
        )
    }
    assert ids == {str(n) for n in range(1, 42)} | {"34.1", "34.2"}


def test_every_2013_municipality_in_exactly_one_answering_unit(store):
    q = """SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
      ?u a <https://w3id.org/jeugdgraaf/def#SurveyRegion> ; <http://www.w3.org/ns/org#hasMember> ?m }"""
    assert count(store, q) == 408


def test_named_graph_per_source(built_store):
    graphs = set(metadata(built_store)["triples"])
    base = Iris().graph("").value
    assert {base + g for g in ("000", "cbs", "ontology", "sources")} <= graphs


def test_build_twice_gives_the_same_graph(built_store, tmp_path):
    second = tmp_path / "again"
    run_build(second)
    assert dump(second) == dump(built_store)


def test_base_is_configurable(tmp_path):
    path = tmp_path / "store"
    run_build(path, base="https://example.org/jg/")
    store = open_store(path)
    assert list(store.quads_for_pattern(NamedNode("https://example.org/jg/gemeente/GM0014"), None, None, None))
    assert metadata(path)["base"] == "https://example.org/jg/"


def test_bad_base_is_refused():
    with pytest.raises(ValueError, match="base IRI"):
        Iris("not an iri")


def test_evidence_is_an_rfc5147_line_fragment():
    span = Iris().span("000", 120, 131)
    assert span.value == "https://w3id.org/jeugdgraaf/id/document/000#line=119,131"


def test_failed_build_leaves_previous_store(tmp_path, monkeypatch, seeds):
    path = tmp_path / "store"
    run_build(path)
    before = dump(path)
    broken = tmp_path / "seeds"
    broken.mkdir()
    lines = (seeds / "000_5833ac47ade829ca.txt").read_text(encoding="utf-8").splitlines()
    (broken / "000_5833ac47ade829ca.txt").write_text("\n".join(lines[:3000]), encoding="utf-8")
    monkeypatch.setenv("JEUGDGRAAF_SEEDS", str(broken))
    with pytest.raises(SourceError, match="000_5833ac47ade829ca.txt"):
        run_build(path, from_seeds=True)
    assert dump(path) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_store_refuses_to_replace_foreign_directory(tmp_path):
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"x")
    with pytest.raises(StoreError, match="not a jeugdgraaf store"):
        run_build(foreign)
    assert (foreign / "holiday.jpg").exists()


def test_open_missing_store_is_a_clear_error(tmp_path):
    assert not exists(tmp_path / "nothing")
    with pytest.raises(StoreError, match="jeugdgraaf build"):
        open_store(tmp_path / "nothing")


@pytest.fixture(scope="module")
def quads():
    records, stamps = read_facts()
    return build_quads(records, stamps, Iris())


def test_shipped_facts_conform(quads):
    assert validate(quads).conforms


def _region_task(quads):
    return next(q.subject for q in quads if q.predicate == vocab("task"))


def test_shapes_reject_a_task_without_evidence(quads):
    cell = _region_task(quads)
    broken = [q for q in quads if not (q.subject == cell and q.predicate == term("prov:wasDerivedFrom"))]
    report = validate(broken)
    assert not report.conforms and str(cell) in report.text


def test_shapes_reject_a_status_outside_the_scheme(quads):
    cell = _region_task(quads)
    broken = [q for q in quads if not (q.subject == cell and q.predicate == vocab("status"))]
    broken.append(Quad(cell, vocab("status"), concept("level", "lokaal"), broken[0].graph_name))
    assert not validate(broken).conforms


def test_shapes_reject_personal_data(quads):
    cell = _region_task(quads)
    graph = next(q.graph_name for q in quads if q.subject == cell)
    report = validate(quads + [Quad(cell, vocab("cellText"), Literal("mail jan.jansen@example.nl"), graph)])
    assert not report.conforms


def test_shapes_reject_a_municipality_in_two_units(quads):
    unit = next(q.subject for q in quads if q.predicate == term("org:hasMember") and "/regio-2013/1" in q.subject.value)
    zwolle = Iris().municipality("GM0193")  # Zwolle is in IJsselland (5), not Groningen (1)
    graph = next(q.graph_name for q in quads if q.subject == unit)
    extra = [Quad(unit, term("org:hasMember"), zwolle, graph), Quad(zwolle, term("org:memberOf"), unit, graph)]
    assert not validate(quads + extra).conforms
