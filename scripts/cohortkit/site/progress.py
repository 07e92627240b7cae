"""Read the progress snapshot that `cohortkit progress` writes (check-ins read back from GitHub).

The site only reads the file, so building pages never needs the network. Of
the snapshot (see cohortkit/progress.py, version 1) the pages use, per cohort:
the health status, the tracking issue's URL, the scheduled and held counts,
the week reached, and each check-in's period, week, outcome and issue link.
Per-person attendance is left out on purpose: it would name members who are
not listed. Who closed and who commented on each check-in is read, for
`cohortkit match` to tell which mentors went quiet (the rule is health's),
and never rendered. Unknown cohorts are skipped (a cohort may have been renamed since
the snapshot); a malformed file stops the build with a message naming the
place, since a silently empty history would mislead.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cohortkit.errors import CohortkitError

SUPPORTED_VERSION = 1
OUTCOMES = ("held", "not held", "missed", "open", "not opened")  # "not opened": by the tool, not the cohort
_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class CheckIn:
    number: int
    period: str
    week: int
    outcome: str
    url: str = ""
    issue: int | None = None
    closed_by: str | None = None
    commenters: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CohortProgress:
    status: str
    checkins: tuple[CheckIn, ...]
    held: int
    missed: int
    scheduled: int
    reached_week: int
    weeks: int
    tracking_url: str = ""

    @property
    def counted(self) -> int:
        """Check-ins whose outcome is decided (held, not held or missed)."""
        return sum(1 for c in self.checkins if c.outcome != "open")


@dataclass(frozen=True, slots=True)
class ProgressSnapshot:
    generated: date | None
    cohorts: Mapping[str, CohortProgress]


EMPTY = ProgressSnapshot(None, {})


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, what: str) -> CohortkitError:
        return CohortkitError(
            f"{self.path}: {where}: {what} (is it a snapshot written by `cohortkit progress`?)"
        )

    def integer(self, where: str, value: Any, default: int | None = None) -> int:
        if value is None and default is not None:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(where, "should be a whole number")
        return value

    def text(self, where: str, value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(where, "should be text")
        return value

    def checkin(self, where: str, item: Any) -> CheckIn:
        if not isinstance(item, dict):
            raise self.fail(where, "should be an object")
        outcome = item.get("outcome")
        if outcome not in OUTCOMES:
            raise self.fail(f"{where}.outcome", f"should be one of {', '.join(OUTCOMES)}")
        issue = item.get("issue")
        commenters = item.get("commenters", [])
        if not isinstance(commenters, list) or not all(isinstance(c, str) for c in commenters):
            raise self.fail(f"{where}.commenters", "should be a list of logins")
        return CheckIn(
            number=self.integer(f"{where}.number", item.get("number"), 0),
            period=self.text(f"{where}.period", item.get("period")),
            week=self.integer(f"{where}.week", item.get("week"), 0),
            outcome=outcome,
            url=self.text(f"{where}.url", item.get("url")),
            issue=self.integer(f"{where}.issue", issue) if issue is not None else None,
            closed_by=self.text(f"{where}.closed_by", item.get("closed_by")) or None,
            commenters=tuple(commenters),
        )

    def cohort(self, where: str, entry: Any) -> CohortProgress:
        if not isinstance(entry, dict) or not isinstance(entry.get("checkins", []), list):
            raise self.fail(where, "should be an object with a 'checkins' list")
        counts = entry.get("counts") or {}
        if not isinstance(counts, dict):
            raise self.fail(f"{where}.counts", "should be an object")
        checkins = tuple(
            self.checkin(f"{where}.checkins[{i}]", c) for i, c in enumerate(entry.get("checkins", []))
        )
        return CohortProgress(
            status=self.text(f"{where}.status", entry.get("status")),
            checkins=tuple(sorted(checkins, key=lambda c: (c.week, c.period))),
            held=self.integer(f"{where}.counts.held", counts.get("held"), 0),
            missed=self.integer(f"{where}.counts.missed", counts.get("missed"), 0),
            scheduled=self.integer(f"{where}.scheduled", entry.get("scheduled"), len(checkins)),
            reached_week=self.integer(f"{where}.reached_week", entry.get("reached_week"), 0),
            weeks=self.integer(f"{where}.weeks", entry.get("weeks"), 0),
            tracking_url=self.text(f"{where}.tracking_url", entry.get("tracking_url")),
        )


def parse_progress(data: Any, path: Path) -> ProgressSnapshot:
    reader = _Reader(path)
    if not isinstance(data, dict) or not isinstance(data.get("cohorts", {}), dict):
        raise reader.fail("top level", "should be an object with a 'cohorts' object")
    version = data.get("version", SUPPORTED_VERSION)
    if version != SUPPORTED_VERSION:
        raise reader.fail("version", f"is {version!r}; this cohortkit reads version {SUPPORTED_VERSION}")
    generated = reader.text("generated_for", data.get("generated_for"))
    try:
        generated_on = date.fromisoformat(generated) if generated else None
    except ValueError:
        raise reader.fail("generated_for", "should be a date written as YYYY-MM-DD") from None
    cohorts = {
        str(key): reader.cohort(f"cohorts.{key}", entry) for key, entry in data.get("cohorts", {}).items()
    }
    return ProgressSnapshot(generated_on, cohorts)


def read_progress(path: Path | None) -> ProgressSnapshot:
    if path is None:
        return EMPTY
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise CohortkitError(f"{path}: the progress snapshot is larger than 64 MiB")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CohortkitError(f"{path}: no such progress snapshot") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CohortkitError(f"{path}: cannot read the progress snapshot ({exc})") from None
    return parse_progress(data, path)
