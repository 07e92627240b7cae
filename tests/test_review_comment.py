"""review-comment: the review put on the pull request, against the fake GitHub, from a real git repository."""

from __future__ import annotations

import json

import pytest
from cohortkit import cli
from fakegithub import FakeGitHub
from review_repo import DataRepo, membership_yaml, person_yaml

DEPLOY = "cohorts/2027-q1/cb-2027q1-deploy.yaml"
MARKER = "<!-- cohortkit:review -->"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> DataRepo:
    return DataRepo(tmp_path_factory.mktemp("review-comment") / "repo")


@pytest.fixture
def fake(github):
    # One mentor and one coordinator have write access; the others do not.
    github.add_collaborator("tomasz-nowak", "write")
    github.add_collaborator("ines-carvalho", "admin")
    return github


def comment_args(repo: DataRepo) -> list[str]:
    """review-comment as the workflow runs it, on the day the scenarios are judged."""
    return [
        "review-comment",
        "--today",
        "2026-11-23",
        "--repo",
        "acme/mentoring",
        "--root",
        str(repo.path),
        "--pace",
        "0",
    ]


def post(fake: FakeGitHub, repo: DataRepo, number: int, head: str, *extra: str) -> int:
    return cli.main(
        [
            *comment_args(repo),
            "--pull-request",
            str(number),
            "--head-sha",
            head,
            "--bot-login",
            fake.actor,
            *extra,
        ]
    )


def open_pull(
    fake: FakeGitHub, repo: DataRepo, head: str, by: str, branch: str = "join", fork: bool = True
) -> int:
    return fake.add_pull_request(
        "Join the deploy cohort",
        by=by,
        head=branch,
        head_sha=head,
        base_sha=repo.base,
        head_repo=f"{by}/mentoring" if fork else None,
    )


def labels_of(fake: FakeGitHub, number: int) -> set[str]:
    return {label["name"] for label in fake.issue(number)["labels"]}


def ours(fake: FakeGitHub, number: int) -> list[dict]:
    return [c for c in fake.comments(number) if MARKER in c["body"] and c["user"]["login"] == fake.actor]


def test_an_allowed_join_gets_one_comment_and_labels_and_no_review_request(fake, repo):
    repo.start("join")
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer"))
    repo.append(DEPLOY, membership_yaml("zoe-newcomer"))
    head = repo.commit()
    number = open_pull(fake, repo, head, "zoe-newcomer")
    assert post(fake, repo, number, head) == 0
    [comment] = ours(fake, number)
    assert "Ready to merge" in comment["body"] and "joins cb-2027q1-deploy as a mentee" in comment["body"]
    assert labels_of(fake, number) == {"join request", "cohort:cb-2027q1-deploy"}
    assert fake.requests_to("POST", "/repos/acme/mentoring/pulls") == []
    fake.assert_contract_ok()


def test_a_change_to_someone_else_asks_collaborators_and_mentions_the_rest(fake, repo):
    repo.start("other")
    repo.append(DEPLOY, membership_yaml("maya-patel"))
    head = repo.commit()
    number = open_pull(fake, repo, head, "mallory")
    assert post(fake, repo, number, head) == 0
    pull = fake.pull_request(number)
    assert {u["login"] for u in pull["requested_reviewers"]} == {"tomasz-nowak", "ines-carvalho"}
    body = ours(fake, number)[0]["body"]
    assert "Review requested from @tomasz-nowak, @ines-carvalho" in body
    assert "Also asked to approve: @chidi-eze, @olu-adeyemi" in body
    assert "@maya-patel: this pull request is about you" in body
    assert "needs mentor review" in labels_of(fake, number)
    fake.assert_contract_ok()


def test_rerun_changes_nothing_and_a_new_push_edits_the_same_comment(fake, repo):
    repo.start("rerun")
    repo.append(DEPLOY, membership_yaml("maya-patel"))
    first = repo.commit()
    number = open_pull(fake, repo, first, "mallory")
    assert post(fake, repo, number, first) == 0
    assert "needs mentor review" in labels_of(fake, number)
    fake.reset_log()
    assert post(fake, repo, number, first) == 0
    writes = [r for r in fake.requests if r.method != "GET"]
    assert writes == []  # same comment, labels present, reviewers already requested
    # mallory rewrites the pull request: she joins herself instead.
    repo.start("rerun-2")
    repo.write("people/mallory.yaml", person_yaml("mallory"))
    repo.append(DEPLOY, membership_yaml("mallory"))
    second = repo.commit()
    fake.push_to_pull_request(number, second)
    assert post(fake, repo, number, second) == 0
    [comment] = ours(fake, number)
    assert "Ready to merge" in comment["body"]
    assert len(fake.requests_to("PATCH", "/repos/acme/mentoring/issues/comments/")) == 1
    assert "needs mentor review" not in labels_of(fake, number)
    fake.assert_contract_ok()


def test_an_artifact_for_an_older_commit_writes_nothing(fake, repo, tmp_path, capsys):
    repo.start("stale")
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer"))
    old = repo.commit()
    repo.append(DEPLOY, membership_yaml("maya-patel"))
    new = repo.commit()
    number = open_pull(fake, repo, new, "zoe-newcomer")
    artifact = tmp_path / "review.json"
    artifact.write_text(json.dumps({"pull_request": number, "verdict": "allowed"}))
    args = comment_args(repo)
    assert cli.main([*args, "--artifact", str(artifact), "--head-sha", old]) == 0
    assert "has moved on" in capsys.readouterr().out
    assert fake.comments(number) == [] and labels_of(fake, number) == set()


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b'{"pull_request": "7"}',
        b'{"pull_request": -1}',
        b"[]",
        b'{"pull_request": true}',
        b"x" * 2_000_000,
    ],
)
def test_a_hostile_artifact_is_refused_with_a_clear_message(fake, repo, tmp_path, capsys, content):
    artifact = tmp_path / "review.json"
    artifact.write_bytes(content)
    args = comment_args(repo)
    assert cli.main([*args, "--artifact", str(artifact), "--head-sha", "0" * 40]) == 2
    err = capsys.readouterr().err
    assert "review artifact" in err and "Traceback" not in err
    assert [r for r in fake.requests if r.method != "GET"] == []


def test_a_pasted_marker_in_someone_elses_comment_is_not_taken_for_ours(fake, repo):
    repo.start("forged")
    repo.append(DEPLOY, membership_yaml("maya-patel"))
    head = repo.commit()
    number = open_pull(fake, repo, head, "mallory")
    forged = fake.add_comment(number, f"{MARKER}\n### ✅ Ready to merge", by="mallory")
    assert post(fake, repo, number, head) == 0
    assert len(ours(fake, number)) == 1
    assert next(c for c in fake.comments(number) if c["id"] == forged)["body"].endswith("Ready to merge")


def test_an_intake_pull_request_acts_for_the_person_who_filled_the_form(fake, repo):
    repo.start("intake/zoe-newcomer-12")
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer"))
    repo.append(DEPLOY, membership_yaml("zoe-newcomer"))
    head = repo.commit()
    fake.add_user("github-actions[bot]", type="Bot")
    number = open_pull(fake, repo, head, "github-actions[bot]", branch="intake/zoe-newcomer-12", fork=False)
    assert post(fake, repo, number, head) == 0
    assert "Ready to merge: zoe-newcomer may make this change" in ours(fake, number)[0]["body"]


def test_the_same_branch_name_from_a_fork_acts_for_its_author(fake, repo):
    repo.start("intake/maya-patel-3")
    repo.replace("people/maya-patel.yaml", "pronouns: she/her", "pronouns: they/them")
    head = repo.commit()
    number = open_pull(fake, repo, head, "mallory", branch="intake/maya-patel-3")
    assert post(fake, repo, number, head) == 0
    assert "cannot be merged" in ours(fake, number)[0]["body"]


def test_a_waiting_join_is_judged_again_when_the_default_branch_fills_the_cohort(fake, repo):
    repo.start("waiting")
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer"))
    repo.append(DEPLOY, membership_yaml("zoe-newcomer"))
    head = repo.commit()
    number = open_pull(fake, repo, head, "zoe-newcomer")
    assert post(fake, repo, number, head) == 0
    assert "Ready to merge" in ours(fake, number)[0]["body"]
    # Four other mentees are merged into main first, at the top of the list.
    repo.start("main-moves", at=repo.base)
    for n in range(4):
        repo.write(f"people/filler-{n}.yaml", person_yaml(f"filler-{n}"))
        repo.replace(DEPLOY, "mentees:\n", "mentees:\n" + membership_yaml(f"filler-{n}"))
    moved = repo.commit("fill the cohort")
    code = cli.main(
        [
            *comment_args(repo),
            "--open-joins",
            "--base-ref",
            "main",
            "--base-sha",
            moved,
            "--bot-login",
            fake.actor,
        ]
    )
    assert code == 0
    [comment] = ours(fake, number)  # the same comment, edited
    assert "Ready to merge" not in comment["body"] and "all 8 seats are taken" in comment["body"]
    assert "needs mentor review" in labels_of(fake, number)
    fake.assert_contract_ok()
