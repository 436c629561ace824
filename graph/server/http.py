"""Requests, responses and errors as the app sees them, whatever carries them.

The app answers a :class:`Request` with a :class:`Response`; the ASGI layer
(:mod:`graph.server.asgi`) turns HTTP into these and back, ``serve --get`` and the
in-process tests build them directly. Keeping this core free of the web framework is what
lets ``--get`` answer without a port and the tests call the app without a socket.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from graph.server.formats import parse_accept


class HttpError(Exception):
    """An answer other than 200, with a message a person can read."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def request_id() -> str:
    """A short random id that ties a request's log lines to the answer the client saw."""
    return secrets.token_hex(6)


@dataclass(frozen=True)
class Request:
    """One HTTP request; ``path`` stays percent-encoded (IRIs are mapped from it as they are)."""

    method: str
    path: str
    query_string: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    id: str = field(default_factory=request_id)

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
    """Status, body and headers; ``content_type`` is sent as ``Content-Type``.

    ``body`` is the whole answer, or its first part when ``rest`` yields more: a large
    result is sent as it is read (chunked) instead of being built in memory first.
    """

    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    rest: Iterator[bytes] | None = None

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain; charset=utf-8") -> Response:
        return cls(text.encode("utf-8"), content_type, status)

    def all_headers(self) -> dict[str, str]:
        length = {} if self.rest is not None else {"Content-Length": str(len(self.body))}
        return {"Content-Type": self.content_type, **length, **self.headers}

    def whole(self) -> bytes:
        """The complete body, reading what a streamed answer has not sent yet."""
        if self.rest is None:
            return self.body
        self.body, self.rest = self.body + b"".join(self.rest), None
        return self.body

    def dump(self) -> str:
        """The response as text (status line, headers, blank line, body) for ``--get``."""
        body = self.whole()
        reason = HTTPStatus(self.status).phrase
        head = [f"HTTP/1.1 {self.status} {reason}"] + [f"{k}: {v}" for k, v in self.all_headers().items()]
        return "\n".join(head) + "\n\n" + body.decode("utf-8", errors="replace")
