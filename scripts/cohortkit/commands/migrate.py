"""`cohortkit migrate [--check] [--from N] [--to N]`: rewrite the data files into a later data version.

Everything is planned before anything is written: a file that cannot be
read, a file in the wrong place, or a change that cannot be made
mechanically stops the run with the reasons, and nothing changes. Exit 0
when done (or nothing to do), 1 when `--check` finds changes to make or the
run was refused, 2 for a version that does not exist.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections.abc import Callable
from pathlib import Path

from cohortkit.data.migrate import TreePlan, plan_tree, write_plan
from cohortkit.data.problems import Problem
from cohortkit.data.version_marker import MARKER, read_marker
from cohortkit.data.versions import Changelog, changelog
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS, CohortkitError
from cohortkit.validation.report import escape_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="the repository to migrate (default: here)")
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if anything would change (for CI)"
    )
    parser.add_argument(
        "--from",
        dest="from_version",
        metavar="N",
        help=f"the data version the files are written in (default: what {MARKER} says; without it, the current one)",
    )
    parser.add_argument("--to", metavar="N", help="the data version to move to (default: this release's)")


def _number(option: str, given: str | None) -> int | None:
    """A data version given on the command line, as a number; anything else is one line saying so."""
    if given is None:
        return None
    if not re.fullmatch(r"-?[0-9]+", given.strip()):
        raise CohortkitError(f"{option} takes a data version number such as 1, not {given!r}")
    return int(given)


def versions_to_move(args: argparse.Namespace, log: Changelog, recorded: int | None) -> tuple[int, int]:
    # "is None", not "or": 0 is a version asked for (and refused), not one left out.
    given_old, given_new = _number("--from", args.from_version), _number("--to", args.to)
    old = given_old if given_old is not None else recorded if recorded is not None else log.current
    new = given_new if given_new is not None else log.current
    log.get(old)
    log.get(new)
    if new < old:
        raise CohortkitError(
            f"the data is in data version {old}; cohortkit migrate moves data forward only, not to {new}"
        )
    return old, new


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    log = changelog()
    marker = read_marker(root)
    old, new = versions_to_move(args, log, marker.version)
    if marker.version is None and marker.present and args.from_version is None:
        # Said once: the marker's own problem, located, says what to write (or --from N, where that helps).
        _print(marker.problems)
        if not marker.problems:
            print(f"cohortkit: {MARKER} does not say the data version; pass --from N", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.from_version is not None:
        # Said on the command line, so the marker's own mistakes are what --from corrects.
        keep = tuple(p for p in marker.problems if p.rule != "data-version")
        marker = dataclasses.replace(marker, problems=keep)
    plan = plan_tree(root, old, new, log.between(old, new), marker)
    return report(plan, log, args.check, lambda: write_plan(root, plan))


def print_plan(plan: TreePlan, log: Changelog, check: bool = False) -> bool:
    """Print what the plan changes, or why it is refused (then False). Shared with `cohortkit upgrade`."""
    if plan.refusals:
        # Only what stops it: the changes would be made once these are fixed, and are shown then.
        _print(plan.refusals)
        print(
            f"cohortkit: nothing was written: {_count(len(plan.refusals), 'problem')} above stop the "
            "migration (cohortkit validate explains each); fix them and run the command again",
            file=sys.stderr,
        )
        return False
    _print(plan.changes)
    for file_plan in plan.changed:
        if file_plan.restyled:
            rewritten = "would be rewritten" if check else "is rewritten"
            print(f"{escape_text(file_plan.shown)}: its indentation {rewritten} in cohortkit's own")
    if plan.marker_after is not None:
        print(f"{MARKER}: data_version {'would become' if check else 'becomes'} {plan.new}")
    for version in log.versions[plan.old : plan.new]:
        for note in version.by_hand:
            print(f"by hand (data version {version.number}): {note}")
    return True


def report(plan: TreePlan, log: Changelog, check: bool, write: Callable[[], None]) -> int:
    if not print_plan(plan, log, check):
        return EXIT_PROBLEMS
    span = f"data version {plan.old} to {plan.new}"
    files = _count(len(plan.changed), "file")
    if not plan.would_change:
        print(f"the data is in data version {plan.new}; nothing to migrate")
        return EXIT_OK
    if check:
        print(f"{files} would change ({span}); run cohortkit migrate")
        return EXIT_PROBLEMS
    write()
    print(f"migrated {files} from {span}; run cohortkit validate")
    return EXIT_OK


def _print(problems: tuple[Problem, ...] | list[Problem]) -> None:
    for problem in sorted(problems, key=Problem.sort_key):
        print(f"{escape_text(problem.file)}:{problem.line}:{problem.col}: {escape_text(problem.text)}")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
