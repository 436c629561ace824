"""Document 003 (Transformatieagenda jeugd Regio Alkmaar, 2016): region, projects, functions.

What a parser reads reliably is parsed:

* Regio Alkmaar's seven municipalities ('regio Alkmaar (gemeenten Alkmaar, Bergen, …
  en Uitgeest)', annex 6) and the stated size of Noord-Holland Noord ('De 17 gemeenten in
  Noord-Holland Noord');
* the three sub-regions of Noord-Holland Noord from the steering group's composition
  ('- Kop van Noord-Holland: <wethouder> (Schagen), …'): the municipality in brackets is
  kept, the person never;
* the nine projects (the numbered list of section 4) and their annexes ('Bijlage N:
  opdracht …'), with the bulleted 'Betrokken partijen' of each annex and its 'Prioriteit';
* the functions organised above the region (annex 1, 'Het gaat om de volgende functies').

What only a reader can tell — who leads a project (the 'Trekkers' lines name persons,
which never enter the graph), partners written as prose, the care providers named in the
project teams — comes from the reviewed ``alkmaar2016_parties.csv``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from loaders.curation import CurationRow, read_curation
from loaders.errors import SourceError
from loaders.municipalities import MunicipalityIndex
from loaders.organisations import OrganisationIndex
from loaders.records import Evidence, Member
from loaders.sources import SHIPPED_DATA
from loaders.text import Line, collapse, join_wrapped, read_numbered

__all__ = ["Alkmaar2016", "Arrangement", "Party", "Project", "SupraRegionalFunction", "parse"]

SOURCE = "003"
PARTIES_CSV = SHIPPED_DATA / "alkmaar2016_parties.csv"
ROLES = ("lead", "partner", "provider")
SIDES = ("gemeenten", "aanbieders", "gecertificeerde-instellingen")

#: The Symbol-font bullet this document's lists come out with (U+F0B7), and sub-bullets.
BULLET = "\uf0b7"
SUB_BULLET = re.compile(r"^o\s")

#: Supra-regional functions (annex 1) → the 2013 survey's task keys they correspond to.
#: A reviewed reading, not parsed: the survey's 11 tasks and annex 1's 8 functions cut the
#: field differently, so the graph states these as ``skos:relatedMatch`` only.
FUNCTION_TASKS: dict[str, tuple[str, ...]] = {
    "24uurs verblijf jeugd & opvoedondersteuning": ("residentieel",),
    "Jeugdzorg Plus": ("jeugdzorgplus",),
    "Jeugd LVB (Orthopedagogische behandelcentra)": ("jeugdhulp-vb",),
    "Multifunctionele behandelcentra (combinatie van j-GGZ en LVB)": ("jeugdhulp-jeugdggz", "jeugdhulp-vb"),
    "Intramurale jeugd GGZ": ("jeugdhulp-jeugdggz",),
    "Klinische jeugdverslavingszorg": (),
    "Jeugdbescherming en Jeugdreclassering": ("jeugdbescherming", "jeugdreclassering"),
    "Crisisdienst/-hulp": ("crisisopvang",),
}


@dataclass(frozen=True)
class Arrangement:
    """Regio Alkmaar, Noord-Holland Noord or one of its sub-regions.

    ``kind`` is an arrangement-type key (``jgr:`` concept); ``parent`` the key of the
    arrangement this one is a sub-region of; ``stated_size`` a number of municipalities
    the text states (17 for Noord-Holland Noord) where it names fewer.
    """

    key: str
    name: str
    kind: str
    evidence: Evidence
    members: tuple[Member, ...] = ()
    parent: str | None = None
    parent_evidence: Evidence | None = None
    stated_size: int | None = None


@dataclass(frozen=True)
class Party:
    """A project's lead, partner or named care provider, as printed.

    ``organisation`` is an id of ``organisations.csv`` where the name resolves to one;
    ``arrangement`` the key of one of this document's arrangements ('gemeenten regio
    Alkmaar'); ``side`` for a lead: ``gemeenten``, ``aanbieders`` or
    ``gecertificeerde-instellingen``. ``curated`` says a reader, not the parser, found it.
    """

    role: str
    printed: str
    evidence: Evidence
    organisation: str | None = None
    arrangement: str | None = None
    side: str | None = None
    curated: bool = False


@dataclass(frozen=True)
class Project:
    """One of the nine transformation projects, with its annex."""

    number: int
    title: str
    evidence: Evidence  # the line of the numbered list
    annex_title: str
    annex: Evidence
    priority: str | None = None
    parties: tuple[Party, ...] = ()


@dataclass(frozen=True)
class SupraRegionalFunction:
    """A youth-care function organised above the region (annex 1), with related survey tasks."""

    name: str
    evidence: Evidence
    tasks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alkmaar2016:
    """Everything read from document 003."""

    arrangements: tuple[Arrangement, ...]
    projects: tuple[Project, ...]
    functions: tuple[SupraRegionalFunction, ...]


# --- the whole document ----------------------------------------------------------------


def parse(
    path: Path,
    municipalities: MunicipalityIndex,
    organisations: OrganisationIndex,
    parties_csv: Path = PARTIES_CSV,
) -> Alkmaar2016:
    """Read document 003 at ``path``; a :class:`SourceError` names file and line on any surprise."""
    lines = read_numbered(path)
    arrangements = _arrangements(lines, path, municipalities)
    keys = {a.key for a in arrangements}
    curated = _curated(parties_csv, organisations, keys)
    projects = _projects(lines, path, organisations, curated)
    return Alkmaar2016(tuple(arrangements), tuple(projects), tuple(_functions(lines, path)))


# --- arrangements ----------------------------------------------------------------------

_REGIO = re.compile(r"regio Alkmaar \(gemeenten ([^)]+)\)")
_NHN_SIZE = re.compile(r"De (\d+) gemeenten in Noord-\s?Holland Noord")
_SUBREGION = re.compile(r"^-\s*(.+?):\s*(.*)$")
_SUBREGION_KEYS = {"Kop van Noord-Holland": "kop-van-noord-holland", "West-Friesland": "west-friesland", "Regio Alkmaar": "regio-alkmaar"}


def _arrangements(lines: Sequence[Line], path: Path, index: MunicipalityIndex) -> list[Arrangement]:
    regio = _regio_alkmaar(lines, path, index)
    size, size_ev = _find(lines, _NHN_SIZE, path, "'De 17 gemeenten in Noord-Holland Noord'")
    nhn = Arrangement("noord-holland-noord", "Noord-Holland Noord", "bovenregionaal-verband", size_ev, stated_size=int(size.group(1)))
    subs = _subregions(lines, path, index)
    out = [nhn]
    for name, members, evidence in subs:
        key = _SUBREGION_KEYS.get(name)
        if key is None:
            raise SourceError(path, f"unknown sub-region {name!r} of Noord-Holland Noord", evidence.first)
        if key == "regio-alkmaar":
            unknown = {m.code for m in members} - {m.code for m in regio.members}
            if unknown:
                raise SourceError(path, f"Regio Alkmaar's delegates come from outside it: {sorted(unknown)}", evidence.first)
            regio = replace(regio, parent=nhn.key, parent_evidence=evidence)
        else:
            out.append(Arrangement(key, name, "deelregio", evidence, members, nhn.key, evidence))
    if len(out) != 3:
        raise SourceError(path, f"expected 3 sub-regions of Noord-Holland Noord, found {len(out)}", nhn.evidence.first)
    return [regio, *out]



def _window(lines: Sequence[Line], i: int, size: int = 3) -> tuple[str, list[Line]]:
    """Lines ``i``… joined (blank lines skipped) so a phrase broken over lines can be matched."""
    kept = [ln for ln in lines[i : i + size * 2] if not ln.blank][:size]
    return " ".join(ln.clean for ln in kept), kept


def _find(lines: Sequence[Line], pattern: re.Pattern[str], path: Path, what: str) -> tuple[re.Match[str], Evidence]:
    """The first match of ``pattern`` starting on a line, over that line and the next two."""
    for i, ln in enumerate(lines):
        if ln.blank:
            continue
        text, kept = _window(lines, i)
        m = pattern.search(text)
        if m and m.start() < len(ln.clean):
            end = len(ln.clean)
            last = kept[0]
            for k in kept[1:]:
                if m.end() <= end:
                    break
                end += 1 + len(k.clean)
                last = k
            return m, Evidence(SOURCE, ln.number, last.number)
    raise SourceError(path, f"{what} not found (document cut off?)", lines[-1].number if lines else None)


def _regio_alkmaar(lines: Sequence[Line], path: Path, index: MunicipalityIndex) -> Arrangement:
    m, evidence = _find(lines, _REGIO, path, "the list 'regio Alkmaar (gemeenten …)'")
    names = [n.strip() for n in re.split(r",|\s+en\s+", m.group(1)) if n.strip()]
    members = _resolve(names, evidence, path, index)
    return Arrangement("regio-alkmaar", "Regio Alkmaar", "jeugdhulpregio", evidence, tuple(members))


def _resolve(names: list[str], evidence: Evidence, path: Path, index: MunicipalityIndex) -> list[Member]:
    """Names → CBS 2013 codes; an ambiguous name (Bergen) takes the province of the others."""
    unique = [found[0].province_code for n in names if len(found := index.candidates(n)) == 1]
    province = Counter(unique).most_common(1)[0][0] if unique else None
    out = []
    for name in names:
        m = index.resolve(name, province)
        if m is None:
            raise SourceError(path, f"municipality {name!r} unknown or ambiguous", evidence.first)
        out.append(Member(name, m.code, evidence))
    return out


def _subregions(lines: Sequence[Line], path: Path, index: MunicipalityIndex) -> list[tuple[str, list[Member], Evidence]]:
    """The steering group's composition: one '- <sub-region>: …' entry per sub-region."""
    start = next((i for i, ln in enumerate(lines) if "Samenstelling stuurgroep:" in ln.text), None)
    if start is None:
        raise SourceError(path, "the steering group's composition ('Samenstelling stuurgroep:') not found")
    entries: list[list[Line]] = []
    for ln in lines[start + 1 :]:
        if ln.clean.startswith("Rol/taak"):
            break
        if ln.clean.startswith("-"):
            entries.append([ln])
        elif not ln.blank and entries:
            entries[-1].append(ln)
    out = []
    for entry in entries:
        evidence = Evidence(SOURCE, entry[0].number, entry[-1].number)
        m = _SUBREGION.match(" ".join(ln.clean for ln in entry))
        if m is None:
            raise SourceError(path, "sub-region entry without '<name>:'", entry[0].number)
        name = re.sub(r"(\w)- (\w)", r"\1-\2", m.group(1))  # 'West- Friesland'
        names = re.findall(r"\(([^)]+)\)", m.group(2))
        out.append((name, _resolve(names, evidence, path, index), evidence))
    return out


# --- projects ----------------------------------------------------------------------------

_LIST_START = "Dit heeft geleid tot de volgende selectie van projecten:"
_LIST_ITEM = re.compile(r"^(\d+)\.\s+(.+)$")
_ANNEX = re.compile(r"^Bijlage (\d+): opdracht (.+)$")


def _projects(
    lines: Sequence[Line], path: Path, organisations: OrganisationIndex, curated: list[tuple[int, Party]]
) -> list[Project]:
    listed = _project_list(lines, path)
    annexes = _annexes(lines)
    if sorted(annexes) != [n for n, _, _ in listed]:
        last = lines[-1].number if lines else None
        raise SourceError(path, f"projects {[n for n, _, _ in listed]} but annexes {sorted(annexes)}", last)
    by_project: dict[int, list[Party]] = {}
    for number, party in curated:
        if number not in annexes:
            raise SourceError(PARTIES_CSV, f"no project {number} in 003")
        by_project.setdefault(number, []).append(party)
    out = []
    for number, title, line in listed:
        annex_title, first, last = annexes[number]
        body = [ln for ln in lines if first <= ln.number <= last]
        parties = _partners(body, organisations) + by_project.get(number, [])
        out.append(Project(number, title, Evidence(SOURCE, line, line), annex_title, Evidence(SOURCE, first, last),
                           _priority(body), tuple(parties)))
    return out


def _project_list(lines: Sequence[Line], path: Path) -> list[tuple[int, str, int]]:
    start = next((i for i, ln in enumerate(lines) if ln.clean == _LIST_START), None)
    if start is None:
        raise SourceError(path, f"the project list ({_LIST_START!r}) not found")
    out = []
    for ln in lines[start + 1 :]:
        if ln.blank:
            continue
        m = _LIST_ITEM.match(ln.clean)
        if not m:
            break
        if int(m.group(1)) != len(out) + 1:
            raise SourceError(path, f"project {m.group(1)} out of order", ln.number)
        out.append((int(m.group(1)), m.group(2), ln.number))
    if not out:
        raise SourceError(path, "the project list is empty", lines[start].number)
    return out


def _annexes(lines: Sequence[Line]) -> dict[int, tuple[str, int, int]]:
    """Annex number → (title, first line, last content line)."""
    heads = [(ln.number, m) for ln in lines if (m := _ANNEX.match(ln.clean))]
    out = {}
    for k, (number, m) in enumerate(heads):
        end = heads[k + 1][0] - 1 if k + 1 < len(heads) else lines[-1].number
        last = max(ln.number for ln in lines if number <= ln.number <= end and not ln.blank)
        out[int(m.group(1))] = (collapse(m.group(2)), number, last)
    return out


def _section(body: Sequence[Line], heading: str, stop: str) -> list[Line]:
    """Lines after the line ``heading`` up to (not including) the line ``stop``."""
    start = next((i for i, ln in enumerate(body) if ln.clean == heading), None)
    if start is None:
        return []
    out = []
    for ln in body[start + 1 :]:
        if ln.clean == stop:
            break
        out.append(ln)
    return out


def _priority(body: Sequence[Line]) -> str | None:
    section = [ln for ln in _section(body, "Prioriteit", "Betrokken partijen (intern en extern)") if not ln.blank]
    return section[0].clean if section else None


def _partners(body: Sequence[Line], organisations: OrganisationIndex) -> list[Party]:
    """The bulleted 'Betrokken partijen' of an annex: one partner per bullet.

    A bullet 'Jeugdhulpaanbieders: bekostiging bepaalt …' names the partner before the
    colon; sub-bullets ('o …') and continuation lines belong to their bullet; a bullet
    wholly in brackets ('(Goede voorbeelden elders opvragen)') is a note, not a partner.
    Prose without bullets (annex 6) is left to the curation table.
    """
    bullets: list[list[Line]] = []
    for ln in _section(body, "Betrokken partijen (intern en extern)", "Trekkers"):
        text = ln.text.strip()
        if text.startswith(BULLET):
            bullets.append([ln])
        elif bullets and not ln.blank and not SUB_BULLET.match(text) and bullets[-1][-1].number == ln.number - 1:
            bullets[-1].append(ln)
    out = []
    for bullet in bullets:
        text = join_wrapped([bullet[0].text.strip().lstrip(BULLET), *(ln.text for ln in bullet[1:])])
        name = text.split(":", 1)[0].strip().rstrip(";.").strip()
        if not name or re.fullmatch(r"\(.*\)", name):
            continue
        org = _organisation(organisations, name)
        out.append(Party("partner", name, Evidence(SOURCE, bullet[0].number, bullet[-1].number), org))
    return out


def _organisation(organisations: OrganisationIndex, printed: str) -> str | None:
    """The organisation id a printed name stands for, trying it without article, brackets or a /-suffix."""
    candidates = (
        printed,
        re.sub(r"^(De|de|Het|het)\s+", "", printed),
        re.sub(r"\s*\([^)]*\)\s*$", "", printed),
        printed.split("/", 1)[0],  # 'GGD/JGZ': the organisation before the slash
    )
    for candidate in candidates:
        org = organisations.resolve(candidate)
        if org is not None:
            return org.id
    return None


# --- curated parties -----------------------------------------------------------------------


def _curated(path: Path, organisations: OrganisationIndex, arrangements: set[str]) -> list[tuple[int, Party]]:
    """The reviewed leads, prose partners and named care providers, checked row by row."""
    out = []
    for row in read_curation(path, ("project", "role")):
        out.append((_int(row, path), _party(row, path, organisations, arrangements)))
    return out


def _int(row: CurationRow, path: Path) -> int:
    if not row.get("project").isdigit():
        raise SourceError(path, f"project must be a number, not {row.get('project')!r}", row.line)
    return int(row.get("project"))


def _party(row: CurationRow, path: Path, organisations: OrganisationIndex, arrangements: set[str]) -> Party:
    if row.evidence.source != SOURCE:
        raise SourceError(path, f"document {row.evidence.source}: this table is about {SOURCE}", row.line)
    role, side = row.get("role"), row.get("side") or None
    org, arrangement = row.get("organisation") or None, row.get("arrangement") or None
    if role not in ROLES:
        raise SourceError(path, f"role must be one of {', '.join(ROLES)}, not {role!r}", row.line)
    if side is not None and side not in SIDES:
        raise SourceError(path, f"side must be one of {', '.join(SIDES)}, not {side!r}", row.line)
    if org is not None and org not in organisations:
        raise SourceError(path, f"unknown organisation id {org!r} (organisations.csv)", row.line)
    if arrangement is not None and arrangement not in arrangements:
        raise SourceError(path, f"unknown arrangement {arrangement!r} (one of {sorted(arrangements)})", row.line)
    return Party(role, row.printed, row.evidence, org, arrangement, side, curated=True)


# --- functions above the region -------------------------------------------------------------

_FUNCTIONS_START = "Het gaat om de volgende functies van Jeugdhulp:"


def _functions(lines: Sequence[Line], path: Path) -> list[SupraRegionalFunction]:
    start = next((i for i, ln in enumerate(lines) if ln.clean == _FUNCTIONS_START), None)
    if start is None:
        raise SourceError(path, f"the list of supra-regional functions ({_FUNCTIONS_START!r}) not found")
    out = []
    for ln in lines[start + 1 :]:
        if ln.blank:
            if out:
                break
            continue
        if not ln.clean.startswith("- "):
            break
        name = ln.clean[2:].strip()
        if name not in FUNCTION_TASKS:
            raise SourceError(path, f"function {name!r} has no reviewed task mapping (FUNCTION_TASKS)", ln.number)
        out.append(SupraRegionalFunction(name, Evidence(SOURCE, ln.number, ln.number), FUNCTION_TASKS[name]))
    if not out:
        raise SourceError(path, "the list of supra-regional functions is empty", lines[start].number)
    return out
