"""The vocabulary as data: ontology, SKOS concept schemes, SHACL shapes, JSON-LD context.

This package holds Turtle files and tells where they are; it imports nothing of ours and
reads no file when imported.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

#: The vocabulary namespace (classes and properties). Stable: it does not follow the
#: configurable instance base, so saved queries and other people's data keep working.
VOCAB = "https://w3id.org/jeugdgraaf/def#"
#: Root of the concept schemes (``{DEF}taak/pleegzorg``).
DEF = "https://w3id.org/jeugdgraaf/def/"
#: The IRI of the ontology itself.
ONTOLOGY_IRI = "https://w3id.org/jeugdgraaf/def"

#: Concept-scheme namespaces by the key segment used in their IRIs.
SCHEMES = {
    "task": DEF + "taak/",
    "level": DEF + "niveau/",
    "status": DEF + "status/",
    "answer": DEF + "antwoord/",
    "question": DEF + "vraag/",
    "arrangement": DEF + "regeling/",
    "organisation": DEF + "organisatiesoort/",
}

#: Prefixes used in the Turtle files, the saved queries and the exports.
PREFIXES: dict[str, str] = {
    "jg": VOCAB,
    "jgt": SCHEMES["task"],
    "jgl": SCHEMES["level"],
    "jgs": SCHEMES["status"],
    "jga": SCHEMES["answer"],
    "jgq": SCHEMES["question"],
    "jgr": SCHEMES["arrangement"],
    "jgo": SCHEMES["organisation"],
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sh": "http://www.w3.org/ns/shacl#",
    "geo": "http://www.opengis.net/ont/geosparql#",
}


def vocabulary_files() -> list[Path]:
    """The Turtle modules of the ontology and its concept schemes (``*.ttl`` but the shapes)."""
    return sorted(p for p in HERE.glob("*.ttl") if not p.name.startswith("shapes"))


def shapes_files() -> list[Path]:
    """The SHACL shapes every build is validated against (``shapes*.ttl``)."""
    return sorted(HERE.glob("shapes*.ttl"))


def context_file() -> Path:
    """The JSON-LD context shipped for the JSON-LD dumps."""
    return HERE / "context.jsonld"
