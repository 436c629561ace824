"""Document 001 (Stadsregio Rotterdam, 2012): participants, opgaven, pilots, transfers, budget.

Expected values are read from the document (comments cite its lines), never from the code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import saved_rows

from loaders.curation import CurationRow, check_evidence, read_curation
from loaders.errors import SourceError
from loaders.municipalities import MunicipalityIndex, Predecessor, mergers_into
from loaders.organisations import Organisation, OrganisationIndex
from loaders.records import Evidence, Merger, Municipality
from loaders.rotterdam2012 import FUNDERS_CSV, THEMES_CSV, _amount_table, _pho_rows, _split_list, parse
from loaders.rotterdam2012_opgaven import _decision, match_groups, parse_groups, parse_opgaven
from loaders.text import numbered

FILENAME = "001_6e1cbb5f6f5d01bb.txt"
B = "•"


def lines_of(text: str, start: int = 1):
    return numbered(text.splitlines(), start)


def heading(line: int, printed: str, last: int | None = None) -> CurationRow:
    return CurationRow("themes.csv", 1, Evidence("001", line, last or line), printed)


# --- layout quirks on small excerpts ---------------------------------------------------------


def test_decision_words_and_the_title_that_starts_with_one():
    assert _decision(f"{B} Eerste schil Lokaal ") == "lokaal"
    assert _decision("Gemeenschappelijk  ") == "gemeenschappelijk"
    assert _decision(f"{B} Betrekking op schil 3 Gemeenschappelijk ") == "gemeenschappelijk"
    assert _decision("- Eerste schil Lokaal ") == "lokaal"
    # 1389: '• Gemeenschappelijk' opens the title 'Gemeenschappelijk uitgangspunten …'
    assert _decision(f"{B} Gemeenschappelijk ") is None
    assert _decision("gemeenschappelijk ") is None  # the repeated header's 'Lokaal of / gemeenschappelijk'


EXCERPT = f"""\
Toeleiding naar zorg   

{B} Minimale omvang collectief 

aanbod 

{B} Minimale omvang collectief 

aanbod heeft betrekking 

Gemeenschappelijk 

{B} Werkatelier 

{B} O.a. ook 

onderdeel van 

Yperen  

{B} Huidige voorzieningen, 

toetsen 

{B} Eerste schil Lokaal 
 Opgaven Toelichting op basis van 

primair referentiekader 

Lokaal of 

gemeenschappelijk 

verdiepen 

Overig    

Contact met beroepsgroepen {B} Betrekking op meerdere 

schillen 

Lokaal 
"""


def test_rows_bulleted_working_form_repeated_header_and_mid_line_bullet():
    lines = lines_of(EXCERPT, 1457)
    themes = [heading(1457, "Toeleiding naar zorg"), heading(1492, "Overig")]
    rows = parse_opgaven(lines, Path("001.txt"), 0, len(lines), themes)
    assert [(o.title, o.theme, o.agenda) for o in rows] == [
        ("Minimale omvang collectief aanbod", "Toeleiding naar zorg", "gemeenschappelijk"),
        ("Huidige voorzieningen, toetsen", "Toeleiding naar zorg", "lokaal"),
        ("Contact met beroepsgroepen", "Overig", "lokaal"),
    ]
    # the working form's own bullets stay in the working form, not a new opgave
    assert rows[0].work_form == "Werkatelier O.a. ook onderdeel van Yperen"
    assert rows[0].evidence == Evidence("001", 1459, 1475)  # through the working form


def test_a_padded_heading_missing_from_the_curation_is_an_error():
    lines = lines_of(EXCERPT, 1457)
    with pytest.raises(SourceError) as err:
        parse_opgaven(lines, Path("001.txt"), 0, len(lines), [heading(1457, "Toeleiding naar zorg")])
    assert err.value.line == 1492 and "Overig" in str(err.value)


GROUPS = """\
A. Thematische werkgroepen
I. Werkgroep: sturing & financiering

\ufffd keuze voor zorginkoopmodel(len)

\ufffd ontwikkelen van scenario’s t.a.v. het heffen van eigen bijdrage en hoe hieraan uitvoering
gegeven kan worden.

Werkatelier Zorgcoördinatie

\ufffd Definitie en positionering van het begrip zorgcoördinatie in het nieuwe stelsel.
"""


def test_working_groups_wrapped_items_and_matching_titles():
    lines = lines_of(GROUPS, 2837)
    groups = parse_groups(lines, Path("001.txt"), 0, len(lines))
    assert [(g.name, g.kind, [t for t, _ in items]) for g, items in groups] == [
        (
            "Werkgroep: sturing & financiering",
            "werkgroep",
            [
                "keuze voor zorginkoopmodel(len)",
                "ontwikkelen van scenario’s t.a.v. het heffen van eigen bijdrage en hoe hieraan uitvoering gegeven kan worden.",
            ],
        ),
        ("Werkatelier Zorgcoördinatie", "werkatelier", ["Definitie en positionering van het begrip zorgcoördinatie in het nieuwe stelsel."]),
    ]
    from loaders.regional_records import Opgave

    def opgave(n, title, agenda="gemeenschappelijk"):
        return Opgave(n, title, "T", agenda, "", Evidence("001", n, n))

    table = (
        opgave(1, "Keuze voor zorginkoopmodel(len)"),
        opgave(2, "Ontwikkelen van scenario’s t.a.v. het heffen van eigen bijdrage en hoe hieraan uitvoering gegeven kan worden."),
        opgave(3, "Definitie en positionering van het begrip zorgcoördinatie in het nieuwe stelsel"),
        opgave(4, "Contact met beroepsgroepen", "lokaal"),
    )
    matched = match_groups(table, groups, Path("001.txt"))
    assert [o.working_group for o in matched] == [
        "werkgroep-sturing-financiering",
        "werkgroep-sturing-financiering",
        "werkatelier-zorgcoordinatie",
        None,
    ]
    with pytest.raises(SourceError, match="in no §5.2.2 list"):
        match_groups(table + (opgave(5, "Jeugdzorg plus"),), groups, Path("001.txt"))


def test_task_lists_split_outside_parentheses():
    # 4619–4620
    assert _split_list("de jeugd-ggz (Zvw) en de zorg voor jeugdige licht verstandelijk gehandicapten (j-lvg, AWBZ)") == [
        "de jeugd-ggz (Zvw)",
        "de zorg voor jeugdige licht verstandelijk gehandicapten (j-lvg, AWBZ)",
    ]


BUDGET = """\
Budget 2012

Omschrijving Budget

Stadsregio transitiebudget 100.000

Circa 50% van de optelsom transitiemiddelen gemeenten
stadsregio

315.000

Totaal 415.000
"""


def test_budget_rows_with_a_wrapped_label_and_their_total():
    lines = lines_of(BUDGET, 3914)
    rows = _amount_table(lines, Path("001.txt"), r"^Budget (\d{4})\s*$", "bron")
    assert [(b.label, b.amount, b.year, b.evidence.first, b.evidence.last) for b in rows] == [
        ("Stadsregio transitiebudget", 100000, 2012, 3918, 3918),
        ("Circa 50% van de optelsom transitiemiddelen gemeenten stadsregio", 315000, 2012, 3920, 3923),
    ]
    wrong = lines_of(BUDGET.replace("Totaal 415.000", "Totaal 634.000"), 3914)
    with pytest.raises(SourceError) as err:
        _amount_table(wrong, Path("001.txt"), r"^Budget (\d{4})\s*$", "bron")
    assert err.value.line == 3925


def municipality(code: str, name: str) -> Municipality:
    return Municipality(code, name, "PV28", "Zuid-Holland", 2013, Evidence("cbs2013", 1, 1))


def test_pho_rows_keep_the_municipality_never_the_person():
    index = MunicipalityIndex([municipality("GM0502", "Capelle aan den IJssel"), municipality("GM0599", "Rotterdam")])
    text = "Leden van het PHO\n\nNaam Gemeente\n\nMevrouw Hartnagel Capelle a/d IJssel\n\nDe heer De Jong Dirksland\n\nDe heer De Jonge Rotterdam\n\nLeden van het AOJ\n"
    rows = _pho_rows(lines_of(text, 4679), Path("001.txt"), index, {"Dirksland"})
    assert rows == [("Capelle a/d IJssel", 4683), ("Dirksland", 4685), ("Rotterdam", 4687)]


def test_a_truncated_document_is_an_error_with_file_and_line(tmp_path: Path):
    cut = tmp_path / FILENAME
    cut.write_text(" 1 Inleiding \n\nIn 4 jaar: 50% meer kinderen in de GGZ.\n", encoding="utf-8")
    merger = (Merger("2013-01-01", ("GM0504",), "GM1924", Evidence("rvig33", 506, 506)), (Predecessor("GM0504", "Dirksland", "2013-01-01", Evidence("rvig33", 506, 506)),))
    orgs = OrganisationIndex([Organisation("stadsregio-rotterdam", "Stadsregio Rotterdam", "stadsregio")])
    with pytest.raises(SourceError) as err:
        parse(cut, MunicipalityIndex([]), merger, orgs, themes=[], funders=[])
    assert str(cut) in str(err.value) and err.value.line == 3


# --- the whole document (seeds) ----------------------------------------------------------------


@pytest.fixture(scope="module")
def doc(seeds: Path, reference: Path, municipality_index: MunicipalityIndex):
    return parse(seeds / FILENAME, municipality_index, mergers_into(reference, "GM1924"), OrganisationIndex.load())


@pytest.mark.seeds
def test_fifteen_members_and_four_participants_without_membership(doc):
    # 134–135: 'intergemeentelijk samenwerkingsverband van 15 gemeenten'; 182–187: Dirksland,
    # Goedereede, Middelharnis, Oostflakkee 'maken geen deel uit van de stadsregio Rotterdam';
    # Bijlage 1, 4683–4719: the 19 members of the PHO.
    assert len(doc.members) == 15
    assert {m.printed for m in doc.participants} == {"Dirksland", "Goedereede", "Middelharnis", "Oostflakkee"}
    assert ("Capelle a/d IJssel", "GM0502") in [(m.printed, m.code) for m in doc.members]  # 4691
    assert doc.members[0].evidence == Evidence("001", 4683, 4683)  # Albrandswaard
    assert doc.stadsregio_org == "stadsregio-rotterdam"
    assert doc.participants_evidence == Evidence("001", 182, 187)
    assert doc.programme_evidence == Evidence("001", 2764, 2764)  # 'dus de 19 gemeente(n)'


@pytest.mark.seeds
def test_goeree_overflakkee_merger_from_rvig(doc):
    # RvIG table 33: 0504 Dirksland, 0511 Goedereede, 0559 Middelharnis, 0580 Oostflakkee end
    # 20130101 with new code 1924 (Goeree-Overflakkee).
    assert doc.merger.date == "2013-01-01" and doc.merger.resulting == "GM1924"
    assert doc.merger.original == ("GM0504", "GM0511", "GM0559", "GM0580")
    assert {m.code for m in doc.participants} == set(doc.merger.original)


@pytest.mark.seeds
def test_sub_regions(doc):
    # 3326: 'Elke subregio (NWN, BAR, Voorne-Putten, LKC en Rotterdam)'
    assert [s.name for s in doc.subregions] == ["NWN", "BAR", "Voorne-Putten", "LKC", "Rotterdam"]
    assert [m.code for m in doc.subregions[-1].members] == ["GM0599"]
    assert all(not s.members for s in doc.subregions[:-1])  # the plan names no members


@pytest.mark.seeds
def test_forty_seven_opgaven_thirty_three_joint(doc):
    # Table 5.1, 1136–2761: 47 rows; §5.2.2 (2829–2938) lists the 33 joint ones: 3 + 12 + 8
    # under the working groups, 10 under the werkateliers and meetings.
    assert len(doc.opgaven) == 47
    joint = [o for o in doc.opgaven if o.agenda == "gemeenschappelijk"]
    assert len(joint) == 33 and all(o.working_group for o in joint)
    assert [o.number for o in doc.opgaven if o.agenda == "lokaal"] == [1, 3, 4, 5, 8, 9, 11, 13, 18, 22, 44, 45, 46, 47]
    counts = {}
    for o in joint:
        counts[o.working_group] = counts.get(o.working_group, 0) + 1
    assert counts["werkgroep-signalering-diagnosestelling-en-zorgtoeleiding"] == 3  # 2832–2836
    assert counts["werkgroep-sturing-financiering"] == 12  # 2840–2863
    assert counts["werkgroep-jeugdbescherming-en-jeugdreclassering"] == 8  # 2868–2885
    first = doc.opgaven[0]
    assert (first.title, first.theme, first.evidence) == (
        "Uitwerking van de betekenis van de visie in de eigen gemeente",  # 1152–1154
        "Visie",  # 1150
        Evidence("001", 1152, 1156),
    )


@pytest.mark.seeds
def test_bjz_opgave_follows_the_working_group_list_and_keeps_the_table_text(doc):
    # 1639–1673: the table puts it in 'Thematische werkgroep diagnosestelling en zorg
    # toeleiding'; 2870 lists it under werkgroep III (jeugdbescherming en jeugdreclassering).
    bjz = next(o for o in doc.opgaven if o.title.startswith("Inbedding van huidige taken en functies van BJZ"))
    assert bjz.working_group == "werkgroep-jeugdbescherming-en-jeugdreclassering"
    assert bjz.work_form == "Thematische werkgroep diagnosestelling en zorg toeleiding"
    assert bjz.working_group_evidence == Evidence("001", 2870, 2871)


@pytest.mark.seeds
def test_themes_in_table_order(doc):
    themes = list(dict.fromkeys(o.theme for o in doc.opgaven))
    assert themes == [
        "Visie",
        "Versterken CJG",
        "Onderwijs en zorg",
        "Toeleiding naar zorg",
        "Zorgcoördinatie",
        "Sturing",
        "Financiering",
        "Nieuwe jeugdzorgtaken: J-GGZ, J-LVG, Jeugdreclassering en Jeugdbescherming",
        "Overig",
    ]


@pytest.mark.seeds
def test_every_curated_name_stands_in_its_lines(seeds: Path):
    themes = read_curation(THEMES_CSV)
    funders = read_curation(FUNDERS_CSV, ("budget_line", "funder"))
    assert len(themes) == 9 and len(funders) == 3
    assert check_evidence([*themes, *funders], seeds) == []


@pytest.mark.seeds
def test_pilot_themes_and_the_simulation(doc):
    # 3116, 3128, 3138, 3147: four themes; 3154: 'Voor het thema sturing & financiering
    # (zorginkoop) wordt een simulatie ingericht'
    assert [(p.name, p.kind, len(p.topics)) for p in doc.pilots] == [
        ("Onderwijs & Zorg", "proeftuin", 2),
        ("Doorontwikkeling CJG", "proeftuin", 2),
        ("Diagnose & Toeleiding", "proeftuin", 2),
        ("Jeugdbescherming & jeugdreclassering", "proeftuin", 1),
        ("sturing & financiering (zorginkoop)", "simulatie", 0),
    ]


@pytest.mark.seeds
def test_task_transfers(doc):
    by_holder = {}
    for t in doc.transfers:
        by_holder.setdefault(t.holder_org, []).append(t.task)
    # 4600–4602: toegangstaken BJZ, geïndiceerde jeugdzorg, pleegzorg, crisishulp, JB, JR
    assert by_holder["stadsregio-rotterdam"] == [
        "toegang-bureau-jeugdzorg",
        "geindiceerde-jeugdzorg",
        "pleegzorg",
        "crisishulp",
        "jeugdbescherming",
        "jeugdreclassering",
    ]
    assert by_holder["ministerie-van-vws"] == ["jeugdzorg-plus"]  # 4612–4613
    assert by_holder["zorgverzekeraars"] == ["jeugd-ggz", "jeugd-lvg"]  # 4619–4620
    assert {t.year for t in doc.transfers} == {2015}  # 4554–4555 'naar verwachting per 2015'


@pytest.mark.seeds
def test_budget_2012(doc):
    lines = {(b.side, b.label, b.year): (b.amount, b.funder) for b in doc.budget}
    # 3916–3927: sources; 3814–3824: costs; both total 634.000
    assert lines[("bron", "Stadsregio transitiebudget", 2012)] == (100000, "stadsregio-rotterdam")
    assert lines[("bron", "Circa 50% van de optelsom transitiemiddelen gemeenten stadsregio", 2012)] == (315000, "programma")
    assert lines[("bron", "RAS middelen", 2012)] == (219000, "provincie-zuid-holland")  # 3935: 'aanvraag bij de PZH'
    assert sum(b.amount for b in doc.budget if b.side == "kosten") == 634000
    assert lines[("kosten", "Thematische werkgroepen", 2012)] == (536000, None)
    # 3964–3965: 'doeluitkering van 1,5 mln' in 2012, the same amount reserved for 2013
    assert lines[("doeluitkering", "doeluitkering van 1,5 mln", 2012)] == (1500000, "stadsregio-rotterdam")
    assert lines[("doeluitkering", "doeluitkering van 1,5 mln", 2013)] == (1500000, "stadsregio-rotterdam")


@pytest.mark.seeds
def test_no_person_enters_the_records(doc):
    text = json.dumps(str(doc))
    for person in ("Rombout", "Hartnagel", "Gebben", "Meuwissen", "Op het Veld"):  # Bijlage 1
        assert person not in text


@pytest.mark.seeds
def test_a_truncated_real_document_names_file_and_line(seeds: Path, reference: Path, tmp_path: Path, municipality_index):
    lines = (seeds / FILENAME).read_text(encoding="utf-8").splitlines()
    cut = tmp_path / FILENAME
    cut.write_text("\n".join(lines[:2500]) + "\n", encoding="utf-8")  # ends inside table 5.1
    with pytest.raises(SourceError) as err:
        parse(cut, municipality_index, mergers_into(reference, "GM1924"), OrganisationIndex.load())
    assert str(cut) in str(err.value) and err.value.line is not None


# --- in the graph ------------------------------------------------------------------------------



@pytest.mark.seeds
def test_saved_queries_over_rotterdam(store):
    members = saved_rows(store, "rotterdam-members")
    assert len({r["cbs_code"] for r in members}) == 19
    assert sum(r["stadsregio_member"] == "yes" for r in {r["cbs_code"]: r for r in members}.values()) == 15
    dirksland = next(r for r in members if r["cbs_code"] == "GM0504")
    assert (dirksland["stadsregio_member"], dirksland["programme_role"], dirksland["merged_into"]) == (
        "no",
        "deelnemer zonder lidmaatschap",
        "GM1924",
    )
    opgaven = saved_rows(store, "rotterdam-opgaven")
    assert [r["number"] for r in opgaven] == [str(n) for n in range(1, 48)]
    budget = saved_rows(store, "rotterdam-budget")
    assert sum(int(r["amount_eur"]) for r in budget if r["side"] == "bron") == 634000
    transfers = saved_rows(store, "rotterdam-task-transfers")
    assert {r["mapping"] for r in transfers if r["task"] == "pleegzorg"} == {"exactMatch"}
