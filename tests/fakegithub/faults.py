"""Scripted failures: what GitHub does on a bad day, applied to chosen requests.

A fault matches by HTTP method and a regular expression searched in the request path
(without the query string) and fires for the first `times` matching requests, then goes
quiet. Kinds:

* ``500``, ``502``, ``503``: a server error with a JSON body, nothing is written.
* ``"secondary-rate-limit"``: 403 with GitHub's secondary-limit message and a
  ``Retry-After`` header (``retry_after=None`` leaves the header out, which makes PyGithub
  wait its 60 s default; keep that for tests that pass ``GithubRetry(secondary_rate_wait=0)``).
* ``"primary-rate-limit"``: 403 "API rate limit exceeded", ``x-ratelimit-remaining: 0`` and
  ``x-ratelimit-reset`` ``reset_after`` seconds ahead of the fake's clock.
* ``429``: 429 with the secondary-limit message and ``Retry-After``.
* ``"drop-after-commit"``: the request is carried out (the issue *is* created), then the
  connection is closed without a response, like a crash between commit and reply.
* ``"slow"``: the request is carried out, then the reply waits ``delay`` seconds.
* ``"tamper"``: the request is carried out and ``transform`` rewrites the JSON body
  before it is sent (and contract-checked), to simulate a malformed reply.

Faults that answer instead of GitHub count against no rate limit; real limits, counted per
token, are in limits.py (`FakeGitHub(limits=GitHubLimits())`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

FaultKind = Literal[
    500, 502, 503, 429, "secondary-rate-limit", "primary-rate-limit", "drop-after-commit", "slow", "tamper"
]
KINDS: tuple[FaultKind, ...] = (
    500,
    502,
    503,
    429,
    "secondary-rate-limit",
    "primary-rate-limit",
    "drop-after-commit",
    "slow",
    "tamper",
)
# Kinds that answer instead of the real handler; the others let the handler run first.
BEFORE_HANDLER: frozenset[FaultKind] = frozenset(
    {500, 502, 503, 429, "secondary-rate-limit", "primary-rate-limit"}
)

DOCS = "https://docs.github.com/rest"
SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID FAKE:0001."
)
PRIMARY_MESSAGE = "API rate limit exceeded for user ID 1001. If you reach out to GitHub Support for help, please include the request ID FAKE:0002."
SECONDARY_DOCS = f"{DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
PRIMARY_DOCS = f"{DOCS}/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit"
SERVER_ERRORS = {500: "Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


@dataclass
class Fault:
    kind: FaultKind
    method: str | None = None  # None matches every method
    path: str = ".*"
    times: int = 1
    retry_after: int | None = 1
    reset_after: int = 1
    delay: float = 2.0
    transform: Callable[[Any], Any] | None = None
    hits: int = 0
    _regex: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; choose one of {KINDS}")
        if self.kind == "tamper" and self.transform is None:
            raise ValueError("a 'tamper' fault needs transform=")
        self._regex = re.compile(self.path)

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method.upper() == method) and bool(self._regex.search(path))

    @property
    def exhausted(self) -> bool:
        return self.hits >= self.times


class FaultPlan:
    """The faults armed on one `FakeGitHub`; safe to use from the server's threads."""

    def __init__(self, *, retry_after: int = 1, reset_after: int = 1) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self.retry_after = retry_after
        self.reset_after = reset_after

    def add(
        self,
        kind: FaultKind,
        *,
        method: str | None = None,
        path: str = ".*",
        times: int = 1,
        retry_after: int | Literal["default"] | None = "default",
        reset_after: int | None = None,
        delay: float = 2.0,
        transform: Callable[[Any], Any] | None = None,
    ) -> Fault:
        fault = Fault(
            kind=kind,
            method=method,
            path=path,
            times=times,
            retry_after=self.retry_after if retry_after == "default" else retry_after,
            reset_after=self.reset_after if reset_after is None else reset_after,
            delay=delay,
            transform=transform,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """The first armed fault matching the request, counting this use."""
        with self._lock:
            for fault in self._faults:
                if not fault.exhausted and fault.matches(method, path):
                    fault.hits += 1
                    return fault
        return None

    def pending(self) -> list[Fault]:
        with self._lock:
            return [f for f in self._faults if not f.exhausted]

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
