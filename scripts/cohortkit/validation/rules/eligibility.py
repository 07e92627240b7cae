"""Members meet the program's eligibility rules and mentors signed the agreement.

Every active member of a running cohort (forming or active) is checked
against the rules of their role, whenever they joined. Where the membership
is being decided (a forming cohort, or a join after the start) an unmet rule
is an error; for a member already in a running cohort it is a warning, since
attributes change while a cohort runs and what happened must stay recordable.
A missing attribute is reported as missing, with the line that adds it.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohortkit.data.model import EligibilityRule, Person
from cohortkit.data.problems import Problem
from cohortkit.program.eligibility import accepted_value, unmet_rules, yaml_scalar
from cohortkit.program.limits import agreement_missing
from cohortkit.validation.rules.context import RuleContext, at_membership

_OTHERWISE = "choose a role whose requirements you meet, or ask a coordinator"


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
            # Deciding a membership (a forming cohort, or a join after the start) is an error;
            # a member already in a running cohort whose attributes changed since (a mentee who
            # taught their first workshops) is a warning, so their own edits are never blocked.
            deciding = cohort.status == "forming" or membership.joined >= cohort.start
            for rule in unmet_rules(person, program, membership.role):
                why, fix = _shortfall(person, rule)
                yield at_membership(
                    cohort,
                    membership,
                    f"{person.login} does not meet a {membership.role} requirement of {program.id!r}: "
                    f"{rule.text} ({why})",
                    "eligibility",
                    fix=fix
                    if deciding
                    else f"{fix}; a coordinator decides whether a member already in it stays",
                    severity="error" if deciding else "warning",
                )
            if agreement_missing(person, program, membership.role):
                yield at_membership(
                    cohort,
                    membership,
                    f"{person.login} has not signed the mentor agreement of {program.id!r}",
                    "eligibility",
                    fix=f"read the agreement in {program.file} and add mentor_agreement: YYYY-MM-DD to {person.file}",
                )


def _shortfall(person: Person, rule: EligibilityRule) -> tuple[str, str]:
    """Why `rule` fails for `person`, and how to fix it, with values spelled as YAML spells them."""
    if rule.attribute not in person.attributes:
        # Counted as 0 or false, but saying "is false" would send people looking for a line that is not there.
        line = f"{rule.attribute}: {yaml_scalar(accepted_value(rule))}"
        return (
            f"{person.file} has no 'attributes.{rule.attribute}'",
            f'if it applies to you, add it under attributes: "{line}"; otherwise {_OTHERWISE}',
        )
    value = person.attributes[rule.attribute]
    return f"{rule.attribute} is {yaml_scalar(value)} in {person.file}", _OTHERWISE
