"""The ASGI application: Starlette carries HTTP to and from the app's framework-free core.

Starlette parses the request and sends the answer (with ``Content-Length``, or chunked
for a streamed result); :class:`Gateway` adds what a public endpoint needs around
:meth:`graph.server.app.App.handle`:

- the body is read with a size limit (413) and a time limit (408);
- the app runs in a worker thread, at most ``threads`` at a time, and the request has a
  deadline (``timeout``): a request that waited that long for a thread gets 503, one that
  ran that long gets 504 — and since pyoxigraph cannot cancel a query, the worker process
  then *retires*: it stops accepting, finishes its other requests and exits, and the
  supervisor (:mod:`graph.server.listen`) starts a fresh one in its place;
- every answer gets an ``X-Request-Id`` and one access-log line in the common log format.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import ClientDisconnect
from starlette.requests import Request as StarletteRequest
from starlette.responses import Response as StarletteResponse
from starlette.responses import StreamingResponse
from starlette.routing import Route

from graph.server.app import App
from graph.server.config import ServerConfig
from graph.server.http import HttpError, Request, Response

log = logging.getLogger("jeugdgraaf.server")
access = logging.getLogger("jeugdgraaf.access")
T = TypeVar("T")

#: The environment variable that hands the configuration to spawned worker processes.
CONFIG_VARIABLE = "JEUGDGRAAF_SERVER_CONFIG"
_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
_END = object()


class StreamAborted(Exception):
    """A streamed answer could not be finished; the connection is closed mid-body, so the
    client sees an incomplete answer instead of a silently shortened one."""


class Gateway:
    """The HTTP side of one worker process: limits, deadline, retirement, access log."""

    def __init__(self, app: App, retire: Callable[[], None] | None = None) -> None:
        self.app = app
        self.config = app.config
        self.limiter = anyio.CapacityLimiter(app.config.threads)
        self.retire = retire
        self.retired = threading.Event()

    def starlette(self) -> Starlette:
        """The Starlette application: every path goes to :meth:`endpoint`."""
        return Starlette(routes=[Route("/{path:path}", self.endpoint, methods=_METHODS)], lifespan=self._lifespan)

    @asynccontextmanager
    async def _lifespan(self, _: Starlette) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(self.app.start)
        yield
        if self.retired.is_set():
            # A query thread may still be running (pyoxigraph cannot stop it); every
            # connection is done, so end the process without waiting for that thread.
            logging.shutdown()
            os._exit(0)

    async def endpoint(self, incoming: StarletteRequest) -> StarletteResponse:
        """Answer one HTTP request through the app's core."""
        started = time.time()
        deadline = anyio.current_time() + self.config.timeout
        request = _core_request(incoming)
        try:
            request = replace(request, body=await self._body(incoming))
            response = await self._in_thread(self.app.handle, request, deadline=deadline, request=request)
        except HttpError as exc:
            response = self.app.error(request, exc)
        except ClientDisconnect:
            response = self.app.error(request, HttpError(400, "the client closed the connection while sending the request"))
        response.headers.setdefault("X-Request-Id", request.id)
        return self._outgoing(request, incoming, response, deadline, started)

    async def _body(self, incoming: StarletteRequest) -> bytes:
        """The request body: 413 beyond ``max_request_bytes``, 408 when it comes too slowly."""
        limit = self.config.max_request_bytes
        declared = incoming.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise _too_large(int(declared), limit)
        parts: list[bytes] = []
        size = 0
        try:
            with anyio.fail_after(self.config.read_timeout):
                async for chunk in incoming.stream():
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(size, limit)
                    parts.append(chunk)
        except TimeoutError:
            raise HttpError(408, f"the request body did not arrive within {self.config.read_timeout:g} s", {"Connection": "close"}) from None
        return b"".join(parts)

    async def _in_thread(self, call: Callable[..., T], *args: Any, deadline: float, request: Request) -> T:
        """``call(*args)`` in a worker thread, by the deadline: 503 if no thread came free, 504 past it."""
        running = threading.Event()

        def run() -> T:
            running.set()
            return call(*args)

        try:
            with anyio.fail_after(max(deadline - anyio.current_time(), 0.0)):
                return await anyio.to_thread.run_sync(run, limiter=self.limiter, abandon_on_cancel=True)
        except TimeoutError:
            if not running.is_set():
                raise HttpError(503, f"all {self.config.threads} request threads of this worker stayed busy for {self.config.timeout:g} s; try again", {"Retry-After": "1"}) from None
            self._runaway(request)
            raise HttpError(
                504,
                f"the query did not finish within {self.config.timeout:g} s and was stopped; "
                "narrow it down (a LIMIT, a more specific pattern) or ask for a longer --timeout",
            ) from None

    def _runaway(self, request: Request) -> None:
        """A request ran past its deadline: this process retires (once) and is replaced."""
        log.warning("request %s: %s %s ran past its %g s deadline; this worker (pid %d) retires and is replaced", request.id, request.method, request.path, self.config.timeout, os.getpid())
        if not self.retired.is_set():
            self.retired.set()
            if self.retire is not None:
                self.retire()

    def _outgoing(self, request: Request, incoming: StarletteRequest, response: Response, deadline: float, started: float) -> StarletteResponse:
        """The Starlette response: whole, or streamed chunk by chunk within the deadline."""
        sent = [len(response.body)]
        logged = BackgroundTask(self._access, incoming, response.status, sent, started)
        headers = {k: v for k, v in response.all_headers().items() if k.lower() not in ("content-type", "content-length")}
        if response.rest is None:
            return StarletteResponse(response.body, response.status, headers, media_type=response.content_type, background=logged)
        chunks = self._stream(response.body, response.rest, deadline, request, sent)
        return StreamingResponse(chunks, response.status, headers, media_type=response.content_type, background=logged)

    async def _stream(self, first: bytes, rest: Iterator[bytes], deadline: float, request: Request, sent: list[int]) -> AsyncIterator[bytes]:
        yield first
        while True:
            try:
                chunk = await self._in_thread(next, rest, _END, deadline=deadline, request=request)
            except HttpError as exc:
                raise StreamAborted(f"request {request.id}: the answer was cut off: {exc.message}") from None
            except (OSError, ValueError) as exc:
                log.error("request %s: the query failed while its answer was streamed: %s", request.id, exc)
                raise StreamAborted(f"request {request.id}: {exc}") from None
            if chunk is _END:
                return
            sent[0] += len(chunk)
            yield chunk

    def _access(self, incoming: StarletteRequest, status: int, sent: list[int], started: float) -> None:
        """One line in the common log format (the one every log analyser reads)."""
        scope = incoming.scope
        client = scope.get("client")
        target = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        if scope.get("query_string"):
            target += "?" + scope["query_string"].decode("latin-1")
        when = time.strftime("%d/%b/%Y:%H:%M:%S %z", time.localtime(started))
        line = f'{client[0] if client else "-"} - - [{when}] "{scope["method"]} {target} HTTP/{scope.get("http_version", "1.1")}" {status} {sent[0]}'
        access.info(line)


def _core_request(incoming: StarletteRequest) -> Request:
    """The app's :class:`Request` from Starlette's: percent-encoded path, headers joined by name."""
    scope = incoming.scope
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1") or "/"
    return Request(scope["method"], path, scope.get("query_string", b"").decode("latin-1"), headers)


def _too_large(size: int, limit: int) -> HttpError:
    return HttpError(413, f"the request body has {size} bytes; this server accepts at most {limit} (--max-request-bytes)", {"Connection": "close"})


def configure_logging(access_log: bool) -> None:
    """Errors and warnings on stderr; the access log too unless ``-q``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name, level in (("jeugdgraaf.server", logging.INFO), ("jeugdgraaf.access", logging.INFO if access_log else logging.WARNING), ("uvicorn.error", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def application(config: ServerConfig, retire: Callable[[], None] | None = None) -> Starlette:
    """The ASGI application for ``config`` (the tests drive it with Starlette's TestClient)."""
    return Gateway(App(config), retire).starlette()


def export_config(config: ServerConfig) -> None:
    """Put ``config`` where :func:`worker_application` finds it in a spawned worker process."""
    fields = asdict(config)
    fields["store"] = str(config.store)
    fields["node_modules"] = str(config.node_modules) if config.node_modules else None
    os.environ[CONFIG_VARIABLE] = json.dumps(fields)


def worker_application() -> Starlette:
    """The factory each worker process of ``jeugdgraaf serve`` calls (uvicorn ``factory=True``)."""
    fields = json.loads(os.environ[CONFIG_VARIABLE])
    fields["store"] = Path(fields["store"])
    fields["node_modules"] = Path(fields["node_modules"]) if fields["node_modules"] else None
    fields["services"] = tuple(fields["services"])
    config = ServerConfig(**fields)
    configure_logging(config.access_log)
    return application(config, retire=lambda: os.kill(os.getpid(), signal.SIGTERM))
