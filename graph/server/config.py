"""What ``jeugdgraaf serve`` decides, in one frozen record every part of the server reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerConfig:
    """Where the store is and the limits of one request."""

    store: Path
    cors: str | None = None
    timeout: float = 10.0
    max_results: int = 10_000
    max_request_bytes: int = 1_000_000
    workers: int = 2
    node_modules: Path | None = None
