"""The CBS and RvIG reference tables: municipalities of 2013 and 2017, mergers, divisions.

Three tables are read (see ``../shared/data/reference/README.md``):

* the CBS list of the 408 municipalities of 1 January 2013 with their province;
* the RvIG Landelijke Tabel 33, whose "Nieuwe code" gives the successor after a merger;
* CBS 83553NED "Gebieden in Nederland 2017": each 2017 municipality's jeugdzorgregio,
  GGD region, veiligheidsregio, zorgkantoorregio, arbeidsmarktregio, police unit and
  province, and its inhabitants.

Following the successor chain up to 1 January 2017 maps every 2013 municipality onto a
2017 one, and so onto the official divisions. :class:`MunicipalityIndex` resolves names as
the documents print them to CBS codes.
"""

from __future__ import annotations

import csv
import dataclasses
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import SourceError
from loaders.records import (
    Division,
    DivisionMembership,
    Evidence,
    Merger,
    Municipality,
    Reference,
)
from loaders.sources import SHIPPED_DATA, read_lines

CBS_2013 = "nlextract__cbs-gemeentenperprovincie-2013.csv"
RVIG_TABLE_33 = "rvig__Tabel33_Gemeententabel_gesorteerd_op_code.csv"
CBS_2017 = "cbs_83553NED_gebieden_in_nederland_2017__data.csv"

#: Source ids used in :class:`Evidence` for the reference tables.
SOURCE_CBS_2013 = "cbs2013"
SOURCE_RVIG = "rvig33"
SOURCE_CBS_2017 = "cbs2017"

#: CBS 83553NED columns (code, name) for each division kind the graph keeps.
DIVISION_COLUMNS: dict[str, tuple[str, str]] = {
    "jeugdzorgregio": ("Code_16", "Naam_17"),
    "ggd-regio": ("Code_14", "Naam_15"),
    "veiligheidsregio": ("Code_40", "Naam_41"),
    "zorgkantoorregio": ("Code_42", "Naam_43"),
    "arbeidsmarktregio": ("Code_4", "Naam_5"),
    "regionale-eenheid": ("Code_34", "Naam_35"),
    "provincie": ("Code_32", "Naam_33"),
}

CUTOFF_2017 = "2017-01-01"


def gm(code: str) -> str:
    """``"14"`` or ``"0014"`` → ``"GM0014"``."""
    return "GM" + code.strip().zfill(4)


def load_reference(directory: Path) -> Reference:
    """Read the three tables in ``directory`` into one :class:`Reference` record."""
    m2013 = _read_2013(directory / CBS_2013)
    successors, ends = _read_rvig(directory / RVIG_TABLE_33)
    rows2017 = _read_2017(directory / CBS_2017)
    codes2017 = {row[0].code for row in rows2017}
    resolved = tuple(
        _with_successor(m, successors, codes2017, directory / RVIG_TABLE_33) for m in m2013
    )
    municipalities = resolved + tuple(m for m, _ in rows2017)
    mergers = _mergers(resolved, successors, ends, codes2017)
    divisions = tuple(d for _, d in rows2017)
    return Reference(municipalities, mergers, divisions)


def _csv_rows(path: Path, delimiter: str, encoding: str = "utf-8") -> Iterable[tuple[int, dict[str, str]]]:
    lines = read_lines(path, encoding=encoding)
    reader = csv.DictReader(lines, delimiter=delimiter)
    for number, row in enumerate(reader, start=2):
        yield number, {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}


def _read_2013(path: Path) -> tuple[Municipality, ...]:
    out = []
    for line, row in _csv_rows(path, ";"):
        try:
            out.append(
                Municipality(
                    code=gm(row["Gemcode"]),
                    name=row["Gemcodel"],
                    province_code=f"PV{int(row['provcode']):02d}",
                    province_name=row["provcodel"],
                    year=2013,
                    evidence=Evidence(SOURCE_CBS_2013, line, line),
                )
            )
        except (KeyError, ValueError) as exc:
            raise SourceError(path, f"unreadable row ({exc})", line) from None
    if len(out) != 408:
        raise SourceError(path, f"expected the 408 municipalities of 2013, found {len(out)}")
    return tuple(out)


def _read_rvig(path: Path) -> tuple[dict[str, tuple[str, int]], dict[str, str]]:
    """Successor code (with its line) and end date per CBS code, from RvIG table 33."""
    successors: dict[str, tuple[str, int]] = {}
    ends: dict[str, str] = {}
    for line, row in _csv_rows(path, ",", encoding="utf-16"):
        code = gm(row["92.10 Gemeentecode"])
        if row["92.12 Nieuwe code"]:
            successors[code] = (gm(row["92.12 Nieuwe code"]), line)
        end = row["99.99 Datum einde"]
        if end:
            if not re.fullmatch(r"\d{8}", end):
                raise SourceError(path, f"end date {end!r} is not YYYYMMDD", line)
            ends[code] = f"{end[:4]}-{end[4:6]}-{end[6:]}"
    return successors, ends


def _read_2017(path: Path) -> list[tuple[Municipality, DivisionMembership]]:
    out = []
    for line, row in _csv_rows(path, ","):
        evidence = Evidence(SOURCE_CBS_2017, line, line)
        try:
            code = row["RegioS"]
            divisions = tuple(
                Division(kind, row[c], row[n]) for kind, (c, n) in DIVISION_COLUMNS.items()
            )
            province = next(d for d in divisions if d.kind == "provincie")
            municipality = Municipality(
                code=code,
                name=row["Naam_2"],
                province_code=province.code,
                province_name=province.name,
                year=2017,
                evidence=evidence,
                inhabitants=_inhabitants(row["Inwonertal_48"]),
            )
        except (KeyError, ValueError, StopIteration) as exc:
            raise SourceError(path, f"unreadable row ({exc})", line) from None
        out.append((municipality, DivisionMembership(code, divisions, evidence)))
    return out


def _inhabitants(text: str) -> int:
    """A count of inhabitants: a whole number ≥ 0 (CBS pads with spaces), else ValueError."""
    value = int(text)
    if value < 0:
        raise ValueError(f"negative number of inhabitants {value}")
    return value


def _with_successor(
    m: Municipality, successors: dict[str, tuple[str, int]], codes2017: set[str], rvig: Path
) -> Municipality:
    """``m`` with ``successor_2017`` set by following RvIG's successor chain."""
    code, seen = m.code, []
    while code not in codes2017:
        seen.append(code)
        if code not in successors or len(seen) > 10:
            raise SourceError(rvig, f"no successor chain from {m.code} {m.name} to a 2017 municipality")
        code = successors[code][0]
    return dataclasses.replace(m, successor_2017=code)


def _mergers(
    m2013: tuple[Municipality, ...],
    successors: dict[str, tuple[str, int]],
    ends: dict[str, str],
    codes2017: set[str],
) -> tuple[Merger, ...]:
    """Every merger between 2013 and 2017 on the chains of the 2013 municipalities."""
    groups: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for m in m2013:
        code = m.code
        while code not in codes2017:
            nxt, line = successors[code]
            groups[(ends[code], nxt)].append((code, line))
            code = nxt
    out = []
    for (date, resulting), originals in sorted(groups.items()):
        if date > CUTOFF_2017:
            continue
        codes = tuple(sorted({c for c, _ in originals}))
        lines = [line for _, line in originals]
        out.append(Merger(date, codes, resulting, Evidence(SOURCE_RVIG, min(lines), max(lines))))
    return tuple(out)


# --- name resolution ----------------------------------------------------------------------


def normalise(name: str) -> str:
    """A comparison key: case, accents, apostrophes, hyphens and spaces do not count."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"\s*\((nh|l)\.?\)", "", text)  # CBS's "Bergen (NH.)", "Bergen (L.)"
    return re.sub(r"[^a-z0-9']+", "", text)


@dataclass(frozen=True)
class Alias:
    """A printed spelling that differs from the CBS name, from ``municipality_aliases.csv``."""

    printed: str
    official: str
    note: str


def load_aliases(path: Path = SHIPPED_DATA / "municipality_aliases.csv") -> tuple[Alias, ...]:
    """The reviewed table of printed name variants (``printed,official,note``)."""
    out = []
    for line, row in _csv_rows(path, ","):
        if not row.get("printed") or not row.get("official"):
            raise SourceError(path, "row needs 'printed' and 'official'", line)
        out.append(Alias(row["printed"], row["official"], row.get("note", "")))
    return tuple(out)


class MunicipalityIndex:
    """Resolves municipality names as printed in the documents to CBS codes of one year.

    Exact CBS names and their normalised forms resolve directly; known variants go
    through the reviewed alias table. A name shared by two municipalities (Bergen in
    Noord-Holland and in Limburg) resolves only with a province hint — the province of
    the other names in the same list — and is otherwise refused as ambiguous.
    """

    def __init__(self, municipalities: Iterable[Municipality], aliases: Iterable[Alias] = ()) -> None:
        self._by_key: dict[str, list[Municipality]] = defaultdict(list)
        self._by_code: dict[str, Municipality] = {}
        for m in municipalities:
            self._by_key[normalise(m.name)].append(m)
            self._by_code[m.code] = m
        for alias in aliases:
            targets = self._by_key.get(normalise(alias.official))
            if not targets:
                raise ValueError(f"alias {alias.printed!r} points to unknown municipality {alias.official!r}")
            key = normalise(alias.printed)
            if key not in self._by_key:
                self._by_key[key] = list(targets)

    def __contains__(self, name: str) -> bool:
        return normalise(name) in self._by_key

    def get(self, code: str) -> Municipality:
        """The municipality with CBS code ``code``."""
        return self._by_code[code]

    def candidates(self, name: str) -> list[Municipality]:
        """All municipalities a printed name may denote (empty when unknown)."""
        return list(self._by_key.get(normalise(name), ()))

    def resolve(self, name: str, province: str | None = None) -> Municipality | None:
        """The one municipality ``name`` denotes, using ``province`` (code) to disambiguate.

        Returns ``None`` when the name is unknown or stays ambiguous; callers turn that
        into a :class:`SourceError` naming the file and line.
        """
        found = self.candidates(name)
        if len(found) > 1 and province:
            found = [m for m in found if m.province_code == province]
        return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class Predecessor:
    """A municipality that ended in a merger: CBS code, name and the RvIG row it stands on."""

    code: str
    name: str
    end: str  # ISO date of the merger (RvIG "Datum einde")
    evidence: Evidence


def mergers_into(directory: Path, code: str) -> tuple[Merger, tuple[Predecessor, ...]]:
    """The merger that created ``code`` and the municipalities it ended, from RvIG table 33.

    :func:`load_reference` keeps only the mergers on the chains of the 2013 municipalities
    (2013–2017). A document of 2012 names municipalities that ended on 1 January 2013
    (Dirksland … became Goeree-Overflakkee); this reads their merger directly. Raises
    :class:`SourceError` when no row names ``code`` as its successor, or when the rows
    disagree on the date.
    """
    path = directory / RVIG_TABLE_33
    found = []
    for line, row in _csv_rows(path, ",", encoding="utf-16"):
        if row["92.12 Nieuwe code"] and gm(row["92.12 Nieuwe code"]) == code:
            end = row["99.99 Datum einde"]
            if not re.fullmatch(r"\d{8}", end):
                raise SourceError(path, f"end date {end!r} is not YYYYMMDD", line)
            date = f"{end[:4]}-{end[4:6]}-{end[6:]}"
            found.append(Predecessor(gm(row["92.10 Gemeentecode"]), row["92.11 Omschrijving"], date, Evidence(SOURCE_RVIG, line, line)))
    dates = {p.end for p in found}
    if len(dates) != 1:
        raise SourceError(path, f"expected one merger into {code}, found dates {sorted(dates)}")
    lines = [p.evidence.first for p in found]
    merger = Merger(dates.pop(), tuple(sorted(p.code for p in found)), code, Evidence(SOURCE_RVIG, min(lines), max(lines)))
    return merger, tuple(found)
