"""JSON representations of the fake's state, shaped like api.github.com's (2022-11-28).

Every field the contract marks required is present, plus the optional ones real GitHub
sends (compared against the 2025 replay in tests/test_fakegithub.py). API URLs point at the
fake itself, because PyGithub follows them (`issue.url`, `repo.url`, `Link` headers) and
refuses URLs on another host; `html_url`s point at github.com, since nothing fetches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, quote_plus

from .state import (
    LEGACY_PERMISSION,
    ROLES,
    Comment,
    Issue,
    Label,
    PullFile,
    RepoState,
    User,
    fake_sha,
    node_id,
)

HTML_BASE = "https://github.com"
EPOCH = datetime(2020, 1, 1)


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Renderer:
    api: str  # e.g. "http://127.0.0.1:5123", no trailing slash
    state: RepoState

    @property
    def repo_api(self) -> str:
        return f"{self.api}/repos/{self.state.owner}/{self.state.name}"

    @property
    def repo_html(self) -> str:
        return f"{HTML_BASE}/{self.state.owner}/{self.state.name}"

    # --- users --------------------------------------------------------------------------

    def simple_user(self, user: User) -> dict[str, Any]:
        base = f"{self.api}/users/{user.login}"
        return {
            "login": user.login,
            "id": user.id,
            "node_id": node_id("U", user.id),
            "avatar_url": f"https://avatars.githubusercontent.com/u/{user.id}?v=4",
            "gravatar_id": "",
            "url": base,
            "html_url": f"{HTML_BASE}/{user.login}",
            "followers_url": f"{base}/followers",
            "following_url": f"{base}/following{{/other_user}}",
            "gists_url": f"{base}/gists{{/gist_id}}",
            "starred_url": f"{base}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{base}/subscriptions",
            "organizations_url": f"{base}/orgs",
            "repos_url": f"{base}/repos",
            "events_url": f"{base}/events{{/privacy}}",
            "received_events_url": f"{base}/received_events",
            "type": user.type,
            "user_view_type": "public",
            "site_admin": False,
        }

    def login(self, login: str | None) -> dict[str, Any] | None:
        return None if login is None else self.simple_user(self.state.ensure_user(login))

    def public_user(self, user: User) -> dict[str, Any]:
        created = iso(user.created_at or EPOCH)
        return {
            **self.simple_user(user),
            "name": user.name,
            "company": None,
            "blog": "",
            "location": None,
            "email": None,
            "hireable": None,
            "bio": None,
            "twitter_username": None,
            "public_repos": 0,
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "created_at": created,
            "updated_at": created,
        }

    def collaborator_permission(self, user: User) -> dict[str, Any]:
        role = self.state.role(user.login)
        if role is None:
            # On a public repository everybody can read, and GitHub says so here.
            role = "none" if self.state.private else "read"
        permission = LEGACY_PERMISSION.get(role, "none")
        rank = ROLES.index(role) if role in ROLES else -1
        permissions = {r2: rank >= ROLES.index(r1) for r1, r2 in _PERMISSION_FLAGS}
        return {
            "permission": permission,
            "role_name": role,
            "user": {**self.simple_user(user), "permissions": permissions, "role_name": role},
        }

    # --- repository ---------------------------------------------------------------------

    def repository(self, *, full: bool = False) -> dict[str, Any]:
        s = self.state
        base, owner = self.repo_api, s.ensure_user(s.owner, type="Organization")
        open_count = sum(1 for i in s.issues.values() if i.state == "open")
        data: dict[str, Any] = {
            "id": s.repo_id,
            "node_id": node_id("R", s.repo_id),
            "name": s.name,
            "full_name": f"{s.owner}/{s.name}",
            "owner": self.simple_user(owner),
            "private": s.private,
            "html_url": self.repo_html,
            "description": None,
            "fork": False,
            "url": base,
            **{f"{k}_url": f"{base}/{v}" for k, v in _REPO_URL_TEMPLATES.items()},
            "git_url": f"git://github.com/{s.owner}/{s.name}.git",
            "ssh_url": f"git@github.com:{s.owner}/{s.name}.git",
            "clone_url": f"{self.repo_html}.git",
            "svn_url": self.repo_html,
            "mirror_url": None,
            "homepage": None,
            "language": None,
            "forks_count": 0,
            "forks": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "watchers": 0,
            "size": 0,
            "default_branch": "main",
            "open_issues_count": open_count,
            "open_issues": open_count,
            "is_template": False,
            "topics": [],
            "has_issues": True,
            "has_projects": True,
            "has_wiki": True,
            "has_pages": False,
            "has_downloads": True,
            "has_discussions": False,
            "archived": False,
            "disabled": False,
            "visibility": "private" if s.private else "public",
            "pushed_at": iso(EPOCH),
            "created_at": iso(EPOCH),
            "updated_at": iso(EPOCH),
            "license": None,
            "allow_forking": True,
            "web_commit_signoff_required": False,
        }
        if full:
            data.update(network_count=0, subscribers_count=0, temp_clone_token=None)
        return data

    # --- labels, issues, comments -------------------------------------------------------

    def label(self, label: Label) -> dict[str, Any]:
        return {
            "id": label.id,
            "node_id": node_id("LA", label.id),
            # GitHub form-encodes the name here ("+" for spaces); PyGithub PATCHes this URL.
            "url": f"{self.repo_api}/labels/{quote_plus(label.name)}",
            "name": label.name,
            "color": label.color,
            "default": label.default,
            "description": label.description,
        }

    def author_association(self, login: str) -> str:
        if login.lower() == self.state.owner.lower():
            return "OWNER"
        return "COLLABORATOR" if self.state.role(login) else "NONE"

    def issue(self, issue: Issue) -> dict[str, Any]:
        url = f"{self.repo_api}/issues/{issue.number}"
        data: dict[str, Any] = {
            "url": url,
            "repository_url": self.repo_api,
            "labels_url": f"{url}/labels{{/name}}",
            "comments_url": f"{url}/comments",
            "events_url": f"{url}/events",
            "html_url": f"{self.repo_html}/{'pull' if issue.pull else 'issues'}/{issue.number}",
            "id": issue.id,
            "node_id": node_id("PR" if issue.pull else "I", issue.id),
            "number": issue.number,
            "title": issue.title,
            "user": self.login(issue.user),
            "labels": [self.label(lbl) for lbl in self.state.issue_labels(issue)],
            "state": issue.state,
            "locked": issue.locked,
            "assignee": self.login(issue.assignees[0]) if issue.assignees else None,
            "assignees": [self.login(a) for a in issue.assignees],
            "milestone": None,
            "comments": len(self.state.comments.get(issue.number, [])),
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.updated_at),
            "closed_at": iso(issue.closed_at),
            "author_association": self.author_association(issue.user),
            "active_lock_reason": issue.lock_reason if issue.locked else None,
            "sub_issues_summary": {"total": 0, "completed": 0, "percent_completed": 0},
            "issue_dependencies_summary": {
                "blocked_by": 0,
                "total_blocked_by": 0,
                "blocking": 0,
                "total_blocking": 0,
            },
            "body": issue.body,
            "closed_by": self.login(issue.closed_by),
            "reactions": _empty_reactions(url),
            "timeline_url": f"{url}/timeline",
            "performed_via_github_app": None,
            "state_reason": issue.state_reason,
        }
        if issue.pull:
            pull_url = f"{self.repo_api}/pulls/{issue.number}"
            html = data["html_url"]
            data["draft"] = issue.pull.draft
            data["pull_request"] = {
                "url": pull_url,
                "html_url": html,
                "diff_url": f"{html}.diff",
                "patch_url": f"{html}.patch",
                "merged_at": None,
            }
        return data

    def search_item(self, issue: Issue) -> dict[str, Any]:
        data = self.issue(issue)
        data.pop("closed_by")  # not part of issue-search-result-item; GitHub omits it
        if data["body"] is None:
            # Contract quirk: issue.body is nullable but issue-search-result-item.body is a
            # plain, optional string, so an empty body can only be sent by leaving it out.
            del data["body"]
        data["score"] = 1.0
        return data

    def comment(self, comment: Comment) -> dict[str, Any]:
        issue_url = f"{self.repo_api}/issues/{comment.issue_number}"
        return {
            "url": f"{self.repo_api}/issues/comments/{comment.id}",
            "html_url": f"{self.repo_html}/issues/{comment.issue_number}#issuecomment-{comment.id}",
            "issue_url": issue_url,
            "id": comment.id,
            "node_id": node_id("IC", comment.id),
            "user": self.login(comment.user),
            "created_at": iso(comment.created_at),
            "updated_at": iso(comment.updated_at),
            "author_association": self.author_association(comment.user),
            "body": comment.body,
            "reactions": _empty_reactions(f"{self.repo_api}/issues/comments/{comment.id}"),
            "performed_via_github_app": None,
        }

    # --- pull requests ------------------------------------------------------------------

    def pull_request(self, issue: Issue, *, simple: bool = False) -> dict[str, Any]:
        pull = issue.pull
        assert pull is not None
        url = f"{self.repo_api}/pulls/{issue.number}"
        issue_url = f"{self.repo_api}/issues/{issue.number}"
        html = f"{self.repo_html}/pull/{issue.number}"
        author = self.state.ensure_user(issue.user)
        repo = self.repository()

        def ref(name: str, sha: str, fork: str | None = None) -> dict[str, Any]:
            if fork is None:
                return {
                    "label": f"{self.state.owner}:{name}",
                    "ref": name,
                    "sha": sha,
                    "user": repo["owner"],
                    "repo": repo,
                }
            owner, _, fork_name = fork.partition("/")
            fork_owner = self.simple_user(self.state.ensure_user(owner))
            fork_repo = {
                **repo,
                "name": fork_name,
                "full_name": fork,
                "owner": fork_owner,
                "fork": True,
                "html_url": repo["html_url"]
                .replace(self.state.owner, owner)
                .replace(self.state.name, fork_name),
            }
            return {
                "label": f"{owner}:{name}",
                "ref": name,
                "sha": sha,
                "user": fork_owner,
                "repo": fork_repo,
            }

        links = {
            "self": url,
            "html": html,
            "issue": issue_url,
            "comments": f"{issue_url}/comments",
            "review_comments": f"{url}/comments",
            "review_comment": f"{self.repo_api}/pulls/comments{{/number}}",
            "commits": f"{url}/commits",
            "statuses": f"{self.repo_api}/statuses/{pull.head_sha}",
        }
        data: dict[str, Any] = {
            "url": url,
            "id": issue.id,
            "node_id": node_id("PR", issue.id),
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "issue_url": issue_url,
            "commits_url": links["commits"],
            "review_comments_url": links["review_comments"],
            "review_comment_url": links["review_comment"],
            "comments_url": links["comments"],
            "statuses_url": links["statuses"],
            "number": issue.number,
            "state": issue.state,
            "locked": issue.locked,
            "title": issue.title,
            "user": self.simple_user(author),
            "body": issue.body,
            # GitHub sends null for a label without a description; the contract types the pull
            # request's labels as strings, so the fake sends "" there to stay inside it.
            "labels": [
                {**self.label(lbl), "description": lbl.description or ""}
                for lbl in self.state.issue_labels(issue)
            ],
            "milestone": None,
            "active_lock_reason": issue.lock_reason if issue.locked else None,
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.updated_at),
            "closed_at": iso(issue.closed_at),
            "merged_at": None,
            "merge_commit_sha": None,
            "assignee": self.login(issue.assignees[0]) if issue.assignees else None,
            "assignees": [self.login(a) for a in issue.assignees],
            "requested_reviewers": [self.login(r) for r in pull.requested_reviewers],
            "requested_teams": [],
            "head": ref(pull.head_ref, pull.head_sha, pull.head_repo),
            "base": ref(pull.base_ref, pull.base_sha or fake_sha("base", pull.base_ref)),
            "_links": {k: {"href": v} for k, v in links.items()},
            "author_association": self.author_association(issue.user),
            "auto_merge": None,
            "draft": pull.draft,
        }
        if not simple:
            additions = sum(f.additions for f in pull.files)
            deletions = sum(f.deletions for f in pull.files)
            data.update(
                merged=pull.merged,
                mergeable=True,
                rebaseable=True,
                mergeable_state="clean",
                merged_by=None,
                comments=len(self.state.comments.get(issue.number, [])),
                review_comments=0,
                maintainer_can_modify=False,
                commits=1,
                additions=additions,
                deletions=deletions,
                changed_files=len(pull.files),
            )
        return data

    def pull_file(self, issue: Issue, f: PullFile) -> dict[str, Any]:
        assert issue.pull is not None
        sha = issue.pull.head_sha
        path = quote(f.filename)
        data: dict[str, Any] = {
            "sha": fake_sha("blob", f.filename, sha),
            "filename": f.filename,
            "status": f.status,
            "additions": f.additions,
            "deletions": f.deletions,
            "changes": f.additions + f.deletions,
            "blob_url": f"{self.repo_html}/blob/{sha}/{path}",
            "raw_url": f"{self.repo_html}/raw/{sha}/{path}",
            "contents_url": f"{self.repo_api}/contents/{path}?ref={sha}",
        }
        if f.patch is not None:
            data["patch"] = f.patch
        if f.previous_filename is not None:
            data["previous_filename"] = f.previous_filename
        return data


_PERMISSION_FLAGS = (
    ("read", "pull"),
    ("triage", "triage"),
    ("write", "push"),
    ("maintain", "maintain"),
    ("admin", "admin"),
)

_REPO_URL_TEMPLATES = {
    "archive": "{archive_format}{/ref}",
    "assignees": "assignees{/user}",
    "blobs": "git/blobs{/sha}",
    "branches": "branches{/branch}",
    "collaborators": "collaborators{/collaborator}",
    "comments": "comments{/number}",
    "commits": "commits{/sha}",
    "compare": "compare/{base}...{head}",
    "contents": "contents/{+path}",
    "contributors": "contributors",
    "deployments": "deployments",
    "downloads": "downloads",
    "events": "events",
    "forks": "forks",
    "git_commits": "git/commits{/sha}",
    "git_refs": "git/refs{/sha}",
    "git_tags": "git/tags{/sha}",
    "hooks": "hooks",
    "issue_comment": "issues/comments{/number}",
    "issue_events": "issues/events{/number}",
    "issues": "issues{/number}",
    "keys": "keys{/key_id}",
    "labels": "labels{/name}",
    "languages": "languages",
    "merges": "merges",
    "milestones": "milestones{/number}",
    "notifications": "notifications{?since,all,participating}",
    "pulls": "pulls{/number}",
    "releases": "releases{/id}",
    "stargazers": "stargazers",
    "statuses": "statuses/{sha}",
    "subscribers": "subscribers",
    "subscription": "subscription",
    "tags": "tags",
    "teams": "teams",
    "trees": "git/trees{/sha}",
}


def _empty_reactions(url: str) -> dict[str, Any]:
    counts = dict.fromkeys(("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"), 0)
    return {"url": f"{url}/reactions", "total_count": 0, **counts}
