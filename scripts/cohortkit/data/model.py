"""The typed, immutable model of a program repository.

Built (by `build_model.py`) only from documents that passed their schema, so
the builders can trust shapes and types; cross-file rules and every later
feature (site, check-ins, review) read this model, never raw YAML.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Status = Literal["forming", "active", "completed", "cancelled"]
Outcome = Literal["active", "completed", "withdrawn", "did-not-complete"]
Role = Literal["mentor", "mentee"]
RUNNING: frozenset[str] = frozenset({"forming", "active"})


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class EligibilityRule:
    attribute: str
    text: str
    min: float | None = None
    max: float | None = None
    equals: bool | str | float | None = None


@dataclass(frozen=True, slots=True)
class RoleSpec:
    title: str
    responsibilities: tuple[str, ...]
    summary: str = ""
    time_commitment: str = ""
    eligibility: tuple[EligibilityRule, ...] = ()


@dataclass(frozen=True, slots=True)
class Range:
    min: int
    max: int


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    name: str
    enrollment_opens: date
    enrollment_closes: date
    start: date
    end: date
    showcase: date | None = None
    label: str = ""


@dataclass(frozen=True, slots=True)
class OutlineWeek:
    week: int
    title: str
    agenda: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Track:
    id: str
    name: str
    outline: tuple[OutlineWeek, ...]
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    kind: str
    name: str
    audience: tuple[str, ...]
    week: int | None = None
    at: str | None = None
    link: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class Criterion:
    text: str
    metric: str
    min: int
    event: str = ""  # for metric event_attended: the program event's id


@dataclass(frozen=True, slots=True)
class Targets:
    """What a program aims for in a calendar year (None: no target); rates are percentages."""

    mentees_a_year: int | None = None
    mentors_a_year: int | None = None
    new_mentors_a_year: int | None = None
    regions_a_year: int | None = None
    min_completion_percent: float | None = None
    max_withdrawn_percent: float | None = None
    max_did_not_complete_percent: float | None = None
    max_withdrawn_or_did_not_complete_percent: float | None = None


@dataclass(frozen=True, slots=True)
class Program:
    file: str
    id: str
    name: str
    summary: str
    coordinators: tuple[str, ...]
    code_of_conduct: str
    roles: Mapping[str, RoleSpec]
    mentees_per_mentor: int
    mentees_per_cohort: Range
    mentors_per_cohort: Range
    duration_weeks: Range
    cadences: tuple[str, ...]
    mentee_active_cohorts: int
    mentor_active_cohorts: int
    checkin_grace_days: int
    terms: tuple[Term, ...]
    topics: Mapping[str, str]
    tracks: Mapping[str, Track]
    description: str = ""
    mentor_agreement_text: str = ""
    mentor_agreement_required: bool = False
    events: tuple[Event, ...] = ()
    certificates: Mapping[str, tuple[Criterion, ...]] = field(default_factory=dict)
    links: tuple[Link, ...] = ()
    image_hosts: tuple[str, ...] = ()
    rolling_admission: bool = False
    public_progress: str = "weeks"
    targets: Targets = Targets()
    colors: tuple[str, str] | None = None  # (primary, accent) as #rrggbb; None: cohortkit's own
    # matching: the weights the program set (the others keep matching's defaults), and waking hours.
    matching_weights: Mapping[str, int] = field(default_factory=dict)
    waking_hours: tuple[str, str] = ("08:00", "22:00")
    # (list key, index, id) of entries whose id repeats an earlier one; the
    # mappings above keep the first, and a rule reports the rest.
    repeated_ids: tuple[tuple[str, int, str], ...] = ()

    def term(self, term_id: str) -> Term | None:
        return next((t for t in self.terms if t.id == term_id), None)


@dataclass(frozen=True, slots=True)
class Goal:
    task: str
    specific: str
    measurable: str
    achievable: str
    relevant: str
    due: date


@dataclass(frozen=True, slots=True)
class Meeting:
    cadence: str
    weekday: str
    time: str
    timezone: str
    minutes: int = 60


@dataclass(frozen=True, slots=True)
class Pause:
    start: date
    end: date
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Membership:
    person: str
    role: Role
    index: int  # position in the cohort's list, to point errors at the entry
    joined: date
    outcome: Outcome
    left: date | None = None
    meetings_attended: int = 0
    surveys_done: int = 0
    showcase_attended: bool = False
    events_attended: tuple[str, ...] = ()  # program event ids
    badge_revoked: str = ""  # why the goal badge was withdrawn ("" if it stands)
    note: str = ""

    @property
    def active(self) -> bool:
        return self.outcome == "active"

    @property
    def list_name(self) -> str:
        return f"{self.role}s"


@dataclass(frozen=True, slots=True)
class Showcase:
    title: str
    summary: str
    slide_image: str = ""
    slide_alt: str = ""
    slide_url: str = ""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Cohort:
    file: str
    id: str
    program: str
    term: str
    title: str
    goal: Goal
    topic: str
    status: Status
    start: date
    end: date
    meeting: Meeting
    format: str
    accepting_mentees: bool
    mentee_seats: int
    mentors: tuple[Membership, ...]
    mentees: tuple[Membership, ...]
    track: str | None = None
    outline: tuple[OutlineWeek, ...] = ()
    summary: str = ""
    pauses: tuple[Pause, ...] = ()
    channel_name: str = ""
    channel_url: str = ""
    location: str = ""
    needs: str = ""
    representative: str | None = None
    showcase: Showcase | None = None

    @property
    def running(self) -> bool:
        """Forming or active: the cohort counts toward people's limits."""
        return self.status in RUNNING

    @property
    def memberships(self) -> tuple[Membership, ...]:
        return self.mentors + self.mentees

    @property
    def active_mentors(self) -> tuple[Membership, ...]:
        return tuple(m for m in self.mentors if m.active)

    @property
    def active_mentees(self) -> tuple[Membership, ...]:
        return tuple(m for m in self.mentees if m.active)

    @property
    def weeks(self) -> int:
        """Length in weeks, counting a started week as a whole one."""
        return math.ceil(((self.end - self.start).days + 1) / 7)

    @property
    def open_seats(self) -> int:
        return max(0, self.mentee_seats - len(self.active_mentees))


@dataclass(frozen=True, slots=True)
class Person:
    file: str
    login: str
    name: str
    timezone: str
    pronouns: str = ""
    region: str = ""
    languages: tuple[str, ...] = ()
    bio: str = ""
    links: tuple[Link, ...] = ()
    interests: tuple[str, ...] = ()
    seeks_roles: tuple[str, ...] = ()
    seeks_programs: tuple[str, ...] = ()
    seeks_tracks: tuple[str, ...] = ()
    seeks_help: str = ""
    seeks_interaction: tuple[str, ...] = ()
    mentor_capacity: int | None = None
    attributes: Mapping[str, bool | int | float | str] = field(default_factory=dict)
    onboarded: date | None = None
    mentor_agreement: date | None = None
    away_until: date | None = None
    listed: bool = True


@dataclass(frozen=True)
class Model:
    """Everything that validated, plus the names of files that exist but did not.

    `present_*` lets rules tell "this person has no file" (an error to report)
    from "this person's file is broken" (already reported; stay quiet).
    """

    programs: Mapping[str, Program]
    cohorts: Mapping[str, Cohort]
    people: Mapping[str, Person]
    present_programs: frozenset[str] = frozenset()
    present_cohorts: frozenset[str] = frozenset()
    present_people: frozenset[str] = frozenset()

    def has_person(self, login: str) -> bool:
        """Whether people/<login>.yaml exists, valid or not (logins ignore case)."""
        return login.lower() in self.present_people

    def person(self, login: str) -> Person | None:
        return self.people.get(login.lower())
