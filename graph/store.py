"""The persistent store: Oxigraph (pyoxigraph) on disk, rebuilt atomically.

Why pyoxigraph directly rather than through oxrdflib: the store is only ever filled in
bulk and then queried with SPARQL, and the command line must start fast — importing
pyoxigraph takes ~0.05 s where rdflib takes ~0.2 s. rdflib is used only where a library
needs it (pySHACL for validation, JSON-LD framing).

Location: ``--store`` on the command line, else ``JEUGDGRAAF_STORE``, else
``$XDG_DATA_HOME/jeugdgraaf/store`` (``~/.local/share/jeugdgraaf/store``).

A build writes a complete new store beside the old one and swaps the two directories
only when it succeeded, so a failed build leaves the previous store untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, Quad, Store

from graph.errors import StoreError

METADATA_FILE = "jeugdgraaf-build.json"


def default_store_path() -> Path:
    """``JEUGDGRAAF_STORE``, else the XDG data directory."""
    if "JEUGDGRAAF_STORE" in os.environ:
        return Path(os.environ["JEUGDGRAAF_STORE"])
    data_home = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return data_home / "jeugdgraaf" / "store"


def exists(path: Path) -> bool:
    """Whether a completed build lives at ``path``."""
    return (path / METADATA_FILE).is_file()


#: What every reader of the build metadata relies on, and the JSON type it must have.
METADATA_KEYS: dict[str, type] = {"base": str, "built": str, "origin": str, "triples": dict}
#: The advice every damaged-store message ends with: the store is derived data.
REBUILD = "rebuild the store with `jeugdgraaf build`"


def open_store(path: Path) -> Store:
    """Open a built store read-only (many readers may share it).

    RocksDB reports a truncated table file or a garbled MANIFEST as a ``RuntimeError``
    (``Corruption: …``) and I/O trouble as an ``OSError``; both become one line naming
    the store, since the store is derived data that a build makes again.
    """
    if not exists(path):
        raise StoreError(f"{path}: no jeugdgraaf store here (run `jeugdgraaf build`)")
    try:
        return Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{path}: the store is damaged or unreadable ({_first_line(exc)}); {REBUILD}") from None


def metadata(path: Path) -> dict[str, Any]:
    """What the build recorded beside the store: time, base IRI, sources, counts.

    Checked here, once, so that no reader meets a missing key or a wrong type later.
    """
    file = path / METADATA_FILE
    try:
        info = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{path}: no jeugdgraaf store here (run `jeugdgraaf build`)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{file}: unreadable build metadata ({_first_line(exc)}); {REBUILD}") from None
    problem = _metadata_problem(info)
    if problem:
        raise StoreError(f"{file}: invalid build metadata: {problem}; {REBUILD}")
    return info


def _metadata_problem(info: Any) -> str | None:
    """What is wrong with parsed build metadata, or None."""
    if not isinstance(info, dict):
        return f"expected a JSON object, found {type(info).__name__}"
    for key, kind in METADATA_KEYS.items():
        if not isinstance(info.get(key), kind):
            return f"{key!r} is missing or not a {'string' if kind is str else 'JSON object'}"
    return None


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300]


def write_store(path: Path, quads: Iterable[Quad], info: dict[str, Any]) -> None:
    """Write ``quads`` as a new store at ``path``, replacing the old one only on success."""
    tmp = _new_beside(path.resolve())
    try:
        store = Store(str(tmp))
        store.bulk_extend(quads)
        store.flush()
        store.optimize()
        del store
        (tmp / METADATA_FILE).write_text(json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        _swap(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def replace_graphs(path: Path, quads_by_graph: Mapping[NamedNode, Iterable[Quad]], below: NamedNode | None = None) -> None:
    """Replace named graphs of the store at ``path``, atomically (``write_store`` semantics).

    The graphs in ``quads_by_graph`` get exactly the quads given; with ``below``, every
    graph whose IRI is ``below`` or starts with ``below/`` is dropped first, so results of
    an earlier run that are no longer produced disappear too. A new store is written beside
    the old one and swapped in, so readers never see half a replacement.
    """
    prefix = below.value + "/" if below is not None else None

    def dropped(graph: Any) -> bool:
        if not isinstance(graph, NamedNode):
            return False
        return graph in quads_by_graph or (prefix is not None and (graph == below or graph.value.startswith(prefix)))

    info = metadata(path)
    old = open_store(path)
    quads = [q for q in old.quads_for_pattern(None, None, None, None) if not dropped(q.graph_name)]
    del old
    quads.extend(q for graph_quads in quads_by_graph.values() for q in graph_quads)
    info["triples"] = dict(sorted(Counter(q.graph_name.value for q in quads).items()))
    write_store(path, quads, info)


def check_writable(path: Path) -> None:
    """Fail now, naming the folder, if a store cannot be written at ``path``.

    Why before the work: a build spends seconds on triples and validation, and a folder
    that cannot take the new store should be said at once, not after.
    """
    _new_beside(path.resolve()).rmdir()


def _new_beside(path: Path) -> Path:
    """An empty directory beside ``path`` for the new store (its folder made if missing)."""
    blocker = next((p for p in path.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise StoreError(f"{blocker}: not a folder, so the store {path} cannot be written there")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.new-"))
    except OSError as exc:
        raise StoreError(f"{path.parent}: cannot write the store in this folder ({exc.strerror or exc})") from None


def _swap(new: Path, path: Path) -> None:
    """Put ``new`` at ``path``; the old store is moved aside first and removed last."""
    old = None
    if path.exists():
        if not exists(path) and any(path.iterdir()):
            raise StoreError(f"{path}: exists and is not a jeugdgraaf store; not replacing it")
        old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.old-"))
        os.replace(path, old / "store")
    os.replace(new, path)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
