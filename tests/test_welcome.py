"""Welcome on merge: planning from two git revisions, sending against the fake GitHub, the command."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from cohortkit import cli
from cohortkit.data.gitdata import Git
from cohortkit.github.client import RepoClient
from cohortkit.github.settings import ClientSettings
from cohortkit.github.writers import GitHubWriter, PlanWriter
from cohortkit.join.review.run import load_revisions
from cohortkit.join.welcome import WelcomePlan, plan_welcomes, send_welcomes
from fakegithub import FakeGitHub
from review_repo import REPO_ROOT, DataRepo, membership_yaml, person_yaml

TODAY = date(2026, 11, 23)
DEPLOY = "cohorts/2027-q1/cb-2027q1-deploy.yaml"  # forming; meets Wednesdays 07:00 UTC from 2027-01-11
DEPLOY_ID = "cb-2027q1-deploy"
SPRING_DEPLOY = "cohorts/2026-q2/cb-2026q2-deploy.yaml"  # completed
EAST_AFRICA = "cohorts/2026-h2/reps-2026h2-east-africa.yaml"  # active; amina-diallo withdrew
ISSUES = r"^/repos/acme/mentoring/issues$"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> DataRepo:
    return DataRepo(tmp_path_factory.mktemp("welcome") / "repo")


def plan(repo: DataRepo, base: str | None = None, head: str = "HEAD", site: str = "") -> WelcomePlan:
    git = Git(repo.path)
    before, after, _ = load_revisions(
        git, git.resolve(base or repo.base), git.resolve(head), REPO_ROOT / "schemas"
    )
    return plan_welcomes(before.model, after.model, TODAY, site)


def newcomer(
    repo: DataRepo, login: str = "zoe-newcomer", zone: str = "Pacific/Honolulu", **extra: str
) -> None:
    repo.write(f"people/{login}.yaml", person_yaml(login, **extra).replace("Europe/Lisbon", zone))
    repo.append(DEPLOY, membership_yaml(login))


def new_mentor(repo: DataRepo, login: str = "max-mentor") -> None:
    repo.write(f"people/{login}.yaml", person_yaml(login))
    repo.replace(DEPLOY, "mentees:\n", membership_yaml(login, "2026-11-16") + "mentees:\n")


def mentions(body: str) -> set[str]:
    """Every '@' that GitHub would read as a mention (a zero-width joiner after '@' defuses one)."""
    return set(re.findall(r"@([A-Za-z0-9-]+)", body))


# Planning


def test_a_newcomer_gets_one_welcome_with_everything_they_need(repo: DataRepo) -> None:
    repo.start("newcomer")
    newcomer(repo)
    head = repo.commit()
    [welcome] = plan(repo, head=head, site="https://acme.example.org/mentoring/").welcomes
    assert (welcome.cohort, welcome.login, welcome.role) == (DEPLOY_ID, "zoe-newcomer", "mentee")
    assert welcome.title == "Welcome Zoe Newcomer to Deploy your first Cloudbridge cloud (winter)"
    assert welcome.labels == ("cohortkit", "welcome", f"cohort:{DEPLOY_ID}")
    assert welcome.assignees == ("tomasz-nowak", "chidi-eze")
    body = welcome.body
    assert mentions(body) == {"zoe-newcomer", "tomasz-nowak", "chidi-eze"}
    assert "Each mentee deploys a working three-node Cloudbridge cloud" in body
    assert "due **Fri 2027-03-19**" in body and "- Measurable: Each mentee launches" in body
    # Wednesday 07:00 UTC is still Tuesday evening in Honolulu.
    assert "your time (Pacific/Honolulu): **Tuesday 21:00–22:00** (2027-01-12)" in body
    assert "the cohort's time (UTC): Wednesday 07:00–08:00" in body
    assert "[#\u2060cohort-deploy](<https://chat.cloudbridge.example.org/channel/cohort-deploy>)" in body
    assert "- Week 1: Introductions and goals" in body and "- Week 10: Showcase and graduation" in body
    assert "**Wed 2027-01-13**: check-in 1 of 11, week 1 of 11" in body
    assert "Cohort page: https://acme.example.org/mentoring/cohorts/cb-2027q1-deploy/" in body
    assert body.rstrip().endswith("<!-- cohortkit:welcome cohort=cb-2027q1-deploy person=zoe-newcomer -->")


def test_a_newcomer_in_the_cohorts_own_zone_reads_one_time_and_utc_once(repo: DataRepo) -> None:
    repo.start("same-zone")
    newcomer(repo, zone="UTC")
    [welcome] = plan(repo, head=repo.commit()).welcomes
    assert "your time (UTC): **Wednesday 07:00–08:00**\n" in welcome.body
    assert "- UTC:" not in welcome.body  # the cohort's own zone is UTC already


def test_a_new_mentor_is_welcomed_too_and_greeted_by_the_other_mentors(repo: DataRepo) -> None:
    repo.start("mentor")
    new_mentor(repo)
    [welcome] = plan(repo, head=repo.commit()).welcomes
    assert (welcome.login, welcome.role) == ("max-mentor", "mentor")
    assert "Mentors @tomasz-nowak, @chidi-eze: please say hello" in welcome.body
    assert set(welcome.assignees) == {"tomasz-nowak", "chidi-eze", "max-mentor"}


def test_with_every_mentor_away_the_coordinators_are_asked_instead(repo: DataRepo) -> None:
    repo.start("mentors-away")
    for login in ("tomasz-nowak", "chidi-eze"):
        repo.append(f"people/{login}.yaml", "away_until: 2027-02-01\n")
    newcomer(repo)
    [welcome] = plan(repo, head=repo.commit()).welcomes
    assert "No other mentor is available right now; coordinators @ines-carvalho, @olu-adeyemi" in welcome.body
    assert mentions(welcome.body) == {"zoe-newcomer", "ines-carvalho", "olu-adeyemi"}
    assert welcome.assignees == ("ines-carvalho", "olu-adeyemi")


def test_the_first_check_in_is_the_next_one_for_someone_joining_mid_cohort(repo: DataRepo) -> None:
    repo.start("mid-cohort")
    repo.write("people/late-joiner.yaml", person_yaml("late-joiner"))
    repo.append(EAST_AFRICA, membership_yaml("late-joiner", joined="2026-11-20"))
    [welcome] = plan(repo, head=repo.commit()).welcomes
    first = re.search(r"### First check-in\n\n\*\*\w{3} (\S+)\*\*", welcome.body)
    assert first is not None and date.fromisoformat(first[1]) >= TODAY


def test_what_is_not_owed_a_welcome_is_skipped_and_said_why(repo: DataRepo) -> None:
    repo.start("skips")
    repo.append(DEPLOY, membership_yaml("no-file-yet"))  # people/no-file-yet.yaml missing
    repo.write("people/gone-already.yaml", person_yaml("gone-already"))
    repo.append(DEPLOY, membership_yaml("gone-already", outcome="withdrawn"))
    repo.write("people/late-to-spring.yaml", person_yaml("late-to-spring"))
    repo.replace(SPRING_DEPLOY, "mentees:\n", "mentees:\n" + membership_yaml("late-to-spring", "2026-05-01"))
    result = plan(repo, head=repo.commit())
    assert result.welcomes == []
    assert {(s.login, s.reason) for s in result.skipped} == {
        ("no-file-yet", "people/no-file-yet.yaml is missing"),
        ("gone-already", "the membership is withdrawn, not active"),
        ("late-to-spring", "the cohort is completed"),
    }


def test_a_person_file_that_arrives_after_the_membership_brings_the_welcome(repo: DataRepo) -> None:
    repo.start("file-later")
    repo.append(DEPLOY, membership_yaml("zoe-newcomer"))
    first = repo.commit()
    assert plan(repo, head=first).welcomes == []
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer"))
    second = repo.commit()
    assert [w.login for w in plan(repo, base=first, head=second).welcomes] == ["zoe-newcomer"]


def test_a_withdrawn_member_made_active_again_is_welcomed_and_edits_are_not(repo: DataRepo) -> None:
    repo.start("rejoin")
    text = repo.read(EAST_AFRICA)
    repo.write(
        EAST_AFRICA,
        text.replace("    left: 2026-10-28\n    outcome: withdrawn", "    outcome: active", 1),
    )
    repo.replace(DEPLOY, "mentee_seats: 8", "mentee_seats: 9")  # an edit, no one new
    assert [w.login for w in plan(repo, head=repo.commit()).welcomes] == ["amina-diallo"]


def test_no_change_and_a_cohort_turning_active_owe_nothing(repo: DataRepo) -> None:
    repo.start("status")
    repo.replace(DEPLOY, "status: forming", "status: active")
    assert plan(repo, head=repo.commit()) == WelcomePlan()
    assert plan(repo, head=repo.base) == WelcomePlan()


def test_a_cohort_file_fixed_after_being_broken_welcomes_nobody(repo: DataRepo) -> None:
    # When the earlier revision could not read the cohort, everyone in it would look new.
    repo.start("fixed")
    repo.replace(DEPLOY, "mentee_seats: 8", "mentee_seats: 8\nmentee_seats: 9")  # a duplicate key
    broken = repo.commit()
    repo.replace(DEPLOY, "mentee_seats: 8\nmentee_seats: 9", "mentee_seats: 8")
    newcomer(repo)
    result = plan(repo, base=broken, head=repo.commit())
    assert result.welcomes == []
    assert {s.reason for s in result.skipped} == {
        "the cohort file did not validate before, so who is new cannot be told"
    }


def test_hostile_strings_in_the_data_stay_inert(repo: DataRepo) -> None:
    repo.start("hostile")
    hostile = '"Eve <img src=x onerror=alert(1)> @everyone #1 </details>"'
    newcomer(repo, login="eve", name=hostile)
    repo.replace(DEPLOY, "name: '#cohort-deploy'", "name: '<script>x</script> @octocat'")
    repo.replace(
        DEPLOY,
        "task: Each mentee deploys a working three-node Cloudbridge cloud",
        "task: '@acme/admins <b>ping</b> #2 [click](https://evil.example) deploy'",
    )
    [welcome] = plan(repo, head=repo.commit()).welcomes
    body = welcome.body
    assert mentions(body) == {"eve", "tomasz-nowak", "chidi-eze"}
    assert "<img" not in body and "<script>" not in body and "<b>" not in body and "</details>" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "#\u20601" in body and "#\u20602" in body  # no issue references either
    assert "\n" not in welcome.title and len(welcome.title) <= 256


# Sending, against the fake GitHub


def client(fake: FakeGitHub) -> RepoClient:
    settings = ClientSettings(
        token="test-token", api_url=fake.url, pace=0.0, backoff=0.05, retries=4, timeout=5
    )
    return RepoClient(settings, "acme/mentoring", log=lambda _: None)


@pytest.fixture
def fake():
    with FakeGitHub("acme", "mentoring") as server:
        for login in ("tomasz-nowak", "chidi-eze", "max-mentor"):
            server.add_collaborator(login, "write")
        yield server


@pytest.fixture(scope="module")
def two_joins(repo: DataRepo) -> WelcomePlan:
    repo.start("two-joins")
    newcomer(repo)
    new_mentor(repo)
    return plan(repo, head=repo.commit())


def titles(fake: FakeGitHub) -> Counter[str]:
    return Counter(issue["title"] for issue in fake.issues())


def test_one_issue_per_new_membership_and_a_rerun_opens_nothing(fake, two_joins) -> None:
    github = client(fake)
    assert send_welcomes(two_joins, github, GitHubWriter(github), lambda _: None) == (2, 0)
    issues = {i["title"]: i for i in fake.issues()}
    assert set(issues) == {
        "Welcome Zoe Newcomer to Deploy your first Cloudbridge cloud (winter)",
        "Welcome Max Mentor to Deploy your first Cloudbridge cloud (winter)",
    }
    zoe = issues["Welcome Zoe Newcomer to Deploy your first Cloudbridge cloud (winter)"]
    assert {label["name"] for label in zoe["labels"]} == {"cohortkit", "welcome", f"cohort:{DEPLOY_ID}"}
    assert [a["login"] for a in zoe["assignees"]] == ["tomasz-nowak", "chidi-eze", "max-mentor"]
    fake.close_issue(zoe["number"], by="tomasz-nowak")  # closed welcomes still count
    fake.reset_log()
    assert send_welcomes(two_joins, github, GitHubWriter(github), lambda _: None) == (0, 2)
    assert [r.method for r in fake.requests] == ["GET"]  # one listing, no write


def test_a_reply_lost_after_the_issue_was_created_does_not_duplicate(fake, two_joins) -> None:
    fault = fake.faults.add("drop-after-commit", method="POST", path=ISSUES, times=1)
    github = client(fake)
    assert send_welcomes(two_joins, github, GitHubWriter(github), lambda _: None) == (2, 0)
    assert fault.hits == 1
    assert len(titles(fake)) == 2 and max(titles(fake).values()) == 1


def test_a_crash_half_way_is_finished_by_the_rerun(fake, two_joins) -> None:
    github = client(fake)
    first_only = WelcomePlan(two_joins.welcomes[:1])
    send_welcomes(first_only, github, GitHubWriter(github), lambda _: None)
    assert send_welcomes(two_joins, github, GitHubWriter(github), lambda _: None) == (1, 1)
    assert len(titles(fake)) == 2 and max(titles(fake).values()) == 1


def test_a_welcome_marker_on_an_issue_without_the_tools_label_is_not_trusted(fake, two_joins) -> None:
    forged = two_joins.welcomes[0].mark.text()
    fake.add_issue("I am not the bot", forged, by="mallory", labels=["welcome"])
    github = client(fake)
    assert send_welcomes(two_joins, github, GitHubWriter(github), lambda _: None) == (2, 0)


def test_the_plan_writer_lists_the_issues_it_would_open(fake, two_joins) -> None:
    writer = PlanWriter()
    assert send_welcomes(two_joins, client(fake), writer, lambda _: None) == (2, 0)
    assert "open issue" in writer.table() and "Welcome Zoe Newcomer" in writer.table()
    assert fake.issues() == []


# The command


@pytest.fixture
def env(monkeypatch, fake):
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    monkeypatch.setenv("GITHUB_API_URL", fake.url)
    return fake


def welcome(repo: DataRepo, *args: str) -> int:
    return cli.main(
        [
            "welcome",
            "--repo",
            "acme/mentoring",
            "--pace",
            "0",
            "--root",
            str(repo.path),
            "--today",
            TODAY.isoformat(),
            *args,
        ]
    )


def test_the_command_welcomes_once_then_finds_its_issues(repo: DataRepo, env, capsys) -> None:
    repo.start("command")
    newcomer(repo)
    head = repo.commit()
    assert welcome(repo, "--before", repo.base, "--after", head) == 0
    [issue] = env.issues()
    assert issue["title"].startswith("Welcome Zoe Newcomer")
    # Without mkdocs.yml the site is the repository's GitHub Pages address.
    assert "https://acme.github.io/mentoring/cohorts/cb-2027q1-deploy/" in issue["body"]
    assert "1 welcome issue(s) opened" in capsys.readouterr().err
    assert welcome(repo, "--before", repo.base, "--after", head) == 0
    assert len(env.issues()) == 1
    assert "0 welcome issue(s) opened, 1 already there" in capsys.readouterr().err


def test_the_command_dry_run_prints_the_plan_and_writes_nothing(repo: DataRepo, env, capsys) -> None:
    repo.start("dry-run")
    newcomer(repo)
    head = repo.commit()
    assert welcome(repo, "--before", repo.base, "--after", head, "--dry-run") == 0
    assert "write(s) planned; nothing was written." in capsys.readouterr().out
    assert env.issues() == []


@pytest.mark.parametrize(
    ("before", "message"),
    [
        ("0" * 40, "the push created the branch"),
        (
            "1234567890abcdef1234567890abcdef12345678",
            "--before '1234567890abcdef1234567890abcdef12345678' is not",
        ),
        ("no-such-branch", "fetch-depth: 0"),
        ("--upload-pack=evil", "is not a commit"),
    ],
)
def test_a_before_that_is_no_commit_is_one_line_and_exit_2(repo: DataRepo, env, capsys, before, message):
    assert welcome(repo, f"--before={before}", "--after", repo.base) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert env.issues() == []


def test_the_command_without_a_token_is_one_line_and_exit_2(repo: DataRepo, monkeypatch, capsys) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert welcome(repo, "--before", repo.base, "--after", repo.base) == 2
    assert "GITHUB_TOKEN is not set" in capsys.readouterr().err


def test_the_workflow_passes_push_values_through_env_only() -> None:
    text = (REPO_ROOT / ".github/workflows/reusable-welcome.yml").read_text(encoding="utf-8")
    run_blocks = re.findall(r"run: \|\n((?:\s{10}.*\n)+)", text)
    assert run_blocks and all("${{" not in block for block in run_blocks)
    assert "permissions: {}" in text and "cancel-in-progress: false" in text
    assert "fetch-depth: 0" in text and "persist-credentials: false" in text
