"""`cohortkit welcome`: one introduction issue per membership that a push to the default branch made new."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date

from cohortkit.commands.github_options import (
    add_github_arguments,
    add_planning_arguments,
    client_from_args,
)
from cohortkit.data.gitdata import Git
from cohortkit.data.schemas import schema_dir
from cohortkit.errors import EXIT_OK, CohortkitError
from cohortkit.github.writers import GitHubWriter, PlanWriter
from cohortkit.join.review.run import load_revisions
from cohortkit.join.welcome import plan_welcomes, send_welcomes
from cohortkit.program.pages import published_site_url

_NO_COMMIT = re.compile(r"^0+$")  # what a push event gives as `before` when it created the branch


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_github_arguments(parser)
    parser.add_argument(
        "--before", required=True, metavar="REV", help="the branch's revision before the push"
    )
    parser.add_argument("--after", required=True, metavar="REV", help="the branch's revision after the push")
    add_planning_arguments(parser, "issues")


def run(args: argparse.Namespace) -> int:
    if _NO_COMMIT.match(args.before):
        raise CohortkitError(
            f"--before {args.before} is no commit: the push created the branch, so there is no earlier "
            "revision to tell new memberships from; run again with --before set to a commit to compare with"
        )
    # Fail on a missing token before the (longer) loading of both revisions.
    client = client_from_args(args)
    git = Git(args.root)
    base, head = _resolve(git, "--before", args.before), _resolve(git, "--after", args.after)
    log = _stderr
    base_tree, head_tree, _ = load_revisions(git, base, head, schema_dir(args.root))
    errors = sum(1 for p in head_tree.problems if p.severity == "error")
    if errors:
        log(
            f"warning: the data at {head[:12]} has {errors} problem(s) (run cohortkit validate); "
            "files that do not validate are left out"
        )
    today = args.today or date.today()
    plan = plan_welcomes(
        base_tree.model, head_tree.model, today, args.site_url or published_site_url(args.root, args.repo)
    )
    for skipped in plan.skipped:
        log(f"{skipped.cohort}: {skipped.login}: no welcome, {skipped.reason}")
    writer = PlanWriter() if args.dry_run else GitHubWriter(client)
    opened, present = send_welcomes(plan, client, writer, log)
    if isinstance(writer, PlanWriter):
        print(writer.table())
    verb = "to open" if args.dry_run else "opened"
    log(
        f"{base[:12]}..{head[:12]}: {len(plan.welcomes)} new membership(s) to welcome, "
        f"{opened} welcome issue(s) {verb}, {present} already there"
    )
    return EXIT_OK


def _resolve(git: Git, option: str, rev: str) -> str:
    try:
        return git.resolve(rev)
    except CohortkitError as exc:
        raise CohortkitError(
            f"{option} {rev!r} is not a commit in {git.repo} (a shallow clone lacks it: "
            "check out with fetch-depth: 0, or git fetch the revision)"
        ) from exc


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)
