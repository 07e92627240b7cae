"""Who earned a certificate: each program's written criteria, per role, measured on the record.

The record is the data: the membership's counts (meetings attended, surveys
done, the showcase, the events attended) and the person file (onboarding, the
mentor agreement). Only a cohort that has finished is judged, and a member who
withdrew earns nothing; everyone else gets every criterion's result, so whoever
missed one is told which and by how much, and a criterion can never be skipped
(a certificate needs all of them; a role with no criteria has no certificate).
"""

from __future__ import annotations

from dataclasses import dataclass

from cohortkit.data.model import Cohort, Criterion, Membership, Model, Person, Program

# Outcomes a certificate can follow: completed, or still marked active in a cohort that has finished.
_JUDGED_OUTCOMES = ("completed", "active", "did-not-complete")


@dataclass(frozen=True, slots=True)
class CriterionResult:
    criterion: Criterion
    value: int  # what the record shows, in the criterion's unit

    @property
    def met(self) -> bool:
        return self.value >= self.criterion.min

    @property
    def short_by(self) -> int:
        return max(0, self.criterion.min - self.value)


@dataclass(frozen=True, slots=True)
class Assessment:
    """One membership, judged against its program's criteria for its role."""

    program: Program
    cohort: Cohort
    membership: Membership
    person: Person | None
    results: tuple[CriterionResult, ...]
    reason: str = ""  # why the membership was not judged on criteria, when it was not

    @property
    def earned(self) -> bool:
        return not self.reason and bool(self.results) and all(r.met for r in self.results)

    @property
    def missing(self) -> tuple[CriterionResult, ...]:
        return tuple(r for r in self.results if not r.met)

    @property
    def login(self) -> str:
        return self.membership.person

    @property
    def role(self) -> str:
        return self.membership.role


def assess(model: Model, term: str | None = None) -> list[Assessment]:
    """Every membership of every finished cohort (of one term, if given) whose role has criteria."""
    found: list[Assessment] = []
    for cohort in sorted(model.cohorts.values(), key=lambda c: (c.program, c.term, c.id)):
        program = model.programs.get(cohort.program)
        if program is None or cohort.status != "completed" or (term is not None and cohort.term != term):
            continue
        for membership in (*cohort.mentors, *cohort.mentees):
            criteria = program.certificates.get(membership.role, ())
            if not criteria:
                continue
            person = model.person(membership.person)  # logins ignore case; the model keys them lowered
            if membership.outcome not in _JUDGED_OUTCOMES:
                found.append(
                    Assessment(program, cohort, membership, person, (), reason="withdrew from the cohort")
                )
                continue
            results = tuple(CriterionResult(c, measure(c, membership, person)) for c in criteria)
            found.append(Assessment(program, cohort, membership, person, results))
    return found


def measure(criterion: Criterion, membership: Membership, person: Person | None) -> int:
    """What the record shows for one criterion: a count, or 1/0 for something done or not."""
    metric = criterion.metric
    if metric == "meetings_attended":
        return membership.meetings_attended
    if metric == "surveys_done":
        return membership.surveys_done
    if metric == "showcase_attended":
        return int(membership.showcase_attended)
    if metric == "event_attended":
        return int(criterion.event in membership.events_attended)
    if metric == "onboarded":
        return int(person is not None and person.onboarded is not None)
    if metric == "mentor_agreement":
        return int(person is not None and person.mentor_agreement is not None)
    # A metric the schema allows but this version does not know: never counts as met.
    return -1
