"""In-memory model of one GitHub repository: users, labels, issues, pull requests, comments.

Everything here is plain data; `FakeGitHub` guards it with one lock, so handlers and
test helpers never see a half-applied change even when several clients write at once.
Pull requests are issues with a `pull` part, as on GitHub: they share the issue number
sequence and show up in `GET /repos/{o}/{r}/issues` (clients must skip them).
"""

from __future__ import annotations

import hashlib
import itertools
from base64 import b64encode
from dataclasses import dataclass, field
from datetime import datetime

# GitHub's permission levels, weakest first; "permission" in the API maps them to legacy names.
ROLES = ("read", "triage", "write", "maintain", "admin")
LEGACY_PERMISSION = {
    "read": "read",
    "triage": "read",
    "write": "write",
    "maintain": "write",
    "admin": "admin",
}
DEFAULT_LABEL_COLOR = "ededed"  # what GitHub gives labels created implicitly by name


def node_id(prefix: str, number: int) -> str:
    return f"{prefix}_{b64encode(f'fake:{prefix}:{number}'.encode()).decode().rstrip('=')}"


def fake_sha(*parts: object) -> str:
    return hashlib.sha1(":".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()


@dataclass
class User:
    login: str
    id: int
    type: str = "User"  # "User", "Organization" or "Bot"
    name: str | None = None
    created_at: datetime | None = None


@dataclass
class Label:
    id: int
    name: str
    color: str
    description: str | None = None
    default: bool = False


@dataclass
class Comment:
    id: int
    issue_number: int
    body: str
    user: str
    created_at: datetime
    updated_at: datetime


@dataclass
class PullFile:
    """One changed file of a pull request, as `GET .../pulls/{n}/files` lists it."""

    filename: str
    status: str = "modified"  # added, removed, modified, renamed, copied, changed, unchanged
    additions: int = 1
    deletions: int = 0
    patch: str | None = "@@ -1 +1 @@\n-old\n+new"
    previous_filename: str | None = None


@dataclass
class PullInfo:
    head_ref: str
    base_ref: str
    head_sha: str
    draft: bool = False
    merged: bool = False
    base_sha: str | None = None  # a real commit id when a test has a git repository behind the fake
    head_repo: str | None = None  # owner/name of the fork the head lives in; None: this repository
    files: list[PullFile] = field(default_factory=list)
    requested_reviewers: list[str] = field(default_factory=list)


@dataclass
class Issue:
    number: int
    id: int
    title: str
    body: str | None
    user: str
    created_at: datetime
    updated_at: datetime
    state: str = "open"
    state_reason: str | None = None
    label_ids: list[int] = field(default_factory=list)
    assignees: list[str] = field(default_factory=list)
    closed_at: datetime | None = None
    closed_by: str | None = None
    locked: bool = False
    lock_reason: str | None = None  # "off-topic", "too heated", "resolved", "spam" or None
    pull: PullInfo | None = None

    @property
    def is_pull_request(self) -> bool:
        return self.pull is not None


@dataclass(frozen=True)
class Gone:
    """What became of an issue number that no longer holds an issue in its repository.

    GitHub never reuses an issue number, so the number stays taken (see `next_number`).
    """

    kind: str  # "deleted" or "transferred"
    to: str | None = None  # "owner/name" of the repository a transferred issue went to
    number: int | None = None  # its number there


@dataclass
class RepoState:
    """All mutable state of one repository; the owner of the lock decides who may touch it.

    A fake normally holds one; `FakeGitHub.transfer_issue` adds others, which share the
    users, the collaborators (same organisation) and the id sequence of the first.
    """

    owner: str
    name: str
    private: bool = False
    users: dict[str, User] = field(default_factory=dict)  # keyed by lower-case login
    collaborators: dict[str, str] = field(default_factory=dict)  # lower-case login -> role
    labels: list[Label] = field(default_factory=list)
    issues: dict[int, Issue] = field(default_factory=dict)
    comments: dict[int, list[Comment]] = field(default_factory=dict)  # issue number -> comments
    gone: dict[int, Gone] = field(default_factory=dict)  # deleted or transferred issue numbers
    moved_comments: dict[int, str] = field(default_factory=dict)  # comment id -> "owner/name"
    repo_id: int = 4242
    hidden: bool = False  # the token cannot see this repository (answers 404)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1001))

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def next_id(self) -> int:
        return next(self._ids)

    def next_number(self) -> int:
        return max([*self.issues, *self.gone], default=0) + 1

    # --- users --------------------------------------------------------------------------

    def user(self, login: str) -> User | None:
        return self.users.get(login.lower())

    def ensure_user(self, login: str, *, type: str = "User") -> User:
        found = self.user(login)
        if found is None:
            found = User(login=login, id=self.next_id(), type=type)
            self.users[login.lower()] = found
        return found

    def role(self, login: str) -> str | None:
        return self.collaborators.get(login.lower())

    def can_push(self, login: str) -> bool:
        role = self.role(login)
        return role is not None and ROLES.index(role) >= ROLES.index("write")

    # --- labels -------------------------------------------------------------------------

    def label_named(self, name: str) -> Label | None:
        # GitHub label names are unique case-insensitively and matched that way.
        wanted = name.casefold()
        return next((lbl for lbl in self.labels if lbl.name.casefold() == wanted), None)

    def label_by_id(self, label_id: int) -> Label:
        return next(lbl for lbl in self.labels if lbl.id == label_id)

    def ensure_label(self, name: str) -> Label:
        found = self.label_named(name)
        if found is None:
            found = Label(id=self.next_id(), name=name, color=DEFAULT_LABEL_COLOR)
            self.labels.append(found)
        return found

    def issue_labels(self, issue: Issue) -> list[Label]:
        return [self.label_by_id(i) for i in issue.label_ids]
