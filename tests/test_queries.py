"""Every saved query parses, runs on the built graph, and gives what the documents say.

Expected values are read from the sources, never copied from a run: ``000:676`` is line
676 of ../shared/seeds/000_5833ac47ade829ca.txt, ``cbs2017:350`` line 350 of the CBS
'Gebieden in Nederland 2017' data table, ``rvig33:625`` line 625 of the RvIG municipality
table (UTF-16), ``cbs2013:393`` line 393 of the CBS list of 2013 municipalities.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.run import LocalTarget, run_query
from queries.catalog import CATALOGUE, get, load_catalogue

ALL = sorted(p.stem for p in CATALOGUE.glob("*.rq"))


@pytest.fixture(scope="module")
def target(store) -> LocalTarget:
    return LocalTarget(store)


def rows(target: LocalTarget, name: str, **params) -> list[dict]:
    return run_query(name, params, target).table().records()


def column(target: LocalTarget, name: str, col: str, **params) -> list:
    return [r[col] for r in rows(target, name, **params)]


# --- the whole catalogue -------------------------------------------------------------------


def test_catalogue_has_at_least_30_queries():
    assert len(load_catalogue()) >= 30


@pytest.mark.parametrize("name", ALL)
def test_query_is_documented(name):
    q = get(name)
    assert q.summary and len(q.description) > 60, f"{q.path}: say what it answers and which document it rests on"
    assert q.tags, f"{q.path}: give tags"
    assert "ORDER BY" in q.body.upper(), f"{q.path}: order the rows, so reports and remote runs are stable"


@pytest.mark.parametrize("name", ALL)
def test_query_runs_with_defaults_and_examples(name, target):
    q = get(name)
    required = [p.name for p in q.parameters if p.required and p.default is None]
    if not required:
        run_query(q, {}, target)
    assert q.example_sets() or not required, f"{q.path}: a query with required parameters needs #+ examples"
    for example in q.example_sets():
        result = run_query(q, example, target)
        assert result.terms.columns, f"{q.path}: example {example} gave no columns"


# --- expected answers, from reading the documents ------------------------------------------


def test_region_members_of_west_brabant_west(target):
    # 000:6555-6556: Bergen op Zoom, Etten-Leur, Halderberge, Moerdijk, Roosendaal, Rucphen, Steenbergen, Woensdrecht, Zundert
    assert set(column(target, "region-members", "municipality", region="34.1")) == {
        "Bergen op Zoom", "Etten-Leur", "Halderberge", "Moerdijk", "Roosendaal", "Rucphen", "Steenbergen", "Woensdrecht", "Zundert"}


def test_region_members_by_name_and_iri(target):
    # 000:3-5: 23 municipalities, Appingedam … Zuidhorn
    by_name = column(target, "region-members", "cbs_code", region="regio groningen")
    assert len(by_name) == 23 and "GM0003" in by_name
    iri = "<https://w3id.org/jeugdgraaf/id/regio-2013/1>"
    assert column(target, "region-members", "cbs_code", region=iri) == by_name


def test_task_level_counts_jeugdzorgplus(target):
    # 27 cells read 'Jeugdzorgplus Bovenregionaal …' (000:461, 859, 1123, 1288, 1638, 1805, 2155, 2351, 2579,
    # 2749, 2929, 3098, 3238, 3441, 3596, 3822, 4292, 4621, 4855, 5087, 5493, 6416, 7317, 7683, 7896, 8160, 8312);
    # three more name it beside regionaal: 000:676 'Regionaal / bovenregionaal', 000:4445 '(boven) regionaal',
    # 000:6106-6107 'Regionaal; mogelijk bovenregionaal'
    counts = {(r["task"], r["level"]): r["regions"] for r in rows(target, "task-level-counts")}
    assert counts[("Jeugdzorgplus", "bovenregionaal")] == 30


def test_task_status_counts_jeugdzorgplus_shared(target):
    # 'Gedeelde afspraak' for Jeugdzorgplus: 000:676 (4), 1992 (11), 5087 (27), 5306 (28), 5658 (30)
    counts = {(r["task"], r["status"]): r["regions"] for r in rows(target, "task-status-counts")}
    assert counts[("Jeugdzorgplus", "gedeelde afspraak")] == 5


def test_task_regions_with_level_and_status(target):
    shared = column(target, "task-regions", "survey_id", task="jeugdzorgplus", status="gedeelde-afspraak")
    assert shared == ["4", "11", "27", "28", "30"]  # see test_task_status_counts_jeugdzorgplus_shared
    # only 000:676 (Regionaal / bovenregionaal) and 000:5087 (Bovenregionaal) name bovenregionaal
    assert column(target, "task-regions", "survey_id", task="Jeugdzorgplus", level="bovenregionaal", status="gedeelde afspraak") == ["4", "27"]


def test_task_agreement_covers_every_task(target):
    result = rows(target, "task-agreement")
    assert len(result) == 11  # the 11 rows of the survey's task table (000:35-43)
    assert all(1 <= r["units_with_most_common"] <= r["units"] <= 42 for r in result)


def test_specialised_shared_agreements(target):
    result = {r["survey_id"]: r for r in rows(target, "specialised-shared-agreements")}
    assert len(result) == 42
    assert "Jeugdzorgplus" in result["30"]["tasks"].split("|")  # 000:5658


def test_region_profile_of_twente(target):
    row = {r["task"]: r for r in rows(target, "region-profile", region="4")}["Jeugdzorgplus"]
    # 000:676: 'Jeugdzorgplus Regionaal / bovenregionaal Gedeelde afspraak'
    assert (row["levels"], row["status"], row["first_line"]) == ("regionaal|bovenregionaal", "gedeelde afspraak", 676)


def test_region_level_mix(target):
    twente = {r["survey_id"]: r for r in rows(target, "region-level-mix")}["4"]
    assert twente["bovenregionaal"] >= 1  # 000:676


def test_derived_statuses_include_idem(target):
    # 000:2340: 'Residentieel (niet GGZ en LVB) Regionaal idem' in region 13
    found = [(r["survey_id"], r["status_text"], r["first_line"]) for r in rows(target, "derived-statuses")]
    assert ("13", "idem", 2340) in found


def test_multi_level_cells(target):
    found = [(r["survey_id"], r["task"], r["first_line"]) for r in rows(target, "multi-level-cells")]
    assert ("4", "Jeugdzorgplus", 676) in found  # 000:676


def test_governance_filters(target):
    # Holland Rijnland: 000:5785 'Ja.' and 000:5809 'Ja, Holland Rijnland is een gemeenschappelijke regeling';
    # Midden-Brabant: 000:7418 'De gemeenteraden hebben ingestemd', 000:7436 'Ja, via de gemeenschappelijke regeling.'
    both = column(target, "governance", "survey_id", councils="yes", embedded="yes")
    assert {"30", "36"} <= set(both)
    assert len(rows(target, "governance")) == 42


def test_governance_counts_add_up_to_42(target):
    totals: dict[str, int] = {}
    for r in rows(target, "governance-counts"):
        totals[r["question"]] = totals.get(r["question"], 0) + r["regions"]
    assert totals == {"councils agreed": 42, "legally embedded": 42}


def test_adjacent_policy_fields(target):
    # region 1 names onderwijs and veiligheid (000:95)
    fields = {r["field"]: r["survey_ids"].split() for r in rows(target, "adjacent-policy-fields")}
    assert "1" in fields["onderwijs"] and "1" in fields["veiligheid"]


def test_municipality_arrangements_columns_and_rows(target):
    result = run_query("municipality-arrangements", {}, target).table()
    assert result.columns == ("cbs_code", "municipality", "arrangement", "arrangement_type")
    records = result.records()
    assert len({r["cbs_code"] for r in records}) == 408  # every municipality of 2013
    groningen = {(r["arrangement"], r["arrangement_type"]) for r in records if r["cbs_code"] == "GM0014"}
    assert {("Regio Groningen", "jeugdzorgregio-2013"), ("Groningen", "jeugdzorgregio"), ("Groningen", "provincie")} <= groningen
    # Bernisse (000:5250, region 28) merged into Nissewaard in 2015 (rvig33:570): its 2017 divisions are Nissewaard's
    bernisse = {(r["arrangement"], r["arrangement_type"]) for r in records if r["cbs_code"] == "GM0568"}
    assert {("Regio Rijnmond", "jeugdzorgregio-2013"), ("Rijnmond", "jeugdzorgregio")} <= bernisse


def test_arrangements_of_municipality(target):
    result = rows(target, "arrangements-of-municipality", municipality="Bernisse")
    assert ("Regio Rijnmond", "000") in {(r["arrangement"], r["source"]) for r in result}
    assert any(r["code"] == "JZ29" and "Nissewaard" in r["via"] for r in result)


def test_unknown_municipality_name_suggests_the_candidates(target):
    from queries.catalog import QueryError

    # Bergen (NH.) GM0373 and Bergen (L.) GM0893 (cbs2013): 'Bergen' alone names neither
    with pytest.raises(QueryError, match=r"parameter 'municipality': .*did you mean .*Bergen \(L\.\) \(GM0893\)"):
        rows(target, "arrangements-of-municipality", municipality="Bergen")
    assert {r["code"] for r in rows(target, "arrangements-of-municipality", municipality="Bergen (NH.)")} >= {"19"}


def test_municipalities_most_arrangements(target):
    # a Zeeland municipality: survey region 37 and a sub-region (000:7483-7485) plus 7 CBS 2017 divisions
    result = {r["cbs_code"]: r for r in rows(target, "municipalities-most-arrangements")}
    assert result["GM0718"]["arrangements"] >= 9 and result["GM0718"]["chosen_arrangements"] >= 2


def test_region_member_counts(target):
    result = {r["survey_id"]: r for r in rows(target, "region-member-counts")}
    assert len(result) == 42 and sum(r["municipalities"] for r in result.values()) == 408
    assert result["34.1"]["municipalities"] == 9 and result["1"]["municipalities"] == 23  # 000:6555, 000:3-5
    assert result["16"]["inhabitants_2017"] > 300_000  # Utrecht alone (cbs2017)


def test_arrangement_member_counts(target):
    # JZ16 Gooi en Vechtstreek 2017: Blaricum, Gooise Meren, Hilversum, Huizen, Laren (cbs2017:46, 117, 156, 164, 183)
    result = {r["code"]: r for r in rows(target, "arrangement-member-counts")}
    assert result["JZ16"]["municipalities"] == 5


def test_division_members(target):
    assert column(target, "division-members", "municipality", division="JZ16") == [
        "Blaricum", "Hilversum", "Huizen", "Laren", "Gooise Meren"]  # sorted by code GM0376 … GM1942


def test_region_jeugdzorgregio_match(target):
    result = {r["survey_id"]: r for r in rows(target, "region-jeugdzorgregio-match")}
    assert result["34.1"]["jeugdzorgregio_code"] == "JZ36" and result["1"]["jeugdzorgregio_code"] == "JZ01"


def test_region_jeugdzorgregio_mismatches(target):
    # Wageningen: Food Valley (000:2117) but JZ28 Arnhem (cbs2017:350); Weesp, Wijdemeren: Gooi en Vechtstreek
    # (000:4413-4414) but JZ19 Utrecht West (cbs2017:354, 364); Uitgeest: IJmond (000:4817) but JZ06
    # (cbs2017:323); Voorschoten: Holland Rijnland (000:5620) but JZ24 Haaglanden (cbs2017:344)
    found = set(column(target, "region-jeugdzorgregio-mismatches", "municipality"))
    assert {"Wageningen", "Weesp", "Wijdemeren", "Uitgeest", "Voorschoten"} <= found


def test_mergers(target):
    result = {r["cbs_code"]: r for r in rows(target, "mergers-2013-2017")}
    # rvig33:493, 610, 625, 645, 646: Bergambacht, Schoonhoven, Vlist, Nederlek, Ouderkerk → 1931 on 2015-01-01
    krimpenerwaard = result["GM1931"]
    assert krimpenerwaard["date"] == "2015-01-01" and krimpenerwaard["merged"] == 5
    assert set(krimpenerwaard["originals"].split("|")) == {"Bergambacht", "Schoonhoven", "Vlist", "Nederlek", "Ouderkerk"}
    assert "GM1948" in result  # Meierijstad, 2017-01-01 (rvig33:1460)


def test_region_provinces(target):
    # Rijk van Nijmegen lists Mook en Middelaar (000:1954), in Limburg in 2013 (cbs2013:393)
    result = {r["survey_id"]: r for r in rows(target, "region-provinces")}
    assert result["11"]["provinces"] == 2 and "Limburg" in result["11"]["province_names"].split("|")


def test_subregions(target):
    result = {r["subregion"]: set(r["members"].split("|")) for r in rows(target, "subregions")}
    assert result["Walcheren"] == {"Middelburg", "Vlissingen", "Veere"}  # 000:7483


def test_official_division_sizes(target):
    result = {r["division_type"]: r for r in rows(target, "official-division-sizes")}
    assert result["jeugdzorgregio (CBS 2017)"]["regions"] == 42
    assert result["provincie (CBS 2017)"]["regions"] == 12


def test_sources_and_evidence(target, seeds):
    docs = {r["document"]: r for r in rows(target, "sources")}
    lines = len((Path(seeds) / "000_5833ac47ade829ca.txt").read_text(encoding="utf-8").splitlines())
    assert docs["000"]["lines"] == lines and docs["000"]["facts"] > 462
    assert set(column(target, "evidence", "document", document="000")) == {"000"}


def test_region_evidence_points_at_the_heading(target):
    region = [r for r in rows(target, "region-evidence", region="37") if r["kind"] == "region"]
    assert region[0]["first_line"] == 7481  # 000:7481 ' 37 Regio Zeeland'


def test_concepts(target):
    tasks = {r["key"]: r for r in rows(target, "concepts", scheme="SurveyTasks")}
    assert len(tasks) == 11 and tasks["pleegzorg"]["notation"] == "3"


# --- the command line ------------------------------------------------------------------------



def test_cli_list_filters_by_tag_and_word(invoke):
    result = invoke("query", "list", "--tag", "governance", "--format", "csv")
    assert result.exit_code == 0
    assert [line.split(",")[0] for line in result.output.splitlines()[1:]] == ["governance", "governance-counts"]
    assert "region-members" in invoke("query", "list", "members").output


def test_cli_show_gives_parameters_and_sparql(invoke):
    result = invoke("query", "show", "task-regions")
    assert result.exit_code == 0
    assert "task (required, IRI of skos:Concept; ?_task_iri)" in result.output
    assert "level (optional" in result.output and "SELECT ?survey_id" in result.output and "#+" not in result.output


def test_cli_table_shows_labels_unless_iris(invoke):
    labels = invoke("query", "run", "arrangements-of-municipality", "-p", "municipality=GM0014")
    assert labels.exit_code == 0 and "Regio Groningen" in labels.output
    iris = invoke("query", "run", "region-jeugdzorgregio-match", "--iris")
    assert iris.exit_code == 0 and "JZ01" in iris.output


def test_cli_writes_output_atomically(invoke, tmp_path):
    target = tmp_path / "out" / "members.csv"
    target.parent.mkdir()  # -o never creates folders (tests/test_files.py)
    result = invoke("query", "run", "region-members", "-p", "region=34.1", "--format", "csv", "-o", str(target))
    assert result.exit_code == 0 and target.read_text().startswith("cbs_code,municipality,")
    failed = invoke("query", "run", "region-members", "-p", "region=99", "--format", "csv", "-o", str(tmp_path / "bad.csv"))
    assert failed.exit_code == 1 and not (tmp_path / "bad.csv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary file left behind


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("-p", "region=99"), 1, "parameter 'region': no jg:SurveyRegion is known by '99'"),
        (("-p", "regio=1"), 1, "unknown parameter 'regio'"),
        ((), 1, "missing required parameter 'region'"),
        (("-p", "region"), 2, "KEY=VALUE"),
        (("-p", "region=1", "-p", "region=2"), 2, "given twice"),
    ],
)
def test_cli_errors(invoke, args, code, message):
    result = invoke("query", "run", "region-members", *args)
    assert result.exit_code == code and message in result.output


def test_cli_unknown_query(invoke):
    result = invoke("query", "run", "region-member")
    assert result.exit_code == 1 and "did you mean" in result.output


def test_shell_completion_of_names_and_values(built_store):
    import click

    from graph.cli import cli
    from graph.cli.common import Settings
    from graph.cli.query import _complete_name, _complete_param, run

    names = [c.value for c in _complete_name(None, None, "region-m")]
    assert {"region-members", "region-member-counts", "region-municipalities"} <= set(names)
    ctx = click.Context(run, obj=Settings(built_store, True), parent=click.Context(cli, obj=Settings(built_store, True)))
    ctx.params = {"name": "task-regions"}
    assert {c.value for c in _complete_param(ctx, None, "")} == {"task=", "level=", "status="}
    assert [c.value for c in _complete_param(ctx, None, "task=plee")] == ["task=pleegzorg"]
    ctx.params = {"name": "region-members"}
    assert "region=34.1" in [c.value for c in _complete_param(ctx, None, "region=34")]


def test_a_key_typed_as_written_is_one_index_look_up_and_a_label_still_resolves(store):
    from queries.resolve import resolve_key

    lookup = next(p.lookup for p in get("arrangements-of-municipality").parameters if p.name == "municipality")
    asked: list[str] = []

    def solutions(sparql: str) -> list:
        asked.append(sparql)
        return LocalTarget(store).terms(sparql).solutions()

    iri = resolve_key("GM0014", lookup, solutions)
    assert iri.value.endswith("/gemeente/GM0014")
    assert not any("LCASE" in s for s in asked)  # the case-insensitive scan never ran
    asked.clear()
    assert resolve_key("gm0014", lookup, solutions) == iri  # no exact hit: the scan finds it
    assert any("LCASE" in s for s in asked)
