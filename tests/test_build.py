"""The build: shipped facts → validated triples → store; atomic, repeatable, configurable."""

from __future__ import annotations

import shutil

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from graph.build import build_quads, materialise_types, ontology_quads, run_build, source_quads, superclasses
from graph.errors import StoreError
from graph.namespaces import Iris, concept, term, vocab
from graph.store import exists, metadata, open_store, write_store
from graph.triples import Emitter, reference, survey
from graph.validate import validate, validate_once
from loaders.errors import SourceError
from loaders.records import (
    Division,
    DivisionMembership,
    Evidence,
    Member,
    Municipality,
    Reference,
    Survey,
    SurveyUnit,
    TaskCell,
)
from loaders.registry import SourceStamp, read_facts


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


def test_base_is_configurable():
    records, stamps = read_facts()
    quads = build_quads(records, stamps, Iris("https://example.org/jg/"))
    subjects = {q.subject.value for q in quads}
    assert "https://example.org/jg/gemeente/GM0014" in subjects
    assert not any(s.startswith(Iris().base) for s in subjects)


def test_bad_base_is_refused():
    with pytest.raises(ValueError, match="base IRI"):
        Iris("not an iri")


def test_evidence_is_an_rfc5147_line_fragment():
    span = Iris().span("000", 120, 131)
    assert span.value == "https://w3id.org/jeugdgraaf/id/document/000#line=119,131"


def test_failed_build_leaves_previous_store(built_store, tmp_path, monkeypatch, seeds):
    path = tmp_path / "store"
    shutil.copytree(built_store, path)
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
        write_store(foreign, small_quads(), {})
    assert (foreign / "holiday.jpg").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["photos"]


def test_open_missing_store_is_a_clear_error(tmp_path):
    assert not exists(tmp_path / "nothing")
    with pytest.raises(StoreError, match="jeugdgraaf build"):
        open_store(tmp_path / "nothing")


# --- the SHACL shapes, on a small graph written here --------------------------------------

EV = Evidence("000", 3, 5)


def small_quads(extra_units: tuple[SurveyUnit, ...] = ()) -> list[Quad]:
    """Two municipalities of 2013, one survey region holding both, one task cell."""
    iris = Iris()
    ref = Reference(
        municipalities=(
            Municipality("GM0003", "Appingedam", "PV20", "Groningen", 2013, Evidence("cbs2013", 2, 2), "GM0003"),
            Municipality("GM0005", "Bedum", "PV20", "Groningen", 2013, Evidence("cbs2013", 3, 3), "GM0005"),
        ),
        mergers=(),
        divisions=(DivisionMembership("GM0003", (Division("provincie", "PV20", "Groningen"),), Evidence("cbs2017", 2, 2)),),
    )
    cell = TaskCell("pleegzorg", ("regionaal",), "intentie", "Regionaal", "Intentie", "Pleegzorg Regionaal Intentie", EV)
    unit = SurveyUnit("1", "Regio Groningen", Evidence("000", 1, 224), members=(Member("Appingedam", "GM0003", EV), Member("Bedum", "GM0005", EV)), tasks=(cell,))
    stamps = {s: SourceStamp(s, f"{s}.txt", "0" * 64, 10) for s in ("000", "cbs2013", "cbs2017")}
    out = Emitter(iris, iris.graph("test"))
    reference.quads(ref, out)
    survey.quads(Survey((unit, *extra_units)), out)
    ontology = ontology_quads(iris)
    return materialise_types(ontology + source_quads(stamps, iris) + out.quads, superclasses(ontology))


CELL = NamedNode(Iris().survey_region("1").value + "/taak/pleegzorg")
GRAPH = Iris().graph("test")


def test_the_small_graph_conforms():
    report = validate(small_quads())
    assert report.conforms, report.text


def test_shapes_reject_a_task_without_evidence():
    broken = [q for q in small_quads() if not (q.subject == CELL and q.predicate == term("prov:wasDerivedFrom"))]
    report = validate(broken)
    assert not report.conforms and CELL.value in report.text


def test_shapes_reject_a_status_outside_the_scheme():
    broken = [q for q in small_quads() if not (q.subject == CELL and q.predicate == vocab("status"))]
    broken.append(Quad(CELL, vocab("status"), concept("level", "lokaal"), GRAPH))
    assert not validate(broken).conforms


def test_shapes_reject_personal_data():
    extra = Quad(CELL, vocab("cellText"), Literal("mail jan.jansen@example.nl"), GRAPH)
    assert not validate(small_quads() + [extra]).conforms


def test_shapes_reject_a_municipality_in_two_units():
    second = SurveyUnit("2", "Regio Friesland", Evidence("000", 225, 419), members=(Member("Bedum", "GM0005", EV),))
    report = validate(small_quads((second,)))
    assert not report.conforms and "exactly one answering unit" in report.text


def test_shapes_reject_a_municipality_in_no_unit():
    broken = [q for q in small_quads() if not (q.predicate == term("org:hasMember") and q.object.value.endswith("GM0005"))]
    broken = [q for q in broken if not (q.predicate == term("org:memberOf") and q.subject.value.endswith("GM0005"))]
    assert not validate(broken).conforms


def test_validation_is_remembered_only_for_conforming_graphs(tmp_path):
    good = small_quads()
    assert not validate_once(good, tmp_path).remembered
    again = validate_once(good, tmp_path)
    assert again.conforms and again.remembered
    broken = [q for q in good if not (q.subject == CELL and q.predicate == term("prov:wasDerivedFrom"))]
    assert not validate_once(broken, tmp_path).conforms
    assert not validate_once(broken, tmp_path).conforms  # a violation is never remembered
    assert len(list(tmp_path.iterdir())) == 1


def test_the_network_analysis_is_remembered_by_digest(tmp_path):
    from graph.build import analysis_once
    from graph.network import analysis_quads
    from graph.validate import content_digest

    iris, good = Iris(), small_quads()
    fresh = analysis_quads(good, iris)
    first, remembered = analysis_once(good, iris, content_digest(good), tmp_path)
    assert not remembered and first == fresh
    again, remembered = analysis_once(good, iris, content_digest(good), tmp_path)
    assert remembered and again == fresh
    # a changed fact (Bedum also in a second unit) is another graph: analysed, not read back
    changed = small_quads((SurveyUnit("2", "Regio Friesland", Evidence("000", 225, 419), members=(Member("Bedum", "GM0005", EV),)),))
    other, remembered = analysis_once(changed, iris, content_digest(changed), tmp_path)
    assert not remembered and other == analysis_quads(changed, iris) and other != fresh
    assert len(list(tmp_path.glob("*.nq"))) == 2


def test_a_rebuild_reads_the_analysis_back(tmp_path, monkeypatch, built_store):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    said: list[str] = []
    run_build(tmp_path / "first", progress=said.append)
    assert not any("analysed before" in line for line in said)
    said.clear()
    run_build(tmp_path / "second", progress=said.append)
    assert any("analysed before" in line for line in said)
    assert dump(tmp_path / "second") == dump(tmp_path / "first") == dump(built_store)
