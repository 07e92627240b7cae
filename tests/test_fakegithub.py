"""The fake GitHub server (tests/fakegithub), exercised with the real PyGithub.

These tests pin down two things: that the fake keeps to the vendored contract (and that
the contract check really catches mistakes), and how PyGithub behaves against GitHub's
failure modes, which cohortkit's jobs must survive. No test touches the internet.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import github
import pytest
import requests
from fakegithub import (
    CONTRACT_DIR,
    REPLAY_DIR,
    SPEC_PATH,
    ContractViolationError,
    FakeGitHub,
    PullFile,
    shared_contract,
    to_json_schema,
)
from fakegithub.contract import load_replay
from github.GithubException import (
    BadCredentialsException,
    GithubException,
    RateLimitExceededException,
    UnknownObjectException,
)

ISSUES = r"^/repos/[^/]+/[^/]+/issues$"
MARKER = "<!-- cohortkit:checkin cohort=x period=3 -->"


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub("acme", "mentoring") as server:
        server.add_collaborator("mentor-ana", "write")
        server.add_collaborator("mentee-bo", "triage")
        yield server


def fast_retry(total: int = 3) -> github.GithubRetry:
    # backoff_factor=0: retry at once; Retry-After and rate-limit resets still apply.
    return github.GithubRetry(total=total, backoff_factor=0)


def raw_get(fake: FakeGitHub, path: str, token: str | None = "test-token") -> requests.Response:
    headers = {"Authorization": f"token {token}"} if token else {}
    return requests.get(f"{fake.url}{path}", headers=headers, timeout=5)


# --- the contract ---------------------------------------------------------------------


def test_contract_is_the_vendored_copy() -> None:
    assert CONTRACT_DIR.parent.name == "fakegithub"
    assert SPEC_PATH.is_relative_to(CONTRACT_DIR)
    assert (
        "MIT" in (CONTRACT_DIR / "README.md").read_text()
        and "LGPL-3.0-or-later" in (CONTRACT_DIR / "README.md").read_text()
    )
    contract = shared_contract()
    # The vendored 20 operations on 15 paths, plus editing a comment (extensions.json).
    assert len(contract.spec["paths"]) == 16
    assert len(contract.operations) == 21
    vendored = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    assert len(vendored["paths"]) == 15


def test_nullable_becomes_json_schema_null() -> None:
    enum = to_json_schema({"type": "string", "enum": ["completed", "not_planned"], "nullable": True})
    assert enum == {"type": ["string", "null"], "enum": ["completed", "not_planned", None]}
    ref = to_json_schema({"$ref": "#/components/schemas/x", "nullable": True})
    assert ref == {"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/x"}]}
    # Property names are data, not keywords: a property called "example" must survive.
    obj = to_json_schema({"type": "object", "properties": {"example": {"type": "string"}}})
    assert obj["properties"] == {"example": {"type": "string"}}


def test_real_2025_issue_listing_passes_the_contract_check() -> None:
    contract = shared_contract()
    for ex in load_replay(REPLAY_DIR / "Repository.testGetIssuesWithTypeArgument.txt"):
        assert contract.check_response(ex.method, urlsplit(ex.path).path, ex.status, ex.body) == []


def test_2012_replays_differ_from_the_contract_only_by_fields_added_since() -> None:
    contract = shared_contract()
    checked = 0
    for replay in sorted(REPLAY_DIR.glob("*.txt")):
        for ex in load_replay(replay):
            path = urlsplit(ex.path).path
            if contract.find(ex.method, path) is None:
                continue  # e.g. GET milestones/{n}: outside the 20 operations
            errors = contract.check_response(ex.method, path, ex.status, ex.body, ignore_missing=True)
            assert errors == [], f"{replay.name}: {ex.method} {ex.path}"
            checked += 1
    assert checked >= 10


def _recorded_issue_keys() -> set[str]:
    exchanges = load_replay(REPLAY_DIR / "Repository.testGetIssuesWithTypeArgument.txt")
    issues = [issue for ex in exchanges for issue in ex.body]
    # parent_issue_url appears only on sub-issues, so only keys every issue has count.
    return set.intersection(*(set(i) for i in issues))


def test_fake_issue_has_the_keys_of_a_real_2025_issue(fake: FakeGitHub) -> None:
    fake.add_issue("A check-in", "body", by="mentee-bo")
    recorded = _recorded_issue_keys()
    # `type` is left out on purpose: the fake has no issue types, GitHub sends "type": null
    # for untyped issues, and the contract's issue-type is not nullable, so omitting the
    # key is the only contract-valid rendering. PyGithub reads it as NotSet/None either way.
    expected = recorded - {"type"}
    response = raw_get(fake, "/repos/acme/mentoring/issues/1")
    assert set(response.json()) == expected
    recorded_user = load_replay(REPLAY_DIR / "Repository.testGetIssuesWithTypeArgument.txt")[0].body[0][
        "user"
    ]
    assert set(response.json()["user"]) == set(recorded_user)


def test_a_wrong_response_fails_the_test() -> None:
    def drop_number(body: Any) -> Any:
        del body["number"]
        return body

    expected = "'number' is a required property"
    # The fake is the inner context: it raises on exit, after the client got the bad body.
    with pytest.raises(ContractViolationError, match=expected) as caught, FakeGitHub() as fake:
        fake.faults.add("tamper", method="POST", path=ISSUES, transform=drop_number)
        fake.github().get_repo("acme/mentoring").create_issue("x")
    assert caught.value.violations[0].where == "response 201"


def test_a_wrong_request_body_is_recorded() -> None:
    with FakeGitHub(strict_contract=False) as fake:
        response = requests.post(
            f"{fake.url}/repos/acme/mentoring/issues",
            json={"title": "t", "labels": "checkin"},  # labels must be an array
            headers={"Authorization": "Bearer x"},
            timeout=5,
        )
        assert response.status_code == 201  # GitHub would be lenient too; the contract is not
    assert [v.where for v in fake.contract_violations] == ["request body"]


def test_an_endpoint_outside_the_contract_is_a_violation(fake: FakeGitHub) -> None:
    fake.strict_contract = False
    repo = fake.github().get_repo("acme/mentoring")
    with pytest.raises(UnknownObjectException):
        repo.get_label("checkin")  # GET labels/{name} is not one of the 20 operations
    assert [v.where for v in fake.contract_violations] == ["route"]
    body = raw_get(fake, "/nowhere").json()
    assert body["message"] == "Not Found" and body["documentation_url"].startswith("https://docs.github.com")


# --- authentication, headers, users, rate limit ---------------------------------------


def test_requests_without_a_token_get_401(fake: FakeGitHub) -> None:
    anonymous = github.Github(base_url=fake.url, retry=None, seconds_between_requests=0)
    with pytest.raises(GithubException) as caught:
        anonymous.get_repo("acme/mentoring")
    assert caught.value.status == 401
    assert caught.value.data["message"] == "Requires authentication"
    fake.add_token("good", "cohortkit-bot")
    with pytest.raises(BadCredentialsException):
        fake.github("stale").get_repo("acme/mentoring")
    assert fake.github("good").get_repo("acme/mentoring").full_name == "acme/mentoring"


def test_every_response_carries_rate_limit_headers(fake: FakeGitHub) -> None:
    for path, resource in [
        ("/repos/acme/mentoring", "core"),
        ("/search/issues?q=x", "search"),
        ("/nope", "core"),
    ]:
        response = raw_get(fake, path)
        assert response.headers["content-type"].startswith("application/json")
        for name in ("limit", "remaining", "reset", "used"):
            assert response.headers[f"x-ratelimit-{name}"].isdigit()
        assert response.headers["x-ratelimit-resource"] == resource
    fake.strict_contract = False  # /nope is outside the contract


def test_users_and_rate_limit(fake: FakeGitHub) -> None:
    gh = fake.github()
    assert gh.get_user("mentor-ana").login == "mentor-ana"
    with pytest.raises(UnknownObjectException):
        gh.get_user("nobody-at-all")
    limits = gh.get_rate_limit()
    # GitHub's budgets for GITHUB_TOKEN in Actions; /rate_limit itself is not counted.
    assert limits.resources.core.limit == 1000 and limits.resources.search.limit == 30
    assert limits.resources.core.remaining == 998


def test_collaborator_permission(fake: FakeGitHub) -> None:
    fake.add_collaborator("lead", "maintain")
    fake.add_user("stranger")
    repo = fake.github().get_repo("acme/mentoring")
    assert repo.get_collaborator_permission("mentor-ana") == "write"
    assert repo.get_collaborator_permission("lead") == "write"  # legacy name of maintain
    assert repo.get_collaborator_permission("mentee-bo") == "read"  # legacy name of triage
    # On a public repository a non-collaborator still "has" read permission.
    assert repo.get_collaborator_permission("stranger") == "read"
    with pytest.raises(UnknownObjectException):
        repo.get_collaborator_permission("ghost")


# --- issues ---------------------------------------------------------------------------


def test_create_issue_with_labels_and_assignees_in_one_call(fake: FakeGitHub) -> None:
    fake.add_label("checkin", "0e8a16", "Periodic check-in")
    repo = fake.github().get_repo("acme/mentoring")
    fake.reset_log()
    issue = repo.create_issue(
        "Check-in: period 3",
        body=f"How is it going?\n{MARKER}",
        labels=["CheckIn", "cohort-x"],
        assignees=["mentor-ana", "mentee-bo"],
    )
    assert fake.requests == [("POST", "/repos/acme/mentoring/issues", 201)]
    assert [lbl.name for lbl in issue.labels] == ["checkin", "cohort-x"]  # matched case-insensitively
    assert [a.login for a in issue.assignees] == ["mentor-ana", "mentee-bo"]  # triage can be assigned
    assert issue.user.login == "cohortkit-bot" and issue.state == "open" and issue.body.endswith(MARKER)
    new_label = next(lbl for lbl in fake.labels() if lbl["name"] == "cohort-x")
    assert new_label["color"] == "ededed"


def test_an_unassignable_assignee_can_be_dropped_silently_as_the_fake_once_did() -> None:
    # GitHub answers 422 (tests/test_fakegithub_limits.py); reject_unassignable=False is
    # the fake's older, more lenient behaviour, for tests written against it.
    with FakeGitHub(reject_unassignable=False) as fake:
        fake.add_collaborator("mentor-ana", "write")
        issue = (
            fake.github()
            .get_repo("acme/mentoring")
            .create_issue("x", assignees=["mentor-ana", "not-a-collaborator"])
        )
        assert [a.login for a in issue.assignees] == ["mentor-ana"]


def test_list_issues_by_labels_is_an_and(fake: FakeGitHub) -> None:
    both = fake.add_issue("both", labels=["checkin", "cohort-x"])
    fake.add_issue("only checkin", labels=["checkin"])
    fake.add_issue("only cohort", labels=["cohort-x"])
    closed = fake.add_issue("closed both", labels=["checkin", "cohort-x"])
    fake.close_issue(closed)
    repo = fake.github().get_repo("acme/mentoring")
    assert [i.number for i in repo.get_issues(labels=["checkin", "cohort-x"])] == [both]
    assert [i.number for i in repo.get_issues(state="all", labels=["checkin", "cohort-x"])] == [closed, both]
    assert [i.number for i in repo.get_issues(state="closed")] == [closed]


def test_pagination_over_250_issues_takes_three_requests(fake: FakeGitHub) -> None:
    for n in range(250):
        fake.add_issue(f"issue {n}", labels=["checkin"])
    repo = fake.github(per_page=100).get_repo("acme/mentoring")
    fake.reset_log()
    numbers = [i.number for i in repo.get_issues(labels=["checkin"], direction="asc")]
    assert numbers == list(range(1, 251))
    assert len(fake.requests_to("GET", "/repos/acme/mentoring/issues")) == 3
    assert len(fake.requests) == 3


def test_link_header_names_every_neighbour(fake: FakeGitHub) -> None:
    for n in range(5):
        fake.add_issue(f"issue {n}")
    links = raw_get(fake, "/repos/acme/mentoring/issues?per_page=2&page=2").headers["link"]
    rels = {part.split("; ")[1]: part.split("; ")[0] for part in links.split(", ")}
    assert set(rels) == {'rel="prev"', 'rel="next"', 'rel="last"', 'rel="first"'}
    assert rels['rel="last"'] == f"<{fake.url}/repos/acme/mentoring/issues?per_page=2&page=3>"
    assert "link" not in raw_get(fake, "/repos/acme/mentoring/issues").headers


def test_edit_body_state_and_state_reason(fake: FakeGitHub) -> None:
    number = fake.add_issue("Check-in", "old body", by="mentee-bo")
    issue = fake.github().get_repo("acme/mentoring").get_issue(number)
    issue.edit(body="new body", state="closed", state_reason="not_planned")
    assert (issue.body, issue.state, issue.state_reason) == ("new body", "closed", "not_planned")
    assert issue.closed_by.login == "cohortkit-bot" and issue.closed_at is not None
    issue.edit(state_reason="completed")  # ignored: the state does not change
    assert fake.issue(number)["state_reason"] == "not_planned"
    issue.edit(state="open")
    assert (issue.state, issue.state_reason, issue.closed_at) == ("open", "reopened", None)
    issue.edit(labels=["a", "b"], assignees=["mentor-ana"])
    assert [lbl["name"] for lbl in fake.issue(number)["labels"]] == ["a", "b"]


def test_human_actions_are_visible_to_the_client(fake: FakeGitHub) -> None:
    number = fake.add_issue("Check-in", by="mentee-bo")
    fake.add_comment(number, "All good!", by="mentee-bo")
    fake.close_issue(number, by="mentee-bo", reason="completed")
    issue = fake.github().get_repo("acme/mentoring").get_issue(number)
    assert issue.state == "closed" and issue.closed_by.login == "mentee-bo" and issue.comments == 1


# --- comments and labels --------------------------------------------------------------


def test_comments_create_and_list(fake: FakeGitHub) -> None:
    number = fake.add_issue("Check-in")
    fake.add_comment(number, "first, by a human", by="mentee-bo")
    issue = fake.github(per_page=2).get_repo("acme/mentoring").get_issue(number)
    for n in range(3):
        issue.create_comment(f"reminder {n}")
    bodies = [c.body for c in issue.get_comments()]
    assert bodies == ["first, by a human", "reminder 0", "reminder 1", "reminder 2"]
    assert [c["user"]["login"] for c in fake.comments(number)][-1] == "cohortkit-bot"
    assert fake.issue(number)["comments"] == 4
    with pytest.raises(GithubException) as caught:
        issue.create_comment("   ")
    assert caught.value.status == 422


def test_repository_labels_create_edit_and_conflict(fake: FakeGitHub) -> None:
    repo = fake.github().get_repo("acme/mentoring")
    label = repo.create_label("needs review", "d93f0b", "Waiting for a mentor")
    with pytest.raises(GithubException) as caught:
        repo.create_label("Needs Review", "000000")  # names are unique case-insensitively
    assert caught.value.status == 422
    assert caught.value.data["errors"][0]["code"] == "already_exists"
    number = fake.add_issue("x", labels=["needs review"])
    label.edit("needs-review", "ffffff", "renamed")  # PATCHes the label's own URL (form-encoded)
    assert [(lbl.name, lbl.color) for lbl in repo.get_labels()] == [("needs-review", "ffffff")]
    assert fake.issue(number)["labels"][0]["name"] == "needs-review"  # issues follow the rename


def test_issue_labels_add_set_remove(fake: FakeGitHub) -> None:
    number = fake.add_issue("x", labels=["checkin"])
    issue = fake.github().get_repo("acme/mentoring").get_issue(number)
    issue.add_to_labels("late")
    assert [lbl["name"] for lbl in fake.issue(number)["labels"]] == ["checkin", "late"]
    issue.remove_from_labels("checkin")
    with pytest.raises(GithubException) as caught:
        issue.remove_from_labels("checkin")
    assert caught.value.status == 404
    issue.set_labels("done", "period 3")
    assert [lbl["name"] for lbl in fake.issue(number)["labels"]] == ["done", "period 3"]
    issue.set_labels()  # [] clears: allowed by the operation's text despite minItems 1
    assert fake.issue(number)["labels"] == []


# --- search ---------------------------------------------------------------------------


def test_search_by_hidden_marker_in_body(fake: FakeGitHub) -> None:
    wanted = fake.add_issue("Check-in", f"Hello\n{MARKER}", labels=["checkin"])
    fake.add_issue("Other period", "<!-- cohortkit:checkin cohort=x period=4 -->", labels=["checkin"])
    closed = fake.add_issue("Old", MARKER, labels=["checkin"])
    fake.close_issue(closed)
    gh = fake.github()
    phrase = MARKER.removeprefix("<!-- ").removesuffix(" -->")
    query = f'"{phrase}" in:body repo:acme/mentoring is:issue is:open label:"checkin"'
    found = gh.search_issues(query)
    assert [i.number for i in found] == [wanted] and found.totalCount == 1
    # GitHub's search ignores punctuation, and so does the fake: a client must re-check
    # the exact marker in each result's body before trusting it.
    fake.add_issue("Look-alike", "cohortkit checkin cohort x period 3")
    assert len(list(gh.search_issues(query.replace(' label:"checkin"', "")))) == 2


def test_search_can_lag_behind_writes(fake: FakeGitHub) -> None:
    gh = fake.github()
    fake.freeze_search_index()
    gh.get_repo("acme/mentoring").create_issue("Check-in", body=MARKER)
    assert list(gh.search_issues(f'"{MARKER}" in:body is:issue')) == []
    fake.thaw_search_index()
    assert len(list(gh.search_issues(f'"{MARKER}" in:body is:issue'))) == 1


def test_search_excludes_pull_requests_with_is_issue(fake: FakeGitHub) -> None:
    fake.add_issue("checkin issue")
    fake.add_pull_request("checkin pr")
    gh = fake.github()
    assert [i.title for i in gh.search_issues("checkin is:issue")] == ["checkin issue"]
    assert len(list(gh.search_issues("checkin"))) == 2


# --- pull requests --------------------------------------------------------------------


def test_pull_request_files_and_reviewers(fake: FakeGitHub) -> None:
    files = ["people/bo.yaml", PullFile("docs/a.md", status="added", additions=10)]
    number = fake.add_pull_request("Add Bo", by="mentee-bo", files=files)
    repo = fake.github(per_page=1).get_repo("acme/mentoring")
    pull = repo.get_pull(number)
    assert pull.changed_files == 2 and pull.user.login == "mentee-bo"
    assert [f.filename for f in pull.get_files()] == ["people/bo.yaml", "docs/a.md"]
    pull.create_review_request(reviewers=["mentor-ana"])
    assert [r["login"] for r in fake.pull_request(number)["requested_reviewers"]] == ["mentor-ana"]
    with pytest.raises(GithubException) as caught:
        pull.create_review_request(reviewers=["outsider"])
    assert caught.value.status == 422
    # Pull requests are issues too, and GET /issues lists them: clients must skip them.
    listed = list(repo.get_issues())
    assert [i.pull_request is not None for i in listed] == [True]


# --- faults, seen from the client -----------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried_by_github_retry(fake: FakeGitHub, status: int) -> None:
    fake.faults.add(status, method="POST", path=ISSUES)
    repo = fake.github(retry=fast_retry()).get_repo("acme/mentoring")
    assert repo.create_issue("x").number == 1
    assert [r.status for r in fake.requests_to("POST", "/repos/acme/mentoring/issues")] == [status, 201]
    fake.faults.add(status, method="POST", path=ISSUES)
    with pytest.raises(GithubException) as caught:
        fake.github().get_repo("acme/mentoring").create_issue("y")  # retry=None
    assert caught.value.status == status
    assert len(fake.issues()) == 1


def test_persistent_server_errors_exhaust_retries_as_requests_retry_error(fake: FakeGitHub) -> None:
    fault = fake.faults.add(502, method="GET", path=r"/issues$", times=10)
    repo = fake.github(retry=fast_retry(total=2)).get_repo("acme/mentoring")
    with pytest.raises(requests.exceptions.RetryError):
        list(repo.get_issues())
    assert fault.hits == 3  # the first try and two retries, then urllib3 gives up


def test_secondary_rate_limit_waits_for_retry_after(fake: FakeGitHub) -> None:
    fake.faults.add("secondary-rate-limit", method="POST", path=ISSUES)
    repo = fake.github(retry=fast_retry()).get_repo("acme/mentoring")
    started = time.monotonic()
    repo.create_issue("x")
    assert time.monotonic() - started >= 1.0  # Retry-After: 1
    fake.faults.add("secondary-rate-limit", method="POST", path=ISSUES)
    with pytest.raises(RateLimitExceededException) as caught:
        fake.github().get_repo("acme/mentoring").create_issue("y")
    assert caught.value.headers["retry-after"] == "1"


def test_patch_is_never_retried(fake: FakeGitHub) -> None:
    number = fake.add_issue("x")
    issue = fake.github(retry=fast_retry()).get_repo("acme/mentoring").get_issue(number)
    fake.faults.add("secondary-rate-limit", method="PATCH", path=r"/issues/\d+$")
    with pytest.raises(RateLimitExceededException):
        issue.edit(state="closed")
    fake.faults.add(503, method="PATCH", path=r"/issues/\d+$")
    with pytest.raises(GithubException):
        issue.edit(state="closed")
    assert fake.issue(number)["state"] == "open"


def test_primary_rate_limit_waits_until_reset(fake: FakeGitHub) -> None:
    fake.faults.add("primary-rate-limit", method="GET", path=r"^/repos/[^/]+/[^/]+$")
    with pytest.raises(RateLimitExceededException) as caught:
        fake.github().get_repo("acme/mentoring")
    assert caught.value.headers["x-ratelimit-remaining"] == "0"
    assert 0 < int(caught.value.headers["x-ratelimit-reset"]) - time.time() <= 2
    fake.faults.add("primary-rate-limit", method="GET", path=r"^/repos/[^/]+/[^/]+$")
    started = time.monotonic()
    fake.github(retry=fast_retry()).get_repo("acme/mentoring")
    assert 1.0 <= time.monotonic() - started < 3.5  # reset - now + 1 s, as GithubRetry computes


def test_429_with_retry_after(fake: FakeGitHub) -> None:
    fake.faults.add(429, method="POST", path=ISSUES)
    with pytest.raises(GithubException) as caught:
        fake.github().get_repo("acme/mentoring").create_issue("x")
    assert caught.value.status == 429 and caught.value.headers["retry-after"] == "1"
    fake.faults.add(429, method="POST", path=ISSUES)
    assert fake.github(retry=fast_retry()).get_repo("acme/mentoring").create_issue("y").number == 1


def test_drop_after_commit_creates_the_issue_but_the_client_sees_an_error(fake: FakeGitHub) -> None:
    fake.faults.add("drop-after-commit", method="POST", path=ISSUES)
    repo = fake.github().get_repo("acme/mentoring")
    with pytest.raises(requests.exceptions.ConnectionError):
        repo.create_issue("Check-in", body=MARKER)
    assert [i["title"] for i in fake.issues()] == ["Check-in"]
    assert fake.requests[-1] == ("POST", "/repos/acme/mentoring/issues", 0)


def test_drop_after_commit_with_github_retry_duplicates_the_issue(fake: FakeGitHub) -> None:
    # GithubRetry allows POST retries and urllib3 retries a dropped connection, so the
    # client sees one success while GitHub holds two issues: writes need a dedupe marker.
    fake.faults.add("drop-after-commit", method="POST", path=ISSUES)
    issue = fake.github(retry=fast_retry()).get_repo("acme/mentoring").create_issue("Check-in")
    assert issue.number == 2
    assert [i["number"] for i in fake.issues()] == [1, 2]


def test_slow_response_times_out_after_the_write(fake: FakeGitHub) -> None:
    fake.faults.add("slow", method="POST", path=ISSUES, delay=1.5)
    repo = fake.github(timeout=1).get_repo("acme/mentoring")
    with pytest.raises(requests.exceptions.ReadTimeout):
        repo.create_issue("x")
    assert len(fake.issues()) == 1


def test_faults_stop_after_times(fake: FakeGitHub) -> None:
    fault = fake.faults.add(500, path=ISSUES, times=2)
    statuses = [raw_get(fake, "/repos/acme/mentoring/issues").status_code for _ in range(3)]
    assert statuses == [500, 500, 200] and fault.exhausted and fake.faults.pending() == []


# --- concurrency ----------------------------------------------------------------------


def test_two_clients_creating_at_once_get_distinct_numbers(fake: FakeGitHub) -> None:
    numbers: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(2)

    def create(who: str) -> None:
        repo = fake.github().get_repo("acme/mentoring")
        start.wait()
        for n in range(10):
            number = repo.create_issue(f"{who} {n}").number
            with lock:
                numbers.append(number)

    threads = [threading.Thread(target=create, args=(who,)) for who in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(numbers) == list(range(1, 21))
    assert sorted(i["number"] for i in fake.issues()) == list(range(1, 21))


def test_json_bodies_are_utf8_json(fake: FakeGitHub) -> None:
    number = fake.add_issue("Café ☕", "naïve")
    data = json.loads(raw_get(fake, f"/repos/acme/mentoring/issues/{number}").content.decode("utf-8"))
    assert data["title"] == "Café ☕"
