"""The parser of the 2013 survey (document 000): one test per layout quirk on a small
excerpt written here, then an integration test over the real seed.

The excerpts mimic the document's layout; expected values are read off the excerpt (or,
for the seed, from the hand extraction sample and the document), never from the parser.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from loaders.errors import SourceError
from loaders.municipalities import MunicipalityIndex, load_aliases, load_reference
from loaders.records import Evidence, Municipality
from loaders.sources import reference_dir, seeds_dir
from loaders.survey2013 import TASKS, adjacent_fields, mail_domain, parse, section_texts, sections
from loaders.survey2013_governance import CURATION, councils_agreed, legally_embedded
from loaders.survey2013_members import parse_members
from loaders.survey2013_sections import QUESTIONS, answer_span
from loaders.survey2013_tasks import levels_of, parse_table
from loaders.text import numbered

SEED = "000_5833ac47ade829ca.txt"
HERE = Path("excerpt.txt")

# --- a small municipality index -----------------------------------------------------------

_TOWNS = {
    "PV25": ["Zutphen", "Hattem", "Mook en Middelaar", "West Maas en Waal", "Maasdriel"],
    "PV26": ["Montfoort", "Oudewater", "Stichtse Vecht", "Woerden"],
    "PV27": ["Stede Broec", "Medemblik", "Bergen (NH.)", "Alkmaar", "Heemstede", "Zandvoort"],
    "PV28": ["Pijnacker-Nootdorp", "Rijswijk", "Capelle aan den IJssel", "Krimpen aan den IJssel"],
    "PV29": ["Middelburg", "Vlissingen", "Veere", "Goes", "Tholen", "Hulst", "Sluis"],
    "PV31": ["Bergen (L.)", "Venlo", "Venray", "Beesel"],
    "PV21": ["Zwolle", "Staphorst"],
}


@pytest.fixture(scope="module")
def small_index() -> MunicipalityIndex:
    municipalities = [
        Municipality(f"GM{9000 + i:04d}", name, province, province, 2013, Evidence("test", 1, 1))
        for i, (province, name) in enumerate((p, n) for p, names in _TOWNS.items() for n in names)
    ]
    return MunicipalityIndex(municipalities)


def members_of(text: str, index: MunicipalityIndex) -> list[str]:
    members, _ = parse_members(numbered(text.splitlines(), start=100), HERE, index, "000")
    return [m.printed for m in members]


# --- municipality lists -------------------------------------------------------------------


def test_en_as_separator_and_inside_a_name(small_index: MunicipalityIndex) -> None:
    assert members_of("Deelnemende gemeenten: Zutphen en Hattem", small_index) == ["Zutphen", "Hattem"]
    assert members_of("Deelnemende gemeenten: Maasdriel, West Maas en Waal, Mook en Middelaar.", small_index) == [
        "Maasdriel",
        "West Maas en Waal",
        "Mook en Middelaar",
    ]


def test_comma_and_en_together(small_index: MunicipalityIndex) -> None:
    assert members_of("Deelnemende gemeenten: Staphorst, en Zwolle.", small_index) == ["Staphorst", "Zwolle"]


def test_missing_commas_split_only_where_both_halves_are_names(small_index: MunicipalityIndex) -> None:
    text = "Deelnemende gemeenten: Montfoort Oudewater, Stichtse Vecht Woerden,"
    assert members_of(text, small_index) == ["Montfoort", "Oudewater", "Stichtse Vecht", "Woerden"]


def test_names_broken_over_lines(small_index: MunicipalityIndex) -> None:
    assert members_of("Deelnemende gemeenten: Medemblik, Stede\nBroec", small_index) == ["Medemblik", "Stede Broec"]
    assert members_of("Deelnemende gemeenten: Rijswijk, Pijnacker-\nNootdorp", small_index) == [
        "Rijswijk",
        "Pijnacker-Nootdorp",
    ]
    assert members_of("Deelnemende gemeenten: Heemstede en\nZandvoort.", small_index) == ["Heemstede", "Zandvoort"]


def test_slash_names_two_municipalities(small_index: MunicipalityIndex) -> None:
    assert members_of("Deelnemende gemeenten: Capelle/Krimpen aan den IJssel", small_index) == [
        "Capelle aan den IJssel",
        "Krimpen aan den IJssel",
    ]


def test_inline_subregion_labels(small_index: MunicipalityIndex) -> None:
    lines = numbered(
        [
            "Deelnemende gemeenten: Walcheren: Middelburg, Vlissingen en Veere Oosterschelderegio: Goes",
            "en Tholen Zeeuws-Vlaanderen:",
            "Hulst en Sluis",
        ],
        start=7483,
    )
    members, subregions = parse_members(lines, HERE, small_index, "000")
    assert [s.name for s in subregions] == ["Walcheren", "Oosterschelderegio", "Zeeuws-Vlaanderen"]
    assert [[m.printed for m in s.members] for s in subregions] == [
        ["Middelburg", "Vlissingen", "Veere"],
        ["Goes", "Tholen"],
        ["Hulst", "Sluis"],
    ]
    assert [m.printed for m in members] == [m.printed for s in subregions for m in s.members]
    assert members[0].evidence == Evidence("000", 7483, 7485)


def test_bergen_placed_by_the_province_of_the_other_members(small_index: MunicipalityIndex) -> None:
    north, _ = parse_members(numbered(["Deelnemende gemeenten: Alkmaar, Bergen, Medemblik"]), HERE, small_index, "000")
    south, _ = parse_members(numbered(["Deelnemende gemeenten: Beesel, Bergen, Venlo en", "Venray"]), HERE, small_index, "000")
    assert small_index.get(north[1].code).name == "Bergen (NH.)"
    assert small_index.get(south[1].code).name == "Bergen (L.)"


def test_unknown_municipality_names_file_and_line(small_index: MunicipalityIndex) -> None:
    lines = numbered(["Deelnemende gemeenten: Zutphen, Hattem,", "Atlantis, Venlo"], start=40)
    with pytest.raises(SourceError, match=r"excerpt.txt:41: unknown municipality 'Atlantis'"):
        parse_members(lines, HERE, small_index, "000")


# --- the task table -----------------------------------------------------------------------

TABLE = """\
1. In hoeverre is er een gedeelde visie in de regio over wat er op lokaal, regionaal en
bovenregionaal niveau dient te worden ingekocht en georganiseerd?

Taak Niveau (lokaal, regionaal of
bovenregionaal)

Status (nog geen opvatting,
intentie, gedeelde afspraak)

Organisatie eerste lijn  Lokaal (inkoop: regionaal) Afspraak
Ambulante hulp Lokaal Intentie
Pleegzorg

Regionaal
Nog geen gezamenlijk ambtelijk
en bestuurlijk standpunt

Residentieel (niet GGZ en LVB) Regionaal idem
Crisisopvang (Boven)regionaal Gedeelde afspraak*
Specifieke jeugdhulp voor VB-
groep (niet eerstelijns) Regionaal idem
Specifieke jeugdhulp voor
jeugdGGZ-groep (niet
eerstelijns)

Bovenregionaal, op niveau van
de veiligheidsregio

Intentie, (onderwerp van

onderzoek)
Jeugdbescherming Regionaal en bovenregionaal Intentie
Jeugdreclassering Subregionaal Intentie
Meldpunten huiselijk geweld en
kindermishandeling

Nog geen opvatting Nog geen opvatting

Jeugdzorgplus  Nog geen opvatting

Toelichting
De regio werkt hier verder aan.
"""


def test_table_rows_in_every_layout() -> None:
    cells, last = parse_table(numbered(TABLE.splitlines(), start=1000), HERE, "000", "99")
    assert [c.task for c in cells] == list(TASKS)
    got = {c.task: (c.levels, c.status, c.status_derived, c.evidence.first, c.evidence.last) for c in cells}
    assert got == {
        "organisatie-eerste-lijn": (("lokaal", "regionaal"), "gedeelde-afspraak", True, 1009, 1009),
        "ambulante-hulp": (("lokaal",), "intentie", False, 1010, 1010),
        "pleegzorg": (("regionaal",), "nog-geen-opvatting", True, 1011, 1015),
        "residentieel": (("regionaal",), "nog-geen-opvatting", True, 1017, 1017),
        "crisisopvang": (("regionaal", "bovenregionaal"), "gedeelde-afspraak", False, 1018, 1018),
        "jeugdhulp-vb": (("regionaal",), "gedeelde-afspraak", True, 1019, 1020),
        "jeugdhulp-jeugdggz": (("bovenregionaal",), "intentie", True, 1021, 1030),
        "jeugdbescherming": (("regionaal", "bovenregionaal"), "intentie", False, 1031, 1031),
        "jeugdreclassering": (("subregionaal",), "intentie", False, 1032, 1032),
        "meldpunten-hgkm": ((), "nog-geen-opvatting", False, 1033, 1036),
        "jeugdzorgplus": ((), "nog-geen-opvatting", False, 1038, 1038),
    }
    assert last == 1038
    pleeg = cells[2]
    assert pleeg.level_text == "Regionaal"
    assert pleeg.status_text == "Nog geen gezamenlijk ambtelijk en bestuurlijk standpunt"
    assert pleeg.cell_text == "Pleegzorg Regionaal Nog geen gezamenlijk ambtelijk en bestuurlijk standpunt"
    assert cells[6].level_text == "Bovenregionaal, op niveau van de veiligheidsregio"
    assert cells[6].status_text == "Intentie, (onderwerp van onderzoek)"
    assert (cells[9].level_text, cells[9].status_text) == ("Nog geen opvatting", "Nog geen opvatting")
    assert (cells[10].level_text, cells[10].status_text) == ("", "Nog geen opvatting")


def test_table_with_a_missing_row_fails() -> None:
    broken = [ln for ln in TABLE.splitlines() if not ln.startswith("Jeugdreclassering")]
    with pytest.raises(SourceError, match="Jeugdreclassering"):
        parse_table(numbered(broken), HERE, "000", "99")


def test_table_without_header_fails() -> None:
    with pytest.raises(SourceError, match="no task table"):
        parse_table(numbered(["1. In hoeverre ...", "Ambulante hulp Lokaal Intentie"]), HERE, "000", "99")


@pytest.mark.parametrize(
    ("cell", "levels"),
    [
        ("Regionaal / bovenregionaal", ("regionaal", "bovenregionaal")),
        ("(boven) regionaal", ("regionaal", "bovenregionaal")),
        ("Lokaal + regionaal", ("lokaal", "regionaal")),
        ("Ambulant: lokaal Residentieel: regionaal", ("lokaal", "regionaal")),
        ("Bovenregionaal (uitvoering: regionaal)", ("bovenregionaal", "regionaal")),
        ("Lokaal met regionale ondersteunende infrastructuur", ("lokaal", "regionaal")),
        ("Lokaal en/ of subregionaal", ("lokaal", "subregionaal")),
        ("Organisatie:regionaal Inkoop: regionaal", ("regionaal",)),
        ("Bovenregionaal, op niveau van de veiligheidsregio", ("bovenregionaal",)),
        ("", ()),
    ],
)
def test_levels_named_in_a_cell(cell: str, levels: tuple[str, ...]) -> None:
    assert levels_of(cell) == levels


# --- answers, question words interleaved ------------------------------------------------


def _question(key: str):  # noqa: ANN202 - a QUESTIONS item
    return next(q for q in QUESTIONS if q.key == key)


def test_answer_on_the_question_line_and_question_tail_removed() -> None:
    lines = numbered(
        [
            "5. Hoe wordt gewerkt aan het Ja, vanaf september 2012 vinden werkconferenties",
            " opbouwen van expertise van",
            "gemeentelijke bestuurders en",
            "ambtenaren in uw regio?",
            "",
            "",
            "plaats voor bestuurders.",
            "",
        ],
        start=1340,
    )
    span = answer_span(lines, _question("inhoud_q5"))
    assert span is not None
    assert (span.first, span.last) == (1340, 1346)
    assert span.text == "Ja, vanaf september 2012 vinden werkconferenties plaats voor bestuurders."


def test_question_tail_inside_the_answer_and_page_footer_removed() -> None:
    lines = numbered(
        [
            "5. Hoe wordt gewerkt aan het",
            "opbouwen van expertise van",
            "gemeentelijke bestuurders en",
            "",
            "De gasten waren: Raad voor de",
            " ambtenaren in uw regio?",
            "",
            "20-06-2013 Regio Utrecht West 53",
            "Kinderbescherming en huisartsen.",
            "",
            "",
        ],
        start=3285,
    )
    span = answer_span(lines, _question("inhoud_q5"))
    assert span is not None
    assert (span.first, span.last) == (3289, 3293)
    assert span.text == "De gasten waren: Raad voor de Kinderbescherming en huisartsen."


def test_no_answer_gives_no_span() -> None:
    assert answer_span(numbered(["1d. Is de samenwerking", "juridisch geborgd?", ""]), _question("governance_q1d")) is None


# --- governance codes, adjacent fields, contact ---------------------------------------------


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("Nee, de gemeenteraden zijn in 2012 over de routekaart geïnformeerd.", "no"),
        ("Ja", "yes"),
        ("Ja, kennisname op visie. Dit wordt binnenkort ter instemming aan de gemeenteraden voorgelegd.", "no"),
        ("Ja, besluitvorming vindt plaats in april/mei 2013. Een aantal heeft al ingestemd, een aantal volgt nog.", "partly"),
        ("De colleges hebben ingestemd met de samenwerkingstructuur.", "no"),
        ("De gemeenteraden hebben ingestemd met de gemeenschappelijke regeling.", "yes"),
        ("De gemeenteraden hebben ingestemd met de voorbereidingen. De raden worden gevraagd voor de zomer in te stemmen.", "partly"),
        ("De bij vraag 1 genoemde notities zijn vastgesteld.", "unknown"),
    ],
)
def test_councils_agreed(answer: str, code: str) -> None:
    assert councils_agreed(answer) == code


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("Nee, dit dient nog nader uitgewerkt te worden.", "no"),
        ("Ja, via de gemeenschappelijke regeling.", "yes"),
        ("De startnotitie is door de colleges vastgesteld en daarmee juridisch geborgd.", "yes"),
        ("De samenwerking is nog niet in een juridisch traject geborgd maar in afspraken.", "no"),
        ("Het is nog te vroeg om op deze vraag inhoudelijk antwoord te geven.", "unknown"),
        ("Er is een intentieverklaring, die wordt in juni getekend.", "no"),
        ("Zie boven", "unknown"),
    ],
)
def test_legally_embedded(answer: str, code: str) -> None:
    assert legally_embedded(answer) == code


def test_adjacent_fields_as_the_answer_names_them() -> None:
    answer = "Jeugdgezondheidszorg, onderwijs, veiligheid, werk en participatie. Ook passend onderwijs en JGZ."
    assert adjacent_fields(answer) == ("jeugdgezondheidszorg", "onderwijs", "veiligheid", "werk", "participatie", "passend onderwijs")


def test_mail_domain_keeps_nothing_of_the_person() -> None:
    assert mail_domain("Contactpersoon: A. Persoon, a.persoon@Example-Gemeente.NL  ") == "example-gemeente.nl"
    assert mail_domain("Contactpersoon: A. Persoon, e: ap@regio.") == "regio"
    assert mail_domain("Contactpersoon: A. Persoon") is None


# --- the real seed ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Path:
    path = seeds_dir() / SEED
    assert path.is_file(), f"seed document missing: {path} (set JEUGDGRAAF_SEEDS)"
    return path


@pytest.fixture(scope="module")
def municipalities_2013() -> list[Municipality]:
    return [m for m in load_reference(reference_dir()).municipalities if m.year == 2013]


@pytest.fixture(scope="module")
def index(municipalities_2013: list[Municipality]) -> MunicipalityIndex:
    return MunicipalityIndex(municipalities_2013, load_aliases())


@pytest.fixture(scope="module")
def survey(seed: Path, index: MunicipalityIndex):  # noqa: ANN201 - a Survey
    return parse(seed, index)


@pytest.fixture(scope="module")
def sample(seed: Path) -> dict[str, dict]:
    path = seed.parent.parent / "examples" / "survey2013_hand_extraction_sample.json"
    units = json.loads(path.read_text(encoding="utf-8"))
    return {u.get("sub_number", str(u["number"])): u for u in units}


@pytest.mark.seeds
def test_seed_units_members_and_tasks(survey, municipalities_2013: list[Municipality]) -> None:  # noqa: ANN001
    ids = [u.survey_id for u in survey.units]
    # 41 numbered headers plus 34.1 and 34.2; 34 itself only introduces its sub-regions,
    # so 42 units answer, each with a table of 11 rows.
    assert ids == [str(i) for i in range(1, 34)] + ["34", "34.1", "34.2"] + [str(i) for i in range(35, 42)]
    answering = [u for u in survey.units if u.survey_id != "34"]
    assert len(answering) == 42
    west_brabant = survey.units[ids.index("34")]
    assert (west_brabant.name, west_brabant.members, west_brabant.tasks) == ("Regio West-Brabant", (), ())
    assert {u.parent for u in survey.units if u.survey_id.startswith("34.")} == {"34"}
    assert all(len(u.tasks) == 11 for u in answering)
    assert sum(len(u.tasks) for u in survey.units) == 462
    codes = [m.code for u in survey.units for m in u.members]
    assert len(codes) == len(set(codes)) == 408  # every 2013 municipality exactly once
    assert set(codes) == {m.code for m in municipalities_2013}
    names = {u.survey_id: u.name for u in survey.units}
    assert names["1"] == "Regio Groningen"
    assert names["20"] == "Profiel Haarlemmermeer"
    assert names["24"] == "Regio Gooi en Vechtstreek"
    assert names["34.1"] == "Subregio West-Brabant-West"


@pytest.mark.seeds
@pytest.mark.parametrize("survey_id", ["1", "13", "20", "34.1", "37"])
def test_seed_reproduces_the_hand_extraction_sample(survey, sample, survey_id: str) -> None:  # noqa: ANN001
    expected = sample[survey_id]
    unit = next(u for u in survey.units if u.survey_id == survey_id)
    assert unit.name == expected["name"]
    assert [m.printed for m in unit.members] == expected["municipalities"]
    for cell, task in zip(unit.tasks, expected["tasks"], strict=True):
        assert TASKS[cell.task] == task["task"]
        assert (cell.evidence.first, cell.evidence.last) == tuple(task["lines"])
        assert list(cell.levels) == task["levels"]
        assert cell.status == task["status"].replace(" ", "-")
        assert cell.status_derived == task.get("status_derived", False) or "status_note" in task
    governance = {g.question: g for g in unit.governance}
    gov = expected["governance"]
    assert governance["councils-agreed"].code == gov["council_approved"]
    assert governance["legally-embedded"].code == gov["legally_secured"]
    assert (governance["councils-agreed"].evidence.first, governance["councils-agreed"].evidence.last) == tuple(gov["lines_1b"])
    assert (governance["legally-embedded"].evidence.first, governance["legally-embedded"].evidence.last) == tuple(gov["lines_1d"])
    if "subregions" in expected:
        assert {s.name: [m.printed for m in s.members] for s in unit.subregions} == expected["subregions"]


@pytest.mark.seeds
def test_seed_contact_gives_only_a_domain(survey) -> None:  # noqa: ANN001
    by_id = {u.survey_id: u for u in survey.units}
    assert by_id["1"].coordinator_domain == "groningen.nl"
    assert by_id["37"].coordinator_domain == "cardea.nl"
    assert by_id["36"].coordinator_evidence == Evidence("000", 7264, 7264)  # a contact line without label
    assert all("@" not in (u.coordinator_domain or "") for u in survey.units)


@pytest.mark.seeds
def test_seed_sections_are_exact(seed: Path) -> None:
    spans = sections(seed)
    texts = section_texts(seed)
    assert spans["13"]["governance_q3"] == Evidence("000", 2498, 2501)
    assert spans["13"]["utrecht_joint_statement"] == Evidence("000", 2502, 2538)
    assert spans["32"]["appendix"] == Evidence("000", 6338, 6370)
    assert spans["32"]["governance_q3"].last == 6337
    assert spans["39"]["appendix"] == Evidence("000", 8016, 8088)
    assert spans["39"]["governance_q3"] == Evidence("000", 8008, 8011)
    assert spans["34"] == {"intro": Evidence("000", 6549, 6552)}
    assert spans["1"]["inhoud_q1_toelichting"] == Evidence("000", 46, 57)
    assert spans["1"]["governance_q3"] == Evidence("000", 212, 224)
    assert spans["34.1"]["inhoud_q4"].first == 6640  # answer begins on the question's line
    assert texts["34.1"]["inhoud_q4"].startswith("Er lopen verschillende initiatieven")
    assert "aanpalende" not in texts["34.1"]["inhoud_q4"]
    assert spans["30"]["inhoud_q4"].first < 5714 < spans["30"]["inhoud_q4"].last  # footer inside
    assert "20-06-2013" not in texts["30"]["inhoud_q4"]
    assert "Onderdeel 2" not in texts["2"]["inhoud_q5"]
    assert texts["3"]["governance_q3"].count("zorgverzekeraars)?") == 0
    assert "governance_q1a" not in spans["26"] and "governance_q1" in spans["26"]


@pytest.mark.seeds
def test_governance_curation_quotes_stand_in_the_seed(seed: Path) -> None:
    lines = seed.read_text(encoding="utf-8").splitlines()
    with CURATION.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        cited = " ".join(" ".join(lines[int(row["first_line"]) - 1 : int(row["last_line"])]).split())
        assert row["quote"] in cited, row


@pytest.mark.seeds
def test_truncated_copy_fails(seed: Path, index: MunicipalityIndex, tmp_path: Path) -> None:
    lines = seed.read_text(encoding="utf-8").splitlines()
    short = tmp_path / SEED
    short.write_text("\n".join(lines[:5000]) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=rf"{SEED}:\d+: .*truncated|question"):
        parse(short, index)


@pytest.mark.seeds
def test_unit_without_table_fails(seed: Path, index: MunicipalityIndex, tmp_path: Path) -> None:
    lines = seed.read_text(encoding="utf-8").splitlines()
    copy = tmp_path / SEED
    copy.write_text("\n".join(ln for i, ln in enumerate(lines) if not 14 <= i + 1 <= 43) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=rf"{SEED}:\d+: unit 1: no task table"):
        parse(copy, index)


@pytest.mark.seeds
def test_unknown_municipality_in_the_seed_fails(seed: Path, index: MunicipalityIndex, tmp_path: Path) -> None:
    text = seed.read_text(encoding="utf-8").replace("Bedum, Bellingwedde", "Bedum, Atlantis", 1)
    copy = tmp_path / SEED
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=rf"{SEED}:3: unknown municipality 'Atlantis'"):
        parse(copy, index)


@pytest.mark.seeds
def test_municipality_in_two_units_fails(seed: Path, index: MunicipalityIndex, tmp_path: Path) -> None:
    text = seed.read_text(encoding="utf-8").replace("Leek, Loppersum", "Leek, Assen, Loppersum", 1)
    copy = tmp_path / SEED
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match="'Assen'.* in units 1 and 3"):
        parse(copy, index)


def test_missing_file_fails(index: MunicipalityIndex, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="file not found"):
        parse(tmp_path / SEED, index)


# --- no silent loss (issue 19.2): what the parser cannot read is an error with file:line ------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Jeugdreclassering Subregionaal Intensie", r"excerpt\.txt:1032: unreadable .*'Intensie' .*'intentie'"),
        ("Jeugdreclassering Regionaaal Intentie", r"excerpt\.txt:1032: unreadable .*'Regionaaal' .*'regionaal'"),
        ("Jeugdreclassering Subregionaal", r"excerpt\.txt:1032: task 'Jeugdreclassering': no status"),
        ("Jeugdreclassering Provinciaal Intentie", r"excerpt\.txt:1032: task 'Jeugdreclassering': no level in 'Provinciaal'"),
    ],
)
def test_an_unreadable_cell_is_an_error(row: str, message: str) -> None:
    lines = [row if ln.startswith("Jeugdreclassering") else ln for ln in TABLE.splitlines()]
    with pytest.raises(SourceError, match=message):
        parse_table(numbered(lines, start=1000), HERE, "000", "99")


def test_idem_without_a_status_above_is_an_error() -> None:
    lines = ["Organisatie eerste lijn Lokaal idem" if ln.startswith("Organisatie eerste lijn") else ln
             for ln in TABLE.splitlines()]
    with pytest.raises(SourceError, match=r"excerpt\.txt:1009: .*no status.*'idem' needs a status above it"):
        parse_table(numbered(lines, start=1000), HERE, "000", "99")


def _damaged(seed: Path, tmp_path: Path, line: int, old: str, new: str) -> Path:
    """A copy of the seed with ``old`` replaced by ``new`` on ``line`` (1-based)."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    copy = tmp_path / SEED
    copy.write_text("\n".join(lines), encoding="utf-8")
    return copy


@pytest.mark.seeds
@pytest.mark.parametrize(
    ("line", "old", "new", "message"),
    [
        # 000:22 "Pleegzorg Regionaal Intentie" (unit 1)
        (22, "Intentie", "Intensie", rf"{SEED}:22: unreadable level or status 'Intensie'"),
        (22, "Regionaal", "Regionaaal", rf"{SEED}:22: unreadable level or status 'Regionaaal'"),
        (22, "Intentie", "", rf"{SEED}:22: task 'Pleegzorg': no status"),
    ],
)
def test_a_misspelt_cell_in_the_seed_is_an_error(seed: Path, index: MunicipalityIndex, tmp_path: Path,
                                                 line: int, old: str, new: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse(_damaged(seed, tmp_path, line, old, new), index)


@pytest.mark.seeds
def test_an_unanswered_governance_question_is_an_error(seed: Path, index: MunicipalityIndex, tmp_path: Path) -> None:
    # 000:183 "Nee, dit dient nog nader uitgewerkt te worden." is unit 1's whole answer to 1d (000:180)
    copy = _damaged(seed, tmp_path, 183, "Nee, dit dient nog nader uitgewerkt te worden.", "")
    with pytest.raises(SourceError, match=rf"{SEED}:180: unit 1: question governance_q1d has no answer"):
        parse(copy, index)


@pytest.mark.seeds
def test_an_address_inside_the_member_list_is_one_clear_error(seed: Path, index: MunicipalityIndex,
                                                              tmp_path: Path) -> None:
    # 000:4 "Groningen, Grootegast, Haren, Hoogezand-Sappemeer, Leek, Loppersum, ..."
    copy = _damaged(seed, tmp_path, 4, "Leek, ", "Leek, info@example.org, ")
    with pytest.raises(SourceError, match=rf"{SEED}:4: unit 1: an e-mail address inside") as caught:
        parse(copy, index)
    assert "example.org" not in str(caught.value)  # the address is never repeated


@pytest.mark.seeds
def test_build_from_a_damaged_seed_gives_one_line(seed: Path, tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from graph.cli import cli

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for document in seed.parent.glob("*.txt"):
        (seeds / document.name).write_bytes(document.read_bytes())
    _damaged(seed, seeds, 4, "Leek, ", "Leek, info@example.org, ")
    monkeypatch.setenv("JEUGDGRAAF_SEEDS", str(seeds))
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "build", "--from-seeds"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [ln for ln in result.output.splitlines() if SEED in ln]
    assert len(errors) == 1 and ":4: unit 1: an e-mail address" in errors[0] and "example.org" not in result.output
    assert not (tmp_path / "store").exists()
