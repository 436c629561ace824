"""The shipped facts are exactly what the loaders extract from ../shared today.

A clone without ../shared builds from loaders/data/*.json; this test proves those files are
not stale: regenerating them from the seeds gives identical bytes.
"""

from __future__ import annotations

import pytest

from graph.publish.ontology_page import render_ontology_page
from loaders.registry import LOADERS, extract_all, render_facts
from loaders.sources import PROJECT_ROOT, SHIPPED_DATA


@pytest.mark.seeds
def test_regenerated_facts_equal_the_committed_ones(seeds, reference):
    rendered = render_facts(extract_all())
    assert sorted(rendered) == sorted(loader.facts_file for loader in LOADERS)
    for loader in LOADERS:
        fresh = rendered[loader.facts_file]
        shipped = (SHIPPED_DATA / loader.facts_file).read_text(encoding="utf-8")
        assert fresh == shipped, f"{loader.facts_file} is stale: run `jeugdgraaf extract` and commit"


def test_ontology_page_is_current():
    page = (PROJECT_ROOT / "docs" / "ONTOLOGY.md").read_text(encoding="utf-8")
    assert page == render_ontology_page(), "docs/ONTOLOGY.md is stale: run `jeugdgraaf ontology-doc`"
