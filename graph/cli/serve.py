"""``jeugdgraaf serve``: the SPARQL endpoint and the web explorer, one process."""

from __future__ import annotations

import os
from pathlib import Path

import click

from graph.cli.common import Settings, domain_errors, ensure_store, pass_settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0 picks a free one).")
@click.option("--cors", metavar="ORIGIN", help="Allow browser pages from ORIGIN (or '*') to query the endpoint.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.01), help="Seconds a query may run before it is stopped (504).")
@click.option("--max-results", default=10_000, show_default=True, type=click.IntRange(min=1), help="Rows or triples per answer; more are cut off (header X-SPARQL-MaxRows).")
@click.option("--max-request-bytes", default=1_000_000, show_default=True, type=click.IntRange(min=1), help="Largest request body accepted (413 beyond).")
@click.option("--workers", default=min(4, os.cpu_count() or 2), show_default=True, type=click.IntRange(min=1), help="Query worker processes.")
@click.option("--get", "get_path", metavar="PATH", help="Answer one GET request for PATH in-process, print it and exit (no port opened).")
@click.option("--accept", default="*/*", show_default=True, help="Accept header sent with --get.")
@pass_settings
@domain_errors
def serve(settings: Settings, host: str, port: int, cors: str | None, timeout: float, max_results: int, max_request_bytes: int, workers: int, get_path: str | None, accept: str) -> None:
    """Serve the graph: SPARQL 1.1 endpoint at /sparql, explorer at /.

    The store is opened read-only; queries run in worker processes and are stopped at
    the timeout. The default graph of a query is the union of all named graphs.

    \b
      jeugdgraaf serve --port 8000
      jeugdgraaf serve --get '/sparql?query=ASK{?s ?p ?o}'
    """
    from graph.server.app import App, ServerConfig

    config = ServerConfig(Path(ensure_store(settings)), cors, timeout, max_results, max_request_bytes, workers)
    app = App(config)
    try:
        if get_path is not None:
            _get(app, get_path, accept)
        else:
            _listen(app, settings, host, port)
    finally:
        app.close()


def _get(app, path: str, accept: str) -> None:  # noqa: ANN001 — App is imported lazily
    from graph.server.http import Request

    response = app.handle(Request.from_target("GET", path, {"Accept": accept}))
    click.echo(response.dump())
    if response.status >= 400:
        raise SystemExit(1)


def _listen(app, settings: Settings, host: str, port: int) -> None:  # noqa: ANN001
    from graph.server.http import make_server

    app.start()
    server = make_server(app.handle, host, port, app.config.max_request_bytes, settings.quiet)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"jeugdgraaf: serving {app.config.store} on http://{shown}:{server.server_address[1]}/ (SPARQL at /sparql); Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.server_close()
