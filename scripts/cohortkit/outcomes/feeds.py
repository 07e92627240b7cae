"""iCalendar feeds of a cohort, a program and a person, made from the one calendar.

A feed is subscribed to, not imported: a calendar app fetches it again and
again, so every event keeps one UID for its whole life (the meeting series is
`meetings-<cohort>`, its check-ins `checkins-<cohort>`, an event
`<event id>-<cohort>`) and an edit to the data updates the event instead of
adding a second one. The meeting is one recurring event in the cohort's own time zone,
with the zone's VTIMEZONE, so a daylight-saving change moves it the way the
cohort's own clock does; paused meetings are exceptions (EXDATE), never
gaps a client must guess. Every date comes from `program/calendar.py`.

Text is escaped by the icalendar library (commas, semicolons, backslashes and
line breaks), after control characters are removed here: a title can never
end a line and start a property of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, Timezone, vDuration, vRecur, vText

from cohortkit.data.model import Cohort, Model, Program
from cohortkit.program.calendar import CohortCalendar
from cohortkit.support import forked

PRODID = "-//cohortkit//mentoring program calendar//EN"
# Clients that honour it fetch the feed again after this long (Apple, Outlook and Thunderbird do).
REFRESH = timedelta(hours=12)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_END = b"END:VCALENDAR\r\n"
PARALLEL_FROM = 200  # cohorts; below this, starting processes costs more than it saves
_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029]+")


@dataclass(frozen=True, slots=True)
class FeedOptions:
    today: date  # the build's day: the feed's DTSTAMP, so two builds of one day are the same file
    host: str = "cohortkit"  # the right-hand side of every UID: the site's host, so UIDs are globally unique


class FeedBuilder:
    """Every feed of one model; a cohort's events are serialised once, whichever feeds carry them.

    A program's feed and each member's feed repeat the cohort's events, so each is
    made once and joined as text, a member's feed taking those meant for their role;
    a VTIMEZONE is made
    once per zone, for the years the model's cohorts span.
    """

    def __init__(
        self, model: Model, options: FeedOptions, page_urls: Mapping[str, str] | None = None
    ) -> None:
        self.model = model
        self.options = options
        self.page_urls = page_urls or {}
        years = [d.year for c in model.cohorts.values() for d in (c.start, c.end)]
        # A zone's rules for the cohorts' years, with a year either side: small, and enough.
        self._span = (date(min(years, default=2000) - 1, 1, 1), date(max(years, default=2000) + 2, 1, 1))
        self._blocks: dict[str, list[tuple[frozenset[str], bytes]]] = {}
        self._zones: dict[str, bytes] = {}
        self._pending: forked.Pending[list[tuple[frozenset[str], bytes]]] | None = None

    def cohort(self, cohort: Cohort) -> bytes:
        return self._feed(cohort.title, f"Meetings and events of the cohort {cohort.title}", [(cohort, None)])

    def program(self, program: Program) -> bytes:
        cohorts: list[tuple[Cohort, frozenset[str] | None]] = [
            (c, None) for c in self._by_start if c.program == program.id
        ]
        return self._feed(program.name, f"Every cohort's meetings and events in {program.name}", cohorts)

    def person(self, login: str) -> bytes | None:
        """The meetings and events of every cohort a person is a current member of; None if there are none."""
        cohorts = self._current.get(login.lower())
        if not cohorts:
            return None
        person = self.model.person(login)
        name = person.name if person is not None else login
        return self._feed(f"{name}: mentoring", f"{name}'s cohorts: meetings and events", cohorts)

    @cached_property
    def _by_start(self) -> list[Cohort]:
        return sorted(self.model.cohorts.values(), key=lambda c: (c.start, c.id))

    @cached_property
    def _current(self) -> dict[str, list[tuple[Cohort, frozenset[str] | None]]]:
        """login -> the running cohorts they are an active member of, with their roles there (one pass)."""
        found: dict[str, list[tuple[Cohort, frozenset[str] | None]]] = {}
        for cohort in self._by_start:
            if cohort.status in ("completed", "cancelled"):
                continue
            roles: dict[str, set[str]] = {}
            for m in (*cohort.mentors, *cohort.mentees):
                if m.active:
                    roles.setdefault(m.person.lower(), set()).add(str(m.role))
            for login, held in roles.items():
                found.setdefault(login, []).append((cohort, frozenset(held)))
        return found

    def _feed(
        self, name: str, description: str, cohorts: list[tuple[Cohort, frozenset[str] | None]]
    ) -> bytes:
        # The header as the library writes it, then the kept blocks, then the end.
        head = bytes(_calendar(name, description).to_ical()).removesuffix(_END)
        zones = sorted({c.meeting.timezone for c, _ in cohorts if _known_zone(c.meeting.timezone)})
        body = [self._zone(z) for z in zones if z != "UTC"] + [self._block(c, roles) for c, roles in cohorts]
        return head + b"".join(body) + _END

    def prepare(self, workers: int | None = None) -> None:
        """Start serialising every cohort's events, in forked workers when there are enough of them.

        The library spends about 4 ms a cohort; a program of a thousand cohorts
        would add seconds to the site build in one process. Feeds asked for
        later wait for the workers; without `prepare` they serialise as they go.
        """
        count = forked.worker_count(workers, len(self._by_start), PARALLEL_FROM)
        self._pending = forked.start(self._serialise_all, self._by_start, count)

    def _serialise_all(self, part: Sequence[Cohort]) -> list[list[tuple[frozenset[str], bytes]]]:
        return [self._serialise(cohort) for cohort in part]

    def _serialise(self, cohort: Cohort) -> list[tuple[frozenset[str], bytes]]:
        program = self.model.programs.get(cohort.program)
        page = self.page_urls.get(cohort.id, "")
        return [
            (audience, bytes(component.to_ical()))
            for audience, component in _cohort_components(program, cohort, self.options, page)
        ]

    def _block(self, cohort: Cohort, roles: frozenset[str] | None) -> bytes:
        """The cohort's events for a member of `roles` (None: all of them), as iCalendar text."""
        if self._pending is not None:
            self._blocks.update(zip((c.id for c in self._by_start), self._pending.result(), strict=True))
            self._pending = None
        if cohort.id not in self._blocks:
            self._blocks[cohort.id] = self._serialise(cohort)
        return b"".join(
            text
            for audience, text in self._blocks[cohort.id]
            if roles is None or not audience or audience & roles
        )

    def _zone(self, zone: str) -> bytes:
        if zone not in self._zones:
            first, last = self._span
            self._zones[zone] = bytes(Timezone.from_tzid(zone, first_date=first, last_date=last).to_ical())
        return self._zones[zone]


def _known_zone(zone: str) -> bool:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _calendar(name: str, description: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X- properties have no type of their own in the library: vText escapes them like SUMMARY.
    calendar.add("x-wr-calname", vText(_line(name)))
    calendar.add("x-wr-caldesc", vText(_line(description)))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    return calendar


def _cohort_components(
    program: Program | None, cohort: Cohort, options: FeedOptions, page_url: str
) -> Iterable[tuple[frozenset[str], Event]]:
    """A cohort's events, each with the roles it is for (empty: everyone)."""
    schedule = CohortCalendar(cohort, program)
    stamp = datetime.combine(options.today, datetime.min.time(), tzinfo=UTC)
    title = _line(cohort.title)
    everyone: frozenset[str] = frozenset()
    series = _meeting_series(schedule, cohort, stamp, title, page_url, options.host)
    if series is None:
        return
    yield everyone, series
    if cohort.status == "cancelled":
        return
    yield everyone, _checkin_series(schedule, cohort, stamp, title, page_url, options.host)
    for scheduled in schedule.events:
        event = scheduled.event
        description = "\n\n".join(part for part in (_plain(event.text), _plain(event.link)) if part)
        component = _all_day(
            f"{event.id}-{cohort.id}@{options.host}",
            stamp,
            scheduled.day,
            f"{_line(event.name)}: {title}",
            description,
            page_url,
        )
        yield frozenset(event.audience), component


def _meeting_series(
    schedule: CohortCalendar, cohort: Cohort, stamp: datetime, title: str, page_url: str, host: str
) -> Event | None:
    grid = schedule.meeting_grid
    if not grid:
        return None
    first = schedule.meeting_time(grid[0])
    last = schedule.meeting_time(grid[-1])
    if first is None or last is None:
        return None  # a zone the tz database does not know: validation has said so already
    event = Event()
    event.add("uid", f"meetings-{cohort.id}@{host}")
    event.add("dtstamp", stamp)
    event.add("summary", f"{title}: cohort meeting")
    event.add("dtstart", first.start)
    event.add("dtend", first.end)
    # UNTIL in UTC, as RFC 5545 requires when DTSTART names a zone.
    event.add("rrule", _every(schedule, last.start.astimezone(UTC)))
    held = set(schedule.meetings)
    for day in grid:
        paused = schedule.meeting_time(day) if day not in held else None
        if paused is not None:
            event.add("exdate", paused.start)
    event.add("description", _description(cohort, page_url))
    if cohort.location:
        event.add("location", _line(cohort.location))
    elif cohort.channel_url:
        event.add("location", _line(cohort.channel_url))
    if page_url:
        event.add("url", page_url)
    event.add("status", "CANCELLED" if cohort.status == "cancelled" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _checkin_series(
    schedule: CohortCalendar, cohort: Cohort, stamp: datetime, title: str, page_url: str, host: str
) -> Event:
    """Each meeting's check-in, due that day: one all-day series on the same days, the same exceptions.

    One series rather than one event per check-in: a year of weekly check-ins is one
    component to serialise and to update, and every check-in is a meeting (the
    calendar's periods are its meetings, one each).
    """
    grid = schedule.meeting_grid
    event = _all_day(
        f"checkins-{cohort.id}@{host}",
        stamp,
        grid[0],
        f"Check-in due: {title}",
        "The cohort's check-in issue for this meeting is due today; mentors close it once the meeting was held.",
        page_url,
    )
    event.add("rrule", _every(schedule, grid[-1]))
    held = set(schedule.meetings)
    for day in grid:
        if day not in held:
            event.add("exdate", day)
    return event


def _every(schedule: CohortCalendar, until: date | datetime) -> vRecur:
    return vRecur({"FREQ": "WEEKLY", "INTERVAL": max(1, schedule.cadence_days // 7), "UNTIL": until})


def _all_day(uid: str, stamp: datetime, day: date, summary: str, description: str, page_url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if page_url:
        event.add("url", page_url)
    event.add("transp", "TRANSPARENT")  # a reminder of the day, not time taken
    return event


def _description(cohort: Cohort, page_url: str) -> str:
    lines = [f"Goal: {_plain(cohort.goal.task)}"]
    if cohort.channel_name or cohort.channel_url:
        lines.append(f"Channel: {_line(cohort.channel_name)} {_line(cohort.channel_url)}".rstrip())
    if page_url:
        lines.append(f"Cohort page: {page_url}")
    return "\n".join(line for line in lines if line)


def _plain(text: str) -> str:
    """Text with no control character but line feeds left: the library escapes the rest for iCalendar."""
    return _CONTROL.sub(" ", _BREAKS.sub("\n", text or "")).strip()


def _line(text: str) -> str:
    """One line of text, for names and summaries: every line break becomes a space."""
    return " ".join(_BREAKS.sub(" ", _plain(text)).split())
