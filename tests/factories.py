"""Small models built in code, for tests of rules, schedules and plans."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cohortkit.data.model import (
    Cohort,
    EligibilityRule,
    Goal,
    Meeting,
    Membership,
    Person,
    Program,
    Range,
    RoleSpec,
    Term,
)

D = date.fromisoformat
TERM = Term("2026-q1", "Spring", D("2025-12-01"), D("2026-01-10"), D("2026-01-12"), D("2026-04-30"))
PROGRAM = Program(
    file="programs/p.yaml",
    id="p",
    name="P",
    summary="s",
    coordinators=("coord",),
    code_of_conduct="https://example.org/coc",
    roles={
        "mentor": RoleSpec(
            "Mentor", ("lead",), eligibility=(EligibilityRule("workshops_taught", "three or more", min=3),)
        ),
        "mentee": RoleSpec(
            "Mentee", ("learn",), eligibility=(EligibilityRule("workshops_taught", "fewer than two", max=1),)
        ),
    },
    mentees_per_mentor=2,
    mentees_per_cohort=Range(1, 4),
    mentors_per_cohort=Range(1, 2),
    duration_weeks=Range(8, 12),
    cadences=("weekly",),
    mentee_active_cohorts=1,
    mentor_active_cohorts=2,
    checkin_grace_days=3,
    terms=(TERM,),
    topics={"git": "Git"},
    tracks={},
)


def cohort(cid: str, mentors=("mo",), mentees=("ana",), status="forming", **changes) -> Cohort:
    def members(logins, role):
        return tuple(Membership(login, role, i, D("2026-01-05"), "active") for i, login in enumerate(logins))

    base = Cohort(
        file=f"cohorts/2026-q1/{cid}.yaml",
        id=cid,
        program="p",
        term="2026-q1",
        title=cid,
        goal=Goal("t", "s", "m", "a", "r", D("2026-03-01")),
        topic="git",
        status=status,
        start=D("2026-01-12"),
        end=D("2026-03-20"),
        meeting=Meeting("weekly", "monday", "15:00", "UTC"),
        format="online",
        accepting_mentees=True,
        mentee_seats=4,
        mentors=members(mentors, "mentor"),
        mentees=members(mentees, "mentee"),
    )
    return replace(base, **changes)


def person(login: str, **changes) -> Person:
    attributes = {"workshops_taught": 5 if login.startswith("m") else 0}
    return replace(
        Person(file=f"people/{login}.yaml", login=login, name=login, timezone="UTC", attributes=attributes),
        **changes,
    )
