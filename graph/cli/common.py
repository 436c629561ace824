"""What every command shares: the settings of the root group, the error boundary, and
building the store on first use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

import click

from ontology.errors import JeugdgraafError


@dataclass
class Settings:
    """What the root group's options decide, handed to every subcommand."""

    store: Path
    quiet: bool

    def say(self, message: str) -> None:
        """Progress on stderr, so stdout stays clean for data."""
        if not self.quiet:
            click.echo(message, err=True)


pass_settings = click.make_pass_decorator(Settings)


def domain_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the project's own exceptions (:class:`~ontology.errors.JeugdgraafError`) into one line on stderr and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except JeugdgraafError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def ensure_store(settings: Settings) -> Path:
    """The store path, building the store first (and saying so) when it was never built."""
    from graph.store import exists

    if not exists(settings.store):
        settings.say(f"no store at {settings.store} yet: building it from the shipped facts first")
        build_store(settings, from_seeds=False, base=None)
    return settings.store


def build_store(settings: Settings, from_seeds: bool, base: str | None, revalidate: bool = False) -> None:
    from graph.build import run_build

    summary = run_build(settings.store, from_seeds=from_seeds, base=base, progress=settings.say, revalidate=revalidate)
    total = sum(summary.triples.values())
    settings.say(f"built {summary.store} from {summary.origin} in {summary.seconds:.2f} s: {total} triples")
    analysis = {g: n for g, n in summary.triples.items() if "/graph/analysis" in g}
    for graph, count in summary.triples.items():
        if graph not in analysis:
            settings.say(f"  {count:>8}  {graph}")
    if analysis:
        settings.say(f"  {sum(analysis.values()):>8}  in {len(analysis)} graphs of network analysis results (jeugdgraaf stats lists them)")


