"""`FakeGitHub`: a local HTTP server speaking the contract's part of GitHub's REST API.

One repository (plus any that issues were transferred to), in-memory state behind one
lock, a request log, scripted faults, rate limits counted per token on an injectable
clock, ETags and conditional requests, and a contract check of every request and
response. Used as a context manager, it raises `ContractViolationError` on exit if
anything it received or sent broke the contract, so a test that passes against the fake
exercises what GitHub would really send.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

from . import api
from .contract import Contract, ContractViolation
from .faults import (
    BEFORE_HANDLER,
    PRIMARY_DOCS,
    SECONDARY_DOCS,
    SECONDARY_MESSAGE,
    SERVER_ERRORS,
    Fault,
    FaultPlan,
)
from .limits import Admission, GitHubLimits, RateLimiter, RealClock, Refusal, TokenUsage, epoch_seconds
from .render import Renderer
from .state import ROLES, Comment, Gone, Issue, Label, PullFile, PullInfo, RepoState, User, fake_sha

LOCK_REASONS = ("off-topic", "too heated", "resolved", "spam")
_shared_contract: Contract | None = None
_shared_lock = threading.Lock()


def shared_contract() -> Contract:
    """One parsed contract per process: parsing and compiling validators is the slow part."""
    global _shared_contract
    with _shared_lock:
        if _shared_contract is None:
            _shared_contract = Contract()
        return _shared_contract


class RequestRecord(NamedTuple):
    method: str
    path: str  # path with query string, as sent
    status: int  # 0 when the connection was dropped without a response


class ContractViolationError(AssertionError):
    """Raised on leaving `with FakeGitHub(...)` when an exchange broke the contract."""

    def __init__(self, violations: Iterable[ContractViolation]) -> None:
        items = list(violations)
        lines = "\n".join(f"  - {v}" for v in items[:20])
        more = f"\n  ... and {len(items) - 20} more" if len(items) > 20 else ""
        super().__init__(f"{len(items)} GitHub contract violation(s):\n{lines}{more}")
        self.violations = items


@dataclass
class _Outcome:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
    delay: float = 0.0


@dataclass(frozen=True)
class _Identity:
    token: str | None  # None: no token, or one the fake does not accept
    login: str | None
    app: bool


def _etag(body: Any, headers: Mapping[str, str], token: str | None) -> str:
    # GitHub's ETags hold for one token: the same answer to another token has another tag
    # (GitHub Support, eclipse-csi/otterdog#201), so an Actions token's tags die with its job.
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update((token or "").encode())
    digest.update(json.dumps(body, sort_keys=True, separators=(",", ":")).encode())
    digest.update(headers.get("link", "").encode())
    return f'W/"{digest.hexdigest()}"'


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    return any(t.strip() == "*" or t.strip().removeprefix("W/") == wanted for t in header.split(","))


class FakeGitHub:
    """A fake api.github.com for one repository, on 127.0.0.1 with a free port.

    `actor` is the login every accepted token acts as (unless `add_token` maps tokens to
    other users); it is a collaborator with `actor_permission`, and with `actor_is_app`
    (the default) it stands for a GitHub App installation token such as the workflows'
    `GITHUB_TOKEN`, which GitHub treats differently in places (a locked issue refuses
    its comments). Waits asked of clients by faults (`Retry-After`, primary-limit reset)
    default to 1 second to keep tests fast.

    Options closer to, or further from, GitHub:

    * `clock`: what "now" is, for timestamps and every rate limit; a `FakeClock` lets a
      test move time (`clock.advance(hours=1)`) instead of sleeping. Default: real time.
    * `limits`: a `GitHubLimits`; by default requests are counted per token (headers,
      `/rate_limit` and `usage()` tell the truth) against GitHub's numbers for
      `GITHUB_TOKEN` but never refused; `limits=GitHubLimits()` refuses as GitHub does.
    * `reject_unassignable` (default True): an assignee who cannot be assigned fails the
      request with 422, as on GitHub; False drops such assignees silently instead.
    * `assignable_role` (default "read"): the weakest collaborator role that can be
      assigned; GitHub lets every role be assigned.
    """

    def __init__(
        self,
        owner: str = "acme",
        name: str = "mentoring",
        *,
        actor: str = "cohortkit-bot",
        actor_permission: str = "write",
        private: bool = False,
        retry_after: int = 1,
        reset_after: int = 1,
        strict_contract: bool = True,
        check_every: int = 1,
        clock: Callable[[], datetime] | None = None,
        limits: GitHubLimits | None = None,
        reject_unassignable: bool = True,
        assignable_role: str = "read",
        actor_is_app: bool = True,
    ) -> None:
        if assignable_role not in ROLES:
            raise ValueError(f"assignable_role must be one of {ROLES}")
        self._lock = threading.RLock()
        self.state = RepoState(owner=owner, name=name, private=private)
        self.state.ensure_user(owner, type="Organization")
        self._repos: dict[str, RepoState] = {self.state.full_name.lower(): self.state}
        self.actor = actor
        self.actor_is_app = actor_is_app
        self.add_collaborator(actor, actor_permission)
        self.faults = FaultPlan(retry_after=retry_after, reset_after=reset_after)
        self.contract = shared_contract()
        self.strict_contract = strict_contract
        # Requests are always checked; responses one in `check_every` of each kind (method, path
        # shape, status), first included. Checking a listing of 100 issues costs ~50 ms, which a
        # year's replay would spend mostly there; tests keep the default, every response.
        self.check_every = check_every
        self._responses_seen: dict[tuple[str, str, int], int] = {}
        self.clock: Callable[[], datetime] = clock if clock is not None else RealClock()
        self.limits = limits if limits is not None else GitHubLimits(enforce=False)
        self.limiter = RateLimiter(self.limits)
        self.reject_unassignable = reject_unassignable
        self.assignable_role = assignable_role
        self.contract_violations: list[ContractViolation] = []
        self._tokens: dict[str, str] = {}
        self._app_tokens: set[str] = set()
        self._requests: list[RequestRecord] = []
        self._search_snapshot: tuple[dict[int, Issue], dict[int, list[Comment]]] | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ----------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        server = _QuietServer(("127.0.0.1", 0), _make_handler(self))
        server.daemon_threads = True
        server.block_on_close = False  # a "slow" reply must not hold up the test's exit
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},  # shutdown() waits up to one poll interval
            name="fakegithub",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
        # Do not mask the test's own failure; the violations stay readable on the object.
        if exc_type is None and self.strict_contract:
            self.assert_contract_ok()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeGitHub is not running; use it as a context manager or call start()")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def github(self, token: str = "test-token", **overrides: Any) -> Any:
        """A real `github.Github` client for this fake, without PyGithub's request throttling.

        PyGithub 2.x sleeps 0.25 s between requests and 1 s between writes by default;
        that is right for api.github.com but would make tests slow, so both are 0 here.
        `retry` defaults to None (no retries) so that a test opts in to retry behaviour.
        """
        import github  # imported here so that the fake itself does not need PyGithub

        kwargs: dict[str, Any] = {
            "base_url": self.url,
            "auth": github.Auth.Token(token),
            "retry": None,
            "seconds_between_requests": 0,
            "seconds_between_writes": 0,
        }
        kwargs.update(overrides)
        return github.Github(**kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.state.owner}/{self.state.name}"

    # --- contract and log ---------------------------------------------------------------

    def assert_contract_ok(self) -> None:
        with self._lock:
            if self.contract_violations:
                raise ContractViolationError(self.contract_violations)

    @property
    def requests(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._requests)

    def reset_log(self) -> None:
        with self._lock:
            self._requests.clear()

    def requests_to(self, method: str, path_prefix: str) -> list[RequestRecord]:
        """Logged requests with this method whose path (without query) starts with the prefix."""
        return [
            r for r in self.requests if r.method == method and r.path.split("?")[0].startswith(path_prefix)
        ]

    # --- arranging state (as if people had done it on github.com) -----------------------

    def add_user(self, login: str, *, type: str = "User", name: str | None = None) -> User:
        with self._lock:
            user = self.state.ensure_user(login, type=type)
            user.name = name if name is not None else user.name
            return user

    def add_collaborator(self, login: str, permission: str = "write") -> None:
        """`permission` is a role: read, triage, write, maintain or admin."""
        if permission not in ROLES:
            raise ValueError(f"permission must be one of {ROLES}")
        with self._lock:
            user = self.state.ensure_user(login)
            self.state.collaborators[user.login.lower()] = permission

    def add_token(self, token: str, login: str, *, app: bool = False) -> None:
        """Accept `token` as `login`; once any token is added, other tokens get 401.

        `app=True` makes it a GitHub App installation token (like `GITHUB_TOKEN`); the
        default is a person's token.
        """
        with self._lock:
            self.state.ensure_user(login, type="Bot" if app else "User")
            self._tokens[token] = login
            if app:
                self._app_tokens.add(token)
            else:
                self._app_tokens.discard(token)

    def add_label(self, name: str, color: str = "ededed", description: str | None = None) -> None:
        with self._lock:
            if self.state.label_named(name) is not None:
                raise ValueError(f"label {name!r} exists")
            self.state.labels.append(Label(self.state.next_id(), name, color, description))

    def add_issue(
        self,
        title: str,
        body: str | None = None,
        *,
        by: str = "octocat",
        labels: Iterable[str] = (),
        assignees: Iterable[str] = (),
    ) -> int:
        """Create an issue directly (no request, no permission checks); returns its number."""
        with self._lock:
            now = self.clock()
            issue = Issue(
                number=self.state.next_number(),
                id=self.state.next_id(),
                title=title,
                body=body,
                user=self.state.ensure_user(by).login,
                created_at=now,
                updated_at=now,
                label_ids=[self.state.ensure_label(n).id for n in labels],
                assignees=[self.state.ensure_user(a).login for a in assignees],
            )
            self.state.issues[issue.number] = issue
            return issue.number

    def add_pull_request(
        self,
        title: str,
        body: str | None = None,
        *,
        by: str = "octocat",
        head: str = "feature",
        base: str = "main",
        files: Iterable[PullFile | str] = (),
        draft: bool = False,
        labels: Iterable[str] = (),
        head_sha: str | None = None,
        base_sha: str | None = None,
        head_repo: str | None = None,
    ) -> int:
        """Open a pull request (it takes the next issue number, as on GitHub).

        `head_sha`/`base_sha` are real commit ids when a test keeps a git repository
        behind the fake; `head_repo` ("owner/name") puts the head in a fork.
        """
        number = self.add_issue(title, body, by=by, labels=labels)
        with self._lock:
            self.state.issues[number].pull = PullInfo(
                head_ref=head,
                base_ref=base,
                head_sha=head_sha or fake_sha("head", number, head),
                draft=draft,
                files=[f if isinstance(f, PullFile) else PullFile(f) for f in files],
                base_sha=base_sha,
                head_repo=head_repo,
            )
        return number

    def push_to_pull_request(self, number: int, head_sha: str) -> None:
        """A new commit on the pull request's branch."""
        with self._lock:
            pull = self.state.issues[number].pull
            assert pull is not None
            pull.head_sha = head_sha
            self.state.issues[number].updated_at = self.clock()

    def merge_pull_request(self, number: int, *, by: str = "octocat") -> None:
        with self._lock:
            issue = self.state.issues[number]
            assert issue.pull is not None
            issue.pull.merged = True
            issue.state, issue.state_reason = "closed", None
            issue.closed_at = issue.updated_at = self.clock()
            issue.closed_by = self.state.ensure_user(by).login

    def close_issue(self, number: int, *, by: str = "octocat", reason: str = "completed") -> None:
        with self._lock:
            issue = self.state.issues[number]
            issue.state, issue.state_reason = "closed", reason
            issue.closed_at = issue.updated_at = self.clock()
            issue.closed_by = self.state.ensure_user(by).login

    def edit_issue(
        self, number: int, *, body: str | None = None, title: str | None = None, by: str = "octocat"
    ) -> None:
        """A person's edit on the web (a mentor ticking attendance boxes): no request, no permission check."""
        with self._lock:
            issue = self.state.issues[number]
            self.state.ensure_user(by)
            if body is not None:
                issue.body = body
            if title is not None:
                issue.title = title
            issue.updated_at = self.clock()

    def add_comment(self, number: int, body: str, *, by: str = "octocat") -> int:
        with self._lock:
            now = self.clock()
            login = self.state.ensure_user(by).login
            comment = Comment(self.state.next_id(), number, body, login, now, now)
            self.state.comments.setdefault(number, []).append(comment)
            self.state.issues[number].updated_at = now
            return comment.id

    def lock_issue(self, number: int, reason: str | None = None) -> None:
        """Lock the conversation, as a maintainer would (`reason`: one of LOCK_REASONS).

        GitHub then refuses comments from users without push access and from GitHub Apps,
        `GITHUB_TOKEN` included, even with write permission: 403 "Unable to create
        comment because issue is locked."
        """
        if reason is not None and reason not in LOCK_REASONS:
            raise ValueError(f"reason must be one of {LOCK_REASONS} or None")
        with self._lock:
            issue = self.state.issues[number]
            issue.locked, issue.lock_reason = True, reason
            issue.updated_at = self.clock()

    def unlock_issue(self, number: int) -> None:
        with self._lock:
            issue = self.state.issues[number]
            issue.locked, issue.lock_reason = False, None
            issue.updated_at = self.clock()

    def delete_issue(self, number: int) -> None:
        """Delete an issue as an admin would: it and its comments are gone for good.

        GET, PATCH, comments and labels of it answer 410 "This issue was deleted"; it is
        no longer listed or found by search; its number is never used again.
        """
        with self._lock:
            issue = self.state.issues[number]
            if issue.is_pull_request:
                raise ValueError("GitHub cannot delete pull requests")
            del self.state.issues[number]
            self.state.comments.pop(number, None)
            self.state.gone[number] = Gone("deleted")

    def transfer_issue(self, number: int, to: str | None = None, *, readable: bool = True) -> int:
        """Transfer an issue to another repository ("owner/name", by default
        `{owner}/{name}-archive`); returns its number there.

        The other repository is created on the fake if need be, with the same
        collaborators, and serves the issue, its comments and labels as it now is there.
        In this repository the issue is no longer listed; GET, PATCH and comments of it
        answer 301 with `location` at the same request in the other repository (PyGithub
        follows a 301 for every method, so a PATCH or a new comment lands there). With
        `readable=False` the token cannot see the other repository: GitHub then answers
        301 with an empty `location` (its docs say 404; its API code and observed
        responses send the empty redirect).
        """
        with self._lock:
            source = self.state
            issue = source.issues[number]
            if issue.is_pull_request:
                raise ValueError("GitHub cannot transfer pull requests")
            full_name = to or f"{source.owner}/{source.name}-archive"
            if full_name.lower() == source.full_name.lower() or "/" not in full_name:
                raise ValueError(f"cannot transfer to {full_name!r}")
            target = self._repos.get(full_name.lower())
            if target is None:
                owner, _, name = full_name.partition("/")
                target = RepoState(
                    owner=owner,
                    name=name,
                    private=source.private,
                    users=source.users,
                    collaborators=source.collaborators,
                    _ids=source._ids,
                )
                target.repo_id = target.next_id()
                target.ensure_user(owner, type="Organization")
                self._repos[full_name.lower()] = target
            target.hidden = not readable
            moved = copy.deepcopy(issue)
            moved.number = target.next_number()
            moved.label_ids = [target.ensure_label(lbl.name).id for lbl in source.issue_labels(issue)]
            moved.updated_at = self.clock()
            comments = source.comments.pop(number, [])
            for comment in comments:
                comment.issue_number = moved.number
                source.moved_comments[comment.id] = target.full_name
            target.issues[moved.number] = moved
            if comments:
                target.comments[moved.number] = comments
            del source.issues[number]
            source.gone[number] = Gone("transferred", target.full_name, moved.number)
            return moved.number

    def freeze_search_index(self) -> None:
        """Make search answer from the current state until `thaw_search_index`.

        GitHub's search index lags behind writes (seconds, sometimes minutes); freezing
        it lets a test show that a client does not rely on finding what it just wrote.
        """
        with self._lock:
            self._search_snapshot = (copy.deepcopy(self.state.issues), copy.deepcopy(self.state.comments))

    def thaw_search_index(self) -> None:
        with self._lock:
            self._search_snapshot = None

    # --- inspecting state (JSON shaped as the API returns it) ---------------------------

    def _renderer(self, state: RepoState | None = None) -> Renderer:
        return Renderer(self.url if self._server else "http://127.0.0.1", state or self.state)

    def _repo(self, repo: str | None) -> RepoState:
        return self.state if repo is None else self._repos[repo.lower()]

    def issues(self, *, include_pulls: bool = False, repo: str | None = None) -> list[dict[str, Any]]:
        """The issues there are (deleted and transferred ones are not); `repo`: "owner/name"."""
        with self._lock:
            state = self._repo(repo)
            found = sorted(state.issues.values(), key=lambda i: i.number)
            render = self._renderer(state)
            return [render.issue(i) for i in found if include_pulls or not i.is_pull_request]

    def issue(self, number: int, *, repo: str | None = None) -> dict[str, Any]:
        with self._lock:
            state = self._repo(repo)
            return self._renderer(state).issue(state.issues[number])

    def labels(self) -> list[dict[str, Any]]:
        with self._lock:
            return [self._renderer().label(lbl) for lbl in self.state.labels]

    def comments(self, number: int, *, repo: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            state = self._repo(repo)
            return [self._renderer(state).comment(c) for c in state.comments.get(number, [])]

    # --- rate limits, as a benchmark reads them -----------------------------------------

    def usage(self, token: str | None = "test-token") -> TokenUsage:
        """What `token` has used: current windows, writes in the last minute and hour,
        totals and per-hour counts of requests and writes (see `TokenUsage`).
        `token=None` is the account of requests made without a valid token."""
        return self.limiter.usage(token, epoch_seconds(self.clock))

    def usage_by_token(self) -> dict[str | None, TokenUsage]:
        now = epoch_seconds(self.clock)
        return {key: self.limiter.usage(key, now) for key in self.limiter.tokens()}

    def pull_request(self, number: int) -> dict[str, Any]:
        with self._lock:
            return self._renderer().pull_request(self.state.issues[number])

    # --- serving ------------------------------------------------------------------------

    def _identify(self, header: str | None) -> _Identity:
        """Who the request acts as; a missing or unknown token is nobody (401)."""
        scheme, _, raw = (header or "").strip().partition(" ")
        token = raw.strip()
        if scheme.lower() not in ("token", "bearer") or not token:
            return _Identity(None, None, False)
        with self._lock:
            if self._tokens:
                login = self._tokens.get(token)
                if login is None:
                    return _Identity(None, None, False)
                return _Identity(token, login, token in self._app_tokens)
        return _Identity(token, self.actor, self.actor_is_app)

    def serve(self, method: str, raw_path: str, raw_body: bytes, headers: Mapping[str, str]) -> _Outcome:
        """Handle one request from start to finish; called on the server's threads.

        `headers` has lower-case names. Scripted faults that answer instead of GitHub
        come first and count against no limit; then the rate limiter counts the request
        (or refuses it, when limits are enforced, before anything is done); then the
        handler runs.
        """
        split = urlsplit(raw_path)
        path, query = split.path, parse_qs(split.query, keep_blank_values=True)
        try:
            body = json.loads(raw_body) if raw_body.strip() else None
            bad_json = False
        except ValueError:
            body, bad_json = None, True
        for where, message in self.contract.check_request(method, path, query, body, bool(raw_body.strip())):
            self._violation(method, raw_path, where, message)

        who = self._identify(headers.get("authorization"))
        resource = RateLimiter.resource_of(path)
        fault = self.faults.take(method, path)
        if fault is not None and fault.kind in BEFORE_HANDLER and not bad_json:
            outcome = self._fault_outcome(fault, who)
        else:
            admission = self.limiter.admit(who.token, who.login, method, path, epoch_seconds(self.clock))
            if isinstance(admission, Refusal):
                outcome = self._refusal_outcome(admission, who)
            elif bad_json:
                outcome = _Outcome(400, {"message": "Problems parsing JSON", "documentation_url": api.DOCS})
            else:
                outcome = self._handle(method, path, query, body, headers, who, admission)
                if fault is not None and outcome.status != 304:
                    self._apply_late_fault(fault, outcome)
        if not outcome.drop:
            window = self.limiter.window(who.token, resource, epoch_seconds(self.clock), who.login)
            outcome.headers = {**self._standard_headers(), **window.headers(), **outcome.headers}
            if self._check_this_response(method, path, outcome.status):
                for problem in self.contract.check_response(method, path, outcome.status, outcome.body):
                    self._violation(method, raw_path, f"response {outcome.status}", problem)
        with self._lock:
            self._requests.append(RequestRecord(method, raw_path, 0 if outcome.drop else outcome.status))
        return outcome

    def _check_this_response(self, method: str, path: str, status: int) -> bool:
        """Every response, unless `check_every` asks for one in N of each kind (a long benchmark)."""
        if self.check_every <= 1:
            return True
        kind = (method, re.sub(r"/[0-9]+(?=/|$)", "/N", path), status)
        with self._lock:
            seen = self._responses_seen[kind] = self._responses_seen.get(kind, 0) + 1
        return seen % self.check_every == 1

    def _handle(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: Any,
        headers: Mapping[str, str],
        who: _Identity,
        admission: Admission,
    ) -> _Outcome:
        if who.login is None:
            message = "Requires authentication" if not headers.get("authorization") else "Bad credentials"
            return _Outcome(401, {"message": message, "documentation_url": api.DOCS, "status": "401"})
        request = api.ApiRequest(method, path, query, body, who.login, actor_is_app=who.app)
        with self._lock:
            ctx = api.Context(
                self.state,
                self._renderer(),
                self.clock,
                lambda: self.limiter.overview(who.token, epoch_seconds(self.clock)),
                self._search_snapshot,
                repos=dict(self._repos),
                reject_unassignable=self.reject_unassignable,
                assignable_role=self.assignable_role,
            )
            try:
                response = api.dispatch(ctx, request)
            except api.ApiError as error:
                return _Outcome(error.status, error.body(), dict(error.headers))
            except Exception as error:  # a bug in the fake must fail the test, not hang it
                self._violation(method, path, "fake server", f"handler crashed: {error!r}")
                return _Outcome(
                    500, {"message": f"fakegithub crashed: {error!r}", "documentation_url": api.DOCS}
                )
        outcome = _Outcome(response.status, response.body, dict(response.headers))
        if method == "GET" and response.status == 200:
            # GitHub tags what it sends; a conditional request for the same answers 304,
            # which does not count against the primary rate limit.
            etag = _etag(response.body, outcome.headers, who.token)
            if _etag_matches(headers.get("if-none-match"), etag):
                self.limiter.refund(admission)
                return _Outcome(304, None, {"etag": etag})
            outcome.headers["etag"] = etag
        return outcome

    def _primary_message(self, who: _Identity) -> str:
        support = "If you reach out to GitHub Support for help, please include the request ID FAKE:0002."
        if who.login is None:
            return (
                "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests "
                "get a higher rate limit. Check out the documentation for more details.) " + support
            )
        with self._lock:
            user = self.state.ensure_user(who.login)
        kind = "installation" if who.app else "user"
        return f"API rate limit exceeded for {kind} ID {user.id}. {support}"

    def _refusal_outcome(self, refusal: Refusal, who: _Identity) -> _Outcome:
        if refusal.kind == "primary":
            headers = {**refusal.window.headers(), "x-ratelimit-remaining": "0"}
            body = {"message": self._primary_message(who), "documentation_url": PRIMARY_DOCS}
            return _Outcome(refusal.status, body, headers)
        headers = {"retry-after": str(refusal.retry_after)} if refusal.retry_after is not None else {}
        body = {"message": SECONDARY_MESSAGE, "documentation_url": SECONDARY_DOCS}
        return _Outcome(refusal.status, body, headers)

    def _fault_outcome(self, fault: Fault, who: _Identity) -> _Outcome:
        if fault.kind in SERVER_ERRORS:
            status = int(fault.kind)
            return _Outcome(status, {"message": SERVER_ERRORS[status], "documentation_url": api.DOCS})
        if fault.kind == "primary-rate-limit":
            now = epoch_seconds(self.clock)
            reset = math.floor(now) + fault.reset_after
            limit = self.limiter.window(who.token, "core", now, who.login).limit
            headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}
            headers["x-ratelimit-used"] = str(limit)
            body = {"message": self._primary_message(who), "documentation_url": PRIMARY_DOCS}
            return _Outcome(403, body, headers)
        # secondary rate limit, as a 403 or a 429
        status = 429 if fault.kind == 429 else 403
        headers = {} if fault.retry_after is None else {"retry-after": str(fault.retry_after)}
        return _Outcome(status, {"message": SECONDARY_MESSAGE, "documentation_url": SECONDARY_DOCS}, headers)

    @staticmethod
    def _apply_late_fault(fault: Fault, outcome: _Outcome) -> None:
        if fault.kind == "drop-after-commit":
            outcome.drop = True
        elif fault.kind == "slow":
            outcome.delay = fault.delay
        elif fault.kind == "tamper" and fault.transform is not None:
            outcome.body = fault.transform(copy.deepcopy(outcome.body))

    @staticmethod
    def _standard_headers() -> dict[str, str]:
        return {
            "content-type": "application/json; charset=utf-8",
            "x-github-api-version-selected": "2022-11-28",
            "x-github-media-type": "github.v3; format=json",
        }

    def _violation(self, method: str, path: str, where: str, message: str) -> None:
        with self._lock:
            self.contract_violations.append(ContractViolation(method, path, where, message))


class _QuietServer(ThreadingHTTPServer):
    """A client that vanished (a run killed midway, a timeout) is GitHub's everyday; say nothing."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def _make_handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as PyGithub's requests session expects
        # Headers and body go out in two writes; with Nagle's algorithm the second waits
        # for the client's delayed ACK, about 40 ms a response on Linux.
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            outcome = fake.serve(
                self.command, self.path, raw, {k.lower(): v for k, v in self.headers.items()}
            )
            if outcome.drop:
                # The write happened; now vanish without a status line, like a crashed server.
                self.close_connection = True
                return
            if outcome.delay:
                time.sleep(outcome.delay)
            payload = b"" if outcome.body is None else json.dumps(outcome.body).encode()
            try:
                self.send_response(outcome.status)
                for name, value in outcome.headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                # The client gave up first (a "slow" fault beyond its timeout): nobody to tell.
                self.close_connection = True

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the request log on FakeGitHub replaces stderr noise

    return Handler
