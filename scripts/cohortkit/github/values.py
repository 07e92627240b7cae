"""The plain values RepoClient hands its callers, read from GitHub's JSON: never PyGithub objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class IssueInfo:
    number: int
    title: str
    body: str
    state: str
    state_reason: str | None
    labels: tuple[str, ...]
    assignees: tuple[str, ...]
    author: str
    closed_by: str | None
    url: str
    comments: int = 0
    created: str = ""  # ISO time GitHub created it: a fact no person can edit


@dataclass(frozen=True, slots=True)
class CommentInfo:
    id: int
    author: str
    body: str


@dataclass(frozen=True, slots=True)
class PullInfo:
    number: int
    state: str
    author: str
    author_type: str  # "User" or "Bot"
    base_sha: str
    head_sha: str
    head_ref: str
    head_repo: str  # owner/name of the fork, or of this repository
    requested_reviewers: tuple[str, ...]
    labels: tuple[str, ...]
    base_ref: str = ""


def issue_info(raw: dict[str, Any]) -> IssueInfo:
    closed_by = raw.get("closed_by") or {}
    return IssueInfo(
        number=raw["number"],
        title=raw.get("title") or "",
        body=raw.get("body") or "",
        state=raw.get("state") or "open",
        state_reason=raw.get("state_reason"),
        labels=tuple(label["name"] for label in raw.get("labels") or () if isinstance(label, dict)),
        assignees=tuple(user["login"] for user in raw.get("assignees") or ()),
        author=(raw.get("user") or {}).get("login", ""),
        closed_by=closed_by.get("login"),
        url=raw.get("html_url") or "",
        comments=raw.get("comments") or 0,
        created=raw.get("created_at") or "",
    )


def comment_info(raw: dict[str, Any]) -> CommentInfo:
    return CommentInfo(raw["id"], (raw.get("user") or {}).get("login", ""), raw.get("body") or "")


def pull_info(raw: dict[str, Any]) -> PullInfo:
    head, base = raw.get("head") or {}, raw.get("base") or {}
    return PullInfo(
        number=raw["number"],
        state=raw.get("state") or "open",
        author=(raw.get("user") or {}).get("login", ""),
        author_type=(raw.get("user") or {}).get("type", "User"),
        base_sha=base.get("sha", ""),
        head_sha=head.get("sha", ""),
        head_ref=head.get("ref", ""),
        head_repo=(head.get("repo") or {}).get("full_name", ""),
        requested_reviewers=tuple(u["login"] for u in raw.get("requested_reviewers") or ()),
        labels=tuple(label["name"] for label in raw.get("labels") or () if isinstance(label, dict)),
        base_ref=base.get("ref", ""),
    )
