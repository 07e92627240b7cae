"""Cross-file rules: what a single file's schema cannot see.

Each rule module exposes `check(context) -> Iterable[Problem]`. Rules read the
typed model only, and stay quiet about anything that references a file which
exists but failed its own checks: that file's problems are already reported.
"""

from __future__ import annotations

from cohortkit.data.problems import Problem
from cohortkit.validation.rules import (
    calendar,
    capacity,
    codeowners,
    eligibility,
    identity,
    references,
    status,
    values,
)
from cohortkit.validation.rules.context import RuleContext

RULES = (identity, references, calendar, status, capacity, eligibility, values, codeowners)


def run_rules(context: RuleContext) -> list[Problem]:
    problems: list[Problem] = []
    for rule in RULES:
        problems.extend(rule.check(context))
    return problems


__all__ = ["RULES", "RuleContext", "run_rules"]
