"""Values a schema cannot check alone: time zones exist, slide images are files."""

from __future__ import annotations

import difflib
import zoneinfo
from collections.abc import Iterator
from functools import cache

from cohortkit.data.problems import JsonPath, Problem
from cohortkit.validation.rules.context import RuleContext


@cache
def known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def timezone_problem(file: str, path: JsonPath, name: str) -> Problem | None:
    zones = known_timezones()
    if name in zones:
        return None
    close = difflib.get_close_matches(name, sorted(zones), n=1, cutoff=0.7)
    fix = (
        f"did you mean {close[0]!r}?"
        if close
        else "use an IANA name such as Europe/Berlin or America/New_York"
    )
    return Problem(file, f"{name!r} is not an IANA time zone", "values", path=path, fix=fix)


def check(context: RuleContext) -> Iterator[Problem]:
    model = context.model
    for person in model.people.values():
        problem = timezone_problem(person.file, ("timezone",), person.timezone)
        if problem:
            yield problem
    for cohort in model.cohorts.values():
        problem = timezone_problem(cohort.file, ("meeting", "timezone"), cohort.meeting.timezone)
        if problem:
            yield problem
        image = cohort.showcase.slide_image if cohort.showcase else ""
        if image:
            path = context.root / image
            if path.is_symlink() or not path.is_file():
                yield Problem(
                    cohort.file,
                    f"slide image {image} is not a file in the repository",
                    "values",
                    path=("showcase", "slide", "image"),
                    fix=f"add the image at {image} (a real file, not a link)",
                )
