"""How much of a cohort's meeting time falls inside a person's waking hours, meeting by meeting.

Computed on the cohort's real meeting dates from the one calendar (those
still to come), each converted to the person's zone on its own day, so a
daylight-saving change on either side moves the meeting on the person's
clock exactly as it will. Waking hours that end before they start run past
midnight. An unknown zone counts as no overlap, so it never proposes a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cohortkit.data.model import Cohort, Program
from cohortkit.program.calendar import CohortCalendar

Interval = tuple[datetime, datetime]


def upcoming_meetings(cohort: Cohort, program: Program, today: date) -> tuple[Interval, ...]:
    """The cohort's meetings from today on (all of them if it has not started), as aware intervals."""
    calendar = CohortCalendar(cohort, program)
    found = []
    for day in calendar.meetings:
        if day < today:
            continue
        meeting = calendar.meeting_time(day)
        if meeting is not None:
            found.append((meeting.start, meeting.end))
    return tuple(found)


@lru_cache(maxsize=4096)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _clock(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    return time(hours, minutes)


def waking_share(meetings: Sequence[Interval], zone_name: str, waking: tuple[str, str]) -> float:
    """The share (0 to 1) of the meetings' minutes inside waking hours on the person's clock."""
    zone = _zone(zone_name)
    if zone is None or not meetings:
        return 0.0
    opens, closes = _clock(waking[0]), _clock(waking[1])
    total = inside = 0.0
    for start, end in meetings:
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        total += (end - start).total_seconds()
        day = local_start.date()
        for offset in (-1, 0, 1):  # the waking windows a meeting can touch
            first = day + timedelta(days=offset)
            window_start = datetime.combine(first, opens, tzinfo=zone)
            last = first if closes > opens else first + timedelta(days=1)
            window_end = datetime.combine(last, closes, tzinfo=zone)
            overlap = (min(local_end, window_end) - max(local_start, window_start)).total_seconds()
            inside += max(0.0, overlap)
    return min(1.0, inside / total) if total else 0.0


def local_time_words(meetings: Sequence[Interval], zone_name: str) -> str:
    """The next meeting on the person's clock ("Tuesday 07:00 to 08:00"), for explanations."""
    zone = _zone(zone_name)
    if zone is None or not meetings:
        return ""
    start, end = meetings[0]
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    return f"{local_start:%A} {local_start:%H:%M} to {local_end:%H:%M} their time"
