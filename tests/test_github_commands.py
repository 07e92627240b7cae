"""The GitHub subcommands as a user runs them, on the example data, against the fake GitHub."""

from __future__ import annotations

import json

import pytest
from cohortkit import cli
from cohortkit.github.labels import fixed_labels
from fakegithub import FakeGitHub


@pytest.fixture
def fake(monkeypatch, repo_root):
    with FakeGitHub("acme", "mentoring") as server:
        monkeypatch.setenv("GITHUB_TOKEN", "test-token")
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        monkeypatch.chdir(repo_root)
        yield server


def cohortkit(*args: str) -> int:
    return cli.main([*args[:1], "--repo", "acme/mentoring", "--pace", "0", *args[1:]])


def test_labels_sync_creates_then_fixes_and_never_deletes(fake):
    fake.add_label("help wanted")
    assert cli.main(["labels", "sync", "--repo", "acme/mentoring", "--pace", "0"]) == 0
    names = {label["name"] for label in fake.labels()}
    assert {label.name for label in fixed_labels()} <= names
    assert "program:dsc-mentoring-groups" in names and "help wanted" in names
    # No label per cohort: GitHub makes one when the cohort's first issue carries it, for free.
    assert not any(name.startswith("cohort:") for name in names)
    fake.reset_log()
    assert cli.main(["labels", "sync", "--repo", "acme/mentoring", "--pace", "0"]) == 0
    assert all(r.method == "GET" for r in fake.requests)  # nothing left to change


def test_a_cohort_label_comes_with_the_cohorts_first_issue(fake):
    for login in ("tevita-fonua", "halima-juma"):
        fake.add_collaborator(login, "write")
    assert cli.main(["labels", "sync", "--repo", "acme/mentoring", "--pace", "0"]) == 0
    fake.reset_log()
    assert cohortkit("checkins", "--today", "2026-11-23") == 0
    assert "cohort:dsc-2026q4-r-teaching" in {label["name"] for label in fake.labels()}
    assert fake.requests_to("POST", "/repos/acme/mentoring/labels") == []


def test_checkins_dry_run_prints_a_plan_and_writes_nothing(fake, capsys):
    assert cohortkit("checkins", "--today", "2026-11-23", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "open issue" in out and "write(s) planned; nothing was written." in out
    assert fake.issues() == []


def test_checkins_then_progress_then_health(fake, tmp_path, capsys):
    for login in ("tevita-fonua", "halima-juma"):
        fake.add_collaborator(login, "write")
    assert cohortkit("checkins", "--today", "2026-11-23") == 0
    checkins = [i for i in fake.issues() if any(label["name"] == "check-in" for label in i["labels"])]
    tracking = [i for i in fake.issues() if any(label["name"] == "tracking" for label in i["labels"])]
    assert checkins and len(tracking) == 8  # one per active cohort in the example data
    # A mentor holds one meeting and ticks attendance.
    first = checkins[0]
    fake.add_comment(first["number"], "Great session!", by="halima-juma")
    fake.close_issue(first["number"], by="tevita-fonua", reason="completed")
    out = tmp_path / "progress.json"
    assert cohortkit("progress", "--out", str(out), "--today", "2026-11-23") == 0
    snapshot = json.loads(out.read_text())
    held = [
        c for cohort in snapshot["cohorts"].values() for c in cohort["checkins"] if c["outcome"] == "held"
    ]
    assert [c["issue"] for c in held] == [first["number"]]
    assert held[0]["closed_by"] == "tevita-fonua" and held[0]["commenters"] == ["halima-juma"]
    assert cohortkit("health", "--today", "2026-11-23") == 0
    [health] = [i for i in fake.issues() if i["title"] == "Program health"]
    assert "david-mugisha" in health["body"]  # the mentor on leave in the example data
    fake.reset_log()
    assert cohortkit("health", "--today", "2026-11-23") == 0
    assert not [r for r in fake.requests if r.method == "POST"]  # updated in place, never twice


def test_a_missing_token_is_one_clear_line(monkeypatch, capsys, repo_root):
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.chdir(repo_root)
    assert cli.main(["checkins", "--repo", "acme/mentoring", "--dry-run"]) == 2
    assert "GITHUB_TOKEN is not set" in capsys.readouterr().err


def test_progress_does_not_read_a_settled_check_ins_comments_again(fake, tmp_path):
    for login in ("tevita-fonua", "halima-juma"):
        fake.add_collaborator(login, "write")
    assert cohortkit("checkins", "--today", "2026-11-23") == 0
    checkin = next(i for i in fake.issues() if any(label["name"] == "check-in" for label in i["labels"]))
    fake.add_comment(checkin["number"], "We met; notes in the doc.", by="tevita-fonua")
    fake.close_issue(checkin["number"], by="tevita-fonua")
    out = tmp_path / "progress.json"
    assert cohortkit("progress", "--today", "2026-11-24", "--out", str(out)) == 0
    path = f"/repos/acme/mentoring/issues/{checkin['number']}/comments"
    assert len(fake.requests_to("GET", path)) == 1
    fake.reset_log()
    assert cohortkit("progress", "--today", "2026-11-25", "--out", str(out)) == 0
    assert fake.requests_to("GET", path) == []
    snapshot = json.loads(out.read_text())
    found = [
        c
        for cohort in snapshot["cohorts"].values()
        for c in cohort["checkins"]
        if c.get("issue") == checkin["number"]
    ]
    assert found[0]["commenters"] == ["tevita-fonua"]
