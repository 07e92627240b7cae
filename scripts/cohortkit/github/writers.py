"""Where decided writes go: to GitHub, or into a plan printed by --dry-run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from cohortkit.github.client import RepoClient
from cohortkit.github.markers import Marker
from cohortkit.github.values import IssueInfo


class IssueLister(Protocol):
    def list_issues(
        self, labels: Iterable[str] = (), state: str = "open", **filters: str
    ) -> list[IssueInfo]: ...


class IssueOpener(Protocol):
    def open_issue(
        self,
        cohort: str,
        what: str,
        title: str,
        body: str,
        labels: list[str],
        assignees: list[str],
        mark: Marker,
    ) -> int: ...


@dataclass(frozen=True, slots=True)
class Wording:
    """How log lines tell what a write did: done on GitHub, or only planned by --dry-run.

    Only messages use it. What to write is decided the same way for both
    writers, so nothing that decides may ask which one it has.
    """

    opened: str
    marked: str
    updated: str
    closed: str
    created: str


PERFORMED = Wording(opened="opened", marked="marked", updated="updated", closed="closed", created="created")
PLANNED = Wording(
    opened="would open",
    marked="would mark",
    updated="would update",
    closed="would close",
    created="would create",
)


def wording_of(writer: object) -> Wording:
    """The wording for what `writer` did.

    Writers state it in a `wording` attribute; one that does not (a test's
    in-memory GitHub) carries its writes out, so it reads as done.
    """
    found = getattr(writer, "wording", PERFORMED)
    return found if isinstance(found, Wording) else PERFORMED


@dataclass(frozen=True, slots=True)
class PlannedWrite:
    cohort: str
    action: str
    target: str
    detail: str


@dataclass
class PlanWriter:
    """Records writes instead of performing them; hands out placeholder issue numbers."""

    wording: ClassVar[Wording] = PLANNED
    writes: list[PlannedWrite] = field(default_factory=list)
    _next_placeholder: int = 0

    def open_issue(
        self,
        cohort: str,
        what: str,
        title: str,
        body: str,
        labels: list[str],
        assignees: list[str],
        mark: Marker,
    ) -> int:
        self._next_placeholder -= 1
        who = f" → {', '.join(assignees)}" if assignees else ""
        self.writes.append(PlannedWrite(cohort, "open issue", what, f"{title}{who}"))
        return self._next_placeholder

    def comment_once(self, cohort: str, number: int, body: str, mark: Marker, author: str = "") -> None:
        self.writes.append(PlannedWrite(cohort, "comment", _issue(number), mark.kind))

    def add_labels(self, cohort: str, number: int, labels: list[str]) -> None:
        self.writes.append(PlannedWrite(cohort, "add labels", _issue(number), ", ".join(labels)))

    def edit_issue(self, cohort: str, number: int, what: str, **changes: Any) -> None:
        self.writes.append(
            PlannedWrite(cohort, "edit issue", f"{what} {_issue(number)}", ", ".join(sorted(changes)))
        )

    def table(self) -> str:
        if not self.writes:
            return "Nothing to write."
        rows = [
            ("cohort", "action", "target", "detail"),
            *((w.cohort, w.action, w.target, w.detail) for w in self.writes),
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = [
            " | ".join([*(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])), row[3]]) for row in rows
        ]
        lines.insert(1, "-+-".join(["-" * w for w in widths] + ["-" * 6]))
        return "\n".join(lines) + f"\n{len(self.writes)} write(s) planned; nothing was written."


@dataclass
class GitHubWriter:
    """Performs writes through the client, which makes each one idempotent."""

    wording: ClassVar[Wording] = PERFORMED
    client: RepoClient
    # Done, but someone should know: say, who could not be assigned.
    notes: list[str] = field(default_factory=list)

    def open_issue(
        self,
        cohort: str,
        what: str,
        title: str,
        body: str,
        labels: list[str],
        assignees: list[str],
        mark: Marker,
    ) -> int:
        from github import GithubException

        try:
            return self.client.create_issue(title, body, labels, assignees, mark).number
        except GithubException as exc:
            if not (assignees and exc.status == 422 and _about_assignees(exc)):
                raise
            refused = _refused_assignees(exc) or {login.lower() for login in assignees}
        # GitHub assigns only people with write access; the issue matters more than who is assigned.
        kept = [login for login in assignees if login.lower() not in refused]
        number = self.client.create_issue(title, body, labels, kept, mark).number
        who = ", ".join(f"@{login}" for login in assignees if login.lower() in refused)
        self.notes.append(
            f"{cohort}: {what} #{number} opened without {who}, who could not be assigned "
            "(GitHub assigns only people with write access to the repository: invite them, or ask a "
            "coordinator to)"
        )
        return number

    def comment_once(self, cohort: str, number: int, body: str, mark: Marker, author: str = "") -> None:
        """`author`: whose comments count (the tool's own); anyone can paste a marker into a comment
        to keep the reminder from being sent."""
        # A rerun after a crash between comment and label must not comment twice.
        if not any(
            mark.text() in comment.body and (not author or comment.author.lower() == author.lower())
            for comment in self.client.list_comments(number)
        ):
            self.client.create_comment(number, body, mark, author=author or None)

    def add_labels(self, cohort: str, number: int, labels: list[str]) -> None:
        self.client.add_labels(number, labels)

    def edit_issue(self, cohort: str, number: int, what: str, **changes: Any) -> None:
        self.client.edit_issue(number, **changes)


def _refused_assignees(exc: Any) -> set[str]:
    """The logins GitHub names as not assignable (its 422 lists each as an error's value)."""
    data = exc.data if isinstance(exc.data, dict) else {}
    return {
        str(e["value"]).lower()
        for e in data.get("errors") or ()
        if isinstance(e, dict) and e.get("field") == "assignees" and isinstance(e.get("value"), str)
    }


def _about_assignees(exc: Any) -> bool:
    data = exc.data if isinstance(exc.data, dict) else {}
    return any(isinstance(e, dict) and e.get("field") == "assignees" for e in data.get("errors") or ()) or (
        "assign" in str(data.get("message", "")).lower()
    )


def _issue(number: int) -> str:
    return f"#{number}" if number > 0 else "(new issue)"
