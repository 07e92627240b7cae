"""What a rule gets to look at, and small helpers for pointing into cohort files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cohortkit.data.model import Cohort, Membership, Model, Program
from cohortkit.data.problems import JsonPath, Problem, Severity
from cohortkit.data.treenode import TreeNode


@dataclass(frozen=True)
class RuleContext:
    model: Model
    root: TreeNode  # a folder, or a git revision when reviewing a pull request
    # The day to judge the calendar against (validate --today, else the real date). None leaves
    # out the rules that need one: a review of two revisions must not change with the clock.
    today: date | None = None

    def program_of(self, cohort: Cohort) -> Program | None:
        return self.model.programs.get(cohort.program)


def membership_path(membership: Membership, *rest: str) -> JsonPath:
    return (membership.list_name, membership.index, *rest)


def at_membership(
    cohort: Cohort,
    membership: Membership,
    message: str,
    rule: str,
    fix: str = "",
    key: str = "person",
    severity: Severity = "error",
) -> Problem:
    return Problem(
        cohort.file,
        message,
        rule,
        path=membership_path(membership, key),
        fix=fix,
        severity=severity,
    )
