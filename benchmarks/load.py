"""Build and load: the synthetic graph made, and loaded into three stores side by side.

All three read the same N-Quads file, so they do the same work — parse and index:

- **jeugdgraaf**: the production path, :func:`graph.store.write_store` (a new on-disk
  Oxigraph store, flushed, optimised and swapped in atomically) fed by pyoxigraph's
  parser;
- **rdflib** (the baseline): ``rdflib.Dataset(default_union=True).parse(…, format="nquads")``,
  rdflib's plain in-memory store;
- **oxigraph** (the engine's limit): a raw ``pyoxigraph.Store(path).bulk_load`` of the
  file, nothing around it.

The build of jeugdgraaf itself (records → triples with ``build_quads``, SHACL
validation) is timed too, apart from the load: it is what ``jeugdgraaf build`` adds to
the store's work.
"""

from __future__ import annotations

import gc
from collections import Counter
import shutil
import time
from pathlib import Path
from typing import Any

from benchmarks.context import ScaleContext
from benchmarks.measure import peak_memory, ratio, repeat, summary
from benchmarks.synthetic import distributions, generate

def prepare(ctx: ScaleContext, real: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, Any]:
    """Generate the records of scale k, make their triples, write the N-Quads file."""
    from pyoxigraph import RdfFormat, serialize

    from graph.build import build_quads
    from graph.namespaces import Iris, default_base

    records, stamps = real
    started = time.perf_counter()
    synthetic = generate(ctx.k, records, stamps, ctx.settings.seed)
    generated = time.perf_counter() - started
    with peak_memory() as mem:
        t0 = time.perf_counter()
        quads = build_quads(synthetic.records, synthetic.stamps, Iris(default_base()))
        made = time.perf_counter() - t0
    ctx.triples = len(quads)
    ctx.graphs = dict(sorted(Counter(q.graph_name.value for q in quads).items()))
    ctx.nquads = ctx.workdir / "data.nq"
    with ctx.nquads.open("wb") as fh:
        serialize(quads, fh, format=RdfFormat.N_QUADS)
    figures: dict[str, Any] = {
        "triples": ctx.triples,
        "nquads_mb": round(ctx.nquads.stat().st_size / 2**20, 1),
        "generate_s": generated,
        "unscaled_loaders": list(synthetic.unscaled),
        "distributions": distributions(synthetic.records),
        "make_triples": {**summary([made]), "triples_per_s": ctx.triples / made, **mem.as_dict()},
    }
    figures["validate"] = _validate(ctx, quads)
    del quads
    gc.collect()
    return figures


def _validate(ctx: ScaleContext, quads: list) -> dict[str, Any]:
    """SHACL validation of the synthetic graph with the build's engine (shacl-rust), once.

    Synthetic copies break two identifier shapes on purpose (CBS codes and survey numbers
    of the real world are too narrow for k copies), so violations are expected at k > 1.
    """
    from graph.validate import validate

    with peak_memory() as mem:
        t0 = time.perf_counter()
        report = validate(quads)
        took = time.perf_counter() - t0
    return {**summary([took]), "triples_per_s": len(quads) / took, "conforms": report.conforms, "violations": report.violations, **mem.as_dict()}


def run(ctx: ScaleContext) -> dict[str, Any]:
    """Load the N-Quads file into each store, repeatedly; the last stores stay for later phases."""
    assert ctx.nquads is not None, "prepare() runs first"
    stores = {
        "jeugdgraaf": _measure(ctx, _load_jeugdgraaf, ctx.workdir / "jeugdgraaf-store"),
        "oxigraph": _measure(ctx, _load_raw, ctx.workdir / "oxigraph-store"),
        "rdflib": _measure(ctx, _load_rdflib, None),
    }
    median = {name: figures.get("median") for name, figures in stores.items()}
    return {
        "stores": stores,
        "ratios": {
            "jeugdgraaf/baseline": ratio(median["jeugdgraaf"], median["rdflib"]),
            "jeugdgraaf/limit": ratio(median["jeugdgraaf"], median["oxigraph"]),
        },
    }


def _measure(ctx: ScaleContext, load: Any, target: Path | None) -> dict[str, Any]:
    """Repeat one loader within the budget; figures with throughput and peak memory."""

    def setup() -> None:
        ctx.rdflib_dataset = None
        gc.collect()
        if target is not None:
            shutil.rmtree(target, ignore_errors=True)

    with peak_memory() as mem:
        times, _ = repeat(lambda: load(ctx, target), ctx.settings.repeats, ctx.settings.budget, setup)
    figures = summary(times)
    figures["triples_per_s"] = ctx.triples / figures["median"]
    figures.update(mem.as_dict())
    return figures


def _load_jeugdgraaf(ctx: ScaleContext, target: Path) -> None:
    from pyoxigraph import RdfFormat, parse

    from graph.store import write_store

    write_store(target, parse(path=str(ctx.nquads), format=RdfFormat.N_QUADS), _metadata(ctx))
    ctx.jeugdgraaf_store = target


def _metadata(ctx: ScaleContext) -> dict[str, Any]:
    """What ``run_build`` records beside a store, for a synthetic graph (export reads it)."""
    from graph.namespaces import default_base

    origin = f"synthetic, k={ctx.k}, seed={ctx.settings.seed}"
    return {"base": default_base(), "origin": origin, "built": "2024-01-01T00:00:00+00:00", "triples": ctx.graphs}


def _load_raw(ctx: ScaleContext, target: Path) -> None:
    from pyoxigraph import RdfFormat, Store

    store = Store(str(target))
    store.bulk_load(path=str(ctx.nquads), format=RdfFormat.N_QUADS)
    store.flush()
    del store
    ctx.raw_store = target


def _load_rdflib(ctx: ScaleContext, target: None) -> None:
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(str(ctx.nquads), format="nquads")
    ctx.rdflib_dataset = dataset
