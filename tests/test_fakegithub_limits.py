"""The fake GitHub's refusals, through the real PyGithub: what GitHub answers, and that
nothing was created.

Assignees who cannot be assigned, locked, deleted and transferred issues, the body limit,
and both kinds of rate limit on a clock the tests move instead of sleeping. Every test
runs the fake as a context manager, so each exchange is also checked against GitHub's
contract (tests/fakegithub/contract/, with extensions.json).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
import requests
from fakegithub import (
    DOCUMENTED_CONTENT,
    FakeClock,
    FakeGitHub,
    GitHubLimits,
    shared_contract,
)
from fakegithub.contract import SPEC_PATH, Contract, merge_extensions
from github.GithubException import GithubException, RateLimitExceededException

REPO = "acme/mentoring"
START = datetime(2026, 1, 12, 9, 0, 0)  # naive UTC, as the fake's clock returns it


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub("acme", "mentoring") as server:
        server.add_collaborator("mentor-ana", "write")
        server.add_collaborator("mentee-bo", "triage")
        server.add_user("outsider")  # a GitHub user with no access to the repository
        yield server


def raw(
    fake: FakeGitHub,
    method: str,
    path: str,
    *,
    token: str = "test-token",
    headers: dict[str, str] | None = None,
    payload: Any = None,
) -> requests.Response:
    """One request as sent, redirects not followed."""
    sent = {"Authorization": f"token {token}", **(headers or {})}
    return requests.request(
        method, f"{fake.url}{path}", headers=sent, json=payload, timeout=5, allow_redirects=False
    )


def error_of(caught: pytest.ExceptionInfo[GithubException]) -> tuple[int, dict[str, Any]]:
    return caught.value.status, caught.value.data


# --- 1. assignees -----------------------------------------------------------------------


def test_an_unassignable_assignee_fails_the_creation_with_422_and_nothing_is_created(
    fake: FakeGitHub,
) -> None:
    repo = fake.github().get_repo(REPO)
    labels_before = fake.labels()
    with pytest.raises(GithubException) as caught:
        repo.create_issue("Check-in", labels=["brand-new"], assignees=["mentor-ana", "outsider"])
    status, data = error_of(caught)
    assert status == 422
    assert data["message"] == "Validation Failed"
    assert data["errors"] == [
        {"value": "outsider", "resource": "Issue", "field": "assignees", "code": "invalid"}
    ]
    assert str(data["documentation_url"]).startswith("https://docs.github.com/")
    assert fake.issues() == [] and fake.labels() == labels_before  # not even the label
    # Every collaborator role can be assigned, triage included; so can the author.
    issue = repo.create_issue("Check-in", assignees=["mentor-ana", "mentee-bo", "cohortkit-bot"])
    assert [a.login for a in issue.assignees] == ["mentor-ana", "mentee-bo", "cohortkit-bot"]


def test_a_login_that_is_nobody_fails_with_the_value_as_sent(fake: FakeGitHub) -> None:
    with pytest.raises(GithubException) as caught:
        fake.github().get_repo(REPO).create_issue("x", assignees=["mentor-ana", "no-such-user"])
    status, data = error_of(caught)
    assert status == 422
    assert data["errors"] == [
        {
            "value": ["mentor-ana", "no-such-user"],
            "resource": "Issue",
            "field": "assignees",
            "code": "invalid",
        }
    ]
    assert fake.issues() == []


def test_the_legacy_assignee_field_and_both_fields_at_once(fake: FakeGitHub) -> None:
    repo = fake.github().get_repo(REPO)
    with pytest.raises(GithubException) as caught:
        repo.create_issue("x", assignee="outsider")
    assert error_of(caught)[1]["errors"] == [
        {"value": "outsider", "resource": "Issue", "field": "assignee", "code": "invalid"}
    ]
    with pytest.raises(GithubException) as caught:
        repo.create_issue("x", assignee="mentor-ana", assignees=["mentor-ana"])
    status, data = error_of(caught)
    assert status == 422 and "cannot pass both `assignee` and `assignees`" in str(data["message"])
    assert fake.issues() == []


def test_an_unassignable_assignee_fails_the_whole_edit(fake: FakeGitHub) -> None:
    number = fake.add_issue("Check-in", "old body", assignees=["mentor-ana"])
    issue = fake.github().get_repo(REPO).get_issue(number)
    with pytest.raises(GithubException) as caught:
        issue.edit(title="new title", body="new body", state="closed", assignees=["outsider"])
    assert error_of(caught)[0] == 422
    after = fake.issue(number)
    assert (after["title"], after["body"], after["state"]) == ("Check-in", "old body", "open")
    assert [a["login"] for a in after["assignees"]] == ["mentor-ana"]
    # Someone who commented on the issue can be assigned to it, as on GitHub.
    fake.add_comment(number, "I can help", by="outsider")
    issue.edit(assignees=["outsider"])
    assert [a["login"] for a in fake.issue(number)["assignees"]] == ["outsider"]


def test_without_push_access_assignees_are_still_dropped_silently(fake: FakeGitHub) -> None:
    fake.add_token("bo-token", "mentee-bo")  # triage: no push access
    issue = fake.github("bo-token").get_repo(REPO).create_issue("Question", assignees=["outsider"])
    assert issue.assignees == [] and len(fake.issues()) == 1


def test_assignable_role_can_ask_for_push_access() -> None:
    with FakeGitHub(assignable_role="write") as fake:
        fake.add_collaborator("mentee-bo", "triage")
        with pytest.raises(GithubException) as caught:
            fake.github().get_repo(REPO).create_issue("x", assignees=["mentee-bo"])
        assert error_of(caught)[1]["errors"][0]["value"] == "mentee-bo"
        assert fake.issues() == []


# --- 2. locked issues -------------------------------------------------------------------


def test_a_locked_issue_refuses_the_bots_comment_with_403(fake: FakeGitHub) -> None:
    number = fake.add_issue("Check-in")
    fake.lock_issue(number, "resolved")
    issue = fake.github().get_repo(REPO).get_issue(number)
    assert issue.locked and issue.active_lock_reason == "resolved"
    with pytest.raises(GithubException) as caught:
        issue.create_comment("Reminder")
    status, data = error_of(caught)
    assert status == 403
    assert data["message"] == "Unable to create comment because issue is locked."
    assert data["documentation_url"] == "https://docs.github.com/articles/locking-conversations/"
    assert fake.comments(number) == [] and fake.issue(number)["comments"] == 0
    fake.unlock_issue(number)
    issue.create_comment("Reminder")
    assert len(fake.comments(number)) == 1


def test_on_a_locked_issue_only_people_with_push_access_may_comment(fake: FakeGitHub) -> None:
    # GitHub Apps (GITHUB_TOKEN included) are refused even with write permission;
    # people with push access are not; people without it are.
    fake.add_token("bot-token", "cohortkit-bot", app=True)
    fake.add_token("ana-token", "mentor-ana")
    fake.add_token("bo-token", "mentee-bo")
    number = fake.add_issue("Check-in")
    fake.lock_issue(number)
    for token, allowed in (("bot-token", False), ("ana-token", True), ("bo-token", False)):
        issue = fake.github(token).get_repo(REPO).get_issue(number)
        if allowed:
            issue.create_comment(f"from {token}")
        else:
            with pytest.raises(GithubException) as caught:
                issue.create_comment(f"from {token}")
            assert error_of(caught)[0] == 403
    assert [c["body"] for c in fake.comments(number)] == ["from ana-token"]


# --- 3. deleted issues ------------------------------------------------------------------


def test_a_deleted_issue_answers_410_everywhere_and_vanishes(fake: FakeGitHub) -> None:
    keep = fake.add_issue("Keep", "cohortkit:checkin", labels=["checkin"])
    number = fake.add_issue("Check-in", "cohortkit:checkin", labels=["checkin"])
    fake.add_comment(number, "hello")
    repo = fake.github().get_repo(REPO)
    issue = repo.get_issue(number)
    fake.delete_issue(number)
    attempts: dict[str, Callable[[], object]] = {
        "GET": lambda: repo.get_issue(number),
        "PATCH": lambda: issue.edit(state="closed"),
        "POST comment": lambda: issue.create_comment("late"),
        "GET comments": lambda: list(issue.get_comments()),
        "POST labels": lambda: issue.add_to_labels("late"),
    }
    for what, attempt in attempts.items():
        with pytest.raises(GithubException) as caught:
            attempt()
        status, data = error_of(caught)
        assert (status, data["message"]) == (410, "This issue was deleted"), what
    assert [i.number for i in repo.get_issues(state="all")] == [keep]
    assert [i.number for i in fake.github().search_issues("cohortkit checkin is:issue")] == [keep]
    assert [i["number"] for i in fake.issues()] == [keep]
    # GitHub never gives a number out twice.
    assert repo.create_issue("Next").number == number + 1


# --- 4. transferred issues --------------------------------------------------------------


def test_a_transferred_issue_answers_301_to_the_other_repository(fake: FakeGitHub) -> None:
    number = fake.add_issue("Check-in", labels=["checkin"], assignees=["mentor-ana"])
    fake.add_comment(number, "before the move")
    repo = fake.github().get_repo(REPO)
    old = repo.get_issue(number)
    moved_to = fake.transfer_issue(number, "acme/archive")
    # The redirect itself: same request, in the other repository.
    response = raw(fake, "GET", f"/repos/acme/mentoring/issues/{number}")
    assert response.status_code == 301
    assert response.headers["location"] == f"{fake.url}/repos/acme/archive/issues/{moved_to}"
    assert response.json()["message"] == "Moved Permanently"
    comments = raw(fake, "GET", f"/repos/acme/mentoring/issues/{number}/comments?per_page=5")
    assert comments.status_code == 301
    assert comments.headers["location"].endswith(f"/repos/acme/archive/issues/{moved_to}/comments?per_page=5")
    # PyGithub follows it, for every method: it reads, edits and comments over there.
    fake.reset_log()
    again = repo.get_issue(number)
    assert again.repository_url.endswith("/repos/acme/archive") and again.number == moved_to
    assert [r.status for r in fake.requests] == [301, 200]
    old.edit(title="Check-in (moved)")
    old.create_comment("after the move")
    assert fake.issue(moved_to, repo="acme/archive")["title"] == "Check-in (moved)"
    bodies = [c["body"] for c in fake.comments(moved_to, repo="acme/archive")]
    assert bodies == ["before the move", "after the move"]
    assert [lbl["name"] for lbl in fake.issue(moved_to, repo="acme/archive")["labels"]] == ["checkin"]
    # This repository no longer lists it, and creates nothing for it.
    assert list(repo.get_issues(state="all")) == [] and fake.issues() == [] and fake.comments(number) == []
    assert [i.number for i in fake.github().get_repo("acme/archive").get_issues()] == [moved_to]


def test_a_transfer_to_a_repository_the_token_cannot_see_redirects_nowhere(fake: FakeGitHub) -> None:
    number = fake.add_issue("Check-in")
    fake.transfer_issue(number, "acme/private-archive", readable=False)
    response = raw(fake, "GET", f"/repos/acme/mentoring/issues/{number}")
    assert response.status_code == 301 and response.headers["location"] == ""
    assert raw(fake, "GET", "/repos/acme/private-archive").status_code == 404
    # PyGithub cannot follow an empty location and says so.
    with pytest.raises(RuntimeError, match="redirected"):
        fake.github().get_repo(REPO).get_issue(number)


# --- 5. the body limit ------------------------------------------------------------------


def test_an_issue_body_over_65536_characters_is_refused(fake: FakeGitHub) -> None:
    repo = fake.github().get_repo(REPO)
    with pytest.raises(GithubException) as caught:
        repo.create_issue("Check-in", body="x" * 65537)
    status, data = error_of(caught)
    assert (status, data["message"]) == (422, "Validation Failed")
    assert data["errors"] == [
        {
            "resource": "Issue",
            "field": "body",
            "code": "custom",
            "message": "body is too long (maximum is 65536 characters)",
        }
    ]
    assert fake.issues() == []
    issue = repo.create_issue("Check-in", body="é" * 65536)  # characters, not bytes
    with pytest.raises(GithubException):
        issue.edit(body="x" * 65537)
    assert fake.issue(issue.number)["body"] == "é" * 65536


def test_a_comment_body_over_65536_characters_is_refused(fake: FakeGitHub) -> None:
    number = fake.add_issue("Check-in")
    issue = fake.github().get_repo(REPO).get_issue(number)
    with pytest.raises(GithubException) as caught:
        issue.create_comment("x" * 65537)
    status, data = error_of(caught)
    assert status == 422
    assert data["errors"] == [
        {
            "resource": "IssueComment",
            "field": "data",
            "code": "unprocessable",
            "message": "Body is too long (maximum is 65536 characters)",
        }
    ]
    assert fake.comments(number) == []
    comment = issue.create_comment("x" * 65536)
    with pytest.raises(GithubException):
        comment.edit("y" * 65537)
    assert fake.comments(number)[0]["body"] == "x" * 65536


# --- 6. rate limits ---------------------------------------------------------------------


def test_the_clock_stamps_what_is_created() -> None:
    clock = FakeClock(START)
    with FakeGitHub(clock=clock) as fake:
        repo = fake.github().get_repo(REPO)
        first = repo.create_issue("first")
        clock.advance(hours=2)
        second = repo.create_issue("second")
        assert first.created_at.replace(tzinfo=None) == START
        assert (second.created_at - first.created_at).total_seconds() == 7200


def test_every_response_tells_the_true_primary_numbers(fake: FakeGitHub) -> None:
    seen = []
    for _ in range(3):
        headers = raw(fake, "GET", "/repos/acme/mentoring").headers
        seen.append(tuple(headers[f"x-ratelimit-{k}"] for k in ("limit", "remaining", "used", "resource")))
    assert seen == [("1000", "999", "1", "core"), ("1000", "998", "2", "core"), ("1000", "997", "3", "core")]
    # GET /rate_limit does not count, and says the same.
    overview = raw(fake, "GET", "/rate_limit")
    core = overview.json()["resources"]["core"]
    assert (core["used"], core["remaining"]) == (3, 997)
    assert overview.headers["x-ratelimit-used"] == "3"
    assert raw(fake, "GET", "/search/issues?q=x").headers["x-ratelimit-resource"] == "search"
    assert fake.usage().requests == 4  # three GETs and one search


def test_the_1001st_request_of_the_hour_is_refused_until_the_clock_moves_on() -> None:
    clock = FakeClock(START)
    with FakeGitHub(clock=clock, limits=GitHubLimits()) as fake:
        session = requests.Session()
        session.headers["Authorization"] = "token test-token"
        labels = f"{fake.url}/repos/acme/mentoring/labels"  # a cheap answer to check
        statuses = {session.get(labels, timeout=5).status_code for _ in range(1000)}
        assert statuses == {200}
        gh = fake.github()
        with pytest.raises(RateLimitExceededException) as caught:
            gh.get_repo(REPO)
        assert caught.value.status == 403
        assert str(caught.value.data["message"]).startswith("API rate limit exceeded for installation ID")
        headers = caught.value.headers or {}
        assert headers["x-ratelimit-remaining"] == "0" and headers["x-ratelimit-used"] == "1000"
        assert int(headers["x-ratelimit-reset"]) == int(clock.time()) + 3600
        limits = gh.get_rate_limit()  # not counted, even now
        assert limits.resources.core.remaining == 0
        clock.advance(minutes=59)
        with pytest.raises(RateLimitExceededException):
            gh.get_repo(REPO)
        clock.advance(minutes=1)
        assert gh.get_repo(REPO).full_name == REPO
        assert gh.get_rate_limit().resources.core.remaining == 999
        usage = fake.usage()
        assert usage.primary_limited == 2 and usage.requests == 1001
        assert list(usage.requests_by_hour.values()) == [1000, 1]


def test_each_token_has_its_own_budget_and_429_can_be_chosen() -> None:
    with FakeGitHub(limits=GitHubLimits(core_per_hour=2, primary_status=429)) as fake:
        fake.add_token("one", "cohortkit-bot", app=True)
        fake.add_token("two", "mentor-ana")
        for _ in range(2):
            fake.github("one").get_user("mentor-ana")
        with pytest.raises(GithubException) as caught:
            fake.github("one").get_user("mentor-ana")
        assert caught.value.status == 429
        assert fake.github("two").get_user("mentor-ana").login == "mentor-ana"
        assert (fake.usage("one").core.remaining, fake.usage("two").core.remaining) == (0, 1)
        assert str(caught.value.data["message"]).startswith("API rate limit exceeded for installation ID")


def test_a_conditional_request_answered_304_costs_nothing() -> None:
    with FakeGitHub(limits=GitHubLimits(core_per_hour=4)) as fake:
        number = fake.add_issue("Check-in")
        issue = fake.github().get_repo(REPO).get_issue(number)  # GET repo, GET issue: 2 used
        assert issue.etag
        for _ in range(5):
            assert issue.update() is False  # If-None-Match: 304, again and again
        assert fake.usage().core.used == 2 and fake.usage().not_modified == 5
        listing = raw(fake, "GET", "/repos/acme/mentoring/issues")  # 3 used
        etag = listing.headers["etag"]
        unchanged = raw(fake, "GET", "/repos/acme/mentoring/issues", headers={"If-None-Match": etag})
        assert unchanged.status_code == 304 and unchanged.content == b""
        assert unchanged.headers["etag"] == etag and unchanged.headers["x-ratelimit-remaining"] == "1"
        fake.add_comment(number, "news")
        changed = raw(fake, "GET", "/repos/acme/mentoring/issues", headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["etag"] != etag  # 4 used: a full answer
        # With the budget spent even a conditional request is refused: the limit comes first.
        assert (
            raw(fake, "GET", "/repos/acme/mentoring/issues", headers={"If-None-Match": etag}).status_code
            == 403
        )


def test_80_writes_a_minute_then_a_secondary_limit_with_retry_after() -> None:
    clock = FakeClock(START)
    with FakeGitHub(clock=clock, limits=GitHubLimits()) as fake:
        repo = fake.github().get_repo(REPO)
        for n in range(80):
            repo.create_issue(f"issue {n}")
            clock.advance(0.5)  # 40 seconds for all 80
        with pytest.raises(RateLimitExceededException) as caught:
            repo.create_issue("one too many")
        assert caught.value.status == 403
        assert str(caught.value.data["message"]).startswith("You have exceeded a secondary rate limit.")
        retry_after = int((caught.value.headers or {})["retry-after"])
        assert retry_after == 20  # the first write leaves the minute 60 s after it was made
        assert len(fake.issues()) == 80
        # Comments and labels are content too; so, conservatively, is every other write.
        number = fake.issues()[0]["number"]
        with pytest.raises(RateLimitExceededException):
            repo.get_issue(number).create_comment("hi")
        with pytest.raises(RateLimitExceededException):
            repo.create_label("new", "ededed")
        assert fake.comments(number) == [] and fake.labels() == []
        clock.advance(retry_after)
        assert repo.create_issue("after the wait").number == 81
        # The first write has left the minute; the other 79 and this one are in it.
        assert fake.usage().secondary_limited == 3 and fake.usage().writes_last_minute == 80


def test_500_writes_an_hour_then_an_hour_restores_every_budget() -> None:
    clock = FakeClock(START)
    limits = GitHubLimits(core_per_hour=20, content_per_minute=4, content_per_hour=10)
    with FakeGitHub(clock=clock, limits=limits) as fake:
        repo = fake.github().get_repo(REPO)  # 1 request
        for n in range(10):
            repo.create_issue(f"issue {n}")
            clock.advance(minutes=1)  # never 4 a minute
        with pytest.raises(RateLimitExceededException) as caught:
            repo.create_issue("eleventh")
        assert int((caught.value.headers or {})["retry-after"]) == 3600 - 10 * 60
        assert len(fake.issues()) == 10
        while fake.usage().core.remaining:
            repo.get_issues().totalCount  # noqa: B018 - spend the primary budget
        with pytest.raises(RateLimitExceededException):
            repo.get_issue(1)
        clock.advance(hours=1)
        assert repo.create_issue("a new hour").number == 11
        assert fake.usage().core.used == 1 and fake.usage().writes_last_hour == 1
        by_hour = fake.usage().writes_by_hour
        assert sorted(by_hour.values()) == [1, 10]


def test_the_set_of_writes_that_count_is_configurable() -> None:
    clock = FakeClock(START)
    limits = GitHubLimits(content_per_minute=2, content_creating=DOCUMENTED_CONTENT)
    with FakeGitHub(clock=clock, limits=limits) as fake:
        repo = fake.github().get_repo(REPO)
        issue = repo.create_issue("one")
        for n in range(5):
            issue.edit(title=f"edit {n}")  # a PATCH is not content creation here
        repo.create_issue("two")
        with pytest.raises(RateLimitExceededException):
            repo.create_issue("three")
        assert fake.usage().writes == 2 and len(fake.issues()) == 2


def test_limits_are_counted_but_not_enforced_by_default(fake: FakeGitHub) -> None:
    assert fake.limits.enforce is False
    clock_start = fake.usage().core.remaining
    for n in range(85):
        raw(fake, "POST", "/repos/acme/mentoring/issues", payload={"title": f"issue {n}"})
    usage = fake.usage()
    assert len(fake.issues()) == 85 and usage.writes_last_minute == 85
    assert usage.core.remaining == clock_start - 85 and usage.secondary_limited == 0


# --- 7. the contract ----------------------------------------------------------------------


def test_extensions_add_statuses_but_never_override_the_vendored_ones() -> None:
    contract = shared_contract()
    comments = contract.find("POST", "/repos/acme/mentoring/issues/1/comments")
    assert comments is not None and "301" in comments.spec["responses"]
    assert "304" in contract.find("GET", "/repos/acme/mentoring/issues").spec["responses"]  # type: ignore[union-attr]
    vendored = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    assert (
        "301"
        not in vendored["paths"]["/repos/{owner}/{repo}/issues/{issue_number}/comments"]["post"]["responses"]
    )
    clash: dict[str, Any] = {
        "responses": {"/repos/{owner}/{repo}/issues/{issue_number}": {"get": {"410": {}}}}
    }
    with pytest.raises(ValueError, match="already documents 410"):
        merge_extensions(vendored, clash)
    assert isinstance(Contract(), Contract)
