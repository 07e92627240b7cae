"""Where demand exceeds seats: who waits for what, in which hours, and who could lead them.

People left waiting for lack of a seat (not for eligibility) are grouped by
program, what they seek (their first track of the program, and their first
interest among its topics) and time zone, in bands of UTC offsets at most
three hours wide on today's date. Each group is told with the mentors who
could form a new cohort for it: eligible for the program's mentor role, not
away nor quiet by the check-ins, with free capacity after this run's proposals, naming the topic or
track, within three hours of the band.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cohortkit.data.model import Model, Person, Program
from cohortkit.matching.result import Gap, Unplaced
from cohortkit.program.eligibility import unmet_rules
from cohortkit.program.limits import Places, active_cohort_limit, agreement_missing, away

BAND_HOURS = 3.0
MENTORS_SHOWN = 5


@lru_cache(maxsize=4096)
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
    quiet: Collection[str] = (),
) -> list[Gap]:
    """`proposed` counts this run's mentor proposals per (program, login); `quiet` holds the logins
    (lower case) of mentors the check-ins show quiet, never suggested to lead a new cohort."""
    groups: dict[tuple[str, str | None, str | None, str], list[tuple[float, str]]] = {}
    for item in waiting:
        if item.role != "mentee" or not item.reason.startswith(("every cohort", "no cohort")):
            continue
        lack = "meets in their waking hours" if "waking hours" in item.reason else "has a seat"
        person, program = model.person(item.login), model.programs.get(item.program)
        if person is None or program is None:
            continue
        track, topic = _wanted(person, program)
        groups.setdefault((program.id, track, topic, lack), []).append(
            (utc_offset(person.timezone, today), person.login)
        )
    found = []
    pools: dict[str, dict[tuple[str, str], list[_Candidate]]] = {}
    for (program_id, track, topic, lack), people in sorted(
        groups.items(), key=lambda g: (g[0][0], str(g[0][1:]))
    ):
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
                f"in {zone} and no cohort {lack}"
            )
            if program_id not in pools:
                pools[program_id] = _pool(model, program, places, proposed, today, quiet)
            mentors = _mentors(pools[program_id], track, topic, low, high)
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


_Candidate = tuple[Person, float, str]  # a mentor with free capacity, their UTC offset, their load in words


def _pool(
    model: Model,
    program: Program,
    places: Places,
    proposed: Mapping[tuple[str, str], int],
    today: date,
    quiet: Collection[str],
) -> dict[tuple[str, str], list[_Candidate]]:
    """The program's mentors with free capacity after this run's proposals, found once per program
    and indexed by each topic they name and track they seek."""
    found: dict[tuple[str, str], list[_Candidate]] = {}
    for person in model.people.values():
        login = person.login.lower()
        held = places.get((program.id, "mentor", login), ())
        if "mentor" not in person.seeks_roles and not held:
            continue
        if away(person, today) or login in quiet or unmet_rules(person, program, "mentor"):
            continue
        if agreement_missing(person, program, "mentor"):
            continue
        limit, _ = active_cohort_limit(program, "mentor", person)
        load = len(held) + proposed.get((program.id, login), 0)
        if load < limit:
            candidate = (person, utc_offset(person.timezone, today), f"{load}/{limit} cohorts")
            keys = [("topic", t) for t in person.interests] + [("track", t) for t in person.seeks_tracks]
            for key in dict.fromkeys(keys):
                found.setdefault(key, []).append(candidate)
    return found


def _mentors(
    pool: dict[tuple[str, str], list[_Candidate]],
    track: str | None,
    topic: str | None,
    low: float,
    high: float,
) -> tuple[str, ...]:
    ranked = {}
    naming = pool.get(("topic", topic or ""), []) + pool.get(("track", track or ""), [])
    for person, offset, load in naming:
        distance = max(0.0, low - offset, offset - high)
        if distance <= BAND_HOURS:
            ranked[person.login] = (distance, person.login, f"{person.login} ({load}, {_utc(offset)})")
    return tuple(text for _, _, text in sorted(ranked.values())[:MENTORS_SHOWN])
