"""Did the 2013 network position of the municipalities that changed youth-care region differ?

Reads the rows of the saved query ``network-moved-municipalities`` (every 2013 municipality,
whether it moved, its positions in ``municipality-chosen-2013``), compares the movers with the
rest by a permutation test of the difference in means (the only inference six cases allow:
exact under the null that the movers are a random draw of six), and draws the figure of
docs/network.md. ``python -m graph.network.movers docs/img/network-movers.png`` remakes it.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from graph.network import SEED

__all__ = ["MEASURES", "compare", "figure"]

MEASURES = ("participation", "coreness", "constraint", "brokerage_gatekeeper_representative", "brokerage_liaison")
PERMUTATIONS = 10_000


def compare(rows: list[dict], measure: str, seed: int = SEED) -> tuple[float, float, float]:
    """(mean of the movers, mean of the rest, two-sided permutation p-value of the difference)."""
    values = [float(r.get(measure) or 0.0) for r in rows]
    moved = [str(r["moved"]).lower() == "true" for r in rows]
    k = sum(moved)

    def gap(flags: list[bool]) -> float:
        inside = [v for v, f in zip(values, flags) if f]
        outside = [v for v, f in zip(values, flags) if not f]
        return sum(inside) / len(inside) - sum(outside) / len(outside)

    observed = gap(moved)
    rng = random.Random(seed)
    extreme = 0
    for _ in range(PERMUTATIONS):
        chosen = set(rng.sample(range(len(values)), k))
        extreme += abs(gap([i in chosen for i in range(len(values))])) >= abs(observed) - 1e-12
    inside = [v for v, f in zip(values, moved) if f]
    outside = [v for v, f in zip(values, moved) if not f]
    return sum(inside) / k, sum(outside) / len(outside), (extreme + 1) / (PERMUTATIONS + 1)


def figure(rows: list[dict], path: Path) -> None:
    """One panel per measure: every municipality as a dot, the movers in red and labelled."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from graph.network.exports import atomic_write

    fig, axes = plt.subplots(1, len(MEASURES), figsize=(3 * len(MEASURES), 4.5), dpi=120)
    rng = random.Random(SEED)
    for ax, measure in zip(axes, MEASURES):
        for r in rows:
            moved = str(r["moved"]).lower() == "true"
            x = (1.0 if moved else 0.0) + rng.uniform(-0.15, 0.15)
            value = float(r.get(measure) or 0.0)
            ax.plot(x, value, "o", ms=5 if moved else 2.5, color="#c0392b" if moved else "#7f8c8d", alpha=0.9 if moved else 0.4)
            if moved:
                ax.annotate(r["municipality"], (x, value), fontsize=6, xytext=(4, 0), textcoords="offset points")
        mean_m, mean_r, p = compare(rows, measure)
        ax.set_xticks([0, 1], ["rest", "moved"])
        ax.set_title(f"{measure.replace('_', ' ')}\nmeans {mean_r:.3g} / {mean_m:.3g}, p = {p:.2f}", fontsize=8)
    fig.suptitle("2013 positions in municipality-chosen-2013: the six municipalities that moved vs the other 402", fontsize=9)
    fig.tight_layout()
    try:
        atomic_write(path, lambda tmp: fig.savefig(tmp, format="png"))
    finally:
        plt.close(fig)


def _rows() -> list[dict]:
    """The saved query's rows from the store at ``JEUGDGRAAF_STORE`` (default var/store)."""
    import os

    from graph.run import select
    from graph.store import open_store
    from queries.catalog import get

    store = open_store(Path(os.environ.get("JEUGDGRAAF_STORE", "var/store")))
    return select(store, get("network-moved-municipalities").sparql).records()


if __name__ == "__main__":
    rows = _rows()
    for m in MEASURES:
        print(m, *(round(x, 4) for x in compare(rows, m)))
    figure(rows, Path(sys.argv[1]))
