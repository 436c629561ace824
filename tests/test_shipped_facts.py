"""The shipped facts are exactly what the loaders extract from ../shared today.

A clone without ../shared builds from loaders/data/*.json; this test proves those files are
not stale: regenerating them from the seeds gives identical bytes.
"""

from __future__ import annotations

import pytest

from graph.publish.ontology_page import render_ontology_page
from loaders.registry import LOADERS, extract_all, write_facts
from loaders.sources import PROJECT_ROOT, SHIPPED_DATA


@pytest.mark.seeds
def test_regenerated_facts_equal_the_committed_ones(seeds, reference, tmp_path):
    write_facts(extract_all(), tmp_path)
    for loader in LOADERS:
        fresh = (tmp_path / loader.facts_file).read_text(encoding="utf-8")
        shipped = (SHIPPED_DATA / loader.facts_file).read_text(encoding="utf-8")
        assert fresh == shipped, f"{loader.facts_file} is stale: run `jeugdgraaf extract` and commit"


def test_ontology_page_is_current():
    page = (PROJECT_ROOT / "docs" / "ONTOLOGY.md").read_text(encoding="utf-8")
    assert page == render_ontology_page(), "docs/ONTOLOGY.md is stale: run `jeugdgraaf ontology-doc`"
