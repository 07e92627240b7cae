"""Mentors the check-ins show quiet, as matching takes them: plain values, decided elsewhere.

Who is quiet is a fact of GitHub activity, not of the data files, and its rule
is health's (`checkins/health.py`, `is_quiet`); `cohortkit match --progress`
applies it to the progress snapshot and hands the result here. Matching then
counts a quiet mentor as it counts one who is away: their cohort is short of a
mentor, they are not proposed to lead another, and the explanation says since
when they have been quiet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class QuietMentor:
    login: str
    cohort: str
    since: date  # the due date of the first check-in in a row they neither closed nor commented on
    checkins: int  # how many finished check-ins in a row passed without them
    as_of: date | None = None  # the day the progress snapshot was taken

    def words(self) -> str:
        seen = f", check-ins read on {self.as_of.isoformat()}" if self.as_of else ""
        return (
            f"{self.login} went quiet: no check-in closed or commented on since the one due "
            f"{self.since.isoformat()} ({self.checkins} in a row{seen})"
        )


def by_cohort(quiet: Iterable[QuietMentor]) -> dict[str, dict[str, QuietMentor]]:
    """cohort id -> login in lower case -> the quiet mentor."""
    found: dict[str, dict[str, QuietMentor]] = {}
    for mentor in quiet:
        found.setdefault(mentor.cohort, {})[mentor.login.lower()] = mentor
    return found


def by_login(quiet: Iterable[QuietMentor]) -> Mapping[str, QuietMentor]:
    """login in lower case -> where they went quiet (the earliest, when in several cohorts)."""
    found: dict[str, QuietMentor] = {}
    for mentor in sorted(quiet, key=lambda q: (q.since, q.cohort)):
        found.setdefault(mentor.login.lower(), mentor)
    return found
