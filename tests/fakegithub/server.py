"""`FakeGitHub`: a local HTTP server speaking the contract's part of GitHub's REST API.

One repository, in-memory state behind one lock, a request log, scripted faults, and a
contract check of every request and response. Used as a context manager, it raises
`ContractViolationError` on exit if anything it received or sent broke the contract, so a
test that passes against the fake exercises what GitHub would really send.
"""

from __future__ import annotations

import copy
import json
import math
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

from . import api
from .contract import Contract, ContractViolation
from .faults import (
    BEFORE_HANDLER,
    PRIMARY_DOCS,
    PRIMARY_MESSAGE,
    SECONDARY_DOCS,
    SECONDARY_MESSAGE,
    SERVER_ERRORS,
    Fault,
    FaultPlan,
)
from .render import Renderer
from .state import ROLES, Comment, Issue, Label, PullFile, PullInfo, RepoState, User, fake_sha

RATE_LIMITS = {"core": 5000, "search": 30, "graphql": 5000}
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


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class FakeGitHub:
    """A fake api.github.com for one repository, on 127.0.0.1 with a free port.

    `actor` is the login every accepted token acts as (unless `add_token` maps tokens to
    other users); it is a collaborator with `actor_permission`. Waits asked of clients
    (`Retry-After`, primary-limit reset) default to 1 second to keep tests fast.
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
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._lock = threading.RLock()
        self.state = RepoState(owner=owner, name=name, private=private)
        self.state.ensure_user(owner, type="Organization")
        self.actor = actor
        self.add_collaborator(actor, actor_permission)
        self.faults = FaultPlan(retry_after=retry_after, reset_after=reset_after)
        self.contract = shared_contract()
        self.strict_contract = strict_contract
        self.clock = clock
        self.contract_violations: list[ContractViolation] = []
        self._tokens: dict[str, str] = {}
        self._requests: list[RequestRecord] = []
        self._rate_used: dict[str, int] = dict.fromkeys(RATE_LIMITS, 0)
        self._rate_reset = int(time.time()) + 3600
        self._search_snapshot: tuple[dict[int, Issue], dict[int, list[Comment]]] | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ----------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
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

    def add_token(self, token: str, login: str) -> None:
        """Accept `token` as `login`; once any token is added, other tokens get 401."""
        with self._lock:
            self.state.ensure_user(login)
            self._tokens[token] = login

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

    def add_comment(self, number: int, body: str, *, by: str = "octocat") -> int:
        with self._lock:
            now = self.clock()
            login = self.state.ensure_user(by).login
            comment = Comment(self.state.next_id(), number, body, login, now, now)
            self.state.comments.setdefault(number, []).append(comment)
            self.state.issues[number].updated_at = now
            return comment.id

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

    def _renderer(self) -> Renderer:
        return Renderer(self.url if self._server else "http://127.0.0.1", self.state)

    def issues(self, *, include_pulls: bool = False) -> list[dict[str, Any]]:
        with self._lock:
            found = sorted(self.state.issues.values(), key=lambda i: i.number)
            return [self._renderer().issue(i) for i in found if include_pulls or not i.is_pull_request]

    def issue(self, number: int) -> dict[str, Any]:
        with self._lock:
            return self._renderer().issue(self.state.issues[number])

    def labels(self) -> list[dict[str, Any]]:
        with self._lock:
            return [self._renderer().label(lbl) for lbl in self.state.labels]

    def comments(self, number: int) -> list[dict[str, Any]]:
        with self._lock:
            return [self._renderer().comment(c) for c in self.state.comments.get(number, [])]

    def pull_request(self, number: int) -> dict[str, Any]:
        with self._lock:
            return self._renderer().pull_request(self.state.issues[number])

    # --- serving ------------------------------------------------------------------------

    def _rate_limits(self) -> dict[str, Any]:
        return {
            name: {
                "limit": limit,
                "used": self._rate_used[name],
                "remaining": max(limit - self._rate_used[name], 0),
                "reset": self._rate_reset,
            }
            for name, limit in RATE_LIMITS.items()
        }

    def _authenticate(self, header: str | None) -> str | None:
        """The acting login, or None for a missing/unknown token."""
        scheme, _, token = (header or "").strip().partition(" ")
        if scheme.lower() not in ("token", "bearer") or not token.strip():
            return None
        if self._tokens:
            return self._tokens.get(token.strip())
        return self.actor

    def serve(self, method: str, raw_path: str, raw_body: bytes, headers: Mapping[str, str]) -> _Outcome:
        """Handle one request from start to finish; called on the server's threads.

        `headers` has lower-case names.
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

        fault = self.faults.take(method, path)
        if bad_json:
            outcome = _Outcome(400, {"message": "Problems parsing JSON", "documentation_url": api.DOCS})
        elif fault is not None and fault.kind in BEFORE_HANDLER:
            outcome = self._fault_outcome(fault)
        else:
            outcome = self._handle(method, path, query, body, headers)
            if fault is not None:
                self._apply_late_fault(fault, outcome)
        if not outcome.drop:
            resource = "search" if path.startswith("/search/") else "core"
            outcome.headers = {**self._standard_headers(resource), **outcome.headers}
            for problem in self.contract.check_response(method, path, outcome.status, outcome.body):
                self._violation(method, raw_path, f"response {outcome.status}", problem)
        with self._lock:
            self._requests.append(RequestRecord(method, raw_path, 0 if outcome.drop else outcome.status))
        return outcome

    def _handle(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, headers: Mapping[str, str]
    ) -> _Outcome:
        actor = self._authenticate(headers.get("authorization"))
        if actor is None:
            message = "Requires authentication" if not headers.get("authorization") else "Bad credentials"
            return _Outcome(401, {"message": message, "documentation_url": api.DOCS, "status": "401"})
        request = api.ApiRequest(method, path, query, body, actor)
        with self._lock:
            if path != "/rate_limit":  # GitHub does not count /rate_limit against the limit
                self._rate_used["search" if path.startswith("/search/") else "core"] += 1
            ctx = api.Context(
                self.state, self._renderer(), self.clock, self._rate_limits, self._search_snapshot
            )
            try:
                response = api.dispatch(ctx, request)
            except api.ApiError as error:
                return _Outcome(error.status, error.body())
            except Exception as error:  # a bug in the fake must fail the test, not hang it
                self._violation(method, path, "fake server", f"handler crashed: {error!r}")
                return _Outcome(
                    500, {"message": f"fakegithub crashed: {error!r}", "documentation_url": api.DOCS}
                )
        return _Outcome(response.status, response.body, dict(response.headers))

    def _fault_outcome(self, fault: Fault) -> _Outcome:
        if fault.kind in SERVER_ERRORS:
            status = int(fault.kind)
            return _Outcome(status, {"message": SERVER_ERRORS[status], "documentation_url": api.DOCS})
        if fault.kind == "primary-rate-limit":
            reset = math.floor(time.time()) + fault.reset_after
            headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}
            headers["x-ratelimit-used"] = str(RATE_LIMITS["core"])
            return _Outcome(403, {"message": PRIMARY_MESSAGE, "documentation_url": PRIMARY_DOCS}, headers)
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

    def _standard_headers(self, resource: str) -> dict[str, str]:
        with self._lock:
            used = self._rate_used[resource]
        limit = RATE_LIMITS[resource]
        return {
            "content-type": "application/json; charset=utf-8",
            "x-github-api-version-selected": "2022-11-28",
            "x-github-media-type": "github.v3; format=json",
            "x-ratelimit-limit": str(limit),
            "x-ratelimit-remaining": str(max(limit - used, 0)),
            "x-ratelimit-reset": str(self._rate_reset),
            "x-ratelimit-used": str(used),
            "x-ratelimit-resource": resource,
        }

    def _violation(self, method: str, path: str, where: str, message: str) -> None:
        with self._lock:
            self.contract_violations.append(ContractViolation(method, path, where, message))


def _make_handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as PyGithub's requests session expects

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
