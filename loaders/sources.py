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
    """A source document: its short id, file name, title, date and publisher as printed."""

    id: str  # "000"
    filename: str
    title: str
    date: str  # ISO date, or year when only the year is known
    publisher: str
    description: str

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


def document(doc_id: str) -> Document:
    """The registered document with id ``doc_id`` (``"000"`` …)."""
    for doc in DOCUMENTS:
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
