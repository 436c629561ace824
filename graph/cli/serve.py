"""``jeugdgraaf serve``: the SPARQL endpoint and the web explorer, one server."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from graph.cli.common import Settings, domain_errors, ensure_store, pass_settings

if TYPE_CHECKING:
    from graph.server.app import App
    from graph.server.config import ServerConfig


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default; see docs/server.md before opening it).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0 picks a free one).")
@click.option("--cors", metavar="ORIGIN", help="Allow browser pages from ORIGIN (or '*') to query the endpoint.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.01), help="Seconds a request may take before it is stopped (504).")
@click.option("--max-results", default=10_000, show_default=True, type=click.IntRange(min=1), help="Rows or triples per answer; more are cut off (header X-SPARQL-MaxRows).")
@click.option("--max-request-bytes", default=1_000_000, show_default=True, type=click.IntRange(min=1), help="Largest request body accepted (413 beyond).")
@click.option("--workers", default=min(4, os.cpu_count() or 2), show_default=True, type=click.IntRange(min=1), help="Worker processes (each runs queries at the engine's speed).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(min=1), help="Requests one worker answers at a time.")
@click.option("--max-connections", default=1000, show_default=True, type=click.IntRange(min=1), help="Open connections per worker (503 beyond).")
@click.option("--read-timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 30.0), help="Seconds a client may take to send headers, and then the body (408).")
@click.option("--service", "services", multiple=True, metavar="IRI", help="A SERVICE endpoint queries may call (repeatable); without it every SERVICE is refused.")
@click.option("--get", "get_path", metavar="PATH", help="Answer one GET request for PATH in-process, print it and exit (no port opened).")
@click.option("--accept", default="*/*", show_default=True, help="Accept header sent with --get.")
@pass_settings
@domain_errors
def serve(settings: Settings, host: str, port: int, cors: str | None, timeout: float, max_results: int, max_request_bytes: int, workers: int, threads: int, max_connections: int, read_timeout: float, services: tuple[str, ...], get_path: str | None, accept: str) -> None:
    """Serve the graph: SPARQL 1.1 endpoint at /sparql, explorer at /.

    The store is opened read-only; a request past the timeout gets 504 and its worker
    process is replaced. The default graph of a query is the union of all named graphs.
    SIGTERM or Ctrl-C stops the server after the requests in progress.

    \b
      jeugdgraaf serve --port 8000
      jeugdgraaf serve --host 0.0.0.0 --workers 4 --cors '*'
      jeugdgraaf serve --get '/sparql?query=ASK{?s ?p ?o}'
    """
    from graph.server.config import ServerConfig

    config = ServerConfig(
        Path(ensure_store(settings)), cors, timeout, max_results, max_request_bytes, workers,
        services=services, read_timeout=read_timeout, threads=threads, max_connections=max_connections, access_log=not settings.quiet,
    )
    if get_path is not None:
        from graph.server.app import App

        _get(App(config), get_path, accept)
    else:
        _listen(config, host, port)


def _get(app: App, path: str, accept: str) -> None:
    from graph.server.http import Request

    response = app.handle(Request.from_target("GET", path, {"Accept": accept}))
    click.echo(response.dump())
    if response.status >= 400:
        raise SystemExit(1)


def _listen(config: ServerConfig, host: str, port: int) -> None:
    from graph.server.listen import bind, serve

    sock = bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"jeugdgraaf: serving {config.store} on http://{shown}:{sock.getsockname()[1]}/ (SPARQL at /sparql) with {config.workers} worker(s); Ctrl-C stops", err=True)
    try:
        serve(config, sock)
    finally:
        sock.close()
    click.echo("jeugdgraaf: stopped", err=True)
