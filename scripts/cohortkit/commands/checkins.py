"""`cohortkit checkins`: open due check-ins, note missed ones, keep tracking issues current."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from cohortkit.checkins.context import RunOptions
from cohortkit.checkins.run import run_checkins
from cohortkit.commands.github_options import (
    add_github_arguments,
    add_planning_arguments,
    client_from_args,
)
from cohortkit.commands.valid_data import valid_tree
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS
from cohortkit.github.writers import GitHubWriter, PlanWriter
from cohortkit.program.pages import published_site_url


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_github_arguments(parser)
    add_planning_arguments(parser, "writes")
    parser.add_argument(
        "--report-out",
        type=Path,
        default=None,
        help="write what could not be done (JSON) for `cohortkit health --checkins-report`",
    )
    parser.add_argument(
        "--bot-login",
        default="github-actions[bot]",
        help="who the tool's issues are by, to find them in any state (default github-actions[bot])",
    )


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    tree = valid_tree(root)
    if tree is None:
        return EXIT_PROBLEMS
    client = client_from_args(args)
    writer = PlanWriter() if args.dry_run else GitHubWriter(client)
    options = RunOptions(
        today=args.today or date.today(),
        site_url=args.site_url or published_site_url(root, args.repo),
        bot_login=args.bot_login,
    )
    report = run_checkins(tree.model, client, writer, options, log=lambda line: print(line, file=sys.stderr))
    if isinstance(writer, PlanWriter):
        print(writer.table())
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"{report.cohorts} cohort(s) checked on {options.today}", file=sys.stderr)
    if report.stopped:
        # Not a failure: the budget was kept, and the next run (the workflow runs hourly) goes on.
        print(f"stopped early: {report.stopped}; left for the next run:", file=sys.stderr)
        for left in report.left:
            print(f"  {left}", file=sys.stderr)
        _output("work_left", "true")
    if args.report_out:
        args.report_out.parent.mkdir(parents=True, exist_ok=True)
        args.report_out.write_text(
            json.dumps(
                {
                    "stopped": report.stopped,
                    "left": report.left,
                    "failed": report.failed,
                    "notes": report.notes,
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    for cohort_id, why in report.failed:
        print(f"cohortkit: {cohort_id} could not be brought up to date: {why}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _output(name: str, value: str) -> None:
    """A step output for the workflow (GITHUB_OUTPUT), so it can schedule the follow-up run."""
    path = os.environ.get("GITHUB_OUTPUT")
    if path:
        with Path(path).open("a", encoding="utf-8") as out:
            out.write(f"{name}={value}\n")
