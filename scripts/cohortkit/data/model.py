"""The typed, immutable model of a program repository.

Built only from documents that passed their schema, so constructors can
trust shapes and types; cross-file rules and every later feature (site,
check-ins, review) read this model, never raw YAML.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Status = Literal["forming", "active", "completed", "cancelled"]
Outcome = Literal["active", "completed", "withdrawn", "did-not-complete"]
Role = Literal["mentor", "mentee"]
RUNNING: frozenset[str] = frozenset({"forming", "active"})


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


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


# Builders: one per kind, from a document that passed its schema.


def _int(value: Any) -> int:
    """A JSON-Schema integer as a Python int: the schema accepts 1.0 as the integer 1, and a
    float limit would break every slice and count made with it."""
    return int(value)


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _links(items: Any) -> tuple[Link, ...]:
    return tuple(Link(i["title"], i["url"]) for i in items or ())


def _outline(items: Any) -> tuple[OutlineWeek, ...]:
    return tuple(OutlineWeek(_int(w["week"]), w["title"], tuple(w.get("agenda", ()))) for w in items or ())


def _range(value: dict[str, int]) -> Range:
    return Range(_int(value["min"]), _int(value["max"]))


def _first_by_id(items: Any) -> list[dict[str, Any]]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item["id"] not in seen:
            seen.add(item["id"])
            kept.append(item)
    return kept


def _role(value: dict[str, Any]) -> RoleSpec:
    return RoleSpec(
        title=value["title"],
        responsibilities=tuple(value["responsibilities"]),
        summary=value.get("summary", ""),
        time_commitment=value.get("time_commitment", ""),
        eligibility=tuple(
            EligibilityRule(r["attribute"], r["text"], r.get("min"), r.get("max"), r.get("equals"))
            for r in value.get("eligibility", ())
        ),
    )


def build_program(doc: dict[str, Any], file: str) -> Program:
    agreement = doc.get("mentor_agreement") or {}
    return Program(
        file=file,
        id=doc["id"],
        name=doc["name"],
        summary=doc["summary"],
        description=doc.get("description", ""),
        coordinators=tuple(doc["coordinators"]),
        code_of_conduct=doc["code_of_conduct"],
        mentor_agreement_text=agreement.get("text", ""),
        mentor_agreement_required=bool(agreement.get("required", False)),
        roles={name: _role(spec) for name, spec in doc["roles"].items()},
        mentees_per_mentor=_int(doc["sizes"]["mentees_per_mentor"]),
        mentees_per_cohort=_range(doc["sizes"]["mentees_per_cohort"]),
        mentors_per_cohort=_range(doc["sizes"]["mentors_per_cohort"]),
        duration_weeks=_range(doc["duration_weeks"]),
        cadences=tuple(doc["cadences"]),
        mentee_active_cohorts=_int(doc["limits"]["mentee_active_cohorts"]),
        mentor_active_cohorts=_int(doc["limits"]["mentor_active_cohorts"]),
        checkin_grace_days=_int(doc["limits"].get("checkin_grace_days", 3)),
        terms=tuple(
            Term(
                id=t["id"],
                name=t["name"],
                enrollment_opens=date.fromisoformat(t["enrollment_opens"]),
                enrollment_closes=date.fromisoformat(t["enrollment_closes"]),
                start=date.fromisoformat(t["start"]),
                end=date.fromisoformat(t["end"]),
                showcase=_date(t.get("showcase")),
                label=t.get("label", ""),
            )
            for t in doc["terms"]
        ),
        topics={t["id"]: t["name"] for t in _first_by_id(doc["topics"])},
        tracks={
            t["id"]: Track(t["id"], t["name"], _outline(t["outline"]), t.get("summary", ""))
            for t in _first_by_id(doc.get("tracks", ()))
        },
        events=tuple(
            Event(
                id=e["id"],
                kind=e["kind"],
                name=e["name"],
                audience=tuple(e["for"]),
                week=_optional_int(e.get("week")),
                at=e.get("at"),
                link=e.get("link", ""),
                text=e.get("text", ""),
            )
            for e in doc.get("events", ())
        ),
        certificates={
            role: tuple(Criterion(c["text"], c["metric"], _int(c["min"])) for c in criteria)
            for role, criteria in (doc.get("certificates") or {}).items()
        },
        links=_links(doc.get("links")),
        image_hosts=tuple(doc.get("image_hosts", ())),
        rolling_admission=bool(doc.get("rolling_admission", False)),
        public_progress=str(doc.get("public_progress", "weeks")),
        repeated_ids=tuple(
            (key, index, item["id"])
            for key in ("terms", "topics", "tracks", "events")
            for index, item in enumerate(doc.get(key, ()))
            if any(earlier["id"] == item["id"] for earlier in doc[key][:index])
        ),
    )


def _membership(value: dict[str, Any], role: Role, index: int) -> Membership:
    return Membership(
        person=value["person"],
        role=role,
        index=index,
        joined=date.fromisoformat(value["joined"]),
        outcome=value["outcome"],
        left=_date(value.get("left")),
        meetings_attended=_int(value.get("meetings_attended", 0)),
        surveys_done=_int(value.get("surveys_done", 0)),
        showcase_attended=value.get("showcase_attended", False),
        note=value.get("note", ""),
    )


def build_cohort(doc: dict[str, Any], file: str) -> Cohort:
    goal = doc["goal"]
    meeting = doc["meeting"]
    channel = doc.get("channel") or {}
    showcase = doc.get("showcase")
    slide = (showcase or {}).get("slide") or {}
    return Cohort(
        file=file,
        id=doc["id"],
        program=doc["program"],
        term=doc["term"],
        title=doc["title"],
        summary=doc.get("summary", ""),
        goal=Goal(
            goal["task"],
            goal["specific"],
            goal["measurable"],
            goal["achievable"],
            goal["relevant"],
            date.fromisoformat(goal["due"]),
        ),
        topic=doc["topic"],
        track=doc.get("track"),
        outline=_outline(doc.get("outline")),
        status=doc["status"],
        start=date.fromisoformat(doc["start"]),
        end=date.fromisoformat(doc["end"]),
        meeting=Meeting(
            meeting["cadence"],
            meeting["weekday"],
            meeting["time"],
            meeting["timezone"],
            _int(meeting.get("minutes", 60)),
        ),
        pauses=tuple(
            Pause(date.fromisoformat(p["from"]), date.fromisoformat(p["to"]), p.get("reason", ""))
            for p in doc.get("pauses", ())
        ),
        channel_name=channel.get("name", ""),
        channel_url=channel.get("url", ""),
        format=doc["format"],
        location=doc.get("location", ""),
        accepting_mentees=doc["accepting_mentees"],
        mentee_seats=_int(doc["mentee_seats"]),
        needs=doc.get("needs", ""),
        mentors=tuple(_membership(m, "mentor", i) for i, m in enumerate(doc["mentors"])),
        mentees=tuple(_membership(m, "mentee", i) for i, m in enumerate(doc["mentees"])),
        representative=doc.get("representative"),
        showcase=Showcase(
            showcase["title"],
            showcase["summary"],
            slide.get("image", ""),
            slide.get("alt", ""),
            slide.get("url", ""),
            _links(showcase.get("links")),
        )
        if showcase
        else None,
    )


def build_person(doc: dict[str, Any], file: str) -> Person:
    seeks = doc.get("seeks") or {}
    return Person(
        file=file,
        login=doc["login"],
        name=doc["name"],
        timezone=doc["timezone"],
        pronouns=doc.get("pronouns", ""),
        region=doc.get("region", ""),
        languages=tuple(doc.get("languages", ())),
        bio=doc.get("bio", ""),
        links=_links(doc.get("links")),
        interests=tuple(doc.get("interests", ())),
        seeks_roles=tuple(seeks.get("roles", ())),
        seeks_programs=tuple(seeks.get("programs", ())),
        seeks_tracks=tuple(seeks.get("tracks", ())),
        seeks_help=seeks.get("help", ""),
        seeks_interaction=tuple(seeks.get("interaction", ())),
        mentor_capacity=_optional_int(doc.get("mentor_capacity")),
        attributes=dict(doc.get("attributes") or {}),
        onboarded=_date(doc.get("onboarded")),
        mentor_agreement=_date(doc.get("mentor_agreement")),
        away_until=_date(doc.get("away_until")),
        listed=doc.get("listed", True),
    )
