"""Line-level helpers for PDF-extracted text (loaders/text.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.errors import SourceError
from loaders.text import (
    Line,
    collapse,
    content_span,
    is_blank,
    is_page_footer,
    join_wrapped,
    numbered,
    read_numbered,
    strip_bullet,
)


def test_numbered_lines_start_at_one() -> None:
    lines = numbered(["a", " ", "b"])
    assert lines == [Line(1, "a"), Line(2, " "), Line(3, "b")]
    assert lines[1].blank and not lines[0].blank


def test_read_numbered_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="nope.txt"):
        read_numbered(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    "text",
    ["20-06-2013 Regio Groningen 5 ", " 20-06-2013 Regio IJsselland 17", "20-06-2013 Regio Zuid-Holland-Zuid 97"],
)
def test_page_footers_are_recognised(text: str) -> None:
    assert is_page_footer(text)


@pytest.mark.parametrize(
    "text",
    [" 5 Regio IJsselland", "1 De DoeTank bestaat uit", "Vaststelling in 2013 Regio breed 5 keer", ""],
)
def test_headers_and_prose_are_not_footers(text: str) -> None:
    assert not is_page_footer(text)


def test_whitespace() -> None:
    assert is_blank("  \t") and is_blank("")
    assert collapse(" Organisatie eerste lijn  Lokaal  Intentie ") == "Organisatie eerste lijn Lokaal Intentie"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\ufffd plan, één regisseur", "plan, één regisseur"),
        ("• bijeenkomsten", "bijeenkomsten"),
        ("- Jeugdzorgaanbieders", "Jeugdzorgaanbieders"),
        ("o werkbezoeken", "werkbezoeken"),
        ("Ongewijzigd", "Ongewijzigd"),
    ],
)
def test_strip_bullet(raw: str, clean: str) -> None:
    assert strip_bullet(raw) == clean


def test_join_wrapped_keeps_hyphen_of_split_word() -> None:
    assert join_wrapped(["Specifieke jeugdhulp voor VB-", "groep (niet eerstelijns)"]) == (
        "Specifieke jeugdhulp voor VB-groep (niet eerstelijns)"
    )
    assert join_wrapped(["Pijnacker-", "Nootdorp"]) == "Pijnacker-Nootdorp"
    assert join_wrapped(["Stede", "", "Broec"]) == "Stede Broec"
    assert join_wrapped(["Provincies -", "Zorgkantoren"]) == "Provincies - Zorgkantoren"


def test_content_span_skips_blanks_and_footers() -> None:
    lines = numbered(["", "Alle 15 gemeenten", "", "20-06-2013 Regio Holland Rijnland 90", " participeren.", " "], start=10)
    assert content_span(lines) == (11, 14)
    assert content_span(numbered(["", "20-06-2013 Regio Groningen 5"])) is None
