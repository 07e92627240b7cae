"""`cohortkit intake`: a sign-up issue form becomes files for a pull request, or one comment.

Run by `.github/workflows/intake.yml` on the `issues` event. It writes the
person file (and the cohort seat) into the working tree and hands the
workflow what it needs to push a branch and open the pull request: GitHub's
REST contract this tool is held to has no pull-request creation, so `git`
and the `gh` CLI do that part. Comments are its own: one per issue, found
again by its marker and author, and edited when what it says changes.

The person is the issue's author from the event, never anything the form
says. Outputs go to `$GITHUB_OUTPUT` when it is set and, as one JSON object,
to standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from datetime import date
from pathlib import Path
from typing import Any

from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS, CohortkitError
from cohortkit.github.client import RepoClient
from cohortkit.github.markers import Marker, marker
from cohortkit.github.settings import ClientSettings
from cohortkit.github.values import CommentInfo
from cohortkit.join.intake import Intake, prepare
from cohortkit.join.intake_form import LABEL
from cohortkit.join.intake_texts import (
    branch_name,
    fix_it_comment,
    pull_request_body,
    pull_request_title,
    settled_comment,
)
from cohortkit.support.atomic_file import write_atomically

MAX_EVENT_BYTES = 10 * 1024 * 1024
GITHUB_ACTIONS_BOT = "github-actions[bot]"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--event",
        type=Path,
        default=os.environ.get("GITHUB_EVENT_PATH") or None,
        help="the issues event JSON (default: $GITHUB_EVENT_PATH)",
    )
    parser.add_argument("--root", type=Path, default=Path(), help="the data repository (default: here)")
    parser.add_argument(
        "--repo",
        default=None,
        metavar="OWNER/NAME",
        help="the repository of the issue (default: the event's repository)",
    )
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="act as if today were YYYY-MM-DD"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="write no file and nothing to GitHub; print what would be written",
    )
    parser.add_argument(
        "--pace",
        type=float,
        default=None,
        metavar="SECONDS",
        help="least time between two writes (default: within GitHub's limits; 0: none)",
    )
    parser.add_argument(
        "--bot-login",
        default=GITHUB_ACTIONS_BOT,
        help=f"the account the token comments as; only its comments are taken for ours (default {GITHUB_ACTIONS_BOT})",
    )


def run(args: argparse.Namespace) -> int:
    if args.event is None:
        raise CohortkitError("no event: pass --event PATH or set GITHUB_EVENT_PATH")
    event = _read_event(args.event)
    issue = event["issue"]
    number: int = issue["number"]
    login: str = issue["user"]["login"]
    repo = args.repo or (event.get("repository") or {}).get("full_name") or ""
    outputs: dict[str, str] = {"result": "skipped", "issue": str(number), "login": login}
    labels = {str(label.get("name", "")) for label in issue.get("labels") or () if isinstance(label, dict)}
    if LABEL not in labels or issue.get("state") != "open" or "pull_request" in issue:
        print(f"cohortkit intake: #{number} is not an open sign-up issue; nothing to do", file=sys.stderr)
        _emit(outputs)
        return EXIT_OK
    client = None if args.dry_run else _client(args, repo)
    body = issue.get("body") or ""
    if client is not None:
        # A re-run of an old run reads the form as it is now, not as the event saw it.
        current = client.get_issue(number)
        if current.author.lower() != login.lower():
            raise CohortkitError(f"issue #{number} is by {current.author}, not {login} as the event says")
        if current.state != "open" or LABEL not in current.labels:
            print(f"cohortkit intake: #{number} is no longer an open sign-up issue", file=sys.stderr)
            _emit(outputs)
            return EXIT_OK
        body = current.body
    today = args.today or date.today()
    result = prepare(args.root, login, number, body, today)
    mark = marker("intake", issue=str(number))
    if not result.ok:
        outputs["result"] = "invalid"
        _comment(client, args, result, fix_it_comment(result, mark.text()), mark, outputs)
        print(f"cohortkit intake: #{number} needs {len(result.problems)} change(s)", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem.label or 'form'}: {problem.message}", file=sys.stderr)
        _emit(outputs)
        return EXIT_PROBLEMS
    if not result.changes:
        outputs["result"] = "unchanged"
        _comment(client, args, result, settled_comment(result, mark.text(), unchanged=True), mark, outputs)
        _emit(outputs)
        return EXIT_OK
    if args.dry_run:
        outputs["files_preview"] = json.dumps(result.changes, ensure_ascii=False)
    else:
        _write(args.root, result.changes)
    outputs |= {
        "result": "pull-request",
        "branch": branch_name(result),
        "title": pull_request_title(result),
        "body": pull_request_body(result, today),
        "files": " ".join(sorted(result.changes)),
    }
    # An earlier "what to fix" comment is brought up to date; none is added when there was none.
    _comment(
        client, args, result, settled_comment(result, mark.text(), unchanged=False), mark, outputs, False
    )
    print(f"cohortkit intake: #{number}: {', '.join(sorted(result.changes))} ready", file=sys.stderr)
    _emit(outputs)
    return EXIT_OK


def _read_event(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_EVENT_BYTES + 1)
        event = json.loads(raw) if len(raw) <= MAX_EVENT_BYTES else None
    except (OSError, ValueError) as exc:
        raise CohortkitError(f"cannot read the event {path}: {exc}") from exc
    issue = event.get("issue") if isinstance(event, dict) else None
    user = issue.get("user") if isinstance(issue, dict) else None
    if (
        not isinstance(issue, dict)
        or not isinstance(issue.get("number"), int)
        or not isinstance(user, dict)
        or not isinstance(user.get("login"), str)
        or not isinstance(issue.get("body"), str | None)
    ):
        raise CohortkitError(f"{path} is not an issues event (no issue with a number, author and body)")
    assert isinstance(event, dict)
    return event


def _client(args: argparse.Namespace, repo: str) -> RepoClient:
    if not repo:
        raise CohortkitError("no repository: pass --repo OWNER/NAME")
    return RepoClient(ClientSettings.from_environment(pace=args.pace), repo)


def _comment(
    client: RepoClient | None,
    args: argparse.Namespace,
    result: Intake,
    body: str,
    mark: Marker,
    outputs: dict[str, str],
    create: bool = True,
) -> None:
    """One comment per issue: created once, then edited in place; `create=False` only updates one."""
    if client is None:
        outputs["comment"] = body
        return
    ours: CommentInfo | None = next(
        (
            comment
            for comment in client.list_comments(result.issue)
            # Anyone can comment; a copy of the marker under another name is not ours.
            if mark.text() in comment.body and comment.author.lower() == args.bot_login.lower()
        ),
        None,
    )
    if ours is None:
        if create:
            client.create_comment(result.issue, body, mark)
    elif ours.body.strip() != body.strip():
        client.edit_comment(ours.id, body)


def _write(root: Path, changes: dict[str, str]) -> None:
    for shown, text in changes.items():
        write_atomically(root / shown, text.encode("utf-8"))


def _emit(outputs: dict[str, str]) -> None:
    """Step outputs for the workflow, and the same as JSON on standard output."""
    destination = os.environ.get("GITHUB_OUTPUT")
    if destination:
        with Path(destination).open("a", encoding="utf-8") as handle:
            for name, value in outputs.items():
                # A delimiter the value cannot contain, so no value can end the block and add outputs.
                delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
                while delimiter in value:
                    delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
                handle.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    print(json.dumps(outputs, indent=2, ensure_ascii=False))
