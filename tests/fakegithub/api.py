"""Request handlers: GitHub's semantics for the 20 operations of the contract.

Handlers run with the state lock held and either return an `ApiResponse` or raise
`ApiError`, which becomes GitHub's error body. Behaviour that surprises people on the real
API is reproduced on purpose, because client code has to cope with it:

* labels named at issue creation that do not exist yet are created (colour ``ededed``);
* labels, assignees and milestones sent by a user without push access are silently
  dropped; from a user with push access, an assignee who cannot be assigned fails the
  whole request with 422 (`reject_unassignable=False` restores the old dropping);
* `GET .../issues` also lists pull requests (they carry a ``pull_request`` key);
* `state_reason` is ignored unless the same request changes `state` (contract text);
* on a public repository every existing user has "read" permission;
* a deleted issue answers 410, a transferred one 301 to where it went (see `_issue`);
* a locked issue takes no comments from GitHub Apps (`GITHUB_TOKEN` included) nor from
  users without push access: 403;
* issue and comment bodies longer than 65,536 characters are refused with 422.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus, urlencode

from .render import Renderer
from .search import SearchError, SearchQuery
from .state import ROLES, Comment, Issue, Label, RepoState

DOCS = "https://docs.github.com/rest"
LOCKING_DOCS = "https://docs.github.com/articles/locking-conversations/"
REDIRECT_DOCS = "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects"
MAX_PER_PAGE = 100
MAX_BODY = 65536  # characters, for issue and comment bodies alike


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        errors: list[dict[str, Any]] | None = None,
        *,
        docs: str = DOCS,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.docs = docs
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message": self.message,
            "documentation_url": self.docs,
            "status": str(self.status),
        }
        if self.errors is not None:
            body["errors"] = self.errors
        return body


class MovedPermanently(ApiError):
    """301 to where a transferred issue lives now; `location` is "" when the token cannot see it."""

    def __init__(self, location: str) -> None:
        super().__init__(301, "Moved Permanently", docs=REDIRECT_DOCS, headers={"location": location})
        self.location = location

    def body(self) -> dict[str, Any]:
        return {"message": self.message, "url": self.location, "documentation_url": self.docs}


def not_found() -> ApiError:
    return ApiError(404, "Not Found")


def invalid(resource: str, field_name: str, code: str = "invalid", message: str | None = None) -> ApiError:
    error: dict[str, Any] = {"resource": resource, "field": field_name, "code": code}
    if message:
        error["message"] = message
    return ApiError(422, "Validation Failed", [error])


@dataclass
class ApiRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    actor: str
    params: dict[str, str] = field(default_factory=dict)
    actor_is_app: bool = False  # a GitHub App installation token, such as GITHUB_TOKEN

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class ApiResponse:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    """What a handler may use: the state (lock already held), URLs, and the clock.

    `state` and `render` are the repository the path names (dispatch picks it from
    `repos`, keyed by lower-case "owner/name"); paths without one get the main repository.
    """

    state: RepoState
    render: Renderer
    now: Callable[[], datetime]
    rate_limits: Callable[[], dict[str, Any]]
    search_snapshot: tuple[dict[int, Issue], dict[int, list[Comment]]] | None = None
    repos: dict[str, RepoState] = field(default_factory=dict)
    reject_unassignable: bool = True
    assignable_role: str = "read"

    def repo(self, full_name: str) -> RepoState | None:
        """A repository the token can see, or None."""
        found = self.repos.get(full_name.lower())
        if found is None and full_name.lower() == self.state.full_name.lower():
            found = self.state
        return None if found is None or found.hidden else found


Handler = Callable[[Context, ApiRequest], ApiResponse]
ROUTES: list[tuple[str, re.Pattern[str], Handler]] = []
_REPO = r"^/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"


def route(method: str, pattern: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        ROUTES.append((method, re.compile(pattern + "$"), handler))
        return handler

    return register


def dispatch(ctx: Context, req: ApiRequest) -> ApiResponse:
    for method, pattern, handler in ROUTES:
        m = pattern.match(req.path)
        if m is None or method != req.method:
            continue
        req.params = {k: unquote_plus(v) for k, v in m.groupdict().items()}
        owner, repo = req.params.get("owner"), req.params.get("repo")
        if owner is not None:
            target = ctx.repo(f"{owner}/{repo}")
            if target is None:
                raise not_found()
            if target is not ctx.state:
                ctx = replace(
                    ctx, state=target, render=Renderer(ctx.render.api, target), search_snapshot=None
                )
        return handler(ctx, req)
    # GitHub answers an unknown path, and an unsupported method on a known one, with 404.
    raise not_found()


# --- helpers --------------------------------------------------------------------------


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def paginate(ctx: Context, req: ApiRequest, items: Sequence[Any]) -> tuple[list[Any], dict[str, str]]:
    """Slice `items` by per_page/page and build GitHub's `Link` header for the neighbours."""
    per_page = min(max(_int(req.arg("per_page"), 30), 1), MAX_PER_PAGE)
    page = max(_int(req.arg("page"), 1), 1)
    last = max((len(items) + per_page - 1) // per_page, 1)
    chunk = list(items[(page - 1) * per_page : page * per_page])

    def url(n: int) -> str:
        params = [(k, v) for k, vs in req.query.items() if k != "page" for v in vs]
        return f"{ctx.render.api}{req.path}?{urlencode([*params, ('page', str(n))])}"

    rels: list[tuple[str, int]] = []
    if page > 1:
        rels.append(("prev", min(page - 1, last)))
    if page < last:
        rels += [("next", page + 1), ("last", last)]
    if page > 1:
        rels.append(("first", 1))
    headers = {"link": ", ".join(f'<{url(n)}>; rel="{rel}"' for rel, n in rels)} if rels else {}
    return chunk, headers


def _parse_time(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)
    except ValueError:
        raise invalid("Issue", name) from None


_ISSUE_PATH = re.compile(r"^/repos/[^/]+/[^/]+/issues/[^/]+")


def _issue(ctx: Context, req: ApiRequest, key: str = "issue_number") -> Issue:
    """The issue the path names, or GitHub's answer for a number that holds none.

    A deleted issue answers 410 "This issue was deleted"; a transferred one 301 with a
    `location` of the same request in the repository it went to (GitHub's
    `/repos/{owner}/{repo}/issues/{number}` plus the rest of the path), or an empty
    `location` when the token cannot see that repository.
    """
    number = _int(req.params[key], -1)
    issue = ctx.state.issues.get(number)
    if issue is not None:
        return issue
    gone = ctx.state.gone.get(number)
    if gone is None:
        raise not_found()
    if gone.kind == "deleted":
        raise ApiError(410, "This issue was deleted", docs=f"{DOCS}/issues/issues#get-an-issue")
    target = ctx.repo(str(gone.to))
    if target is None:
        raise MovedPermanently("")
    suffix = _ISSUE_PATH.sub("", req.path)
    query = urlencode([(k, v) for k, vs in req.query.items() for v in vs])
    location = f"{ctx.render.api}/repos/{target.owner}/{target.name}/issues/{gone.number}{suffix}"
    raise MovedPermanently(f"{location}?{query}" if query else location)


def _check_body(body: Any, resource: str) -> None:
    """GitHub's 65,536-character limit, with the error each resource really answers."""
    if not isinstance(body, str) or len(body) <= MAX_BODY:
        return
    if resource == "Issue":
        raise invalid("Issue", "body", "custom", f"body is too long (maximum is {MAX_BODY} characters)")
    raise invalid(
        "IssueComment", "data", "unprocessable", f"Body is too long (maximum is {MAX_BODY} characters)"
    )


def _label_names(raw: Any) -> list[str]:
    """Label names from any of the shapes GitHub accepts (strings, {"name"}, {"labels": ...})."""
    if isinstance(raw, dict):
        raw = raw.get("labels", [])
    if isinstance(raw, str):
        raw = [raw]
    names = []
    for item in raw or []:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return names


def _apply_labels(ctx: Context, names: Iterable[str]) -> list[int]:
    ids: list[int] = []
    for name in names:
        label = ctx.state.ensure_label(name)
        if label.id not in ids:
            ids.append(label.id)
    return ids


def _can_be_assigned(ctx: Context, login: str, author: str, issue: Issue | None) -> bool:
    """GitHub's rule: the issue's author, a collaborator, or someone who commented on it.

    "Have an issue assigned to them" is a permission of every repository role, read up
    ("Repository roles for an organization"); `assignable_role` can ask for more.
    """
    if login.lower() == author.lower():
        return True
    role = ctx.state.role(login)
    if role is not None and ROLES.index(role) >= ROLES.index(ctx.assignable_role):
        return True
    owner = ctx.state.user(ctx.state.owner)
    if owner is not None and owner.type == "User" and login.lower() == owner.login.lower():
        return True
    if issue is not None:
        return any(c.user.lower() == login.lower() for c in ctx.state.comments.get(issue.number, []))
    return False


def _assignees(ctx: Context, key: str, raw: Any, *, author: str, issue: Issue | None = None) -> list[str]:
    """The logins to assign, or 422 Validation Failed for the first that cannot be assigned.

    As on GitHub: a login that is no user at all fails with the value as sent; one that
    is a user but not assignable fails with that login. With `reject_unassignable` off,
    both are dropped silently instead (the fake's behaviour before it knew better).
    """
    items = raw if isinstance(raw, list) else [raw]
    logins: list[str] = []
    for item in items:
        login = item.get("login") if isinstance(item, dict) else item
        if isinstance(login, str) and login.strip() and login.lower() not in map(str.lower, logins):
            logins.append(login.strip())
    kept: list[str] = []
    unknown = [login for login in logins if ctx.state.user(login) is None]
    if unknown and ctx.reject_unassignable:
        raise ApiError(
            422, "Validation Failed", [{"value": raw, "resource": "Issue", "field": key, "code": "invalid"}]
        )
    for login in logins:
        if login in unknown:
            continue
        if not _can_be_assigned(ctx, login, author, issue):
            if ctx.reject_unassignable:
                error = {"value": login, "resource": "Issue", "field": key, "code": "invalid"}
                raise ApiError(422, "Validation Failed", [error])
            continue
        kept.append(ctx.state.ensure_user(login).login)
    return kept[:10]


def _assignee_field(body: dict[str, Any]) -> tuple[str, Any] | None:
    """Which of `assignee`/`assignees` the request sets; GitHub refuses both at once."""
    keys = [k for k in ("assignee", "assignees") if k in body]
    if len(keys) == 2:
        raise ApiError(422, "You cannot pass both `assignee` and `assignees`. Only one may be provided.")
    if not keys:
        return None
    value = body[keys[0]]
    if value is None:
        value = []
    return keys[0], value


def _no_milestones(value: Any) -> None:
    # The fake repository has no milestones: null/"" clears, anything else is invalid.
    if value not in (None, ""):
        raise invalid("Issue", "milestone")


# --- repository, users, rate limit ----------------------------------------------------


@route("GET", _REPO)
def get_repo(ctx: Context, req: ApiRequest) -> ApiResponse:
    data = ctx.render.repository(full=True)
    role = ctx.state.role(req.actor) or "read"
    ranks = ("read", "triage", "write", "maintain", "admin")
    data["permissions"] = {
        flag: ranks.index(role) >= ranks.index(need)
        for flag, need in (
            ("pull", "read"),
            ("triage", "triage"),
            ("push", "write"),
            ("maintain", "maintain"),
            ("admin", "admin"),
        )
    }
    return ApiResponse(200, data)


@route("GET", r"^/users/(?P<username>[^/]+)")
def get_user(ctx: Context, req: ApiRequest) -> ApiResponse:
    user = ctx.state.user(req.params["username"])
    if user is None:
        raise not_found()
    return ApiResponse(200, ctx.render.public_user(user))


@route("GET", _REPO + r"/collaborators/(?P<username>[^/]+)/permission")
def get_permission(ctx: Context, req: ApiRequest) -> ApiResponse:
    if not ctx.state.can_push(req.actor):
        raise ApiError(403, "Must have push access to view collaborator permission.")
    user = ctx.state.user(req.params["username"])
    if user is None:
        raise not_found()
    return ApiResponse(200, ctx.render.collaborator_permission(user))


@route("GET", r"^/rate_limit")
def get_rate_limit(ctx: Context, req: ApiRequest) -> ApiResponse:
    resources = ctx.rate_limits()
    return ApiResponse(200, {"resources": resources, "rate": resources["core"]})


# --- issues ---------------------------------------------------------------------------


def _issue_filter(ctx: Context, req: ApiRequest) -> Callable[[Issue], bool]:
    state = req.arg("state", "open")
    wanted_labels = [n.casefold() for n in (req.arg("labels") or "").split(",") if n.strip()]
    creator, assignee = req.arg("creator"), req.arg("assignee")
    milestone, issue_type, mentioned = req.arg("milestone"), req.arg("type"), req.arg("mentioned")
    since = _parse_time(req.arg("since"), "since")

    def keep(issue: Issue) -> bool:
        if state != "all" and issue.state != state:
            return False
        names = {lbl.name.casefold() for lbl in ctx.state.issue_labels(issue)}
        if not all(n.strip() in names for n in wanted_labels):  # AND, as on GitHub
            return False
        if creator is not None and issue.user.lower() != creator.lower():
            return False
        logins = {a.lower() for a in issue.assignees}
        if (assignee == "none" and logins) or (assignee == "*" and not logins):
            return False
        if assignee not in (None, "none", "*") and str(assignee).lower() not in logins:
            return False
        # No milestones or issue types exist in the fake, so only "none" can match.
        if milestone not in (None, "none") or issue_type not in (None, "none"):
            return False
        if mentioned is not None and f"@{mentioned.lower()}" not in (issue.body or "").lower():
            return False
        return since is None or issue.updated_at >= since

    return keep


def _sorted_issues(
    issues: Iterable[Issue], sort: str | None, direction: str | None, ctx: Context
) -> list[Issue]:
    def key(issue: Issue) -> tuple[Any, int]:
        if sort == "updated":
            return issue.updated_at, issue.number
        if sort == "comments":
            return len(ctx.state.comments.get(issue.number, [])), issue.number
        return issue.created_at, issue.number

    return sorted(issues, key=key, reverse=direction != "asc")


@route("GET", _REPO + r"/issues")
def list_issues(ctx: Context, req: ApiRequest) -> ApiResponse:
    keep = _issue_filter(ctx, req)
    found = _sorted_issues(
        filter(keep, ctx.state.issues.values()), req.arg("sort"), req.arg("direction"), ctx
    )
    page, headers = paginate(ctx, req, found)
    return ApiResponse(200, [ctx.render.issue(i) for i in page], headers)


@route("POST", _REPO + r"/issues")
def create_issue(ctx: Context, req: ApiRequest) -> ApiResponse:
    body = req.body if isinstance(req.body, dict) else {}
    title = body.get("title")
    if title is None or str(title).strip() == "":
        raise invalid("Issue", "title", "missing_field")
    assignee_field = _assignee_field(body)
    _check_body(body.get("body"), "Issue")
    author = ctx.state.ensure_user(req.actor).login
    assignees: list[str] = []
    label_names: list[str] = []
    if ctx.state.can_push(req.actor):
        # Without push access GitHub silently drops all of these.
        _no_milestones(body.get("milestone"))
        if assignee_field is not None:
            assignees = _assignees(ctx, *assignee_field, author=author)
        label_names = _label_names(body.get("labels"))
    # Everything is checked: only now is anything created (labels included).
    now = ctx.now()
    issue = Issue(
        number=ctx.state.next_number(),
        id=ctx.state.next_id(),
        title=str(title),
        body=body.get("body") or None,
        user=author,
        created_at=now,
        updated_at=now,
        label_ids=_apply_labels(ctx, label_names),
        assignees=assignees,
    )
    ctx.state.issues[issue.number] = issue
    data = ctx.render.issue(issue)
    return ApiResponse(201, data, {"location": data["url"]})


@route("GET", _REPO + r"/issues/(?P<issue_number>[^/]+)")
def get_issue(ctx: Context, req: ApiRequest) -> ApiResponse:
    return ApiResponse(200, ctx.render.issue(_issue(ctx, req)))


@route("PATCH", _REPO + r"/issues/(?P<issue_number>[^/]+)")
def update_issue(ctx: Context, req: ApiRequest) -> ApiResponse:
    issue = _issue(ctx, req)
    body = req.body if isinstance(req.body, dict) else {}
    push = ctx.state.can_push(req.actor)
    # Check the whole request first: a refused PATCH changes nothing at all.
    if "title" in body and (body["title"] is None or str(body["title"]).strip() == ""):
        raise invalid("Issue", "title", "missing_field")
    if "body" in body:
        _check_body(body["body"], "Issue")
    assignees: list[str] | None = None
    if push:
        assignee_field = _assignee_field(body)
        if assignee_field is not None:
            assignees = _assignees(ctx, *assignee_field, author=issue.user, issue=issue)
        if "milestone" in body:
            _no_milestones(body["milestone"])
    new_state, reason = body.get("state"), body.get("state_reason")
    changes_state = new_state is not None and new_state != issue.state
    if changes_state:
        _check_state(new_state, reason)
    if "title" in body:
        issue.title = str(body["title"])
    if "body" in body:
        issue.body = body["body"] or None
    if push and "labels" in body:
        issue.label_ids = _apply_labels(ctx, _label_names(body["labels"]))
    if assignees is not None:
        issue.assignees = assignees
    if changes_state:
        _change_state(ctx, req, issue, str(new_state), reason)
    issue.updated_at = ctx.now()
    return ApiResponse(200, ctx.render.issue(issue))


def _check_state(new_state: Any, reason: Any) -> None:
    if new_state not in ("open", "closed"):
        raise invalid("Issue", "state")
    if new_state == "closed" and reason == "reopened":
        raise invalid("Issue", "state_reason")


def _change_state(ctx: Context, req: ApiRequest, issue: Issue, new_state: str, reason: str | None) -> None:
    _check_state(new_state, reason)
    if new_state == "closed":
        issue.state, issue.state_reason = "closed", reason or "completed"
        issue.closed_at, issue.closed_by = ctx.now(), ctx.state.ensure_user(req.actor).login
    else:
        issue.state, issue.state_reason = "open", "reopened"
        issue.closed_at, issue.closed_by = None, None


# --- comments -------------------------------------------------------------------------


@route("GET", _REPO + r"/issues/(?P<issue_number>[^/]+)/comments")
def list_comments(ctx: Context, req: ApiRequest) -> ApiResponse:
    issue = _issue(ctx, req)
    since = _parse_time(req.arg("since"), "since")
    comments = [c for c in ctx.state.comments.get(issue.number, []) if since is None or c.updated_at >= since]
    page, headers = paginate(ctx, req, comments)
    return ApiResponse(200, [ctx.render.comment(c) for c in page], headers)


@route("POST", _REPO + r"/issues/(?P<issue_number>[^/]+)/comments")
def create_comment(ctx: Context, req: ApiRequest) -> ApiResponse:
    issue = _issue(ctx, req)
    # A locked conversation takes comments only from people with push access; GitHub Apps
    # (GITHUB_TOKEN too) are refused even with write permission.
    if issue.locked and (req.actor_is_app or not ctx.state.can_push(req.actor)):
        raise ApiError(403, "Unable to create comment because issue is locked.", docs=LOCKING_DOCS)
    text = req.body.get("body") if isinstance(req.body, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise invalid("IssueComment", "body", "missing_field", "Body cannot be blank")
    _check_body(text, "IssueComment")
    now = ctx.now()
    comment = Comment(
        ctx.state.next_id(), issue.number, text, ctx.state.ensure_user(req.actor).login, now, now
    )
    ctx.state.comments.setdefault(issue.number, []).append(comment)
    issue.updated_at = now
    data = ctx.render.comment(comment)
    return ApiResponse(201, data, {"location": data["url"]})


@route("PATCH", _REPO + r"/issues/comments/(?P<comment_id>[^/]+)")
def update_comment(ctx: Context, req: ApiRequest) -> ApiResponse:
    wanted = _int(req.params["comment_id"], -1)
    comment = next((c for cs in ctx.state.comments.values() for c in cs if c.id == wanted), None)
    if comment is None:
        moved_to = ctx.state.moved_comments.get(wanted)
        target = ctx.repo(moved_to) if moved_to else None
        if moved_to and target is not None:
            raise MovedPermanently(
                f"{ctx.render.api}/repos/{target.owner}/{target.name}/issues/comments/{wanted}"
            )
        raise not_found()
    text = req.body.get("body") if isinstance(req.body, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise invalid("IssueComment", "body", "missing_field", "Body cannot be blank")
    _check_body(text, "IssueComment")
    if comment.user.lower() != req.actor.lower() and not ctx.state.can_push(req.actor):
        raise ApiError(403, "Resource not accessible by integration")
    comment.body = text
    comment.updated_at = ctx.now()
    return ApiResponse(200, ctx.render.comment(comment))


# --- labels ---------------------------------------------------------------------------


def _issue_label_list(ctx: Context, issue: Issue) -> ApiResponse:
    return ApiResponse(200, [ctx.render.label(lbl) for lbl in ctx.state.issue_labels(issue)])


@route("POST", _REPO + r"/issues/(?P<issue_number>[^/]+)/labels")
def add_issue_labels(ctx: Context, req: ApiRequest) -> ApiResponse:
    issue = _issue(ctx, req)
    if ctx.state.can_push(req.actor):
        issue.label_ids = _apply_labels(
            ctx, [*(lbl.name for lbl in ctx.state.issue_labels(issue)), *_label_names(req.body)]
        )
        issue.updated_at = ctx.now()
    return _issue_label_list(ctx, issue)


@route("PUT", _REPO + r"/issues/(?P<issue_number>[^/]+)/labels")
def set_issue_labels(ctx: Context, req: ApiRequest) -> ApiResponse:
    issue = _issue(ctx, req)
    if ctx.state.can_push(req.actor):
        issue.label_ids = _apply_labels(ctx, _label_names(req.body))
        issue.updated_at = ctx.now()
    return _issue_label_list(ctx, issue)


@route("DELETE", _REPO + r"/issues/(?P<issue_number>[^/]+)/labels/(?P<name>[^/]+)")
def remove_issue_label(ctx: Context, req: ApiRequest) -> ApiResponse:
    issue = _issue(ctx, req)
    label = ctx.state.label_named(req.params["name"])
    if label is None or label.id not in issue.label_ids:
        raise ApiError(404, "Label does not exist")
    issue.label_ids.remove(label.id)
    issue.updated_at = ctx.now()
    return _issue_label_list(ctx, issue)


@route("GET", _REPO + r"/labels")
def list_labels(ctx: Context, req: ApiRequest) -> ApiResponse:
    page, headers = paginate(ctx, req, ctx.state.labels)
    return ApiResponse(200, [ctx.render.label(lbl) for lbl in page], headers)


_COLOR = re.compile(r"^[0-9a-fA-F]{6}$")


def _check_label_fields(color: Any, description: Any) -> None:
    if color is not None and not (isinstance(color, str) and _COLOR.match(color)):
        raise invalid("Label", "color")
    if isinstance(description, str) and len(description) > 100:
        raise invalid("Label", "description", message="description is too long (maximum is 100 characters)")


@route("POST", _REPO + r"/labels")
def create_label(ctx: Context, req: ApiRequest) -> ApiResponse:
    body = req.body if isinstance(req.body, dict) else {}
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise invalid("Label", "name", "missing_field")
    _check_label_fields(body.get("color"), body.get("description"))
    if ctx.state.label_named(name) is not None:
        raise invalid("Label", "name", "already_exists")
    label = Label(
        ctx.state.next_id(), name.strip(), str(body.get("color") or "ededed").lower(), body.get("description")
    )
    ctx.state.labels.append(label)
    data = ctx.render.label(label)
    return ApiResponse(201, data, {"location": data["url"]})


@route("PATCH", _REPO + r"/labels/(?P<name>[^/]+)")
def update_label(ctx: Context, req: ApiRequest) -> ApiResponse:
    label = ctx.state.label_named(req.params["name"])
    if label is None:
        raise not_found()
    body = req.body if isinstance(req.body, dict) else {}
    _check_label_fields(body.get("color"), body.get("description"))
    new_name = body.get("new_name")
    if isinstance(new_name, str) and new_name.strip():
        clash = ctx.state.label_named(new_name)
        if clash is not None and clash is not label:
            raise invalid("Label", "name", "already_exists")
        label.name = new_name.strip()
    if body.get("color") is not None:
        label.color = str(body["color"]).lower()
    if "description" in body:
        label.description = body["description"]
    return ApiResponse(200, ctx.render.label(label))


# --- pull requests --------------------------------------------------------------------


def _pull(ctx: Context, req: ApiRequest) -> Issue:
    issue = ctx.state.issues.get(_int(req.params["pull_number"], -1))
    if issue is None or issue.pull is None:
        raise not_found()
    return issue


@route("GET", _REPO + r"/pulls/(?P<pull_number>[^/]+)")
def get_pull(ctx: Context, req: ApiRequest) -> ApiResponse:
    return ApiResponse(200, ctx.render.pull_request(_pull(ctx, req)))


@route("GET", _REPO + r"/pulls/(?P<pull_number>[^/]+)/files")
def list_pull_files(ctx: Context, req: ApiRequest) -> ApiResponse:
    issue = _pull(ctx, req)
    assert issue.pull is not None
    page, headers = paginate(ctx, req, issue.pull.files)
    return ApiResponse(200, [ctx.render.pull_file(issue, f) for f in page], headers)


@route("POST", _REPO + r"/pulls/(?P<pull_number>[^/]+)/requested_reviewers")
def request_reviewers(ctx: Context, req: ApiRequest) -> ApiResponse:
    issue = _pull(ctx, req)
    assert issue.pull is not None
    body = req.body if isinstance(req.body, dict) else {}
    if body.get("team_reviewers"):
        raise ApiError(422, "fakegithub has no teams; team_reviewers cannot be requested")
    reviewers = [r for r in body.get("reviewers") or [] if isinstance(r, str)]
    if any(r.lower() == issue.user.lower() for r in reviewers):
        raise ApiError(422, "Review cannot be requested from pull request author.")
    if any(ctx.state.role(r) is None for r in reviewers):
        raise ApiError(
            422,
            "Reviews may only be requested from collaborators. One or more of the users or teams you "
            f"specified is not a collaborator of the {ctx.state.owner}/{ctx.state.name} repository.",
        )
    for login in reviewers:
        canonical = ctx.state.ensure_user(login).login
        if canonical not in issue.pull.requested_reviewers:
            issue.pull.requested_reviewers.append(canonical)
    issue.updated_at = ctx.now()
    return ApiResponse(201, ctx.render.pull_request(issue, simple=True))


# --- search ---------------------------------------------------------------------------


@route("GET", r"^/search/issues")
def search_issues(ctx: Context, req: ApiRequest) -> ApiResponse:
    q = req.arg("q")
    if not q:
        raise invalid("Search", "q", "missing")
    try:
        query = SearchQuery.parse(q)
    except SearchError as e:
        raise ApiError(
            422,
            "Validation Failed",
            [{"resource": "Search", "field": "q", "code": "invalid", "message": str(e)}],
        ) from None
    # Every repository the token can see; the main one as the (possibly frozen) index has it.
    states: list[RepoState] = []
    for candidate in [ctx.state, *ctx.repos.values()]:
        if not candidate.hidden and all(candidate is not seen for seen in states):
            states.append(candidate)
    if ctx.search_snapshot is not None:
        # A frozen index: what GitHub's search would still show while it lags behind.
        frozen = copy.copy(ctx.state)
        frozen.issues, frozen.comments = ctx.search_snapshot
        states[0] = frozen
    found = [(st, i) for st in states for i in st.issues.values() if query.matcher(st)(i)]
    sort, descending = req.arg("sort"), req.arg("order") != "asc"
    if sort in ("created", "updated", "comments"):

        def key(pair: tuple[RepoState, Issue]) -> tuple[Any, int]:
            st, issue = pair
            if sort == "updated":
                return issue.updated_at, issue.number
            if sort == "comments":
                return len(st.comments.get(issue.number, [])), issue.number
            return issue.created_at, issue.number

        found.sort(key=key, reverse=descending)
    else:
        found.sort(key=lambda pair: pair[1].number, reverse=True)  # stands in for "best match"
    found = found[:1000]  # GitHub never returns more than the first 1000 results
    page, headers = paginate(ctx, req, found)
    body = {
        "total_count": len(found),
        "incomplete_results": False,
        "search_type": "lexical",
        "items": [Renderer(ctx.render.api, st).search_item(i) for st, i in page],
    }
    return ApiResponse(200, body, headers)
