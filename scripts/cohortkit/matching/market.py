"""Who is waiting and where there is room: the seekers and places of one program and role.

A seeker is a person whose `seeks` names the program and the role and who is
not already active in that role in one of its running cohorts, or, for mentors,
who leads fewer cohorts than their limit allows (the mentors health suggests for
an orphaned cohort); they may take as many places as their limit leaves
(`program/limits.py`, the limit `validate` enforces). A place is a cohort taking that role today: for mentees
the test the site, the intake and review-pr use (`closed_to_mentees`: running,
accepting, inside its enrollment window, a free seat), with as many seats as
its seats and its mentors allow; for mentors, a running cohort short of an
available mentor (the orphaned cohorts health reports among them: its mentors
away, or quiet by the check-ins, `quiet.py`), with why it is short. A mentor
who is away or quiet is not a seeker for another cohort. Anything that keeps a
person out of every place is recorded here, for the explanation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from cohortkit.data.model import Cohort, Model, Person, Program, Role
from cohortkit.matching.quiet import QuietMentor
from cohortkit.program.calendar import closed_to_mentees
from cohortkit.program.eligibility import unmet_rules
from cohortkit.program.limits import (
    Places,
    active_cohort_limit,
    agreement_missing,
    available_mentors,
    away,
    mentees_allowed,
    mentors_wanted,
)


@dataclass(frozen=True, slots=True)
class Seeker:
    person: Person
    capacity: int  # places they may take in this program and role
    limit: str  # why that many
    not_eligible: tuple[str, ...] = ()  # what they lack for the role, empty when eligible
    leads: int = 0  # running cohorts they already mentor: offered one more, never reported as waiting


@dataclass(frozen=True, slots=True)
class Place:
    cohort: Cohort
    seats: int  # how many of this role it may take now
    # The members whose preferences the fit compares with: the mentors for a mentee, the mentees for a mentor.
    other_side: tuple[Person, ...] = ()
    need: str = ""  # for a mentor's place: why the cohort is short of one


@dataclass
class Market:
    program: Program
    role: Role
    today: date
    seekers: list[Seeker] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    closed: list[tuple[Cohort, str]] = field(default_factory=list)  # the program's cohorts left out, and why


def seeks(person: Person, program: Program, role: Role) -> bool:
    return role in person.seeks_roles and program.id in person.seeks_programs


def seekers_of(
    model: Model,
    program: Program,
    role: Role,
    places: Places,
    today: date,
    quiet: Mapping[str, QuietMentor] | None = None,
) -> tuple[list[Seeker], list[tuple[Person, str]]]:
    """The program's seekers for a role, and the people who ask but cannot take a place now (why).
    `quiet`: login in lower case -> where that mentor went quiet."""
    quiet = quiet or {}
    found: list[Seeker] = []
    held_back: list[tuple[Person, str]] = []
    for person in sorted(model.people.values(), key=lambda p: p.login.lower()):
        if not seeks(person, program, role):
            continue
        login = person.login.lower()
        held = len(places.get((program.id, role, login), ()))
        if held and role == "mentee":
            continue  # already active as a mentee: not waiting
        if role == "mentor" and away(person, today):
            held_back.append((person, f"they are away until {person.away_until}"))
            continue
        if role == "mentor" and login in quiet:
            # Not handed another cohort while the one they lead waits for them.
            held_back.append((person, f"in {quiet[login].cohort}, {quiet[login].words()}"))
            continue
        capacity, why = active_cohort_limit(program, role, person)
        if held:
            # A mentor with room for one more cohort is offered one, as health suggests them:
            # the year replay found orphaned cohorts left waiting while such mentors were free.
            capacity -= held
            if capacity <= 0:
                continue  # at their limit: not waiting
            why = f"{why}, and they lead {held}"
        if capacity <= 0:
            held_back.append((person, why))
            continue
        lacking = [rule.text for rule in unmet_rules(person, program, role)]
        if agreement_missing(person, program, role):
            lacking.append(f"sign the mentor agreement of {program.id!r}")
        found.append(Seeker(person, capacity, why, tuple(lacking), held if role == "mentor" else 0))
    return found, held_back


def mentor_places(
    model: Model,
    program: Program,
    today: date,
    cohorts: Iterable[Cohort],
    quiet: Mapping[str, Mapping[str, QuietMentor]] | None = None,
) -> tuple[list[Place], list[tuple[Cohort, str]]]:
    """`quiet`: cohort id -> login in lower case -> that cohort's mentors the check-ins show quiet."""
    quiet = quiet or {}
    places: list[Place] = []
    closed: list[tuple[Cohort, str]] = []
    for cohort in cohorts:
        if not cohort.running or cohort.end < today:
            closed.append(
                (cohort, f"the cohort is {cohort.status}" if not cohort.running else "it has ended")
            )
            continue
        silent = quiet.get(cohort.id, {})
        wanted = mentors_wanted(cohort, program, model, today, silent.keys())
        need = _need(model, program, cohort, today, silent)
        if wanted <= 0:
            if need:  # short of an available mentor, but at its maximum: a coordinator replaces one
                closed.append(
                    (cohort, f"{need}, and it has the {program.mentors_per_cohort.max} mentor(s) it may have")
                )
            else:
                closed.append((cohort, "it has the mentors it needs"))
            continue
        mentees = _people(model, (m.person for m in cohort.active_mentees))
        places.append(Place(cohort, wanted, mentees, need))
    return places, closed


def _need(
    model: Model, program: Program, cohort: Cohort, today: date, quiet: Mapping[str, QuietMentor]
) -> str:
    """Why a cohort is short of an available mentor, naming each mentor who is not; empty if it is not.
    Available is what `mentors_wanted` counts (limits.py), so the words and the seats agree."""
    if not cohort.active_mentors:
        return "it has no mentor"
    available = {m.person.lower() for m in available_mentors(cohort, model, today, quiet.keys())}
    least = max(1, program.mentors_per_cohort.min)
    if len(available) >= least:
        return ""
    missing = []
    for membership in cohort.active_mentors:
        login = membership.person.lower()
        if login in available:
            continue
        person = model.person(membership.person)
        if person is not None and away(person, today):  # as health says it: away before quiet
            missing.append(f"{membership.person} is away until {person.away_until}")
        else:
            missing.append(quiet[login].words())
    if not available:
        return ("its mentor " if len(missing) == 1 else "its mentors: ") + "; ".join(missing)
    return f"{len(available)} of its mentors available, the program wants {least} ({'; '.join(missing)})"


def mentee_places(
    model: Model,
    program: Program,
    today: date,
    cohorts: Iterable[Cohort],
    proposed_mentors: Mapping[str, tuple[str, ...]],
) -> tuple[list[Place], list[tuple[Cohort, str]]]:
    """Cohorts open to mentees today, with seats after the mentors already there and those proposed."""
    places: list[Place] = []
    closed: list[tuple[Cohort, str]] = []
    for cohort in cohorts:
        reason = closed_to_mentees(cohort, program, today)
        if reason:
            closed.append((cohort, reason))
            continue
        mentors = [m.person for m in cohort.active_mentors] + list(proposed_mentors.get(cohort.id, ()))
        room = mentees_allowed(cohort, program, len(mentors)) - len(cohort.active_mentees)
        if room <= 0:
            closed.append(
                (
                    cohort,
                    f"its {len(mentors)} mentor(s) already have {program.mentees_per_mentor} mentees each",
                )
            )
            continue
        places.append(Place(cohort, min(room, cohort.open_seats), _people(model, mentors)))
    return places, closed


def _people(model: Model, logins: Iterable[str]) -> tuple[Person, ...]:
    return tuple(person for login in logins if (person := model.person(login)) is not None)
