"""Date facts the pages show: the current term, a cohort's current week, meeting times in UTC.

All of them take `today` as an argument, so that pages (and tests) are the same
whenever they are built for the same day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cohortkit.model import Cohort, OutlineWeek, Program, Term

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


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
    return term.enrollment_opens <= today <= term.enrollment_closes


def outline_of(cohort: Cohort, program: Program | None) -> tuple[OutlineWeek, ...]:
    if cohort.outline:
        return cohort.outline
    if program is not None and cohort.track and cohort.track in program.tracks:
        return program.tracks[cohort.track].outline
    return ()


def cohort_week(cohort: Cohort, today: date) -> int | None:
    """The outline week a running cohort is in today; paused days do not move the outline on."""
    if cohort.status not in {"forming", "active"} or not cohort.start <= today <= cohort.end:
        return None
    paused = sum(
        ((min(p.end, today) - max(p.start, cohort.start)).days + 1)
        for p in cohort.pauses
        if p.start <= today and p.end >= cohort.start
    )
    days = (today - cohort.start).days - paused
    return max(0, days) // 7 + 1


def paused_on(cohort: Cohort, today: date) -> bool:
    return any(p.start <= today <= p.end for p in cohort.pauses)


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


def meeting_time(cohort: Cohort, today: date) -> MeetingTime | None:
    """The next meeting from today (or the first one, for a cohort not yet started or over)."""
    meeting = cohort.meeting
    try:
        zone = ZoneInfo(meeting.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    reference = today if cohort.start <= today <= cohort.end else cohort.start
    target = WEEKDAYS.index(meeting.weekday) if meeting.weekday in WEEKDAYS else reference.weekday()
    on = reference + timedelta(days=(target - reference.weekday()) % 7)
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
    )


def utc_offset_label(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


# Profiles and cohort pages ask for the same few zones on the same few days
# thousands of times; ZoneInfo keeps only weak references to most zones, so
# without this each call could read the zone file again.
@lru_cache(maxsize=8192)
def _offset_minutes(zone_name: str, on: date) -> int | None:
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    offset = datetime.combine(on, time(12), tzinfo=zone).utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class ZoneSpan:
    zones: int
    earliest: str
    latest: str
    hours: float

    @property
    def label(self) -> str:
        if self.zones == 0:
            return ""
        if self.earliest == self.latest:
            return self.earliest
        return f"{self.earliest} to {self.latest}"


def zone_span(zone_names: Iterable[str], on: date) -> ZoneSpan:
    """The UTC offsets a set of time zones covers on one day."""
    names = set(zone_names)
    offsets = sorted(o for o in (_offset_minutes(n, on) for n in names) if o is not None)
    if not offsets:
        return ZoneSpan(0, "", "", 0.0)
    return ZoneSpan(
        len(names),
        utc_offset_label(offsets[0]),
        utc_offset_label(offsets[-1]),
        (offsets[-1] - offsets[0]) / 60,
    )
