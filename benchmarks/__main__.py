"""``python -m benchmarks``: measure jeugdgraaf against its baseline, its limit and a peer.

    python -m benchmarks --scale 1,10,100 --json out.json --write-docs
    python -m benchmarks --scale 1 --quick --report /tmp/p.md --plot /tmp/p.png
    python -m benchmarks --from-json out.json --write-docs   # only redraw the report

See docs/benchmarks.md for what is measured and how to read it.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

ROOT = Path(__file__).resolve().parent.parent
PHASE_NAMES = ("load", "queries", "network", "export", "endpoint")


def _scales(ctx: click.Context, param: click.Parameter, value: str) -> list[int]:
    try:
        scales = [int(s) for s in value.split(",") if s.strip()]
    except ValueError:
        raise click.BadParameter(f"{value!r}: give scale factors as integers, e.g. 1,10,100") from None
    if not scales or min(scales) < 1:
        raise click.BadParameter("give at least one scale factor, each 1 or more")
    return scales


def _phases(ctx: click.Context, param: click.Parameter, value: str | None) -> set[str] | None:
    if not value:
        return None
    chosen = {p.strip() for p in value.split(",")}
    unknown = chosen - set(PHASE_NAMES)
    if unknown:
        raise click.BadParameter(f"unknown phase(s) {', '.join(sorted(unknown))}; choose from {', '.join(PHASE_NAMES)}")
    return chosen


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--scale", "scales", default="1,10,100", show_default=True, callback=_scales, help="Scale factors k, comma-separated.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Write every figure as JSON here.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Write the Markdown report here.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Write the plot of cost against graph size here.")
@click.option("--write-docs", is_flag=True, help="Write the report and plot to docs/PERFORMANCE.md and docs/performance.png (make bench).")
@click.option("--repeats", default=3, show_default=True, type=click.IntRange(1), help="Repeats per measurement (fewer when one run exceeds the budget).")
@click.option("--budget", default=10.0, show_default=True, type=click.FloatRange(0.1), help="Seconds one measurement may take, repeats included.")
@click.option("--query-budget", default=20.0, show_default=True, type=click.FloatRange(1), help="Seconds per store and scale for the whole catalogue.")
@click.option("--network-budget", default=60.0, show_default=True, type=click.FloatRange(1), help="Seconds per scale for the network analysis.")
@click.option("--export-budget", default=12.0, show_default=True, type=click.FloatRange(1), help="Seconds per scale for all export formats.")
@click.option("--endpoint-seconds", default=2.0, show_default=True, type=click.FloatRange(0.5), help="Load duration per server and query.")
@click.option("--clients", default=8, show_default=True, type=click.IntRange(1), help="Concurrent connections on the endpoint.")
@click.option("--seed", default=42, show_default=True, help="Seed of the synthetic graphs.")
@click.option("--phases", callback=_phases, help=f"Only these phases (load always runs): {', '.join(PHASE_NAMES)}.")
@click.option("--no-real", is_flag=True, help="Skip the real-graph figures (build, cold start, full analysis).")
@click.option("--quick", is_flag=True, help="Smoke mode: one repeat, tiny budgets, the endpoint for 1 s.")
@click.option("--from-json", "from_json", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Redraw the report from saved figures; measure nothing.")
def main(scales: list[int], json_path: Path | None, report: Path | None, plot: Path | None, write_docs: bool, repeats: int, budget: float, query_budget: float,
         network_budget: float, export_budget: float, endpoint_seconds: float, clients: int, seed: int, phases: set[str] | None, no_real: bool, quick: bool, from_json: Path | None) -> None:
    """Benchmark jeugdgraaf on synthetic graphs k times the real one (see docs/benchmarks.md)."""
    from benchmarks import goals
    from benchmarks.report import write_report

    if from_json is not None:
        results = json.loads(from_json.read_text(encoding="utf-8"))
    else:
        from benchmarks.context import Settings

        settings = Settings.smoke(seed) if quick else Settings(
            repeats=repeats, budget=budget, query_budget=query_budget, network_budget=network_budget,
            export_budget=export_budget, endpoint_seconds=endpoint_seconds, endpoint_clients=clients, seed=seed)
        checkpoint = (lambda partial: _write_json(json_path, partial)) if json_path else (lambda partial: None)
        results = measure_all(scales, settings, phases, not no_real, checkpoint)
        results["goals"] = goals.check(results)
    if json_path is not None:
        _write_json(json_path, results)
    if write_docs:
        report, plot = report or ROOT / "docs" / "PERFORMANCE.md", plot or ROOT / "docs" / "performance.png"
    if (report is None) != (plot is None):
        raise click.UsageError("--report and --plot go together (or --write-docs)")
    if report is not None and plot is not None:
        # the repository's docs change only when asked: a run with --json alone writes nothing else
        write_report(results, report, plot)
    click.echo(f"report: {report or '-'}; plot: {plot or '-'}" + (f"; figures: {json_path}" if json_path else ""), err=True)


def measure_all(
    scales: list[int], settings: Any, phases: set[str] | None, real_graph: bool, checkpoint: Callable[[dict[str, Any]], None]
) -> dict[str, Any]:
    """Every scale, then the real graph; the whole result tree, handed to ``checkpoint`` after each scale."""
    from dataclasses import asdict

    from benchmarks.runner import machine, run_scale
    from loaders.registry import read_facts

    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine(), "settings": asdict(settings), "command": " ".join(["python -m benchmarks", *sys.argv[1:]]), "scales": {}}
    real = read_facts()
    for k in scales:
        results["scales"][str(k)] = run_scale(k, settings, real, _say, phases)
        checkpoint(results)
    if real_graph:
        from benchmarks import real as real_phase

        _say("real graph")
        results["real"] = real_phase.run(settings, _say)
    results["total_s"] = time.perf_counter() - started
    return results


def _say(message: str) -> None:
    click.echo(message, err=True)


def _write_json(path: Path, results: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    tmp.replace(path)


if __name__ == "__main__":
    main()
