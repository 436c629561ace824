"""Bind parameter values into a query as RDF terms: a VALUES block at the top of the WHERE group.

Why not pyoxigraph's ``substitutions=`` (SEP-0007)? Oxigraph only substitutes variables
that the SELECT projects, so every parameterised query would have to return its
parameters as columns and group by them. Why not a trailing ``VALUES`` after the query?
SPARQL joins a trailing VALUES *after* grouping and aggregation, so ``COUNT`` would count
over all regions. A VALUES block as the first element of the outermost group pattern
binds the parameter before anything else is evaluated — the same meaning as a pre-bound
variable — and it is plain SPARQL 1.1, so the very same text runs locally and on any
remote endpoint, which is what makes local and remote rows equal.

Safety: the values are pyoxigraph terms (IRIs validated by ``NamedNode``), written with
their own N-Triples serialisation, which escapes quotes, backslashes and line breaks. No
text a user typed is ever pasted into the query. The insertion point is found with a
small lexer that skips comments, strings and IRIs, so braces inside them do not count.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pyoxigraph import BlankNode, Literal, NamedNode

from ontology import PREFIXES

Term = NamedNode | Literal | BlankNode

#: Tokens that may contain braces or ``#`` but are not structure: comments, strings, IRIs.
_OPAQUE = re.compile(
    r"""
      \#[^\n]*                              # comment
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"   # long strings
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n]|\\.)*"                   # short strings
    | '(?:[^'\\\n]|\\.)*'
    | <[^<>"{}|^`\\\x00-\x20]*>             # IRI reference
    """,
    re.VERBOSE,
)
_PREFIX_DECL = re.compile(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:")


def term_text(term: Term) -> str:
    """The SPARQL (= N-Triples) form of a term: ``<iri>``, ``"text"@nl``, ``"7"^^<…integer>``."""
    if isinstance(term, BlankNode):
        raise ValueError("blank nodes cannot be bound as parameter values")
    return str(term)


def values_block(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> str:
    """``VALUES (?a ?b) { (<x> "y") … }``; ``None`` becomes ``UNDEF``."""
    head = " ".join("?" + _variable(v) for v in variables)
    body = " ".join("(" + " ".join("UNDEF" if t is None else term_text(t) for t in row) + ")" for row in rows)
    return f"VALUES ({head}) {{ {body} }}"


def bind(sparql: str, bindings: Mapping[str, Term]) -> str:
    """``sparql`` with every variable of ``bindings`` bound to its term (one VALUES row)."""
    if not bindings:
        return sparql
    names = sorted(bindings)
    return inject(sparql, values_block(names, [[bindings[n] for n in names]]))


def inject(sparql: str, block: str) -> str:
    """Insert ``block`` right after the brace that opens the outermost group pattern."""
    at = opening_brace(sparql)
    return f"{sparql[: at + 1]}\n  {block}\n{sparql[at + 1 :]}"


def opening_brace(sparql: str) -> int:
    """Index of the first ``{`` that is not inside a comment, a string or an IRI.

    For SELECT and ASK that is the start of the WHERE group (CONSTRUCT would be its
    template, and the catalogue holds no CONSTRUCT queries).
    """
    pos = 0
    while pos < len(sparql):
        opaque = _OPAQUE.match(sparql, pos)
        if opaque:
            pos = opaque.end()
            continue
        if sparql[pos] == "{":
            return pos
        pos += 1
    raise ValueError("the query has no group pattern ({ … }) to bind parameters in")


def strip_comments(sparql: str) -> str:
    """The query without its comments (``#`` outside strings and IRIs), lines kept.

    Sent to endpoints because SPARQLWrapper guesses the query form with a regex that
    reads words in comments: a decorator saying "loaded" made it send a SELECT as a LOAD
    update.
    """
    out, pos = [], 0
    while pos < len(sparql):
        opaque = _OPAQUE.match(sparql, pos)
        if opaque:
            if not opaque.group(0).startswith("#"):
                out.append(opaque.group(0))
            pos = opaque.end()
            continue
        out.append(sparql[pos])
        pos += 1
    return "".join(out)


def with_prefixes(sparql: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """Declare the project's prefixes the query uses without declaring them (for remote endpoints)."""
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(sparql)}
    missing = [p for p in prefixes if p not in declared and re.search(rf"(?<![\w?$]){re.escape(p)}:", sparql)]
    if not missing:
        return sparql
    return "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in missing) + sparql


def _variable(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"not a variable name: {name!r}")
    return name
