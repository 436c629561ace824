"""The curation tables: shape checks on small inline tables, evidence checks on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.curation import check_evidence, cited_text, read_curation
from loaders.errors import SourceError
from loaders.sources import SHIPPED_DATA

HEADER = "document,first_line,last_line,printed,organisation\n"


def _table(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "facts.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_reads_rows_with_their_own_line_and_columns(tmp_path):
    path = _table(tmp_path, "# a reviewer's comment\n000,3,5,Zuidhorn,x\n\n000,1,1,Regio Groningen,y\n")
    rows = read_curation(path, required=("organisation",))
    assert [(r.line, r.printed, r.get("organisation")) for r in rows] == [(3, "Zuidhorn", "x"), (5, "Regio Groningen", "y")]
    assert rows[0].evidence.first == 3 and rows[0].evidence.last == 5
    assert rows[0].where == "facts.csv:3"
    assert rows[0].get("missing", "default") == "default"


def test_comment_lines_may_precede_the_header(tmp_path):
    path = _table(tmp_path, "000,1,1,Regio,x\n", header="# about this table\n" + HEADER)
    assert read_curation(path)[0].line == 3


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("000,3,5,Zuidhorn,x\n999,1,1,Name,x\n", 3, "unknown document '999'"),
        ("000,5,3,Zuidhorn,x\n", 2, "bad line range"),
        ("000,0,3,Zuidhorn,x\n", 2, "bad line range"),
        ("000,three,5,Zuidhorn,x\n", 2, "bad line range"),
        ("000,3,5,,x\n", 2, "empty value in column(s) printed"),
        ("000,3,5,Zuidhorn,\n", 2, "empty value in column(s) organisation"),
        ("000,3,5,Zuidhorn\n", 2, "4 cells, the header has 5"),
    ],
)
def test_malformed_row_names_file_and_line(tmp_path, body, line, words):
    path = _table(tmp_path, body)
    with pytest.raises(SourceError) as err:
        read_curation(path, required=("organisation",))
    assert err.value.line == line
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert words in str(err.value)


def test_missing_column_and_missing_file(tmp_path):
    with pytest.raises(SourceError, match="missing column.*last_line"):
        read_curation(_table(tmp_path, "", header="document,first_line,printed\n"))
    with pytest.raises(SourceError, match="file not found"):
        read_curation(tmp_path / "absent.csv")


def test_cited_text_joins_lines_and_hyphenation():
    lines = ["Raad voor de Kinder-", "  bescherming en   het", "VB-", "groep"]
    plain, dropped, kept = cited_text(lines, 1, 4)
    assert plain == "Raad voor de Kinder- bescherming en het VB- groep"
    assert "Raad voor de Kinderbescherming en het" in dropped
    assert "VB-groep" in kept


def test_check_evidence_on_a_fake_seed(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "000_5833ac47ade829ca.txt").write_text(
        "Overleg met de Raad voor de\nKinderbescherming en BJZ.\nMet Menzis.\n", encoding="utf-8"
    )
    good = _table(tmp_path, "000,1,2,Raad voor de Kinderbescherming,x\n000,3,3,Menzis,y\n")
    assert check_evidence(read_curation(good), seeds) == []
    bad = _table(tmp_path, "000,1,1,Raad voor de Kinderbescherming,x\n000,2,2,Menzis,y\n000,3,9,Menzis,z\n")
    problems = check_evidence(read_curation(bad), seeds)
    assert len(problems) == 3
    assert problems[0].startswith("facts.csv:2: 'Raad voor de Kinderbescherming' not in 000 lines 1-1")
    assert "past the end of 000" in problems[2]


def test_check_evidence_is_case_sensitive(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "000_5833ac47ade829ca.txt").write_text("met menzis\n", encoding="utf-8")
    assert check_evidence(read_curation(_table(tmp_path, "000,1,1,Menzis,x\n")), seeds)


@pytest.mark.seeds
def test_every_curation_table_stands_in_the_seeds(seeds):
    """Every CSV in loaders/data/ with the curation columns: each printed name in its lines."""
    tables = [p for p in sorted(SHIPPED_DATA.glob("*.csv")) if _is_curation(p)]
    assert tables, "no curation tables found"
    problems = [msg for path in tables for msg in check_evidence(read_curation(path), seeds)]
    assert problems == []


def _is_curation(path: Path) -> bool:
    header = next(
        (ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")), ""
    )
    return header.split(",")[:4] == ["document", "first_line", "last_line", "printed"]
