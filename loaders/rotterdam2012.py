"""Document 001 (Stadsregio Rotterdam, 2012) → :class:`Rotterdam2012`.

The programme plan 'Decentralisatie Jeugdzorg' is read section by section, each anchored
on its heading (a missing anchor — a truncated document — is a :class:`SourceError`
naming the file and its last line):

* who takes part: the PHO list of Bijlage 1 names the 19 municipalities (a person's name,
  then the municipality: only the municipality is kept, resolved by its longest known
  suffix). §1.2 names the four Goeree-Overflakkee municipalities that join 'maar maken
  geen deel uit van de stadsregio'; the other 15 are the members, which §1.2's 'van 15
  gemeenten' must confirm. The four ended on 1 January 2013 in Goeree-Overflakkee
  (GM1924): their codes and the merger come from RvIG table 33;
* the sub-regions (§7.3: 'Elke subregio (NWN, BAR, Voorne-Putten, LKC en Rotterdam)');
* the opgaven and working groups (:mod:`loaders.rotterdam2012_opgaven`);
* the pilot themes (§6.4) and the simulation;
* the tasks held before 2015 and who holds them (§10.4);
* the 2012 budget: sources and costs (§8.1.5, §8.3; each must add up to its printed
  total) and the earmarked grant for the pilots. Who provides each source comes from the
  reviewed table ``loaders/data/rotterdam2012_funders.csv``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from loaders.curation import CurationRow, read_curation
from loaders.errors import SourceError
from loaders.municipalities import MunicipalityIndex, Predecessor
from loaders.organisations import OrganisationIndex
from loaders.records import Evidence, Member, Merger
from loaders.regional_records import (
    BudgetLine,
    FormerMunicipality,
    PilotTheme,
    Rotterdam2012,
    RotterdamSubRegion,
    TaskTransfer,
)
from loaders.rotterdam2012_opgaven import match_groups, parse_groups, parse_opgaven
from loaders.sources import SHIPPED_DATA
from loaders.text import Line, join_wrapped, read_numbered, strip_bullet

SOURCE = "001"
THEMES_CSV = SHIPPED_DATA / "rotterdam2012_themes.csv"
FUNDERS_CSV = SHIPPED_DATA / "rotterdam2012_funders.csv"
GOEREE_OVERFLAKKEE = "GM1924"

#: Tasks of §10.4 as printed (lowercased) → key of the ``jgrt:`` concept.
TRANSFER_TASKS: dict[str, str] = {
    "de toegangstaken van bureau jeugdzorg": "toegang-bureau-jeugdzorg",
    "de door de stadsregio geïndiceerde jeugdzorg": "geindiceerde-jeugdzorg",
    "pleegzorg": "pleegzorg",
    "crisishulp": "crisishulp",
    "jeugdbescherming": "jeugdbescherming",
    "jeugdreclassering": "jeugdreclassering",
    "de jeugdzorg plus (voorheen gesloten jeugdzorg)": "jeugdzorg-plus",
    "de jeugd-ggz (zvw)": "jeugd-ggz",
    "de zorg voor jeugdige licht verstandelijk gehandicapten (j-lvg, awbz)": "jeugd-lvg",
}
AMOUNT = r"\d{1,3}(?:\.\d{3})+"


def parse(
    path: Path,
    index: MunicipalityIndex,
    merger: tuple[Merger, tuple[Predecessor, ...]],
    organisations: OrganisationIndex,
    themes: Sequence[CurationRow] | None = None,
    funders: Sequence[CurationRow] | None = None,
) -> Rotterdam2012:
    """Read document 001 at ``path``.

    ``index`` resolves names to CBS 2013 codes; ``merger`` is RvIG's merger into
    Goeree-Overflakkee (:func:`loaders.municipalities.mergers_into`); the curation tables
    default to the shipped ones.
    """
    lines = read_numbered(path)
    themes = read_curation(THEMES_CSV) if themes is None else themes
    funders = read_curation(FUNDERS_CSV, ("budget_line", "funder")) if funders is None else funders
    members, participants, participants_evidence, former = parse_participants(lines, path, index, merger[1])
    stadsregio_evidence = _stated_count(lines, path, r"samenwerkingsverband van", len(members))
    programme_evidence = _stated_count(lines, path, r"^\* Daar waar gezamenlijk staat", len(members) + len(participants))
    stadsregio = organisations.resolve("Stadsregio Rotterdam")
    return Rotterdam2012(
        stadsregio_org=stadsregio.id if stadsregio else None,
        stadsregio_evidence=stadsregio_evidence,
        members=members,
        participants=participants,
        participants_evidence=participants_evidence,
        former=former,
        merger=merger[0],
        programme_evidence=programme_evidence,
        subregions=parse_subregions(lines, path, members),
        working_groups=tuple(g for g, _ in _groups(lines, path)),
        opgaven=_opgaven(lines, path, themes),
        pilots=parse_pilots(lines, path),
        transfers=parse_transfers(lines, path, organisations),
        budget=parse_budget(lines, path, funders, stadsregio.id if stadsregio else None),
    )


# --- helpers -------------------------------------------------------------------------------


def find(lines: Sequence[Line], pattern: str, path: Path, start: int = 0) -> int:
    """Index of the first line from ``start`` matching ``pattern``; a SourceError if none."""
    regex = re.compile(pattern)
    for i in range(start, len(lines)):
        if regex.search(lines[i].text):
            return i
    last = lines[-1].number if lines else 1
    raise SourceError(path, f"expected a line matching {pattern!r} after line {start + 1}; document ends", last)


def _span(lines: Sequence[Line]) -> Evidence:
    kept = [ln.number for ln in lines if not ln.blank]
    return Evidence(SOURCE, kept[0], kept[-1])


def _paragraphs(lines: Sequence[Line]) -> list[list[Line]]:
    """Runs of non-blank lines; a page's first line (it starts with a space) starts a new run."""
    out: list[list[Line]] = [[]]
    for ln in lines:
        if ln.blank or (ln.text.startswith(" ") and out[-1]):
            if out[-1]:
                out.append([])
        if not ln.blank:
            out[-1].append(ln)
    return [p for p in out if p]


def _stated_count(lines: Sequence[Line], path: Path, pattern: str, expected: int) -> Evidence:
    """The line stating how many municipalities take part; it must state ``expected``."""
    i = find(lines, pattern, path)
    window = lines[i : i + 3]
    m = re.search(r"(\d+)\s+gemeente", " ".join(ln.clean for ln in window))
    if not m or int(m[1]) != expected:
        raise SourceError(path, f"expected the text to state {expected} municipalities", lines[i].number)
    last = next(ln.number for ln in window if m[1] in ln.text)
    return Evidence(SOURCE, lines[i].number, last)


# --- participants ----------------------------------------------------------------------------


def parse_participants(
    lines: Sequence[Line], path: Path, index: MunicipalityIndex, predecessors: tuple[Predecessor, ...]
) -> tuple[tuple[Member, ...], tuple[Member, ...], Evidence, tuple[FormerMunicipality, ...]]:
    """Stadsregio members, participants without membership, their paragraph, former codes."""
    go_start = find(lines, r"^De Goeree Overflakkee-gemeenten", path)
    go_end = find(lines, r"Overflakkee vraagt nog nadere uitwerking", path, go_start)
    paragraph = " ".join(ln.clean for ln in lines[go_start : go_end + 1])
    named = re.search(r"\(([^)]+)\)", paragraph)
    if not named:
        raise SourceError(path, "the Goeree-Overflakkee municipalities are not listed", lines[go_start].number)
    go_names = {n.strip() for n in named[1].split(",")}
    by_name = {p.name: p for p in predecessors}
    unknown = go_names - set(by_name)
    if unknown:
        raise SourceError(path, f"not merged into Goeree-Overflakkee per RvIG: {sorted(unknown)}", lines[go_start].number)
    province = index.get(GOEREE_OVERFLAKKEE).province_code
    members, participants = [], []
    for printed, line in _pho_rows(lines, path, index, set(by_name)):
        evidence = Evidence(SOURCE, line, line)
        if printed in go_names:
            participants.append(Member(printed, by_name[printed].code, evidence))
        else:
            members.append(Member(printed, _code(index, printed), evidence))
    former = tuple(
        FormerMunicipality(by_name[m.printed].code, by_name[m.printed].name, province, by_name[m.printed].evidence) for m in participants
    )
    if len(participants) != len(go_names):
        raise SourceError(path, "a Goeree-Overflakkee municipality is missing from the PHO list", lines[go_start].number)
    return tuple(members), tuple(participants), Evidence(SOURCE, lines[go_start].number, lines[go_end].number), former


def _pho_rows(lines: Sequence[Line], path: Path, index: MunicipalityIndex, former: set[str]) -> list[tuple[str, int]]:
    """(municipality as printed, line) of each row of 'Leden van het PHO'.

    A row is a person's name and a municipality; only the municipality is kept: the longest
    run of last words that names a municipality (``a/d`` read as ``aan den``).
    """
    start = find(lines, r"^Leden van het PHO", path)
    end = find(lines, r"^Leden van het AOJ", path, start)
    out = []
    for ln in lines[start + 1 : end]:
        words = ln.clean.split()
        if ln.blank or words[:2] == ["Naam", "Gemeente"]:
            continue
        name = next(
            (" ".join(words[k:]) for k in range(1, len(words)) if _known(" ".join(words[k:]), index, former)),
            None,
        )
        if name is None:
            raise SourceError(path, "PHO row names no known municipality", ln.number)
        out.append((name, ln.number))
    return out


def _expand(name: str) -> str:
    return re.sub(r"\ba/d\b", "aan den", name)


def _known(name: str, index: MunicipalityIndex, former: set[str]) -> bool:
    return name in former or index.resolve(_expand(name)) is not None


def _code(index: MunicipalityIndex, printed: str) -> str:
    municipality = index.resolve(_expand(printed))
    assert municipality is not None  # _known checked it
    return municipality.code


# --- sub-regions ---------------------------------------------------------------------------


def parse_subregions(lines: Sequence[Line], path: Path, members: tuple[Member, ...]) -> tuple[RotterdamSubRegion, ...]:
    """The sub-regions listed in §7.3; the one named after a member municipality has it as member."""
    i = find(lines, r"Elke subregio \(", path)
    listed = re.search(r"Elke subregio \(([^)]+)\)", lines[i].clean)
    if not listed:
        raise SourceError(path, "sub-region list not closed on its line", lines[i].number)
    evidence = Evidence(SOURCE, lines[i].number, lines[i].number)
    by_name = {m.printed: m for m in members}
    out = []
    for name in re.split(r",\s*|\s+en\s+", listed[1]):
        member = by_name.get(name)
        members_of = (Member(name, member.code, evidence),) if member else ()
        out.append(RotterdamSubRegion(name, evidence, members_of))
    return tuple(out)


# --- opgaven -------------------------------------------------------------------------------


def _groups(lines: Sequence[Line], path: Path):
    start = find(lines, r"^\s*5\.2\.2 Gemeenschappelijke agenda", path)
    end = find(lines, r"^6 Proeftuinen", path, start)
    return parse_groups(lines, path, start + 1, end)


def _opgaven(lines: Sequence[Line], path: Path, themes: Sequence[CurationRow]):
    start = find(lines, r"^\s*5\.1 Overzicht belangrijkste opgaven", path)
    end = find(lines, r"^\* Daar waar gezamenlijk staat", path, start)
    opgaven = parse_opgaven(lines, path, start + 1, end, themes)
    return match_groups(opgaven, _groups(lines, path), path)


# --- pilots --------------------------------------------------------------------------------


def parse_pilots(lines: Sequence[Line], path: Path) -> tuple[PilotTheme, ...]:
    """The pilot themes of §6.4 (a heading before 'Hierbij gaat het onder andere over:')."""
    start = find(lines, r"^6\.4 Programmagestuurde proeftuinen", path)
    end = find(lines, r"^6\.4\.1 Uitvoering", path, start)
    section = lines[start:end]
    out = []
    for k, ln in enumerate(section):
        if not ln.clean.startswith("Hierbij gaat het onder andere over"):
            continue
        heading = next(x for x in reversed(section[:k]) if not x.blank)
        topics, last = [], ln.number
        for x in section[k + 1 :]:
            if x.blank:
                continue
            if not x.clean.startswith(("\ufffd", "•")):
                if topics and x.number == last + 1:
                    topics[-1] += " " + x.clean  # a wrapped topic
                    last = x.number
                    continue
                break
            topics.append(strip_bullet(x.clean))
            last = x.number
        out.append(PilotTheme(heading.clean, "proeftuin", tuple(topics), Evidence(SOURCE, heading.number, last)))
    simulation = find(lines, r"wordt een simulatie ingericht", path, start)
    m = re.search(r"Voor het thema (.+?) wordt een simulatie ingericht", lines[simulation].clean)
    if not out or not m:
        raise SourceError(path, "§6.4 names no pilot themes or no simulation", lines[start].number)
    out.append(PilotTheme(m[1], "simulatie", (), Evidence(SOURCE, lines[simulation].number, lines[simulation].number)))
    return tuple(out)


# --- task transfers ------------------------------------------------------------------------


def parse_transfers(lines: Sequence[Line], path: Path, organisations: OrganisationIndex) -> tuple[TaskTransfer, ...]:
    """§10.4: for each actor heading, the tasks its paragraph says it holds now."""
    year = _transfer_year(lines, path)
    start = find(lines, r"^10\.4 Wie zijn de actoren", path)
    end = find(lines, r"^10\.5 ", path, start)
    paragraphs = _paragraphs(lines[start + 1 : end])
    out = []
    for heading, body in zip(paragraphs, paragraphs[1:]):
        text = " ".join(ln.clean for ln in body)
        m = re.search(r"(?:is|zijn) (?:in het huidige stelsel )?verantwoordelijk voor (.+?)\.(?:\s|$)", text)
        if len(heading) != 1 or not m:
            continue
        holder = heading[0].clean
        org = organisations.resolve(re.sub(r"^De\s+", "", holder))
        for phrase in _split_list(m[1]):
            key = TRANSFER_TASKS.get(phrase.lower())
            if key is None:
                raise SourceError(path, f"unknown task {phrase!r} in §10.4", body[0].number)
            out.append(TaskTransfer(key, phrase, holder, org.id if org else None, year, _span([heading[0], *body])))
    if not out:
        raise SourceError(path, "§10.4 names no task held by an actor", lines[start].number)
    return tuple(out)


def _transfer_year(lines: Sequence[Line], path: Path) -> int:
    """§10.2: the transition must be complete when the municipalities take over, 'per 2015'."""
    start = find(lines, r"^10\.2 Breedte van de transitieopgave", path)
    end = find(lines, r"^\s*10\.3 Stand van zaken", path, start)
    m = re.search(r"naar verwachting per (\d{4})", " ".join(ln.clean for ln in lines[start:end]))
    if not m:
        raise SourceError(path, "§10.2 gives no year of transfer", lines[start].number)
    return int(m[1])


def _split_list(text: str) -> list[str]:
    """'a, b en c' → [a, b, c], not splitting inside parentheses ('(j-lvg, AWBZ)')."""
    parts, depth, current = [], 0, ""
    tokens = re.split(r"(\(|\)|,\s*|\s+en\s+)", text)
    for tok in tokens:
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        if depth == 0 and (re.fullmatch(r",\s*", tok) or re.fullmatch(r"\s+en\s+", tok)):
            parts.append(current.strip())
            current = ""
        else:
            current += tok
    parts.append(current.strip())
    return [p for p in parts if p]


# --- budget --------------------------------------------------------------------------------


def parse_budget(
    lines: Sequence[Line], path: Path, funders: Sequence[CurationRow], stadsregio: str | None
) -> tuple[BudgetLine, ...]:
    """Costs (§8.1.5), sources (§8.3, with their funders) and the earmarked pilot grant.

    ``stadsregio`` is the organisation id of the Stadsregio Rotterdam, whose budget holds
    the earmarked grant ('In de begroting 2012 van de stadsregio').
    """
    costs = _amount_table(lines, path, r"^\s*Totale out-of-pocket-costs (\d{4})", "kosten")
    sources = _with_funders(_amount_table(lines, path, r"^Budget (\d{4})\s*$", "bron"), funders, path)
    return costs + sources + _earmarked(lines, path, stadsregio)


def _amount_table(lines: Sequence[Line], path: Path, head: str, side: str) -> tuple[BudgetLine, ...]:
    """Rows 'label amount' up to 'Totaal amount'; wrapped labels joined; checked against the total."""
    start = find(lines, head, path)
    year = int(re.search(head, lines[start].text)[1])
    end = find(lines, r"^Totaal\s", path, start)
    out, pending = [], []
    for ln in lines[start + 1 : end]:
        if ln.blank or ln.clean == "Omschrijving Budget":
            continue
        m = re.fullmatch(rf"(.*?)\s*({AMOUNT})", ln.clean)
        if not m:
            pending.append(ln)
            continue
        label = join_wrapped([*(x.clean for x in pending), m[1]])
        out.append(BudgetLine(side, label, int(m[2].replace(".", "")), year, _span([*pending, ln])))
        pending = []
    total = int(re.search(AMOUNT, lines[end].text)[0].replace(".", ""))
    if sum(b.amount for b in out) != total:
        raise SourceError(path, f"{side} lines add up to {sum(b.amount for b in out)}, the table says {total}", lines[end].number)
    return tuple(out)


def _with_funders(sources: tuple[BudgetLine, ...], funders: Sequence[CurationRow], path: Path) -> tuple[BudgetLine, ...]:
    by_label = {row.get("budget_line"): row for row in funders}
    unknown = set(by_label) - {b.label for b in sources}
    if unknown:
        row = by_label[sorted(unknown)[0]]
        raise SourceError(FUNDERS_CSV, f"budget line {row.get('budget_line')!r} is not in the budget table", row.line)
    return tuple(
        replace(b, funder=by_label[b.label].get("funder"), funder_evidence=by_label[b.label].evidence) if b.label in by_label else b
        for b in sources
    )


def _earmarked(lines: Sequence[Line], path: Path, stadsregio: str | None) -> tuple[BudgetLine, ...]:
    """'In de begroting 2012 van de stadsregio is een doeluitkering van 1,5 mln opgenomen.
    Eenzelfde bedrag is gereserveerd in de begroting van 2013.'"""
    i = find(lines, r"is een doeluitkering van", path)
    window = lines[i : i + 2]
    text = " ".join(ln.clean for ln in window)
    first = re.search(r"begroting (\d{4}) van de stadsregio is een (doeluitkering van ([\d,]+) mln)", text)
    again = re.search(r"Eenzelfde bedrag is gereserveerd in de begroting van (\d{4})", text)
    if not first or not again:
        raise SourceError(path, "the earmarked grant for the pilots is not stated as expected", lines[i].number)
    amount = int(round(float(first[3].replace(",", ".")) * 1_000_000))
    evidence = _span(window)
    return tuple(
        BudgetLine("doeluitkering", first[2], amount, int(year), evidence, stadsregio, evidence) for year in (first[1], again[1])
    )

