"""The check-in engine and client over HTTP against the fake GitHub, faults included."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, timedelta

import pytest
from cohortkit.checkins.context import RunOptions
from cohortkit.checkins.progress import build_snapshot
from cohortkit.checkins.run import run_checkins
from cohortkit.github.client import RepoClient
from cohortkit.github.settings import ClientSettings
from cohortkit.github.writers import GitHubWriter
from fakegithub import FakeGitHub
from test_checkins import ACTIVE, model

D = date.fromisoformat
CHECKIN_PATH = r"^/repos/acme/mentoring/issues$"


def client(fake: FakeGitHub, **settings) -> RepoClient:
    options = {
        "pace": 0.0,
        "backoff": 0.05,
        "retries": 4,
        "secondary_rate_wait": 0.1,
        "timeout": 5,
        **settings,
    }
    return RepoClient(
        ClientSettings(token="test-token", api_url=fake.url, **options), "acme/mentoring", log=lambda _: None
    )


def run(fake: FakeGitHub, day: date, repo: RepoClient | None = None) -> None:
    repo = repo or client(fake)
    options = RunOptions(today=day, bot_login=fake.actor)
    run_checkins(model(ACTIVE), repo, GitHubWriter(repo), options, log=lambda _: None)


def titles(fake: FakeGitHub) -> Counter[str]:
    return Counter(issue["title"] for issue in fake.issues())


@pytest.fixture
def fake():
    with FakeGitHub("acme", "mentoring") as server:
        for login in ("mo", "mia"):
            server.add_collaborator(login, "write")
        yield server


def test_a_term_day_by_day_against_the_fake_then_progress_reads_it_back(fake):
    mentor = fake.github().get_repo("acme/mentoring")
    opened: dict[str, date] = {}
    day = D("2026-01-10")
    while day <= D("2026-03-25"):
        run(fake, day)
        for issue in fake.issues():
            opened.setdefault(issue["title"], day)
            due_today = issue["title"][:10] == day.isoformat()
            if (
                "check-in" in issue["title"]
                and issue["state"] == "open"
                and due_today
                and "check-in 3 " not in issue["title"]
            ):
                # The mentor ticks who came, then closes the check-in.
                mentor.get_issue(issue["number"]).edit(body=issue["body"].replace("- [ ] @ana", "- [x] @ana"))
                fake.close_issue(issue["number"], by="mo", reason="completed")
        day += timedelta(days=1)
    checkins = sorted(t for t in opened if "check-in" in t)
    assert len(checkins) == 9 and max(titles(fake).values()) == 1
    assert [opened[t] for t in checkins][:4] == [
        D("2026-01-12"),
        D("2026-01-19"),
        D("2026-01-26"),
        D("2026-02-02"),
    ]
    assert {i["title"]: [a["login"] for a in i["assignees"]] for i in fake.issues()}[checkins[0]] == [
        "mo",
        "mia",
    ]
    missed = [i for i in fake.issues() if any(label["name"] == "missed" for label in i["labels"])]
    assert [i["title"][:10] for i in missed] == ["2026-01-28"] and len(
        fake.comments(missed[0]["number"])
    ) == 1
    tracking = [i for i in fake.issues() if any(label["name"] == "tracking" for label in i["labels"])]
    assert len(tracking) == 1 and "| 9 | 2026-03-18 |" in tracking[0]["body"]
    snapshot = build_snapshot(
        model(ACTIVE),
        client(fake).list_issues(["cohortkit"], "all"),
        D("2026-03-25"),
        "acme/mentoring",
        bot_login=fake.actor,
    )
    c1 = snapshot["cohorts"]["c1"]
    assert c1["counts"] == {"held": 8, "not held": 0, "missed": 1, "open": 0, "not opened": 0}
    assert c1["attendance"] == {"ana": 8, "bo": 0} and snapshot["warnings"] == []


def test_a_day_with_nothing_due_costs_two_listings(fake):
    run(fake, D("2026-01-12"))
    fake.reset_log()
    run(fake, D("2026-01-13"))
    # The tool's open issues (by its label), and its own recent ones in any state (by creator).
    assert [(r.method, r.path.split("?")[0]) for r in fake.requests] == [
        ("GET", "/repos/acme/mentoring/issues"),
        ("GET", "/repos/acme/mentoring/issues"),
    ]


@pytest.mark.parametrize(
    "kind", [500, 502, 503, "secondary-rate-limit", "primary-rate-limit", 429, "drop-after-commit"]
)
def test_every_fault_on_opening_a_check_in_ends_as_a_clean_run(fake, kind):
    with FakeGitHub("acme", "mentoring") as clean:
        run(clean, D("2026-01-12"))
        expected = titles(clean)
    fake.faults.add(kind, method="POST", path=CHECKIN_PATH, times=1)
    run(fake, D("2026-01-12"))
    assert titles(fake) == expected


def test_a_slow_response_after_the_write_does_not_duplicate(fake):
    fake.faults.add("slow", method="POST", path=CHECKIN_PATH, times=1, delay=2.5)
    run(fake, D("2026-01-12"), client(fake, timeout=1))
    assert max(titles(fake).values()) == 1 and len(titles(fake)) == 2


def test_faults_on_reads_and_on_the_tracking_update_are_retried(fake):
    run(fake, D("2026-01-12"))
    fake.faults.add(502, method="GET", path=CHECKIN_PATH, times=2)
    fake.faults.add(
        "secondary-rate-limit", method="PATCH", path=r"^/repos/acme/mentoring/issues/\d+$", times=1
    )
    run(fake, D("2026-01-19"))
    assert len([t for t in titles(fake) if "check-in" in t]) == 2


def test_a_crash_mid_run_then_a_rerun_finishes_without_duplicates(fake):
    fake.faults.add("drop-after-commit", method="POST", path=CHECKIN_PATH, times=1)
    with pytest.raises(Exception):  # noqa: B017 - any transport error: the run dies mid-way
        run(fake, D("2026-01-12"), client(fake, retries=0))
    assert len(fake.issues()) == 1  # the check-in exists; the tracking issue was never written
    run(fake, D("2026-01-12"))
    assert titles(fake) == Counter({"2026-01-14 · c1 · check-in 1 (week 1)": 1, "Progress: c1": 1})


def test_two_runs_started_together_leave_one_issue_per_check_in(fake):
    threads = [threading.Thread(target=run, args=(fake, D("2026-01-12"))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run(fake, D("2026-01-13"))  # the next run settles any race
    open_titles = Counter(i["title"] for i in fake.issues() if i["state"] == "open")
    assert open_titles == Counter({"2026-01-14 · c1 · check-in 1 (week 1)": 1, "Progress: c1": 1})
