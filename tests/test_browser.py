"""End to end in a real headless browser: Debian's chromium driven by Playwright.

The browser comes from Debian (``apt-get install chromium``), never from ``playwright
install``. Every request the pages make is watched: anything not addressed to the test
server fails the test, so the explorer provably needs nothing from the web.

Expected values from the sources: document 000, line 1 names unit 1 "Regio Groningen" and
lines 3–5 its municipalities, Appingedam first.

Set ``JEUGDGRAAF_SCREENSHOTS=docs`` to write the screenshots for the documentation.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = Path(os.environ.get("JEUGDGRAAF_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def base_url(built_store: Path) -> Iterator[str]:
    from serving import serving

    with serving(built_store, "--timeout", "20", "--workers", "2") as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.fail(f"no chromium at {CHROMIUM}: apt-get install -y chromium (or set JEUGDGRAAF_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:
    """A fresh page whose requests may only go to the test server."""
    context = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=base_url)
    foreign: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith(base_url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert foreign == [], f"the page tried to reach the web: {foreign}"
    assert errors == [], f"JavaScript errors: {errors}"


def shoot(page, tmp_path: Path, name: str) -> Path:
    """Screenshot into tmp_path and, when asked, into the docs folder."""
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000
    target = os.environ.get("JEUGDGRAAF_SCREENSHOTS")
    if target:
        shutil.copy(path, Path(target) / name)
    return path


def test_run_a_canned_query_from_its_form(page, tmp_path: Path) -> None:
    page.goto("/queries")
    page.click("text=region-municipalities")
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    first = page.locator("#results tbody tr").first.inner_text()
    assert "Regio Groningen" in first and "Appingedam" in first
    # sorting by a column is done in the page
    page.click("#results thead th >> nth=3")
    assert "asc" in (page.locator("#results thead th >> nth=3").get_attribute("class") or "")
    assert page.locator("a:has-text('CSV')").count() == 1
    shoot(page, tmp_path, "explorer-query.png")


def test_search_and_open_a_resource_page(page, tmp_path: Path) -> None:
    page.goto("/")
    page.fill(".bigsearch input[name=q]", "regio groningen")
    page.press(".bigsearch input[name=q]", "Enter")
    page.click("ul.hits a:has-text('Regio Groningen')")
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "Regio Groningen"
    assert "document 000, lines 3–5" in page.inner_text("main")
    page.click("a:has-text('Groningen') >> nth=0")
    assert page.url.endswith("/id/gemeente/GM0014") or page.inner_text("h1")
    shoot(page, tmp_path, "explorer-resource.png")


def test_network_view_draws_its_nodes(page, tmp_path: Path) -> None:
    page.goto("/network")
    page.wait_for_selector("#cy[data-nodes]", timeout=60_000)
    drawn = int(page.get_attribute("#cy", "data-nodes") or 0)
    assert drawn > 10
    assert page.locator("canvas").count() > 0
    assert page.locator("#top li").count() == 10
    shoot(page, tmp_path, "explorer-network.png")


def test_sparql_editor_runs_an_example(page, tmp_path: Path) -> None:
    page.goto("/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click("#example-list a >> nth=0")
    page.wait_for_selector(".yasr .dataTable tbody tr, .yasr table tbody tr", timeout=30_000)
    assert page.locator(".yasr table tbody tr").count() > 0
    shoot(page, tmp_path, "explorer-sparql.png")
