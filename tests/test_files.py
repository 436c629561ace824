"""The one file writer (graph/files.py): the rules every ``-o FILE`` follows, one test per rule.

Atomic only for regular files; straight into a FIFO, a character device or /dev/stdout; a
symbolic link refused by name; no folder ever created; the writer's own leftovers cleaned up;
an unwritable place one clear line. The command-line tests check the rules reach the users.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from graph.errors import GraphError
from graph.files import output, remove_leftovers, write_text


class Boom(RuntimeError):
    """The failure a test injects halfway through a write."""


def _interrupted_write(target: Path) -> None:
    with pytest.raises(Boom), output(target) as fh:
        fh.write(b"half a file\n" * 1000)
        raise Boom


# --- regular files: atomic, with the umask's mode ---------------------------------------


def test_an_interrupted_write_keeps_the_previous_file_and_leaves_nothing(tmp_path):
    target = tmp_path / "dump.ttl"
    target.write_bytes(b"the previous dump\n")
    _interrupted_write(target)
    assert target.read_bytes() == b"the previous dump\n"
    assert [p.name for p in tmp_path.iterdir()] == ["dump.ttl"]


def test_an_interrupted_write_of_a_new_file_leaves_no_file(tmp_path):
    _interrupted_write(tmp_path / "new.ttl")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_file_gets_the_umask_mode(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_text(tmp_path / "out.csv", "a,b\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == mode


# --- streams: written straight into, never replaced --------------------------------------


def test_a_fifo_is_written_into_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_text(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def _char_device(tmp_path: Path, like: str) -> Path:
    """A private copy of ``/dev/null`` or ``/dev/full`` (as root), else the device itself."""
    rdev = os.stat(like).st_rdev
    copy = tmp_path / Path(like).name
    try:
        os.mknod(copy, stat.S_IFCHR | 0o666, rdev)
        with copy.open("wb"):
            return copy
    except OSError:
        copy.unlink(missing_ok=True)
        return Path(like)


def test_a_character_device_is_written_into_and_stays_a_device(tmp_path):
    device = _char_device(tmp_path, "/dev/null")
    write_text(device, "into the void\n")
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert device.read_bytes() == b""


def test_a_full_device_is_one_clear_error_and_stays_a_device(tmp_path):
    device = _char_device(tmp_path, "/dev/full")
    with pytest.raises(GraphError, match=rf"^{device}: cannot write: No space left on device$"):
        write_text(device, "x" * 100_000)
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_dev_stdout_is_written_into(capfd):
    write_text(Path("/dev/stdout"), "to the terminal\n")
    assert capfd.readouterr().out == "to the terminal\n"
    assert Path("/dev/stdout").is_symlink()


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("dangling", [False, True])
def test_a_symbolic_link_is_refused_by_name(tmp_path, dangling):
    real = tmp_path / "real.ttl"
    if not dangling:
        real.write_text("kept\n")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    with pytest.raises(GraphError, match=rf"^{link}: is a symbolic link \(to {real}\)"):
        write_text(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert (real.read_text() if not dangling else real.exists()) == ("kept\n" if not dangling else False)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["link.ttl", *([] if dangling else ["real.ttl"])])


def test_a_missing_folder_is_named_and_never_created(tmp_path):
    target = tmp_path / "no" / "such" / "out.ttl"
    with pytest.raises(GraphError, match=rf"^{target}: the folder {target.parent} does not exist$"):
        write_text(target, "x\n")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(GraphError, match=rf"^{tmp_path}: is a folder, not a file$"):
        write_text(tmp_path, "x\n")


@pytest.mark.parametrize("target", ["/proc/jeugdgraaf-out.ttl", "/proc/self/status"])
def test_an_unwritable_place_is_one_clear_error(target):
    with pytest.raises(GraphError, match=rf"^{target}: cannot write in the folder {Path(target).parent}: "):
        write_text(Path(target), "x\n")


def test_an_unwritable_folder_is_one_clear_error(tmp_path, monkeypatch):
    """As root a mode-0500 folder is still writable, so make the refusal the kernel's own."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):  # root: refuse as a read-only mount would
        import tempfile

        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(GraphError, match=rf"^{folder}/out.ttl: cannot write in the folder {folder}: Permission denied$"):
        write_text(folder / "out.ttl", "x\n")
    folder.chmod(0o700)
    assert list(folder.iterdir()) == []


# --- leftovers of killed runs ---------------------------------------------------------------


def test_leftovers_of_killed_runs_are_removed_and_nothing_else(tmp_path):
    old, recent = time.time() - 3600, time.time() + 3600
    ours_old = tmp_path / ".dump.ttl.k1ll3d_x.part"
    ours_recent = tmp_path / ".dump.ttl.stillrun.part"  # another run, started after this one
    other_target = tmp_path / ".other.ttl.k1ll3d_x.part"
    not_our_pattern = tmp_path / ".dump.ttl.user-backup.part"
    for path, moment in ((ours_old, old), (ours_recent, recent), (other_target, old), (not_our_pattern, old)):
        path.write_text("leftover\n")
        os.utime(path, (moment, moment))
    write_text(tmp_path / "dump.ttl", "new\n")
    assert not ours_old.exists()
    assert ours_recent.exists() and other_target.exists() and not_our_pattern.exists()
    assert remove_leftovers(tmp_path / "dump.ttl") == []


# --- the commands follow the rules -----------------------------------------------------------


def test_query_run_o_writes_the_umask_mode(invoke, tmp_path):
    old = os.umask(0o022)
    try:
        result = invoke("query", "run", "region-members", "-p", "region=34.1", "--format", "csv", "-o", str(tmp_path / "m.csv"))
    finally:
        os.umask(old)
    assert result.exit_code == 0
    assert stat.S_IMODE((tmp_path / "m.csv").stat().st_mode) == 0o644


@pytest.mark.parametrize(
    "command",
    [
        ("query", "run", "region-members", "-p", "region=34.1"),
        ("export",),
        ("describe",),
        ("network", "export", "--network", "region", "--format", "graphml"),
        ("network", "plot", "--network", "region"),
        ("jsonld-context",),
        ("ontology-doc",),
    ],
)
def test_every_command_refuses_a_missing_folder_and_a_link(invoke, tmp_path, command):
    missing = tmp_path / "nope" / "out.x"
    result = invoke(*command, "-o", str(missing))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {missing}: the folder {missing.parent} does not exist"]
    link = tmp_path / "link.x"
    link.symlink_to(tmp_path / "elsewhere.x")
    result = invoke(*command, "-o", str(link))
    assert result.exit_code == 1 and f"Error: {link}: is a symbolic link" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.x"]


def test_query_run_o_into_proc_is_one_line(invoke):
    result = invoke("query", "run", "region-members", "-p", "region=34.1", "-o", "/proc/out.csv")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: /proc/out.csv: cannot write in the folder /proc: ")
