"""The one way a command writes a file (``-o FILE``, the shipped facts, the generated docs).

Every writer in the project goes through :func:`output`, so they all follow the same rules:

- a regular file (or a new one) is written **atomically**: into a temporary
  ``.NAME.XXXXXXXX.part`` beside it, flushed to disk, then renamed over it — a killed or
  failed run leaves the previous file intact. The new file gets the mode ``0666`` minus the
  umask, like any file the shell creates;
- a FIFO, a character device (``/dev/null``, a terminal) or ``/dev/stdout`` is written
  **straight into**: replacing it would destroy the pipe or device (and renaming over
  ``/dev/full`` as root turns the device into a file);
- a **symbolic link** is refused with an error naming it: renaming over it would silently
  replace the link, not the file it points to, and writing through it would write where the
  user did not say;
- a **missing folder** is an error naming the folder; nothing is created but the file;
- the ``.part`` files that killed runs left for the same target (same name pattern, older
  than this process) are removed first;
- any failure of the operating system (read-only or unwritable folder, ``/proc``, a full
  disk) becomes one :class:`~graph.errors.GraphError` line naming the path.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from graph.errors import GraphError

__all__ = ["STREAM_PATHS", "check_target", "output", "remove_leftovers", "write_bytes", "write_text"]

#: Names of this process's own output streams: written straight into, whatever they point to.
STREAM_PATHS = re.compile(r"^/dev/(stdout|stderr|fd/\d+)$|^/proc/self/fd/\d+$")
#: Errors of writing bytes that mean "the file could not be written", not a bug: one line each.
_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EPIPE})
#: Errors of opening or renaming: the folder or file refuses us (read-only, permissions, /proc).
_OPEN_ERRORS = _WRITE_ERRORS | {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOENT, errno.ENXIO, errno.EXDEV, errno.EBUSY}
#: When this process started, roughly: leftovers older than that are not another live run's.
_STARTED = time.time()


@contextmanager
def output(target: Path) -> Iterator[IO[bytes]]:
    """A binary file handle whose bytes end up at ``target`` by the rules of this module.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with output(folder / "a.txt") as fh:
    ...     _ = fh.write(b"hello")
    >>> (folder / "a.txt").read_bytes(), sorted(p.name for p in folder.iterdir())
    (b'hello', ['a.txt'])
    >>> import shutil; shutil.rmtree(folder)
    """
    if check_target(target):
        with _guarded(target, _OPEN_ERRORS):
            fh = open(target, "ab")  # noqa: SIM115 - closed below, inside the guard
        with _guarded(target), fh:
            yield fh
        return
    remove_leftovers(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise GraphError(f"{target}: cannot write in the folder {target.parent}: {exc.strerror}") from None
    try:
        with _guarded(target), os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        with _guarded(target, _OPEN_ERRORS):
            os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` by the rules of :func:`output`."""
    with output(target) as fh:
        fh.write(data)


def write_text(target: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``target`` by the rules of :func:`output` (no newline translation)."""
    write_bytes(target, text.encode("utf-8"))


def remove_leftovers(target: Path) -> list[Path]:
    """Delete the ``.part`` files killed runs left for ``target``; the paths removed.

    Only files of this module's own pattern (``.NAME.`` + 8 random characters + ``.part``)
    and older than this process are touched, so a run still writing the same target in
    another process keeps its file.
    """
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.[A-Za-z0-9_]{{8}}\.part$")
    removed = []
    for candidate in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        try:
            info = candidate.lstat()
        except OSError:
            continue
        if pattern.match(candidate.name) and stat.S_ISREG(info.st_mode) and info.st_mtime < _STARTED:
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def check_target(target: Path) -> bool:
    """Whether ``target`` is a stream (written straight into); a :class:`GraphError` if it cannot be written.

    Commands call it before their work, so a typo in ``-o`` fails at once, not after minutes.
    Streams are FIFOs, character devices and this process's own ``/dev/stdout`` and the like;
    anything else must be a regular file or not exist yet, in a folder that does exist.
    """
    if STREAM_PATHS.match(str(target)):
        return True
    try:
        info = target.lstat()
    except FileNotFoundError:
        _require_folder(target)
        return False
    except OSError as exc:
        raise GraphError(f"{target}: cannot write: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise GraphError(f"{target}: is a symbolic link (to {os.readlink(target)}); give the file it points to, or remove the link first")
    if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        return True
    if stat.S_ISDIR(info.st_mode):
        raise GraphError(f"{target}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise GraphError(f"{target}: is neither a regular file, a FIFO nor a character device; not replacing it")
    return False


def _require_folder(target: Path) -> None:
    """The folder must exist: creating folders from a typo in ``-o`` hides the typo."""
    if not target.parent.is_dir():
        raise GraphError(f"{target}: the folder {target.parent} does not exist")


@contextmanager
def _guarded(target: Path, errors: frozenset[int] = _WRITE_ERRORS) -> Iterator[None]:
    """Turn the operating system's refusal to write ``target`` into one line naming it."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in errors:
            raise
        raise GraphError(f"{target}: cannot write: {exc.strerror}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
