"""Document 002 (Utrecht, 2013): regions, scale levels, purchasing levels, statistics.

Expected values are read from the document (comments cite its lines), never from the code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import saved_rows

from loaders.errors import SourceError
from loaders.municipalities import MunicipalityIndex
from loaders.records import Evidence, Member, Municipality
from loaders.regional_records import Observation, UtrechtRegion
from loaders.text import numbered
from loaders.utrecht2013 import (
    _best_split,
    assign_regions,
    join_pieces,
    parse,
    parse_scale_levels,
    parse_statistics,
    parse_tasks,
)

FILENAME = "002_4ffd5e7e2fb8fbe5.txt"
B = "\uf0b7"  # the rationale bullet


def lines_of(text: str, start: int = 1):
    return numbered(text.splitlines(), start)


# --- layout quirks on small excerpts ---------------------------------------------------------


def test_a_piece_without_trailing_space_continues_the_word():
    # 505–508: 'Kinderbescher' / 'mingsmaatrege' / '' / 'len '
    assert join_pieces(lines_of("Kinderbescher\nmingsmaatrege\n\nlen \nBoven-\nregionaal ")) == "Kinderbeschermingsmaatregelen Boven-regionaal"


TASKS = f"""\
Taak Schaal 
inkoop 

Preventie en 
signalering 

Lokaal  {B} Het preventieve aanbod is algemeen 
toegankelijk 

Ambulante 
hulp en 

toegang en 
Toeleiding8 
 
(Wijk of Buurt 
teams) 

Lokaal en 
regionaal  

{B} Aansluiting op de lokale infrastructuur 
specialistische 
ambulante 
ondersteuning  
(GGZ, LVB, 
jeugd en 
opvoed hulp) 

Regionaal {B} Specialistische hulp 
tweedelijns 
jeugd-GGZ, 

derdelijns 
jeugd-GGZ,  

Regionaal / 
Bovenregion

aal 
Meldpunt 

Huiselijk 
Geweld en 
Kindermishand
eling (AMHK) 

Boven-

regionaal / 
via huidige 
centrum 
gemeenten 

{B} Steunpunt
Kinderbescher
mingsmaatrege

len 

Boven-
regionaal 
Crisisdienst Boven-

regionaal 
Jeugdreclasseri

ng 

Boven-

regionaal 
Pleegzorg / 

(tijdelijke) 
gezinsvervangi
ng 

Boven-

regionaal 
Residentiële 
hulp,  

Boven-
regionaal 
multifunctionel
e centra, en 
orthopedagogis
che 
behandelcentra 

Bovenregion
aal 
Gesloten 

jeugdhulp 

Bovenregion

aal 
Tot slot zijn er nog aantal functies die landelijk worden ingekocht
"""


def test_task_rows_found_by_label_and_level_cells_read():
    rows = parse_tasks(lines_of(TASKS, 297), Path("002.txt"))
    assert [(r.task, r.levels) for r in rows] == [
        ("preventie-en-signalering", ("lokaal",)),
        ("ambulante-hulp-en-toegang", ("lokaal", "regionaal")),
        ("specialistische-ambulante-ondersteuning", ("regionaal",)),
        ("tweede-en-derdelijns-jeugd-ggz", ("regionaal", "bovenregionaal")),
        ("amhk", ("bovenregionaal",)),
        ("kinderbeschermingsmaatregelen", ("bovenregionaal",)),
        ("crisisdienst", ("bovenregionaal",)),
        ("jeugdreclassering", ("bovenregionaal",)),
        ("pleegzorg-gezinsvervanging", ("bovenregionaal",)),
        ("residentiele-hulp", ("bovenregionaal",)),
        ("multifunctionele-centra-obc", ("bovenregionaal",)),
        ("gesloten-jeugdhulp", ("bovenregionaal",)),
    ]
    assert rows[4].level_text == "Boven-regionaal / via huidige centrum gemeenten"
    assert rows[0].evidence == Evidence("002", 300, 303)  # label and level cell


def test_a_missing_task_row_is_an_error_with_its_line():
    cut = TASKS.replace("Crisisdienst Boven-", "Crisis Boven-")
    with pytest.raises(SourceError, match="Crisisdienst"):
        parse_tasks(lines_of(cut, 297), Path("002.txt"))


def test_scale_levels_with_ranges_and_a_criterion():
    text = (
        "Schaalniveau Indicatie inwonertal 5 \n\nLokaal 20.000- 60.000 \n\nRegionaal 150.000-300.000 \n\n"
        "Bovenregionaal Vanaf 500.000 \n\nLandelijk Volgt niet uit inwonertal maar uit combinatie van aantal cliënten, \n"
        "ordening aanbod en inhoud aanbod \n\n \nNb. De inwoner aantallen\n"
    )
    levels = parse_scale_levels(lines_of(text, 273), Path("002.txt"))
    assert [(s.level, s.min_inhabitants, s.max_inhabitants) for s in levels] == [
        ("lokaal", 20000, 60000),
        ("regionaal", 150000, 300000),
        ("bovenregionaal", 500000, None),
        ("landelijk", None, None),
    ]
    assert levels[-1].criterion.endswith("ordening aanbod en inhoud aanbod")
    assert levels[-1].evidence == Evidence("002", 281, 282)


def municipality(code: str, name: str) -> Municipality:
    return Municipality(code, name, "PV26", "Utrecht", 2013, Evidence("cbs2013", 1, 1))


STATS = """\
Gemeente 0-17 0-22 totaal Toegang AMK JB JR

Aanmelding 

2012

Eemnes 2.184 2.651 8.837 18 10 4 3 9 212 95 113 10 of minder 11

Renswoude 1.260 1.594 4.602 34 10 6 2 11 57 10 of minder 41 10 of minder 10 of minder

3444 4245 13439 52 20 10 5 20 269 100 154 15 20

Aantal inwoners (per 1-10-2010)
"""


def test_statistics_rows_censored_cells_and_the_total_row():
    index = MunicipalityIndex([municipality("GM0317", "Eemnes"), municipality("GM0352", "Renswoude")])
    rows, totals, members = parse_statistics(lines_of(STATS, 930), Path("002.txt"), index)
    assert [m.printed for m in members] == ["Eemnes", "Renswoude"]
    renswoude = {o.measure: o for o in rows[1]}
    assert renswoude["ggz-eerstelijns"].value is None and renswoude["ggz-eerstelijns"].at_most == 10
    assert renswoude["inwoners-totaal"].value == 4602
    assert totals[0].municipality is None and totals[0].value == 3444
    wrong = STATS.replace("3444 4245", "3445 4245")
    with pytest.raises(SourceError) as err:
        parse_statistics(lines_of(wrong, 930), Path("002.txt"), index)
    assert err.value.line == 940


def test_regions_are_the_best_consecutive_split():
    # Three rows of 100, 50, 50 and two regions of 102 and 99: only [100] + [50, 50] fits.
    assert _best_split([100, 50, 50], [102, 99]) == (pytest.approx(2 / 102), [0, 1, 3])
    regions = (UtrechtRegion("A", 102, Evidence("002", 1, 1)), UtrechtRegion("B", 99, Evidence("002", 2, 2)))
    members = tuple(Member(n, c, Evidence("002", 5, 5)) for n, c in (("X", "GM1"), ("Y", "GM2"), ("Z", "GM3")))
    rows = [(Observation(m.code, "inwoners-totaal", str(p), m.evidence, value=p),) for m, p in zip(members, (100, 50, 50))]
    out = assign_regions(regions, members, rows, Path("002.txt"))
    assert [[m.printed for m in r.members] for r in out] == [["X"], ["Y", "Z"]]
    with pytest.raises(SourceError, match="cannot be grouped"):
        assign_regions((regions[0], UtrechtRegion("B", 300, Evidence("002", 2, 2))), members, rows, Path("002.txt"))


def test_a_truncated_document_is_an_error_with_file_and_line(tmp_path: Path):
    cut = tmp_path / FILENAME
    cut.write_text("Transitie jeugdzorg Utrechtse gemeenten \nBijlage 7 bij Kadernota Zorg voor Jeugd \n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        parse(cut, MunicipalityIndex([]))
    assert str(cut) in str(err.value) and err.value.line == 2


# --- the whole document (seeds) ----------------------------------------------------------------


@pytest.fixture(scope="module")
def doc(seeds: Path, municipality_index: MunicipalityIndex):
    return parse(seeds / FILENAME, municipality_index)


@pytest.mark.seeds
def test_six_regions_with_their_inhabitants(doc):
    # 232–242: Eemland 288.177 … Utrecht 316.275 (total 1.237.117 at 244)
    assert [(r.name, r.inhabitants) for r in doc.regions] == [
        ("Eemland", 288177),
        ("Lekstroom", 177020),
        ("Zuidoost", 189094),
        ("Utrecht-West", 179795),
        ("Food Valley – deel provincie Utrecht", 86756),
        ("Utrecht", 316275),
    ]


@pytest.mark.seeds
def test_twenty_six_municipalities_and_their_regions(doc):
    # 263: 'de huidige 26 Utrechtse gemeenten'; 932–982: one row each
    assert len(doc.cooperation_members) == 26
    assert doc.cooperation_evidence == Evidence("002", 811, 813)
    by_region = {r.name: [m.printed for m in r.members] for r in doc.regions}
    assert by_region["Eemland"] == ["Amersfoort", "Baarn", "Bunschoten", "Eemnes", "Leusden", "Soest", "Woudenberg"]
    assert by_region["Food Valley – deel provincie Utrecht"] == ["Renswoude", "Rhenen", "Veenendaal"]
    assert by_region["Utrecht"] == ["Utrecht"]
    assert sum(len(v) for v in by_region.values()) == 26
    assert all(r.derivation.startswith("Derived") for r in doc.regions)


@pytest.mark.seeds
def test_scale_levels(doc):
    # 275–282
    assert [(s.level, s.min_inhabitants, s.max_inhabitants) for s in doc.scale_levels] == [
        ("lokaal", 20000, 60000),
        ("regionaal", 150000, 300000),
        ("bovenregionaal", 500000, None),
        ("landelijk", None, None),
    ]


@pytest.mark.seeds
def test_twelve_tasks_and_their_purchasing_levels(doc):
    # 302–653: preventie lokaal (305), ambulante hulp lokaal en regionaal (355–356),
    # specialistische ambulante ondersteuning regionaal (415), J-GGZ regionaal / bovenregionaal
    # (455–458), the other eight bovenregionaal.
    assert len(doc.purchasing) == 12
    levels = [p.levels for p in doc.purchasing]
    assert levels[:4] == [("lokaal",), ("lokaal", "regionaal"), ("regionaal",), ("regionaal", "bovenregionaal")]
    assert levels[4:] == [("bovenregionaal",)] * 8
    assert doc.purchasing[5].printed == "Kinderbeschermingsmaatregelen"  # 505–508
    assert doc.purchasing[4].evidence.first == 472


@pytest.mark.seeds
def test_statistics_observations(doc):
    # 932: Amersfoort 35.280 43.047 144.862 675 …; 976: Renswoude '10 of minder' three times;
    # 984: the total row.
    assert len(doc.observations) == 27 * 13
    amersfoort = {o.measure: o for o in doc.observations if o.municipality == "GM0307"}
    assert amersfoort["inwoners-0-17"].value == 35280 and amersfoort["lvb-extramurale-indicatie"].value == 255
    censored = [o for o in doc.observations if o.value is None]
    assert len(censored) == 5 and all(o.at_most == 10 for o in censored)  # 938, 968, 976 (×3)
    total = {o.measure: o.value for o in doc.observations if o.municipality is None}
    assert total["inwoners-totaal"] == 1220910


@pytest.mark.seeds
def test_a_truncated_real_document_names_file_and_line(seeds: Path, tmp_path: Path, municipality_index):
    lines = (seeds / FILENAME).read_text(encoding="utf-8").splitlines()
    cut = tmp_path / FILENAME
    cut.write_text("\n".join(lines[:960]) + "\n", encoding="utf-8")  # ends inside the statistics
    with pytest.raises(SourceError) as err:
        parse(cut, municipality_index)
    assert str(cut) in str(err.value) and err.value.line == 960


# --- in the graph ------------------------------------------------------------------------------



@pytest.mark.seeds
def test_saved_queries_over_utrecht(store):
    regions = saved_rows(store, "utrecht-regions")
    assert len({r["arrangement"] for r in regions if r["arrangement_type"] == "jeugdregio-utrecht"}) == 6
    assert len([r for r in regions if r["arrangement_type"] == "bovenregionaal-verband"]) == 26
    levels = saved_rows(store, "utrecht-purchasing-levels")
    assert len({r["number"] for r in levels}) == 12
    gesloten = [r for r in levels if r["number"] == "12"]
    assert [(r["survey_task"], r["mapping"]) for r in gesloten] == [("Jeugdzorgplus", "exactMatch")]
    versus = saved_rows(store, "utrecht-vs-survey")
    # 000: 12 Regio Food Valley (2114), 14 Eemland (2539) … 18 Utrecht West (3200)
    assert {r["survey_id"] for r in versus} == {"12", "14", "15", "16", "17", "18"}
    assert len(saved_rows(store, "utrecht-statistics")) == 27 * 13
