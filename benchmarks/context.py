"""What the phases of one scale share: the generated data, the stores, the budget.

The load phase fills it (the N-Quads file, jeugdgraaf's store, the raw Oxigraph store,
rdflib's data set); the later phases read it. A phase that cannot run because a module
of the project is not there yet raises :class:`Unavailable`, which the report shows as
'not available' instead of failing the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class Unavailable(Exception):
    """A phase cannot run here (a project module or a tool is missing); the reason is the message."""


@dataclass(frozen=True)
class Settings:
    """How hard to measure: repeats and the time budgets that bound every phase.

    Budgets are totals per phase and scale, whatever k is: small scales finish well
    within them, and at large k the slowest work is cut and reported as such, so the
    whole run has a known upper bound.
    """

    repeats: int = 3
    budget: float = 10.0  # seconds one load measurement may take, repeats included
    query_budget: float = 20.0  # seconds per store for the whole catalogue
    network_budget: float = 60.0
    export_budget: float = 12.0
    endpoint_seconds: float = 2.0  # load duration per server and query
    endpoint_clients: int = 8
    seed: int = 42
    quick: bool = False  # smoke mode: smallest useful work everywhere
    limit: int | None = None  # only the first n queries, networks and formats (smoke mode)

    @classmethod
    def smoke(cls, seed: int = 42) -> "Settings":
        """The smallest run that still goes through every phase."""
        return cls(repeats=1, budget=2.0, query_budget=5.0, network_budget=4.0, export_budget=4.0,
                   endpoint_seconds=1.0, endpoint_clients=2, seed=seed, quick=True, limit=2)


@dataclass
class ScaleContext:
    """One scale factor's data and stores, shared by its phases."""

    k: int
    workdir: Path
    settings: Settings
    triples: int = 0
    graphs: dict[str, int] = field(default_factory=dict)  # triples per named graph
    nquads: Path | None = None
    jeugdgraaf_store: Path | None = None
    raw_store: Path | None = None
    rdflib_dataset: Any = None
    notes: list[str] = field(default_factory=list)
