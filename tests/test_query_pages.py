"""Every saved query's HTML page answers with results: opened plain, and with each example.

Issue 13 found 17 of 55 query pages crashing (a cell holding an IRI or nothing, a result
cut off mid-JSON). This renders every page the way a browser asks for it.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from graph.server.app import App, ServerConfig
from graph.server.http import Request
from queries.catalog import load_catalogue

CATALOGUE = load_catalogue()
CASES = [(name, {}) for name in CATALOGUE] + [(name, example) for name, q in CATALOGUE.items() for example in q.example_sets()]


@pytest.fixture(scope="module")
def app(built_store):
    application = App(ServerConfig(built_store, workers=1))
    yield application
    application.close()


def page(app: App, target: str) -> tuple[int, str]:
    response = app.handle(Request.from_target("GET", target, {"accept": "text/html"}))
    return response.status, response.body.decode("utf-8")


@pytest.mark.parametrize(("name", "values"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_query_page_shows_results(app, name, values):
    query = f"?{urlencode({**values, 'run': '1'})}" if values else ""
    status, html = page(app, f"/queries/{name}{query}")
    assert status == 200, re.sub(r"\s+", " ", html)[-600:]
    assert 'id="results"' in html and "error-box" not in html
    assert re.search(r'id="rowcount">[1-9][\d,]* row', html), f"{name} {values}: no rows"


def test_resources_link_to_their_pages_with_labels(app):
    status, html = page(app, "/queries/evidence")
    assert status == 200  # one of the pages that crashed: its cells hold IRIs
    assert '<a href="/id/regio-2013/1">Regio Groningen</a>' in html


def test_long_results_are_paged_but_downloads_are_not(app):
    status, html = page(app, "/queries/region-tasks")
    assert status == 200
    assert 'id="rowcount">462 rows, 1–100 shown' in html  # 42 units x 11 tasks
    assert 'rel="next" href="/queries/region-tasks?run=1&amp;offset=100"' in html
    csv = app.handle(Request.from_target("GET", "/queries/region-tasks/run?format=csv")).body.decode()
    assert len(csv.strip().splitlines()) == 463


def test_a_bad_parameter_is_400_with_the_value_kept(app):
    status, html = page(app, "/queries/region-members?region=no-such-region&run=1")
    assert status == 400
    assert "error-box" in html and 'value="no-such-region"' in html


def test_numbers_get_thousands_separators(app):
    status, html = page(app, "/queries/region-member-counts")
    assert status == 200
    assert re.search(r'<td class="num"[^>]*>\d{1,3}(,\d{3})+</td>', html)


def test_evidence_page_shows_the_quoted_lines(app):
    """Document 000 prints Regio Groningen's members on lines 3–5 (a span of the survey)."""
    status, html = page(app, "/resource?iri=https%3A%2F%2Fw3id.org%2Fjeugdgraaf%2Fid%2Fdocument%2F000%23line%3D2%2C5")
    assert status == 200
    assert '<li value="3" id="L3"><mark>Deelnemende gemeenten: Appingedam, Bedum' in html
