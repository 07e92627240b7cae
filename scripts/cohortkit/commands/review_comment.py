"""`cohortkit review-comment`: post a pull request's review as one comment, labels and review requests."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cohortkit.commands.github_options import add_github_arguments, client_from_args
from cohortkit.errors import EXIT_OK
from cohortkit.review.post import post_review, pull_number_from_artifact

DEFAULT_BOT = "github-actions[bot]"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_github_arguments(parser)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--artifact",
        type=Path,
        help="the review JSON the pull_request run uploaded (untrusted: only its number is used)",
    )
    source.add_argument(
        "--pull-request", type=int, help="the pull request's number, when it is known first-hand"
    )
    parser.add_argument(
        "--head-sha", required=True, help="the commit the triggering run reviewed (workflow_run.head_sha)"
    )
    parser.add_argument(
        "--bot-login",
        default=DEFAULT_BOT,
        help=f"who writes the comment, to find it again (default {DEFAULT_BOT})",
    )
    parser.add_argument(
        "--fetch", action="store_true", help="fetch the pull request's head objects if missing"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the comment and the plan; write nothing"
    )


def run(args: argparse.Namespace) -> int:
    number = args.pull_request or pull_number_from_artifact(args.artifact)
    posted = post_review(
        client_from_args(args),
        args.root,
        number,
        args.head_sha,
        args.bot_login,
        dry_run=args.dry_run,
        fetch=args.fetch,
        log=lambda line: print(line, file=sys.stderr),
    )
    for note in posted.notes:
        print(note)
    return EXIT_OK
