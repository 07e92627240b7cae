"""Put a review on the pull request: one comment, labels, review requests.

Runs in the `workflow_run` job, which has write access and therefore never runs
or checks out the pull request's code. What the `pull_request` job uploaded is
untrusted (that job ran beside the contributor's branch): only its pull-request
number is used, and only after GitHub confirms that this pull request's head is
the commit the triggering run was for. The review itself is computed again here,
by this trusted checkout, from the head's git objects.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cohortkit.data.gitdata import Git
from cohortkit.data.schemas import schema_dir
from cohortkit.errors import CohortkitError
from cohortkit.github.client import RepoClient
from cohortkit.github.values import PullInfo
from cohortkit.join.review.report import REVIEW_MARKER, as_markdown
from cohortkit.join.review.run import JOIN_LABEL, MENTOR_REVIEW_LABEL, Review, review_revisions

MAX_ARTIFACT_BYTES = 1024 * 1024
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_SHA = re.compile(r"[0-9a-f]{40}")
# Branches the intake workflow pushes: intake/<login>-<issue number>.
_INTAKE_BRANCH = re.compile(r"intake/(?P<login>.+)-(?P<issue>[0-9]+)")


@dataclass
class Posted:
    review: Review | None
    notes: list[str] = field(default_factory=list)


def pull_number_from_artifact(path: Path) -> int:
    """The pull-request number in the uploaded review, refusing anything else it might hold."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_ARTIFACT_BYTES + 1)
    except OSError as exc:
        raise CohortkitError(f"cannot read the review artifact {path}: {exc.strerror}") from exc
    if len(raw) > MAX_ARTIFACT_BYTES:
        raise CohortkitError(f"the review artifact {path} is larger than 1 MiB; refusing it")
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise CohortkitError(f"the review artifact {path} is not JSON: {exc}") from exc
    number = data.get("pull_request") if isinstance(data, dict) else None
    if type(number) is not int or not 0 < number < 2**31:
        raise CohortkitError(f"the review artifact {path} names no pull request (a positive integer)")
    return number


def acting_author(pull: PullInfo, repository: str, bot_login: str = "github-actions[bot]") -> str:
    """Whose change this is: see `acting_login`."""
    return acting_login(pull.author, pull.author_type, pull.head_ref, pull.head_repo, repository, bot_login)


def acting_login(
    author: str, author_type: str, head_ref: str, head_repo: str, repository: str, bot_login: str
) -> str:
    """Whose change this is. A pull request the intake workflow opened acts for the form's author.

    Only the workflow's own bot (`bot_login`) can push a branch to this repository
    from the intake workflow; forks cannot push here at all. So an intake branch
    here, opened by that bot, carries the login the workflow took from the issue's
    author. Any other bot, or a branch from a fork, acts for itself.
    """
    match = _INTAKE_BRANCH.fullmatch(head_ref)
    same_repository = head_repo.lower() == repository.lower()
    by_workflow = author_type == "Bot" and author.lower() == bot_login.lower()
    if by_workflow and same_repository and match and _LOGIN.fullmatch(match["login"]):
        return match["login"]
    return author


def post_review(
    client: RepoClient,
    root: Path,
    number: int,
    expected_head: str,
    bot_login: str,
    *,
    dry_run: bool = False,
    fetch: bool = False,
    base_sha: str = "",
    today: date | None = None,
    intake_bot: str = "github-actions[bot]",
    log: Callable[[str], None] = print,
) -> Posted:
    if not _SHA.fullmatch(expected_head):
        raise CohortkitError(f"--head-sha must be a full commit id, not {expected_head!r}")
    pull = client.get_pull(number)
    if pull.head_sha != expected_head:
        return Posted(
            None, [f"#{number} has moved on to {pull.head_sha[:12]}; the run for that commit reviews it"]
        )
    if pull.state != "open":
        return Posted(None, [f"#{number} is {pull.state}; nothing to review"])
    git = Git(root)
    if fetch and not git.has_commit(pull.head_sha):
        git.fetch(f"+refs/pull/{number}/head", token=os.environ.get("GITHUB_TOKEN", ""))
    base = base_sha or pull.base_sha  # the base branch's tip: the merge into it is what gets judged
    author = acting_author(pull, client.full_name, intake_bot)
    review = review_revisions(root, base, pull.head_sha, author, schema_dir(root), today)

    wanted = [r for r in review.reviewers if r.lower() != pull.author.lower()]
    requestable = [r for r in wanted if client.can_review(r)]
    already = {r.lower() for r in pull.requested_reviewers}
    to_request = [r for r in requestable if r.lower() not in already]
    body = as_markdown(review, requested=requestable)
    add = [label for label in review.labels if label not in pull.labels]
    remove = (
        [MENTOR_REVIEW_LABEL]
        if MENTOR_REVIEW_LABEL in pull.labels and MENTOR_REVIEW_LABEL not in review.labels
        else []
    )

    posted = Posted(review)
    posted.notes.append(f"#{number} by {author}: {review.verdict}")
    if dry_run:
        posted.notes += [f"would label {add}, unlabel {remove}, request {to_request}", body]
        return posted
    _upsert_comment(client, number, body, bot_login)
    if add:
        client.add_labels(number, add)
    for label in remove:
        client.remove_label(number, label)
    if to_request:
        client.request_reviewers(number, to_request)
    posted.notes.append(
        f"commented; labels +{add} -{remove}; review requested from {to_request or 'nobody new'}"
    )
    return posted


def _upsert_comment(client: RepoClient, number: int, body: str, bot_login: str) -> None:
    """One comment per pull request: ours, found by its marker *and* its author (anyone can paste a marker)."""
    ours = [
        c
        for c in client.list_comments(number)
        if REVIEW_MARKER.text() in c.body and c.author.lower() == bot_login.lower()
    ]
    if not ours:
        client.create_comment(number, body, REVIEW_MARKER, author=bot_login)
    elif ours[0].body != body:
        client.edit_comment(ours[0].id, body)


def rejudge_open_joins(
    client: RepoClient,
    root: Path,
    base_ref: str,
    base_sha: str,
    bot_login: str,
    *,
    dry_run: bool = False,
    fetch: bool = True,
    today: date | None = None,
    log: Callable[[str], None] = print,
) -> list[str]:
    """Review again every open join request into `base_ref`, now that the branch moved to `base_sha`.

    A seat taken on the default branch changes what a waiting join would merge into;
    each comment, label and review request is brought up to date (and left alone
    where nothing changed, since posting is idempotent).
    """
    notes: list[str] = []
    for number in client.list_pull_numbers([JOIN_LABEL], "open"):
        pull = client.get_pull(number)
        if pull.base_ref and pull.base_ref != base_ref:
            continue
        posted = post_review(
            client,
            root,
            number,
            pull.head_sha,
            bot_login,
            dry_run=dry_run,
            fetch=fetch,
            base_sha=base_sha,
            log=log,
        )
        notes.extend(f"#{number}: {note}" for note in posted.notes)
    return notes
