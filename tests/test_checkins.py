"""The check-in engine over a whole term, day by day, against an in-memory GitHub."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from cohortkit.checkins.context import RunOptions
from cohortkit.checkins.run import run_checkins
from cohortkit.checkins.tracking import read_state
from cohortkit.data.model import Event, Meeting, Model, OutlineWeek, Pause
from cohortkit.github.markers import Marker
from cohortkit.github.values import CommentInfo, IssueInfo
from cohortkit.github.writers import PlanWriter
from factories import PROGRAM, D, cohort, person

EVENTS = (Event("touch-base", "touch-base", "Mid-way touch base", ("representative",), at="midpoint"),)
ACTIVE = cohort(
    "c1",
    mentors=("mo", "mia"),
    mentees=("ana", "bo"),
    status="active",
    start=D("2026-01-12"),
    end=D("2026-03-20"),
    meeting=Meeting("weekly", "wednesday", "15:00", "Europe/Berlin"),
    outline=(
        OutlineWeek(1, "Introductions", ("Say hello", "Agree on a channel")),
        OutlineWeek(5, "Mock workshop"),
    ),
    pauses=(Pause(D("2026-02-09"), D("2026-02-15"), "Summit week"),),
    representative="ana",
)


def model(*cohorts, away: dict[str, date] | None = None) -> Model:
    people = {login: person(login) for login in ("mo", "mia", "ana", "bo")}
    for login, until in (away or {}).items():
        people[login] = replace(people[login], away_until=until)
    return Model(
        {"p": replace(PROGRAM, events=EVENTS)},
        {c.id: c for c in cohorts},
        people,
        frozenset({"p"}),
        frozenset(c.id for c in cohorts),
        frozenset(people),
    )


@dataclass
class MemoryGitHub:
    """Reader and writer over a dict of issues, counting calls like requests."""

    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, list[str]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def info(self, number: int) -> IssueInfo:
        i = self.issues[number]
        return IssueInfo(
            number,
            i["title"],
            i["body"],
            i["state"],
            i.get("state_reason"),
            tuple(i["labels"]),
            tuple(i["assignees"]),
            "bot",
            i.get("closed_by"),
            "",
        )

    def list_issues(self, labels=(), state="open", **filters):
        self.calls.append("list")
        return [
            self.info(n)
            for n, i in sorted(self.issues.items())
            if set(labels) <= set(i["labels"]) and state in (i["state"], "all")
        ]

    def get_issue(self, number):
        self.calls.append("get")
        return self.info(number)

    def list_comments(self, number):
        self.calls.append("comments")
        return [CommentInfo(k, "bot", body) for k, body in enumerate(self.comments.get(number, []))]

    def open_issue(self, cohort, what, title, body, labels, assignees, mark: Marker) -> int:
        self.calls.append("create")
        number = len(self.issues) + 1
        self.issues[number] = {
            "title": title,
            "body": body,
            "state": "open",
            "labels": list(labels),
            "assignees": list(assignees),
        }
        return number

    def comment_once(self, cohort, number, body, mark, author=""):
        if not any(mark.text() in c for c in self.comments.get(number, [])):
            self.calls.append("comment")
            self.comments.setdefault(number, []).append(body)

    def add_labels(self, cohort, number, labels):
        self.calls.append("label")
        self.issues[number]["labels"] = sorted(set(self.issues[number]["labels"]) | set(labels))

    def edit_issue(self, cohort, number, what, **changes):
        self.calls.append("edit")
        if changes.get("state") == "closed" and self.issues[number]["state"] != "closed":
            changes = {**changes, "closed_by": "github-actions[bot]"}  # as GitHub records who closed it
        self.issues[number].update(changes)

    # What people do on GitHub

    def close(self, number, reason="completed", ticks=()):
        issue = self.issues[number]
        for login in ticks:
            issue["body"] = issue["body"].replace(f"- [ ] @{login}", f"- [x] @{login}")
        issue.update(state="closed", state_reason=reason, closed_by="mo")

    def titled(self, text):
        return [n for n, i in self.issues.items() if text in i["title"]]


def run(github, day, data=None):
    return run_checkins(
        data or model(ACTIVE),
        github,
        github,
        RunOptions(today=day, site_url="https://example.org/"),
        log=lambda _: None,
    )


def test_a_term_day_by_day_opens_each_check_in_once_on_its_first_day():
    github = MemoryGitHub()
    opened_on: dict[str, date] = {}
    day = D("2026-01-05")
    while day <= D("2026-03-27"):
        run(github, day)
        for number in github.titled("check-in"):
            opened_on.setdefault(github.issues[number]["title"], day)
        # Mentors close each check-in on its due day, except check-in 3.
        for number, issue in github.issues.items():
            due = issue["title"][:10]
            if (
                "check-in" in issue["title"]
                and issue["state"] == "open"
                and due == day.isoformat()
                and "check-in 3 " not in issue["title"]
            ):
                github.close(number, ticks=("ana",))
        day += timedelta(days=1)
    titles = sorted(opened_on)
    assert len(titles) == 9  # ten weeks, one paused
    assert [opened_on[t] for t in titles][:3] == [D("2026-01-12"), D("2026-01-19"), D("2026-01-26")]
    assert "2026-02-11" not in " ".join(titles)  # the Summit week has no check-in
    checkin_3 = github.issues[github.titled("check-in 3 ")[0]]
    assert "missed" in checkin_3["labels"]
    assert len(github.comments[github.titled("check-in 3 ")[0]]) == 1
    [tracking] = [i for i in github.issues.values() if "tracking" in i["labels"]]
    state = read_state(tracking["body"])
    assert state is not None
    outcomes = [r.outcome for r in state.ordered()]
    assert outcomes.count("held") == 8 and outcomes.count("missed") == 1
    assert all(r.attended == ("ana",) for r in state.ordered() if r.outcome == "held")
    assert "on track" in tracking["labels"]  # the last check-ins were held
    [event] = [i for i in github.issues.values() if "program-event" in i["labels"]]
    assert "@ana" in event["body"] and "Mid-way touch base" in event["title"]


def test_the_check_in_body_has_agenda_attendance_and_assignees():
    github = MemoryGitHub()
    run(github, D("2026-01-12"))
    [number] = github.titled("check-in 1 ")
    issue = github.issues[number]
    assert issue["title"] == "2026-01-14 · c1 · check-in 1 (week 1)"
    assert "- Say hello\n- Agree on a channel" in issue["body"]
    assert "- [ ] @ana\n- [ ] @bo" in issue["body"]
    assert "Wednesday 15:00 Europe/Berlin (Wednesday 14:00 UTC)" in issue["body"]
    assert "https://example.org/cohorts/c1/" in issue["body"]
    assert sorted(issue["assignees"]) == ["mia", "mo"]
    assert {"cohortkit", "check-in", "cohort:c1", "program:p"} <= set(issue["labels"])


def test_a_mentor_who_is_away_is_not_assigned():
    github = MemoryGitHub()
    run(github, D("2026-01-12"), model(ACTIVE, away={"mia": D("2026-02-01")}))
    [number] = github.titled("check-in 1 ")
    assert github.issues[number]["assignees"] == ["mo"]


def test_a_second_run_the_same_day_writes_nothing_and_reads_two_listings():
    github = MemoryGitHub()
    run(github, D("2026-01-12"))
    github.calls.clear()
    run(github, D("2026-01-12"))
    # The tool's open issues, and its own recent issues in any state (one page each here).
    assert github.calls == ["list", "list"]


def test_a_run_that_stopped_before_updating_the_record_does_not_open_twice():
    github = MemoryGitHub()
    run(github, D("2026-01-12"))
    # Lose the record: as if the run had stopped right after opening the check-in.
    [tracking] = [n for n, i in github.issues.items() if "tracking" in i["labels"]]
    del github.issues[tracking]
    run(github, D("2026-01-13"))
    assert len(github.titled("check-in 1 ")) == 1
    assert len([i for i in github.issues.values() if "tracking" in i["labels"]]) == 1


def test_a_mangled_record_is_rebuilt_from_the_issues():
    github = MemoryGitHub()
    run(github, D("2026-01-12"))
    run(github, D("2026-01-19"))
    [tracking] = [n for n, i in github.issues.items() if "tracking" in i["labels"]]
    github.issues[tracking]["body"] = "someone replaced everything"
    run(github, D("2026-01-20"))
    assert len(github.titled("check-in")) == 2
    assert read_state(github.issues[tracking]["body"]) is not None


def test_no_active_mentor_means_stalled():
    github = MemoryGitHub()
    run(github, D("2026-01-12"), model(ACTIVE, away={"mo": D("2026-06-01"), "mia": D("2026-06-01")}))
    [tracking] = [i for i in github.issues.values() if "tracking" in i["labels"]]
    assert "stalled" in tracking["labels"]


def test_dry_run_plans_the_same_writes_and_performs_none():
    github = MemoryGitHub()
    plan = PlanWriter()
    run_checkins(model(ACTIVE), github, plan, RunOptions(today=D("2026-01-12")), log=lambda _: None)
    assert github.issues == {}
    assert [(w.action, w.target) for w in plan.writes] == [
        ("open issue", "check-in 1"),
        ("open issue", "tracking issue"),
    ]
    assert "2 write(s) planned; nothing was written." in plan.table()


def test_completed_cohorts_get_their_tracking_issue_closed():
    github = MemoryGitHub()
    run(github, D("2026-01-12"))
    done = replace(ACTIVE, status="completed", accepting_mentees=False)
    run(github, D("2026-03-30"), model(done))
    [tracking] = [i for i in github.issues.values() if "tracking" in i["labels"]]
    assert tracking["state"] == "closed" and "completed" in tracking["labels"]


def test_progress_reads_the_term_back_and_warns_about_edited_issues():
    from cohortkit.checkins.progress import build_snapshot

    github = MemoryGitHub()
    for day in (D("2026-01-12"), D("2026-01-19"), D("2026-01-26")):
        run(github, day)
    first, second, third = sorted(github.titled("check-in"))
    github.close(first, ticks=("ana", "bo"))
    github.close(second, reason="not_planned")
    github.issues[third]["body"] = "rewritten by hand"
    issues = github.list_issues(["cohortkit"], "all")
    snapshot = build_snapshot(model(ACTIVE), issues, D("2026-02-02"), "acme/mentoring")
    c1 = snapshot["cohorts"]["c1"]
    assert [c["outcome"] for c in c1["checkins"]] == ["held", "not held"]
    assert c1["checkins"][0]["attended"] == ["ana", "bo"] and c1["checkins"][0]["closed_by"] == "mo"
    assert c1["attendance"] == {"ana": 1, "bo": 1}
    assert c1["status"] == "at risk"
    assert any(f"#{third}: no cohortkit marker" in w for w in snapshot["warnings"])


def test_health_names_quiet_and_away_mentors_and_suggests_a_replacement():
    from cohortkit.checkins.health import CheckinActivity, assess

    helper = replace(
        person("max"),
        seeks_roles=("mentor",),
        interests=("git",),
        timezone="Europe/Paris",
        attributes={"workshops_taught": 4},
    )
    far = replace(
        person("mel"),
        seeks_roles=("mentor",),
        interests=("git",),
        timezone="Pacific/Auckland",
        attributes={"workshops_taught": 4},
    )
    data = model(ACTIVE, away={"mo": D("2026-04-01")})
    data = replace(
        data,
        people={**data.people, "max": helper, "mel": far},
        present_people=data.present_people | {"max", "mel"},
    )
    quiet = [CheckinActivity("ana", frozenset()), CheckinActivity(None, frozenset({"bo"}))]
    report = assess(data, {"c1": quiet}, D("2026-02-20"))
    assert ("mo", "c1", "away until 2026-04-01") in report.inactive
    assert any(
        login == "mia" and "no check-in closed or commented" in why for login, _, why in report.inactive
    )
    assert report.orphaned == ["c1"]
    assert report.mentees_without_mentor == [("ana", "c1"), ("bo", "c1")]
    # Both are free and on topic; the one nearer the meeting's time zone comes first.
    assert [s.login for s in report.suggestions["c1"]] == ["max", "mel"]
    active = assess(data, {"c1": [CheckinActivity("mia", frozenset())] * 2}, D("2026-02-20"))
    assert active.orphaned == [] and [m for m, _, _ in active.inactive] == ["mo"]
    # With mo away, mia alone carries three mentees where the program allows two per mentor.
    crowded = replace(ACTIVE, mentees=(*ACTIVE.mentees, replace(ACTIVE.mentees[0], person="max", index=2)))
    heavy = assess(
        replace(data, cohorts={"c1": crowded}),
        {"c1": [CheckinActivity("mia", frozenset())] * 2},
        D("2026-02-20"),
    )
    assert [(m, c) for m, c, _ in heavy.overloaded] == [("mia", "c1")]
