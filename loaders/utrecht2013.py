"""Document 002 (Utrecht, 2013) → :class:`Utrecht2013`: regions, scale levels, tasks, statistics.

The proposal of the 26 Utrecht municipalities for supra-local cooperation holds four
tables, each read by its own function:

* the six regions with their inhabitants on 1 October 2012 (checked against the printed
  total);
* the scale levels with their indicative population ranges;
* the twelve tasks with the level at which each is purchased. The PDF wraps the task
  column mid-word (``Kinderbescher`` / ``mingsmaatrege`` / ``len``); a piece without a
  trailing space continues the word, a piece with one ends it. The labels are known (as
  the survey's eleven are), so each row is found by its label, in table order, and the
  level cell is what follows the label up to the first rationale bullet (U+F0B7);
* the statistics appendix: one row per municipality, thirteen numbers (``10 of minder``
  is one censored value), and an unlabelled total row that every column must add up to.

The document prints no list of which municipality lies in which region (the map,
'Afbeelding 1', did not survive the text extraction). The statistics table lists the 26
municipalities grouped by region, in the order of the regions table, without labels:
:func:`assign_regions` finds the one split into six consecutive blocks whose 2010
populations best match the regions' 2012 populations, and refuses when any block is off
by more than :data:`MAX_DEVIATION`. Those memberships are marked as derived.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from loaders.errors import SourceError
from loaders.municipalities import MunicipalityIndex
from loaders.records import Evidence, Member
from loaders.regional_records import (
    Observation,
    PurchasingChoice,
    ScaleLevel,
    UtrechtRegion,
    Utrecht2013,
)
from loaders.survey2013_tasks import levels_of
from loaders.text import Line, collapse, read_numbered

SOURCE = "002"

#: Task key → label as printed (wrapped pieces joined; footnote marker kept), table order.
TASKS: dict[str, str] = {
    "preventie-en-signalering": "Preventie en signalering",
    "ambulante-hulp-en-toegang": "Ambulante hulp en toegang en Toeleiding8 (Wijk of Buurt teams)",
    "specialistische-ambulante-ondersteuning": "specialistische ambulante ondersteuning (GGZ, LVB, jeugd en opvoed hulp)",
    "tweede-en-derdelijns-jeugd-ggz": "tweedelijns jeugd-GGZ, derdelijns jeugd-GGZ,",
    "amhk": "Meldpunt Huiselijk Geweld en Kindermishandeling (AMHK)",
    "kinderbeschermingsmaatregelen": "Kinderbeschermingsmaatregelen",
    "crisisdienst": "Crisisdienst",
    "jeugdreclassering": "Jeugdreclassering",
    "pleegzorg-gezinsvervanging": "Pleegzorg / (tijdelijke) gezinsvervanging",
    "residentiele-hulp": "Residentiële hulp,",
    "multifunctionele-centra-obc": "multifunctionele centra, en orthopedagogische behandelcentra",
    "gesloten-jeugdhulp": "Gesloten jeugdhulp",
}

#: The statistics columns after the municipality name, left to right (keys of the
#: ``jgum:`` measures in ontology/arrangements-rotterdam-utrecht.ttl). The header is
#: stacked text (lines 872–930); this order is its reading, checked by the totals row.
MEASURES: tuple[str, ...] = (
    "inwoners-0-17",
    "inwoners-0-22",
    "inwoners-totaal",
    "bjz-aanmeldingen",
    "amk-onderzoeken",
    "jb-maatregelen",
    "jr-maatregelen",
    "jeugdzorg-in-zorg",
    "ggz-kinderen",
    "ggz-eerstelijns",
    "ggz-dbc-zonder-verblijf",
    "ggz-dbc-met-verblijf",
    "lvb-extramurale-indicatie",
)

#: A region's 2010 block population may differ from its 2012 figure by at most this share.
MAX_DEVIATION = 0.05

RATIONALE_BULLET = "\uf0b7"
NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+"
CENSORED = "10 of minder"
LEVEL_KEYS = {"lokaal": "lokaal", "regionaal": "regionaal", "bovenregionaal": "bovenregionaal", "landelijk": "landelijk"}


def parse(path: Path, index: MunicipalityIndex) -> Utrecht2013:
    """Read document 002 at ``path``; names resolve through ``index`` (CBS 2013)."""
    lines = read_numbered(path)
    rows, totals, members = parse_statistics(lines, path, index)
    regions = assign_regions(parse_regions(lines, path), members, rows, path)
    return Utrecht2013(
        regions=regions,
        cooperation_members=members,
        cooperation_evidence=_cooperation_evidence(lines, path),
        scale_levels=parse_scale_levels(lines, path),
        purchasing=parse_tasks(lines, path),
        observations=tuple(o for row in (*rows, totals) for o in row),
    )


# --- helpers ---------------------------------------------------------------------------


def find(lines: Sequence[Line], pattern: str, path: Path, start: int = 0) -> int:
    """Index of the first line from ``start`` matching ``pattern``; a SourceError if none.

    The error names the last line read, so a truncated document says where it stopped.
    """
    regex = re.compile(pattern)
    for i in range(start, len(lines)):
        if regex.search(lines[i].text):
            return i
    last = lines[-1].number if lines else 1
    raise SourceError(path, f"expected a line matching {pattern!r} after line {start + 1}; document ends", last)


def number(text: str) -> int:
    """``"1.237.117"`` → 1237117 (the dot groups thousands)."""
    return int(text.replace(".", ""))


def join_pieces(lines: Sequence[Line]) -> str:
    """Join wrapped pieces: a line without trailing space continues the word on the next."""
    out = ""
    glue = ""
    for ln in lines:
        if ln.blank:
            continue
        out += glue + ln.text.strip()
        glue = " " if ln.text != ln.text.rstrip() else ""
    return collapse(out)


# --- regions -----------------------------------------------------------------------------

_ROW = re.compile(rf"^(?P<name>.+?)\s+(?P<n>{NUMBER})\s*$")


def parse_regions(lines: Sequence[Line], path: Path) -> tuple[UtrechtRegion, ...]:
    """The six regions of the table 'Regio / Aantal inwoners per 1 oktober 2012'."""
    head = find(lines, r"^Regio Aantal inwoners per 1 oktober 2012", path)
    end = find(lines, r"^Totaal\s", path, head)
    regions = []
    for ln in lines[head + 1 : end]:
        if ln.blank:
            continue
        m = _ROW.match(ln.clean)
        if not m:
            raise SourceError(path, f"region row not understood: {ln.clean!r}", ln.number)
        name = re.sub(r"\d+$", "", m["name"]).strip()  # footnote marker ("Utrecht4")
        regions.append(UtrechtRegion(name, number(m["n"]), Evidence(SOURCE, ln.number, ln.number)))
    total = number(_ROW.match(lines[end].clean)["n"])
    if sum(r.inhabitants for r in regions) != total:
        raise SourceError(path, f"regions add up to {sum(r.inhabitants for r in regions)}, the table says {total}", lines[end].number)
    return tuple(regions)


def assign_regions(
    regions: tuple[UtrechtRegion, ...],
    members: tuple[Member, ...],
    rows: Sequence[tuple[Observation, ...]],
    path: Path,
) -> tuple[UtrechtRegion, ...]:
    """The regions with members: the best split of the table's rows into consecutive blocks.

    Each block's 2010 population (column ``inwoners-totaal``) is compared with its region's
    1 October 2012 figure; the split with the smallest largest relative deviation wins.
    """
    pops = [next(o.value for o in row if o.measure == "inwoners-totaal") for row in rows]
    targets = [r.inhabitants for r in regions]
    best = _best_split(pops, targets)
    if best is None or best[0] > MAX_DEVIATION:
        raise SourceError(path, "the statistics rows cannot be grouped into the six regions by population")
    worst, cuts = best
    out = []
    for region, (a, b) in zip(regions, zip(cuts, cuts[1:])):
        block = members[a:b]
        deviation = abs(sum(pops[a:b]) - region.inhabitants) / region.inhabitants
        note = (
            f"Derived: the statistics table lists the municipalities by region in the order of the "
            f"regions table, without labels; this block's 2010 population {sum(pops[a:b])} is "
            f"{deviation:.1%} from the region's 2012 figure {region.inhabitants}."
        )
        out.append(UtrechtRegion(region.name, region.inhabitants, region.evidence, block, note))
    return tuple(out)


def _best_split(pops: list[int], targets: list[int]) -> tuple[float, list[int]] | None:
    """Cut points (0 = a0 < a1 < … < ak = n) minimising the largest relative deviation."""
    n, k = len(pops), len(targets)
    prefix = [0]
    for p in pops:
        prefix.append(prefix[-1] + p)
    # best[j][i]: (worst deviation, cuts) for the first j regions over the first i rows
    best: list[dict[int, tuple[float, list[int]]]] = [{0: (0.0, [0])}]
    for j in range(1, k + 1):
        layer: dict[int, tuple[float, list[int]]] = {}
        for i in range(j, n - (k - j) + 1):
            for h, (worst, cuts) in best[j - 1].items():
                if h >= i:
                    continue
                dev = abs(prefix[i] - prefix[h] - targets[j - 1]) / targets[j - 1]
                cand = (max(worst, dev), cuts + [i])
                if i not in layer or cand[0] < layer[i][0]:
                    layer[i] = cand
        best.append(layer)
    return best[k].get(n)


def _cooperation_evidence(lines: Sequence[Line], path: Path) -> Evidence:
    """The conclusion's third level: 'samenwerking met, indicatief, alle Utrechtse gemeenten'."""
    start = find(lines, r"^3\. Op het bovenregionale niveau", path)
    end = find(lines, r"alle Utrechtse gemeenten", path, start)
    return Evidence(SOURCE, lines[start].number, lines[end].number)


# --- scale levels ------------------------------------------------------------------------


def parse_scale_levels(lines: Sequence[Line], path: Path) -> tuple[ScaleLevel, ...]:
    """The table 'Schaalniveau / Indicatie inwonertal' (four levels)."""
    head = find(lines, r"^Schaalniveau Indicatie inwonertal", path)
    end = find(lines, r"^Nb\.", path, head)
    rows: list[list[Line]] = []
    for ln in lines[head + 1 : end]:
        if ln.blank:
            continue
        first = ln.clean.split()[0].lower()
        if first in LEVEL_KEYS:
            rows.append([ln])
        elif rows:
            rows[-1].append(ln)  # 'Landelijk' wraps its criterion
        else:
            raise SourceError(path, f"scale row without a level: {ln.clean!r}", ln.number)
    return tuple(_scale_level(row, path) for row in rows)


def _scale_level(row: list[Line], path: Path) -> ScaleLevel:
    text = " ".join(ln.clean for ln in row)
    level, rest = text.split(" ", 1)
    evidence = Evidence(SOURCE, row[0].number, row[-1].number)
    key = LEVEL_KEYS[level.lower()]
    span = re.fullmatch(rf"({NUMBER})\s*-\s*({NUMBER})", rest)
    if span:
        return ScaleLevel(key, text, evidence, number(span[1]), number(span[2]))
    low = re.fullmatch(rf"Vanaf ({NUMBER})", rest)
    if low:
        return ScaleLevel(key, text, evidence, number(low[1]))
    return ScaleLevel(key, text, evidence, criterion=rest)


# --- tasks and purchasing levels ------------------------------------------------------------


def parse_tasks(lines: Sequence[Line], path: Path) -> tuple[PurchasingChoice, ...]:
    """The twelve rows of the table 'Taak / Schaal inkoop / Onderbouwing'."""
    head = find(lines, r"^Taak Schaal\s*$", path)
    end = find(lines, r"^Tot slot zijn er nog aantal functies", path, head)
    starts = _task_starts(lines, head + 1, end, path)
    out = []
    for k, (key, first) in enumerate(zip(TASKS, starts)):
        last = starts[k + 1] if k + 1 < len(starts) else end
        out.append(_purchasing(key, lines[first:last], path))
    return tuple(out)


def _task_starts(lines: Sequence[Line], start: int, end: int, path: Path) -> list[int]:
    """Index of each task's first line, in table order: the line its label starts on."""
    out, i = [], start
    for key, label in TASKS.items():
        while i < end and not _starts_label(lines, i, end, label):
            i += 1
        if i == end:
            raise SourceError(path, f"task row {label!r} missing from the task table", lines[end].number)
        out.append(i)
        i += 1
    return out


def _starts_label(lines: Sequence[Line], i: int, end: int, label: str) -> bool:
    if lines[i].blank or not label.startswith(lines[i].text.strip()[:8]):
        return False
    return join_pieces(lines[i : min(end, i + 16)]).startswith(label)


def _purchasing(key: str, row: Sequence[Line], path: Path) -> PurchasingChoice:
    label = TASKS[key]
    kept = [ln for ln in row if not ln.blank]
    text = join_pieces(kept)
    cell = text[len(label) :].split(RATIONALE_BULLET, 1)[0].strip()
    levels = levels_of(cell.replace("Boven-", "Boven"))
    if not levels:
        raise SourceError(path, f"task {label!r}: no purchasing level in {cell!r}", kept[0].number)
    last = _level_cell_end(kept, label, cell)
    return PurchasingChoice(key, label, levels, cell, Evidence(SOURCE, kept[0].number, last))


def _level_cell_end(kept: Sequence[Line], label: str, cell: str) -> int:
    """Number of the line the level cell ends on: the evidence is label plus level cell."""
    for j in range(len(kept)):
        if join_pieces(kept[: j + 1]).startswith(f"{label} {cell}".strip()) or RATIONALE_BULLET in kept[j].text:
            return kept[j].number
    return kept[-1].number


# --- statistics ---------------------------------------------------------------------------

_STAT_ROW = re.compile(rf"^(?P<name>[^\d]*?)\s*(?P<values>(?:(?:{CENSORED}|{NUMBER})\s*)+)$")
_VALUE = re.compile(rf"{CENSORED}|{NUMBER}")


def parse_statistics(
    lines: Sequence[Line], path: Path, index: MunicipalityIndex
) -> tuple[list[tuple[Observation, ...]], tuple[Observation, ...], tuple[Member, ...]]:
    """Rows of the statistics appendix as observations, the total row, and the municipalities.

    Rows run from the first line naming a municipality to the unlabelled total row; every
    column must add up to that row (censored cells count as unknown, so a column holding
    one must add up to at most the total).
    """
    head = find(lines, r"^Gemeente 0-17 0-22 totaal", path)
    end = find(lines, r"^Aantal inwoners \(per 1-10-2010\)", path, head)
    rows, members, total = [], [], None
    for ln in lines[head + 1 : end]:
        m = _STAT_ROW.match(ln.clean)
        if ln.blank or not m:
            continue
        name = m["name"].strip()
        if not rows and name not in index:
            continue  # header lines ending in a year ("Aanmelding 2012", "2011")
        values = _VALUE.findall(m["values"])
        if len(values) != len(MEASURES):
            raise SourceError(path, f"{len(values)} values, expected {len(MEASURES)}", ln.number)
        if not name:
            total = (ln, values)
            continue
        municipality = index.resolve(name)
        if municipality is None:
            raise SourceError(path, f"ambiguous municipality {name!r}", ln.number)
        evidence = Evidence(SOURCE, ln.number, ln.number)
        members.append(Member(name, municipality.code, evidence))
        rows.append(tuple(_observation(municipality.code, k, v, evidence) for k, v in zip(MEASURES, values)))
    if total is None:
        raise SourceError(path, "statistics table has no total row", lines[end].number)
    totals = tuple(_observation(None, k, v, Evidence(SOURCE, total[0].number, total[0].number)) for k, v in zip(MEASURES, total[1]))
    _check_totals(rows, totals, path, total[0].number)
    return rows, totals, tuple(members)


def _observation(code: str | None, measure: str, text: str, evidence: Evidence) -> Observation:
    if text == CENSORED:
        return Observation(code, measure, text, evidence, at_most=10)
    return Observation(code, measure, text, evidence, value=number(text))


def _check_totals(rows: Sequence[tuple[Observation, ...]], totals: tuple[Observation, ...], path: Path, line: int) -> None:
    for column, total in enumerate(totals):
        cells = [row[column] for row in rows]
        known = sum(c.value for c in cells if c.value is not None)
        censored = any(c.value is None for c in cells)
        ok = known <= total.value <= known + 10 * sum(c.value is None for c in cells) if censored else known == total.value
        if not ok:
            raise SourceError(path, f"column {MEASURES[column]} adds up to {known}, the total row says {total.value}", line)
