"""A cohort's status agrees with its memberships, its intake and the calendar."""

from __future__ import annotations

from collections.abc import Iterator

from cohortkit.data.problems import Problem
from cohortkit.validation.rules.context import RuleContext, at_membership


def check(context: RuleContext) -> Iterator[Problem]:
    for cohort in context.model.cohorts.values():
        if cohort.running:
            if context.today is not None and cohort.end < context.today:
                # A warning: nothing is wrong with the data yet, only not brought up to date. The
                # cohort still counts as running (seats, people's limits, check-ins) until it is.
                yield Problem(
                    cohort.file,
                    f"the cohort ended on {cohort.end} but its status is still {cohort.status}",
                    "status",
                    path=("status",),
                    fix="record each member's outcome, then set status: completed, "
                    "or status: cancelled if the cohort did not take place",
                    severity="warning",
                )
            continue
        if cohort.accepting_mentees:
            yield Problem(
                cohort.file,
                f"a {cohort.status} cohort cannot accept mentees",
                "status",
                path=("accepting_mentees",),
                fix="set accepting_mentees: false",
            )
        for membership in cohort.memberships:
            if membership.active:
                yield at_membership(
                    cohort,
                    membership,
                    f"the cohort is {cohort.status} but {membership.person} is still active",
                    "status",
                    key="outcome",
                    fix="record how it ended: outcome completed, withdrawn or did-not-complete, with a left date",
                )
