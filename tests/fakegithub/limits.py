"""GitHub's rate limits, counted per token on a clock that tests can move.

GitHub documents two kinds ("Rate limits for the REST API",
https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api):

* **primary**: a budget of requests per hour for each token. `GITHUB_TOKEN` in GitHub
  Actions, which cohortkit's workflows use, gets 1,000 an hour (per repository); a personal
  token 5,000; unauthenticated callers 60. The window is fixed: it starts with the first
  counted request and ends at ``x-ratelimit-reset``. Search has its own budget, 30 a
  minute. Every response says where the token stands (``x-ratelimit-limit``,
  ``-remaining``, ``-used``, ``-reset``, ``-resource``); past the limit GitHub answers
  403 (or 429) with ``x-ratelimit-remaining: 0``. ``GET /rate_limit`` does not count, and
  neither does a conditional request answered ``304 Not Modified`` ("Best practices for
  using the REST API", "Use conditional requests if appropriate").
* **secondary**: among others, "no more than 80 content-generating requests per minute and
  no more than 500 content-generating requests per hour". Past either, 403 (or 429) with
  a message saying so; the fake sends ``Retry-After`` with the seconds until the oldest
  write in the way leaves the window. GitHub does not say which requests "generate
  content"; `ALL_WRITES` (the default) counts every POST, PATCH, PUT and DELETE, to be
  conservative; `DOCUMENTED_CONTENT` counts only creating issues, comments and labels.

`FakeGitHub` counts with a `RateLimiter` whether or not limits are enforced, so the
headers always carry true numbers and a benchmark can read each token's requests and
writes per hour (`TokenUsage`); `GitHubLimits(enforce=True)` makes it refuse as GitHub would.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# --- clocks ---------------------------------------------------------------------------


class RealClock:
    """The wall clock: `time()` in epoch seconds, calling it gives naive UTC to the second."""

    def time(self) -> float:
        return time.time()

    def __call__(self) -> datetime:
        return datetime.fromtimestamp(math.floor(self.time()), UTC).replace(tzinfo=None)


class FakeClock(RealClock):
    """A clock that only moves when told to: `advance(hours=1)` instead of sleeping an hour.

    Starts at `start` (a datetime, naive ones taken as UTC, or epoch seconds), by default
    the real time now, so that reset times in headers stay plausible to a client.
    """

    def __init__(self, start: datetime | float | None = None) -> None:
        self._lock = threading.Lock()
        self._now = _to_epoch(start) if start is not None else time.time()

    def time(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float = 0.0, *, minutes: float = 0.0, hours: float = 0.0) -> None:
        step = seconds + 60 * minutes + 3600 * hours
        if step < 0:
            raise ValueError("a clock does not run backwards")
        with self._lock:
            self._now += step

    def set(self, moment: datetime | float) -> None:
        with self._lock:
            self._now = _to_epoch(moment)


def _to_epoch(moment: datetime | float) -> float:
    if isinstance(moment, datetime):
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    return float(moment)


def epoch_seconds(clock: Callable[[], datetime]) -> float:
    """Epoch seconds of any clock the fake accepts: a `RealClock`/`FakeClock` or a callable."""
    reader = getattr(clock, "time", None)
    if callable(reader):
        return float(reader())
    return _to_epoch(clock())


# --- configuration --------------------------------------------------------------------

# (method, regular expression searched in the path): the requests that count as writes.
ALL_WRITES: tuple[tuple[str, str], ...] = (("POST", ""), ("PATCH", ""), ("PUT", ""), ("DELETE", ""))
DOCUMENTED_CONTENT: tuple[tuple[str, str], ...] = (
    ("POST", r"/issues$"),
    ("POST", r"/issues/[^/]+/comments$"),
    ("POST", r"/labels$"),
)


@dataclass(frozen=True)
class GitHubLimits:
    """The numbers the fake counts against, and whether it refuses past them.

    Defaults are GitHub's for `GITHUB_TOKEN` in Actions; `enforce=False` (what
    `FakeGitHub` uses unless given `limits=`) counts and reports without refusing.
    """

    enforce: bool = True
    core_per_hour: int = 1000
    search_per_minute: int = 30
    unauthenticated_per_hour: int = 60
    content_per_minute: int = 80
    content_per_hour: int = 500
    content_creating: tuple[tuple[str, str], ...] = ALL_WRITES
    primary_status: int = 403  # GitHub documents 403 or 429 for both kinds
    secondary_status: int = 403

    def is_write(self, method: str, path: str) -> bool:
        return any(m == method and re.search(rx, path) for m, rx in self.content_creating)


# --- what a client can read back ------------------------------------------------------


@dataclass(frozen=True)
class RateWindow:
    resource: str
    limit: int
    used: int
    remaining: int
    reset: int  # epoch seconds

    def as_json(self) -> dict[str, Any]:
        return {"limit": self.limit, "used": self.used, "remaining": self.remaining, "reset": self.reset}

    def headers(self) -> dict[str, str]:
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-reset": str(self.reset),
            "x-ratelimit-used": str(self.used),
            "x-ratelimit-resource": self.resource,
        }


@dataclass(frozen=True)
class TokenUsage:
    """One token's account, as a benchmark reads it.

    `requests`/`writes` count everything since the fake started; `*_by_hour` split them
    by clock hour (key: epoch seconds at the start of the hour). `core` and `search` are
    the current primary windows, as the headers report them.
    """

    token: str | None  # None: requests without a valid token (GitHub counts them per IP)
    login: str | None
    core: RateWindow
    search: RateWindow
    writes_last_minute: int
    writes_last_hour: int
    requests: int
    writes: int
    not_modified: int
    primary_limited: int
    secondary_limited: int
    requests_by_hour: dict[int, int]
    writes_by_hour: dict[int, int]


@dataclass(frozen=True)
class Admission:
    """A request let through: what it was counted as, so a 304 can be taken back."""

    key: str | None
    resource: str
    counted: bool
    write: bool
    hour: int


@dataclass(frozen=True)
class Refusal:
    kind: str  # "primary" or "secondary"
    status: int
    window: RateWindow
    retry_after: int | None = None


# --- counting -------------------------------------------------------------------------


@dataclass
class _Window:
    limit: int
    length: float
    start: float | None = None
    used: int = 0

    def roll(self, now: float) -> None:
        if self.start is not None and now >= self.start + self.length:
            self.start, self.used = None, 0

    def snapshot(self, resource: str, now: float) -> RateWindow:
        self.roll(now)
        reset = math.ceil((self.start if self.start is not None else now) + self.length)
        used = min(self.used, self.limit)
        return RateWindow(resource, self.limit, used, max(self.limit - used, 0), reset)


@dataclass
class _Account:
    login: str | None
    core: _Window
    search: _Window
    writes: deque[float] = field(default_factory=deque)  # times of writes in the last hour
    requests_total: int = 0
    writes_total: int = 0
    not_modified: int = 0
    primary_limited: int = 0
    secondary_limited: int = 0
    requests_by_hour: Counter[int] = field(default_factory=Counter)
    writes_by_hour: Counter[int] = field(default_factory=Counter)

    def window(self, resource: str) -> _Window:
        return self.search if resource == "search" else self.core


class RateLimiter:
    """Per-token primary windows and secondary write logs; safe to use from many threads."""

    def __init__(self, limits: GitHubLimits) -> None:
        self.limits = limits
        self._lock = threading.Lock()
        self._accounts: dict[str | None, _Account] = {}

    def _account(self, key: str | None, login: str | None) -> _Account:
        found = self._accounts.get(key)
        if found is None:
            per_hour = self.limits.core_per_hour if key is not None else self.limits.unauthenticated_per_hour
            found = _Account(login, _Window(per_hour, 3600.0), _Window(self.limits.search_per_minute, 60.0))
            self._accounts[key] = found
        if login is not None:
            found.login = login
        return found

    @staticmethod
    def resource_of(path: str) -> str:
        return "search" if path.startswith("/search/") else "core"

    def admit(
        self, key: str | None, login: str | None, method: str, path: str, now: float
    ) -> Admission | Refusal:
        """Count the request, or refuse it as GitHub would (only when limits are enforced)."""
        limits = self.limits
        resource = self.resource_of(path)
        counted = path != "/rate_limit"  # GitHub does not count /rate_limit
        hour = int(now // 3600 * 3600)
        with self._lock:
            account = self._account(key, login)
            window = account.window(resource)
            window.roll(now)
            if counted and limits.enforce and window.used >= window.limit:
                account.primary_limited += 1
                return Refusal("primary", limits.primary_status, window.snapshot(resource, now))
            if counted:
                if window.start is None:
                    window.start = now
                window.used += 1
                account.requests_total += 1
                account.requests_by_hour[hour] += 1
            write = key is not None and limits.is_write(method, path)
            if write:
                log = account.writes
                while log and log[0] <= now - 3600:
                    log.popleft()
                wait = self._write_wait(log, now) if limits.enforce else None
                if wait is not None:
                    account.secondary_limited += 1
                    return Refusal("secondary", limits.secondary_status, window.snapshot(resource, now), wait)
                log.append(now)
                account.writes_total += 1
                account.writes_by_hour[hour] += 1
            return Admission(key, resource, counted, write, hour)

    def _write_wait(self, log: deque[float], now: float) -> int | None:
        """Seconds until one more write fits both windows, or None if it fits now."""
        waits = []
        for limit, length in ((self.limits.content_per_minute, 60.0), (self.limits.content_per_hour, 3600.0)):
            inside = [t for t in log if t > now - length]
            if len(inside) >= limit:
                # The write that has to leave the window for this one to fit.
                waits.append(inside[len(inside) - limit] + length - now)
        if not waits:
            return None
        return max(1, math.ceil(max(waits)))

    def refund(self, admission: Admission) -> None:
        """A conditional request answered 304: GitHub does not count it against the limit."""
        if not admission.counted:
            return
        with self._lock:
            account = self._accounts[admission.key]
            window = account.window(admission.resource)
            window.used = max(window.used - 1, 0)
            account.requests_total -= 1
            account.requests_by_hour[admission.hour] -= 1
            account.not_modified += 1

    def window(self, key: str | None, resource: str, now: float, login: str | None = None) -> RateWindow:
        with self._lock:
            return self._account(key, login).window(resource).snapshot(resource, now)

    def overview(self, key: str | None, now: float) -> dict[str, dict[str, Any]]:
        """`resources` of GET /rate_limit: the same numbers as the headers."""
        with self._lock:
            account = self._account(key, None)
            core = account.core.snapshot("core", now)
            search = account.search.snapshot("search", now)
        graphql = RateWindow("graphql", core.limit, 0, core.limit, core.reset)
        return {"core": core.as_json(), "search": search.as_json(), "graphql": graphql.as_json()}

    def usage(self, key: str | None, now: float) -> TokenUsage:
        with self._lock:
            account = self._account(key, None)
            minute = sum(1 for t in account.writes if t > now - 60)
            hour = sum(1 for t in account.writes if t > now - 3600)
            return TokenUsage(
                token=key,
                login=account.login,
                core=account.core.snapshot("core", now),
                search=account.search.snapshot("search", now),
                writes_last_minute=minute,
                writes_last_hour=hour,
                requests=account.requests_total,
                writes=account.writes_total,
                not_modified=account.not_modified,
                primary_limited=account.primary_limited,
                secondary_limited=account.secondary_limited,
                requests_by_hour={h: n for h, n in sorted(account.requests_by_hour.items()) if n},
                writes_by_hour={h: n for h, n in sorted(account.writes_by_hour.items()) if n},
            )

    def tokens(self) -> list[str | None]:
        with self._lock:
            return list(self._accounts)
