"""Where demand exceeds seats: who waits for what, in which hours, and who could lead them.

People left waiting for lack of a seat (not for eligibility) are grouped by
program, what they seek (their first track of the program, and their first
interest among its topics) and time zone, in bands of UTC offsets at most
three hours wide on today's date. Each group is told with the mentors who
could form a new cohort for it: eligible for the program's mentor role, not
away, with free capacity after this run's proposals, naming the topic or
track, within three hours of the band.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cohortkit.data.model import Model, Person, Program
from cohortkit.matching.result import Gap, Unplaced
from cohortkit.program.eligibility import unmet_rules
from cohortkit.program.limits import Places, active_cohort_limit, agreement_missing, away

BAND_HOURS = 3.0
MENTORS_SHOWN = 5


def utc_offset(zone: str, day: date) -> float:
    try:
        offset = datetime.combine(day, time(12), tzinfo=ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0.0
    return offset.total_seconds() / 3600 if offset else 0.0


def _utc(hours: float) -> str:
    sign = "+" if hours >= 0 else "-"
    whole, rest = divmod(abs(hours) * 60, 60)
    return f"UTC{sign}{int(whole)}" + (f":{int(rest):02d}" if rest else "")


def _wanted(person: Person, program: Program) -> tuple[str | None, str | None]:
    track = next((t for t in person.seeks_tracks if t in program.tracks), None)
    topic = next((t for t in person.interests if t in program.topics), None)
    return track, topic


def gaps(
    model: Model,
    waiting: Sequence[Unplaced],
    places: Places,
    proposed: Mapping[tuple[str, str], int],
    today: date,
) -> list[Gap]:
    """`proposed` counts this run's mentor proposals per (program, login)."""
    groups: dict[tuple[str, str | None, str | None], list[tuple[float, str]]] = {}
    for item in waiting:
        if item.role != "mentee" or not item.reason.startswith(("every cohort", "no cohort")):
            continue
        person, program = model.person(item.login), model.programs.get(item.program)
        if person is None or program is None:
            continue
        track, topic = _wanted(person, program)
        groups.setdefault((program.id, track, topic), []).append(
            (utc_offset(person.timezone, today), person.login)
        )
    found = []
    for (program_id, track, topic), people in sorted(groups.items(), key=lambda g: (g[0][0], str(g[0][1:]))):
        program = model.programs[program_id]
        for band in _bands(sorted(people)):
            low, high = band[0][0], band[-1][0]
            what = (
                " ".join(
                    part
                    for part in (
                        program.topics.get(topic, "") if topic else "",
                        f"({program.tracks[track].name})" if track else "",
                    )
                    if part
                )
                or "a place"
            )
            zone = _utc(low) if low == high else f"{_utc(low)} to {_utc(high)}"
            count = len(band)
            text = (
                f"{count} {'person seeks' if count == 1 else 'people seek'} {what} in {program_id} "
                f"in {zone} and no cohort has a seat"
            )
            mentors = _mentors(model, program, track, topic, low, high, places, proposed, today)
            found.append(Gap(program_id, "mentee", text, tuple(login for _, login in band), mentors))
    return found


def _bands(people: list[tuple[float, str]]) -> list[list[tuple[float, str]]]:
    bands: list[list[tuple[float, str]]] = []
    for item in people:
        if bands and item[0] - bands[-1][0][0] <= BAND_HOURS:
            bands[-1].append(item)
        else:
            bands.append([item])
    return bands


def _mentors(
    model: Model,
    program: Program,
    track: str | None,
    topic: str | None,
    low: float,
    high: float,
    places: Places,
    proposed: Mapping[tuple[str, str], int],
    today: date,
) -> tuple[str, ...]:
    ranked = []
    for person in model.people.values():
        if "mentor" not in person.seeks_roles and not places.get(
            (program.id, "mentor", person.login.lower())
        ):
            continue
        names_it = (topic is not None and topic in person.interests) or (
            track is not None and track in person.seeks_tracks
        )
        if not names_it or away(person, today) or unmet_rules(person, program, "mentor"):
            continue
        if agreement_missing(person, program, "mentor"):
            continue
        limit, _ = active_cohort_limit(program, "mentor", person)
        load = len(places.get((program.id, "mentor", person.login.lower()), ())) + proposed.get(
            (program.id, person.login.lower()), 0
        )
        offset = utc_offset(person.timezone, today)
        distance = max(0.0, low - offset, offset - high)
        if load >= limit or distance > BAND_HOURS:
            continue
        ranked.append((distance, person.login, f"{person.login} ({load}/{limit} cohorts, {_utc(offset)})"))
    return tuple(text for _, _, text in sorted(ranked)[:MENTORS_SHOWN])
