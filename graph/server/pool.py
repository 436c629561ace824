"""Run SPARQL queries in worker processes, each with a deadline that is really enforced.

Why processes: pyoxigraph cannot cancel a running query, and a thread that runs past its
deadline keeps burning a core after the client has been told it timed out. A worker
process can be killed. Each worker opens the store read-only once and then answers jobs
over a pipe; when a job passes its deadline the worker is killed and a fresh one is
started in its place the next time the slot is used. Small queries pay one pipe round
trip (~0.1 ms) for that guarantee.

The worker also enforces the result-size limit (it stops reading solutions after
``max_results + 1``) and does the content negotiation, because only after parsing does
it know whether the query gives solutions, a boolean or triples.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from graph.errors import GraphError
from graph.server.execute import Job, Outcome, execute

#: How long a worker may take to start and open the store before the request fails.
START_TIMEOUT = 30.0


class QueryTimeout(GraphError):
    """The query ran past its deadline and its worker was killed."""


class PoolBusy(GraphError):
    """Every worker stayed busy for the whole timeout."""


@dataclass
class _Slot:
    """One worker process and its end of the pipe (``None`` until started or after a kill)."""

    store: Path
    process: Any = None
    conn: Connection | None = None

    def ensure_started(self) -> Connection:
        if self.process is None or not self.process.is_alive():
            self.stop()
            ctx = multiprocessing.get_context("spawn")
            parent, child = ctx.Pipe()
            self.process = ctx.Process(target=_worker_main, args=(str(self.store), child), daemon=True)
            self.process.start()
            child.close()
            if not parent.poll(START_TIMEOUT) or parent.recv() != "ready":
                self.process.kill()
                raise GraphError(f"{self.store}: a query worker could not open the store")
            self.conn = parent
        assert self.conn is not None
        return self.conn

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()
        self.process, self.conn = None, None


@dataclass
class QueryPool:
    """A fixed number of query workers on one read-only store, shared by all request threads."""

    store: Path
    workers: int = 2
    timeout: float = 10.0
    _idle: queue.Queue[_Slot] = field(default_factory=queue.Queue, init=False)
    _all: list[_Slot] = field(default_factory=list, init=False)

    def start(self) -> None:
        """Start every worker now, so the first requests do not pay the start-up."""
        for _ in range(self.workers):
            slot = _Slot(self.store)
            slot.ensure_started()
            self._all.append(slot)
            self._idle.put(slot)

    def run(self, job: Job) -> Outcome:
        """Run ``job`` in a free worker; :class:`QueryTimeout` past the deadline."""
        deadline = time.monotonic() + self.timeout
        try:
            slot = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise PoolBusy(f"all {self.workers} query workers stayed busy for {self.timeout:g} s; try again") from None
        try:
            conn = slot.ensure_started()
            conn.send(job)
            if not conn.poll(max(deadline - time.monotonic(), 0.0)):
                slot.stop()
                raise QueryTimeout(
                    f"the query did not finish within {self.timeout:g} s and was stopped; "
                    "narrow it down (a LIMIT, a more specific pattern) or ask for a longer --timeout"
                )
            return conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            slot.stop()
            raise GraphError("the query worker died while running the query") from None
        finally:
            self._idle.put(slot)

    def close(self) -> None:
        """Stop every worker."""
        for slot in self._all:
            slot.stop()


def _worker_main(store_path: str, conn: Connection) -> None:
    """The worker loop: open the store once, then answer jobs until the pipe closes."""
    from pyoxigraph import Store

    store = Store.read_only(store_path)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(execute(store, job))
