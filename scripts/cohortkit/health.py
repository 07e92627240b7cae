"""Program health: who has gone quiet, who carries too much, who is left without a mentor.

Pure: the model plus what each cohort's last check-ins show (who closed them,
who commented) go in; a report comes out. The command fetches the activity
and writes the report into one "Program health" issue, updated in place.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time

from cohortkit.calendar import CohortCalendar
from cohortkit.eligibility import unmet_rules
from cohortkit.model import Cohort, Model, Person, Program

# Check-ins without a mentor's close or comment before that mentor counts as inactive.
QUIET_PERIODS = 2


@dataclass(frozen=True, slots=True)
class CheckinActivity:
    closed_by: str | None
    commenters: frozenset[str]


@dataclass(frozen=True, slots=True)
class Suggestion:
    login: str
    reason: str


@dataclass
class HealthReport:
    inactive: list[tuple[str, str, str]] = field(default_factory=list)  # (mentor, cohort, why)
    overloaded: list[tuple[str, str, str]] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)  # cohorts without an available mentor
    mentees_without_mentor: list[tuple[str, str]] = field(default_factory=list)  # (mentee, cohort)
    suggestions: dict[str, list[Suggestion]] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return not (self.inactive or self.overloaded or self.orphaned)


def assess(model: Model, activity: dict[str, list[CheckinActivity]], today: date) -> HealthReport:
    report = HealthReport()
    for cohort in sorted(model.cohorts.values(), key=lambda c: c.id):
        program = model.programs.get(cohort.program)
        if cohort.status != "active" or program is None:
            continue
        recent = activity.get(cohort.id, [])[-QUIET_PERIODS:]
        available: list[str] = []
        for membership in cohort.active_mentors:
            person = model.person(membership.person)
            if person and person.away_until and person.away_until > today:
                report.inactive.append((membership.person, cohort.id, f"away until {person.away_until}"))
                continue
            login = membership.person.lower()
            quiet = len(recent) == QUIET_PERIODS and not any(
                (a.closed_by or "").lower() == login or login in {c.lower() for c in a.commenters}
                for a in recent
            )
            if quiet:
                report.inactive.append(
                    (
                        membership.person,
                        cohort.id,
                        f"no check-in closed or commented on in the last {QUIET_PERIODS}",
                    )
                )
                continue
            available.append(membership.person)
        mentees = [m.person for m in cohort.active_mentees]
        if not available:
            report.orphaned.append(cohort.id)
            report.mentees_without_mentor += [(mentee, cohort.id) for mentee in mentees]
            report.suggestions[cohort.id] = suggest_mentors(model, cohort, program, today)
        elif len(mentees) > len(available) * program.mentees_per_mentor:
            for login in available:
                report.overloaded.append(
                    (
                        login,
                        cohort.id,
                        f"{len(mentees)} mentees for {len(available)} available mentor(s); the program allows {program.mentees_per_mentor} each",
                    )
                )
    return report


def running_cohorts_mentored(model: Model, login: str, program_id: str) -> int:
    return sum(
        1
        for c in model.cohorts.values()
        if c.program == program_id
        and c.running
        and any(m.person.lower() == login.lower() for m in c.active_mentors)
    )


def suggest_mentors(
    model: Model, cohort: Cohort, program: Program, today: date, limit: int = 3
) -> list[Suggestion]:
    """Mentors with free capacity on the same topic, nearest time zone first."""
    members = {m.person.lower() for m in cohort.memberships}
    # Offsets on the cohort's next meeting (the one calendar's), so daylight saving counts as it will then.
    on = CohortCalendar(cohort, program).next_meeting(today) or today
    meeting_offset = _utc_offset_hours(cohort.meeting.timezone, on)
    ranked: list[tuple[float, str, Suggestion]] = []
    for person in model.people.values():
        if person.login.lower() in members or (person.away_until and person.away_until > today):
            continue
        if not _wants_to_mentor(model, person, program):
            continue
        if unmet_rules(person, program, "mentor"):
            continue
        capacity = min(
            program.mentor_active_cohorts,
            person.mentor_capacity if person.mentor_capacity is not None else 99,
        )
        load = running_cohorts_mentored(model, person.login, program.id)
        if load >= capacity or cohort.topic not in person.interests:
            continue
        distance = abs(_utc_offset_hours(person.timezone, on) - meeting_offset)
        distance = min(distance, 24 - distance)
        reason = f"{cohort.topic}, {load}/{capacity} cohorts, {person.timezone} ({distance:g} h from the meeting's zone)"
        ranked.append((distance, person.login, Suggestion(person.login, reason)))
    return [suggestion for _, _, suggestion in sorted(ranked)[:limit]]


def _wants_to_mentor(model: Model, person: Person, program: Program) -> bool:
    if "mentor" in person.seeks_roles:
        return True
    return any(
        c.program == program.id and any(m.person.lower() == person.login.lower() for m in c.mentors)
        for c in model.cohorts.values()
    )


def _utc_offset_hours(timezone: str, day: date) -> float:
    moment = datetime.combine(day, time(12), tzinfo=zoneinfo.ZoneInfo(timezone))
    offset = moment.utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0
