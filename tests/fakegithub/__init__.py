"""A local fake of GitHub's REST API for offline tests of cohortkit's GitHub automation.

Typical use with the real PyGithub::

    import github
    from fakegithub import FakeGitHub

    with FakeGitHub("acme", "mentoring") as fake:
        gh = github.Github(base_url=fake.url, auth=github.Auth.Token("t"), retry=None)
        repo = gh.get_repo("acme/mentoring")
        repo.create_issue("Check-in", labels=["checkin"])
        assert fake.issues()[0]["labels"][0]["name"] == "checkin"
    # leaving the block raises ContractViolationError if any exchange broke the contract

Closer to GitHub's limits, on a clock a test moves instead of sleeping::

    clock = FakeClock()
    with FakeGitHub(clock=clock, limits=GitHubLimits()) as fake:
        ...                      # the 1,001st request in an hour gets 403
        clock.advance(hours=1)   # and the budgets are back

See server.py (FakeGitHub and its arranging methods: lock_issue, delete_issue,
transfer_issue, ...), limits.py (rate limits, FakeClock, usage counters), faults.py (fault
kinds) and contract.py (what is checked).
"""

from __future__ import annotations

from .contract import CONTRACT_DIR, REPLAY_DIR, SPEC_PATH, Contract, ContractViolation, to_json_schema
from .faults import KINDS, Fault, FaultKind, FaultPlan
from .limits import (
    ALL_WRITES,
    DOCUMENTED_CONTENT,
    FakeClock,
    GitHubLimits,
    RateLimiter,
    RateWindow,
    RealClock,
    TokenUsage,
)
from .server import LOCK_REASONS, ContractViolationError, FakeGitHub, RequestRecord, shared_contract
from .state import PullFile

__all__ = [
    "ALL_WRITES",
    "CONTRACT_DIR",
    "DOCUMENTED_CONTENT",
    "KINDS",
    "LOCK_REASONS",
    "REPLAY_DIR",
    "SPEC_PATH",
    "Contract",
    "ContractViolation",
    "ContractViolationError",
    "FakeClock",
    "FakeGitHub",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "GitHubLimits",
    "PullFile",
    "RateLimiter",
    "RateWindow",
    "RealClock",
    "RequestRecord",
    "TokenUsage",
    "shared_contract",
    "to_json_schema",
]
