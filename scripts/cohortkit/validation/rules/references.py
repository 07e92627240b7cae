"""Every reference resolves: program, term, track, topic, people, representative."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Iterator

from cohortkit.data.model import Cohort, Program
from cohortkit.data.problems import Problem
from cohortkit.validation.rules.context import RuleContext, at_membership


def check(context: RuleContext) -> Iterator[Problem]:
    model = context.model
    for cohort in model.cohorts.values():
        program = model.programs.get(cohort.program)
        if program is None:
            if cohort.program not in model.present_programs:
                yield Problem(
                    cohort.file,
                    f"program {cohort.program!r} does not exist",
                    "references",
                    path=("program",),
                    fix=_suggest(cohort.program, model.programs, "programs/"),
                )
        else:
            choices: tuple[tuple[str, str | None, Collection[str]], ...] = (
                ("term", cohort.term, [t.id for t in program.terms]),
                ("track", cohort.track, program.tracks),
                ("topic", cohort.topic, program.topics),
            )
            for key, value, options in choices:
                if value is not None and value not in options:
                    yield Problem(
                        cohort.file,
                        f"{key} {value!r} is not a {key} of program {program.id!r}",
                        "references",
                        path=(key,),
                        fix=_suggest(value, options, f"the {key}s: list of {program.file}"),
                    )
            if cohort.meeting.cadence not in program.cadences:
                yield Problem(
                    cohort.file,
                    f"cadence {cohort.meeting.cadence!r} is not one the program allows",
                    "references",
                    path=("meeting", "cadence"),
                    fix="use one of: " + ", ".join(program.cadences),
                )
        if program is not None:
            yield from _events_attended(cohort, {e.id for e in program.events}, program.file)
        for membership in cohort.memberships:
            if not model.has_person(membership.person):
                yield at_membership(
                    cohort,
                    membership,
                    f"{membership.person!r} has no file people/{membership.person}.yaml",
                    "references",
                    fix=(
                        f"add people/{membership.person}.yaml; a person with history in a cohort keeps their file, "
                        "so if it was deleted, restore it (set listed: false to hide them)"
                    ),
                )
        if cohort.representative:
            yield from _representative(cohort)
    for program in model.programs.values():
        yield from _criteria_events(program)
    all_tracks = {track for program in model.programs.values() for track in program.tracks}
    unreadable_programs = model.present_programs - model.programs.keys()
    for person in model.people.values():
        for index, program_id in enumerate(person.seeks_programs):
            if program_id not in model.programs and program_id not in model.present_programs:
                yield Problem(
                    person.file,
                    f"program {program_id!r} does not exist",
                    "references",
                    path=("seeks", "programs", index),
                    fix=_suggest(program_id, model.programs, "programs/"),
                )
        for index, track_id in enumerate(person.seeks_tracks):
            # A program file that failed its own checks may hold the track: say nothing until it is
            # fixed, so one mistake in a program file does not become one error per person.
            if track_id not in all_tracks and not unreadable_programs:
                yield Problem(
                    person.file,
                    f"track {track_id!r} is not a track of any program",
                    "references",
                    path=("seeks", "tracks", index),
                    fix=_suggest(track_id, all_tracks, "the programs' tracks"),
                )


def _events_attended(cohort: Cohort, events: set[str], program_file: str) -> Iterator[Problem]:
    for membership in cohort.memberships:
        for event_id in membership.events_attended:
            if event_id not in events:
                yield at_membership(
                    cohort,
                    membership,
                    f"event {event_id!r} in events_attended is not an event of program {cohort.program!r}",
                    "references",
                    fix=_suggest(event_id, events, f"the events: list of {program_file}"),
                    key="events_attended",
                )


def _criteria_events(program: Program) -> Iterator[Problem]:
    """A certificate criterion on an event names one of the program's events, and only such a criterion does."""
    events = {e.id for e in program.events}
    for role, criteria in program.certificates.items():
        for index, criterion in enumerate(criteria):
            path = ("certificates", role, index, "event")
            if criterion.metric == "event_attended" and criterion.event not in events:
                yield Problem(
                    program.file,
                    f"certificate criterion {criterion.text!r} names event {criterion.event!r}, which is not in events:",
                    "references",
                    path=path,
                    fix=_suggest(criterion.event, events, "the events: list of this file"),
                )
            elif criterion.metric != "event_attended" and criterion.event:
                yield Problem(
                    program.file,
                    f"certificate criterion {criterion.text!r} names an event, but its metric is {criterion.metric!r}",
                    "references",
                    path=path,
                    fix="set metric: event_attended to count attendance of that event, or remove event:",
                )


def _representative(cohort: Cohort) -> Iterator[Problem]:
    """The representative speaks for the cohort: a member, and a current one while it runs."""
    login = (cohort.representative or "").lower()
    memberships = [m for m in cohort.memberships if m.person.lower() == login]
    if not memberships:
        problem = f"representative {cohort.representative!r} is not a member of this cohort"
    elif cohort.running and not any(m.active for m in memberships):
        problem = f"representative {cohort.representative!r} has left this cohort"
    else:
        return
    yield Problem(
        cohort.file,
        problem,
        "references",
        path=("representative",),
        fix="choose one of the cohort's active mentors or mentees",
    )


def _suggest(value: str, options: Iterable[str], where: str) -> str:
    choices = sorted(options)
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    shown = ", ".join(choices[:8]) + (", ..." if len(choices) > 8 else "")
    return f"use an id from {where}" + (f": {shown}" if shown else "")
