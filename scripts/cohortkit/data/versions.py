"""The data format's versions: one number for programs/, cohorts/ and people/ together, and what each changed.

The schemas change together (they share `defs.schema.json`) and a program's
files are moved together, so one integer names the whole format. Each
version says, as data, what changed for people (`summary`, `by_hand`) and
what `cohortkit migrate` rewrites mechanically (`steps`, in order), so
validate, migrate, upgrade and the upgrade page all read one changelog.

Only incompatible changes make a version: a schema that gains an optional
key reads every older file as before. Every schema change so far (git log
-- schemas, up to 0.1.0) only added optional keys, values or checks that
older data meets, so version 1 is the only one; the tests register a future
version of their own to prove the machinery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cohortkit.data.migration_steps import Step
from cohortkit.errors import CohortkitError

# Each part a number without leading zeros (0, 7, 12; never 01), as releases are tagged.
_PART = r"(0|[1-9][0-9]{0,3})"
_RELEASE = re.compile(rf"^v?{_PART}\.{_PART}\.{_PART}$")


def release_key(release: str) -> tuple[int, int, int]:
    """A release `X.Y.Z` (or `vX.Y.Z`) as numbers, for comparing; anything else is an error saying the form."""
    match = _RELEASE.match(release.strip())
    if not match:
        raise CohortkitError(
            f"{release!r} is not a cohortkit release written as X.Y.Z "
            "(numbers without leading zeros, such as 0.2.0)"
        )
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


@dataclass(frozen=True)
class DataVersion:
    number: int
    since: str  # the first cohortkit release that reads and writes this version
    summary: str  # what changed, in a sentence or two, for the coordinator
    steps: tuple[Step, ...] = ()  # what `cohortkit migrate` rewrites, applied in this order
    by_hand: tuple[str, ...] = ()  # what no program can rewrite for you (a new required value, say)


@dataclass(frozen=True)
class Changelog:
    versions: tuple[DataVersion, ...]

    def __post_init__(self) -> None:
        # Held here, not trusted: a gap or a release going backwards would make every
        # "written for" and every migration range wrong.
        numbers = [version.number for version in self.versions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"data versions must be numbered 1, 2, 3, ... in order, not {numbers}")
        releases = [release_key(version.since) for version in self.versions]
        if releases != sorted(set(releases)):
            raise ValueError("each data version must come with a later cohortkit release than the one before")
        if self.versions and self.versions[0].steps:
            raise ValueError("data version 1 is the first format: there is nothing to migrate from")

    @property
    def current(self) -> int:
        return self.versions[-1].number

    def get(self, number: int) -> DataVersion:
        if not 1 <= number <= self.current:
            raise CohortkitError(
                f"data version {number} is not one this cohortkit knows (1 to {self.current})"
            )
        return self.versions[number - 1]

    def between(self, old: int, new: int) -> tuple[DataVersion, ...]:
        """The versions that moving data from `old` to `new` goes through (old itself excluded)."""
        self.get(old)
        self.get(new)
        return self.versions[old:new]

    def read_by(self, release: str) -> int:
        """The data version a cohortkit release reads: the last one that came with it or before it."""
        key = release_key(release)
        known = [version.number for version in self.versions if release_key(version.since) <= key]
        if not known:
            raise CohortkitError(f"cohortkit {release} is older than the first data version's release")
        return known[-1]

    def releases(self, number: int) -> str:
        """Which releases write a version, as a message names them: "cohortkit 0.1.0 until 0.2.0"."""
        version = self.get(number)
        if number == self.current:
            return f"cohortkit {version.since} and later"
        return f"cohortkit {version.since} until {self.get(number + 1).since}"


CHANGELOG = Changelog(
    (
        DataVersion(
            1,
            "0.1.0",
            "The first data format: programs/, cohorts/ (a folder per term) and people/ as "
            "cohortkit 0.1.0's schemas describe them.",
        ),
    )
)


def changelog() -> Changelog:
    """The changelog, looked up when asked (not bound at import), so a test can register a future version."""
    return CHANGELOG


def markdown_table(log: Changelog | None = None) -> str:
    """The upgrade page's list of data versions, made from the changelog (a test keeps the page equal to it)."""
    log = log or changelog()
    rows = [
        "| data version | since | what changed | `cohortkit migrate` rewrites | by hand |",
        "|---:|---|---|---|---|",
    ]
    for version in log.versions:
        steps = "; ".join(step.describe() for step in version.steps) or "nothing"
        by_hand = "; ".join(version.by_hand) or "nothing"
        rows.append(f"| {version.number} | {version.since} | {version.summary} | {steps} | {by_hand} |")
    return "\n".join(rows) + "\n"
