"""The organisation table and index: one organisation per real organisation, many spellings."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.errors import SourceError
from loaders.organisations import KINDS, OrganisationIndex, fold, load_organisations, normalise

HEADER = "id,name,kind,aliases,code,generic,note\n"


@pytest.fixture(scope="module")
def index() -> OrganisationIndex:
    return OrganisationIndex.load()


def _table(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "orgs.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_normalise_ignores_case_accents_whitespace_and_hyphens():
    assert normalise("  Cliënten  organisaties ") == normalise("clienten organisaties")
    assert normalise("Provincie Noord-Holland") == normalise("provincie noord holland")
    assert fold("Cliënten") == "clienten" and len(fold("Fryslân")) == len("Fryslân")


def test_spellings_resolve_to_one_organisation(index):
    # 000 line 6022 prints 'Raad vd Kinderbescherming'; most units the full name.
    assert index.resolve("Raad vd Kinderbescherming") is index.resolve("RAAD VOOR DE  KINDERBESCHERMING")
    assert index.resolve("Raad vd Kinderbescherming").id == "raad-voor-de-kinderbescherming"
    # 000 line 618 'BJZ Drenthe', 3374 'Bureau Jeugdzorg Utrecht' and 3376 'BJU'.
    assert index.resolve("BJZ Drenthe").id == "bureau-jeugdzorg-drenthe"
    assert index.resolve("BJU") is index.resolve("Bureau Jeugdzorg Utrecht")
    assert index.resolve("Bureau Jeugdzorg Utrecht") is not index.resolve("Bureau Jeugdzorg Groningen")
    # 000 lines 3056-3058 'Achmea Agis'.
    assert index.resolve("Achmea Agis").id == "achmea"
    assert index.resolve("Stichting Onbekend") is None


def test_provinces_carry_their_cbs_code(index):
    codes = {o.code for o in index if o.kind == "provincie"}
    assert codes == {f"PV{n}" for n in range(20, 32)}
    assert index.resolve("Provincie NH").code == "PV27"


def test_every_kind_is_known(index):
    assert {o.kind for o in index} <= set(KINDS)
    assert len({o.id for o in index}) == len(index)


def test_find_all_prefers_the_longest_name_and_keeps_printed_text(index):
    text = "overleg met Bureau Jeugdzorg Utrecht, de Raad vd\n Kinderbescherming en zorgkantoor Menzis"
    found = [(m.organisation.id, m.printed) for m in index.find_all(text)]
    assert found == [
        ("bureau-jeugdzorg-utrecht", "Bureau Jeugdzorg Utrecht"),
        ("raad-voor-de-kinderbescherming", "Raad vd\n Kinderbescherming"),
        ("menzis", "zorgkantoor Menzis"),
    ]


def test_find_all_needs_capitals_for_acronyms(index):
    assert [m.printed for m in index.find_all("met BJZ en CZ")] == ["BJZ", "CZ"]
    assert index.find_all("de cz van bjz") == []


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("Bad Id,Name,overig,,,,\n", 2, "not a lowercase slug"),
        ("x,Name,school,,,,\n", 2, "unknown kind 'school'"),
        ("x,Name,overig,,PV20,,\n", 2, "does not fit kind overig"),
        ("x,Provincie X,provincie,,GM0014,,\n", 2, "does not fit kind provincie"),
        ("x,Name,overig,,,maybe,\n", 2, "generic must be"),
        ("x,,overig,,,,\n", 2, "empty name"),
        ("x,Name,overig,,\n", 2, "5 cells"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, body, line, words):
    path = _table(tmp_path, body)
    with pytest.raises(SourceError) as err:
        load_organisations(path)
    assert err.value.line == line and words in str(err.value) and str(path) in str(err.value)


def test_duplicate_ids_and_spellings_are_refused(tmp_path):
    with pytest.raises(SourceError, match="duplicate organisation id 'x'"):
        load_organisations(_table(tmp_path, "x,A,overig,,,,\nx,B,overig,,,,\n"))
    with pytest.raises(SourceError, match="claimed by x and y"):
        load_organisations(_table(tmp_path, "x,A,overig,BJZ,,,\ny,B,overig,bjz,,,\n"))


def test_require_names_the_source_of_an_unknown_name(index):
    with pytest.raises(SourceError, match="000.txt:12: unknown organisation 'Stichting X'"):
        index.require("Stichting X", "000.txt", 12)


def test_resolve_report_lists_merged_and_unresolved_names():
    """``jeugdgraaf resolve`` on tiny records: spellings of 000 lines 6023 and 202."""
    from dataclasses import dataclass

    from graph.cli.resolve import resolutions
    from loaders.records import Evidence, Member, Municipality, Reference

    @dataclass(frozen=True)
    class Party:  # the convention the report relies on: printed, evidence, organisation
        printed: str
        evidence: Evidence
        organisation: str | None = None

    ev = Evidence("000", 6023, 6023)
    records = {
        "reference": Reference((Municipality("GM0014", "Groningen", "PV20", "Groningen", 2013, ev),), (), ()),
        "x": (
            Member("Groningen", "GM0014", ev),
            Party("Raad vd Kinderbescherming", ev, "raad-voor-de-kinderbescherming"),
            Party("Raad vd Kinderbescherming", ev, "raad-voor-de-kinderbescherming"),
            Party("Stichting X", ev, None),
        ),
    }
    rows = [(r.entity, r.printed, r.canonical, r.status, n) for r, n in resolutions(records)]
    assert rows == [
        ("organisation", "Stichting X", None, "unresolved", 1),
        ("municipality", "Groningen", "Groningen", "same", 1),
        ("organisation", "Raad vd Kinderbescherming", "Raad voor de Kinderbescherming", "merged", 2),
    ]


def test_resolve_command_has_help():
    from click.testing import CliRunner

    from graph.cli import cli

    result = CliRunner().invoke(cli, ["resolve", "--help"])
    assert result.exit_code == 0 and "--unresolved" in result.output
