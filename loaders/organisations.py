"""The canonical organisations every document names: one id per real organisation.

The documents print the same organisation in many ways ('Raad vd Kinderbescherming',
'de Raad voor de Kinderbescherming', 'RvdK'); and one printed word can mean different
organisations (every province had its own Bureau Jeugdzorg). The reviewed table
``loaders/data/organisations.csv`` lists each organisation once::

    id,name,kind,aliases,code,generic,note

* ``id``: a stable slug, the last segment of the organisation's IRI;
* ``name``: the canonical name (``rdfs:label``);
* ``kind``: one of :data:`KINDS` (the SKOS scheme ``jgo:`` in ``ontology/organisations.ttl``);
* ``aliases``: '|'-separated spellings as printed (each becomes an ``skos:altLabel``);
* ``code``: for a province its CBS code (``PV20``), for a municipality its CBS code
  (``GM0014``): such organisations take the IRI the reference build already mints;
* ``generic``: ``yes`` for a category rather than one organisation (the survey question's
  'Jeugdzorgaanbieders', an unqualified 'Bureau Jeugdzorg');
* ``note``: why an entry is what it is (regional offices, mergers …).

:class:`OrganisationIndex` resolves a printed name to one organisation, ignoring case,
accents, whitespace and hyphen-versus-space; :meth:`OrganisationIndex.find_all` finds every
known name in a free-text answer (the parser part of partner extraction).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from loaders.curation import csv_records
from loaders.errors import SourceError
from loaders.sources import SHIPPED_DATA, read_lines

__all__ = [
    "KINDS",
    "ORGANISATIONS_CSV",
    "Mention",
    "Organisation",
    "OrganisationIndex",
    "OrganisationTable",
    "fold",
    "load_organisations",
    "normalise",
]

ORGANISATIONS_CSV = SHIPPED_DATA / "organisations.csv"

#: Organisation kinds: the concepts of ``jgo:`` (``ontology/organisations.ttl``).
KINDS: tuple[str, ...] = (
    "onderwijs",
    "raad-voor-de-kinderbescherming",
    "bureau-jeugdzorg",
    "jeugdzorgaanbieder",
    "clientenorganisatie",
    "ggd",
    "politie-veiligheid",
    "mee",
    "provincie",
    "stadsregio",
    "zorgkantoor",
    "zorgverzekeraar",
    "gemeente",
    "overig",
)
COLUMNS = ("id", "name", "kind", "aliases", "code", "generic", "note")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE = {"provincie": re.compile(r"^PV\d\d$"), "gemeente": re.compile(r"^GM\d{4}$")}


@dataclass(frozen=True)
class Organisation:
    """A canonical organisation: id, name, kind, printed spellings, CBS code if any."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    code: str | None = None  # "PV20" for a province, "GM0014" for a municipality
    generic: bool = False

    @property
    def spellings(self) -> tuple[str, ...]:
        """The canonical name and every alias, in table order."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class OrganisationTable:
    """The whole reviewed table, as the ``organisations`` loader ships it."""

    organisations: tuple[Organisation, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A known organisation found in a text: the organisation and the words as printed."""

    organisation: Organisation
    printed: str
    start: int
    end: int


def fold(text: str) -> str:
    """Accents removed and lowercased, one character for one, so offsets stay valid."""
    return "".join(_fold_char(ch) for ch in text)


def _fold_char(ch: str) -> str:
    """One character for one: 'İ'.lower() has two, so such a character keeps its base."""
    base = unicodedata.normalize("NFKD", ch)[:1] or ch
    low = base.lower()
    return low if len(low) == 1 else base


def normalise(name: str) -> str:
    """The key a name is looked up by: folded, quotes unified, hyphens and spaces as one space."""
    text = fold(name.replace("’", "'").replace("‘", "'"))
    return " ".join(re.sub(r"[-–\s]+", " ", text).split()).strip(" .,;:")


def _is_acronym(spelling: str) -> bool:
    """'MEE', 'BJZ', 'CZ': found in free text only in capitals ('mee' is a Dutch word)."""
    return len(spelling) <= 6 and spelling.upper() == spelling and any(c.isalpha() for c in spelling)


def _wrong_case(printed: str, org: Organisation) -> bool:
    """True when ``printed`` matches an acronym spelling of ``org`` but not in its capitals."""
    key = normalise(printed)
    acronyms = [s for s in org.spellings if _is_acronym(s) and normalise(s) == key]
    return bool(acronyms) and " ".join(printed.split()) not in org.spellings


def load_organisations(path: Path = ORGANISATIONS_CSV) -> tuple[Organisation, ...]:
    """The organisations of the table at ``path``, checked.

    Raises :class:`SourceError` (file and line) for a missing column, a bad id, an unknown
    kind, a code that does not fit the kind, a duplicate id, or a spelling that two
    organisations claim.
    """
    rows = [(n, c) for n, c in csv_records(read_lines(path), path) if c and not c[0].startswith("#")]
    if not rows or [h.strip() for h in rows[0][1]] != list(COLUMNS):
        raise SourceError(path, f"header must be {','.join(COLUMNS)}", rows[0][0] if rows else None)
    out: list[Organisation] = []
    for number, cells in rows[1:]:
        if len(cells) != len(COLUMNS):
            raise SourceError(path, f"{len(cells)} cells, expected {len(COLUMNS)}", number)
        out.append(_organisation(path, number, dict(zip(COLUMNS, (c.strip() for c in cells)))))
    OrganisationIndex(out, path)  # checks ids and spellings are unique
    return tuple(out)


def _organisation(path: Path, number: int, row: dict[str, str]) -> Organisation:
    if not _ID.match(row["id"]):
        raise SourceError(path, f"id {row['id']!r} is not a lowercase slug", number)
    if row["kind"] not in KINDS:
        raise SourceError(path, f"unknown kind {row['kind']!r} (one of {', '.join(KINDS)})", number)
    if not row["name"]:
        raise SourceError(path, "empty name", number)
    code = row["code"] or None
    pattern = _CODE.get(row["kind"])
    if code and (pattern is None or not pattern.match(code)):
        raise SourceError(path, f"code {code!r} does not fit kind {row['kind']}", number)
    if row["generic"] not in ("", "yes"):
        raise SourceError(path, f"generic must be 'yes' or empty, not {row['generic']!r}", number)
    aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
    return Organisation(row["id"], row["name"], row["kind"], aliases, code, row["generic"] == "yes")


class OrganisationIndex:
    """Printed name → canonical organisation, and known names found in free text."""

    def __init__(self, organisations: Iterable[Organisation], path: Path | None = None) -> None:
        self._by_id: dict[str, Organisation] = {}
        self._by_key: dict[str, Organisation] = {}
        where = path or ORGANISATIONS_CSV
        for org in organisations:
            if org.id in self._by_id:
                raise SourceError(where, f"duplicate organisation id {org.id!r}")
            self._by_id[org.id] = org
            for spelling in org.spellings:
                key = normalise(spelling)
                other = self._by_key.setdefault(key, org)
                if other is not org:
                    raise SourceError(where, f"spelling {spelling!r} claimed by {other.id} and {org.id}")
        self._pattern = self._compile()

    @classmethod
    def load(cls, path: Path = ORGANISATIONS_CSV) -> OrganisationIndex:
        """The index of the shipped table (or the one at ``path``)."""
        return cls(load_organisations(path), path)

    def __iter__(self):
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, org_id: str) -> bool:
        return org_id in self._by_id

    def get(self, org_id: str) -> Organisation:
        """The organisation with this id (``KeyError`` when unknown)."""
        return self._by_id[org_id]

    def resolve(self, printed: str) -> Organisation | None:
        """The organisation a printed name stands for, or ``None``."""
        return self._by_key.get(normalise(printed))

    def require(self, printed: str, path: Path | str, line: int | None = None) -> Organisation:
        """Like :meth:`resolve`, but an unknown name is a :class:`SourceError` at ``path:line``."""
        org = self.resolve(printed)
        if org is None:
            raise SourceError(path, f"unknown organisation {printed!r}: add it to {ORGANISATIONS_CSV.name}", line)
        return org

    def find_all(self, text: str) -> list[Mention]:
        """Every known spelling in ``text``, longest first, without overlaps, in text order.

        Matching ignores case and accents except for acronyms ('MEE', 'CZ'), which must
        stand in capitals; hyphens, spaces and line-break whitespace are interchangeable.
        """
        folded = fold(text)
        found = []
        for m in self._pattern.finditer(folded):
            printed = text[m.start() : m.end()]
            org = self.resolve(printed)
            if org is not None and not _wrong_case(printed, org):
                found.append(Mention(org, printed, m.start(), m.end()))
        return found

    def _compile(self) -> re.Pattern[str]:
        keys = sorted(self._by_key, key=len, reverse=True)
        pieces = [r"[-–\s]+".join(re.escape(word) for word in key.split()) for key in keys]
        return re.compile(r"(?<!\w)(?:" + "|".join(pieces) + r")(?!\w)") if pieces else re.compile(r"(?!x)x")
