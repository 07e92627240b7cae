"""Dates are in order, inside their term, and durations within the program's bounds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from cohortkit.data.model import Cohort, OutlineWeek, Program
from cohortkit.data.problems import JsonPath, Problem
from cohortkit.validation.rules.context import RuleContext, at_membership


def check(context: RuleContext) -> Iterator[Problem]:
    for program in context.model.programs.values():
        yield from _program(program)
    for cohort in context.model.cohorts.values():
        yield from _cohort(cohort, context.program_of(cohort))


def _program(program: Program) -> Iterator[Problem]:
    file = program.file
    if program.duration_weeks.min > program.duration_weeks.max:
        yield Problem(
            file,
            "duration_weeks.min is larger than duration_weeks.max",
            "calendar",
            path=("duration_weeks",),
        )
    for key in ("mentees_per_cohort", "mentors_per_cohort"):
        bounds = getattr(program, key)
        if bounds.min > bounds.max:
            yield Problem(file, f"sizes.{key}.min is larger than its max", "calendar", path=("sizes", key))
    for key, index, repeated in program.repeated_ids:
        yield Problem(
            file,
            f"{key}: id {repeated!r} is used twice",
            "calendar",
            path=(key, index, "id"),
            fix="give each entry its own id",
        )
    for index, term in enumerate(program.terms):
        path: JsonPath = ("terms", index)
        yield from _order(
            file,
            (*path, "enrollment_closes"),
            "enrollment_opens",
            term.enrollment_opens,
            "enrollment_closes",
            term.enrollment_closes,
        )
        yield from _order(file, (*path, "end"), "start", term.start, "end", term.end)
        yield from _order(
            file,
            (*path, "enrollment_closes"),
            "enrollment_closes",
            term.enrollment_closes,
            "end",
            term.end,
        )
        if term.showcase and not term.start <= term.showcase <= term.end:
            yield Problem(
                file,
                f"term {term.id!r}: showcase {term.showcase} is outside the term ({term.start} to {term.end})",
                "calendar",
                path=(*path, "showcase"),
            )
    for index, track in enumerate(program.tracks.values()):
        yield from _outline(
            file,
            ("tracks", index, "outline"),
            track.outline,
            program.duration_weeks.max,
            "the program's longest duration",
        )
    for index, event in enumerate(program.events):
        if event.week and event.week > program.duration_weeks.max:
            yield Problem(
                file,
                f"event {event.id!r} is in week {event.week}, but cohorts run at most {program.duration_weeks.max} weeks",
                "calendar",
                path=("events", index, "week"),
            )


def _cohort(cohort: Cohort, program: Program | None) -> Iterator[Problem]:
    file = cohort.file
    if cohort.end < cohort.start:
        yield Problem(
            file,
            f"end {cohort.end} is before start {cohort.start}",
            "calendar",
            path=("end",),
            fix="swap the dates or correct one",
        )
        return  # Everything below measures from start to end.
    term = program.term(cohort.term) if program else None
    if term:
        if cohort.start < term.start:
            yield Problem(
                file,
                f"start {cohort.start} is before term {term.id!r} starts ({term.start})",
                "calendar",
                path=("start",),
            )
        if cohort.end > term.end:
            yield Problem(
                file,
                f"end {cohort.end} is after term {term.id!r} ends ({term.end})",
                "calendar",
                path=("end",),
            )
    if program:
        bounds = program.duration_weeks
        if not bounds.min <= cohort.weeks <= bounds.max:
            yield Problem(
                file,
                f"the cohort runs {cohort.weeks} weeks; program {program.id!r} allows {bounds.min} to {bounds.max}",
                "calendar",
                path=("end",),
                fix="move the start or end date",
            )
    if not cohort.start <= cohort.goal.due <= cohort.end:
        yield Problem(
            file,
            f"goal.due {cohort.goal.due} is outside the cohort ({cohort.start} to {cohort.end})",
            "calendar",
            path=("goal", "due"),
        )
    yield from _outline(file, ("outline",), cohort.outline, cohort.weeks, "the cohort's length")
    if program and cohort.track is not None and cohort.track in program.tracks:
        last = program.tracks[cohort.track].outline[-1].week
        if last > cohort.weeks:
            yield Problem(
                file,
                f"track {cohort.track!r} has {last} weeks but the cohort runs {cohort.weeks}",
                "calendar",
                path=("track",),
                severity="warning",
                fix="lengthen the cohort or write its own outline",
            )
    previous_end: date | None = None
    for index, pause in sorted(enumerate(cohort.pauses), key=lambda item: item[1].start):
        path: JsonPath = ("pauses", index)
        yield from _order(file, (*path, "to"), "from", pause.start, "to", pause.end)
        if pause.start < cohort.start or pause.end > cohort.end:
            yield Problem(
                file,
                f"pause {pause.start} to {pause.end} is outside the cohort",
                "calendar",
                path=path,
            )
        if previous_end and pause.start <= previous_end:
            yield Problem(
                file,
                f"pause starting {pause.start} overlaps the pause before it",
                "calendar",
                path=path,
                fix="merge the two pauses",
            )
        previous_end = max(previous_end or pause.end, pause.end)
    yield from _memberships(cohort, program)


def _memberships(cohort: Cohort, program: Program | None) -> Iterator[Problem]:
    term = program.term(cohort.term) if program else None
    for membership in cohort.memberships:
        if term and membership.joined < term.enrollment_opens:
            yield at_membership(
                cohort,
                membership,
                f"joined {membership.joined} is before enrollment opened ({term.enrollment_opens})",
                "calendar",
                key="joined",
            )
        if membership.joined > cohort.end:
            yield at_membership(
                cohort,
                membership,
                f"joined {membership.joined} is after the cohort ended ({cohort.end})",
                "calendar",
                key="joined",
            )
        if membership.left is None:
            if not membership.active:
                yield at_membership(
                    cohort,
                    membership,
                    f"{membership.person} has outcome {membership.outcome} but no left date",
                    "calendar",
                    key="outcome",
                    fix="add left: YYYY-MM-DD, the day the membership ended",
                )
            continue
        if membership.active:
            yield at_membership(
                cohort,
                membership,
                f"{membership.person} has a left date but outcome active",
                "calendar",
                key="left",
                fix="set outcome to completed, withdrawn or did-not-complete, or remove left",
            )
        if membership.left < membership.joined:
            yield at_membership(
                cohort,
                membership,
                f"left {membership.left} is before joined {membership.joined}",
                "calendar",
                key="left",
            )
        if membership.left > cohort.end:
            yield at_membership(
                cohort,
                membership,
                f"left {membership.left} is after the cohort ended ({cohort.end})",
                "calendar",
                key="left",
            )


def _outline(
    file: str, path: JsonPath, outline: tuple[OutlineWeek, ...], limit: int, limit_name: str
) -> Iterator[Problem]:
    previous = 0
    for index, week in enumerate(outline):
        if week.week <= previous:
            yield Problem(
                file,
                f"outline week {week.week} comes after week {previous}",
                "calendar",
                path=(*path, index, "week"),
                fix="list weeks in increasing order, each once",
            )
        elif week.week > limit:
            yield Problem(
                file,
                f"outline week {week.week} is past {limit_name} ({limit} weeks)",
                "calendar",
                path=(*path, index, "week"),
            )
        previous = max(previous, week.week)


def _order(
    file: str, path: JsonPath, first_name: str, first: date, second_name: str, second: date
) -> Iterator[Problem]:
    if second < first:
        yield Problem(file, f"{second_name} {second} is before {first_name} {first}", "calendar", path=path)
