"""`cohortkit validate`: every problem in every data file, in one run."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cohortkit.commands.today_option import add_today_argument
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS
from cohortkit.validation.pipeline import validate_tree
from cohortkit.validation.report import FORMATS, write_report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="the repository to check (default: here)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json, or github annotations",
    )
    add_today_argument(parser, "dates, such as cohorts past their end,")


def run(args: argparse.Namespace) -> int:
    tree, problems = validate_tree(args.root, args.today or date.today())
    write_report(problems, tree.file_count, args.format, sys.stdout, left_out=tree.left_out)
    return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK
