"""When each cohort's check-ins and program events fall: pure date arithmetic.

A cohort's time is cut into periods of its cadence (7, 14 or 28 days) counted
from its start date. Each period's check-in is due on the meeting weekday
inside that period, and opens on the period's first day so it is there before
the meeting. A period whose due day falls in a pause has no check-in.
Check-ins are numbered in order, skipping paused periods, so "check-in 3" is
the third meeting the cohort actually holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cohortkit.model import Cohort, Event, OutlineWeek, Program

CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 28}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True)
class ScheduledEvent:
    event: Event
    week: int
    opens: date  # the first day of the event's week
    day: date  # the meeting day in that week, the day it is due


@dataclass(frozen=True, slots=True)
class Period:
    cohort: str
    number: int  # 1, 2, 3 ... over check-ins actually held
    opens: date
    closes: date  # the period's last day
    due: date
    week: int  # the cohort week the due day falls in
    agenda: OutlineWeek | None
    events: tuple[ScheduledEvent, ...] = ()

    @property
    def key(self) -> str:
        """Stable identity of the period, used in hidden markers: its due date."""
        return self.due.isoformat()


def week_of(cohort: Cohort, day: date) -> int:
    return (day - cohort.start).days // 7 + 1


def outline_of(cohort: Cohort, program: Program | None) -> tuple[OutlineWeek, ...]:
    if cohort.outline:
        return cohort.outline
    if program and cohort.track and cohort.track in program.tracks:
        return program.tracks[cohort.track].outline
    return ()


def agenda_for(outline: tuple[OutlineWeek, ...], week: int) -> OutlineWeek | None:
    """The outline entry for a week: that week's, or the latest one before it."""
    current = None
    for entry in outline:
        if entry.week <= week:
            current = entry
    return current


def paused(cohort: Cohort, day: date) -> bool:
    return any(pause.start <= day <= pause.end for pause in cohort.pauses)


def meeting_day(opens: date, closes: date, weekday: str) -> date:
    """The first meeting weekday on or after `opens`, capped at `closes`."""
    offset = (WEEKDAYS.index(weekday) - opens.weekday()) % 7
    return min(opens + timedelta(days=offset), closes)


def event_week(event: Event, cohort: Cohort) -> int:
    if event.week is not None:
        return event.week
    last = cohort.weeks
    return {"start": 1, "midpoint": max(1, (last + 1) // 2), "last-week": last}.get(event.at or "", 1)


def scheduled_events(cohort: Cohort, program: Program | None) -> tuple[ScheduledEvent, ...]:
    if program is None:
        return ()
    found = []
    for event in program.events:
        week = event_week(event, cohort)
        opens = cohort.start + timedelta(days=7 * (week - 1))
        if opens > cohort.end:
            continue
        closes = min(opens + timedelta(days=6), cohort.end)
        found.append(ScheduledEvent(event, week, opens, meeting_day(opens, closes, cohort.meeting.weekday)))
    return tuple(found)


def periods(cohort: Cohort, program: Program | None) -> list[Period]:
    """Every check-in period of the cohort, from its start to its end."""
    length = CADENCE_DAYS[cohort.meeting.cadence]
    outline = outline_of(cohort, program)
    events = scheduled_events(cohort, program)
    found: list[Period] = []
    opens = cohort.start
    while opens <= cohort.end:
        closes = min(opens + timedelta(days=length - 1), cohort.end)
        due = meeting_day(opens, closes, cohort.meeting.weekday)
        if not paused(cohort, due):
            week = week_of(cohort, due)
            found.append(
                Period(
                    cohort=cohort.id,
                    number=len(found) + 1,
                    opens=opens,
                    closes=closes,
                    due=due,
                    week=week,
                    agenda=agenda_for(outline, week),
                    events=tuple(e for e in events if opens <= e.day <= closes),
                )
            )
        opens += timedelta(days=length)
    return found


def due_periods(cohort: Cohort, program: Program | None, today: date, grace_days: int) -> list[Period]:
    """Periods whose check-in should exist today.

    A period opens on its first day. A period whose grace has already run out
    when the tool first sees it (the tool was installed mid-cohort, or runs
    were skipped) is not opened late: an issue for a meeting long past helps
    nobody, and it would only be marked missed.
    """
    if cohort.status != "active":
        return []
    return [p for p in periods(cohort, program) if p.opens <= today <= p.due + timedelta(days=grace_days)]


def overdue(period: Period, today: date, grace_days: int) -> bool:
    return today > period.due + timedelta(days=grace_days)
