"""The CBS/RvIG reference loader, checked against values read in the tables themselves.

Expected values come from ../shared/data/reference/README.md and the CSV rows it cites.
"""

from __future__ import annotations

import pytest

from loaders.errors import SourceError
from loaders.municipalities import MunicipalityIndex, load_aliases, load_reference, normalise

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def ref(reference):
    return load_reference(reference)


def by_code(ref, year):
    return {m.code: m for m in ref.municipalities if m.year == year}


def test_both_classifications_are_complete(ref):
    # README §1: 408 municipalities on 1 January 2013; §4: 388 rows for 2017.
    assert len(by_code(ref, 2013)) == 408
    assert len(by_code(ref, 2017)) == 388


def test_2013_provinces(ref):
    m2013 = by_code(ref, 2013)
    assert (m2013["GM0003"].name, m2013["GM0003"].province_code) == ("Appingedam", "PV20")
    assert m2013["GM0518"].name == "'s-Gravenhage"
    # README §1: Zuid-Holland 67, Zeeland 13, Flevoland 6 municipalities.
    counts = {p: sum(1 for m in m2013.values() if m.province_name == p) for p in ("Zuid-Holland", "Zeeland", "Flevoland")}
    assert counts == {"Zuid-Holland": 67, "Zeeland": 13, "Flevoland": 6}


def test_successor_chains_reach_2017(ref):
    m2013 = by_code(ref, 2013)
    # README §3: Ubbergen 0282 → Groesbeek 0241 (2015) → Berg en Dal 1945 (2016).
    assert m2013["GM0282"].successor_2017 == "GM1945"
    # Skarsterlân 0051 → De Friese Meren 1921 → De Fryske Marren 1940.
    assert m2013["GM0051"].successor_2017 == "GM1940"
    # Unchanged municipalities are their own successor.
    assert m2013["GM0014"].successor_2017 == "GM0014"
    assert all(m.successor_2017 in by_code(ref, 2017) for m in m2013.values())


def test_mergers_are_change_events(ref):
    mergers = {(m.date, m.resulting): set(m.original) for m in ref.mergers}
    # RvIG rows: Bernisse 0568 and Spijkenisse 0612 end 2015-01-01 with new code 1930 (Nissewaard).
    assert mergers[("2015-01-01", "GM1930")] == {"GM0568", "GM0612"}
    # Groesbeek 0241 ends 2016-01-01 → Berg en Dal 1945.
    assert mergers[("2016-01-01", "GM1945")] == {"GM0241"}
    assert all(m.date <= "2017-01-01" for m in ref.mergers)


@pytest.mark.parametrize(
    ("code", "jz", "province"),
    # README §4 checks.
    [("GM0014", "JZ01", "PV20"), ("GM0363", "JZ13", "PV27"), ("GM0599", "JZ29", "PV28"), ("GM0344", "JZ22", "PV26"), ("GM0518", "JZ24", "PV28")],
)
def test_2017_divisions(ref, code, jz, province):
    row = next(d for d in ref.divisions if d.municipality == code)
    kinds = {d.kind: d.code for d in row.divisions}
    assert kinds["jeugdzorgregio"] == jz
    assert kinds["provincie"] == province


def test_jeugdzorgregio_codes(ref):
    # README §4: 42 distinct regions, JZ01–JZ43 without JZ40.
    codes = {d.code for r in ref.divisions for d in r.divisions if d.kind == "jeugdzorgregio"}
    assert len(codes) == 42 and "JZ40" not in codes and "JZ43" in codes


def test_index_resolves_variants_and_refuses_ambiguity(ref):
    index = MunicipalityIndex(by_code(ref, 2013).values(), load_aliases())
    assert index.resolve("IJsseltein").code == "GM0353"
    assert index.resolve("Noord-Oostpolder").code == "GM0171"
    assert index.resolve("Nuenen c.a.").code == "GM0820"
    assert index.resolve("St. Oedenrode").code == "GM0846"
    assert index.resolve("’s-Hertogenbosch").code == "GM0796"
    assert index.resolve("Bergen") is None  # Noord-Holland or Limburg?
    assert index.resolve("Bergen", province="PV31").code == "GM0893"
    assert index.resolve("Atlantis") is None


def test_normalise_ignores_case_accents_and_punctuation():
    assert normalise("Súdwest Fryslân") == normalise("Súdwest-Fryslân") == "sudwestfryslan"
    assert normalise("Bergen (NH.)") == normalise("bergen")


def test_missing_table_names_the_file(tmp_path):
    with pytest.raises(SourceError, match="nlextract__cbs-gemeentenperprovincie-2013.csv"):
        load_reference(tmp_path)


def test_garbled_row_names_file_and_line(tmp_path, reference):
    for name in ("rvig__Tabel33_Gemeententabel_gesorteerd_op_code.csv", "cbs_83553NED_gebieden_in_nederland_2017__data.csv"):
        (tmp_path / name).write_bytes((reference / name).read_bytes())
    lines = (reference / "nlextract__cbs-gemeentenperprovincie-2013.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = "0014;Groningen;twintig;Groningen"
    (tmp_path / "nlextract__cbs-gemeentenperprovincie-2013.csv").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SourceError, match=r"gemeentenperprovincie-2013\.csv:6: unreadable row"):
        load_reference(tmp_path)
