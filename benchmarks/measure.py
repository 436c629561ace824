"""Timing, spread and peak memory: the few primitives every phase uses.

Why VmHWM and not tracemalloc: tracemalloc only sees Python allocations and slows the
code it watches two- to threefold; the store (Oxigraph, RocksDB) allocates in Rust. The
kernel's high-water mark of the resident set (``VmHWM``) sees everything at no cost, and
writing ``5`` to ``/proc/self/clear_refs`` resets it, so each phase gets its own peak.
Where that file is missing (not Linux) ``resource.getrusage`` gives the process's peak.

Why a forked child for slow engines: rdflib cannot be interrupted inside a query, and
one pathological query at k = 100 must not eat the benchmark's time budget. The child
inherits the loaded data set (copy-on-write), runs the work and is killed on timeout.
"""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


def summary(values: list[float]) -> dict[str, Any]:
    """Median, min, max and quartiles of repeated measurements (seconds or rates)."""
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    q1, q3 = (statistics.quantiles(ordered, n=4, method="inclusive")[i] for i in (0, 2)) if len(ordered) > 1 else (ordered[0],) * 2
    return {
        "n": len(ordered),
        "median": statistics.median(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "q1": q1,
        "q3": q3,
        "values": ordered,
    }


def repeat(
    work: Callable[[], Any],
    repeats: int,
    budget: float,
    setup: Callable[[], Any] | None = None,
) -> tuple[list[float], Any]:
    """Time ``work`` up to ``repeats`` times, stopping early once ``budget`` seconds are spent.

    ``setup`` runs untimed before each repeat (removing the previous store …). At least
    one run always happens. Returns the durations and the last run's result.
    """
    times: list[float] = []
    result = None
    started = time.perf_counter()
    while len(times) < max(1, repeats):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - started + times[-1] > budget:
            break
    return times, result


def _status_mb(key: str) -> float | None:
    try:
        for line in STATUS.read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


@dataclass
class Peak:
    """Peak resident memory while a block ran, and how far above the start it went (MB)."""

    start_mb: float = 0.0
    peak_mb: float = 0.0
    exact: bool = True  # False when the process-wide peak had to be used
    extra: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"peak_mb": round(self.peak_mb, 1), "increase_mb": round(self.peak_mb - self.start_mb, 1), "exact": self.exact}


@contextmanager
def peak_memory() -> Iterator[Peak]:
    """Measure the resident-set peak of the block (see the module docstring)."""
    peak = Peak()
    try:
        CLEAR_REFS.write_text("5")
    except OSError:
        peak.exact = False
    peak.start_mb = _status_mb("VmRSS") or 0.0
    try:
        yield peak
    finally:
        hwm = _status_mb("VmHWM") if peak.exact else None
        peak.peak_mb = hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True)
class TimedOut:
    """A forked run that did not finish in time."""

    seconds: float


def in_child(work: Callable[[], Any], timeout: float) -> Any:
    """Run ``work`` in a forked child; its (picklable) result, or :class:`TimedOut`.

    Exceptions raised in the child come back as ``RuntimeError`` with the child's message.
    """
    messages, finished = stream_in_child(lambda send: send(work()), timeout)
    return messages[0] if finished else TimedOut(timeout)


def stream_in_child(work: Callable[[Callable[[Any], None]], None], timeout: float) -> tuple[list[Any], bool]:
    """Run ``work(send)`` in a forked child, collecting what it sends until ``timeout``.

    Returns the messages received and whether the child finished in time; what it had
    sent before a timeout is kept (the measures that were reached).
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        try:
            work(lambda message: sender.send(("item", message)))
            sender.send(("done", None))
        except BaseException as exc:  # report anything to the parent, which decides
            sender.send(("error", f"{type(exc).__name__}: {exc}"))

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    deadline = time.perf_counter() + timeout
    messages: list[Any] = []
    try:
        while receiver.poll(max(0.0, deadline - time.perf_counter())):
            kind, value = receiver.recv()
            if kind == "error":
                raise RuntimeError(value)
            if kind == "done":
                return messages, True
            messages.append(value)
        return messages, False
    except EOFError:
        raise RuntimeError("the child process died without a result") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator``, or ``None`` when either is missing or zero."""
    if not numerator or not denominator:
        return None
    return numerator / denominator


def shared_budget(
    items: list[str], budget: float, work: Callable[[str, Callable[[Any], None], float], None]
) -> dict[str, dict[str, Any]]:
    """Run ``work(item, send, share)`` for each item in turn, sharing ``budget`` seconds.

    The items run one after the other in a forked child (one fork for many items, not
    one per item). Each item gets the time left divided by the items still to do (at
    least a second), so a fast item leaves more to the slow ones; ``share`` tells
    ``work`` its time, so that it can fit its repeats in. An item that overruns its
    share is cut: the child is killed and a new one goes on with the next item. Per
    item: what it sent, whether it finished, its share (and the error, if it failed).
    """
    deadline = time.perf_counter() + budget
    out: dict[str, dict[str, Any]] = {}
    pending = list(items)
    while pending:
        before = len(out)
        _run_items(pending, deadline, work, out)
        if len(out) == before:  # the child died before starting anything: do not retry forever
            out[pending[0]] = {"messages": [], "finished": False, "budget_s": 0.0, "error": "the child process died"}
        pending = [item for item in pending if item not in out]
    return out


def _share(deadline: float, left: int) -> float:
    return max(1.0, (deadline - time.perf_counter()) / max(1, left))


def _run_items(
    items: list[str], deadline: float, work: Callable[[str, Callable[[Any], None], float], None], out: dict[str, dict[str, Any]]
) -> None:
    """One child working through ``items``; returns when it is done or had to be killed."""

    def child(send: Callable[[Any], None]) -> None:
        for i, item in enumerate(items):
            share = _share(deadline, len(items) - i)
            send(("start", item, share))
            try:
                work(item, lambda message: send(("item", item, message)), share)
                send(("end", item, None))
            except Exception as exc:  # the item failed; the others still run
                send(("failed", item, f"{type(exc).__name__}: {exc}"))

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=lambda: (child(sender.send), sender.close()), daemon=True)
    process.start()
    sender.close()
    current, cutoff = None, 0.0
    try:
        while True:
            wait = cutoff - time.perf_counter() if current else 60.0
            if not receiver.poll(max(0.0, wait)):
                if current is not None:  # overran its share: cut it, go on in a new child
                    out[current]["finished"] = False
                    return
                continue
            kind, item, value = receiver.recv()
            if kind == "start":
                current, cutoff = item, time.perf_counter() + value + 0.5  # grace for the hand-over
                out[item] = {"messages": [], "finished": False, "budget_s": value}
            elif kind == "item":
                out[item]["messages"].append(value)
            else:
                out[item]["finished"] = kind == "end"
                if kind == "failed":
                    out[item]["error"] = value
                current = None
    except EOFError:  # the child finished every item (or died: the items left are retried)
        if current is not None and current in out:
            out[current].setdefault("error", "the child process died")
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
