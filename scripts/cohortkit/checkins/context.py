"""What a run works with: its options, the GitHub it reads and writes, and the tool's issues found there."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from cohortkit.github.markers import Marker, first_marker
from cohortkit.github.values import IssueInfo
from cohortkit.github.writers import IssueLister, IssueOpener


class Reader(IssueLister, Protocol):
    def get_issue(self, number: int) -> IssueInfo: ...
    def list_comments(self, number: int) -> list[Any]: ...


class Writer(IssueOpener, Protocol):
    def comment_once(self, cohort: str, number: int, body: str, mark: Marker, author: str = "") -> None: ...
    def add_labels(self, cohort: str, number: int, labels: list[str]) -> None: ...
    def edit_issue(self, cohort: str, number: int, what: str, **changes: Any) -> None: ...


@dataclass
class OwnedIssues:
    """The tool's open issues, by what their marker says they are."""

    # cohort label -> cohort id: finds a tracking issue whose body (and marker) someone replaced
    cohort_of_label: dict[str, str] = field(default_factory=dict)
    repository: str = ""  # owner/name, to tell an issue transferred elsewhere
    checkins: dict[tuple[str, str], IssueInfo] = field(default_factory=dict)
    events: dict[tuple[str, str], IssueInfo] = field(default_factory=dict)
    tracking: dict[str, IssueInfo] = field(default_factory=dict)
    # Later issues with the marker of an earlier one: two runs raced (see run_checkins).
    duplicates: list[IssueInfo] = field(default_factory=list)
    # The tool's own recent issues in any state, by number, whatever their labels: a check-in
    # closed before the record knew it, or one a person took the label off, is still found.
    recent: dict[int, IssueInfo] = field(default_factory=dict)
    recent_since: date | None = None  # the day from which `recent` holds every one of the tool's issues

    def recent_of(self, cohort_id: str, kind: str) -> list[tuple[Marker, IssueInfo]]:
        found = []
        for issue in self.recent.values():
            mark = first_marker(issue.body, kind)
            if mark is not None and mark.get("cohort") == cohort_id:
                found.append((mark, issue))
        return sorted(found, key=lambda pair: pair[1].number)

    def add(self, issue: IssueInfo) -> None:
        """Add issues oldest first: the oldest of any duplicates is the one kept."""
        if "tracking" in issue.labels and first_marker(issue.body, "tracking") is None:
            labels = [label for label in issue.labels if label in self.cohort_of_label]
            if labels:
                self._keep(self.tracking, self.cohort_of_label[labels[0]], issue)
            return
        for kind in ("checkin", "event", "tracking"):
            found = first_marker(issue.body, kind)
            if found is None or not found.get("cohort"):
                continue
            cohort = found.get("cohort") or ""
            if kind == "checkin":
                self._keep(self.checkins, (cohort, found.get("period") or ""), issue)
            elif kind == "event":
                self._keep(self.events, (cohort, found.get("event") or ""), issue)
            else:
                self._keep(self.tracking, cohort, issue)
            return

    def _keep(self, into: dict[Any, IssueInfo], key: Any, issue: IssueInfo) -> None:
        if key in into:
            self.duplicates.append(issue)
        else:
            into[key] = issue


@dataclass(frozen=True)
class RunOptions:
    today: date
    site_url: str = ""
    # Who the tool's issues are by (the workflow token's bot); its recent issues are listed by creator.
    bot_login: str = "github-actions[bot]"
