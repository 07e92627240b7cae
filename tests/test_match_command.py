"""`cohortkit match` on the example data: everyone waiting placed or told why, written for review."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cohortkit.cli import main
from cohortkit.validation.pipeline import validate_tree
from review_repo import REPO_ROOT, DataRepo

DAY = "2026-12-01"  # dsc, cloudbridge, nimbus and reps each have a cohort enrolling
DSC_COORDINATORS = {"priya-raman", "marta-kowal"}


def run_match(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["match", "--root", str(root), "--today", DAY, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_seeker_is_proposed_or_told_why(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_match(REPO_ROOT, capsys, "--format", "json")
    assert code == 0
    result = json.loads(out)
    proposed = {(p["login"], p["program"], p["role"]) for p in result["proposals"]}
    waiting = {(u["login"], u["program"], u["role"]) for u in result["unplaced"]}
    assert proposed and not proposed & waiting
    tree, _ = validate_tree(REPO_ROOT)
    for person in tree.model.people.values():
        for program in person.seeks_programs:
            for role in person.seeks_roles:
                active = any(
                    c.program == program
                    and c.running
                    and any(
                        m.active and m.person == person.login
                        for m in (c.mentors if role == "mentor" else c.mentees)
                    )
                    for c in tree.model.cohorts.values()
                )
                if not active:
                    assert (person.login, program, role) in proposed | waiting
    for proposal in result["proposals"]:
        assert proposal["fit"] == sum(proposal["terms"].values())
        assert proposal["why"]
    assert all(u["reason"] for u in result["unplaced"])
    assert result["total_fit"] >= result["greedy_total_fit"]
    assert any(
        p["login"] == "rafael-quispe" and p["cohort"] == "dsc-2027q1-sql-teaching"
        for p in result["proposals"]
    )
    reasons = {u["login"]: u["reason"] for u in result["unplaced"]}
    assert "waking hours" in reasons["ana-lucia-mendes"]
    assert reasons["elif-yilmaz"].startswith("every cohort that fits them is full")
    assert any("no cohort has a seat" in g["text"] for g in result["gaps"])


def test_text_and_markdown_explain_each_proposal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_match(REPO_ROOT, capsys, "--program", "dsc-mentoring-groups")
    assert code == 0
    assert "propose rafael-quispe as mentee of dsc-2027q1-sql-teaching (fit 100)" in out
    assert "topic +20 (sql)" in out and "why:" in out
    assert "waiting: elif-yilmaz" in out
    code, out, _ = run_match(REPO_ROOT, capsys, "--format", "markdown", "--term", "2027-q1")
    assert code == 0 and "## Proposed memberships" in out and "| rafael-quispe | mentee |" in out


def test_write_adds_memberships_that_validate_and_review_pr_names_the_coordinators(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = DataRepo(tmp_path / "data")
    repo.start("match")
    before = repo.read("cohorts/2027-q1/dsc-2027q1-sql-teaching.yaml")
    code, _, err = run_match(repo.path, capsys, "--program", "dsc-mentoring-groups", "--write")
    assert code == 0, err
    after = repo.read("cohorts/2027-q1/dsc-2027q1-sql-teaching.yaml")
    assert after.startswith(before)  # comments, order and quoting kept: only entries appended
    assert after[len(before) :] == (
        "  - person: marisol-ocampo\n    joined: 2026-12-01\n    outcome: active\n"
        "  - person: rafael-quispe\n    joined: 2026-12-01\n    outcome: active\n"
    )
    _, problems = validate_tree(repo.path, date.fromisoformat(DAY))
    assert [p for p in problems if p.severity == "error"] == []
    repo.commit("match")
    review = repo.review("github-actions[bot]", today=date.fromisoformat(DAY))
    assert {j.change.kind for j in review.judgements} == {"membership-added"}
    assert set(review.reviewers) >= DSC_COORDINATORS
    assert review.verdict == "needs-review"


def test_a_cohort_whose_mentor_is_away_gets_a_mentor_proposed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = DataRepo(tmp_path / "data")
    repo.start("away")
    # The organizing group's only mentor goes away; Beatriz seeks to mentor in the program.
    organizing = repo.read("cohorts/2027-q1/dsc-2027q1-organizing.yaml")
    mentor = organizing.split("mentors:\n  - person: ", 1)[1].split("\n", 1)[0]
    repo.append(f"people/{mentor}.yaml", "away_until: 2027-03-01\n")
    repo.commit("away")
    code, out, err = run_match(repo.path, capsys, "--program", "dsc-mentoring-groups", "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    mentors = [p for p in result["proposals"] if p["role"] == "mentor"]
    waiting = {u["login"]: u["reason"] for u in result["unplaced"] if u["role"] == "mentor"}
    assert [(p["login"], p["cohort"]) for p in mentors] == [("beatriz-santos", "dsc-2027q1-organizing")]
    assert "needs a mentor" not in waiting.get("marta-kowal", "")  # told why: the one place went to Beatriz
    code, _, err = run_match(repo.path, capsys, "--program", "dsc-mentoring-groups", "--write")
    assert code == 0, err
    _, problems = validate_tree(repo.path, date.fromisoformat(DAY))
    assert [p.text for p in problems if p.severity == "error"] == []


def test_write_restores_every_file_when_the_result_does_not_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = DataRepo(tmp_path / "data")
    files = {p: p.read_bytes() for p in (repo.path / "cohorts").rglob("*.yaml")}
    import cohortkit.commands.match as command
    from cohortkit.data.problems import Problem

    real = command.validate_tree

    def failing(root: Path, today: date | None = None):  # type: ignore[no-untyped-def]
        tree, _ = real(root, today)
        return tree, [Problem("cohorts/x.yaml", "made to fail", "test")]

    monkeypatch.setattr(command, "validate_tree", failing)
    code, _, err = run_match(repo.path, capsys, "--write")
    assert code != 0 and "restored" in err
    assert {p: p.read_bytes() for p in (repo.path / "cohorts").rglob("*.yaml")} == files


def test_bad_options_and_broken_data_get_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_match(REPO_ROOT, capsys, "--program", "no-such-program")
    assert code == 2 and "no program 'no-such-program'" in err
    code, _, err = run_match(REPO_ROOT, capsys, "--term", "1999-q9")
    assert code == 2 and "no program has a term" in err
    repo = DataRepo(tmp_path / "data")
    repo.write("people/broken.yaml", "login: [unclosed\n")
    code, _, err = run_match(repo.path, capsys)
    assert code == 1 and "Traceback" not in err and "run cohortkit validate" in err


def test_the_match_pull_request_gets_its_review_comment_as_the_workflow_puts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], github
) -> None:
    # The workflow's token opens the pull request, so no review workflow starts: the job runs
    # review-comment itself (reusable-match.yml's last step), with the number and head it pushed.
    repo = DataRepo(tmp_path / "data")
    repo.start("cohortkit/match")
    code, _, err = run_match(repo.path, capsys, "--program", "dsc-mentoring-groups", "--write")
    assert code == 0, err
    head = repo.commit("Proposed cohort memberships")
    github.add_collaborator("priya-raman", "admin")
    number = github.add_pull_request(
        "Proposed cohort memberships",
        by=github.actor,
        head="cohortkit/match",
        head_sha=head,
        base_sha=repo.base,
    )
    step = ["review-comment", "--repo", "acme/mentoring", "--root", str(repo.path), "--pace", "0"]
    step += ["--today", DAY, "--pull-request", str(number), "--head-sha", head, "--bot-login", github.actor]
    assert main(step) == 0, capsys.readouterr().err
    [comment] = [c for c in github.comments(number) if "<!-- cohortkit:review -->" in c["body"]]
    assert "rafael-quispe" in comment["body"] and "marisol-ocampo" in comment["body"]
    assert "priya-raman" in {u["login"] for u in github.pull_request(number)["requested_reviewers"]}
    assert "@marta-kowal" in comment["body"]  # the other coordinator, asked by mention
    github.assert_contract_ok()
