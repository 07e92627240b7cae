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

See server.py (FakeGitHub), faults.py (fault kinds) and contract.py (what is checked).
"""

from __future__ import annotations

from .contract import CONTRACT_DIR, REPLAY_DIR, SPEC_PATH, Contract, ContractViolation, to_json_schema
from .faults import KINDS, Fault, FaultKind, FaultPlan
from .server import ContractViolationError, FakeGitHub, RequestRecord, shared_contract
from .state import PullFile

__all__ = [
    "CONTRACT_DIR",
    "KINDS",
    "REPLAY_DIR",
    "SPEC_PATH",
    "Contract",
    "ContractViolation",
    "ContractViolationError",
    "FakeGitHub",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "PullFile",
    "RequestRecord",
    "shared_contract",
    "to_json_schema",
]
