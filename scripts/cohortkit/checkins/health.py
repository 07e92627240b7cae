"""Program health: who has gone quiet, who carries too much, who is left without a mentor.

Pure: the model plus what each cohort's last check-ins show (who closed them,
who commented) go in; a report comes out. The command fetches the activity
and writes the report into one "Program health" issue, updated in place.
"""

from __future__ import annotations

import heapq
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from cohortkit.data.model import Cohort, Model, Person, Program
from cohortkit.program.calendar import CohortCalendar
from cohortkit.program.eligibility import unmet_rules
from cohortkit.program.limits import active_cohort_limit, away

# Check-ins without a mentor's close or comment before that mentor counts as inactive.
QUIET_PERIODS = 2


@dataclass(frozen=True, slots=True)
class CheckinActivity:
    """A finished check-in (closed, or missed): who closed it, who commented, and its period's key
    (the due date), which says since when a mentor is quiet."""

    closed_by: str | None
    commenters: frozenset[str]
    due: str = ""


def took_part(login: str, checkin: CheckinActivity) -> bool:
    login = login.lower()
    return (checkin.closed_by or "").lower() == login or login in {c.lower() for c in checkin.commenters}


def silent_streak(login: str, finished: Sequence[CheckinActivity]) -> Sequence[CheckinActivity]:
    """The cohort's latest finished check-ins, oldest first, that passed without the mentor's close
    or comment: the run since they last took part."""
    start = len(finished)
    while start > 0 and not took_part(login, finished[start - 1]):
        start -= 1
    return finished[start:]


def is_quiet(login: str, finished: Sequence[CheckinActivity]) -> bool:
    """The one rule for a quiet mentor (health reports them, matching replaces them): the cohort's
    last QUIET_PERIODS finished check-ins, in period order, all passed without them."""
    return len(silent_streak(login, finished)) >= QUIET_PERIODS


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
    pool = MentorPool(model, today)
    for cohort in sorted(model.cohorts.values(), key=lambda c: c.id):
        program = model.programs.get(cohort.program)
        if cohort.status != "active" or program is None:
            continue
        recent = activity.get(cohort.id, [])
        available: list[str] = []
        for membership in cohort.active_mentors:
            person = model.person(membership.person)
            if person and away(person, today):
                report.inactive.append((membership.person, cohort.id, f"away until {person.away_until}"))
                continue
            if is_quiet(membership.person, recent):
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
            report.suggestions[cohort.id] = suggest_mentors(model, cohort, program, today, pool=pool)
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


class MentorPool:
    """Who could step in as a mentor, indexed once per report: one pass over the cohorts and
    one over the people, so suggestions for many orphaned cohorts cost no more than the data."""

    def __init__(self, model: Model, today: date) -> None:
        self.model, self.today = model, today
        self.load: dict[tuple[str, str], int] = {}  # (program, login) -> running cohorts mentored
        self.mentored: dict[str, set[str]] = {}  # login -> programs they mentored in
        for cohort in model.cohorts.values():
            for membership in cohort.mentors:
                login = membership.person.lower()
                self.mentored.setdefault(login, set()).add(cohort.program)
                if cohort.running and membership.active:
                    key = (cohort.program, login)
                    self.load[key] = self.load.get(key, 0) + 1
        self._by_topic: dict[tuple[str, str], list[tuple[Person, int, int]]] = {}

    def candidates(self, program: Program, topic: str) -> list[tuple[Person, int, int]]:
        """(person, load, capacity) of eligible mentors with free capacity who name the topic."""
        key = (program.id, topic)
        if key not in self._by_topic:
            found = []
            for person in self.model.people.values():
                login = person.login.lower()
                if topic not in person.interests or away(person, self.today):
                    continue
                if "mentor" not in person.seeks_roles and program.id not in self.mentored.get(login, ()):
                    continue
                capacity, _ = active_cohort_limit(program, "mentor", person)
                load = self.load.get((program.id, login), 0)
                if load < capacity and not unmet_rules(person, program, "mentor"):
                    found.append((person, load, capacity))
            self._by_topic[key] = found
        return self._by_topic[key]


def suggest_mentors(
    model: Model,
    cohort: Cohort,
    program: Program,
    today: date,
    limit: int = 3,
    pool: MentorPool | None = None,
) -> list[Suggestion]:
    """Mentors with free capacity on the same topic, nearest time zone first."""
    pool = pool or MentorPool(model, today)
    members = {m.person.lower() for m in cohort.memberships}
    # Offsets on the cohort's next meeting (the one calendar's), so daylight saving counts as it will then.
    on = CohortCalendar(cohort, program).next_meeting(today) or today
    meeting_offset = _utc_offset_hours(cohort.meeting.timezone, on)
    ranked: list[tuple[float, str, Suggestion]] = []
    for person, load, capacity in pool.candidates(program, cohort.topic):
        if person.login.lower() in members:
            continue
        distance = abs(_utc_offset_hours(person.timezone, on) - meeting_offset)
        distance = min(distance, 24 - distance)
        reason = f"{cohort.topic}, {load}/{capacity} cohorts, {person.timezone} ({distance:g} h from the meeting's zone)"
        ranked.append((distance, person.login, Suggestion(person.login, reason)))
    return [suggestion for _, _, suggestion in heapq.nsmallest(limit, ranked)]


def _utc_offset_hours(timezone: str, day: date) -> float:
    moment = datetime.combine(day, time(12), tzinfo=zoneinfo.ZoneInfo(timezone))
    offset = moment.utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0
