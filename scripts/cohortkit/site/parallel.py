"""Profile pages in forked worker processes, when there are enough to be worth it.

Profiles are nine pages in ten at scale. They render in workers (see
`cohortkit.support.forked`) while this process renders the rest; only the finished
pages travel back. For small programs, profiles render in this process.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from cohortkit.data.model import Person
from cohortkit.support import forked

PARALLEL_FROM = 2000  # listed people; below this, starting processes costs more than it saves


class ProfileRenderer(Protocol):
    """What rendering profiles needs of render.py's Renderer, named here so this module need not import it."""

    pages: dict[str, str]

    def profile(self, person: Person) -> None: ...


class Profiles:
    """Profile pages being rendered; `result()` waits for them."""

    def __init__(self, pending: forked.Pending[tuple[str, str]]) -> None:
        self._pending = pending

    def result(self) -> dict[str, str]:
        return dict(self._pending.result())


def start_profiles(renderer: ProfileRenderer, people: Sequence[Person], requested: int | None) -> Profiles:
    def render(part: Sequence[Person]) -> list[tuple[str, str]]:
        saved, renderer.pages = renderer.pages, {}
        try:
            for person in part:
                renderer.profile(person)
            return list(renderer.pages.items())
        finally:
            renderer.pages = saved

    workers = forked.worker_count(requested, len(people), PARALLEL_FROM)
    return Profiles(forked.start(render, people, workers))
