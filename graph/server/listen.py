"""Listening: the socket, uvicorn's worker processes and their supervisor, the header timeout.

Why uvicorn (with httptools): its supervisor replaces a worker process that exits, which
is what the deadline design needs (a worker whose query runs past its deadline retires,
see :mod:`graph.server.asgi`), and a worker can retire gracefully (SIGTERM to itself:
stop accepting, finish the other requests, exit). llhttp, the parser behind httptools,
rejects conflicting ``Content-Length`` headers, ``Transfer-Encoding`` tricks and malformed
request lines with 400 and a closed connection. What uvicorn lacks is a limit on how long
a client may take to send its headers, and it answers HTTP/0.9 request lines (no
version); :class:`GuardedHttp` adds the limit (408, then close) and refuses those (400).
The measurements behind the choice are in docs/server.md.

The socket is bound here, in the supervisor, so that a port in use or a bad ``--host`` is
one clear message, and so that a replaced worker never leaves the port unanswered: the
listen backlog keeps new connections until a worker accepts them.
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
import socket
from functools import cache

from uvicorn import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.supervisors import Multiprocess

from graph.errors import GraphError
from graph.server.asgi import CONFIG_VARIABLE, configure_logging, export_config
from graph.server.config import ServerConfig

#: Seconds an idle keep-alive connection stays open between requests.
KEEP_ALIVE = 5
_408 = b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\nconnection: close\r\n\r\n%s"


class ListenError(GraphError):
    """The server cannot listen where it was asked to."""


@cache
def _read_timeout() -> float:
    """The header timeout of this worker process (from the exported configuration)."""
    return float(json.loads(os.environ.get(CONFIG_VARIABLE, "{}")).get("read_timeout", 30.0))


class GuardedHttp(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline for the request line and headers.

    The clock starts when the connection opens and when the first byte of a request
    arrives; it stops when the headers are complete. A client that is slower (one
    byte at a time, or nothing at all) gets 408 and a closed connection, so idle or
    slow clients hold no more than a socket for at most ``read_timeout`` seconds.
    """

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        if self.parser.get_http_version() not in ("1.0", "1.1"):  # llhttp accepts HTTP/0.9 lines
            self.send_400_response("Invalid HTTP request received: HTTP/1.0 or HTTP/1.1 expected.")
            return
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(_read_timeout(), self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            self._arm()  # an answer is still being sent; the next request's headers wait
            return
        message = f"the request headers did not arrive within {_read_timeout():g} s\n".encode()
        self.transport.write(_408 % (len(message), message))
        self.transport.close()


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; :class:`ListenError` with the reason otherwise."""
    shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise ListenError(f"--host {host!r}: not an address or host name this machine can listen on ({getattr(exc, 'strerror', None) or exc})") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ListenError(_bind_message(exc, host, shown)) from None
    sock.set_inheritable(True)
    return sock


def _bind_message(exc: OSError, host: str, shown: str) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"{shown} is already in use (another server?); choose another --port, or --port 0 for a free one"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"--host {host!r}: no network interface of this machine has that address"
    if exc.errno == errno.EACCES:
        return f"{shown}: permission denied (ports below 1024 need privileges; choose another --port)"
    return f"cannot listen on {shown}: {exc.strerror}"


def uvicorn_config(config: ServerConfig) -> Config:
    """uvicorn's settings for the worker processes of ``config``."""
    return Config(
        "graph.server.asgi:worker_application",
        factory=True,
        http="graph.server.listen:GuardedHttp",
        workers=config.workers,
        limit_concurrency=config.max_connections,
        timeout_keep_alive=KEEP_ALIVE,
        timeout_graceful_shutdown=int(config.timeout) + 5,
        access_log=False,
        log_config=None,
        server_header=False,
    )


def serve(config: ServerConfig, sock: socket.socket) -> None:
    """Run the worker processes on ``sock`` until SIGINT or SIGTERM (then shut down gracefully)."""
    export_config(config)
    configure_logging(config.access_log)
    Multiprocess(uvicorn_config(config), sockets=[sock]).run()
