"""The verdict on one change of a pull request, why, and whose approval it needs: what a review reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from cohortkit.join.review.changes import Change

Verdict = Literal["allowed", "needs-review", "rejected"]
STRICTNESS: dict[Verdict, int] = {"allowed": 0, "needs-review": 1, "rejected": 2}


@dataclass(frozen=True, slots=True)
class Judgement:
    change: Change
    verdict: Verdict
    reason: str
    # Logins whose approval the change needs; empty with needs-review means a maintainer.
    reviewers: tuple[str, ...] = ()
    # People the change is about who are asked to confirm it, without being approvers.
    mention: tuple[str, ...] = ()


def strictest(verdicts: Iterable[Verdict]) -> Verdict:
    return max(verdicts, key=STRICTNESS.__getitem__, default="allowed")


def allowed(change: Change, reason: str) -> Judgement:
    return Judgement(change, "allowed", reason)


def rejected(change: Change, reason: str) -> Judgement:
    return Judgement(change, "rejected", reason)
