"""`cohortkit review-comment`: post a pull request's review as one comment, labels and review requests."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cohortkit.commands.github_options import add_github_arguments, client_from_args
from cohortkit.commands.today_option import add_today_argument
from cohortkit.errors import EXIT_OK, CohortkitError
from cohortkit.join.review.post import post_review, pull_number_from_artifact, rejudge_open_joins

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
    source.add_argument(
        "--open-joins",
        action="store_true",
        help="review again every open join request into --base-ref, after that branch moved to --base-sha",
    )
    parser.add_argument(
        "--head-sha",
        help="the commit the triggering run reviewed (workflow_run.head_sha); not with --open-joins",
    )
    parser.add_argument("--base-ref", default="main", help="with --open-joins: the branch that moved")
    add_today_argument(parser, "enrollment windows")
    parser.add_argument(
        "--base-sha",
        default="",
        help="the base branch's tip to judge the merge into (default: the base GitHub reports for the pull request)",
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
    if args.open_joins:
        if not args.base_sha:
            raise CohortkitError("--open-joins needs --base-sha, the commit the base branch moved to")
        notes = rejudge_open_joins(
            client_from_args(args),
            args.root,
            args.base_ref,
            args.base_sha,
            args.bot_login,
            dry_run=args.dry_run,
            log=_log,
        )
        for note in notes:
            print(note)
        return EXIT_OK
    if not args.head_sha:
        raise CohortkitError("--head-sha is required: the commit the triggering run reviewed")
    number = args.pull_request or pull_number_from_artifact(args.artifact)
    posted = post_review(
        client_from_args(args),
        args.root,
        number,
        args.head_sha,
        args.bot_login,
        dry_run=args.dry_run,
        fetch=args.fetch,
        base_sha=args.base_sha,
        today=args.today,
        log=_log,
    )
    for note in posted.notes:
        print(note)
    return EXIT_OK


def _log(line: str) -> None:
    print(line, file=sys.stderr)
