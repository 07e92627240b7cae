"""Builders of the model's objects from documents that passed their schema, one per kind."""

from __future__ import annotations

from datetime import date
from typing import Any

from cohortkit.data.model import (
    Cohort,
    Criterion,
    EligibilityRule,
    Event,
    Goal,
    Link,
    Meeting,
    Membership,
    OutlineWeek,
    Pause,
    Person,
    Program,
    Range,
    Role,
    RoleSpec,
    Showcase,
    Targets,
    Term,
    Track,
)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


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


def _waking_hours(value: dict[str, Any] | None) -> tuple[str, str]:
    return (value["from"], value["to"]) if value else ("08:00", "22:00")


def _targets(value: dict[str, Any] | None) -> Targets:
    value = value or {}

    def rate(key: str) -> float | None:
        return None if value.get(key) is None else float(value[key])

    return Targets(
        mentees_a_year=_optional_int(value.get("mentees_a_year")),
        mentors_a_year=_optional_int(value.get("mentors_a_year")),
        new_mentors_a_year=_optional_int(value.get("new_mentors_a_year")),
        regions_a_year=_optional_int(value.get("regions_a_year")),
        min_completion_percent=rate("min_completion_percent"),
        max_withdrawn_percent=rate("max_withdrawn_percent"),
        max_did_not_complete_percent=rate("max_did_not_complete_percent"),
        max_withdrawn_or_did_not_complete_percent=rate("max_withdrawn_or_did_not_complete_percent"),
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
            role: tuple(
                Criterion(c["text"], c["metric"], _int(c["min"]), str(c.get("event") or "")) for c in criteria
            )
            for role, criteria in (doc.get("certificates") or {}).items()
        },
        links=_links(doc.get("links")),
        image_hosts=tuple(doc.get("image_hosts", ())),
        rolling_admission=bool(doc.get("rolling_admission", False)),
        public_progress=str(doc.get("public_progress", "weeks")),
        targets=_targets(doc.get("targets")),
        colors=(doc["colors"]["primary"], doc["colors"]["accent"]) if "colors" in doc else None,
        matching_weights=dict(doc.get("matching", {}).get("weights", {})),
        waking_hours=_waking_hours(doc.get("matching", {}).get("waking_hours")),
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
        events_attended=tuple(value.get("events_attended") or ()),
        badge_revoked=value.get("badge_revoked", ""),
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
