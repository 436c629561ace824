"""Document 004 ('Samenwerking als weloverwogen keuze', 2011): the national regional divisions.

The report's appendix has one card per regional division around youth and family (GGD,
Veiligheidsregio, RMC, Bureau Jeugdzorg …). Every card has the same shape::

     Bureau Jeugdzorg                      ← title (page start; may wrap over two lines)
    Werkgebied van werkorganisaties        ← cause: one of the four columns of schema 4
    Doel: …  Aantal regio’s: 15  Land dekkend: Ja  Bestaat sinds: 1994  Ontstaanswijze: …
    Regie  Samenwerkingsregeling: … (or 'Regeling van toepassing op de taken van de
    organisatie:')  Leadorganisatie: …  Partners: …  Financiën  Wie stelt het budget
    beschikbaar: …  Aan wie …  Via welke regeling …  Verwachte ontwikkelingen …: …

so the cards are parsed, label by label, with the lines of every value kept. The life
domain (leefwereld) is not on the cards but in the table 'Schema 4', whose rows A–E list
the divisions by name; :func:`parse_domains` reads that table and each card is matched to
its row. Kenis' matrix (schema 2) is a reading aid, not a card attribute: the few places
where the text itself places a division in a quadrant come from a reviewed curation table
(``divisions2011_kenis.csv``) and are marked derived.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from loaders.curation import read_curation
from loaders.errors import SourceError
from loaders.records import Evidence
from loaders.sources import SHIPPED_DATA
from loaders.text import Line, collapse, read_numbered

__all__ = [
    "CAUSES",
    "DOMAINS",
    "ORIGINS",
    "CardField",
    "DivisionCard",
    "Divisions2011",
    "KenisReading",
    "parse",
    "parse_cards",
    "parse_domains",
]

SOURCE = "004"
KENIS_CSV = SHIPPED_DATA / "divisions2011_kenis.csv"

#: Causes (schema 4's 'Aanleiding voor de samenwerking', columns 1–4) by the card's wording.
CAUSES: dict[str, re.Pattern[str]] = {
    "rijksbeleid": re.compile(r"^Gemeentelijke samenwerking bij (de )?uitvoering van rijksbeleid$", re.I),
    "inhoudelijk-programma": re.compile(r"^Gemeentelijke samenwerking bij (de )?uitvoering van inhoudelijk programma$", re.I),
    "uitvoeringsorganisatie": re.compile(r"^Werkgebied van werkorganisaties:?$", re.I),
    "bestuurlijke-samenwerking": re.compile(r"^Werkgebied van bestuurlijke samenwerking tussen organisaties$", re.I),
}

#: Life domains (leefwerelden, schema 4 rows A–E) by the row letter.
DOMAINS: dict[str, str] = {
    "A": "gezin",
    "B": "onderwijs",
    "C": "openbare-ruimte",
    "D": "curatieve-gezondheidszorg",
    "E": "vrije-tijd",
}

#: The three ways a division came about, as §3.3 lists them (line 1084 of 004).
ORIGINS = ("van-binnenuit", "samenwerking-opgelegd", "indeling-opgelegd")

#: Card labels (whitespace collapsed) → field key. A label may wrap over two lines.
LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("doel", r"^Doel:?$"),
        ("aantal-regios", r"^Aantal regio[’']s:$"),
        ("aantal-organisaties", r"^Aantal organisaties:$"),
        ("land-dekkend", r"^Land dekkend:$"),
        ("sinds", r"^Bestaa[tn] sinds:$"),
        ("ontstaanswijze", r"^Ontstaanswijze:$"),
        ("samenwerkingsregeling", r"^Samenwerkingsregeling:$"),
        ("taakregeling", r"^Regeling van toepassing op de taken van (de )?organisatie:$"),
        ("leadorganisatie", r"^Leadorganisatie:$"),
        ("partners", r"^Partners:$"),
        ("budget-van", r"^Wie stelt het budget (voor organisaties )?beschikbaar:$"),
        ("budget-aan", r"^Aan wie wordt het budget beschikbaar gesteld:$"),
        ("budget-regeling", r"^Via welke regeling wordt het budget beschikbaar gesteld:$"),
        ("ontwikkelingen", r"^Verwachte ontwikkelingen en veranderingen:$"),
        ("werkgebieden", r"^Werkgebieden:$"),
        ("", r"^(Regie|Financiën)$"),  # section headings, no value of their own
    )
)
#: Page furniture inside the appendix.
FOOTER = re.compile(r"^Invoering CJG, VNG \| deJeugdZaak \d+$")
#: Fields every complete card has; a card without them is cut off.
REQUIRED = ("doel", "ontwikkelingen")


@dataclass(frozen=True)
class CardField:
    """One labelled value of a card, as printed (lines joined), with its lines."""

    key: str
    text: str
    evidence: Evidence


@dataclass(frozen=True)
class DivisionCard:
    """One card of the appendix: a national regional division and all it says.

    ``region_count`` is the leading number of 'Aantal regio’s' (or of 'Aantal
    organisaties' when the card counts organisations, ``count_unit`` says which); ``None``
    where the card gives no single number (REC: one per cluster). ``national`` is 'Land
    dekkend' (``None`` where the card does not say), ``since`` 'Bestaat sinds' as a year.
    ``legal_basis`` is the 'Samenwerkingsregeling' or, on the cards of implementing
    organisations, the 'Regeling van toepassing op de taken van de organisatie'.
    ``origins`` are keys of :data:`ORIGINS` read from 'Ontstaanswijze';
    ``imposed_by_rijk`` is true when that text says the Rijk imposed it.
    """

    key: str
    title: str
    cause: str
    domain: str
    domain_evidence: Evidence
    evidence: Evidence
    fields: tuple[CardField, ...]
    region_count: int | None = None
    count_unit: str | None = None
    national: bool | None = None
    since: int | None = None
    origins: tuple[str, ...] = ()
    imposed_by_rijk: bool = False
    legal_basis: str | None = None
    partners: tuple[str, ...] = ()

    def text(self, key: str) -> str | None:
        """The printed value of field ``key``, ``None`` when the card lacks it or says '-'."""
        for f in self.fields:
            if f.key == key:
                return None if f.text in ("-", "") else f.text
        return None


@dataclass(frozen=True)
class KenisReading:
    """A division the text itself places in a quadrant of Kenis' matrix (schema 2); derived."""

    division: str  # card key
    quadrant: str  # "I" … "IV"
    printed: str
    evidence: Evidence


@dataclass(frozen=True)
class Divisions2011:
    """The appendix of document 004: its cards in order, and Kenis readings."""

    cards: tuple[DivisionCard, ...]
    kenis: tuple[KenisReading, ...] = ()


# --- the whole document ----------------------------------------------------------------


def parse(path: Path, kenis_csv: Path = KENIS_CSV) -> Divisions2011:
    """Cards, life domains and curated Kenis readings of document 004 at ``path``."""
    lines = read_numbered(path)
    domains = parse_domains(lines, path)
    cards = parse_cards(lines, path)
    matched = _match_domains(cards, domains, path)
    keys = {c.key for c in matched}
    return Divisions2011(tuple(matched), tuple(_kenis(kenis_csv, keys)))


def _kenis(path: Path, keys: set[str]) -> list[KenisReading]:
    out = []
    for row in read_curation(path, ("division", "quadrant")):
        if row.evidence.source != SOURCE:
            raise SourceError(path, f"document {row.evidence.source}: this table is about 004", row.line)
        if row.get("division") not in keys:
            raise SourceError(path, f"unknown division {row.get('division')!r}", row.line)
        if row.get("quadrant") not in ("I", "II", "III", "IV"):
            raise SourceError(path, f"quadrant must be I–IV, not {row.get('quadrant')!r}", row.line)
        out.append(KenisReading(row.get("division"), row.get("quadrant"), row.printed, row.evidence))
    return out


# --- schema 4: life domains ------------------------------------------------------------

_DOMAIN_ROW = re.compile(r"^([A-E])\.\s*(?:\ufffd\s*)?(.*)$")
_SCHEMA_END = re.compile(r"^Schema 4:")


@dataclass(frozen=True)
class DomainItem:
    """One name in a row of schema 4 (wrapped parts joined) and its row letter."""

    name: str
    domain: str
    evidence: Evidence


def parse_domains(lines: Sequence[Line], path: Path) -> list[DomainItem]:
    """The names listed in schema 4 with the life domain (row A–E) each stands in.

    The table comes out of the PDF column by column inside each row: a row starts with
    its letter ('A. Gezin'), each name with '-' and a tab, wrapped names continue on the
    next lines; one line may hold two names ('C. Openbare ruimte -\tVeiligheidshuis
    -\tVeiligheidsregio’s'). The four cause columns are lost in this text and not needed:
    the cards state their cause.
    """
    start = next((i for i, ln in enumerate(lines) if ln.clean.startswith("A. Gezin")), None)
    if start is None:
        raise SourceError(path, "schema 4 (row 'A. Gezin') not found")
    items: list[tuple[str, str, int, int]] = []  # name, domain, first, last
    domain, in_row_label = "", False
    for ln in lines[start:]:
        text = ln.clean
        if _SCHEMA_END.match(text):
            return [DomainItem(_join(name), d, Evidence(SOURCE, a, b)) for name, d, a, b in items]
        if not text:
            continue
        row = _DOMAIN_ROW.match(text)
        if row:
            domain, text, in_row_label = DOMAINS[row.group(1)], row.group(2), True
            text = "- " + text.split(" -", 1)[1] if " -" in text else ""  # drop the row's own label
        for n, piece in enumerate(re.split(r"(?:^|\s)-\s+", text)):
            if n == 0:  # text before any '-': a wrapped name, or the row label wrapping
                if piece.strip() and items and not in_row_label:
                    name, d, a, _ = items[-1]
                    items[-1] = (name + "\n" + piece, d, a, ln.number)
                continue
            items.append((piece, domain, ln.number, ln.number))
            in_row_label = False
    raise SourceError(path, "schema 4 has no caption 'Schema 4:' (document cut off?)", lines[-1].number)


def _join(name: str) -> str:
    """Wrapped parts of a schema-4 name: 'Jeugdgezondheids-' + 'zorg' → one word."""
    out = ""
    for part in (collapse(p) for p in name.split("\n")):
        out = out[:-1] + part if out.endswith("-") and part[:1].islower() else f"{out} {part}".strip()
    return out


def _key(name: str) -> str:
    """A comparison key: no accents, no parenthesised acronyms, letters and digits only."""
    text = unicodedata.normalize("NFKD", re.sub(r"\([^)]*\)", "", name))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def _similarity(a: str, b: str) -> float:
    """1 when one key begins the other ('zorgenwelzijn' / 'zorgenwelzijnregio'), else difflib's ratio."""
    if a.startswith(b) or b.startswith(a):
        return 1.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def _match_domains(cards: list[DivisionCard], items: list[DomainItem], path: Path) -> list[DivisionCard]:
    """Give each card the domain of its schema-4 name: a one-to-one match, or an error.

    The table and the cards spell names slightly differently ('Home Start' /
    'Home-Start', 'REC Cluster 2, 3 en 4' / 'REC Cluster 2,3,4', 'Maatschappelijke' /
    'Maatschappelijk opvang'), so names are compared by :func:`_similarity`; every card
    must find one name at 0.85 or better that no other card took.
    """
    if len(items) != len(cards):
        last = cards[-1].evidence.last if cards else items[-1].evidence.last
        raise SourceError(path, f"{len(cards)} cards but schema 4 lists {len(items)} divisions", last)
    free = list(items)
    out = []
    for card in cards:
        best = max(free, key=lambda it: _similarity(_key(card.title), _key(it.name)))
        if _similarity(_key(card.title), _key(best.name)) < 0.85:
            raise SourceError(path, f"card {card.title!r} has no row in schema 4", card.evidence.first)
        free.remove(best)
        out.append(replace(card, domain=best.domain, domain_evidence=best.evidence))
    return out



# --- the cards ---------------------------------------------------------------------------


def parse_cards(lines: Sequence[Line], path: Path) -> list[DivisionCard]:
    """Every card of the appendix, in document order.

    A card is recognised by its cause line directly followed by 'Doel'; the example card
    in §3.3 (cause line above the title) is therefore not counted twice.
    """
    starts = [i for i, ln in enumerate(lines) if _cause(ln.clean) and _next_text(lines, i + 1).startswith("Doel")]
    if not starts:
        raise SourceError(path, "no division cards found (appendix missing?)", lines[-1].number if lines else None)
    titles = [_title_start(lines, i, path) for i in starts]
    ends = [t - 1 for t in titles[1:]] + [len(lines) - 1]
    return [_card(lines, t, c, e, path) for t, c, e in zip(titles, starts, ends)]


def _cause(text: str) -> str | None:
    return next((key for key, pattern in CAUSES.items() if pattern.match(text)), None)


def _next_text(lines: Sequence[Line], i: int) -> str:
    while i < len(lines) and lines[i].blank:
        i += 1
    return lines[i].clean if i < len(lines) else ""


def _title_start(lines: Sequence[Line], cause: int, path: Path) -> int:
    """Index of a card's first title line: the page start (leading space) or after a gap."""
    i = cause - 1
    for _ in range(3):
        if i < 0 or lines[i].blank:
            break
        if lines[i].text.startswith(" ") or i == 0 or lines[i - 1].blank or FOOTER.match(lines[i - 1].clean):
            return i
        i -= 1
    raise SourceError(path, "cannot tell where the card's title begins", lines[cause].number)


def _card(lines: Sequence[Line], title: int, cause: int, end: int, path: Path) -> DivisionCard:
    title_text = " ".join(ln.clean for ln in lines[title:cause])
    evidence = Evidence(SOURCE, lines[title].number, _last_content(lines, title, end))
    fields = _fields(lines[cause + 1 : end + 1], path)
    card = DivisionCard(
        key=_slug(title_text),
        title=title_text,
        cause=_cause(lines[cause].clean) or "",
        domain="",
        domain_evidence=evidence,
        evidence=evidence,
        fields=tuple(fields),
    )
    missing = [k for k in REQUIRED if k not in {f.key for f in fields}]
    if missing:
        raise SourceError(path, f"card {title_text!r} lacks {', '.join(missing)} (cut off?)", evidence.last)
    return _interpret(card)


def _last_content(lines: Sequence[Line], first: int, end: int) -> int:
    for ln in reversed(lines[first : end + 1]):
        if not ln.blank and not FOOTER.match(ln.clean):
            return ln.number
    return lines[first].number


def _label(lines: Sequence[Line], i: int) -> tuple[str, int] | None:
    """(field key, lines used) when a label starts at ``lines[i]``, one or two lines long."""
    one = lines[i].clean
    for key, pattern in LABELS:
        if pattern.match(one):
            return key, 1
    if i + 1 < len(lines) and not lines[i + 1].blank:
        two = f"{one} {lines[i + 1].clean}"
        for key, pattern in LABELS:
            if pattern.match(two):
                return key, 2
    return None


def _fields(lines: Sequence[Line], path: Path) -> list[CardField]:
    """The labelled values of one card; text after a bare '-' value is the card's note."""
    out: list[CardField] = []
    key: str | None = None
    parts: list[Line] = []

    def flush() -> None:
        if key and (parts or key != "note"):
            text = " ".join(p.clean for p in parts)
            first = parts[0].number if parts else label_line
            last = parts[-1].number if parts else label_line
            out.append(CardField(key, text, Evidence(SOURCE, first, last)))

    label_line = lines[0].number if lines else 1
    i = 0
    while i < len(lines):
        ln = lines[i]
        found = _label(lines, i)
        if found:
            flush()
            key, parts, label_line = found[0], [], ln.number
            i += found[1]
            continue
        if ln.blank or FOOTER.match(ln.clean):
            if key and [p.clean for p in parts] == ["-"]:
                flush()
                key, parts = "note", []
            i += 1
            continue
        if key is None:
            raise SourceError(path, f"text before the card's first label: {ln.clean!r}", ln.number)
        if key == "":
            raise SourceError(path, f"text under a section heading without a label: {ln.clean!r}", ln.number)
        parts.append(ln)
        i += 1
    flush()
    return [f for f in out if f.key]


# --- interpretation of the printed values --------------------------------------------------

_LEADING_NUMBER = re.compile(r"^(\d+)(?=[\s:,]|$)")


def _interpret(card: DivisionCard) -> DivisionCard:
    """Typed values read from the printed fields (the printed text stays in ``fields``)."""
    count, unit = _count(card)
    origin = card.text("ontstaanswijze") or ""
    return replace(
        card,
        region_count=count,
        count_unit=unit,
        national={"Ja": True, "Nee": False}.get(card.text("land-dekkend") or ""),
        since=int(card.text("sinds")) if re.fullmatch(r"\d{4}", card.text("sinds") or "") else None,
        origins=_origins(origin),
        imposed_by_rijk="opgelegd" in origin and bool(re.search(r"\bRijk\b", origin)),
        legal_basis=card.text("samenwerkingsregeling") or card.text("taakregeling"),
        partners=_partners(card.text("partners")),
    )


def _count(card: DivisionCard) -> tuple[int | None, str | None]:
    for key, unit in (("aantal-regios", "regio"), ("aantal-organisaties", "organisatie")):
        text = card.text(key)
        if text is not None:
            m = _LEADING_NUMBER.match(text)
            return (int(m.group(1)) if m else None), unit
    return None, None


def _origins(text: str) -> tuple[str, ...]:
    """'Ontstaanswijze' → keys of :data:`ORIGINS`; a card may name two (Verwijsindex)."""
    low = text.lower()
    out = []
    if re.search(r"van binnen ?uit|van onder ?op", low):
        out.append("van-binnenuit")
    if "opgelegd" in low:
        out.append("indeling-opgelegd" if "indeling" in low else "samenwerking-opgelegd")
    return tuple(out)


def _partners(text: str | None) -> tuple[str, ...]:
    """A 'Partners' list split into partner types as printed.

    Commas separate items except before a digit ('cluster 2, 3 en 4'), a leading 'zoals'
    is dropped ('…werkvelden, zoals jeugdgezondheidszorg'); the last item is
    split at its last ' en ' unless that joins digits or an elided word ('geneeskundige -
    en gemeentelijke diensten'). A value written as sentences (Zorg en Welzijn: 'Alle
    partijen … kunnen partner zijn.') names no types and gives none.
    """
    if not text or re.search(r"\.\s+\S", text):
        return ()
    items = [re.sub(r"^zoals\s+", "", p.strip()) for p in re.split(r",(?!\s*\d)", text.rstrip(" .,")) if p.strip()]
    if items:
        last = items.pop()
        m = re.match(r"^(.*\S)\s+en\s+(?!\d)(.+)$", last)
        if m and not m.group(1).endswith("-") and not re.search(r"\d$", m.group(1)):
            items.extend([m.group(1), m.group(2)])
        else:
            items.append(last)
    return tuple(items)


def _slug(text: str) -> str:
    """A stable key from a card title: 'Weer Samen Naar School PO (WSNS)' → 'weer-samen-naar-school-po-wsns'."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
