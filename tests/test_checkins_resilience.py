"""One bad cohort never stops the others, and a run that must stop does the urgent work first."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from cohortkit.checkins.context import RunOptions
from cohortkit.checkins.run import run_checkins
from cohortkit.github.budget import Budget, OutOfBudget, unlimited
from cohortkit.github.client import RepoClient
from cohortkit.github.settings import ClientSettings
from cohortkit.github.writers import GitHubWriter
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


# No duplicate and no loss from any edit a person can make


class OneWrite(Budget):
    """Room for exactly one write, then the run stops as a real budget would."""

    def before_write(self) -> None:
        if self.writes >= 1:
            raise OutOfBudget("test budget spent")
        self.writes += 1


@pytest.fixture
def both(fake):
    fake.add_collaborator("mia", "write")
    return fake


def run_one(fake: FakeGitHub, day: date, cohort=ACTIVE, budget: Budget | None = None):
    repo = client(fake, budget)
    options = RunOptions(today=day, bot_login=fake.actor)
    return run_checkins(model(cohort), repo, GitHubWriter(repo), options, log=lambda _: None)


def checkins_of(fake: FakeGitHub) -> list[dict]:
    return [i for i in fake.issues() if "check-in" in i["title"]]


def tracking_of(fake: FakeGitHub) -> list[dict]:
    return [i for i in fake.issues() if i["title"].startswith("Progress")]


def test_a_check_in_closed_before_the_record_knew_it_is_not_opened_again(both):
    run_one(both, START, budget=OneWrite(seconds=600))  # the check-in opens, the run stops
    [checkin] = checkins_of(both)
    both.close_issue(checkin["number"], by="mo")
    run_one(both, D("2026-01-13"))
    assert len(checkins_of(both)) == 1 and len(tracking_of(both)) == 1
    assert "| 1 | 2026-01-14 |" in tracking_of(both)[0]["body"] and "held" in tracking_of(both)[0]["body"]


def test_a_tracking_issue_a_mentor_closed_is_reopened_not_duplicated(both):
    run_one(both, START)
    [tracking] = tracking_of(both)
    both.close_issue(tracking["number"], by="mo")
    run_one(both, D("2026-01-19"))
    assert [t["number"] for t in tracking_of(both)] == [tracking["number"]]
    assert both.issue(tracking["number"])["state"] == "open"


def test_a_tracking_issue_that_lost_its_label_is_found_and_relabelled(both):
    run_one(both, START)
    [tracking] = tracking_of(both)
    github = both.github().get_repo("acme/mentoring").get_issue(tracking["number"])
    github.remove_from_labels("cohortkit")
    run_one(both, D("2026-01-19"))
    assert [t["number"] for t in tracking_of(both)] == [tracking["number"]]
    assert "cohortkit" in {label["name"] for label in both.issue(tracking["number"])["labels"]}
    assert len(checkins_of(both)) == 2


def test_a_check_in_that_lost_its_label_is_still_marked_missed(both):
    run_one(both, START)
    [checkin] = checkins_of(both)
    both.github().get_repo("acme/mentoring").get_issue(checkin["number"]).remove_from_labels("cohortkit")
    run_one(both, D("2026-01-18"))  # due the 14th, three days of grace
    assert "missed" in {label["name"] for label in both.issue(checkin["number"])["labels"]}
    assert "missed" in tracking_of(both)[0]["body"]


def test_an_entry_deleted_from_the_record_does_not_open_a_duplicate(both):
    run_one(both, START)
    [tracking] = tracking_of(both)
    body = tracking["body"]
    start, end = body.index("cohortkit-state"), body.index("-->", body.index("cohortkit-state"))
    mangled = body[:start] + 'cohortkit-state {"checkins":{},"events":{}} ' + body[end:]
    both.github().get_repo("acme/mentoring").get_issue(tracking["number"]).edit(body=mangled)
    run_one(both, D("2026-01-13"))
    assert len(checkins_of(both)) == 1


def test_a_marker_edited_to_another_period_does_not_keep_that_period_from_opening(both):
    run_one(both, START)
    [first] = checkins_of(both)
    # GitHub's own record of when it was opened (the fake's clock is the real one; the run's is not).
    both.state.issues[first["number"]].created_at = datetime(2026, 1, 12, 6)
    edited = first["body"].replace("period=2026-01-14", "period=2026-01-21")
    both.github().get_repo("acme/mentoring").get_issue(first["number"]).edit(body=edited)
    run_one(both, D("2026-01-19"))
    titles_now = sorted(i["title"] for i in checkins_of(both))
    assert titles_now == ["2026-01-14 · c1 · check-in 1 (week 1)", "2026-01-21 · c1 · check-in 2 (week 2)"]


def test_moving_the_meeting_day_mid_week_keeps_the_check_in_already_opened(both):
    run_one(both, START)  # Wednesday's check-in opens on Monday
    thursday = replace(ACTIVE, meeting=replace(ACTIVE.meeting, weekday="thursday"))
    run_one(both, D("2026-01-13"), cohort=thursday)
    run_one(both, D("2026-01-16"), cohort=thursday)  # past Wednesday's grace, before Thursday's
    [checkin] = checkins_of(both)
    assert "missed" not in {label["name"] for label in checkin["labels"]}
    run_one(both, D("2026-01-19"), cohort=thursday)
    assert [i["title"] for i in checkins_of(both)][-1].startswith("2026-01-22 · c1 · check-in 2")


# Bodies within GitHub's limits


def test_two_years_of_a_hundred_mentees_with_long_logins_fit_one_tracking_issue():
    from cohortkit.checkins.tracking import CheckinRecord, TrackingState, read_state, write_state

    logins = [f"{'m' * 30}-{n:08d}"[:39] for n in range(100)]
    state = TrackingState(
        {
            f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}": CheckinRecord(
                f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}",
                n + 1,
                n + 1,
                1000 + n,
                "held",
                tuple(logins),
                "m" * 39,
            )
            for n in range(104)
        }
    )
    text = write_state(state)
    assert len(text) < 20_000
    assert read_state(text) == state
    assert read_state(text.replace('"v":2', '"v":2,"x":1')) == state


def test_a_tracking_body_too_long_for_github_keeps_the_newest_rows_and_the_whole_record():
    from cohortkit.github.issue_text import MAX_BODY, fit_body

    def render(shown: int) -> str:
        return "record " + "row\n" * (shown * 1000)

    body = fit_body(render, 104)
    assert len(body) <= MAX_BODY and body.count("row") >= 10


def test_an_old_record_is_still_read():
    from cohortkit.checkins.tracking import read_state

    old = '<!-- cohortkit-state {"checkins":{"2026-01-14":{"attended":["ana"],"issue":5,"number":1,"outcome":"held","week":1}},"events":{"t":9}} -->'
    state = read_state(old)
    assert (
        state is not None and state.checkins["2026-01-14"].attended == ("ana",) and state.events == {"t": 9}
    )


# Nothing due is ever lost


def test_a_period_the_tool_could_not_open_in_time_is_recorded_as_not_opened(both):
    run_one(both, START)  # check-in 1
    [first] = checkins_of(both)
    both.close_issue(first["number"], by="mo")
    # No run for two weeks (the budget ran out, or the workflow was off): check-in 2 passes unopened.
    report = run_one(both, D("2026-01-26"))
    tracking = tracking_of(both)[0]["body"]
    assert "| 2 | 2026-01-21 | 2 |  | not opened |" in tracking
    assert "Status: **on track**" in tracking  # the cohort missed nothing
    assert any("check-in 2 (due 2026-01-21) was never opened in time" in n for n in report.notes)
    assert [i["title"][:10] for i in checkins_of(both)] == ["2026-01-14", "2026-01-28"]
    # progress, and through it the site, tell the tool's gap from a check-in the cohort missed.
    from cohortkit.checkins.progress import build_snapshot

    snapshot = build_snapshot(
        model(ACTIVE), client(both).list_issues(["cohortkit"], "all"), D("2026-01-26"), "r"
    )
    outcomes = {c["period"]: c["outcome"] for c in snapshot["cohorts"]["c1"]["checkins"]}
    assert outcomes == {"2026-01-14": "held", "2026-01-21": "not opened", "2026-01-28": "open"}


def test_a_check_in_opened_after_its_meeting_says_it_was_opened_late(both):
    run_one(both, D("2026-01-16"))  # due the 14th, still within its grace
    [checkin] = checkins_of(both)
    assert "Opened late" in checkin["body"]


# Lifecycle


def test_when_the_cohort_is_over_its_issues_close_and_the_record_keeps_what_happened(both):
    day = START
    while day <= D("2026-03-26"):  # the cohort ends on 20 March; nobody closes anything
        run_one(both, day)
        day += timedelta(days=1)
    issues = both.issues()
    assert issues and all(i["state"] == "closed" for i in issues), [(i["title"], i["state"]) for i in issues]
    [tracking] = tracking_of(both)
    assert "| 9 | 2026-03-18 |" in tracking["body"]
    assert "held" not in tracking["body"].split("| Check-in |")[1].split("Attendance")[0]
    from cohortkit.checkins.tracking import read_state

    record = read_state(tracking["body"])
    assert record is not None and {r.outcome for r in record.checkins.values()} == {"missed"}
    touch_base = [i for i in issues if "touch base" in i["title"].lower()]
    assert touch_base and touch_base[0]["state_reason"] == "completed"
    # And once all is closed, a run writes nothing.
    both.reset_log()
    run_one(both, D("2026-03-27"))
    assert [r for r in both.requests if r.method != "GET"] == []


# A crash at every write in turn, then a rerun, ends as a clean run does


class StopAfter(Budget):
    def __init__(self, writes: int) -> None:
        super().__init__(seconds=600)
        self.allowed = writes

    def before_write(self) -> None:
        if self.writes >= self.allowed:
            raise OutOfBudget("killed")
        self.writes += 1


DAYS = [START, D("2026-01-19"), D("2026-01-26"), D("2026-02-02")]


def _term(fake: FakeGitHub, crash_on: date | None = None, after: int = 0) -> None:
    for day in DAYS:
        if day == crash_on:
            run_one(fake, day, budget=StopAfter(after))
        run_one(fake, day)
        if day == START:  # a mentor closes check-in 1, so later days have outcomes to record
            first = next(i for i in checkins_of(fake) if "check-in 1 " in i["title"])
            fake.close_issue(first["number"], by="mo")


def _state(fake: FakeGitHub) -> tuple:
    from cohortkit.checkins.tracking import read_state

    issues = sorted(
        (i["title"], i["state"], tuple(sorted(label["name"] for label in i["labels"]))) for i in fake.issues()
    )
    [tracking] = tracking_of(fake)
    record = read_state(tracking["body"])
    assert record is not None
    outcomes = tuple((r.period, r.outcome, r.missed_noted) for r in record.ordered())
    comments = sorted(len(fake.comments(i["number"])) for i in fake.issues())
    return issues, outcomes, comments


def test_a_run_killed_at_any_write_then_rerun_ends_as_a_clean_run():
    with FakeGitHub("acme", "mentoring") as clean:
        clean.add_collaborator("mo", "write")
        clean.add_collaborator("mia", "write")
        _term(clean)
        expected = _state(clean)
    # A day writes at most six times here (check-in, missed comment and label, tracking, event).
    checked = 0
    for day in DAYS:
        for after in range(0, 6):
            with FakeGitHub("acme", "mentoring") as fake:
                fake.add_collaborator("mo", "write")
                fake.add_collaborator("mia", "write")
                _term(fake, crash_on=day, after=after)
                assert _state(fake) == expected, (day, after)
                checked += 1
    assert checked == len(DAYS) * 6


def test_a_pasted_marker_does_not_keep_the_missed_reminder_from_being_sent(both):
    run_one(both, START)
    [checkin] = checkins_of(both)
    marker = f"<!-- cohortkit:missed cohort=c1 period={checkin['title'][:10]} -->"
    both.add_comment(checkin["number"], f"nothing to see {marker}", by="mallory")
    run_one(both, D("2026-01-18"))
    ours = [c for c in both.comments(checkin["number"]) if c["user"]["login"] == both.actor]
    assert len(ours) == 1 and "missed" in {label["name"] for label in both.issue(checkin["number"])["labels"]}


# GitHub's refusals about one issue stop only that cohort


def test_a_locked_check_in_past_its_grace_stops_only_its_cohort(fake):
    fake.add_collaborator("mia", "write")
    run(fake, START)
    c1 = next(i for i in fake.issues() if i["title"].startswith("2026-01-14 · c1"))
    fake.lock_issue(c1["number"])
    report = run(fake, D("2026-01-19"))  # c1's check-in is past its grace: its missed note is refused
    assert [cohort for cohort, _ in report.failed] == ["c1"]
    assert "locked" in report.failed[0][1]
    assert sum(1 for i in fake.issues() if "check-in 2" in i["title"]) == 3  # every cohort's next check-in


def test_a_deleted_check_in_is_counted_as_not_held_and_not_reopened(both):
    run_one(both, START)
    [checkin] = checkins_of(both)
    both.delete_issue(checkin["number"])
    report = run_one(both, D("2026-01-19"))
    assert report.ok and any("was deleted" in note for note in report.notes)
    assert [i["title"][:10] for i in checkins_of(both)] == ["2026-01-21"]
    assert (
        "| 1 | 2026-01-14 | 1 | #" in tracking_of(both)[0]["body"]
        and "not held" in tracking_of(both)[0]["body"]
    )


def test_a_transferred_check_in_is_not_written_to_in_its_new_home(both):
    run_one(both, START)
    [checkin] = checkins_of(both)
    both.transfer_issue(checkin["number"], to="acme/elsewhere")
    report = run_one(both, D("2026-01-19"))
    assert any("transferred" in note for note in report.notes)
    assert [i["title"][:10] for i in checkins_of(both)] == ["2026-01-21"]
    moved = both.issues(repo="acme/elsewhere")
    assert moved and not any(label["name"] == "missed" for label in moved[0]["labels"])
    assert all(len(both.comments(i["number"], repo="acme/elsewhere")) == 0 for i in moved)


def test_a_check_in_whose_marker_a_person_removed_is_still_marked_missed_and_not_reopened(both):
    run_one(both, START)
    [checkin] = checkins_of(both)
    body = checkin["body"]
    start = body.index("<!-- cohortkit:checkin")
    stripped = body[:start] + body[body.index("-->", start) + 3 :]
    both.github().get_repo("acme/mentoring").get_issue(checkin["number"]).edit(body=stripped)
    run_one(both, D("2026-01-18"))
    assert len(checkins_of(both)) == 1
    assert "missed" in {label["name"] for label in both.issue(checkin["number"])["labels"]}
