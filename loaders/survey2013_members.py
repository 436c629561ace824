"""The 'Deelnemende gemeenten' list of a 2013 survey unit → resolved members.

The lists are typed prose, not data: commas go missing (``Montfoort Oudewater``),
``en`` is a separator in ``Zutphen en Hattem`` but part of the name in ``Mook en
Middelaar``, names break over lines (``Stede`` / ``Broec``, ``Pijnacker-`` /
``Nootdorp``), Zeeland puts sub-region labels inline (``Walcheren: ...``) and ``Bergen``
exists twice. No rule on the words alone decides these; the official names do. A chunk
between commas is cut into the fewest pieces that are each a known name (the index holds
the CBS names plus the reviewed aliases), so the whitelist of multi-word names is the
municipality list itself.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from loaders.errors import SourceError
from loaders.municipalities import MunicipalityIndex
from loaders.records import Evidence, Member, SubRegion
from loaders.text import Line, collapse, ends_in_split_word

LABEL = "Deelnemende gemeenten:"
#: A sub-region label inside the list: a capitalised word ending in a colon.
SUBREGION_LABEL = re.compile(r"(?:(?<=\s)|^)([A-Z][\w\-]+):(?=\s|$)")


@dataclass(frozen=True)
class _Piece:
    """A printed name with the line it starts on (for error messages)."""

    text: str
    line: int


def parse_members(
    lines: Sequence[Line], path: Path, index: MunicipalityIndex, source: str
) -> tuple[tuple[Member, ...], tuple[SubRegion, ...]]:
    """Resolve the list on ``lines`` (label line first) to members and sub-regions.

    The members are the union of the sub-regions when the list has labels. Raises
    :class:`SourceError` for a name the index does not know or cannot disambiguate.
    """
    evidence = Evidence(source, lines[0].number, lines[-1].number)
    text, offsets = _joined(lines)
    groups = _label_groups(text)
    named: list[tuple[str | None, list[_Piece]]] = []
    for label, start, end in groups:
        pieces = _pieces(text[start:end], start, offsets, index, path)
        named.append((label, pieces))
    all_pieces = [p for _, ps in named for p in ps]
    province = _majority_province(all_pieces, index)
    resolved = {id(p): _resolve(p, index, province, path, evidence) for p in all_pieces}
    members = tuple(resolved[id(p)] for p in all_pieces)
    subregions = tuple(
        SubRegion(label, tuple(resolved[id(p)] for p in ps), evidence)
        for label, ps in named
        if label is not None
    )
    return members, subregions


def _joined(lines: Sequence[Line]) -> tuple[str, list[tuple[int, int]]]:
    """The list text without its label, lines joined; and (offset, line) pairs.

    A line ending in a hyphen glued to a letter continues the word on the next line
    (``Oud-`` / ``Beijerland``); other breaks are spaces (``Stede`` / ``Broec``).
    """
    text, offsets = "", []
    for ln in lines:
        part = collapse(ln.text)
        if part.startswith(LABEL):
            part = part[len(LABEL) :].strip()
        if not part:
            continue
        if text and not ends_in_split_word(text):
            text += " "
        offsets.append((len(text), ln.number))
        text += part
    return text, offsets


def _line_at(offset: int, offsets: list[tuple[int, int]]) -> int:
    line = offsets[0][1]
    for start, number in offsets:
        if start <= offset:
            line = number
    return line


def _label_groups(text: str) -> list[tuple[str | None, int, int]]:
    """(label, start, end) of each labelled part; one unlabelled part when none."""
    labels = list(SUBREGION_LABEL.finditer(text))
    if not labels:
        return [(None, 0, len(text))]
    out: list[tuple[str | None, int, int]] = []
    if text[: labels[0].start()].strip():
        out.append((None, 0, labels[0].start()))
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        out.append((m.group(1), m.end(), end))
    return out


def _pieces(
    text: str, base: int, offsets: list[tuple[int, int]], index: MunicipalityIndex, path: Path
) -> list[_Piece]:
    """Cut one part of the list at commas, then each chunk into known names."""
    out = []
    position = 0
    for chunk in text.split(","):
        line = _line_at(base + position + len(chunk) - len(chunk.lstrip()), offsets)
        position += len(chunk) + 1
        words = tuple(chunk.split())
        if words and words[0] == "en":  # ', en Zwolle.'
            words = words[1:]
        if not words:
            continue
        names = _segment(words, lambda name: _is_name(name, index))
        if names is None:
            raise SourceError(path, f"unknown municipality {_clean(' '.join(words))!r}", line)
        for name in names:
            expanded = [] if _clean(name) in index else _slash_names(name, index)
            out.extend(_Piece(n, line) for n in expanded or [name])
    return out


def _is_name(name: str, index: MunicipalityIndex) -> bool:
    """A known municipality name, or two joined by a slash (``Capelle/Krimpen ...``)."""
    return _clean(name) in index or bool(_slash_names(name, index))


def _clean(name: str) -> str:
    """A printed name without the list's closing period (``Zuidhorn.``), but with the
    period of an abbreviation that ends a name (``Nuenen c.a.``)."""
    name = name.strip()
    stripped = name.rstrip(".").strip()
    return name if name != stripped and re.search(r"\b\w\.\w\.$", name) else stripped


def _segment(words: tuple[str, ...], known: Callable[[str], bool]) -> list[str] | None:
    """The fewest known names that, with ``en`` between some of them, make ``words``.

    ``Mook en Middelaar`` stays whole because it is one name; ``Zutphen en Hattem`` and
    ``Montfoort Oudewater`` split because the whole is no name but both halves are.
    """

    @lru_cache(maxsize=None)
    def best(start: int) -> tuple[str, ...] | None:
        if start == len(words):
            return ()
        found: tuple[str, ...] | None = None
        for end in range(len(words), start, -1):
            name = " ".join(words[start:end])
            if not known(name):
                continue
            rest_start = end + 1 if end < len(words) and words[end] == "en" else end
            for nxt in (rest_start, end):
                rest = best(nxt) if nxt <= len(words) else None
                if rest is not None and (found is None or 1 + len(rest) < len(found)):
                    found = (name, *rest)
        return found

    result = best(0)
    return list(result) if result is not None else None


def _slash_names(name: str, index: MunicipalityIndex) -> list[str]:
    """``Capelle/Krimpen aan den IJssel`` → both names, when both are known."""
    m = re.fullmatch(r"(\S+)/(\S+)(.*)", _clean(name))
    if not m:
        return []
    first, second = m.group(1) + m.group(3), m.group(2) + m.group(3)
    return [first, second] if first in index and second in index else []


def _majority_province(pieces: list[_Piece], index: MunicipalityIndex) -> str | None:
    """The province most unambiguous names of the list lie in (to place ``Bergen``)."""
    counts = Counter(
        found[0].province_code
        for p in pieces
        if len(found := index.candidates(_clean(p.text))) == 1
    )
    return counts.most_common(1)[0][0] if counts else None


def _resolve(
    piece: _Piece,
    index: MunicipalityIndex,
    province: str | None,
    path: Path,
    evidence: Evidence,
) -> Member:
    name = _clean(piece.text)
    municipality = index.resolve(name, province=province)
    if municipality is None:
        raise SourceError(path, f"unknown municipality {name!r}", piece.line)
    return Member(name, municipality.code, evidence)
