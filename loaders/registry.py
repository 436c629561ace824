"""One registry: which loader reads which sources, and the shipped facts it writes.

Every loader has the same signature — ``extract(context) -> record`` — and is listed in
:data:`LOADERS`, in the order they must run (the survey needs the reference tables to
resolve names). ``extract_all`` runs them on ``../shared``; ``render_facts`` turns the
records into the diffable JSON files the repository ships in ``loaders/data/``, and
``read_facts`` reads those back, so a clone without ``../shared`` builds the same graph.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.alkmaar2016 import Alkmaar2016
from loaders.boundaries import Boundaries
from loaders.divisions2011 import Divisions2011
from loaders.errors import SourceError
from loaders.organisations import OrganisationTable
from loaders.quotes import Quotes
from loaders.records import Reference, Survey, from_jsonable, to_jsonable
from loaders.regional_records import Rotterdam2012, Utrecht2013
from loaders.sources import SHIPPED_DATA, document, read_lines, sha256, source_path
from loaders.survey2013_partners import Partners2013

FACTS_FORMAT = 1


@dataclass(frozen=True)
class SourceStamp:
    """Which version of a source the facts were read from: file name, checksum, lines."""

    id: str
    filename: str
    sha256: str
    lines: int


@dataclass
class Context:
    """What a loader may use: records of the loaders that ran before it, and indexes
    built from them once for all loaders (``shared``)."""

    records: dict[str, Any] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Loader:
    """A registered loader: its name, the sources it reads, its record type and function."""

    name: str
    sources: tuple[str, ...]
    record_type: type
    extract: Callable[[Context], Any]

    @property
    def facts_file(self) -> str:
        return f"{self.name}.json"


def _reference(context: Context) -> Any:
    from loaders.municipalities import load_reference

    return load_reference(source_path(document("cbs2013")).parent)


def _municipalities_2013(context: Context) -> Any:
    """The name index of the 2013 municipalities, built once and shared by the loaders."""
    from loaders.municipalities import MunicipalityIndex, load_aliases

    if "_index2013" not in context.shared:
        reference = context.records["reference"]
        context.shared["_index2013"] = MunicipalityIndex((m for m in reference.municipalities if m.year == 2013), load_aliases())
    return context.shared["_index2013"]


def _survey2013(context: Context) -> Any:
    from loaders.survey2013 import parse

    return parse(source_path(document("000")), _municipalities_2013(context))


def _alkmaar2016(context: Context) -> Any:
    from loaders.alkmaar2016 import parse
    from loaders.organisations import OrganisationIndex

    return parse(source_path(document("003")), _municipalities_2013(context), OrganisationIndex.load())


def _divisions2011(context: Context) -> Any:
    from loaders.divisions2011 import parse

    return parse(source_path(document("004")))


def _organisations(context: Context) -> Any:
    from loaders.organisations import load_organisations

    return OrganisationTable(load_organisations())


def _partners2013(context: Context) -> Any:
    from loaders.organisations import OrganisationIndex
    from loaders.survey2013_partners import parse

    return parse(source_path(document("000")), context.records["survey2013"], OrganisationIndex.load())


def _rotterdam2012(context: Context) -> Any:
    from loaders.municipalities import mergers_into
    from loaders.organisations import OrganisationIndex
    from loaders.rotterdam2012 import GOEREE_OVERFLAKKEE, parse

    merger = mergers_into(source_path(document("rvig33")).parent, GOEREE_OVERFLAKKEE)
    return parse(source_path(document("001")), _municipalities_2013(context), merger, OrganisationIndex.load())


def _utrecht2013(context: Context) -> Any:
    from loaders.utrecht2013 import parse

    return parse(source_path(document("002")), _municipalities_2013(context))


def _boundaries2013(context: Context) -> Any:
    from loaders.boundaries import load_boundaries

    return load_boundaries(source_path(document("cartomap2013")))


def _quotes(context: Context) -> Any:
    """The quoted lines of every evidence the loaders before it produced (so it runs last)."""
    from loaders.quotes import quote_spans

    return quote_spans(context.records)


#: Every loader, in the order they run. A new source is one more entry here.
LOADERS: tuple[Loader, ...] = (
    Loader("reference", ("cbs2013", "rvig33", "cbs2017"), Reference, _reference),
    Loader("survey2013", ("000",), Survey, _survey2013),
    Loader("organisations", (), OrganisationTable, _organisations),
    Loader("partners2013", ("000",), Partners2013, _partners2013),
    Loader("alkmaar2016", ("003",), Alkmaar2016, _alkmaar2016),
    Loader("divisions2011", ("004",), Divisions2011, _divisions2011),
    Loader("rotterdam2012", ("001", "rvig33"), Rotterdam2012, _rotterdam2012),
    Loader("utrecht2013", ("002",), Utrecht2013, _utrecht2013),
    Loader("boundaries2013", ("cartomap2013",), Boundaries, _boundaries2013),
    Loader("quotes", ("000", "001", "002", "003", "004"), Quotes, _quotes),
)


def stamp(source_id: str) -> SourceStamp:
    """Checksum and line count of a source as it is on disk now."""
    doc = document(source_id)
    path = source_path(doc)
    encoding = "utf-16" if path.suffix == ".csv" and source_id == "rvig33" else "utf-8"
    return SourceStamp(doc.id, doc.filename, sha256(path), len(read_lines(path, encoding)))


def extract_all(progress: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Run every loader on the sources in ``../shared``: records by loader name."""
    context = Context()
    for loader in LOADERS:
        progress(f"reading {', '.join(loader.sources)} ({loader.name})")
        context.records[loader.name] = loader.extract(context)
    return context.records


def render_facts(records: dict[str, Any]) -> dict[str, str]:
    """Each loader's records, with the stamps of its sources, as sorted JSON: text by file name.

    The loaders only render; the caller writes (``jeugdgraaf extract`` through
    :mod:`graph.files`, atomically), because writing files is not a parser's business.
    """
    texts = {}
    for loader in LOADERS:
        payload = {
            "format": FACTS_FORMAT,
            "loader": loader.name,
            "sources": [to_jsonable(stamp(s)) for s in loader.sources],
            "records": to_jsonable(records[loader.name]),
        }
        texts[loader.facts_file] = json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    return texts


def read_facts(directory: Path = SHIPPED_DATA) -> tuple[dict[str, Any], dict[str, SourceStamp]]:
    """The shipped records by loader name, and the stamps of the sources they came from."""
    records: dict[str, Any] = {}
    stamps: dict[str, SourceStamp] = {}
    for loader in LOADERS:
        records[loader.name], loader_stamps = _read_loader(loader, directory)
        stamps.update((s.id, s) for s in loader_stamps)
    return records, stamps


def _read_loader(loader: Loader, directory: Path) -> tuple[Any, list[SourceStamp]]:
    path = directory / loader.facts_file
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(path, "shipped facts missing: run `jeugdgraaf extract`") from None
    except json.JSONDecodeError as exc:
        raise SourceError(path, f"not valid JSON: {exc.msg}", exc.lineno) from None
    if payload.get("format") != FACTS_FORMAT or payload.get("loader") != loader.name:
        raise SourceError(path, f"not a format-{FACTS_FORMAT} facts file of loader {loader.name}")
    try:
        return from_jsonable(loader.record_type, payload["records"]), [from_jsonable(SourceStamp, s) for s in payload["sources"]]
    except (ValueError, TypeError, KeyError) as exc:
        raise SourceError(path, f"malformed facts: {exc}") from None

