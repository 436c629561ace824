"""Where the source documents and reference tables live, and what each one is.

The documents stay in ``../shared`` and are never copied into the repository. One setting
finds them: ``JEUGDGRAAF_SEEDS`` (default ``../shared/seeds`` beside the project root) and
``JEUGDGRAAF_REFERENCE`` (default ``../shared/data/reference``).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import SourceError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Document:
    """A source: its short id, file name, title, date, publisher, and where it lives.

    ``folder`` is ``"seeds"`` for the documents and ``"reference"`` for the CBS and RvIG
    tables; ``licence`` is an IRI where the source states one.
    """

    id: str  # "000", "cbs2013"
    filename: str
    title: str
    date: str  # ISO date, or year when only the year is known
    publisher: str
    description: str
    folder: str = "seeds"
    licence: str | None = None

    @property
    def stem(self) -> str:
        return self.filename.rsplit(".", 1)[0]


DOCUMENTS: tuple[Document, ...] = (
    Document(
        "000",
        "000_5833ac47ade829ca.txt",
        "Inventarisatie regionale samenwerking jeugdzorg (peiling onder de jeugdzorgregio's)",
        "2013-06-20",
        "Vereniging van Nederlandse Gemeenten (VNG), Transitiebureau Jeugd",
        "The national survey of youth-care regions of June 2013: 41 regions, their municipalities, "
        "the level and status of 11 youth-care tasks, and their governance.",
    ),
    Document(
        "001",
        "001_6e1cbb5f6f5d01bb.txt",
        "Programmaplan Decentralisatie Jeugdzorg Stadsregio Rotterdam",
        "2012",
        "Stadsregio Rotterdam",
        "Programme plan of the Rotterdam city region for the decentralisation of youth care.",
    ),
    Document(
        "002",
        "002_4ffd5e7e2fb8fbe5.txt",
        "Voorstel bovenlokale samenwerking jeugdzorg Utrechtse gemeenten",
        "2013",
        "Utrechtse gemeenten",
        "Proposal of the Utrecht municipalities for supra-local cooperation in youth care.",
    ),
    Document(
        "003",
        "003_652dde2060277cef.txt",
        "Transformatieagenda jeugd Regio Alkmaar",
        "2016",
        "Regio Alkmaar",
        "Transformation agenda for youth care of the Alkmaar region.",
    ),
    Document(
        "004",
        "004_faf11c9944619372.txt",
        "Samenwerking als weloverwogen keuze",
        "2011",
        "Rapport over regionale samenwerkingsverbanden rond jeugd en gezin",
        "Report on the regional cooperation arrangements around youth and family, with an "
        "appendix of 28 national regional divisions.",
    ),
)


CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"

REFERENCE_TABLES: tuple[Document, ...] = (
    Document(
        "cbs2013",
        "nlextract__cbs-gemeentenperprovincie-2013.csv",
        "Gemeenten alfabetisch per provincie 2013",
        "2013-01-01",
        "Centraal Bureau voor de Statistiek (CBS), via NLExtract",
        "The 408 municipalities of 1 January 2013 with their CBS codes and provinces.",
        "reference",
        CC_BY_4,
    ),
    Document(
        "rvig33",
        "rvig__Tabel33_Gemeententabel_gesorteerd_op_code.csv",
        "Landelijke Tabel 33 Gemeententabel",
        "2022-11-03",
        "Rijksdienst voor Identiteitsgegevens (RvIG)",
        "Every municipality code ever used, with the successor code after a merger.",
        "reference",
    ),
    Document(
        "cbs2017",
        "cbs_83553NED_gebieden_in_nederland_2017__data.csv",
        "Gebieden in Nederland 2017 (StatLine 83553NED)",
        "2017-01-01",
        "Centraal Bureau voor de Statistiek (CBS)",
        "The 388 municipalities of 1 January 2017 with their jeugdzorgregio, GGD region, "
        "veiligheidsregio, zorgkantoorregio, arbeidsmarktregio, police unit, province and inhabitants.",
        "reference",
        CC_BY_4,
    ),
    Document(
        "cartomap2013",
        "cartomap__gemeente_2013.topojson",
        "Gemeentegrenzen 2013 (gegeneraliseerd)",
        "2013-01-01",
        "Centraal Bureau voor de Statistiek (CBS) en PDOK, via cartomap/nl",
        "The generalised boundaries of the 408 municipalities of 1 January 2013 (PDOK layer "
        "cbs_gemeente_2013_gegeneraliseerd), WGS84 TopoJSON. Bron: CBS/PDOK.",
        "reference",
        CC_BY_4,
    ),
)

SOURCES: tuple[Document, ...] = DOCUMENTS + REFERENCE_TABLES


def document(doc_id: str) -> Document:
    """The registered source with id ``doc_id`` (``"000"``, ``"cbs2017"`` …)."""
    for doc in SOURCES:
        if doc.id == doc_id:
            return doc
    raise KeyError(doc_id)


def seeds_dir() -> Path:
    """The folder holding the source documents (``JEUGDGRAAF_SEEDS``)."""
    return Path(os.environ.get("JEUGDGRAAF_SEEDS", PROJECT_ROOT.parent / "shared" / "seeds"))


def reference_dir() -> Path:
    """The folder holding the CBS and RvIG reference tables (``JEUGDGRAAF_REFERENCE``)."""
    default = PROJECT_ROOT.parent / "shared" / "data" / "reference"
    return Path(os.environ.get("JEUGDGRAAF_REFERENCE", default))


def source_path(doc: Document) -> Path:
    """Where a registered source lives now, following the two settings above."""
    folder = seeds_dir() if doc.folder == "seeds" else reference_dir()
    return folder / doc.filename


def read_lines(path: Path, encoding: str = "utf-8") -> list[str]:
    """The lines of a text file without line endings; a clear error when it is missing."""
    try:
        text = path.read_text(encoding=encoding)
    except FileNotFoundError:
        raise SourceError(path, "file not found (set JEUGDGRAAF_SEEDS / JEUGDGRAAF_REFERENCE?)") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise SourceError(path, f"not valid {encoding}: {exc.reason}", line) from None
    return text.splitlines()


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, recorded so a reader can check they hold the same document."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
