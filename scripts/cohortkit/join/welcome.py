"""Welcome on merge: one introduction issue per membership that a push makes new.

A membership deserves a welcome when it is active, in a cohort that is still
running (forming or active), and its person has a valid file to introduce. The
welcomes a push owes are those that hold at the pushed revision and did not
hold at the one before it: a new membership, a withdrawn one made active again,
or a membership whose person file arrived later than the membership.

Planning is a pure function of the two models and `today`; sending lists the
tool's welcome issues once and opens only those whose hidden marker
(`cohortkit:welcome cohort=<id> person=<login>`) is not there yet, so a rerun
after a crash, or a later push that touches the same membership, writes nothing twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cohortkit.data.model import Cohort, Membership, Model, Role
from cohortkit.github.issue_text import render
from cohortkit.github.labels import cohort_label, owner_label
from cohortkit.github.markers import Marker, find_markers, marker
from cohortkit.github.writers import IssueLister, IssueOpener
from cohortkit.program.calendar import CohortCalendar, MeetingTime
from cohortkit.program.pages import cohort_url

WELCOME_LABEL = "welcome"
MARKER_KIND = "welcome"
# GitHub's login syntax (schemas/defs.schema.json): nothing else ever follows an '@' we write.
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_CADENCE_WORDS = {"weekly": "every week", "biweekly": "every two weeks", "monthly": "every four weeks"}


@dataclass(frozen=True, slots=True)
class Welcome:
    cohort: str
    login: str
    role: Role
    title: str
    body: str
    labels: tuple[str, ...]
    assignees: tuple[str, ...]
    mark: Marker


@dataclass(frozen=True, slots=True)
class Skipped:
    cohort: str
    login: str
    reason: str


@dataclass
class WelcomePlan:
    welcomes: list[Welcome] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class LocalTime:
    """The meeting as one person sees it: the weekday may differ from the cohort's."""

    zone: str
    weekday: str
    on: date
    start: str
    end: str


# Planning


def plan_welcomes(base: Model, head: Model, today: date, site_url: str = "") -> WelcomePlan:
    """The welcome issues that `head` owes relative to `base`, in a stable order."""
    plan = WelcomePlan()
    owed = _welcomable(base, in_base=True)
    for stem, cohort in sorted(head.cohorts.items()):
        unknown_before = stem not in base.cohorts and stem in base.present_cohorts
        for membership in cohort.memberships:
            key = (cohort.id, membership.person.lower(), membership.role)
            if key in owed:
                continue
            reason = _why_not(head, cohort, membership)
            if reason is None and unknown_before:
                # The file existed but did not validate before: everyone in it would look new.
                reason = "the cohort file did not validate before, so who is new cannot be told"
            if reason is None:
                plan.welcomes.append(_welcome(head, cohort, membership, today, site_url))
            elif _is_news(base, cohort, membership):
                plan.skipped.append(Skipped(cohort.id, membership.person, reason))
    return plan


def _welcomable(model: Model, in_base: bool) -> set[tuple[str, str, Role]]:
    """(cohort, login, role) of every membership owed a welcome in `model`.

    For the earlier revision a person file that exists counts even when it does
    not validate there: fixing a broken file later is no reason to welcome anyone.
    """
    return {
        (cohort.id, membership.person.lower(), membership.role)
        for cohort in model.cohorts.values()
        for membership in cohort.memberships
        if membership.active
        and cohort.running
        and (model.has_person(membership.person) if in_base else model.person(membership.person))
    }


def _why_not(model: Model, cohort: Cohort, membership: Membership) -> str | None:
    if not membership.active:
        return f"the membership is {membership.outcome}, not active"
    if not cohort.running:
        return f"the cohort is {cohort.status}"
    if model.person(membership.person) is None:
        if model.has_person(membership.person):
            return f"people/{membership.person}.yaml does not validate"
        return f"people/{membership.person}.yaml is missing"
    if not _LOGIN.match(membership.person):
        return "the login is not a GitHub login"
    return None


def _is_news(base: Model, cohort: Cohort, membership: Membership) -> bool:
    """Whether the membership is new, or newly active: only those are worth a 'skipped' line."""
    before = base.cohorts.get(cohort.id)
    was = next(
        (
            m
            for m in (before.memberships if before else ())
            if m.person.lower() == membership.person.lower() and m.role == membership.role
        ),
        None,
    )
    return was is None or (membership.active and not was.active)


def _welcome(model: Model, cohort: Cohort, membership: Membership, today: date, site_url: str) -> Welcome:
    person = model.person(membership.person)
    assert person is not None  # _why_not checked it
    program = model.programs.get(cohort.program)
    mentors = available_mentors(model, cohort, today)
    others = [login for login in mentors if login.lower() != person.login.lower()]
    # Nobody else to greet them (say, the cohort's first mentor): the coordinators are asked.
    coordinators = [] if others else _logins(program.coordinators if program else ())
    calendar = CohortCalendar(cohort, program)
    first = calendar.first_period(max(membership.joined, today))
    meeting = calendar.meeting_time(first.due) if first else None
    mark = marker(MARKER_KIND, cohort=cohort.id, person=person.login)
    body = render(
        "welcome.md.j2",
        cohort=cohort,
        program=program,
        person=person,
        membership=membership,
        newcomer=person.login,
        mentors=others,
        coordinators=coordinators,
        cadence=_CADENCE_WORDS.get(cohort.meeting.cadence, cohort.meeting.cadence),
        meeting=meeting,
        local=local_time(meeting, person.timezone) if meeting else None,
        outline=calendar.outline,
        first=first,
        checkins=len(calendar.periods),
        weeks=calendar.weeks,
        cohort_url=cohort_url(site_url, cohort.id),
        marker=mark.text(),
    )
    title = _line(f"Welcome {person.name} to {cohort.title}")[:256]
    labels = (owner_label(), WELCOME_LABEL, cohort_label(cohort.id, cohort.title).name)
    return Welcome(
        cohort.id,
        person.login,
        membership.role,
        title,
        body,
        labels,
        tuple(_logins([*mentors, *coordinators])[:10]),  # GitHub takes ten assignees at most
        mark,
    )


def available_mentors(model: Model, cohort: Cohort, today: date) -> list[str]:
    """Active mentors who are not away today, as checkins.py assigns them; only login-shaped ones."""
    found = []
    for membership in cohort.active_mentors:
        person = model.person(membership.person)
        if person is None or person.away_until is None or person.away_until <= today:
            found.append(membership.person)
    return _logins(found)


def local_time(meeting: MeetingTime, zone_name: str) -> LocalTime | None:
    """A meeting moved into another time zone, from its UTC instant (the day may change)."""
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    start_utc = datetime.combine(meeting.utc_on, time.fromisoformat(meeting.utc_start), tzinfo=UTC)
    start = start_utc.astimezone(zone)
    end = (start_utc + timedelta(minutes=meeting.minutes)).astimezone(zone)
    return LocalTime(zone_name, f"{start:%A}", start.date(), f"{start:%H:%M}", f"{end:%H:%M}")


def _logins(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        if _LOGIN.match(name):
            seen.setdefault(name.lower(), name)
    return list(seen.values())


def _line(text: str) -> str:
    return _CONTROL.sub(" ", text).strip()


# Sending


def already_welcomed(reader: IssueLister) -> set[tuple[str, str]]:
    """(cohort, login) of every welcome the tool opened, open or closed.

    Markers count only on issues with the owner label, which people without
    triage rights cannot set: a stranger cannot suppress someone's welcome.
    """
    found = set()
    for issue in reader.list_issues([owner_label(), WELCOME_LABEL], "all"):
        for mark in find_markers(issue.body):
            if mark.kind == MARKER_KIND and mark.get("cohort") and mark.get("person"):
                found.add((mark.get("cohort") or "", (mark.get("person") or "").lower()))
    return found


def send_welcomes(
    plan: WelcomePlan, reader: IssueLister, writer: IssueOpener, log: Callable[[str], None]
) -> tuple[int, int]:
    """Open the planned welcomes not opened before; returns (opened, already there)."""
    if not plan.welcomes:
        return 0, 0
    done = already_welcomed(reader)
    opened = present = 0
    for index, welcome in enumerate(plan.welcomes, start=1):
        where = f"[{index}/{len(plan.welcomes)}] {welcome.cohort}: {welcome.login} ({welcome.role})"
        if (welcome.cohort, welcome.login.lower()) in done:
            present += 1
            log(f"{where}: already welcomed")
            continue
        number = writer.open_issue(
            welcome.cohort,
            f"welcome {welcome.login}",
            welcome.title,
            welcome.body,
            list(welcome.labels),
            list(welcome.assignees),
            welcome.mark,
        )
        done.add((welcome.cohort, welcome.login.lower()))
        opened += 1
        log(f"{where}: opened #{number}" if number > 0 else f"{where}: would open a welcome")
    return opened, present
