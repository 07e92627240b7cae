"""One bad cohort never stops the others, and a run that must stop does the urgent work first."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
from cohortkit.budget import Budget, OutOfBudget, unlimited
from cohortkit.checkins import RunOptions, run_checkins
from cohortkit.github_client import ClientSettings, RepoClient
from cohortkit.writers import GitHubWriter
from fakegithub import FakeGitHub
from test_checkins import ACTIVE, model

D = date.fromisoformat
START = D("2026-01-12")
# Three cohorts due the same week; c0 meets on Monday, so its check-in is the most urgent.
COHORTS = [
    replace(
        ACTIVE,
        id=f"c{n}",
        title=f"c{n}",
        file=f"cohorts/2026-q1/c{n}.yaml",
        meeting=replace(ACTIVE.meeting, weekday=day),
    )
    for n, day in enumerate(("monday", "wednesday", "friday"))
]


def client(fake: FakeGitHub, budget: Budget | None = None) -> RepoClient:
    settings = ClientSettings(
        token="test-token",
        api_url=fake.url,
        pace=0.0,
        backoff=0.05,
        retries=2,
        secondary_rate_wait=0.1,
        timeout=5,
    )
    return RepoClient(settings, "acme/mentoring", log=lambda _: None, budget=budget or unlimited())


def run(fake: FakeGitHub, day: date, budget: Budget | None = None):
    repo = client(fake, budget)
    writer = GitHubWriter(repo)
    return run_checkins(model(*COHORTS), repo, writer, RunOptions(today=day), log=lambda _: None)


def titles(fake: FakeGitHub) -> Counter[str]:
    return Counter(issue["title"] for issue in fake.issues())


@pytest.fixture
def fake():
    with FakeGitHub("acme", "mentoring") as server:
        server.add_collaborator("mo", "write")  # mia is a mentor without access to the repository
        yield server


def test_a_mentor_who_cannot_be_assigned_gets_one_note_and_every_check_in_opens(fake):
    report = run(fake, START)
    checkins = [i for i in fake.issues() if "check-in 1" in i["title"]]
    assert len(checkins) == 3
    assert all([a["login"] for a in i["assignees"]] == ["mo"] or not i["assignees"] for i in checkins)
    assert report.ok and not report.stopped
    assert any("@mo, @mia could not be assigned" in note or "@mia" in note for note in report.notes)
    fake.assert_contract_ok()


def test_a_run_out_of_budget_opens_the_most_urgent_check_in_first_and_the_next_run_finishes(fake):
    class Stop(Budget):
        """Room for exactly one write."""

        def before_write(self) -> None:
            if self.writes >= 1:
                raise OutOfBudget("test budget spent")
            self.writes += 1

    fake.add_collaborator("mia", "write")
    first = run(fake, START, Stop(seconds=600))
    assert first.stopped == "test budget spent"
    assert [i["title"] for i in fake.issues()] == ["2026-01-12 · c0 · check-in 1 (week 1)"]
    assert any(left.startswith("c1: check-in 1") for left in first.left)
    second = run(fake, START)
    assert not second.stopped
    once = titles(fake)
    assert all(count == 1 for count in once.values())
    assert (
        sum(1 for t in once if "check-in 1" in t) == 3
        and sum(1 for t in once if t.startswith("Progress")) == 3
    )
    # A third run changes nothing.
    fake.reset_log()
    run(fake, START)
    assert [r for r in fake.requests if r.method != "GET"] == []
