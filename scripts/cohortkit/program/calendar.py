"""The one calendar: every date a cohort has, computed in one place.

Pages, check-in issues, tracking, the welcome, health (and later the feeds)
all ask this module, so they cannot disagree. All of it is pure date
arithmetic on the validated model; nothing here reads a clock.

- **Meetings** fall on the meeting weekday, the first one on or after the
  cohort's start and then every 7, 14 or 28 days (weekly, biweekly, monthly),
  up to the end date; a meeting inside a pause is not held.
- **Check-in periods** cut the cohort into windows of its cadence from the
  start; each window holds exactly one meeting, and its check-in opens on the
  window's first day and is due on that meeting. A paused meeting has no
  check-in, and check-ins are numbered over those held.
- **Outline weeks** count only days the cohort is not paused: a pause does not
  move the outline on, so the week after a one-week break is the week that
  the break interrupted. "Week 5 of 11" on a page, the agenda of a check-in
  and the week a program event falls in are all this count.
- **Program events** fall in the outline week they name (a number, or the
  start, midpoint or last week), on that week's meeting; an event of kind
  `showcase` falls on the term's showcase date where the term gives one.
- **Enrollment**: a term's window, or rolling admission (any day until the
  cohort ends) where the program allows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cohortkit.data.model import Cohort, Event, OutlineWeek, Program, Term

CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 28}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ScheduledEvent:
    event: Event
    week: int  # the outline week the event falls in
    opens: date  # when its issue opens: the first day of that week (or a week before a dated event)
    day: date  # the day it happens: that week's meeting, or the term's own date


@dataclass(frozen=True, slots=True)
class Period:
    cohort: str
    number: int  # 1, 2, 3 ... over check-ins actually held
    opens: date
    closes: date  # the period's last day
    due: date  # the meeting in the period, the day its check-in is due
    week: int  # the outline week of that meeting
    agenda: OutlineWeek | None
    events: tuple[ScheduledEvent, ...] = ()

    @property
    def key(self) -> str:
        """Stable identity of the period, used in hidden markers: its due date."""
        return self.due.isoformat()


@dataclass(frozen=True, slots=True)
class MeetingTime:
    """One meeting, as its members see it and in UTC (the UTC time moves with daylight saving)."""

    on: date
    local_weekday: str
    local_start: str
    local_end: str
    timezone: str
    zone_abbreviation: str
    utc_on: date
    utc_weekday: str
    utc_start: str
    utc_end: str
    minutes: int
    start: datetime  # aware, in the cohort's zone
    end: datetime


def agenda_for(outline: tuple[OutlineWeek, ...], week: int) -> OutlineWeek | None:
    """The outline entry for a week: that week's, or the latest one before it (outlines may skip weeks)."""
    current = None
    for entry in outline:
        if entry.week <= week:
            current = entry
    return current


def outline_of(cohort: Cohort, program: Program | None) -> tuple[OutlineWeek, ...]:
    """The cohort's own outline, else its track's."""
    if cohort.outline:
        return cohort.outline
    if program is not None and cohort.track and cohort.track in program.tracks:
        return program.tracks[cohort.track].outline
    return ()


class CohortCalendar:
    """A cohort's dates; build one per cohort and ask it everything (results are cached)."""

    def __init__(self, cohort: Cohort, program: Program | None) -> None:
        self.cohort = cohort
        self.program = program
        self.term: Term | None = program.term(cohort.term) if program is not None else None
        self.outline = outline_of(cohort, program)
        self.cadence_days = CADENCE_DAYS.get(cohort.meeting.cadence, 7)

    # Pauses and outline weeks -------------------------------------------------

    def paused(self, day: date) -> bool:
        return any(pause.start <= day <= pause.end for pause in self.cohort.pauses)

    def _paused_days_before(self, day: date) -> int:
        """Days of [start, day) that fall in a pause (pauses may overlap; each day counts once)."""
        start = self.cohort.start
        spans = sorted(
            (max(p.start, start), min(p.end, day - _DAY)) for p in self.cohort.pauses if p.start < day
        )
        counted, reach = 0, start - _DAY
        for first, last in spans:
            first = max(first, reach + _DAY)
            if last >= first:
                counted += (last - first).days + 1
                reach = last
        return counted

    def week(self, day: date) -> int:
        """The outline week of a day: 1 + the cohort's unpaused days before it, in sevens."""
        if day <= self.cohort.start:
            return 1
        return ((day - self.cohort.start).days - self._paused_days_before(day)) // 7 + 1

    @cached_property
    def weeks(self) -> int:
        """How many outline weeks the cohort has (its length less its pauses)."""
        return self.week(self.cohort.end)

    def current_week(self, today: date) -> int | None:
        """The outline week a running cohort is in today; None before its start, after its end or if not running."""
        cohort = self.cohort
        if not cohort.running or not cohort.start <= today <= cohort.end:
            return None
        return self.week(today)

    # Meetings and check-in periods ---------------------------------------------

    @cached_property
    def _first_meeting(self) -> date:
        start = self.cohort.start
        weekday = self.cohort.meeting.weekday
        target = WEEKDAYS.index(weekday) if weekday in WEEKDAYS else start.weekday()
        return start + timedelta(days=(target - start.weekday()) % 7)

    @cached_property
    def periods(self) -> tuple[Period, ...]:
        """Every check-in period, from the start to the end, paused meetings left out."""
        cohort, length = self.cohort, self.cadence_days
        offset = (self._first_meeting - cohort.start).days  # 0..6, always inside the first window
        events = self.events
        found: list[Period] = []
        opens = cohort.start
        while opens <= cohort.end:
            due = opens + timedelta(days=offset)
            if due > cohort.end:
                break  # a last window too short to hold a meeting has no check-in
            closes = min(opens + timedelta(days=length - 1), cohort.end)
            if not self.paused(due):
                week = self.week(due)
                found.append(
                    Period(
                        cohort=cohort.id,
                        number=len(found) + 1,
                        opens=opens,
                        closes=closes,
                        due=due,
                        week=week,
                        agenda=agenda_for(self.outline, week),
                        events=tuple(e for e in events if opens <= e.day <= closes),
                    )
                )
            opens += timedelta(days=length)
        return tuple(found)

    @cached_property
    def meeting_grid(self) -> tuple[date, ...]:
        """Every day on the cadence from the first meeting weekday to the end, paused ones included."""
        step, last = timedelta(days=self.cadence_days), self.cohort.end
        found, day = [], self._first_meeting
        while day <= last:
            found.append(day)
            day += step
        return tuple(found)

    @cached_property
    def meetings(self) -> tuple[date, ...]:
        """The days the cohort meets: one per check-in period, pauses left out."""
        return tuple(day for day in self.meeting_grid if not self.paused(day))

    def next_meeting(self, on_or_after: date) -> date | None:
        return next((day for day in self.meetings if day >= on_or_after), None)

    def period_for(self, day: date) -> Period | None:
        """The check-in period whose window holds a day (None in a paused window or outside the cohort)."""
        return next((p for p in self.periods if p.opens <= day <= p.closes), None)

    def first_period(self, on_or_after: date) -> Period | None:
        """The first check-in due on or after a day."""
        return next((p for p in self.periods if p.due >= on_or_after), None)

    def due_periods(self, today: date, grace_days: int) -> list[Period]:
        """Periods whose check-in should exist today (from its first day until its grace runs out).

        A period whose grace had already run out when the tool first saw it
        (installed mid-cohort, or runs skipped) is not opened late: an issue
        for a meeting long past helps nobody.
        """
        if self.cohort.status != "active":
            return []
        return [p for p in self.periods if p.opens <= today <= p.due + timedelta(days=grace_days)]

    def meeting_time(self, on: date) -> MeetingTime | None:
        """The meeting on a day, in the cohort's zone and in UTC; None if the zone is unknown."""
        meeting = self.cohort.meeting
        try:
            zone = ZoneInfo(meeting.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return None
        hours, minutes = (int(part) for part in meeting.time.split(":"))
        start = datetime.combine(on, time(hours, minutes), tzinfo=zone)
        end = start + timedelta(minutes=meeting.minutes)
        start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
        return MeetingTime(
            on=on,
            local_weekday=WEEKDAYS[on.weekday()],
            local_start=start.strftime("%H:%M"),
            local_end=end.strftime("%H:%M"),
            timezone=meeting.timezone,
            zone_abbreviation=start.tzname() or "",
            utc_on=start_utc.date(),
            utc_weekday=WEEKDAYS[start_utc.weekday()],
            utc_start=start_utc.strftime("%H:%M"),
            utc_end=end_utc.strftime("%H:%M"),
            minutes=meeting.minutes,
            start=start,
            end=end,
        )

    def next_meeting_time(self, today: date) -> MeetingTime | None:
        """The next meeting from today; None once the cohort's last meeting is past."""
        day = self.next_meeting(today)
        return self.meeting_time(day) if day else None

    # Program events --------------------------------------------------------------

    def _week_span(self, week: int) -> tuple[date, date] | None:
        """The first and last unpaused day of an outline week, or None if the cohort never reaches it."""
        cohort = self.cohort
        if week < 1 or week > self.weeks:
            return None
        day = cohort.start + timedelta(days=7 * (week - 1))  # no earlier day can be in that week
        while day <= cohort.end and (self.paused(day) or self.week(day) < week):
            day += _DAY
        if day > cohort.end or self.week(day) != week:
            return None
        last = probe = day
        while probe + _DAY <= cohort.end and self.week(probe + _DAY) == week:
            probe += _DAY
            if not self.paused(probe):
                last = probe
        return day, last

    def event_week(self, event: Event) -> int:
        if event.week is not None:
            return event.week
        last = self.weeks
        return {"start": 1, "midpoint": max(1, (last + 1) // 2), "last-week": last}.get(event.at or "", 1)

    @cached_property
    def events(self) -> tuple[ScheduledEvent, ...]:
        if self.program is None:
            return ()
        found = []
        for event in self.program.events:
            if event.kind == "showcase" and self.term is not None and self.term.showcase is not None:
                day = self.term.showcase
                if day < self.cohort.start:
                    continue
                found.append(
                    ScheduledEvent(event, min(self.week(day), self.weeks), day - timedelta(days=6), day)
                )
                continue
            week = self.event_week(event)
            span = self._week_span(week)
            if span is None:
                continue
            first, last = span
            meeting = next((d for d in self.meetings if first <= d <= last), None)
            if meeting is None:  # no meeting that week (biweekly, monthly): its meeting weekday, or its end
                weekday = self._first_meeting.weekday()
                on_weekday = first + timedelta(days=(weekday - first.weekday()) % 7)
                meeting = on_weekday if on_weekday <= last and not self.paused(on_weekday) else last
            found.append(ScheduledEvent(event, week, first, meeting))
        return tuple(found)

    # Enrollment ------------------------------------------------------------------

    @property
    def rolling_admission(self) -> bool:
        return self.program is not None and self.program.rolling_admission

    def enrollment_window(self) -> tuple[date, date] | None:
        """The first and last day people may join this cohort; None if its term is unknown."""
        if self.rolling_admission:
            opens = self.term.enrollment_opens if self.term else self.cohort.start
            return min(opens, self.cohort.start), self.cohort.end
        if self.term is None:
            return None
        return self.term.enrollment_opens, self.term.enrollment_closes

    def enrolling(self, today: date) -> bool:
        """Whether people may join today (seats and the accepting flag are the cohort's own business)."""
        window = self.enrollment_window()
        return window is not None and window[0] <= today <= window[1] and today <= self.cohort.end

    def enrollment_reason(self, today: date) -> str:
        """Why joining is closed today, in words for a person; empty when it is open."""
        window = self.enrollment_window()
        if window is None:
            return f"the cohort's term {self.cohort.term!r} is not one of its program's terms"
        if today > self.cohort.end:
            return f"the cohort ended on {self.cohort.end.isoformat()}"
        if today < window[0]:
            return f"enrollment for this cohort opens on {window[0].isoformat()}"
        if today > window[1]:
            return f"enrollment for this cohort closed on {window[1].isoformat()}"
        return ""


def overdue(period: Period, today: date, grace_days: int) -> bool:
    return today > period.due + timedelta(days=grace_days)


def current_term(program: Program, today: date) -> Term | None:
    """The term running today; else the next one to start; else the last one that ended."""
    if not program.terms:
        return None
    running = [t for t in program.terms if t.start <= today <= t.end]
    if running:
        return min(running, key=lambda t: t.start)
    upcoming = [t for t in program.terms if t.start > today]
    if upcoming:
        return min(upcoming, key=lambda t: t.start)
    return max(program.terms, key=lambda t: t.end)


def enrollment_open(term: Term, today: date) -> bool:
    """A term's own window (a program with rolling admission asks each cohort's calendar instead)."""
    return term.enrollment_opens <= today <= term.enrollment_closes


# Shorthands for callers that need one answer about one cohort.


def periods(cohort: Cohort, program: Program | None) -> tuple[Period, ...]:
    return CohortCalendar(cohort, program).periods


def due_periods(cohort: Cohort, program: Program | None, today: date, grace_days: int) -> list[Period]:
    return CohortCalendar(cohort, program).due_periods(today, grace_days)


def scheduled_events(cohort: Cohort, program: Program | None) -> tuple[ScheduledEvent, ...]:
    return CohortCalendar(cohort, program).events


def closed_to_mentees(cohort: Cohort, program: Program | None, today: date) -> str:
    """Why a cohort takes no new mentee today, in words for a person; empty when it does.

    The one test behind the site's open seats, `opportunities.json`, the
    intake form and the pull-request review's "allowed" for a join.
    """
    if not cohort.running:
        return f"the cohort is {cohort.status}"
    if not cohort.accepting_mentees:
        return "the cohort is not taking mentees"
    reason = CohortCalendar(cohort, program).enrollment_reason(today)
    if reason:
        return reason
    if cohort.open_seats <= 0:
        return f"all {cohort.mentee_seats} seats are taken"
    return ""


def open_to_mentees(cohort: Cohort, program: Program | None, today: date) -> bool:
    return not closed_to_mentees(cohort, program, today)
