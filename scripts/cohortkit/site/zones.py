"""Time zones as the pages show them: UTC offsets and the span a group of people covers.

A cohort's own dates (meetings, weeks, events) are the one calendar's
(cohortkit/calendar.py); this is only how zones are labelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


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
