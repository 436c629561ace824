"""The source text behind every fact: the quoted lines of each evidence span.

A reader of a fact wants to see the sentence it was read from, also in a clone without
``../shared``. So ``jeugdgraaf extract`` collects every :class:`Evidence` the other loaders
produced and ships the lines it cites. Two limits keep this a quotation and not a copy of
the documents: only the first :data:`MAX_LINES` lines of a long span are quoted (a survey
unit spans hundreds of lines), and the reference tables (CBS, RvIG rows) are not quoted
at all — their facts are the table's values, shown on the pages already.

Personal data never enters the quotes: a line that names a contact person or holds an
e-mail address is replaced by :data:`REDACTED` (the survey prints "Contactpersoon: name,
address" for every region, once without the word "Contactpersoon"), and the name of such a
contact person is replaced by :data:`NAME_REDACTED` wherever else it appears (the Alkmaar
agenda names one of them in its project organisation).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from loaders.records import Evidence
from loaders.sources import DOCUMENTS, document, read_lines, source_path

#: Lines quoted from the start of a span; the page links to the rest in the document.
MAX_LINES = 12

#: What stands in the quote instead of a line naming a contact person.
REDACTED = "[contactgegevens weggelaten]"

#: What stands in the quote instead of a contact person's name elsewhere in the text.
NAME_REDACTED = "[naam weggelaten]"

_CONTACT = re.compile(r"^\s*contactperso", re.IGNORECASE)
_TITLE = re.compile(r"^(?:mw|mevr|dhr)\.?\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Quote:
    """The quoted text of one evidence span: its source, lines and the text of each line."""

    source: str
    first: int
    last: int
    lines: tuple[str, ...]  # lines first … min(last, first + MAX_LINES - 1)


@dataclass(frozen=True)
class Quotes:
    """Every evidence span of the shipped facts that cites a document, with its text."""

    quotes: tuple[Quote, ...] = ()


def evidences(record: Any) -> Iterator[Evidence]:
    """Every :class:`Evidence` inside a record, however deeply nested."""
    if isinstance(record, Evidence):
        yield record
    elif dataclasses.is_dataclass(record) and not isinstance(record, type):
        for f in dataclasses.fields(record):
            yield from evidences(getattr(record, f.name))
    elif isinstance(record, (tuple, list)):
        for item in record:
            yield from evidences(item)
    elif isinstance(record, dict):
        for item in record.values():
            yield from evidences(item)


def is_contact_line(line: str) -> bool:
    """Does the line name a contact person or hold an e-mail address?"""
    return bool(_CONTACT.match(line)) or "@" in line


def contact_names(lines: list[str]) -> set[str]:
    """The persons named on contact lines ("Contactpersoon: Mw. A B, address" → "A B")."""
    names = set()
    for line in filter(is_contact_line, lines):
        name = line.strip().removeprefix("Contactpersoon:").split(",")[0].strip()
        if "@" not in name and name:
            names.add(_TITLE.sub("", name))
    return names


def redact(line: str, names: set[str]) -> str:
    """The line; :data:`REDACTED` for a contact line; contact names elsewhere replaced."""
    if is_contact_line(line):
        return REDACTED
    for name in names:
        line = line.replace(name, NAME_REDACTED)
    return line.rstrip()


def quote_spans(records: dict[str, Any]) -> Quotes:
    """The quotes of every document span cited anywhere in ``records``."""
    documents = {doc.id for doc in DOCUMENTS}
    spans = sorted({(e.source, e.first, e.last) for r in records.values() for e in evidences(r) if e.source in documents})
    texts = {doc_id: read_lines(source_path(document(doc_id))) for doc_id in sorted({s for s, _, _ in spans})}
    names = set().union(*(contact_names(lines) for lines in texts.values()))
    quotes = []
    for source, first, last in spans:
        lines = texts[source]
        if last > len(lines):
            raise ValueError(f"evidence {source} lines {first}-{last} beyond the document's {len(lines)} lines")
        end = min(last, first + MAX_LINES - 1)
        quotes.append(Quote(source, first, last, tuple(redact(line, names) for line in lines[first - 1 : end])))
    return Quotes(tuple(quotes))
