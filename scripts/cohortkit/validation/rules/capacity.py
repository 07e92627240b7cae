"""Cohort sizes and people's load stay within the program's limits.

Exceeding a maximum is an error: it is what a join request must not do.
Falling below a minimum is a warning: a mentor withdrawing must be
recordable, and the health report is where an under-staffed cohort is chased.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohortkit.data.model import Cohort, Program
from cohortkit.data.problems import Problem
from cohortkit.program.limits import active_cohort_limit, mentees_allowed, running_places
from cohortkit.validation.rules.context import RuleContext, at_membership


def check(context: RuleContext) -> Iterator[Problem]:
    model = context.model
    for cohort in model.cohorts.values():
        yield from _roles_in_cohort(cohort)
        program = context.program_of(cohort)
        if program and cohort.running:
            yield from _sizes(cohort, program)
    yield from _load(context)


def _roles_in_cohort(cohort: Cohort) -> Iterator[Problem]:
    mentors = {m.person.lower() for m in cohort.mentors}
    seen: set[tuple[str, str]] = set()
    for membership in cohort.memberships:
        key = (membership.role, membership.person.lower())
        if membership.active:
            if key in seen:
                yield at_membership(
                    cohort,
                    membership,
                    f"{membership.person} is listed twice as an active {membership.role}",
                    "capacity",
                    fix="keep one entry; to rejoin after leaving, the earlier entry keeps its outcome",
                )
            seen.add(key)
        if membership.role == "mentee" and membership.person.lower() in mentors:
            yield at_membership(
                cohort,
                membership,
                f"{membership.person} is both a mentor and a mentee of this cohort",
                "capacity",
                fix="a person takes one role in a cohort: remove one of the two entries",
            )


def _sizes(cohort: Cohort, program: Program) -> Iterator[Problem]:
    file = cohort.file
    mentors = len(cohort.active_mentors)
    mentees = len(cohort.active_mentees)
    if cohort.mentee_seats > program.mentees_per_cohort.max:
        yield Problem(
            file,
            f"mentee_seats is {cohort.mentee_seats}; program {program.id!r} allows at most {program.mentees_per_cohort.max} mentees per cohort",
            "capacity",
            path=("mentee_seats",),
        )
    if mentees > cohort.mentee_seats:
        yield Problem(
            file,
            f"{mentees} active mentees but only {cohort.mentee_seats} seats",
            "capacity",
            path=("mentees",),
            at_key=True,
            fix="the cohort is full: join another cohort, or ask the mentors to add seats",
        )
    elif mentees > mentees_allowed(cohort, program, mentors):
        yield Problem(
            file,
            f"{mentees} active mentees for {mentors} active mentor(s); program {program.id!r} allows {program.mentees_per_mentor} mentees per mentor",
            "capacity",
            path=("mentees",),
            at_key=True,
            fix="add a mentor or move a mentee to another cohort",
            severity="warning" if _left_short_by_a_mentor(cohort) else "error",
        )
    if mentors > program.mentors_per_cohort.max:
        yield Problem(
            file,
            f"{mentors} active mentors; at most {program.mentors_per_cohort.max} allowed",
            "capacity",
            path=("mentors",),
            at_key=True,
        )
    if cohort.status == "active":
        if mentors < program.mentors_per_cohort.min:
            yield Problem(
                file,
                f"{mentors} active mentor(s); the program expects at least {program.mentors_per_cohort.min}",
                "capacity",
                path=("mentors",),
                at_key=True,
                severity="warning",
                fix="find a mentor for the cohort (cohortkit health suggests one)",
            )
        if mentees < program.mentees_per_cohort.min:
            yield Problem(
                file,
                f"{mentees} active mentee(s); the program expects at least {program.mentees_per_cohort.min}",
                "capacity",
                path=("mentees",),
                at_key=True,
                severity="warning",
            )


def _left_short_by_a_mentor(cohort: Cohort) -> bool:
    """Whether the ratio broke because a mentor left, not because mentees joined.

    Recording a departure must never be blocked; a join that breaks the ratio must.
    """
    departures = [m.left for m in cohort.mentors if not m.active and m.left]
    if not departures:
        return False
    last = max(departures)
    return all(m.joined <= last for m in cohort.active_mentees)


def _load(context: RuleContext) -> Iterator[Problem]:
    """Mentee active-cohort limit and mentor load, per program, over running cohorts."""
    model = context.model
    for (program_id, role, login), places in running_places(model).items():
        program = model.programs.get(program_id)
        if program is None:
            continue
        limit, why = active_cohort_limit(program, role, model.person(login))
        if len(places) <= limit:
            continue
        others = ", ".join(c.id for c, _ in places[:limit]) or "none"
        for cohort, membership in places[limit:]:
            yield at_membership(
                cohort,
                membership,
                f"{membership.person} would be {role} of {len(places)} running cohorts; {why} (already in: {others})",
                "capacity",
                fix="end one of those memberships first (left date and outcome), or wait until one of those cohorts completes",
            )
