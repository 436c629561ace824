"""Requests, responses and the socket side: the standard library's ``ThreadingHTTPServer``.

Why the standard library: the work of a request is the query (done by pyoxigraph in a
worker process) and the page (jinja2); the HTTP layer only has to be correct and not
slow. ``http.server`` with one thread per connection, HTTP/1.1 keep-alive and explicit
``Content-Length`` answers a small query in well under a millisecond of its own time and
needs no dependency (see docs/server.md for the figures and the alternatives weighed).
Everything here is transport: the app decides what to answer (:mod:`graph.server.app`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from graph.server.formats import parse_accept


class HttpError(Exception):
    """An answer other than 200, with a message a person can read."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


@dataclass(frozen=True)
class Request:
    """One HTTP request; ``path`` stays percent-encoded (IRIs are mapped from it as they are)."""

    method: str
    path: str
    query_string: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @classmethod
    def from_target(cls, method: str, target: str, headers: Mapping[str, str] | None = None, body: bytes = b"") -> Request:
        """Build from a request target such as ``/sparql?query=…`` (headers lower-cased)."""
        parts = urlsplit(target)
        lowered = {k.lower(): v for k, v in (headers or {}).items()}
        return cls(method.upper(), parts.path or "/", parts.query, lowered, body)

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    @property
    def params(self) -> dict[str, list[str]]:
        """The query-string parameters (repeated names kept as lists)."""
        return parse_qs(self.query_string, keep_blank_values=True)

    def param(self, name: str, default: str = "") -> str:
        """The last value of one query-string parameter."""
        values = self.params.get(name)
        return values[-1] if values else default

    @property
    def media_type(self) -> str:
        """The body's media type without parameters (``application/sparql-query``)."""
        return self.header("content-type").split(";")[0].strip().lower()

    @property
    def accept(self) -> tuple[str, ...]:
        return parse_accept(self.header("accept"))


@dataclass
class Response:
    """Status, body and headers; ``content_type`` is sent as ``Content-Type``."""

    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain; charset=utf-8") -> Response:
        return cls(text.encode("utf-8"), content_type, status)

    def all_headers(self) -> dict[str, str]:
        return {"Content-Type": self.content_type, "Content-Length": str(len(self.body)), **self.headers}

    def dump(self) -> str:
        """The response as text (status line, headers, blank line, body) for ``--get``."""
        reason = HTTPStatus(self.status).phrase
        head = [f"HTTP/1.1 {self.status} {reason}"] + [f"{k}: {v}" for k, v in self.all_headers().items()]
        return "\n".join(head) + "\n\n" + self.body.decode("utf-8", errors="replace")


Handler = Callable[[Request], Response]


def make_handler(handle: Handler, max_request_bytes: int, quiet: bool) -> type[BaseHTTPRequestHandler]:
    """A request-handler class bound to the app's ``handle`` function."""

    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "jeugdgraaf"
        # Headers and body go out as two writes; without TCP_NODELAY the second waits for
        # the client's delayed ACK (~40 ms per request on keep-alive connections).
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            response = self._read_and_handle()
            self.send_response(response.status)
            for key, value in response.all_headers().items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)

        def _read_and_handle(self) -> Response:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0:
                self.close_connection = True
                return _error_response(HttpError(400, "invalid Content-Length header"))
            if length > max_request_bytes:
                self.close_connection = True  # the body stays unread
                return _error_response(HttpError(413, f"the request body has {length} bytes; this server accepts at most {max_request_bytes} (--max-request-bytes)"))
            body = self.rfile.read(length) if length else b""
            request = Request.from_target(self.command, self.path, dict(self.headers.items()), body)
            return handle(request)

        do_GET = do_POST = do_HEAD = do_OPTIONS = do_PUT = do_DELETE = do_PATCH = _serve

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
            if not quiet:
                sys.stderr.write(f"{self.address_string()} {format % args}\n")

    return _Handler


def _error_response(error: HttpError) -> Response:
    response = Response.text(f"{error.status} {HTTPStatus(error.status).phrase}: {error.message}\n", error.status)
    response.headers.update(error.headers)
    return response


def make_server(handle: Handler, host: str, port: int, max_request_bytes: int, quiet: bool) -> ThreadingHTTPServer:
    """A threading HTTP server on ``host:port`` (port 0 picks a free one)."""
    server = ThreadingHTTPServer((host, port), make_handler(handle, max_request_bytes, quiet))
    server.daemon_threads = True
    return server
