"""Request handlers: GitHub's semantics for the 20 operations of the contract.

Handlers run with the state lock held and either return an `ApiResponse` or raise
`ApiError`, which becomes GitHub's error body. Behaviour that surprises people on the real
API is reproduced on purpose, because client code has to cope with it:

* labels named at issue creation that do not exist yet are created (colour ``ededed``);
* assignees who cannot be assigned, and labels/assignees from users without push access,
  are silently dropped rather than rejected;
* `GET .../issues` also lists pull requests (they carry a ``pull_request`` key);
* `state_reason` is ignored unless the same request changes `state` (contract text);
* on a public repository every existing user has "read" permission.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus, urlencode

from .render import Renderer
from .search import SearchError, SearchQuery
from .state import Comment, Issue, Label, RepoState

DOCS = "https://docs.github.com/rest"
MAX_PER_PAGE = 100


class ApiError(Exception):
    def __init__(self, status: int, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message": self.message,
            "documentation_url": DOCS,
            "status": str(self.status),
        }
        if self.errors is not None:
            body["errors"] = self.errors
        return body


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
    """What a handler may use: the state (lock already held), URLs, and the clock."""

    state: RepoState
    render: Renderer
    now: Callable[[], datetime]
    rate_limits: Callable[[], dict[str, Any]]
    search_snapshot: tuple[dict[int, Issue], dict[int, list[Comment]]] | None = None


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
        if owner is not None and (owner.lower(), str(repo).lower()) != (
            ctx.state.owner.lower(),
            ctx.state.name.lower(),
        ):
            raise not_found()
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


def _issue(ctx: Context, req: ApiRequest, key: str = "issue_number") -> Issue:
    issue = ctx.state.issues.get(_int(req.params[key], -1))
    if issue is None:
        raise not_found()
    return issue


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


def _assignable(ctx: Context, logins: Iterable[Any]) -> list[str]:
    """Keep collaborators only; GitHub drops other assignees without an error."""
    kept: list[str] = []
    for login in logins:
        if isinstance(login, dict):
            login = login.get("login")
        if isinstance(login, str) and ctx.state.role(login) is not None:
            user = ctx.state.ensure_user(login)
            if user.login not in kept:
                kept.append(user.login)
    return kept[:10]


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
    now = ctx.now()
    issue = Issue(
        number=ctx.state.next_number(),
        id=ctx.state.next_id(),
        title=str(title),
        body=body.get("body") or None,
        user=ctx.state.ensure_user(req.actor).login,
        created_at=now,
        updated_at=now,
    )
    if ctx.state.can_push(req.actor):
        # Without push access GitHub silently drops all of these.
        _no_milestones(body.get("milestone"))
        issue.label_ids = _apply_labels(ctx, _label_names(body.get("labels")))
        legacy = [body["assignee"]] if body.get("assignee") else []
        issue.assignees = _assignable(ctx, [*legacy, *(body.get("assignees") or [])])
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
    if "title" in body:
        if body["title"] is None or str(body["title"]).strip() == "":
            raise invalid("Issue", "title", "missing_field")
        issue.title = str(body["title"])
    if "body" in body:
        issue.body = body["body"] or None
    if push and "milestone" in body:
        _no_milestones(body["milestone"])
    if push and "labels" in body:
        issue.label_ids = _apply_labels(ctx, _label_names(body["labels"]))
    if push and ("assignees" in body or "assignee" in body):
        raw = body.get("assignees")
        if raw is None:
            raw = [body["assignee"]] if body.get("assignee") else []
        issue.assignees = _assignable(ctx, raw)
    new_state, reason = body.get("state"), body.get("state_reason")
    if new_state is not None and new_state != issue.state:
        _change_state(ctx, req, issue, new_state, reason)
    issue.updated_at = ctx.now()
    return ApiResponse(200, ctx.render.issue(issue))


def _change_state(ctx: Context, req: ApiRequest, issue: Issue, new_state: str, reason: str | None) -> None:
    if new_state == "closed":
        if reason == "reopened":
            raise invalid("Issue", "state_reason")
        issue.state, issue.state_reason = "closed", reason or "completed"
        issue.closed_at, issue.closed_by = ctx.now(), ctx.state.ensure_user(req.actor).login
    elif new_state == "open":
        issue.state, issue.state_reason = "open", "reopened"
        issue.closed_at, issue.closed_by = None, None
    else:
        raise invalid("Issue", "state")


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
    text = req.body.get("body") if isinstance(req.body, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise invalid("IssueComment", "body", "missing_field", "Body cannot be blank")
    if issue.locked and not ctx.state.can_push(req.actor):
        raise ApiError(403, "Unable to create comment because issue is locked.")
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
        raise not_found()
    text = req.body.get("body") if isinstance(req.body, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise invalid("IssueComment", "body", "missing_field", "Body cannot be blank")
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
    state = ctx.state
    if ctx.search_snapshot is not None:
        # A frozen index: what GitHub's search would still show while it lags behind.
        state = copy.copy(ctx.state)
        state.issues, state.comments = ctx.search_snapshot
    found = [i for i in state.issues.values() if query.matcher(state)(i)]
    sort = req.arg("sort")
    if sort in ("created", "updated", "comments"):
        found = _sorted_issues(found, sort, req.arg("order"), ctx)
    else:
        found.sort(key=lambda i: i.number, reverse=True)  # stands in for "best match"
    found = found[:1000]  # GitHub never returns more than the first 1000 results
    page, headers = paginate(ctx, req, found)
    renderer = Renderer(ctx.render.api, state)
    body = {
        "total_count": len(found),
        "incomplete_results": False,
        "search_type": "lexical",
        "items": [renderer.search_item(i) for i in page],
    }
    return ApiResponse(200, body, headers)
