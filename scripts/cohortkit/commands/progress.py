"""`cohortkit progress`: the tool's issues read back into a JSON snapshot for the site."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from cohortkit.checkins.progress import build_snapshot
from cohortkit.commands.github_options import add_github_arguments, client_from_args
from cohortkit.data.load import load_tree
from cohortkit.errors import EXIT_OK, CohortkitError
from cohortkit.github.labels import owner_label
from cohortkit.github.markers import first_marker


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_github_arguments(parser)
    parser.add_argument("--out", type=Path, required=True, help="where to write the snapshot (JSON)")
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="act as if today were YYYY-MM-DD"
    )
    parser.add_argument(
        "--previous",
        type=Path,
        default=None,
        help="an earlier snapshot whose closed check-ins' commenters need not be read again (default: --out)",
    )
    parser.add_argument(
        "--bot-login",
        default="github-actions[bot]",
        help="who the tool's issues are by: a missed check-in it closed stays missed (default github-actions[bot])",
    )


def run(args: argparse.Namespace) -> int:
    tree = load_tree(args.root)
    if any(p.severity == "error" for p in tree.problems):
        raise CohortkitError("the data has problems; run cohortkit validate and fix them first")
    client = client_from_args(args)
    issues = client.list_issues([owner_label()], state="all")
    # Comments are read only where the listing says there are some, and not again for a closed
    # check-in whose count is what the previous snapshot saw (at 1,000 cohorts those re-reads
    # were two thirds of all requests).
    known = _previous_commenters(args.previous or args.out)
    commenters: dict[int, list[str]] = {}
    for issue in issues:
        if not issue.comments or not first_marker(issue.body, "checkin"):
            continue
        seen = known.get(issue.number)
        if issue.state == "closed" and seen is not None and seen[0] == issue.comments:
            commenters[issue.number] = seen[1]
        else:
            commenters[issue.number] = [comment.author for comment in client.list_comments(issue.number)]
    snapshot = build_snapshot(
        tree.model, issues, args.today or date.today(), args.repo, commenters, bot_login=args.bot_login
    )
    for warning in snapshot["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.out.with_suffix(args.out.suffix + ".tmp")
    temporary.write_text(json.dumps(snapshot, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(args.out)  # never leave a half-written snapshot for the site build
    print(f"progress of {len(snapshot['cohorts'])} cohort(s) written to {args.out}", file=sys.stderr)
    return EXIT_OK


def _previous_commenters(path: Path) -> dict[int, tuple[int, list[str]]]:
    """issue number -> (comment count, commenters) from an earlier snapshot; {} if there is none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found: dict[int, tuple[int, list[str]]] = {}
    cohorts = data.get("cohorts") if isinstance(data, dict) else None
    for cohort in cohorts.values() if isinstance(cohorts, dict) else ():
        for checkin in cohort.get("checkins") or () if isinstance(cohort, dict) else ():
            if not isinstance(checkin, dict):
                continue
            number, count, who = checkin.get("issue"), checkin.get("comments"), checkin.get("commenters")
            if isinstance(number, int) and isinstance(count, int) and isinstance(who, list):
                found[number] = (count, [str(login) for login in who])
    return found
