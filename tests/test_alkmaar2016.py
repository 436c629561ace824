"""Document 003 (Regio Alkmaar, 2016): arrangements, projects, parties, functions.

Expected values are read from the document; comments cite its lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import saved_rows

from loaders.alkmaar2016 import PARTIES_CSV, _partners, _resolve, _subregions, parse
from loaders.curation import check_evidence, read_curation
from loaders.errors import SourceError
from loaders.municipalities import MunicipalityIndex
from loaders.organisations import Organisation, OrganisationIndex
from loaders.records import Evidence, Municipality
from loaders.text import numbered

FILENAME = "003_652dde2060277cef.txt"
B = "\uf0b7"  # the document's bullet glyph


def lines_of(text: str, start: int = 1):
    return numbered(text.splitlines(), start)


def municipality(code: str, name: str, province: str) -> Municipality:
    return Municipality(code, name, province, province, 2013, Evidence("cbs2013", 1, 1))


SMALL_INDEX = MunicipalityIndex(
    [
        municipality("GM0361", "Alkmaar", "PV27"),
        municipality("GM0373", "Bergen (NH.)", "PV27"),
        municipality("GM0893", "Bergen (L.)", "PV31"),
        municipality("GM0441", "Schagen", "PV27"),
        municipality("GM0400", "Den Helder", "PV27"),
    ]
)
ORGS = OrganisationIndex(
    [
        Organisation("raad-voor-de-kinderbescherming", "Raad voor de Kinderbescherming", "raad-voor-de-kinderbescherming"),
        Organisation("ggd", "GGD", "ggd", generic=True),
    ]
)


# --- excerpts ---------------------------------------------------------------------------------


def test_bulleted_partners_name_before_the_colon_notes_and_sub_bullets_skipped():
    text = f"""Betrokken partijen (intern en extern) 

{B} Jeugdhulpaanbieders: bekostiging bepaalt in belangrijke mate de bewegingsvrijheid van 
professionals; 

{B} De Raad voor de Kinderbescherming 

{B} Lokale teams gemeenten:  
o In het werkproces dient het bieden van keuze een plek te krijgen 

{B} GGD/JGZ 

{B} (Goede voorbeelden elders opvragen) 

Trekkers 
"""
    parties = _partners(lines_of(text, 100), ORGS)
    assert [(p.printed, p.organisation) for p in parties] == [
        ("Jeugdhulpaanbieders", None),
        ("De Raad voor de Kinderbescherming", "raad-voor-de-kinderbescherming"),
        ("Lokale teams gemeenten", None),
        ("GGD/JGZ", "ggd"),
    ]
    assert parties[0].evidence == Evidence("003", 102, 103)  # the bullet and its continuation


def test_subregions_keep_the_municipalities_and_never_the_persons():
    text = """bestaande uit wethouders uit 17 gemeenten Samenstelling stuurgroep: 

- Kop van Noord-Holland: Ann Example (Schagen), Bob Sample 
(Den Helder) 

Rol/taak: De stuurgroep heeft de regie
"""
    ((name, members, evidence),) = _subregions(lines_of(text, 799), Path("003.txt"), SMALL_INDEX)
    assert name == "Kop van Noord-Holland"
    assert [(m.printed, m.code) for m in members] == [("Schagen", "GM0441"), ("Den Helder", "GM0400")]
    assert evidence == Evidence("003", 801, 802)
    assert "Example" not in repr(members) and "Sample" not in repr(members)


def test_bergen_takes_the_province_of_the_other_names():
    members = _resolve(["Alkmaar", "Bergen"], Evidence("003", 1, 1), Path("003.txt"), SMALL_INDEX)
    assert [m.code for m in members] == ["GM0361", "GM0373"]
    with pytest.raises(SourceError, match="ambiguous"):
        _resolve(["Bergen"], Evidence("003", 5, 5), Path("003.txt"), SMALL_INDEX)


# --- the whole document --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def doc(seeds: Path, municipality_index: MunicipalityIndex):
    return parse(seeds / FILENAME, municipality_index, OrganisationIndex.load())


@pytest.mark.seeds
def test_regio_alkmaar_has_seven_municipalities(doc):
    regio = next(a for a in doc.arrangements if a.key == "regio-alkmaar")
    # 1686–1687: 'regio Alkmaar (gemeenten Alkmaar, Bergen, Castricum, Heerhugowaard, Heiloo,
    # Langedijk en Uitgeest)'; Bergen is Bergen (NH.).
    assert [(m.printed, m.code) for m in regio.members] == [
        ("Alkmaar", "GM0361"),
        ("Bergen", "GM0373"),
        ("Castricum", "GM0383"),
        ("Heerhugowaard", "GM0398"),
        ("Heiloo", "GM0399"),
        ("Langedijk", "GM0416"),
        ("Uitgeest", "GM0450"),
    ]
    assert regio.evidence == Evidence("003", 1686, 1687)
    assert regio.parent == "noord-holland-noord" and regio.parent_evidence == Evidence("003", 807, 807)


@pytest.mark.seeds
def test_noord_holland_noord_and_its_three_sub_regions(doc):
    by_key = {a.key: a for a in doc.arrangements}
    assert by_key["noord-holland-noord"].stated_size == 17  # 640–641
    subs = [a for a in doc.arrangements if a.parent == "noord-holland-noord"]
    assert {a.name for a in subs} == {"Kop van Noord-Holland", "West-Friesland", "Regio Alkmaar"}  # 801–807
    assert [m.printed for m in by_key["kop-van-noord-holland"].members] == ["Schagen", "Den Helder", "Hollands Kroon"]
    assert [m.printed for m in by_key["west-friesland"].members] == ["Hoorn", "Opmeer", "Medemblik"]


@pytest.mark.seeds
def test_nine_projects_each_with_its_annex(doc):
    # 271–287: the numbered selection; annexes 'Bijlage 1' (620) … 'Bijlage 9' (2183).
    assert [p.title for p in doc.projects] == [
        "Bovenregionale samenwerking",
        "Vernieuwde bekostiging",
        "Sturen op resultaat",
        "Vernieuwing van drang- en dwanghulp",
        "Cliënt in positie – uitgaan van keuzevrijheid",
        "Aansluiting van hulp op de grens van 18-/18+",
        "Onderwijs-zorgarrangementen",
        "Vernieuwing van residentiële zorg en pleegzorg",
        "Slimme en effectieve preventie",
    ]
    assert doc.projects[0].annex.first == 620 and doc.projects[-1].annex.first == 2183
    assert doc.projects[1].priority == "hoog"  # 944–946


@pytest.mark.seeds
def test_project_4_partners_and_leads(doc):
    project = doc.projects[3]
    partners = [p.printed for p in project.parties if p.role == "partner"]
    assert partners == [  # 1354–1366
        "De vier Gecertificeerde Instellingen",
        "De Raad voor de Kinderbescherming",
        "Veilig Thuis",
        "De lokale Jeugdteams",
        "Jeugdzorgaanbieders (ambulant)",
        "Jeugdzorg+",
        "Pleeggezinnen",
    ]
    sides = sorted(p.side for p in project.parties if p.role == "lead")
    assert sides == ["gecertificeerde-instellingen", "gemeenten"]  # 1379–1380


@pytest.mark.seeds
def test_eight_supra_regional_functions(doc):
    # 850–859: 'Het gaat om de volgende functies van Jeugdhulp:' and eight dashes.
    assert len(doc.functions) == 8
    assert doc.functions[1].name == "Jeugdzorg Plus" and doc.functions[1].tasks == ("jeugdzorgplus",)
    assert doc.functions[-1].evidence == Evidence("003", 859, 859)


@pytest.mark.seeds
def test_named_care_providers(doc):
    providers = {p.organisation for project in doc.projects for p in project.parties if p.role == "provider"}
    assert providers == {  # 1168, 1211, 1215, 1223, 1386, 2340, 2349, 2414, 2423–2424
        "parlan",
        "de-jeugd-en-gezinsbeschermers",
        "triversum",
        "jeugdbescherming-regio-amsterdam",
        "ggz-noord-holland-noord",
        "vicino",
        "esdege-reigersdaal",
    }


@pytest.mark.seeds
def test_every_curated_name_stands_in_its_lines(seeds: Path):
    rows = read_curation(PARTIES_CSV, ("project", "role"))
    assert check_evidence(rows, seeds) == []
    assert not any("@" in row.printed for row in rows)


@pytest.mark.seeds
def test_a_truncated_document_is_an_error_with_file_and_line(seeds: Path, tmp_path: Path, municipality_index):
    lines = (seeds / FILENAME).read_text(encoding="utf-8").splitlines()
    cut = tmp_path / FILENAME
    cut.write_text("\n".join(lines[:1500]) + "\n", encoding="utf-8")  # ends inside annex 5
    with pytest.raises(SourceError) as err:
        parse(cut, municipality_index, OrganisationIndex.load())
    assert str(cut) in str(err.value) and err.value.line is not None


# --- in the graph -----------------------------------------------------------------------------------



@pytest.mark.seeds
def test_saved_queries_over_alkmaar(store):
    projects = saved_rows(store, "alkmaar-projects")
    assert [r["number"] for r in projects] == [str(n) for n in range(1, 10)]
    assert "Parlan" in projects[2]["leads"]  # 1168
    structure = saved_rows(store, "alkmaar-structure")
    regio = [r["cbs_code"] for r in structure if r["arrangement"] == "Regio Alkmaar"]
    assert len(regio) == 7
    nhn = [r for r in structure if r["arrangement"] == "Noord-Holland Noord"]
    assert {r["stated_members"] for r in nhn} == {"17"} and all(r["derived"] == "True" for r in nhn)
    assert len(saved_rows(store, "alkmaar-supra-regional-functions")) == 8
    assert len(saved_rows(store, "alkmaar-care-providers")) == 9
