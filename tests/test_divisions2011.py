"""Document 004 (national regional divisions, 2011): card parser, schema 4, Kenis readings.

Expected values are read from the document; comments cite its lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import saved_rows

from loaders.curation import check_evidence, read_curation
from loaders.divisions2011 import KENIS_CSV, _origins, _partners, parse, parse_cards, parse_domains
from loaders.errors import SourceError
from loaders.text import numbered

FILENAME = "004_faf11c9944619372.txt"

# Lines 1933–1974 of 004, the Bureau Jeugdzorg card, as the PDF gives it (blank lines kept).
BUREAU_JEUGDZORG = """\
 Bureau Jeugdzorg
Werkgebied van werkorganisaties


Doel:
De Bureaus Jeugdzorg vormen de toegang
tot de geïndiceerde jeugdzorg in de regio.

Aantal regio’s:\t\t\t 
15

Land dekkend:
Ja

Bestaat sinds:
1994

Ontstaanswijze:
Het regeringsstandpunt ‘Regie in de jeugdzorg’
(1994) vormde de aanzet tot de oprichting.

Regeling van toepassing op de taken van  
de organisatie:
Wet op de Jeugdzorg

Financiën

Wie stelt het budget beschikbaar: 
Provincie

Via welke regeling wordt het budget beschikbaar gesteld:
Individuele subsidierelatie. 

Verwachte ontwikkelingen en veranderingen:
-
"""


def lines_of(text: str, start: int = 1):
    return numbered(text.splitlines(), start)


# --- the card parser on excerpts ------------------------------------------------------------


def test_card_fields_with_a_label_wrapped_over_two_lines():
    (card,) = parse_cards(lines_of(BUREAU_JEUGDZORG, 1933), Path("004.txt"))
    assert card.title == "Bureau Jeugdzorg"
    assert card.cause == "uitvoeringsorganisatie"
    assert card.region_count == 15 and card.count_unit == "regio"
    assert card.national is True and card.since == 1994
    assert card.legal_basis == "Wet op de Jeugdzorg"  # 'Regeling … van  / de organisatie:' on two lines
    assert card.text("budget-van") == "Provincie"
    assert card.text("ontwikkelingen") is None  # '-'
    assert card.origins == ()  # neither grown bottom-up nor 'opgelegd'
    assert card.evidence.first == 1933


def test_a_cut_off_card_is_an_error_naming_the_line():
    cut = BUREAU_JEUGDZORG.split("Verwachte ontwikkelingen")[0]
    with pytest.raises(SourceError) as err:
        parse_cards(lines_of(cut, 1933), Path("004.txt"))
    assert "004.txt:" in str(err.value) and "cut off" in str(err.value)


def test_text_under_a_section_heading_is_refused():
    text = " Bureau Jeugdzorg\nWerkgebied van werkorganisaties\nDoel:\nx\nstray\nRegie\nonder een kop\nVerwachte ontwikkelingen en veranderingen:\n-\n"
    with pytest.raises(SourceError, match="section heading"):
        parse_cards(lines_of(text, 10), Path("004.txt"))


def test_partner_lists_split_as_printed():
    # 2388: 'Scholen voor speciaal onderwijs in de cluster 2, 3 en 4.' is one partner type
    assert _partners("Scholen voor speciaal onderwijs in de cluster 2, 3 en 4.") == (
        "Scholen voor speciaal onderwijs in de cluster 2, 3 en 4",
    )
    # 2443: an elided word stays with its noun
    assert _partners("Politie, brandweer, geneeskundige - en gemeentelijke diensten.") == (
        "Politie",
        "brandweer",
        "geneeskundige - en gemeentelijke diensten",
    )
    # 1578: the last item splits at 'en'
    assert _partners("BJZ, GGZ, bureaus slachtofferhulp en vrouwenopvang") == (
        "BJZ",
        "GGZ",
        "bureaus slachtofferhulp",
        "vrouwenopvang",
    )
    # 1735–1736: sentences name no partner types
    assert _partners("Alle partijen die zich bezig houden met de WMO kunnen partner zijn. Lokaal verschilt dit.") == ()


def test_origins_from_the_printed_wording():
    assert _origins("De regionale samenwerking en de regio-indeling is door het Rijk opgelegd.") == ("indeling-opgelegd",)
    assert _origins("De regionale samenwerking is van binnen uit ontstaan. Vervolgens is in 2008 de regionale "
                    "samenwerking opgelegd.") == ("van-binnenuit", "samenwerking-opgelegd")  # 1672–1674
    assert _origins("De samenwerking is van onder op ontstaan.") == ("van-binnenuit",)


def test_schema_4_rows_two_names_on_a_line_and_a_wrapped_row_label():
    text = "A. Gezin -\tGGD \n-\tJeugdgezondheids-\nzorg\nC. Openbare ruimte -\tVeiligheidshuis -\tVeiligheidsregio’s\n\nD. \ufffdCuratieve  \ngezondheidszorg \n-\tRegionale \nondersteuningsstructuur\nSchema 4: regionale samenwerkingsverbanden\n"
    items = parse_domains(lines_of(text), Path("004.txt"))
    assert [(i.domain, i.name) for i in items] == [
        ("gezin", "GGD"),
        ("gezin", "Jeugdgezondheidszorg"),
        ("openbare-ruimte", "Veiligheidshuis"),
        ("openbare-ruimte", "Veiligheidsregio’s"),
        ("curatieve-gezondheidszorg", "Regionale ondersteuningsstructuur"),
    ]


# --- the whole document ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def doc(seeds: Path):
    return parse(seeds / FILENAME)


@pytest.mark.seeds
def test_the_appendix_has_28_cards(doc):
    # Cards at lines 1444 … 2699; the report's text says 32 (lines 45, 181) and 31 (1163),
    # but the appendix holds 28, as many as schema 4 (989–1065) lists.
    assert len(doc.cards) == 28
    assert doc.cards[0].title == "Centrum voor Jeugd en Gezin" and doc.cards[0].evidence.first == 1444
    assert doc.cards[-1].title == "1gezin, 1plan" and doc.cards[-1].evidence.first == 2699


@pytest.mark.seeds
def test_life_domains_as_schema_4_gives_them(doc):
    # Schema 4 (989–1065): 18 under A. Gezin, 6 under B. Onderwijs, 3 under C, 1 under D.
    counts = {}
    for card in doc.cards:
        counts[card.domain] = counts.get(card.domain, 0) + 1
    assert counts == {"gezin": 18, "onderwijs": 6, "openbare-ruimte": 3, "curatieve-gezondheidszorg": 1}


@pytest.mark.seeds
def test_the_veiligheidsregio_card_field_by_field(doc):
    card = next(c for c in doc.cards if c.key == "veiligheidsregio")
    assert card.evidence.first == 2409  # title line
    assert card.cause == "bestuurlijke-samenwerking"  # 2410
    assert card.domain == "openbare-ruimte"  # 1055
    assert card.region_count == 25 and card.count_unit == "regio"  # 2421–2422
    assert card.national is True  # 2424–2425
    assert card.since == 2002  # 2427–2428
    assert card.origins == ("indeling-opgelegd",) and card.imposed_by_rijk  # 2430–2432
    assert card.legal_basis == "Wet Veiligheidsregio’s"  # 2436–2437
    assert card.text("leadorganisatie") == "De burgemeester heeft het gezag en de bestuurlijke verantwoordelijkheid"  # 2440
    assert card.partners == ("Politie", "brandweer", "geneeskundige - en gemeentelijke diensten")  # 2443
    assert card.text("budget-van") == "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"  # 2448
    assert card.text("budget-aan") == "Gemeenten"  # 2451
    assert card.text("budget-regeling") == "Brede Doeluitkering"  # 2454
    assert card.text("ontwikkelingen") is None  # 2457: '-'


@pytest.mark.seeds
def test_the_four_cards_section_3_5_names_as_imposed_with_their_division(doc):
    # 1182–1186: of the eight cards implementing national policy, four had cooperation and
    # division imposed: Huiselijk Geweld, RAAK, Maatschappelijke opvang, RMC.
    both = {c.key for c in doc.cards if c.cause == "rijksbeleid" and "indeling-opgelegd" in c.origins}
    assert len([c for c in doc.cards if c.cause == "rijksbeleid"]) == 8
    assert both == {
        "huiselijk-geweld",
        "regionale-aanpak-kindermishandeling-raak",
        "maatschappelijk-opvang-en-verslavingsbeleid",
        "regionaal-meld-en-coordinatiepunt-voortijdige-schoolverlaters-rmc",
    }


@pytest.mark.seeds
def test_kenis_readings_are_curated_and_proven(doc, seeds: Path):
    assert {(k.division, k.quadrant) for k in doc.kenis} == {("triple-p", "II"), ("samenstarten", "II")}  # 547–553
    assert check_evidence(read_curation(KENIS_CSV), seeds) == []


@pytest.mark.seeds
def test_a_truncated_document_is_an_error_with_file_and_line(seeds: Path, tmp_path: Path):
    lines = (seeds / FILENAME).read_text(encoding="utf-8").splitlines()
    cut = tmp_path / FILENAME
    cut.write_text("\n".join(lines[:2440]) + "\n", encoding="utf-8")  # inside the Veiligheidsregio card
    with pytest.raises(SourceError) as err:
        parse(cut)
    assert str(cut) in str(err.value) and err.value.line is not None


# --- in the graph ------------------------------------------------------------------------------



@pytest.mark.seeds
def test_saved_queries_over_the_divisions(store):
    divisions = saved_rows(store, "national-divisions")
    assert len(divisions) == 28
    ggd = next(r for r in divisions if r["division"] == "GGD")
    assert (ggd["regions"], ggd["since"], ggd["legal_basis"]) == ("28", "1901", "Wet publieke gezondheid (Wpg)")  # 1867–1878
    by_rijk = {r["division"] for r in saved_rows(store, "national-divisions-by-rijk")}
    assert "Veiligheidsregio" in by_rijk and "Centrum voor Jeugd en Gezin" not in by_rijk
    assert "Verwijsindex" not in by_rijk  # imposed, but the card names no imposer (1672–1674)
    cbs = {r["division"]: r["mapping"] for r in saved_rows(store, "division-types-vs-cbs")}
    assert cbs == {
        "GGD": "closeMatch",
        "Veiligheidsregio": "closeMatch",
        "Politieregio": "relatedMatch",
        "Bureau Jeugdzorg": "relatedMatch",
        "UWV-Werkbedrijf": "relatedMatch",
    }
