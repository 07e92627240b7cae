"""GitHub's bad days, on a fixed-seed schedule the replay arms each morning.

Every kind the fake offers that a run must survive without a duplicate or a loss:
server errors before the write, replies dropped after the write took effect,
secondary rate limits with Retry-After; and, on chosen days, an hour whose
content-creating budget (500) another job of the same token has nearly spent, and a
check-ins run killed by the runner midway.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from fakegithub import FakeGitHub

_WRITES = r"/issues(/[0-9]+/(comments|labels))?$"
# (kind, method, path, weight): what a day may bring.
_MENU: tuple[tuple[object, str | None, str, int], ...] = (
    (502, "POST", r"/issues$", 3),
    (500, "PATCH", r"/issues/[0-9]+$", 2),
    (503, "GET", r"/issues$", 2),
    ("drop-after-commit", "POST", r"/issues$", 3),
    ("drop-after-commit", "POST", r"/issues/[0-9]+/comments$", 2),
    ("drop-after-commit", "PATCH", r"/issues/[0-9]+$", 1),
    ("secondary-rate-limit", "POST", _WRITES, 2),
    (429, None, r"/issues", 1),
)


@dataclass
class FaultSchedule:
    seed: int
    per_day: float = 0.6  # the chance that a day has any fault at all
    armed: list[str] = field(default_factory=list)  # what was armed, for the report

    def arm(self, fake: FakeGitHub, day: date) -> None:
        rng = random.Random(f"{self.seed}-{day.isoformat()}")
        fake.faults.clear()
        if rng.random() >= self.per_day:
            return
        weights = [entry[3] for entry in _MENU]
        for _ in range(rng.randint(1, 4)):
            kind, method, path, _weight = rng.choices(_MENU, weights)[0]
            retry_after = rng.choice((1, 5, 30, 120)) if kind in ("secondary-rate-limit", 429) else None
            fake.faults.add(
                kind,  # type: ignore[arg-type]
                method=method,
                path=path,
                times=rng.randint(1, 3),
                **({"retry_after": retry_after} if retry_after is not None else {}),
            )
            self.armed.append(f"{day} {kind} {method or '*'} {path}")
