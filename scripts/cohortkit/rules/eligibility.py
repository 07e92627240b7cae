"""Members meet the program's eligibility rules and mentors signed the agreement.

Attributes change while a cohort runs (a mentee who teaches their first
workshops stops being "new"), so eligibility is checked when membership is
decided: every active member of a forming cohort, and members who joined an
active cohort after it started. Earlier members were checked while it formed.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohortkit.eligibility import attribute_value, unmet_rules
from cohortkit.problems import Problem
from cohortkit.rules.context import RuleContext, at_membership


def check(context: RuleContext) -> Iterator[Problem]:
    model = context.model
    for cohort in model.cohorts.values():
        program = context.program_of(cohort)
        if program is None or not cohort.running:
            continue
        for membership in cohort.memberships:
            person = model.person(membership.person)
            if person is None or not membership.active:
                continue
            deciding = cohort.status == "forming" or membership.joined >= cohort.start
            if deciding:
                for rule in unmet_rules(person, program, membership.role):
                    shown = person.attributes.get(rule.attribute, attribute_value(person, rule))
                    yield at_membership(
                        cohort,
                        membership,
                        f"{person.login} does not meet a {membership.role} requirement of {program.id!r}: {rule.text} "
                        f"({rule.attribute} is {shown!r} in {person.file})",
                        "eligibility",
                        fix="choose a role whose requirements you meet, or ask a coordinator",
                    )
            if (
                membership.role == "mentor"
                and program.mentor_agreement_required
                and person.mentor_agreement is None
            ):
                yield at_membership(
                    cohort,
                    membership,
                    f"{person.login} has not signed the mentor agreement of {program.id!r}",
                    "eligibility",
                    fix=f"read the agreement in {program.file} and add mentor_agreement: YYYY-MM-DD to {person.file}",
                )
