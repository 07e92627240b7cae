"""The program's hard limits on who may take a place, stated once for validation and matching.

`cohortkit validate` reports what breaks them and `cohortkit match` proposes
only what keeps them, so both ask this module: how many running cohorts a
person holds in a program and role, how many they may hold (the program's
limit, or a mentor's own `mentor_capacity`), how many mentees a cohort may
have for its mentors, which of its mentors are available, and what a person
lacks for a role. A rule and a proposal can then never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date

from cohortkit.data.model import Cohort, Membership, Model, Person, Program, Role

# (program, role, login in lower case) -> the running cohorts that person holds, earliest start first.
Places = dict[tuple[str, str, str], list[tuple[Cohort, Membership]]]


def running_places(model: Model) -> Places:
    """Every active membership of a running (forming or active) cohort, one per person and cohort."""
    taken: Places = defaultdict(list)
    for cohort in sorted(model.cohorts.values(), key=lambda c: (c.start, c.id)):
        if not cohort.running:
            continue
        counted: set[tuple[str, str]] = set()  # one place per cohort; a duplicate entry is its own error
        for membership in cohort.memberships:
            who = (membership.role, membership.person.lower())
            if membership.active and who not in counted:
                counted.add(who)
                taken[(cohort.program, *who)].append((cohort, membership))
    return taken


def active_cohort_limit(program: Program, role: str, person: Person | None) -> tuple[int, str]:
    """How many running cohorts of the program a person may hold in a role, and why that many."""
    if role == "mentee":
        limit = program.mentee_active_cohorts
        return limit, f"program {program.id!r} allows a mentee {limit} running cohort(s) at once"
    limit = program.mentor_active_cohorts
    if person is not None and person.mentor_capacity is not None and person.mentor_capacity < limit:
        return person.mentor_capacity, f"their mentor_capacity is {person.mentor_capacity}"
    return limit, f"program {program.id!r} allows a mentor {limit} running cohort(s) at once"


def mentees_allowed(cohort: Cohort, program: Program, mentors: int) -> int:
    """The most active mentees the cohort may have with `mentors` active mentors: its seats, and
    the program's mentees per mentor once it has a mentor (a cohort still without one is held
    to its seats alone, and health chases its missing mentor)."""
    if mentors <= 0:
        return cohort.mentee_seats
    return min(cohort.mentee_seats, mentors * program.mentees_per_mentor)


def agreement_missing(person: Person, program: Program, role: Role) -> bool:
    """Whether the role needs the program's mentor agreement and the person has not signed it."""
    return role == "mentor" and program.mentor_agreement_required and person.mentor_agreement is None


def away(person: Person | None, today: date) -> bool:
    return person is not None and person.away_until is not None and person.away_until > today


def available_mentors(
    cohort: Cohort, model: Model, today: date, unavailable: Collection[str] = ()
) -> tuple[Membership, ...]:
    """The cohort's active mentors who are not away today, nor among `unavailable` (logins in lower
    case: the mentors whom the check-ins show quiet, a fact of GitHub's the model does not hold)."""
    return tuple(
        m
        for m in cohort.active_mentors
        if not away(model.person(m.person), today) and m.person.lower() not in unavailable
    )


def mentors_wanted(
    cohort: Cohort, program: Program, model: Model, today: date, unavailable: Collection[str] = ()
) -> int:
    """How many more mentors a running cohort needs so that someone available leads it: up to the
    program's minimum (at least one) counting only available mentors, within its maximum."""
    available = len(available_mentors(cohort, model, today, unavailable))
    room = program.mentors_per_cohort.max - len(cohort.active_mentors)
    return max(0, min(max(1, program.mentors_per_cohort.min) - available, room))
