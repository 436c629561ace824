"""The reviewed table of mail domains: which organisation a survey contact wrote from.

The survey prints a contact person with an e-mail address for every region. The person
and the address never enter the project; the domain may, but only when this reviewed
table says which municipality or organisation it belongs to. A domain that names a person
(a one-person consultancy) is deliberately not listed, so it is dropped at parse time and
never reaches the shipped facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from loaders.curation import csv_records
from loaders.errors import SourceError
from loaders.sources import SHIPPED_DATA, read_lines

MAIL_DOMAINS_CSV = SHIPPED_DATA / "mail_domains.csv"


@dataclass(frozen=True)
class MailDomain:
    """A row of ``mail_domains.csv``: a domain and the municipality or organisation behind it."""

    domain: str
    municipality: str | None
    organisation: str | None
    name: str
    line: int


def load_mail_domains(path: Path = MAIL_DOMAINS_CSV) -> dict[str, MailDomain]:
    """The reviewed domain table, by domain; each row names exactly one target."""
    records = [(n, c) for n, c in csv_records(read_lines(path), path) if c and not c[0].startswith("#")]
    header = records[0][1] if records else []
    if header != ["domain", "municipality", "organisation", "name", "note"]:
        raise SourceError(path, "header must be domain,municipality,organisation,name,note", records[0][0] if records else None)
    out: dict[str, MailDomain] = {}
    for number, cells in records[1:]:
        if len(cells) != len(header):
            raise SourceError(path, f"{len(cells)} cells, expected {len(header)}", number)
        row = dict(zip(header, (c.strip() for c in cells)))
        municipality, organisation = row["municipality"] or None, row["organisation"] or None
        if (municipality is None) == (organisation is None):
            raise SourceError(path, "give a municipality code or an organisation id, not both or neither", number)
        if municipality and not re.fullmatch(r"GM\d{4}", municipality):
            raise SourceError(path, f"bad CBS code {municipality!r}", number)
        if row["domain"] in out:
            raise SourceError(path, f"duplicate domain {row['domain']!r}", number)
        out[row["domain"]] = MailDomain(row["domain"], municipality, organisation, row["name"], number)
    return out
