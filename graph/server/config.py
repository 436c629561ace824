"""What ``jeugdgraaf serve`` decides, in one frozen record every part of the server reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerConfig:
    """Where the store is, the limits of one request and of one worker process."""

    store: Path
    cors: str | None = None
    timeout: float = 10.0
    max_results: int = 10_000
    max_request_bytes: int = 1_000_000
    workers: int = 2
    node_modules: Path | None = None
    #: SERVICE endpoints a query may call (none: every SERVICE is refused).
    services: tuple[str, ...] = ()
    #: Seconds a client may take to send a request's headers, and then its body.
    read_timeout: float = 30.0
    #: Requests one worker process answers at a time (the others wait, up to the timeout).
    threads: int = 8
    #: Open connections one worker process holds; beyond, new ones get 503.
    max_connections: int = 1000
    #: One common-log-format line per request on stderr (off with ``-q``).
    access_log: bool = True
