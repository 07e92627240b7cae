"""`cohortkit health`: one "Program health" issue for the coordinators, updated in place."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cohortkit.checkins.health import QUIET_PERIODS, CheckinActivity, assess
from cohortkit.commands.github_options import add_github_arguments, client_from_args
from cohortkit.data.load import load_tree
from cohortkit.errors import EXIT_OK, CohortkitError
from cohortkit.github.issue_text import fit_body, render
from cohortkit.github.labels import owner_label
from cohortkit.github.markers import first_marker, marker
from cohortkit.github.writers import GitHubWriter, PlanWriter, wording_of


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_github_arguments(parser)
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="act as if today were YYYY-MM-DD"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the report; write nothing")
    parser.add_argument(
        "--checkins-report",
        type=Path,
        default=None,
        help="what `cohortkit checkins --report-out` wrote: its problems go into the health issue",
    )


def run(args: argparse.Namespace) -> int:
    tree = load_tree(args.root)
    if any(p.severity == "error" for p in tree.problems):
        raise CohortkitError("the data has problems; run cohortkit validate and fix them first")
    today = args.today or date.today()
    client = client_from_args(args)
    # The last two finished check-ins of every cohort decide who is quiet: all were updated within
    # the last two monthly periods, so the tool's issues updated since then are all it reads.
    since = today - timedelta(days=2 * 28 + 14)
    issues = client.list_issues([owner_label()], state="all", since=f"{since.isoformat()}T00:00:00Z")
    finished: dict[str, list[tuple[str, int, str | None, int]]] = {}
    for issue in issues:
        found = first_marker(issue.body, "checkin")
        if found is not None and (issue.state == "closed" or "missed" in issue.labels):
            finished.setdefault(found.get("cohort") or "", []).append(
                (found.get("period") or "", issue.number, issue.closed_by, issue.comments)
            )
    activity: dict[str, list[CheckinActivity]] = {}
    for cohort_id, items in finished.items():
        recent = sorted(items)[-QUIET_PERIODS:]
        cohort = tree.model.cohorts.get(cohort_id)
        mentors = {m.person.lower() for m in cohort.active_mentors} if cohort else set()
        closers = {(closed_by or "").lower() for _, _, closed_by, _ in recent}
        # Comments are read only for the check-ins that decide who is quiet, and only while a
        # mentor is not already shown active by closing one of them.
        needed = bool(mentors - closers)
        activity[cohort_id] = [
            CheckinActivity(
                closed_by,
                frozenset(c.author for c in client.list_comments(number))
                if comments and needed
                else frozenset(),
            )
            for _, number, closed_by, comments in recent
        ]
    report = assess(tree.model, activity, today)
    coordinators = sorted({login for p in tree.model.programs.values() for login in p.coordinators})
    mark = marker("health")
    run_report = _read_run_report(args.checkins_report)
    body = fit_body(
        lambda rows: render(
            "health.md.j2",
            report=report,
            coordinators=coordinators,
            marker=mark.text(),
            run=run_report,
            rows=rows,
        ),
        max(len(report.orphaned), len(report.inactive), len(report.overloaded), 50),
    )
    existing = next((i for i in issues if i.state == "open" and first_marker(i.body, "health")), None)
    # The writer, not this code, tells a dry run from a real one (as for check-ins), so the
    # same decision is made either way and the log line says what became of it.
    writer = PlanWriter() if args.dry_run else GitHubWriter(client)
    words = wording_of(writer)
    if args.dry_run:
        print(body)
    if existing is None:
        number = writer.open_issue(
            "", "health issue", "Program health", body, [owner_label(), "program health"], [], mark
        )
        shown = f" #{number}" if number > 0 else ""
        print(f"{words.opened} the Program health issue{shown}", file=sys.stderr)
    elif existing.body != body:
        writer.edit_issue("", existing.number, "health issue", body=body)
        print(f"{words.updated} the Program health issue #{existing.number}", file=sys.stderr)
    else:
        print(f"the Program health issue #{existing.number} is up to date", file=sys.stderr)
    summary = (
        "healthy"
        if report.healthy
        else (
            f"{len(report.orphaned)} cohort(s) without a mentor, {len(report.inactive)} inactive, {len(report.overloaded)} over load"
        )
    )
    print(f"program health: {summary}", file=sys.stderr)
    return EXIT_OK


def _read_run_report(path: Path | None) -> dict[str, Any] | None:
    """The check-in run's report; a missing or unreadable one only leaves that section out."""
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8")[: 4 * 1024 * 1024])
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return {
        "stopped": str(data.get("stopped") or ""),
        "left": [str(x) for x in data.get("left") or ()],
        "failed": [(str(c), str(w)) for c, w in data.get("failed") or () if isinstance(c, str)],
        "notes": [str(x) for x in data.get("notes") or ()],
    }
