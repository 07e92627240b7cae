"""A cohort's status agrees with its memberships and its intake."""

from __future__ import annotations

from collections.abc import Iterator

from cohortkit.problems import Problem
from cohortkit.rules.context import RuleContext, at_membership


def check(context: RuleContext) -> Iterator[Problem]:
    for cohort in context.model.cohorts.values():
        if cohort.running:
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
