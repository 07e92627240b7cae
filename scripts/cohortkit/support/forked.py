"""Run a function over slices of a list in forked worker processes.

Forked workers inherit everything the parent built (the model, compiled
schemas and templates) without copying or pickling it; only slice bounds go
out and only the results come back. Where fork is not available (Windows),
for small inputs, or on one CPU, the work runs in this process instead, with
the same result.

Only fork from a process without threads of its own (cohortkit's commands
have none): a forked child gets a copy of every lock as it was.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.pool import AsyncResult, Pool
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_WORKERS = 4
SLICES_PER_WORKER = 4  # a few slices per worker even out their load

# The job forked workers run. Set just before the fork and read only in the
# children, which is how fork shares state without pickling it.
_job: tuple[Callable[[Sequence[Any]], list[Any]], Sequence[Any]] | None = None


def _run_slice(bounds: tuple[int, int]) -> list[Any]:
    if _job is None:  # pragma: no cover (only reachable if a worker was not forked)
        raise RuntimeError("forked worker started without a job")
    work, items = _job
    return work(items[bounds[0] : bounds[1]])


def worker_count(requested: int | None, size: int, worth_it_from: int) -> int:
    """`requested` if given; else one per CPU (at most MAX_WORKERS) once `size` is worth the start-up."""
    if requested is not None:
        return max(1, requested)
    if size < worth_it_from:
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


class Pending(Generic[Result]):
    """Results being computed; `result()` waits for them, in the order of the items."""

    def __init__(
        self, pool: Pool | None, pending: AsyncResult[list[list[Result]]] | None, done: list[Result]
    ) -> None:
        self._pool = pool
        self._pending = pending
        self._done = done

    def result(self) -> list[Result]:
        if self._pool is None or self._pending is None:
            return self._done
        try:
            return [value for part in self._pending.get() for value in part]
        finally:
            self._pool.close()
            self._pool.join()


def start(
    work: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item], workers: int
) -> Pending[Result]:
    """Start `work` on slices of `items` in `workers` forked processes; the caller goes on meanwhile.

    `work` maps a slice to one result per item. With one worker, or without
    fork, it runs here and now.
    """
    global _job
    if workers <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return Pending(None, None, work(items))
    size = -(-len(items) // (workers * SLICES_PER_WORKER))
    slices = [(first, min(first + size, len(items))) for first in range(0, len(items), size)]
    _job = (work, items)
    try:
        pool = multiprocessing.get_context("fork").Pool(workers)
        pending = pool.map_async(_run_slice, slices)
    finally:
        _job = None  # the children have their copy; the parent keeps nothing
    return Pending(pool, pending, [])


def run(work: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item], workers: int) -> list[Result]:
    """`start` and wait."""
    return start(work, items, workers).result()
