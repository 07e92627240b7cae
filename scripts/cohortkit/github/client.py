"""The one place that talks to GitHub: PyGithub, made to survive the real API.

- The token comes from GITHUB_TOKEN and the API from GITHUB_API_URL (set by
  Actions, also on GitHub Enterprise Server), so tests point it at a fake.
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

Callers get plain `IssueInfo`/`CommentInfo` values, never PyGithub objects, so
planning code stays free of the network.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from cohortkit.errors import CohortkitError
from cohortkit.github.budget import Budget, OutOfBudget, budget_for_pace
from cohortkit.github.conditional_cache import ConditionalCache, KeptAnswer
from cohortkit.github.markers import Marker

if TYPE_CHECKING:
    import github

DEFAULT_API_URL = "https://api.github.com"
T = TypeVar("T")


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


@dataclass(frozen=True)
class ClientSettings:
    token: str
    api_url: str = DEFAULT_API_URL
    pace: float | None = None  # seconds between two writes; None: GitHub's limits (budget.py), 0: none
    retries: int = 6
    backoff: float = 1.0  # seconds, doubled on each retry
    secondary_rate_wait: float = 60.0  # when a secondary limit gives no Retry-After
    timeout: int = 30  # seconds for one request (PyGithub takes whole seconds)

    @classmethod
    def from_environment(cls, pace: float | None = None) -> ClientSettings:
        token = os.environ.get("GITHUB_TOKEN", "")
        if not token:
            raise CohortkitError(
                "GITHUB_TOKEN is not set; in a workflow, pass it as env: GITHUB_TOKEN: ${{ github.token }}"
            )
        api_url = configured_api_url()
        parts = urllib.parse.urlsplit(api_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            # PyGithub would stop on it with an AssertionError or AttributeError, which reads as our bug.
            raise CohortkitError(
                f"GITHUB_API_URL is {api_url!r}, not a web address; set it to the API's address, "
                f"such as {DEFAULT_API_URL} (Actions sets it for you)"
            )
        return cls(token=token, api_url=api_url, pace=pace)


def configured_api_url() -> str:
    return os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL


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
            _issue_info(raw)
            for raw in self._pages(f"{self._base}/issues", parameters)
            if "pull_request" not in raw
        ]

    def get_issue(self, number: int) -> IssueInfo:
        return _issue_info(self._request("GET", f"{self._base}/issues/{number}"))

    def list_comments(self, number: int) -> list[CommentInfo]:
        return [
            _comment_info(raw)
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
            return next(
                (_issue_info(raw) for raw in newest if marker.text() in (raw.get("body") or "")), None
            )

        payload = {"title": title, "body": body, "labels": labels, "assignees": assignees}
        return self._post(
            lambda: _issue_info(self._request("POST", f"{self._base}/issues", input=payload)), find, title
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
            lambda: _comment_info(self._request("POST", path, input={"body": body})),
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
        return _issue_info(self._request("PATCH", f"{self._base}/issues/{number}", input=changes))

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
        return _comment_info(
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
        raw = self._request("GET", f"{self._base}/pulls/{number}")
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
        with _noting_request(verb, path):
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
        with _noting_request("GET", url):
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
                wait = _retry_wait(exc, delay, self.settings.secondary_rate_wait)
                if wait is None or attempt > self.settings.retries:
                    raise
                if not self.budget.wait_allowed(wait):
                    raise OutOfBudget(
                        f"{what}: GitHub asked to wait {wait:.0f} s, longer than the run has left"
                    ) from exc
                self.log(f"  {what}: {_describe(exc)}; retrying in {wait:.0f}s (attempt {attempt + 1})")
                self.budget.sleep(wait)
                delay *= 2
                # The request may have been carried out before it failed.
                existing = find()
                if existing is not None:
                    return existing
        raise AssertionError("unreachable")  # pragma: no cover


# Failures that are not ours
#
# PyGithub's exceptions do not say which request failed; `_noting_request`
# adds it as a note (PEP 678), which keeps the exception's type for callers
# that catch it (a 404 on removing a label) and shows in a debug traceback.

_REQUEST_NOTE = "cohortkit request: "


@contextlib.contextmanager
def _noting_request(verb: str, path: str) -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        exc.add_note(f"{_REQUEST_NOTE}{verb} {path}")
        raise


def describe_refusal(exc: Any) -> str:
    """A GitHub refusal of one request, in words for the health issue and the log.

    These are GitHub's answers about one issue (locked, deleted, moved, a body
    too long), so the run records them and carries on with every other cohort.
    """
    status = exc.status if isinstance(exc.status, int) else 0
    data = exc.data if isinstance(exc.data, dict) else {}
    message = str(data.get("message") or "").strip()
    details = "; ".join(
        str(e.get("message") or f"{e.get('field', '')} {e.get('code', '')}".strip())
        for e in data.get("errors") or ()
        if isinstance(e, dict)
    )
    said = f"HTTP {status}" + (f" {message}" if message else "") + (f" ({details})" if details else "")
    if status == 410:
        return f"{said}: the issue was deleted; the tool records it and does not reopen it"
    if status == 301:
        return f"{said}: the issue was transferred to another repository"
    if status == 403 and "locked" in message.lower():
        return f"{said}: the issue is locked; unlock it or close it by hand"
    if status == 422 and "too long" in (message + details).lower():
        return f"{said}: the text is over GitHub's 65,536 characters"
    return said


def explain_failure(exc: BaseException) -> str | None:
    """One line for a failure of the network or an answer of GitHub's that no fix of ours can avoid.

    None for anything else, which stays an internal error. Only commands that
    reach GitHub import requests and PyGithub; when they are not loaded, `exc`
    cannot be theirs, and the check imports nothing.
    """
    if "requests" not in sys.modules:
        return None
    import requests

    api_url = configured_api_url()
    if isinstance(
        exc, requests.ConnectionError | requests.Timeout | requests.exceptions.ChunkedEncodingError
    ):
        return (
            f"cannot reach the GitHub API at {_address_tried(exc, api_url)} ({_network_reason(exc)}); "
            "check GITHUB_API_URL and the network"
        )
    if "github" not in sys.modules:
        return None
    from github import GithubException

    if isinstance(exc, GithubException):
        return _github_refusal(exc, api_url)
    return None


def _github_refusal(exc: Any, api_url: str) -> str | None:
    status = exc.status if isinstance(exc.status, int) else 0
    data = exc.data if isinstance(exc.data, dict) else {}
    message = str(data.get("message") or "").strip()
    # GitHub's messages run on with "If you reach out to GitHub Support..."; the first sentence says it.
    said = f"HTTP {status}" + (f": {message.split('. ')[0].rstrip('.')}" if message else "")
    request = next(
        (n.removeprefix(_REQUEST_NOTE) for n in getattr(exc, "__notes__", ()) if n.startswith(_REQUEST_NOTE)),
        "",
    )
    to = f" to {request}" if request else ""
    headers = {str(k).lower(): str(v) for k, v in (exc.headers or {}).items()}
    if status == 401:
        return (
            f"GitHub at {api_url} refused the token ({said}); check GITHUB_TOKEN: "
            "it may be mistyped, expired or revoked, or made for another GitHub than GITHUB_API_URL"
        )
    if status == 429 or (
        status == 403 and ("rate limit" in message.lower() or headers.get("x-ratelimit-remaining") == "0")
    ):
        reset = headers.get("x-ratelimit-reset", "")
        after = (
            f"after {time.strftime('%H:%M UTC', time.gmtime(int(reset)))}, when the limit resets"
            if reset.isdigit() and headers.get("x-ratelimit-remaining") == "0"
            else "in a few minutes"  # a secondary limit, which gives no reset time
        )
        return (
            f"GitHub's rate limit for this token is used up ({said}{to}), and waiting and retrying "
            f"did not get through; run again {after}"
        )
    if status == 403:
        return (
            f"GitHub refused{to} ({said}); the token lacks a permission: in a workflow, grant it "
            "permissions: issues: write (and pull-requests: write for review comments)"
        )
    if status == 404:
        repo = re.match(r"^(?:https?://[^/]+)?(?:/api/v3)?/repos/([^/]+/[^/?]+)", request.partition(" ")[2])
        which = f"the repository {repo[1]}" if repo else "the repository named by --repo"
        return (
            f"GitHub found nothing{to} ({said}); check that {which} exists and that GITHUB_TOKEN "
            "may see it (a private repository needs a token with access to it)"
        )
    if status >= 500:
        return (
            f"GitHub kept failing{to} ({said}) after retrying; it may be having an outage "
            "(https://www.githubstatus.com); run again later"
        )
    return None


def _address_tried(exc: Any, api_url: str) -> str:
    """The configured API address, or where the failed request went when that was elsewhere."""
    url = str(getattr(exc.request, "url", "") or "")
    if not url or url.startswith(api_url.rstrip("/")):
        return api_url
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _network_reason(exc: BaseException) -> str:
    """What went wrong underneath requests and urllib3, in a few words."""
    import socket
    import ssl

    import requests
    from urllib3.exceptions import (
        ConnectTimeoutError,
        NameResolutionError,
        NewConnectionError,
        ProtocolError,
        ReadTimeoutError,
    )

    chain = list(_causes(exc))

    def found(*kinds: type[BaseException]) -> bool:
        return any(isinstance(e, kinds) for e in chain)

    if found(NameResolutionError, socket.gaierror):
        return "the host name does not resolve"
    if found(requests.exceptions.SSLError, ssl.SSLError):
        return "the TLS handshake failed; check the address and its certificate"
    # urllib3 makes NewConnectionError (a refused connection too) a kind of ConnectTimeoutError.
    if found(requests.Timeout, ReadTimeoutError, TimeoutError) or any(
        isinstance(e, ConnectTimeoutError) and not isinstance(e, NewConnectionError) for e in chain
    ):
        return "no answer in time"
    for cause in reversed(chain):
        if isinstance(cause, OSError) and cause.strerror and not isinstance(cause, requests.RequestException):
            return cause.strerror[:1].lower() + cause.strerror[1:]  # "connection refused"
    if found(ProtocolError, ConnectionError):
        return "the connection was dropped"
    return "the connection failed"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and what it wraps: requests keeps urllib3's error in args, urllib3 its cause in `reason`."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        reason = getattr(current, "reason", None)
        todo += [
            a
            for a in (*current.args, reason, current.__cause__, current.__context__)
            if isinstance(a, BaseException)
        ]


def _is_page(data: Any) -> bool:
    return isinstance(data, list) and all(isinstance(item, dict) for item in data)


def _next_link(link_header: str) -> str | None:
    for part in link_header.split(","):
        section = part.split(";")
        if len(section) > 1 and 'rel="next"' in section[1]:
            return section[0].strip().strip("<>")
    return None


def _retry_wait(exc: Exception, backoff: float, secondary_wait: float) -> float | None:
    """Seconds to wait before retrying a failed POST, or None when retrying cannot help."""
    import requests
    from github import GithubException

    if isinstance(exc, requests.RequestException):
        return backoff  # connection dropped or timed out
    assert isinstance(exc, GithubException)
    headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
    if exc.status in (403, 429):
        if "retry-after" in headers and str(headers["retry-after"]).isdigit():
            return float(headers["retry-after"])
        if (
            headers.get("x-ratelimit-remaining") == "0"
            and str(headers.get("x-ratelimit-reset", "")).isdigit()
        ):
            return max(1.0, float(headers["x-ratelimit-reset"]) - time.time() + 1)
        message = str((exc.data or {}).get("message", "")) if isinstance(exc.data, dict) else ""
        if "rate limit" in message.lower():
            return secondary_wait
        return None  # a real permission error
    if exc.status >= 500:
        return backoff
    return None


def _describe(exc: Exception) -> str:
    from github import GithubException

    if isinstance(exc, GithubException):
        return f"HTTP {exc.status}"
    return type(exc).__name__


def _issue_info(raw: dict[str, Any]) -> IssueInfo:
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


def _comment_info(raw: dict[str, Any]) -> CommentInfo:
    return CommentInfo(raw["id"], (raw.get("user") or {}).get("login", ""), raw.get("body") or "")
