"""`cohortkit metrics`: is each program meeting its own targets? The same figures the site publishes."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from cohortkit.commands.today_option import add_today_argument
from cohortkit.commands.valid_data import valid_tree
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS
from cohortkit.outcomes.metrics_output import metrics_json, metrics_text
from cohortkit.outcomes.metrics_report import all_metrics
from cohortkit.site.progress import ProgressSnapshot, read_progress


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="the data repository (default: here)")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text for people, json for tools"
    )
    parser.add_argument(
        "--progress",
        type=Path,
        default=None,
        help="the progress snapshot `cohortkit progress` wrote, for check-ins held and missed",
    )
    add_today_argument(parser, "which terms and years are over")


def checkin_counts(snapshot: ProgressSnapshot) -> dict[str, Mapping[str, int]]:
    """Each cohort's check-ins by outcome, from the snapshot the site also reads."""
    return {
        cohort: Counter(c.outcome for c in progress.checkins) for cohort, progress in snapshot.cohorts.items()
    }


def run(args: argparse.Namespace) -> int:
    today = args.today or date.today()
    snapshot = read_progress(args.progress)
    tree = valid_tree(args.root, today)
    if tree is None:
        return EXIT_PROBLEMS
    metrics = all_metrics(tree.model, today, checkin_counts(snapshot))
    out = metrics_json(metrics, today) if args.format == "json" else metrics_text(metrics, today)
    sys.stdout.write(out)
    return EXIT_OK
