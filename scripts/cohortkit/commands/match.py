"""`cohortkit match`: propose cohorts for everyone waiting, with the reasons, and write them for review.

With `--progress`, the snapshot `cohortkit progress` exports (read by the
site's loader) says which mentors went quiet: health's rule (`is_quiet`) on
each cohort's finished check-ins, so health and matching name the same people.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cohortkit.checkins.health import QUIET_PERIODS, CheckinActivity, is_quiet, silent_streak
from cohortkit.commands.today_option import add_today_argument
from cohortkit.commands.valid_data import valid_tree
from cohortkit.data.load import load_tree
from cohortkit.data.model import Model
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CohortkitError
from cohortkit.matching.quiet import QuietMentor
from cohortkit.matching.report import as_json, as_markdown, as_text
from cohortkit.matching.result import MatchResult
from cohortkit.matching.run import match
from cohortkit.matching.write import edited_files
from cohortkit.program.codeowners import PATH as CODEOWNERS
from cohortkit.program.codeowners import generate, read_committed
from cohortkit.site.progress import ProgressSnapshot, read_progress
from cohortkit.validation.pipeline import validate_tree

FORMATS = {"text": as_text, "json": as_json, "markdown": as_markdown}
# A snapshot older than this may miss a mentor who went quiet since, or name one who came back.
STALE_DAYS = 7


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="the data repository (default: here)")
    parser.add_argument("--program", default=None, metavar="ID", help="only this program")
    parser.add_argument("--term", default=None, metavar="ID", help="only cohorts of this term")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text", help="how to print the result")
    parser.add_argument(
        "--progress",
        type=Path,
        default=None,
        metavar="FILE",
        help="the snapshot `cohortkit progress --out FILE` wrote: mentors it shows quiet count as unavailable",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="add the proposed memberships to the cohort files (default: print them only)",
    )
    add_today_argument(parser, "enrollment windows, away mentors and meeting dates")


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    today: date = args.today or date.today()
    # Read first: a bad snapshot is told before the data is validated, which takes longer.
    snapshot = read_progress(args.progress) if args.progress is not None else None
    tree = valid_tree(root, today)
    if tree is None:
        return EXIT_PROBLEMS
    model = tree.model
    if args.program is not None and args.program not in model.programs:
        print(
            f"cohortkit: no program {args.program!r} (known: {', '.join(sorted(model.programs))})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.term is not None and not any(p.term(args.term) for p in model.programs.values()):
        print(f"cohortkit: no program has a term {args.term!r}", file=sys.stderr)
        return EXIT_USAGE
    quiet: tuple[QuietMentor, ...] = ()
    if snapshot is not None:
        _warn_if_stale(args.progress, snapshot, today)
        quiet = quiet_mentors(model, snapshot, args.progress)
    result = match(model, today, args.program, args.term, quiet)
    sys.stdout.write(FORMATS[args.format](result))
    if args.write:
        _write(root, result, today)
    return EXIT_OK


def quiet_mentors(model: Model, snapshot: ProgressSnapshot, path: Path) -> tuple[QuietMentor, ...]:
    """The running cohorts' active mentors whom health's rule finds quiet in the snapshot's check-ins."""
    found: list[QuietMentor] = []
    for cohort_id, progress in sorted(snapshot.cohorts.items()):
        cohort = model.cohorts.get(cohort_id)
        if cohort is None or not cohort.running:
            continue  # renamed since the snapshot, or over: nobody to replace
        # Finished as the snapshot decided it (tracking's outcome, with the program's grace);
        # a period the tool never opened has no issue, so nobody could have closed it.
        finished = sorted(
            (
                CheckinActivity(c.closed_by, frozenset(c.commenters), c.period)
                for c in progress.checkins
                if c.issue is not None and c.outcome != "open"
            ),
            key=lambda a: a.due,
        )
        for membership in cohort.active_mentors:
            if not is_quiet(membership.person, finished):
                continue
            streak = silent_streak(membership.person, finished)
            found.append(
                QuietMentor(
                    membership.person,
                    cohort.id,
                    _due(path, cohort_id, streak[0].due),
                    len(streak),
                    snapshot.generated,
                )
            )
    return tuple(found)


def _due(path: Path, cohort_id: str, period: str) -> date:
    try:
        return date.fromisoformat(period)
    except ValueError:
        raise CohortkitError(
            f"{path}: cohorts.{cohort_id}: a check-in's period {period[:40]!r} is not its due date "
            "(YYYY-MM-DD); is it a snapshot written by `cohortkit progress`?"
        ) from None


def _warn_if_stale(path: Path, snapshot: ProgressSnapshot, today: date) -> None:
    if snapshot.generated is None:
        print(f"warning: {path} does not say when it was taken (generated_for)", file=sys.stderr)
    elif (today - snapshot.generated).days > STALE_DAYS:
        print(
            f"warning: {path} read the check-ins on {snapshot.generated}, "
            f"{(today - snapshot.generated).days} days ago; run cohortkit progress again for who is quiet now "
            f"(no close or comment on the last {QUIET_PERIODS} check-ins)",
            file=sys.stderr,
        )


def _write(root: Path, result: MatchResult, today: date) -> None:
    if not result.proposals:
        print("match: nothing to write", file=sys.stderr)
        return
    try:
        edited = edited_files(root, result.proposals, today)
    except (OSError, ValueError) as exc:
        raise CohortkitError(f"match: nothing written: {exc}") from exc
    originals: dict[Path, bytes | None] = {path: path.read_bytes() for path in edited}
    owners = root / CODEOWNERS
    try:
        for path, text in edited.items():
            _replace(path, text)
        if any(p.role == "mentor" for p in result.proposals) and read_committed(root) is not None:
            originals.setdefault(owners, owners.read_bytes())
            _replace(owners, generate(load_tree(root).model))
        _, problems = validate_tree(root, today)
        errors = [p for p in problems if p.severity == "error"]
    except BaseException:
        _restore(originals)
        raise
    if errors:
        _restore(originals)  # never leave the data worse than it was
        raise CohortkitError(
            "match: the edited files did not validate, so every file was restored: "
            + "; ".join(p.text for p in errors)[:2000]
        )
    print(
        f"match: {len(result.proposals)} membership(s) written to {len(edited)} cohort file(s)",
        file=sys.stderr,
    )


def _replace(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.match.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    temporary.replace(path)


def _restore(originals: dict[Path, bytes | None]) -> None:
    for path, data in originals.items():
        if data is not None:
            path.write_bytes(data)
