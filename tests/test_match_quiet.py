"""`cohortkit match --progress`: mentors the check-ins show quiet are replaced, by health's own rule.

The snapshot is the real thing: check-ins opened by `cohortkit checkins` on the fake
GitHub over several weeks, read back by `cohortkit progress`; `cohortkit health`
reads the same issues, and both must name the same quiet mentors.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from cohortkit import cli
from cohortkit.commands.match import quiet_mentors
from cohortkit.data.load import load_tree
from cohortkit.matching.market import mentor_places
from cohortkit.matching.quiet import QuietMentor, by_cohort
from cohortkit.matching.run import match
from cohortkit.site.progress import read_progress
from cohortkit.validation.pipeline import validate_tree
from fakegithub import FakeGitHub
from review_repo import REPO_ROOT, DataRepo

TODAY = "2026-12-01"
R_TEACHING = "dsc-2026q4-r-teaching"  # tevita-fonua's, meeting Tuesdays 19:00 in Auckland
NAIROBI = "dsc-2026q4-nairobi-community"  # two mentors, the program's most


def github(server: FakeGitHub, root: Path, *args: str) -> int:
    return cli.main([args[0], "--repo", "acme/mentoring", "--pace", "0", "--root", str(root), *args[1:]])


def check_in_of(server: FakeGitHub, cohort: str, due: str) -> int:
    mark = f"cohortkit:checkin cohort={cohort} period={due}"
    return next(i["number"] for i in server.issues() if mark in i["body"])


@pytest.fixture(scope="module")
def weeks_of_checkins(tmp_path_factory: pytest.TempPathFactory) -> tuple[DataRepo, Path, str]:
    """Four weekly check-in runs; tevita-fonua closes the first check-in and then goes silent;
    Beatriz, who seeks to mentor R teaching in the program, now lives in Auckland."""
    repo = DataRepo(tmp_path_factory.mktemp("quiet") / "data")
    repo.replace("people/beatriz-santos.yaml", "timezone: Europe/Lisbon", "timezone: Pacific/Auckland")
    repo.commit("beatriz moved")
    with FakeGitHub("acme", "mentoring") as server, pytest.MonkeyPatch.context() as env:
        env.setenv("GITHUB_TOKEN", "test-token")
        env.setenv("GITHUB_API_URL", server.url)
        assert github(server, repo.path, "checkins", "--today", "2026-11-10") == 0
        server.close_issue(check_in_of(server, R_TEACHING, "2026-11-10"), by="tevita-fonua")
        for day in ("2026-11-17", "2026-11-24", TODAY):
            assert github(server, repo.path, "checkins", "--today", day) == 0
        # A mentee's comment is not the mentor's: it keeps nobody from being quiet.
        server.add_comment(check_in_of(server, R_TEACHING, "2026-11-24"), "we met?", by="aroha-ngata")
        snapshot = repo.path.parent / "progress.json"
        assert github(server, repo.path, "progress", "--today", TODAY, "--out", str(snapshot)) == 0
        assert github(server, repo.path, "health", "--today", TODAY) == 0
        health = next(i["body"] for i in server.issues() if i["title"] == "Program health")
    return repo, snapshot, health


def run_match(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = cli.main(["match", "--root", str(root), "--today", TODAY, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_match_and_health_name_the_same_quiet_mentors(weeks_of_checkins, capsys) -> None:
    repo, snapshot, health = weeks_of_checkins
    code, out, err = run_match(repo.path, capsys, "--progress", str(snapshot), "--format", "json")
    assert code == 0, err
    quiet = {(q["login"], q["cohort"]) for q in json.loads(out)["quiet"]}
    # Health's table of inactive mentors, less those away (the data says so, not the check-ins).
    inactive = set(re.findall(r"^\| `([\w-]+)` \| ([\w-]+) \| no check-in closed", health, re.M))
    assert quiet == inactive
    assert ("tevita-fonua", R_TEACHING) in quiet
    assert ("david-mugisha", "reps-2026h2-east-africa") not in quiet  # away, not quiet


def test_a_cohort_whose_mentor_went_quiet_gets_a_mentor_and_says_since_when(
    weeks_of_checkins, capsys
) -> None:
    repo, snapshot, _ = weeks_of_checkins
    only = ("--program", "dsc-mentoring-groups", "--progress", str(snapshot))
    code, out, err = run_match(repo.path, capsys, *only, "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    [proposal] = [p for p in result["proposals"] if p["role"] == "mentor"]
    assert (proposal["login"], proposal["cohort"]) == ("beatriz-santos", R_TEACHING)
    # Closed by him on 2026-11-10, then two check-ins without him: quiet since the one due 2026-11-17.
    assert proposal["need"] == (
        "its mentor tevita-fonua went quiet: no check-in closed or commented on since the one due "
        "2026-11-17 (2 in a row, check-ins read on 2026-12-01)"
    )
    assert proposal["terms"]["topic"] and proposal["terms"]["hours"]  # the fit is explained as ever
    code, out, _ = run_match(repo.path, capsys, *only)
    assert f"propose beatriz-santos as mentor of {R_TEACHING}" in out
    assert "    needed: its mentor tevita-fonua went quiet" in out
    assert "counted as unavailable: " in out
    code, out, _ = run_match(repo.path, capsys, *only, "--format", "markdown")
    assert "Needed: its mentor tevita-fonua went quiet" in out


def test_a_cohort_at_its_most_mentors_all_quiet_is_told_not_offered(weeks_of_checkins) -> None:
    repo, snapshot, _ = weeks_of_checkins
    model = load_tree(repo.path).model
    quiet = quiet_mentors(model, read_progress(snapshot), snapshot)
    program = model.programs["dsc-mentoring-groups"]
    places, closed = mentor_places(
        model, program, date.fromisoformat(TODAY), [model.cohorts[NAIROBI]], by_cohort(quiet)
    )
    assert places == []
    [(_, reason)] = closed
    assert reason.startswith("its mentors: helen-mwangi went quiet: no check-in closed or commented on since")
    assert "samuel-otieno went quiet" in reason and reason.endswith("and it has the 2 mentor(s) it may have")


def test_without_the_snapshot_nobody_is_quiet_and_with_it_the_proposal_is_written(
    weeks_of_checkins, capsys
) -> None:
    repo, snapshot, _ = weeks_of_checkins
    code, out, _ = run_match(repo.path, capsys, "--program", "dsc-mentoring-groups", "--format", "json")
    assert code == 0 and not [p for p in json.loads(out)["proposals"] if p["role"] == "mentor"]
    repo.start("write", at="HEAD")
    try:
        only = ("--program", "dsc-mentoring-groups", "--progress", str(snapshot), "--write")
        code, _, err = run_match(repo.path, capsys, *only)
        assert code == 0, err
        assert "  - person: beatriz-santos\n    joined: 2026-12-01\n" in repo.read(
            f"cohorts/2026-q4/{R_TEACHING}.yaml"
        )
        _, problems = validate_tree(repo.path, date.fromisoformat(TODAY))
        assert [p.text for p in problems if p.severity == "error"] == []
    finally:
        repo.start("main", at="main")


def snapshot_file(tmp_path: Path, checkins: list[dict], generated: str = TODAY) -> Path:
    path = tmp_path / "progress.json"
    data = {"version": 1, "repo": "acme/mentoring", "generated_for": generated, "warnings": []}
    data["cohorts"] = {R_TEACHING: {"status": "stalled", "checkins": checkins}}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def checkin(due: str, issue: int, outcome: str = "missed", **extra: object) -> dict:
    return {"number": issue, "period": due, "week": issue, "issue": issue, "outcome": outcome, **extra}


def test_a_comment_by_the_mentor_in_any_case_keeps_them_and_an_old_snapshot_is_flagged(
    tmp_path, capsys
) -> None:
    commented = [
        checkin("2026-11-10", 1),
        checkin("2026-11-17", 2, commenters=["Tevita-Fonua"]),
        checkin("2026-11-24", 3),
        checkin(TODAY, 4, "open"),  # still open: not counted yet
    ]
    code, out, err = run_match(
        REPO_ROOT, capsys, "--progress", str(snapshot_file(tmp_path, commented)), "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out)["quiet"] == []
    silent = [checkin("2026-11-17", 2, closed_by="github-actions[bot]"), checkin("2026-11-24", 3)]
    path = snapshot_file(tmp_path, silent, generated="2026-11-02")
    code, out, err = run_match(REPO_ROOT, capsys, "--progress", str(path), "--format", "json")
    assert code == 0, err
    assert [(q["login"], q["since"], q["checkins"]) for q in json.loads(out)["quiet"]] == [
        ("tevita-fonua", "2026-11-17", 2)
    ]
    assert f"warning: {path} read the check-ins on 2026-11-02, 29 days ago" in err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "cannot read the progress snapshot"),
        ("[1, 2]", "top level: should be an object"),
        ('{"version": 9, "cohorts": {}}', "version: is 9"),
        ('{"cohorts": {"c": 7}}', "cohorts.c: should be an object"),
        (
            json.dumps(
                {"cohorts": {R_TEACHING: {"checkins": [checkin("2026-11-17", 2, commenters="tevita-fonua")]}}}
            ),
            f"cohorts.{R_TEACHING}.checkins[0].commenters: should be a list of logins",
        ),
        (
            json.dumps({"cohorts": {R_TEACHING: {"checkins": [checkin("2026-11-17", 2, closed_by=["x"])]}}}),
            f"cohorts.{R_TEACHING}.checkins[0].closed_by: should be text",
        ),
        (
            json.dumps({"cohorts": {R_TEACHING: {"checkins": [checkin("<b>soon</b>", 2), checkin("~", 3)]}}}),
            "is not its due date",
        ),
        ("\udcff", "cannot read the progress snapshot"),
    ],
)
def test_a_malformed_snapshot_is_one_line_naming_the_file(tmp_path, capsys, content, says) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    code, out, err = run_match(REPO_ROOT, capsys, "--progress", str(path))
    assert code == 2 and out == ""
    [line] = [line for line in err.splitlines() if not line.startswith("warning:")]
    assert line.startswith(f"cohortkit: {path}: ") and says in line, err
    assert "Traceback" not in err


def test_a_missing_snapshot_is_named(tmp_path, capsys) -> None:
    code, _, err = run_match(REPO_ROOT, capsys, "--progress", str(tmp_path / "nowhere.json"))
    assert code == 2 and "nowhere.json: no such progress snapshot" in err and "Traceback" not in err


def test_a_quiet_mentor_is_not_handed_another_cohort_nor_suggested_for_a_new_one() -> None:
    model = load_tree(REPO_ROOT).model
    today = date.fromisoformat(TODAY)
    before = match(model, today, "dsc-mentoring-groups")
    assert any("beatriz-santos" in " ".join(g.mentors) for g in before.gaps)
    # As if Beatriz led a cohort elsewhere and had gone quiet there.
    quiet = QuietMentor("beatriz-santos", "cb-2026q4-talk", date(2026, 11, 3), 3, today)
    after = match(model, today, "dsc-mentoring-groups", quiet=[quiet])
    [reason] = [u.reason for u in after.unplaced if u.login == "beatriz-santos"]
    assert reason.startswith(
        "in cb-2026q4-talk, beatriz-santos went quiet: no check-in closed or commented on since"
    )
    assert not any("beatriz-santos" in " ".join(g.mentors) for g in after.gaps)


def test_a_mentor_leading_a_cohort_with_room_for_another_replaces_a_quiet_one_but_never_in_their_own() -> (
    None
):
    # Found by the year replay: cohorts whose mentor went quiet waited all term while health
    # suggested mentors who lead one cohort and may lead two; matching did not offer them.
    from dataclasses import replace

    model = load_tree(REPO_ROOT).model
    today = date.fromisoformat(TODAY)
    people = dict(model.people)
    people["beatriz-santos"] = replace(people["beatriz-santos"], away_until=date(2027, 6, 1))
    # ebo-asante leads dsc-2027q1-organizing; put him in Auckland, by the R teaching cohort.
    people["ebo-asante"] = replace(people["ebo-asante"], timezone="Pacific/Auckland")
    model = replace(model, people=people)
    quiet = QuietMentor("tevita-fonua", R_TEACHING, date(2026, 11, 17), 2, today)
    result = match(model, today, "dsc-mentoring-groups", quiet=[quiet])
    mentors = [(p.login, p.cohort) for p in result.proposals if p.role == "mentor"]
    assert mentors == [("ebo-asante", R_TEACHING)]
    # Offered, not waiting: a mentor who leads a cohort is never listed among the unplaced.
    leading = {m.person for c in model.cohorts.values() for m in c.active_mentors}
    assert not [
        u for u in result.unplaced if u.role == "mentor" and u.login in leading and u.login != "tevita-fonua"
    ]
    # And never proposed to a cohort they already lead, even one short of a mentor.
    assert all(login not in {m.person for m in model.cohorts[c].active_mentors} for login, c in mentors)
