"""The one app object: configuration, the route table, and turning errors into answers.

``App.handle(request) -> Response`` is the whole server: the ASGI layer
(:mod:`graph.server.asgi`), ``serve --get`` and the tests all call it. Routes are listed
in :func:`routes` and nowhere else. Every failure becomes an answer: an
:class:`~graph.server.http.HttpError` its status, anything else a 500 and a log line
with the request id.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from graph.server import assets, pages, rendering, sparql
from graph.server.config import ServerConfig
from graph.server.execute import Job, Outcome, execute
from graph.server.http import HttpError, Request, Response

__all__ = ["App", "ServerConfig"]

log = logging.getLogger("jeugdgraaf.server")


@dataclass(frozen=True)
class Route:
    """A path pattern (regex, named groups become arguments), its methods and its view."""

    pattern: re.Pattern[str]
    methods: frozenset[str]
    view: Callable[..., Response]


def routes(app: App) -> list[Route]:
    """The route table of the whole server, endpoint and explorer."""

    def r(pattern: str, view: Callable[..., Response], methods: str = "GET HEAD") -> Route:
        return Route(re.compile(f"^{pattern}$"), frozenset(methods.split()), view)

    return [
        r("/", lambda req: pages.home(app, req)),
        r("/sparql", lambda req: sparql.endpoint(req, app.run_job, app.config.max_results, lambda: pages.editor(app, req), app.named_graphs, app.config.services), "GET HEAD POST"),
        r("/search(?P<json>\\.json)?", lambda req, json: pages.search(app, req, bool(json))),
        r("/queries(?P<json>\\.json)?", lambda req, json: pages.query_list(app, req, bool(json))),
        r("/queries/(?P<name>[A-Za-z0-9_-]+)(?P<json>\\.json)?", lambda req, name, json: pages.query_form(app, req, name, bool(json))),
        r("/queries/(?P<name>[A-Za-z0-9_-]+)/run", lambda req, name: pages.query_run(app, req, name)),
        r("/id/(?P<rest>[^?#]+)", lambda req, rest: pages.resource(app, req, app.base + rest)),
        r("/resource", lambda req: pages.resource(app, req, req.param("iri"))),
        r("/network", lambda req: pages.network_page(app, req)),
        r("/network\\.json", lambda req: pages.network_json(app, req)),
        r("/static/(?P<name>[^/]+)", lambda req, name: assets.static_file(name)),
        r("/lib/(?P<name>[^/]+)", lambda req, name: assets.library_file(app.config.node_modules, name)),
    ]


@dataclass
class App:
    """The jeugdgraaf server: a read-only store, the routes, and what it has computed."""

    config: ServerConfig
    _memo: dict[Any, Any] = field(default_factory=dict, init=False)
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    @cached_property
    def store(self) -> Any:
        """The store opened read-only in this process (for the explorer's small queries)."""
        from graph.store import open_store

        return open_store(self.config.store)

    @cached_property
    def base(self) -> str:
        """The instance base IRI the graph was built with."""
        from graph.store import metadata

        return str(metadata(self.config.store)["base"])

    @cached_property
    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    @cached_property
    def route_table(self) -> list[Route]:
        return routes(self)

    def start(self) -> None:
        """Open the store and compute the networks in the background (before listening)."""
        _ = self.store, self.base
        from graph.server import network

        threading.Thread(target=network.warm, args=(self,), name="network-warm", daemon=True).start()

    def close(self) -> None:
        """Nothing to release: the store is read-only and closes with the process."""

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` for ``key``, kept for the life of the process (the store never changes).

        The lock is not held while computing, so :meth:`peek` never waits on a slow
        computation; two threads may compute the same key once, and the first result stays.
        """
        with self._memo_lock:
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._memo_lock:
            return self._memo.setdefault(key, value)

    def peek(self, key: Any) -> Any:
        """What :meth:`memo` holds for ``key`` so far, without computing it (``None``)."""
        with self._memo_lock:
            return self._memo.get(key)

    def run_job(self, job: Job) -> Outcome:
        """Run a query here, in the request's thread, at the engine's speed.

        Its deadline is kept by the ASGI layer, which answers 504 and replaces this worker
        process when a request runs past it (pyoxigraph cannot cancel a query).
        """
        return execute(self.store, job)

    def handle(self, request: Request) -> Response:
        """Answer one request; every failure becomes a status with a readable message."""
        if request.method == "OPTIONS":
            return self._cors(request, Response(b"", status=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"}))
        try:
            response = self._dispatch(request)
        except HttpError as exc:
            response = self.error(request, exc)
        except Exception:  # the boundary: a bug must still get an answer
            log.exception("request %s: %s %s failed", request.id, request.method, request.path)
            response = self.error(request, internal_error(request))
        return self._cors(request, response)

    def error(self, request: Request, exc: HttpError) -> Response:
        """The answer for an error: a page for browsers, the message for everyone else."""
        try:
            return rendering.error(self, request, exc)
        except Exception:  # the error page itself failed: plain text still goes out
            log.exception("request %s: the error page for %s failed", request.id, exc.status)
            return rendering.plain_error(exc)

    def _dispatch(self, request: Request) -> Response:
        allowed: set[str] = set()
        for route in self.route_table:
            match = route.pattern.match(request.path)
            if match is None:
                continue
            if request.method not in route.methods:
                allowed |= route.methods
                continue
            return route.view(request, **match.groupdict())
        if allowed:
            methods = ", ".join(sorted(allowed))
            if request.method == "POST" and "POST" not in allowed:
                message = f"{request.path} is read-only; it accepts {methods}"
            else:
                message = f"{request.method} is not allowed on {request.path}; it accepts {methods}"
            raise HttpError(405, message, {"Allow": methods})
        raise HttpError(404, f"nothing at {request.path}")

    def _cors(self, request: Request, response: Response) -> Response:
        """Add the CORS headers when ``--cors`` allows the request's origin."""
        allowed = self.config.cors
        origin = request.header("origin")
        if allowed and (allowed == "*" or origin == allowed):
            response.headers["Access-Control-Allow-Origin"] = allowed if allowed == "*" else origin
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            response.headers["Access-Control-Expose-Headers"] = "X-SPARQL-MaxRows"
            if allowed != "*":
                response.headers["Vary"] = "Origin"
        return response


def internal_error(request: Request) -> HttpError:
    """The 500 for an unexpected failure: no details (they are in the log), the id to find them."""
    return HttpError(500, f"the server failed to answer this request; the log has the details under request id {request.id}", {"X-Request-Id": request.id})
