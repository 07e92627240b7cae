"""`cohortkit validate`: every problem in every data file, in one run."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cohortkit.commands.today_option import add_today_argument
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS
from cohortkit.load import LoadedTree, load_tree
from cohortkit.locate import Locator
from cohortkit.problems import Problem
from cohortkit.report import FORMATS, write_report
from cohortkit.rules import RuleContext, run_rules


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="the repository to check (default: here)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json, or github annotations",
    )
    add_today_argument(parser, "dates, such as cohorts past their end,")


def validate_tree(root: Path, today: date | None = None) -> tuple[LoadedTree, list[Problem]]:
    """Load, check schemas and cross-file rules; problems come back placed at line and column.

    Without `today`, rules that depend on the date are left out, so callers
    that do not ask for them (the site, check-ins, tests) do not change with the clock.
    """
    tree = load_tree(root)
    problems = tree.problems + run_rules(RuleContext(tree.model, root, today))
    return tree, Locator(tree.texts).place(problems)


def run(args: argparse.Namespace) -> int:
    tree, problems = validate_tree(args.root, args.today or date.today())
    write_report(problems, tree.file_count, args.format, sys.stdout, left_out=tree.left_out)
    return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK
