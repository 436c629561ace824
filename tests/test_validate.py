"""shacl-rust, the build's validator, against pySHACL, the reference: same violations.

Each broken graph breaks one rule of ``ontology/shapes.ttl`` on the real graph; the
violation it must cause (focus node, path, constraint component) is read from the shape,
and both engines must report the same set of violations, with one known difference:
a value that cannot be compared (a string where sh:minInclusive or sh:lessThanOrEquals
expects a number) is a violation of those constraints by the SHACL specification
(§4.5, "or where the two values cannot be compared"), and pySHACL and pyrudof report it
there; shacl-rust 0.2 reports it only under the sh:datatype the same property declares.
Conformance cannot differ as long as every compared property declares its datatype,
which the last test checks on the shapes.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from graph.build import build_quads
from graph.namespaces import Iris, term, vocab
from graph.validate import SH, validate, validate_reference
from loaders.registry import read_facts

GM0014 = NamedNode("https://w3id.org/jeugdgraaf/id/gemeente/GM0014")
XSD = "http://www.w3.org/2001/XMLSchema#"
Breakage = Callable[[list[Quad]], tuple[list[Quad], set[tuple[str, str, str]]]]


@pytest.fixture(scope="module")
def real_quads() -> list[Quad]:
    records, stamps = read_facts()
    return build_quads(records, stamps, Iris())


def first_subject(quads: list[Quad], predicate: NamedNode) -> NamedNode:
    return next(q.subject for q in quads if q.predicate == predicate)


def replace(quads: list[Quad], subject: NamedNode, predicate: NamedNode, value: Literal) -> list[Quad]:
    """``quads`` with every value of ``subject predicate`` replaced by ``value``."""
    kept = [q for q in quads if not (q.subject == subject and q.predicate == predicate)]
    graph = next(q.graph_name for q in quads if q.subject == subject and q.predicate == predicate)
    return kept + [Quad(subject, predicate, value, graph)]


def expected(focus: NamedNode, path: NamedNode, component: str) -> tuple[str, str, str]:
    return (str(focus), str(path), SH + component)


def without_cbs_code(quads):
    cbs = vocab("cbsCode")
    return [q for q in quads if not (q.subject == GM0014 and q.predicate == cbs)], {expected(GM0014, cbs, "MinCountConstraintComponent")}


def with_an_email_address(quads):
    cell_text = vocab("cellText")
    cell = first_subject(quads, cell_text)
    broken = replace(quads, cell, cell_text, Literal("zie de mail van j.jansen@example.nl"))
    return broken, {expected(cell, cell_text, "NotConstraintComponent")}


def with_a_wrong_datatype(quads):
    first = vocab("firstLine")
    span = first_subject(quads, first)
    broken = replace(quads, span, first, Literal("12"))
    return broken, {expected(span, first, "DatatypeConstraintComponent")}


def without_evidence(quads):
    derived = term("prov:wasDerivedFrom")
    cell = first_subject(quads, vocab("cellText"))
    broken = [q for q in quads if not (q.subject == cell and q.predicate == derived)]
    return broken, {expected(cell, derived, "MinCountConstraintComponent")}


def with_lines_reversed(quads):
    first = vocab("firstLine")
    span = first_subject(quads, first)
    broken = replace(quads, span, first, Literal("100000", datatype=NamedNode(XSD + "integer")))
    return broken, {expected(span, first, "LessThanOrEqualsConstraintComponent")}


BREAKAGES: tuple[Breakage, ...] = (without_cbs_code, with_an_email_address, with_a_wrong_datatype, without_evidence, with_lines_reversed)


RANGE = {SH + c + "ConstraintComponent" for c in ("MinInclusive", "MaxInclusive", "MinExclusive", "MaxExclusive", "LessThan", "LessThanOrEquals")}


def keys(report) -> set[tuple[str, str, str]]:
    return {v.key for v in report.results}


def comparable(report) -> set[tuple[str, str, str]]:
    """The reference's violations without range results on nodes that already fail sh:datatype."""
    wrong_type = {v.focus for v in report.results if v.component == SH + "DatatypeConstraintComponent"}
    return {k for k in keys(report) if not (k[2] in RANGE and k[0] in wrong_type)}


def test_the_real_graph_conforms_in_both_engines(real_quads):
    fast, reference = validate(real_quads), validate_reference(real_quads)
    assert fast.conforms and reference.conforms, fast.text + reference.text
    assert fast.violations == reference.violations == 0


@pytest.mark.slow
@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.__name__)
def test_both_engines_find_the_same_violations(real_quads, breakage):
    broken, must = breakage(real_quads)
    fast, reference = validate(broken), validate_reference(broken)
    assert not fast.conforms and not reference.conforms
    assert must <= keys(reference), reference.text
    assert keys(fast) == comparable(reference), fast.text + "\n" + reference.text


def test_the_report_names_the_focus_node_and_the_shape_message(real_quads):
    broken, _ = without_cbs_code(real_quads)
    text = validate(broken).text
    assert "Conforms: False" in text and str(GM0014) in text and "cbsCode" in text


def test_the_range_difference_is_real_and_only_that(real_quads):
    broken, _ = with_a_wrong_datatype(real_quads)
    reference = validate_reference(broken)
    assert keys(reference) - comparable(reference) == {
        (k[0], k[1], SH + c) for k in keys(reference) for c in ("MinInclusiveConstraintComponent", "LessThanOrEqualsConstraintComponent")
    }


def test_every_compared_property_declares_its_datatype():
    """So a value shacl-rust does not compare always fails sh:datatype: conformance is the same."""
    from pyoxigraph import RdfFormat, Store

    from graph.validate import shapes_ntriples

    store = Store()
    store.load(shapes_ntriples(), RdfFormat.N_TRIPLES)
    undeclared = list(store.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?shape ?path WHERE {
          ?shape sh:property ?p . ?p sh:path ?path .
          { ?p sh:minInclusive|sh:maxInclusive|sh:minExclusive|sh:maxExclusive ?bound BIND(?path AS ?compared) }
          UNION { ?p sh:lessThan|sh:lessThanOrEquals ?compared }
          FILTER (NOT EXISTS { ?shape sh:property ?q . ?q sh:path ?path ; sh:datatype ?t }
                  || NOT EXISTS { ?shape sh:property ?r . ?r sh:path ?compared ; sh:datatype ?u })
        }"""))
    assert undeclared == []
