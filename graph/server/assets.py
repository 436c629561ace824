"""Static files: our own CSS/JS from ``graph/server/static`` and the front-end libraries from npm.

Nothing is served by joining a request path onto a folder. Our own files are looked up
by name in the listing of one folder, and the libraries by name in :data:`LIBRARIES`, a
fixed table pointing into ``node_modules`` (installed by ``npm ci`` from the
``package.json`` at the top of the repository). So ``..``, encoded or not, can only ever
miss. Libraries are never fetched from the web.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from graph.server.http import HttpError, Response

STATIC = Path(__file__).resolve().parent / "static"
REPO_NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"

#: URL name under /lib/ → file inside node_modules.
LIBRARIES: dict[str, str] = {
    "yasgui.min.js": "@zazuko/yasgui/build/yasgui.min.js",
    "yasgui.min.css": "@zazuko/yasgui/build/yasgui.min.css",
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
}

_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml"}
_CACHE = {"Cache-Control": "public, max-age=3600"}


def node_modules(configured: Path | None = None) -> Path:
    """Where the npm libraries are: ``--node-modules``/config, ``JEUGDGRAAF_NODE_MODULES``, else the repo's."""
    if configured is not None:
        return configured
    return Path(os.environ.get("JEUGDGRAAF_NODE_MODULES", REPO_NODE_MODULES))


def libraries_installed(configured: Path | None = None) -> bool:
    """Whether every library file is in place (pages say so when they are not)."""
    root = node_modules(configured)
    return all((root / rel).is_file() for rel in LIBRARIES.values())


@lru_cache(maxsize=1)
def _static_files() -> dict[str, Path]:
    return {p.name: p for p in STATIC.iterdir() if p.is_file()}


def static_file(name: str) -> Response:
    """One of our own static files, by its exact name."""
    path = _static_files().get(name)
    if path is None:
        raise HttpError(404, f"no static file called {name!r}")
    return _file(path)


def library_file(configured: Path | None, name: str) -> Response:
    """One of the npm library files of :data:`LIBRARIES`."""
    rel = LIBRARIES.get(name)
    if rel is None:
        raise HttpError(404, f"no library file called {name!r}")
    path = node_modules(configured) / rel
    if not path.is_file():
        raise HttpError(404, f"{name} is not installed: run `npm ci` at the top of the repository ({path} is missing)")
    return _file(path)


@lru_cache(maxsize=16)
def _read(path: Path) -> bytes:
    return path.read_bytes()


def _file(path: Path) -> Response:
    content_type = _TYPES.get(path.suffix, "application/octet-stream")
    return Response(_read(path), content_type, headers=dict(_CACHE))
