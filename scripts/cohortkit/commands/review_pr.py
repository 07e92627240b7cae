"""`cohortkit review-pr`: what a pull request changes in meaning, and who may make that change."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cohortkit.commands.today_option import add_today_argument
from cohortkit.data.schemas import schema_dir
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS
from cohortkit.join.review.post import acting_login
from cohortkit.join.review.report import FORMATS, write
from cohortkit.join.review.run import review_revisions


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", required=True, help="the revision the pull request goes into")
    parser.add_argument(
        "--head", required=True, help="the pull request's revision (read from git, never run)"
    )
    parser.add_argument("--author", required=True, help="GitHub login of the pull request's author")
    parser.add_argument(
        "--author-type", default="User", help="User or Bot: what GitHub says the author is (user.type)"
    )
    parser.add_argument("--head-ref", default="", help="the pull request's branch (head.ref)")
    parser.add_argument(
        "--head-repo", default="", help="owner/name the branch lives in (head.repo.full_name)"
    )
    parser.add_argument("--repository", default="", help="owner/name of this repository")
    parser.add_argument(
        "--intake-bot",
        default="github-actions[bot]",
        help="the intake workflow's bot: its intake/<login>-<n> branches here act for <login>",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(),
        help="the trusted checkout: its git repository holds both revisions, its schemas/ judge the head",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="text (default), json or markdown")
    add_today_argument(parser, "enrollment windows")
    parser.add_argument(
        "--pull-request",
        type=int,
        default=None,
        help="the pull request's number, recorded in the JSON for the comment job",
    )


def run(args: argparse.Namespace) -> int:
    # The same author the comment job judges for: an intake pull request acts for the form's author.
    author = acting_login(
        args.author, args.author_type, args.head_ref, args.head_repo, args.repository, args.intake_bot
    )
    review = review_revisions(
        args.root, args.base, args.head, author, schema_dir(args.root), today=args.today
    )
    sys.stdout.write(write(review, args.format, pull_request=args.pull_request))
    return EXIT_OK if review.verdict == "allowed" else EXIT_PROBLEMS
