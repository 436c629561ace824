"""The partner and financier questions of the catalogue, against facts read in document 000."""

from __future__ import annotations

from graph.api import run


def rows(built_store, name, **params):
    return run(name, store=built_store, **params)


def test_ggd_groningen_is_named_by_region_1_at_line_202(built_store):
    # 000 lines 200–202: 'Er is een kernteam van zorginstellingen … (Inclusief de LVG, GGZ, BJG en de
    # GGD Groningen)' in Governance Q2 of region 1; no other region names GGD Groningen.
    found = rows(built_store, "partner-regions", organisation="ggd-groningen")
    assert [(r["survey_id"], r["first_line"]) for r in found] == [("1", 202)]


def test_raad_voor_de_kinderbescherming_by_a_printed_variant(built_store):
    # Region 1 names 'de Raad voor de Kinderbescherming' explicitly (000 lines 202–203).
    found = rows(built_store, "partner-regions", organisation="Raad voor de Kinderbescherming")
    assert ("1", False) in {(r["survey_id"], r["implicit"]) for r in found}


def test_shared_partners_have_at_least_two_regions(built_store):
    found = rows(built_store, "shared-partners")
    assert found and all(r["regions"] >= 2 for r in found)
    # Named explicitly by region 1 (202–203) and region 2 among others.
    assert "Raad voor de Kinderbescherming" in {r["partner"] for r in found}


def test_financiers_most_named(built_store):
    found = {(r["financier_kind"], r["financier"]): r for r in rows(built_store, "financiers-most-named")}
    # 000 line 1948: region 10 (Arnhem) 'Met zorgkantoor Menzis is een convenant …'.
    assert found[("zorgkantoor", "Menzis")]["regions"] >= 1
    # 000 lines 6331–6334 (region 32) and 7477 (region 36) both name VGZ and CZ.
    assert found[("zorgverzekeraar", "CZ")]["regions"] == 2
    # Stadsregio Amsterdam holds the provincial youth-care powers for regions 20, 21 and 22.
    assert found[("provincie", "Stadsregio Amsterdam")]["regions"] == 3
