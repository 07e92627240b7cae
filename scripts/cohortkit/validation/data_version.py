"""What validate says about the data version, before schema problems pile up.

Data written for an older version (cohortkit.yml says so) is not held to
this release's schemas yet: validate says which version it is, which
releases wrote it, what `cohortkit migrate` would change in each file and at
which line, and what is left to do by hand. Data newer than this release is
refused in one line naming the release to install. A file in the current
version that fails its schema where a known migration step would fix it (a
key renamed since, say, in a file copied from an old repository) has that
step as its fix.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from cohortkit import __version__
from cohortkit.data.datatree import DATA_FOLDERS
from cohortkit.data.load import LoadedTree
from cohortkit.data.migrate import plan_text, planned_edits
from cohortkit.data.problems import Problem
from cohortkit.data.schema_advice import QUOTE_RULE
from cohortkit.data.version_marker import MARKER, Marker, position, read_marker
from cohortkit.data.versions import Changelog, changelog
from cohortkit.data.yamlread import parse_yaml_text

# Problems that keep a file from being read at all: shown whatever its version.
_UNREADABLE = frozenset({"read", "yaml", "layout"})


@dataclass
class VersionVerdict:
    marker: Marker
    # When set, these stand in for the schema and cross-file checks (the data is in another version).
    instead: list[Problem] | None = None
    problems: list[Problem] = field(default_factory=list)  # the marker's own, otherwise


def judge_data_version(root: Path, tree: LoadedTree) -> VersionVerdict:
    log = changelog()
    marker = read_marker(root)
    written = marker.version
    if written is None or written == log.current:
        return VersionVerdict(marker, problems=list(marker.problems))
    # What stops migrate, and the marker's own mistakes, are said whatever the version.
    unreadable = [p for p in tree.problems if p.rule in _UNREADABLE] + list(marker.problems)
    line, col = position(marker)
    if written > log.current:
        newer = Problem(
            MARKER,
            f"the data is written for data version {written}, newer than cohortkit {__version__} "
            f"reads (up to {log.current})",
            "data-version",
            line=line,
            col=col,
            fix="install the release requirements/cohortkit.txt pins "
            "(pip install --no-deps -r requirements/cohortkit.txt), or a newer cohortkit",
        )
        return VersionVerdict(marker, [newer, *unreadable])
    return VersionVerdict(marker, [*_older(tree, log, written, line, col), *unreadable])


def _older(tree: LoadedTree, log: Changelog, written: int, line: int, col: int) -> list[Problem]:
    versions = log.between(written, log.current)
    changes: list[Problem] = []
    refused: list[Problem] = []
    for shown, text in tree.texts.items():
        kind = DATA_FOLDERS.get(shown.split("/", 1)[0])
        if kind is None or not text:
            continue
        plan = plan_text(shown, kind, text, versions)
        changes.extend(
            change if change.fix else dataclasses.replace(change, fix="cohortkit migrate rewrites it")
            for change in plan.changes
        )
        # A conflict is a change and a refusal at once; a failed rewrite is a refusal only.
        refused.extend(refusal for refusal in plan.refusals if refusal not in plan.changes)
    by_hand = [
        Problem(
            MARKER,
            f"then, by hand (data version {version.number}): {note}",
            "data-version",
            line=line,
            col=col,
            fix="make the change once the files are migrated",
        )
        for version in versions
        for note in version.by_hand
    ]
    count = f"{len(changes)} change{'' if len(changes) == 1 else 's'}"
    notice = Problem(
        MARKER,
        f"the data is written for data version {written} ({log.releases(written)}); "
        f"cohortkit {__version__} reads data version {log.current}",
        "data-version",
        line=line,
        col=col,
        fix=f"run cohortkit migrate: it makes the {count} listed and sets {MARKER} to {log.current}; "
        "the schema checks run once the data is migrated",
    )
    return [notice, *by_hand, *changes, *refused]


def with_migration_advice(problems: list[Problem], tree: LoadedTree) -> list[Problem]:
    """Schema problems a known migration step would fix get that step as their fix."""
    log = changelog()
    if not any(version.steps for version in log.versions):
        return problems
    failing = {problem.file for problem in problems if problem.rule in {"schema", QUOTE_RULE}}
    advice: dict[tuple[str, tuple[str | int, ...]], str] = {}
    for shown in sorted(failing):
        kind = DATA_FOLDERS.get(shown.split("/", 1)[0])
        data, read_problems = parse_yaml_text(tree.texts.get(shown, ""), shown)
        if kind is None or read_problems or not isinstance(data, dict):
            continue
        # Every step of every version, oldest first, as migrating from version 1 would run them.
        for number, edit in planned_edits(data, kind, log.versions):
            fix = edit.blocked or f"cohortkit migrate --from {number - 1} rewrites it"
            said = f"data version {number} ({log.releases(number)}): {edit.message}; {fix}"
            advice.setdefault((shown, edit.path), said)
    if not advice:
        return problems
    return [
        dataclasses.replace(problem, fix=found)
        if problem.rule in {"schema", QUOTE_RULE} and (found := _advice_for(advice, problem)) is not None
        else problem
        for problem in problems
    ]


def _advice_for(advice: dict[tuple[str, tuple[str | int, ...]], str], problem: Problem) -> str | None:
    for length in range(len(problem.path), 0, -1):
        found = advice.get((problem.file, problem.path[:length]))
        if found is not None:
            return found
    return None
