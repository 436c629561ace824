"""Partners, financiers and coordinators of the 2013 survey (loaders/survey2013_partners.py).

Expected values come from reading document 000 (line numbers in the comments) and the
hand extraction in ../shared/examples/survey2013_hand_extraction_sample.json.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from loaders.errors import SourceError
from loaders.organisations import OrganisationIndex
from loaders.records import Evidence, Survey, from_jsonable
from loaders.sources import SHIPPED_DATA
from loaders.survey2013_partners import (
    FINANCIER_KINDS,
    Partners2013,
    find_partners,
    load_mail_domains,
    parse,
)


@pytest.fixture(scope="module")
def index() -> OrganisationIndex:
    return OrganisationIndex.load()


def _partners(text: str, index: OrganisationIndex, section: str = "governance_q2") -> list[tuple[str, str]]:
    lines = text.split("\n")
    found = find_partners("1", section, " ".join(lines), Evidence("000", 1, len(lines)), lines, index)
    return [(m.organisation, m.printed) for m in found]


# --- the parser on small excerpts -------------------------------------------------------------


def test_named_partners_with_their_lines(index):
    # 000 lines 200-203 (region 1, Governance Q2), shortened.
    text = "platform geldt voor alle jeugdzorg aanbieders (Inclusief de LVG, GGZ,\nBJG en de GGD Groningen) . Met de Raad voor de\nKinderbescherming en de cliëntenorganisaties"
    document = [""] * 199 + text.split("\n")  # the excerpt stands on lines 200-202
    found = find_partners("1", "governance_q2", " ".join(document[199:]), Evidence("000", 200, 202), document, index)
    assert [(m.organisation, m.evidence.first, m.evidence.last) for m in found] == [
        ("jeugdzorgaanbieders", 200, 200),
        ("lvb-aanbieders", 200, 200),
        ("ggz-aanbieders", 200, 200),
        ("bureau-jeugdzorg-groningen", 201, 201),
        ("ggd-groningen", 201, 201),
        ("raad-voor-de-kinderbescherming", 201, 202),
        ("clientenorganisaties", 202, 202),
    ]


def test_vague_words_count_only_in_the_partner_question(index):
    # 000 line 1743 (region 9, Q2) against the same words in an Inhoud answer.
    text = "met respectievelijk het onderwijs en de relevante jeugdzorgaanbieders en Bjz"
    assert [o for o, _ in _partners(text, index)] == ["passend-onderwijs", "jeugdzorgaanbieders", "bureaus-jeugdzorg"]
    assert [o for o, _ in _partners(text, index, "inhoud_q4")] == ["jeugdzorgaanbieders", "bureaus-jeugdzorg"]


def test_financiers_are_not_partners(index):
    # 000 line 1948 (region 10, Q3): Menzis is a financier.
    assert _partners("Met zorgkantoor Menzis is een convenant gesloten", index, "governance_q3") == []


def test_the_question_list_is_not_answer_content(seeds):
    """The Q2 list '- (Passend) onderwijs … - Cliënten(organisaties)' is printed in every
    unit (000 lines 7234-7239 in unit 35); the answer spans leave it out, so no parser
    mention cites those lines."""
    facts = _shipped()
    cited = {m.evidence.first for m in facts.partners if m.survey_id == "35"}
    assert not cited & set(range(7234, 7240))


# --- the shipped facts against the document ---------------------------------------------------


def _shipped() -> Partners2013:
    payload = json.loads((SHIPPED_DATA / "partners2013.json").read_text(encoding="utf-8"))
    return from_jsonable(Partners2013, payload["records"])


def _unit_partners(facts: Partners2013, unit: str) -> dict[str, bool]:
    """Organisation id → implicit (True only when every mention is implicit)."""
    out: dict[str, bool] = {}
    for m in facts.partners:
        if m.survey_id == unit:
            out[m.organisation] = out.get(m.organisation, True) and m.implicit
    return out


#: The sample's partners (hand extraction) as organisation ids, read from its names.
SAMPLE = {
    "1": {
        "passend-onderwijs", "kernteam-zorginstellingen-groningen", "lvb-aanbieders", "ggz-aanbieders",
        "bureau-jeugdzorg-groningen", "ggd-groningen", "raad-voor-de-kinderbescherming", "clientenorganisaties",
        "ggd", "veiligheidshuis", "rmc", "vgg", "cjg",
    },
    "13": {
        "regionaal-platform-jeugdzorg-midden-ijssel-oost-veluwe", "jeugdzorgplus-aanbieders", "lvb-aanbieders",
        "ggz-aanbieders", "bureaus-jeugdzorg", "huisartsen", "branche-jeugdzorg-gelderland", "nji",
    },
    "20": {
        "passend-onderwijs", "raad-voor-de-kinderbescherming", "jeugdzorgaanbieders", "bureaus-jeugdzorg",
        "clientenorganisaties", "sociaal-team-nieuw-vennep", "kpmg", "veiligheidsregio-kennemerland",
    },
    "34.1": {
        "passend-onderwijs", "raad-voor-de-kinderbescherming", "jeugdzorgaanbieders", "bureaus-jeugdzorg",
        "clientenorganisaties", "cjg", "veiligheidshuis", "shg", "amk",
    },
    "37": {
        "passend-onderwijs", "raad-voor-de-kinderbescherming", "jeugdzorgaanbieders", "bureaus-jeugdzorg",
        "clientenorganisaties", "pleegouders", "transitieteam-jeugdzorg-zeeland",
    },
}


@pytest.mark.parametrize("unit", sorted(SAMPLE))
def test_sample_units_partners(unit):
    found = set(_unit_partners(_shipped(), unit))
    missing = SAMPLE[unit] - found
    assert len(missing) <= 0.1 * len(SAMPLE[unit]), f"unit {unit} misses {sorted(missing)}"


def test_implicit_categories():
    facts = _shipped()
    # 000 line 1587: region 8 answers only 'Ja' → the five categories, implicit.
    assert _unit_partners(facts, "8") == {
        "passend-onderwijs": True, "raad-voor-de-kinderbescherming": True, "jeugdzorgaanbieders": True,
        "bureaus-jeugdzorg": True, "clientenorganisaties": True,
    }
    # 000 lines 3769-3770: region 20 'Met al deze organisaties …, met de Raad voor de
    # Kinderbescherming en cliëntenorganisaties is het overleg gestart'.
    p20 = _unit_partners(facts, "20")
    assert p20["raad-voor-de-kinderbescherming"] is False and p20["clientenorganisaties"] is False
    assert p20["jeugdzorgaanbieders"] is True
    # 000 line 1428: region 7 'Ja, m.u.v. de Raad voor de Kinderbescherming, deze starten nog'.
    assert "raad-voor-de-kinderbescherming" not in _unit_partners(facts, "7")
    assert _unit_partners(facts, "7")["passend-onderwijs"] is True


def test_bureau_jeugdzorg_is_the_units_own_when_it_names_one():
    # 000 line 390 'Bureau Jeugdzorg' and 399 'Bureau Jeugdzorg Friesland' (region 2);
    # 000 line 3374 'Bureau Jeugdzorg Utrecht' (region 18) is not Friesland's.
    facts = _shipped()
    assert "bureaus-jeugdzorg" not in _unit_partners(facts, "2")
    assert "bureau-jeugdzorg-friesland" in _unit_partners(facts, "2")
    assert "bureau-jeugdzorg-utrecht" in _unit_partners(facts, "18")
    assert "bureau-jeugdzorg-friesland" not in _unit_partners(facts, "18")


def test_financier_counts_read_from_the_document():
    facts = _shipped()
    assert len(facts.financiers) == 42 * 3
    assert {f.survey_id for f in facts.financiers} == {str(i) for i in range(1, 34)} | {"34.1", "34.2"} | {
        str(i) for i in range(35, 42)
    }
    codes = {(f.survey_id, f.kind): f.in_contact for f in facts.financiers}
    # 000 lines 1595-1596 (8): province yes, 'Met zorgkantoren en zorgverzekeraars nog niet'.
    assert [codes[("8", k)] for k in FINANCIER_KINDS] == ["yes", "no", "no"]
    # 000 lines 2706-2709 (14): Provincies and Zorgverzekeraars only; no zorgkantoren line.
    assert [codes[("14", k)] for k in FINANCIER_KINDS] == ["yes", "unknown", "yes"]
    # 000 lines 6744-6748 (34.1): talks with insurers / care offices only planned.
    assert [codes[("34.1", k)] for k in FINANCIER_KINDS] == ["yes", "no", "no"]
    # 000 lines 7477-7480 (36): 'Met CZ en VGZ … nog geen overleg'.
    assert [codes[("36", k)] for k in FINANCIER_KINDS] == ["yes", "no", "no"]
    # The provincie is mentioned in every answering unit's Q3 (or its stadsregio).
    assert Counter(v for (_, k), v in codes.items() if k == "provincie") == {"yes": 42}
    # Reading all 42 answers: zorgkantoor unknown in 4, 14, 22, 24, 26→no, 28, 41.
    assert sorted((u for (u, k), v in codes.items() if k == "zorgkantoor" and v == "unknown"), key=float) == [
        "4", "14", "22", "24", "28", "41"
    ]


def test_named_financiers():
    facts = {(f.survey_id, f.kind): f for f in _shipped().financiers}
    # 000 line 1948 'zorgkantoor Menzis'; 3778 'Stadsregio Amsterdam'; 3056 'Achmea Agis';
    # 6331-6334 'zorgverzekeraar VGZ' … 'zorgverzekeraar CZ'; 2312 'provincies Utrecht en Gelderland'.
    assert facts[("10", "zorgkantoor")].financiers == ("menzis",)
    assert facts[("20", "provincie")].financiers == ("stadsregio-amsterdam",)
    assert facts[("16", "zorgverzekeraar")].financiers == ("achmea",)
    assert facts[("32", "zorgverzekeraar")].financiers == ("vgz", "cz")
    assert facts[("12", "provincie")].financiers == ("provincie-utrecht", "provincie-gelderland")
    assert facts[("2", "provincie")].financiers == ()
    assert facts[("8", "zorgkantoor")].answer_text.startswith("Met de provincie op ambtelijk")


def test_coordinators_by_mail_domain():
    coordinators = {c.survey_id: c for c in _shipped().coordinators}
    assert coordinators["1"].municipality == "GM0014"  # 000 line 6: a groningen.nl address
    assert coordinators["37"].organisation == "cardea"  # 000 line 7486: cardea.nl
    assert "2" not in coordinators  # a domain naming a person is deliberately not mapped


def test_mail_domains_name_known_municipalities(index):
    reference = json.loads((SHIPPED_DATA / "reference.json").read_text(encoding="utf-8"))["records"]
    names = {m["code"]: m["name"] for m in reference["municipalities"] if m["year"] == 2013}
    for d in load_mail_domains().values():
        if d.municipality:
            assert names[d.municipality] == d.name, d.domain
        else:
            assert index.get(d.organisation).name == d.name, d.domain


def test_mail_domain_row_with_both_targets_is_refused(tmp_path: Path):
    path = tmp_path / "domains.csv"
    path.write_text("domain,municipality,organisation,name,note\nx.nl,GM0014,cardea,X,\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"domains.csv:2: give a municipality code or an organisation id"):
        load_mail_domains(path)


# --- curation tables with bad rows ------------------------------------------------------------


@pytest.mark.seeds
def test_bad_curation_row_names_table_and_line(seeds, tmp_path, index):
    survey = from_jsonable(Survey, json.loads((SHIPPED_DATA / "survey2013.json").read_text(encoding="utf-8"))["records"])
    data = tmp_path / "data"
    data.mkdir()
    for name in ("survey2013_partners.csv", "mail_domains.csv"):
        (data / name).write_text((SHIPPED_DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    bad = "document,first_line,last_line,printed,survey_id,kind,in_contact,organisation,note\n000,1595,1595,provincie,8,provincie,maybe,,\n"
    (data / "survey2013_financiers.csv").write_text(bad, encoding="utf-8")
    with pytest.raises(SourceError, match=r"survey2013_financiers.csv:2: in_contact must be"):
        parse(seeds / "000_5833ac47ade829ca.txt", survey, index, data)


@pytest.mark.seeds
def test_regeneration_equals_shipped(seeds, index):
    """The shipped partner facts are what the parser and tables give on the seed today."""
    survey = from_jsonable(Survey, json.loads((SHIPPED_DATA / "survey2013.json").read_text(encoding="utf-8"))["records"])
    assert parse(seeds / "000_5833ac47ade829ca.txt", survey, index) == _shipped()


# --- the saved queries on the built store ---------------------------------------------------------


def _run(store, name: str):
    from graph.run import LocalTarget, run_query

    return run_query(name, {}, LocalTarget(store)).table()


def test_region_financiers_query(store):
    table = _run(store, "region-financiers")
    assert table.columns == ("survey_id", "region", "financier_kind", "financier", "in_contact")
    assert len(table.rows) == 42 * 3
    rows = {(r[0], r[2]): r for r in table.rows}
    assert {r[2] for r in table.rows} == set(FINANCIER_KINDS)
    assert {r[4] for r in table.rows} <= {"yes", "no", "unknown"}
    assert rows[("10", "zorgkantoor")][3:] == ("Menzis", "yes")  # 000 line 1948
    assert rows[("1", "zorgkantoor")][3:] in (("", "yes"), (None, "yes"))
    assert rows[("33", "provincie")][3] == "Provincie Noord-Brabant"  # 000 line 6541


def test_region_partners_query(store):
    table = _run(store, "region-partners")
    assert table.columns == ("survey_id", "region", "partner", "partner_kind", "implicit")
    rows = {(r[0], r[2]): r for r in table.rows}
    assert len(rows) == len(table.rows)  # one row per unit and partner
    assert rows[("8", "Raad voor de Kinderbescherming")][3:] == ("raad-voor-de-kinderbescherming", True)
    assert rows[("1", "Bureau Jeugdzorg Groningen")][3:] == ("bureau-jeugdzorg", False)  # 000 line 202 'BJG'
    assert "34" not in {r[0] for r in table.rows}
