"""The benchmark keeps working: a smoke run at k = 1 and its pieces. No timing is asserted.

The smoke run goes through ``python -m benchmarks --quick`` as a user would (one repeat,
tiny budgets, two queries, two networks, one export format; the endpoint phase is left
out here because it starts three servers); the figures are checked for their shape and
for agreement between the stores, never for their size.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # benchmarks/ is run from the checkout, not installed

from benchmarks import goals, synthetic  # noqa: E402
from benchmarks.loadgen import parse_wrk  # noqa: E402
from benchmarks.report import markdown  # noqa: E402
from loaders.registry import read_facts  # noqa: E402


@pytest.fixture(scope="module")
def real():
    return read_facts()


def test_synthetic_copies_multiply_units_and_keep_codes_of_copy_zero(real):
    records, stamps = real
    made = synthetic.generate(3, records, stamps, seed=1)
    units = made.records["survey2013"].units
    assert len(units) == 3 * len(records["survey2013"].units)
    ids = [u.survey_id for u in units]
    assert len(set(ids)) == len(ids)
    assert "34.1" in ids and "134.1" in ids and "234.1" in ids  # c·100 + n
    codes = {m.code for m in made.records["reference"].municipalities}
    assert {"GM0014", "GM0014-1", "GM0014-2"} <= codes
    # every member of every unit is a municipality of the same copy
    assert all(m.code in codes for u in units for m in u.members)


def test_synthetic_draws_task_cells_of_the_same_task_from_the_real_ones(real):
    records, stamps = real
    real_cells = {(c.task, c.levels, c.status) for u in records["survey2013"].units for c in u.tasks}
    made = synthetic.generate(2, records, stamps, seed=7)
    drawn = [(c.task, c.levels, c.status) for u in made.records["survey2013"].units for c in u.tasks]
    assert set(drawn) <= real_cells
    assert Counter(t for t, _, _ in drawn) == Counter({t: 2 * n for t, n in Counter(c.task for u in records["survey2013"].units for c in u.tasks).items()})


def test_synthetic_is_reproducible_from_its_seed(real):
    records, stamps = real
    first = synthetic.generate(2, records, stamps, seed=5).records["survey2013"]
    assert synthetic.generate(2, records, stamps, seed=5).records["survey2013"] == first


def test_synthetic_refuses_a_scale_below_one(real):
    with pytest.raises(ValueError, match="at least 1"):
        synthetic.generate(0, *real)


WRK = """Running 1s test @ http://127.0.0.1:1/sparql
  2 threads and 8 connections
  Latency Distribution
     50%    1.50ms
     75%    2.00ms
     90%    3.00ms
     99%    1.20s
  300 requests in 1.00s, 1.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    300.00
"""


def test_parse_wrk_reads_latency_units_and_counts_every_error():
    figures = parse_wrk(WRK)
    assert figures["requests"] == 300
    assert figures["p50_ms"] == pytest.approx(1.5)
    assert figures["p99_ms"] == pytest.approx(1200)
    assert figures["errors"] == 4 + 3
    assert figures["requests_per_s"] == pytest.approx(296)  # answers that were not errors


def test_goals_are_not_measured_without_figures():
    checked = goals.check({"scales": {}})
    assert checked and all(g["met"] is None for g in checked)


@pytest.mark.slow
def test_quick_benchmark_runs_every_phase_and_writes_its_report(tmp_path):
    out, report, plot = tmp_path / "bench.json", tmp_path / "PERFORMANCE.md", tmp_path / "performance.png"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--scale", "1", "--quick", "--no-real", "--phases", "queries,network,export",
         "--json", str(out), "--report", str(report), "--plot", str(plot)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(out.read_text())
    scale = results["scales"]["1"]
    for phase in ("load", "queries", "network", "export"):
        assert scale[phase]["available"], scale[phase]
        assert "error" not in scale[phase], scale[phase]["error"]
    assert set(scale["load"]["stores"]) == {"jeugdgraaf", "rdflib", "oxigraph"}
    assert scale["data"]["triples"] > 40_000  # about the real graph at k = 1
    for name, entry in scale["queries"]["queries"].items():
        assert entry["rows_agree"], name
    assert "## Goals" in report.read_text() and plot.stat().st_size > 0
    assert "## Goals" in markdown(results, None)


@pytest.mark.slow
def test_a_run_with_json_alone_leaves_the_repository_untouched(tmp_path):
    def status() -> tuple[str, bytes, bytes]:
        git = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=ROOT, capture_output=True, text=True)
        docs = ROOT / "docs"
        return git.stdout, (docs / "PERFORMANCE.md").read_bytes(), (docs / "performance.png").read_bytes()

    before = status()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--scale", "1", "--quick", "--no-real", "--phases", "queries", "--json", str(tmp_path / "b.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "b.json").stat().st_size > 0
    assert status() == before
