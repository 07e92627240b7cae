"""What one run may spend on GitHub: requests, writes and time, planned rather than run into.

GitHub gives a workflow's token 1,000 requests an hour, and every token at
most 80 content-creating requests a minute and 500 an hour (secondary
limits, answered with a 403 and a Retry-After that can last most of an hour).
A run that meets either is killed by its job's time limit with work half
done, so the budget is kept here instead:

- **Writes** come out of a bucket that holds `burst` writes and refills at
  `per_hour - burst` an hour: by default one write every 7.5 seconds. Any
  60 minutes then see at most 480 writes plus one for each run that started
  in them (runs of one workflow never overlap: their concurrency group queues
  them), under GitHub's 500, and any minute about 8, far under 80, with no
  ledger of earlier runs. A larger burst would be paid again by every run.
- **Requests**: the token's remaining requests, as GitHub's last answer
  reported them (X-RateLimit-Remaining); the run stops while a reserve is
  left, so the next run can still read what it needs to.
- **Time**: the run stops before the job's own limit.

Stopping is an exception, `OutOfBudget`, which the run catches between two
pieces of work and reports with what is left; the next run finishes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from cohortkit.errors import CohortkitError


class OutOfBudget(CohortkitError):
    """The run has spent what it may; what is left waits for the next run."""


@dataclass
class Budget:
    per_hour: int = 480  # under the 500 content-creating requests GitHub allows a token in an hour
    burst: int = 1  # writes allowed at once
    request_reserve: int = 25  # requests left for the next run's reading
    seconds: float = 50 * 60  # this run's time, before the job's limit
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    # Filled in as the run goes.
    writes: int = 0
    requests: int = 0  # counted against the token's hourly limit
    unchanged: int = 0  # conditional requests answered 304, which GitHub does not count
    remaining_requests: int | None = None  # as GitHub last said
    reset_at: float | None = None  # epoch seconds when the token's hour resets
    _tokens: float = field(default=-1.0, repr=False)
    _filled_at: float = field(default=0.0, repr=False)
    _started: float = field(default=-1.0, repr=False)

    def __post_init__(self) -> None:
        now = self.clock()
        self._started = now
        self._filled_at = now
        self._tokens = float(self.burst)

    @property
    def refill_per_second(self) -> float:
        return max(1, self.per_hour - self.burst) / 3600

    def time_left(self) -> float:
        return self.seconds - (self.clock() - self._started)

    def before_request(self) -> None:
        """Called before every request: stops the run while a reserve of the token's requests is left."""
        if self.remaining_requests is not None and self.remaining_requests <= self.request_reserve:
            when = time.strftime(" until %H:%M UTC", time.gmtime(self.reset_at)) if self.reset_at else ""
            raise OutOfBudget(
                f"the token's hourly requests are spent ({self.remaining_requests} left, kept for the "
                f"next run){when}"
            )
        if self.time_left() <= 0:
            raise OutOfBudget("the run's time is up")
        self.requests += 1

    def before_write(self) -> None:
        """Called before every content-creating request: waits for the bucket, or stops the run."""
        self._refill()
        if self._tokens < 1:
            wait = (1 - self._tokens) / self.refill_per_second
            if wait >= self.time_left():
                raise OutOfBudget(
                    f"the next write would have to wait {wait:.0f} s for GitHub's limit of "
                    f"{self.per_hour} writes an hour, past the run's time"
                )
            self.sleep(wait)
            self._refill()
        self._tokens -= 1
        self.writes += 1

    def not_modified(self) -> None:
        """The last request was answered 304 Not Modified: GitHub did not count it, nor do we."""
        self.requests -= 1
        self.unchanged += 1

    def after_response(self, remaining: int | None, reset_at: float | None) -> None:
        if remaining is not None:
            self.remaining_requests = remaining
        if reset_at is not None:
            self.reset_at = reset_at

    def wait_allowed(self, seconds: float) -> bool:
        """Whether waiting `seconds` (a Retry-After) still leaves the run time to use it."""
        return seconds < self.time_left()

    def _refill(self) -> None:
        now = self.clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._filled_at) * self.refill_per_second)
        self._filled_at = now


def unlimited() -> Budget:
    """For tests and one-off commands: no bucket to wait on, no clock to run out."""
    return Budget(per_hour=10**9, burst=10**9, seconds=float("inf"), request_reserve=-1)


def budget_for_pace(pace: float | None) -> Budget:
    """The budget for `--pace`: None keeps GitHub's limits, 0 (tests, the fake) none at all."""
    if pace is None:
        return Budget()
    if pace <= 0:
        return unlimited()
    return Budget(per_hour=max(1, int(3600 / pace)), burst=1)
