"""Right totals (issue 19.1): one identifier per province, inhabitants never counted twice.

The national total is read here straight from the CBS table (``Inwonertal_48`` of
83553NED, one row per 2017 municipality), independently of the loaders.
"""

from __future__ import annotations

import collections
import csv

import pytest
from helpers import saved_rows
from pyoxigraph import Literal, NamedNode, Quad
from test_build import CELL, GRAPH, small_quads

from graph.namespaces import vocab
from graph.triples import XSD
from graph.validate import validate
from loaders.errors import SourceError
from loaders.municipalities import load_reference

CBS_2017 = "cbs_83553NED_gebieden_in_nederland_2017__data.csv"


@pytest.fixture(scope="module")
def national_total(reference) -> int:
    with (reference / CBS_2017).open(encoding="utf-8", newline="") as f:
        return sum(int(row["Inwonertal_48"]) for row in csv.DictReader(f))


def test_each_province_is_one_arrangement(store):
    rows = saved_rows(store, "arrangement-member-counts")
    provinces = [r["code"] for r in rows if r["arrangement_type"] == "provincie"]
    # the twelve provinces of the CBS 2013 list, codes 20–31 (reference README, file 1)
    assert sorted(provinces) == [f"PV{n}" for n in range(20, 32)]


def test_no_arrangement_type_lists_an_arrangement_twice(store):
    rows = saved_rows(store, "arrangement-member-counts")
    seen = collections.Counter((r["arrangement_type"], r["code"], r["arrangement"]) for r in rows)
    assert [key for key, n in seen.items() if n > 1] == []


def test_groningen_lies_in_one_province(store):
    rows = saved_rows(store, "arrangements-of-municipality", municipality="GM0014")
    # cbs2013: "0014;Groningen;20;Groningen"
    assert [r["code"] for r in rows if r["arrangement_type"].startswith("provincie")] == ["PV20"]


def test_survey_regions_add_up_to_the_national_total(store, national_total):
    rows = saved_rows(store, "region-member-counts")
    total = sum(int(r["inhabitants_2017"]) for r in rows)
    assert len(rows) == 42 and abs(total - national_total) <= len(rows) / 2  # each row rounded once


def test_no_arrangement_type_exceeds_the_national_total(store, national_total):
    totals: collections.Counter[str] = collections.Counter()
    for r in saved_rows(store, "arrangement-member-counts"):
        totals[r["arrangement_type"]] += int(r["inhabitants_2017"] or 0)
    assert totals["provincie"] == totals["jeugdzorgregio"] == national_total
    over = {kind: n for kind, n in totals.items() if n > national_total + 21}
    assert over == {}


def test_a_municipality_merged_across_regions_is_apportioned(store, reference):
    # 000:5618-5619 Holland Rijnland (30) lists "Alphen aan den Rijn" and "Rijnwoude";
    # 000:5894 Midden-Holland (31) lists "Boskoop". All three became Alphen aan den Rijn in
    # 2014 (RvIG table 33), 108,915 inhabitants in 2017 (cbs2017 row GM0484): 2/3 and 1/3.
    with (reference / CBS_2017).open(encoding="utf-8", newline="") as f:
        alphen = next(int(r["Inwonertal_48"]) for r in csv.DictReader(f) if r["RegioS"].strip() == "GM0484")
    assert alphen == 108_915
    full = {r["survey_id"]: int(r["inhabitants_2017"]) for r in saved_rows(store, "region-member-counts")}
    members = {rid: saved_rows(store, "region-members", region=rid) for rid in ("30", "31")}
    # other 2017 municipalities once each (Krimpenerwaard holds five members of 31)
    rest = {rid: sum({r["successor_2017"]: int(r["inhabitants_2017"]) for r in rows
                      if r["successor_2017"] != "Alphen aan den Rijn"}.values())
            for rid, rows in members.items()}
    assert full["30"] == rest["30"] + round(alphen * 2 / 3)
    assert full["31"] == rest["31"] + round(alphen / 3)


def test_negative_inhabitants_name_file_and_line(tmp_path, reference):
    for name in ("rvig__Tabel33_Gemeententabel_gesorteerd_op_code.csv", "nlextract__cbs-gemeentenperprovincie-2013.csv"):
        (tmp_path / name).write_bytes((reference / name).read_bytes())
    lines = (reference / CBS_2017).read_text(encoding="utf-8").splitlines()
    fields = next(csv.reader([lines[1]]))
    header = next(csv.reader([lines[0]]))
    fields[header.index("Inwonertal_48")] = "-25386"
    lines[1] = ",".join(f'"{v}"' for v in fields)
    (tmp_path / CBS_2017).write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SourceError, match=r"gebieden_in_nederland_2017__data\.csv:2: .*negative number of inhabitants"):
        load_reference(tmp_path)


def test_shapes_reject_negative_inhabitants():
    municipality = next(q.subject for q in small_quads() if q.subject.value.endswith("GM0003"))
    extra = Quad(municipality, vocab("inhabitants"), Literal("-1", datatype=NamedNode(XSD + "integer")), GRAPH)
    report = validate(small_quads() + [extra])
    assert not report.conforms and "inhabitants" in report.text


def test_shapes_reject_a_task_cell_without_status():
    broken = [q for q in small_quads() if not (q.subject == CELL and q.predicate == vocab("status"))]
    report = validate(broken)
    assert not report.conforms and CELL.value in report.text


def test_no_label_stands_in_two_named_graphs(store):
    # the union of the graphs is a bag: a label in two graphs prints its row twice
    doubled = list(store.query(
        "SELECT ?s WHERE { GRAPH ?g1 { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
        "GRAPH ?g2 { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } FILTER (STR(?g1) < STR(?g2)) }"))
    assert doubled == []
