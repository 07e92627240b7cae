"""The whole join path against the fake GitHub and a real git repository.

Each step runs the command its workflow runs, in the order GitHub would run them:
intake.yml (form to branch), review.yml (review-pr, the artifact),
review-comment.yml (comment, labels, review requests), the merge, welcome.yml.
The steps the workflows leave to git and the `gh` CLI (push, open, merge) are
done here with git and the fake's arrange methods.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cohortkit import cli
from fakegithub import FakeGitHub
from issue_forms import outputs_of, render
from review_repo import DataRepo, membership_yaml
from test_intake import GOOD, OPEN_COHORT, TODAY

REPOSITORY = "acme/mentoring"
BOT = "github-actions[bot]"


@pytest.fixture
def fake(github):
    github.add_user(BOT, type="Bot")
    # Some mentors and coordinators have write access, as in a real program; others do not.
    for login, role in (("paula-gomez", "write"), ("priya-raman", "admin"), ("tomasz-nowak", "write")):
        github.add_collaborator(login, role)
    return github


def run(*args: str) -> int:
    return cli.main([*args[:1], "--repo", REPOSITORY, "--pace", "0", *args[1:]])


def review_job(repo: DataRepo, number: int, head: str, author: str, tmp_path: Path) -> Path:
    """review.yml: the verdict as JSON, uploaded as the artifact."""
    artifact = tmp_path / f"review-{number}.json"
    args = [
        "--today",
        "2026-11-23",
        "--root",
        str(repo.path),
        "--base",
        repo.base,
        "--head",
        head,
        "--author",
        author,
    ]
    with pytest.MonkeyPatch.context() as patch, artifact.open("w") as out:
        patch.setattr("sys.stdout", out)
        code = cli.main(["review-pr", *args, "--pull-request", str(number), "--format", "json"])
    assert code in (0, 1)
    return artifact


def comment_job(fake: FakeGitHub, repo: DataRepo, artifact: Path, head: str) -> None:
    """review-comment.yml: trusted code, the artifact only for its number."""
    assert (
        run(
            "review-comment",
            "--today",
            "2026-11-23",
            "--root",
            str(repo.path),
            "--artifact",
            str(artifact),
            "--head-sha",
            head,
            "--bot-login",
            fake.actor,
        )
        == 0
    )


def merge(repo: DataRepo, branch: str) -> tuple[str, str]:
    before = repo.git("rev-parse", "main")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", branch, "-m", f"Merge {branch}")
    return before, repo.git("rev-parse", "HEAD")


def welcome_job(repo: DataRepo, before: str, after: str) -> int:
    return run(
        "welcome",
        "--root",
        str(repo.path),
        "--before",
        before,
        "--after",
        after,
        "--today",
        TODAY.isoformat(),
    )


def welcomes(fake: FakeGitHub) -> list[dict]:
    return [i for i in fake.issues() if any(label["name"] == "welcome" for label in i["labels"])]


def test_form_to_pull_request_to_comment_to_merge_to_welcome(fake, tmp_path):
    repo = DataRepo(tmp_path / "repo")
    # 1. rosa-q, who has never written YAML, fills the mentee form.
    issue = fake.add_issue("Sign-up: mentee", render(GOOD), by="rosa-q", labels=["intake"])
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps({"action": "opened", "issue": fake.issue(issue), "repository": {"full_name": REPOSITORY}})
    )
    output = tmp_path / "github-output.txt"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GITHUB_OUTPUT", str(output))
        code = run(
            "intake",
            "--event",
            str(event),
            "--root",
            str(repo.path),
            "--today",
            TODAY.isoformat(),
            "--bot-login",
            fake.actor,
        )
    assert code == 0
    handed = outputs_of(output)
    # 2. The workflow pushes the branch and opens the pull request (git and gh).
    repo.git("checkout", "-q", "-b", handed["branch"])
    head = repo.commit(handed["title"])
    number = fake.add_pull_request(
        handed["title"], handed["body"], by=BOT, head=handed["branch"], head_sha=head, base_sha=repo.base
    )
    # 3. review.yml, then review-comment.yml.
    artifact = review_job(repo, number, head, BOT, tmp_path)
    assert json.loads(artifact.read_text())["pull_request"] == number
    comment_job(fake, repo, artifact, head)
    [comment] = fake.comments(number)
    assert "Ready to merge: rosa-q may make this change themselves" in comment["body"]
    assert f"joins {OPEN_COHORT} as a mentee" in comment["body"]
    assert {label["name"] for label in fake.issue(number)["labels"]} == {
        "join request",
        f"cohort:{OPEN_COHORT}",
    }
    # 4. A maintainer merges; 5. welcome.yml introduces rosa-q to the mentors.
    fake.merge_pull_request(number)
    before, after = merge(repo, handed["branch"])
    assert cli.main(["validate", "--root", str(repo.path)]) == 0
    assert welcome_job(repo, before, after) == 0
    [intro] = welcomes(fake)
    assert "@rosa-q" in intro["body"] and "@paula-gomez" in intro["body"] and "@daniel-kim" in intro["body"]
    assert welcome_job(repo, before, after) == 0
    assert len(welcomes(fake)) == 1  # idempotent
    fake.assert_contract_ok()


def test_a_fork_adding_someone_else_gets_mentors_asked_then_a_welcome_after_merge(fake, tmp_path):
    repo = DataRepo(tmp_path / "repo")
    deploy = "cohorts/2027-q1/cb-2027q1-deploy.yaml"
    # lena-hoffmann, from her fork, adds her colleague maya-patel to the deploy cohort.
    repo.start("add-maya")
    repo.append(deploy, membership_yaml("maya-patel"))
    head = repo.commit("Add Maya to the deploy cohort")
    number = fake.add_pull_request(
        "Add Maya",
        by="lena-hoffmann",
        head="add-maya",
        head_sha=head,
        base_sha=repo.base,
        head_repo="lena-hoffmann/mentoring",
    )
    comment_job(fake, repo, review_job(repo, number, head, "lena-hoffmann", tmp_path), head)
    pull = fake.pull_request(number)
    assert [u["login"] for u in pull["requested_reviewers"]] == ["tomasz-nowak"]  # the mentor who can review
    body = fake.comments(number)[0]["body"]
    assert "This change needs a review" in body and "@chidi-eze" in body and "@maya-patel" in body
    assert "needs mentor review" in {label["name"] for label in fake.issue(number)["labels"]}
    # The mentor approves (on GitHub) and merges; maya-patel is welcomed.
    fake.merge_pull_request(number, by="tomasz-nowak")
    before, after = merge(repo, "add-maya")
    assert welcome_job(repo, before, after) == 0
    [intro] = welcomes(fake)
    assert "@maya-patel" in intro["body"] and "@tomasz-nowak" in intro["body"]
    fake.assert_contract_ok()
