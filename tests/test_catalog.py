"""The catalogue machinery on the fixture queries of tests/data/queries (one per feature).

The queries echo their bound parameters (``SELECT ?_text WHERE { }``), so a test sees the
exact RDF term a value became. Lookups run on a tiny in-memory store built here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

from graph.run import LocalTarget, run_query
from queries.binding import bind as bind_terms, opening_brace, with_prefixes
from queries.catalog import QueryError, bind, get, load_catalogue, parse_query

FIXTURES = Path(__file__).parent / "data" / "queries"
EX = "http://example.org/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
IDENTIFIER = NamedNode("http://purl.org/dc/terms/identifier")
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def target() -> LocalTarget:
    """Colours red (R), green (G) and a second 'Green' (G2, so the label is ambiguous), a shape."""
    store = Store()
    colour = NamedNode(EX + "Colour")
    for key, label in (("R", "red"), ("G", "green"), ("G2", "Green")):
        node = NamedNode(EX + "colour/" + key.lower())
        for p, o in ((RDF_TYPE, colour), (LABEL, Literal(label)), (IDENTIFIER, Literal(key))):
            store.add(Quad(node, p, o, NamedNode(EX + "graph")))
    store.add(Quad(NamedNode(EX + "square"), RDF_TYPE, NamedNode(EX + "Shape"), DefaultGraph()))
    store.add(Quad(NamedNode(EX + "square"), LABEL, Literal("red"), DefaultGraph()))
    return LocalTarget(store)


def echo(query: str, target: LocalTarget, **params):
    """The single term the fixture query returns."""
    result = run_query(get(query, FIXTURES), params, target)
    return result.terms.rows[0][0]


# --- reading the decorators --------------------------------------------------------------


def test_every_fixture_parses_and_broken_ones_fail_naming_the_file():
    catalogue = load_catalogue(FIXTURES)
    assert {"minimal", "described", "echo-literal", "class-lookup", "enumerate-query"} <= set(catalogue)
    for path in sorted((FIXTURES / "broken").glob("*.rq")):
        with pytest.raises(QueryError, match=path.name):
            parse_query(path)


def test_decorators_are_read():
    q = get("described", FIXTURES)
    assert q.summary == "Description and tags"
    assert q.description == "A folded description over two lines."
    assert q.tags == ("fixture", "docs")
    assert q.parameters == ()
    assert "#+" not in q.body and q.body.startswith("ASK")


@pytest.mark.parametrize(
    "name, variable, required, kind, label",
    [
        ("echo-literal", "_text", True, "literal", "text"),
        ("echo-lang", "_name_nl", True, "lang", "text @nl"),
        ("echo-integer", "_count_integer", True, "typed", "xsd:integer"),
        ("echo-date", "_day_xsd_date", True, "typed", "xsd:date"),
        ("echo-iri", "_thing_iri", True, "iri", "IRI"),
        ("optional", "__max_integer", False, "typed", "xsd:integer"),
        ("class-lookup", "_colour_iri", True, "iri", "IRI of http://example.org/Colour"),
        ("where-lookup", "_task_iri", True, "iri", "IRI of skos:Concept"),
    ],
)
def test_parameters_are_declared_by_variable_names(name, variable, required, kind, label):
    (p,) = get(name, FIXTURES).parameters
    assert (p.variable, p.required, p.kind, p.type_label) == (variable, required, kind, label)


def test_defaults_enumerate_and_examples():
    assert get("defaults", FIXTURES).parameters[0].default == "7"
    assert get("enumerate-list", FIXTURES).parameters[0].values == ("lokaal", "regionaal", "bovenregionaal")
    assert "Colour" in get("enumerate-query", FIXTURES).parameters[0].values_query
    q = get("class-lookup", FIXTURES)
    assert q.example_sets() == [{"colour": "R"}]
    assert q.parameters[0].examples == ("R", "green")


def test_where_decorator():
    lookup = get("where-lookup", FIXTURES).parameters[0].lookup
    assert lookup.where == ((NamedNode("http://www.w3.org/2004/02/skos/core#inScheme"), NamedNode("https://w3id.org/jeugdgraaf/def#SurveyTasks")),)


def test_unknown_query_suggests_close_names():
    with pytest.raises(QueryError, match="did you mean echo-literal"):
        get("echo-litteral", FIXTURES)
    with pytest.raises(QueryError, match="no saved query"):
        get("../catalog", FIXTURES)


# --- binding values as terms -------------------------------------------------------------


def test_values_become_typed_terms(target):
    assert echo("echo-literal", target, text="Súdwest-Fryslân") == Literal("Súdwest-Fryslân")
    assert echo("echo-lang", target, name="pleegzorg") == Literal("pleegzorg", language="nl")
    assert echo("echo-integer", target, count="007") == Literal("7", datatype=NamedNode(XSD + "integer"))
    assert echo("echo-integer", target, count=12) == Literal("12", datatype=NamedNode(XSD + "integer"))
    assert echo("echo-decimal", target, share="0.50") == Literal("0.5", datatype=NamedNode(XSD + "decimal"))
    assert echo("echo-boolean", target, flag=True) == Literal("true", datatype=NamedNode(XSD + "boolean"))
    assert echo("echo-date", target, day="2013-06-20") == Literal("2013-06-20", datatype=NamedNode(XSD + "date"))
    assert echo("echo-iri", target, thing="jgt:pleegzorg") == NamedNode("https://w3id.org/jeugdgraaf/def/taak/pleegzorg")
    assert echo("echo-iri", target, thing="<http://example.org/a>") == NamedNode("http://example.org/a")
    assert echo("echo-iri", target, thing="https://example.org/b") == NamedNode("https://example.org/b")


def test_optional_parameter_left_unbound_or_bound(target):
    q = get("optional", FIXTURES)
    assert [r[0].value for r in run_query(q, {}, target).terms.rows] == ["1", "2", "3"]
    assert [r[0].value for r in run_query(q, {"max": 2}, target).terms.rows] == ["1", "2"]
    assert [r[0].value for r in run_query(q, {"max": None}, target).terms.rows] == ["1", "2", "3"]


def test_default_used_and_overridden(target):
    assert echo("defaults", target).value == "7"
    assert echo("defaults", target, count=3).value == "3"


def test_parameter_is_bound_before_aggregation(target):
    assert echo("aggregate", target, k=1).value == "2"  # a trailing VALUES would count all 3


def test_braces_in_comments_strings_and_iris_are_skipped(target):
    result = run_query(get("braces-in-strings", FIXTURES), {"text": "x"}, target).terms.rows
    assert result == ((Literal("x"), Literal("{ not the group #"), Literal("'{'")),)


def test_short_keys_resolve_through_the_lookup(target):
    assert echo("class-lookup", target, colour="R") == NamedNode(EX + "colour/r")
    assert echo("class-lookup", target, colour="r") == NamedNode(EX + "colour/r")  # case-insensitive
    assert echo("class-lookup", target, colour="red") == NamedNode(EX + "colour/r")  # the square is no colour
    assert echo("class-lookup", target, colour="G2") == NamedNode(EX + "colour/g2")  # identifier beats label
    assert echo("class-lookup", target, colour=f"<{EX}colour/g>") == NamedNode(EX + "colour/g")


def test_enumerations(target):
    assert echo("enumerate-list", target, level="regionaal") == Literal("regionaal")
    assert echo("enumerate-query", target, colour=f"<{EX}colour/g>") == NamedNode(EX + "colour/g")


# --- errors name the parameter -----------------------------------------------------------


@pytest.mark.parametrize(
    "name, params, message",
    [
        ("echo-literal", {"txt": "a"}, r"unknown parameter 'txt' \(did you mean text\?\)"),
        ("minimal", {"x": "1"}, "it takes no parameters"),
        ("echo-literal", {}, "missing required parameter 'text'"),
        ("echo-integer", {"count": "seven"}, "parameter 'count': not a valid xsd:integer"),
        ("echo-integer", {"count": "1.5"}, "parameter 'count': not a valid xsd:integer"),
        ("echo-decimal", {"share": "NaN"}, "parameter 'share': not a valid xsd:decimal"),
        ("echo-date", {"day": "2013-13-01"}, "parameter 'day': not a valid xsd:date"),
        ("echo-boolean", {"flag": "maybe"}, "parameter 'flag': not a valid xsd:boolean"),
        ("enumerate-list", {"level": "landelijk"}, "parameter 'level': 'landelijk' is not allowed; allowed values: lokaal, regionaal, bovenregionaal"),
        ("enumerate-query", {"colour": f"<{EX}square>"}, "parameter 'colour': .* is not allowed; allowed values: .*green"),
        ("class-lookup", {"colour": "purple"}, "parameter 'colour': no http://example.org/Colour is known by 'purple'"),
        ("class-lookup", {"colour": "green"}, "parameter 'colour': 'green' is ambiguous: it names Green .*, green"),
        ("class-lookup", {"colour": f"<{EX}square>"}, "parameter 'colour': <http://example.org/square> is not a http://example.org/Colour"),
        ("echo-iri", {"thing": "plain words"}, "parameter 'thing': 'plain words' is not an IRI"),
        ("echo-iri", {"thing": "<http://x> } ; DROP ALL"}, "parameter 'thing': not a valid IRI"),
        ("echo-iri", {"thing": "http://x>y"}, "parameter 'thing': not a valid IRI"),
        ("echo-iri", {"thing": "<http://x y>"}, "parameter 'thing': not a valid IRI"),
        ("class-lookup", {"colour": 'R" } UNION { ?s ?p ?o'}, "parameter 'colour': neither an IRI nor a key"),
        ("echo-literal", {"text": "x" * 301}, "parameter 'text': value longer than 300"),
        ("echo-literal", {"text": "a\x00b"}, "parameter 'text': value contains control characters"),
    ],
)
def test_errors_name_the_parameter(target, name, params, message):
    with pytest.raises(QueryError, match=message):
        run_query(get(name, FIXTURES), params, target)


# --- hostile values (hypothesis) -----------------------------------------------------------

PIECES = list('"\'{}<>#;\\ \n\t.?$*()ab') + ["}\nDROP ALL", '"""', "'''", "\\u0022", "^^<x>", "@en"]
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=15).map("".join) | st.text(max_size=30)


@settings(max_examples=150, deadline=None)
@given(HOSTILE)
def test_a_hostile_literal_arrives_intact_and_alone(value):
    """Whatever the text, the query returns exactly one row holding exactly that text."""
    target = LocalTarget(Store())
    for name, term in (("echo-literal", Literal(value)), ("echo-lang", Literal(value, language="nl"))):
        try:
            rows = run_query(get(name, FIXTURES), {"text" if name == "echo-literal" else "name": value}, target).terms.rows
        except QueryError as exc:  # only control characters are refused in text
            assert re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", value), exc
            continue
        assert rows == ((term,),)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30))
def test_a_hostile_iri_or_key_is_rejected_or_bound_as_one_term(value):
    """An IRI parameter either refuses the value or binds one valid IRI — never SPARQL syntax."""
    target = LocalTarget(Store())
    try:
        rows = run_query(get("echo-iri", FIXTURES), {"thing": value}, target).terms.rows
    except QueryError as exc:
        assert "parameter 'thing'" in str(exc)
        return
    ((term,),) = rows
    assert isinstance(term, NamedNode)
    assert not set(term.value) & set('<>"{}|\\^` \n')


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30))
def test_typed_parameters_reject_or_canonicalise(value):
    target = LocalTarget(Store())
    try:
        ((term,),) = run_query(get("echo-integer", FIXTURES), {"count": value}, target).terms.rows
    except QueryError as exc:
        assert "parameter 'count'" in str(exc)
        return
    assert term.datatype == NamedNode(XSD + "integer") and str(int(term.value)) == term.value


def test_binding_text_is_the_terms_own_serialisation():
    text = bind_terms("SELECT * WHERE { ?s ?p ?_x }", {"_x": Literal('a"} #')})
    assert 'VALUES (?_x) { ("a\\"} #") }' in text
    text = 'PREFIX a: <http://e/#>\n# {\nSELECT ("{" AS ?x) WHERE {'
    assert opening_brace(text) == len(text) - 1


def test_with_prefixes_declares_only_what_is_missing():
    text = with_prefixes("PREFIX jg: <https://w3id.org/jeugdgraaf/def#>\nSELECT * WHERE { ?s a jg:X ; org:memberOf ?o }")
    assert text.startswith("PREFIX org: <http://www.w3.org/ns/org#>\nPREFIX jg:")
    assert text.count("PREFIX") == 2


def test_lookup_without_a_store_is_refused():
    with pytest.raises(QueryError, match="parameter 'colour'"):
        bind(get("class-lookup", FIXTURES), {"colour": "R"}, None)
