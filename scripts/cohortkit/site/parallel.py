"""Profile pages in forked worker processes, when there are enough to be worth it.

Profiles are nine pages in ten at scale. Forked workers inherit the model,
the indexes and the compiled templates without copying or pickling them;
only the finished pages travel back. Where fork is not available (Windows),
or for small programs, profiles render in this process instead.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from multiprocessing.pool import AsyncResult, Pool
from typing import TYPE_CHECKING

from cohortkit.model import Person

if TYPE_CHECKING:
    from cohortkit.site.render import Renderer

PARALLEL_FROM = 2000  # listed people; below this, starting processes costs more than it saves
MAX_WORKERS = 4

# What forked workers render from. Set just before the fork and read only in
# the children, which is how fork shares state without pickling it.
_shared: tuple[Renderer, Sequence[Person]] | None = None


def _render_slice(bounds: tuple[int, int]) -> dict[str, str]:
    if _shared is None:  # pragma: no cover (only reachable if a worker was not forked)
        raise RuntimeError("profile worker started without a renderer")
    renderer, people = _shared
    renderer.pages = {}
    for person in people[bounds[0] : bounds[1]]:
        renderer.profile(person)
    return renderer.pages


class Profiles:
    """Profile pages being rendered; `result()` waits for them."""

    def __init__(
        self, pool: Pool | None, pending: AsyncResult[list[dict[str, str]]] | None, done: dict[str, str]
    ) -> None:
        self._pool = pool
        self._pending = pending
        self._done = done

    def result(self) -> dict[str, str]:
        if self._pool is None or self._pending is None:
            return self._done
        try:
            pages: dict[str, str] = {}
            for part in self._pending.get():
                pages.update(part)
            return pages
        finally:
            self._pool.close()
            self._pool.join()


def _workers(requested: int | None, people: int) -> int:
    if requested is not None:
        return max(1, requested)
    if people < PARALLEL_FROM:
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def start_profiles(renderer: Renderer, people: Sequence[Person], requested: int | None) -> Profiles:
    global _shared
    workers = _workers(requested, len(people))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        done: dict[str, str] = {}
        saved, renderer.pages = renderer.pages, done
        for person in people:
            renderer.profile(person)
        renderer.pages = saved
        return Profiles(None, None, done)
    _shared = (renderer, people)
    size = -(-len(people) // (workers * 4))  # a few slices per worker evens out their load
    slices = [(start, min(start + size, len(people))) for start in range(0, len(people), size)]
    pool = multiprocessing.get_context("fork").Pool(workers)
    pending = pool.map_async(_render_slice, slices)
    _shared = None  # the children have their copy; the parent keeps nothing
    return Profiles(pool, pending, {})
