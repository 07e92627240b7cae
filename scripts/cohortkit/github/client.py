"""The one place that talks to GitHub: PyGithub, made to survive the real API.

- The token comes from GITHUB_TOKEN and the API from GITHUB_API_URL (set by
  Actions, also on GitHub Enterprise Server; settings.py), so tests point it
  at a fake.
- Reads and idempotent writes (PATCH, PUT, DELETE) are retried by urllib3
  through PyGithub's GithubRetry: 5xx with backoff, 403/429 rate limits after
  Retry-After or the reset time.
- POST is not idempotent: a 502 or a dropped connection may come after GitHub
  created the issue. POSTs are retried here, and only after looking for the
  hidden marker of what was being written, so a retry never duplicates.
- Every request and write is spent from a `Budget` (budget.py): writes are
  paced under GitHub's secondary limits, the token's hourly requests are
  watched through X-RateLimit-Remaining, and no wait (a Retry-After, a
  rate-limit reset) may run past the run's time: the run stops cleanly
  instead (`OutOfBudget`), and the next run finishes the work.
- Listing pages are asked again with the ETag GitHub gave them
  (conditional_cache.py): an unchanged page is answered 304, which GitHub does
  not count against the rate limit.

Callers get plain `IssueInfo`/`CommentInfo`/`PullInfo` values (values.py),
never PyGithub objects, so planning code stays free of the network. Why a
request failed, and whether retrying it can help, is failures.py's.
"""

from __future__ import annotations

import contextlib
import sys
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from cohortkit.errors import CohortkitError
from cohortkit.github.budget import Budget, OutOfBudget, budget_for_pace
from cohortkit.github.conditional_cache import ConditionalCache, KeptAnswer
from cohortkit.github.failures import describe_briefly, noting_request, retry_wait
from cohortkit.github.markers import Marker
from cohortkit.github.settings import ClientSettings
from cohortkit.github.values import CommentInfo, IssueInfo, PullInfo, comment_info, issue_info, pull_info

if TYPE_CHECKING:
    import github

T = TypeVar("T")


class RepoClient:
    """One repository's issues, comments and labels, over GitHub's REST API.

    Requests go through PyGithub's Requester (its documented way to call
    endpoints directly) rather than its object model, whose lazy attributes
    would add a GET per listed issue; here every request is one we chose.
    """

    def __init__(
        self,
        settings: ClientSettings,
        full_name: str,
        log: Callable[[str], None] | None = None,
        budget: Budget | None = None,
        cache: ConditionalCache | None = None,
    ) -> None:
        # PyGithub takes 0.3 s to import; commands that never reach GitHub should not pay it.
        import github
        from github import Auth, GithubRetry

        if full_name.count("/") != 1 or not all(full_name.split("/")):
            raise CohortkitError(f"--repo must be OWNER/NAME, not {full_name!r}")
        self.settings = settings
        self.full_name = full_name
        self.log = log or (lambda line: print(line, file=sys.stderr))
        self.budget = budget or budget_for_pace(settings.pace)
        # Listings GitHub tagged with an ETag, asked again with If-None-Match (see conditional_cache).
        self.cache = cache or ConditionalCache()
        spend = self.budget

        class BudgetedRetry(GithubRetry):
            """GithubRetry, but a wait longer than the run has left stops the run instead."""

            def sleep(self, response: Any = None) -> None:
                wait = self.get_retry_after(response) if response is not None else None
                wait = wait if wait is not None else self.get_backoff_time()
                if wait and not spend.wait_allowed(wait):
                    raise OutOfBudget(f"GitHub asked to wait {wait:.0f} s, longer than the run has left")
                if wait:
                    spend.sleep(wait)  # the budget's clock: real time, or a test's scaled time

        retry = BudgetedRetry(
            secondary_rate_wait=settings.secondary_rate_wait,
            total=settings.retries,
            backoff_factor=settings.backoff,
            status_forcelist=[429, *range(500, 600)],
            # POST is left out: see the module docstring.
            allowed_methods={"GET", "HEAD", "PATCH", "PUT", "DELETE", "OPTIONS"},
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        self._github: github.Github = github.Github(
            base_url=settings.api_url,
            auth=Auth.Token(settings.token),
            retry=retry,
            per_page=100,
            timeout=settings.timeout,
            # Writes are paced here (--pace); PyGithub's own pauses would double them.
            seconds_between_requests=None,
            seconds_between_writes=None,
        )
        self._base = f"/repos/{full_name}"

    # Reading

    def list_issues(self, labels: Iterable[str] = (), state: str = "open", **filters: str) -> list[IssueInfo]:
        """Issues (not pull requests) having every one of `labels`, all pages."""
        parameters = {"state": state, "per_page": "100", **filters}
        if labels:
            parameters["labels"] = ",".join(labels)
        return [
            issue_info(raw)
            for raw in self._pages(f"{self._base}/issues", parameters)
            if "pull_request" not in raw
        ]

    def get_issue(self, number: int) -> IssueInfo:
        return issue_info(self._request("GET", f"{self._base}/issues/{number}"))

    def list_comments(self, number: int) -> list[CommentInfo]:
        return [
            comment_info(raw)
            for raw in self._pages(f"{self._base}/issues/{number}/comments", {"per_page": "100"})
        ]

    def list_labels(self) -> list[tuple[str, str, str]]:
        return [
            (raw["name"], raw.get("color") or "", raw.get("description") or "")
            for raw in self._pages(f"{self._base}/labels", {"per_page": "100"})
        ]

    # Writing

    def create_issue(
        self, title: str, body: str, labels: list[str], assignees: list[str], marker: Marker
    ) -> IssueInfo:
        """Open an issue once, however the request fails along the way."""

        def find() -> IssueInfo | None:
            # Listing is consistent right after a write, unlike search; the new
            # issue carries its labels and is among the newest with them.
            newest = self._request(
                "GET",
                f"{self._base}/issues",
                {
                    "state": "all",
                    "labels": ",".join(labels[:2]),
                    "sort": "created",
                    "direction": "desc",
                    "per_page": "100",
                },
            )
            return next((issue_info(raw) for raw in newest if marker.text() in (raw.get("body") or "")), None)

        payload = {"title": title, "body": body, "labels": labels, "assignees": assignees}
        return self._post(
            lambda: issue_info(self._request("POST", f"{self._base}/issues", input=payload)), find, title
        )

    def create_comment(
        self, number: int, body: str, marker: Marker, author: str | None = None
    ) -> CommentInfo:
        """`author`, when given, is who a retry trusts the marker from (on a pull request, anyone can comment)."""

        def find() -> CommentInfo | None:
            return next(
                (
                    c
                    for c in self.list_comments(number)
                    if marker.text() in c.body and (author is None or c.author.lower() == author.lower())
                ),
                None,
            )

        path = f"{self._base}/issues/{number}/comments"
        return self._post(
            lambda: comment_info(self._request("POST", path, input={"body": body})),
            find,
            f"comment on #{number}",
        )

    def add_labels(self, number: int, labels: list[str]) -> None:
        # Adding a label an issue already has changes nothing, so a blind retry is safe.
        path = f"{self._base}/issues/{number}/labels"
        self._post(
            lambda: self._request("POST", path, input={"labels": labels}),
            lambda: None,
            f"labels on #{number}",
        )

    def edit_issue(self, number: int, **changes: Any) -> IssueInfo:
        """PATCH is idempotent: retried by the transport like a read."""
        return issue_info(self._request("PATCH", f"{self._base}/issues/{number}", input=changes))

    def create_label(self, name: str, color: str, description: str) -> None:
        def find() -> bool | None:
            return True if any(n.lower() == name.lower() for n, _, _ in self.list_labels()) else None

        payload = {"name": name, "color": color, "description": description}
        self._post(
            lambda: self._request("POST", f"{self._base}/labels", input=payload), find, f"label {name}"
        )

    def edit_label(self, name: str, color: str, description: str) -> None:
        path = f"{self._base}/labels/{urllib.parse.quote(name, safe='')}"
        self._request("PATCH", path, input={"new_name": name, "color": color, "description": description})

    def edit_comment(self, comment_id: int, body: str) -> CommentInfo:
        return comment_info(
            self._request("PATCH", f"{self._base}/issues/comments/{comment_id}", input={"body": body})
        )

    def remove_label(self, number: int, name: str) -> None:
        """DELETE is idempotent; a label already gone (404) is what was wanted."""
        from github import UnknownObjectException

        with contextlib.suppress(UnknownObjectException):
            self._request(
                "DELETE", f"{self._base}/issues/{number}/labels/{urllib.parse.quote(name, safe='')}"
            )

    # Pull requests

    def get_pull(self, number: int) -> PullInfo:
        return pull_info(self._request("GET", f"{self._base}/pulls/{number}"))

    def list_pull_numbers(self, labels: Iterable[str] = (), state: str = "open") -> list[int]:
        """Numbers of the pull requests having every one of `labels` (the issues listing holds them)."""
        parameters = {"state": state, "per_page": "100"}
        if labels:
            parameters["labels"] = ",".join(labels)
        return [
            raw["number"] for raw in self._pages(f"{self._base}/issues", parameters) if "pull_request" in raw
        ]

    def can_review(self, login: str) -> bool:
        """Whether `login` may be asked for a review: a collaborator with write access or more."""
        from github import UnknownObjectException

        try:
            raw = self._request(
                "GET", f"{self._base}/collaborators/{urllib.parse.quote(login, safe='')}/permission"
            )
        except UnknownObjectException:
            return False
        return raw.get("permission") in ("admin", "maintain", "write")

    def request_reviewers(self, number: int, logins: list[str]) -> None:
        # Requesting a reviewer who is already requested changes nothing: a blind retry is safe.
        path = f"{self._base}/pulls/{number}/requested_reviewers"
        self._post(
            lambda: self._request("POST", path, input={"reviewers": logins}),
            lambda: None,
            f"review request on #{number}",
        )

    # Machinery

    def _request(
        self, verb: str, path: str, parameters: dict[str, str] | None = None, input: Any = None
    ) -> Any:
        self.budget.before_request()
        if verb != "GET":
            # Counted as content-creating, every kind of write: the conservative reading of GitHub's rule.
            self.budget.before_write()
        with noting_request(verb, path):
            headers, data = self._github.requester.requestJsonAndCheck(
                verb, path, parameters=parameters, input=input
            )
        self._observe(headers)
        return data

    def _pages(self, path: str, parameters: dict[str, str]) -> Iterator[dict[str, Any]]:
        url: str | None = path
        query: dict[str, str] | None = parameters
        while url:
            data, link = self._page(url, query)
            yield from data
            url = _next_link(link)
            query = None  # the next link carries the query

    def _page(self, url: str, query: dict[str, str] | None) -> tuple[list[dict[str, Any]], str]:
        """One page of a listing, and its Link header; a kept page GitHub says is current costs nothing."""
        key = ConditionalCache.key(url, query)
        kept = self.cache.get(key)
        if kept is not None and not _is_page(kept.data):
            kept = None  # a cache file is a hint: a kept answer of the wrong shape is never used
        self.budget.before_request()
        with noting_request("GET", url):
            headers, data = self._github.requester.requestJsonAndCheck(
                "GET", url, parameters=query, headers={"If-None-Match": kept.etag} if kept else None
            )
        self._observe(headers)
        found = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
        if kept is not None and data is None:
            # 304 Not Modified: an empty body (PyGithub reads it as None); a listing is never empty-bodied.
            self.budget.not_modified()
            self.cache.touch(key)
            return kept.data, kept.link
        if not _is_page(data):
            raise CohortkitError(f"GET {url}: GitHub sent {type(data).__name__} where a list was expected")
        if found.get("etag"):
            self.cache.put(key, KeptAnswer(found["etag"], data, found.get("link", "")))
        return data, found.get("link", "")

    def _observe(self, headers: Any) -> None:
        found = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
        remaining, reset = found.get("x-ratelimit-remaining", ""), found.get("x-ratelimit-reset", "")
        self.budget.after_response(
            int(remaining) if remaining.isdigit() else None, float(reset) if reset.isdigit() else None
        )

    def _post(self, create: Callable[[], T], find: Callable[[], T | None], what: str) -> T:
        import requests
        from github import GithubException

        delay = self.settings.backoff
        for attempt in range(1, self.settings.retries + 2):
            try:
                return create()
            except (GithubException, requests.RequestException) as exc:
                wait = retry_wait(exc, delay, self.settings.secondary_rate_wait)
                if wait is None or attempt > self.settings.retries:
                    raise
                if not self.budget.wait_allowed(wait):
                    raise OutOfBudget(
                        f"{what}: GitHub asked to wait {wait:.0f} s, longer than the run has left"
                    ) from exc
                self.log(
                    f"  {what}: {describe_briefly(exc)}; retrying in {wait:.0f}s (attempt {attempt + 1})"
                )
                self.budget.sleep(wait)
                delay *= 2
                # The request may have been carried out before it failed.
                existing = find()
                if existing is not None:
                    return existing
        raise AssertionError("unreachable")  # pragma: no cover


def _is_page(data: Any) -> bool:
    return isinstance(data, list) and all(isinstance(item, dict) for item in data)


def _next_link(link_header: str) -> str | None:
    for part in link_header.split(","):
        section = part.split(";")
        if len(section) > 1 and 'rel="next"' in section[1]:
            return section[0].strip().strip("<>")
    return None
