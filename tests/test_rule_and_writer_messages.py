"""Rules and reports, on models built in code: eligibility wording and reach, cohorts past their end,
files left out of the cross-file rules, and how dry-run writers and GitHub failures are put in words."""

from __future__ import annotations

import io
import json
import shutil
import socket
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import requests
import urllib3.exceptions
from cohortkit.checkins.context import RunOptions
from cohortkit.checkins.run import run_checkins
from cohortkit.data.load import load_tree
from cohortkit.data.model import EligibilityRule, Model, RoleSpec
from cohortkit.data.problems import Problem
from cohortkit.github.failures import explain_failure
from cohortkit.github.writers import PERFORMED, PLANNED, GitHubWriter, PlanWriter, wording_of
from cohortkit.program.eligibility import yaml_scalar
from cohortkit.validation.report import write_report
from cohortkit.validation.rules import RuleContext, run_rules
from factories import PROGRAM, D, cohort, person
from github import GithubException

EXAMPLES = Path(__file__).parent / "example-files"


def model_of(*cohorts, people=("mo", "ana"), program=PROGRAM, **changes) -> Model:
    everyone = {login: changes.get(login, person(login)) for login in people}
    return Model(
        {"p": program},
        {c.id: c for c in cohorts},
        everyone,
        frozenset({"p"}),
        frozenset(c.id for c in cohorts),
        frozenset(everyone),
    )


def problems_of(model: Model, today: date | None = None, rule: str | None = None) -> list[Problem]:
    found = run_rules(RuleContext(model, Path(), today))
    return [p for p in found if rule is None or p.rule == rule]


# 3. Eligibility: say what is missing, in YAML's spelling, and check every running cohort's members.

CERTIFIED = replace(
    PROGRAM,
    roles={
        **PROGRAM.roles,
        "mentor": RoleSpec(
            "Mentor",
            ("lead",),
            eligibility=(
                EligibilityRule("carpentries_instructor", "Be a Carpentries instructor", equals=True),
            ),
        ),
    },
)


def test_a_missing_yes_no_attribute_is_called_missing_with_the_line_that_adds_it():
    mo = person("mo", attributes={})
    [problem] = problems_of(model_of(cohort("c1"), program=CERTIFIED, mo=mo), rule="eligibility")
    assert problem.message == (
        "mo does not meet a mentor requirement of 'p': Be a Carpentries instructor "
        "(people/mo.yaml has no 'attributes.carpentries_instructor')"
    )
    assert problem.fix.startswith(
        'if it applies to you, add it under attributes: "carpentries_instructor: true"'
    )
    assert "False" not in problem.text and "True" not in problem.text


def test_a_false_attribute_is_spelled_as_yaml_spells_it():
    mo = person("mo", attributes={"carpentries_instructor": False})
    [problem] = problems_of(model_of(cohort("c1"), program=CERTIFIED, mo=mo), rule="eligibility")
    assert problem.message.endswith("(carpentries_instructor is false in people/mo.yaml)")
    assert problem.fix == "choose a role whose requirements you meet, or ask a coordinator"


def test_a_missing_number_attribute_is_called_missing_with_the_number_the_rule_asks_for():
    mo = person("mo", attributes={})
    [problem] = problems_of(model_of(cohort("c1"), mo=mo), rule="eligibility")
    assert "(people/mo.yaml has no 'attributes.workshops_taught')" in problem.message
    assert 'add it under attributes: "workshops_taught: 3"' in problem.fix


@pytest.mark.parametrize(
    ("value", "spelled"),
    [
        (True, "true"),
        (False, "false"),
        (3, "3"),
        (2.5, "2.5"),
        ("lfx", "lfx"),
        ("LFX Mentorship", "LFX Mentorship"),
        ("no", '"no"'),  # bare, YAML would read a yes/no value
        ("3", '"3"'),  # bare, a number
        ("a: b", '"a: b"'),
        ("", '""'),
    ],
)
def test_values_are_spelled_as_yaml_reads_them_back(value, spelled):
    assert yaml_scalar(value) == spelled


@pytest.mark.parametrize("status", ["forming", "active"])
def test_every_active_member_of_a_running_cohort_must_be_eligible(status):
    # ana joined on 2026-01-05, a week before the cohort's start, and has taught since.
    ana = person("ana", attributes={"workshops_taught": 4})
    running = cohort("c1", status=status)
    [problem] = problems_of(model_of(running, ana=ana), rule="eligibility")
    assert "ana does not meet a mentee requirement of 'p'" in problem.message
    assert "(workshops_taught is 4 in people/ana.yaml)" in problem.message


def test_members_who_left_and_finished_cohorts_are_not_held_to_the_rules():
    ana = person("ana", attributes={"workshops_taught": 4})
    base = cohort("c1", status="active")
    left = replace(base, mentees=(replace(base.mentees[0], outcome="withdrawn", left=D("2026-02-01")),))
    assert problems_of(model_of(left, ana=ana), rule="eligibility") == []
    done = replace(
        base,
        status="completed",
        accepting_mentees=False,
        mentors=(replace(base.mentors[0], outcome="completed", left=D("2026-03-20")),),
        mentees=(replace(base.mentees[0], outcome="completed", left=D("2026-03-20")),),
    )
    assert problems_of(model_of(done, ana=ana), rule="eligibility") == []


# 4. A running cohort past its end date: a warning, when there is a today to judge by.


@pytest.mark.parametrize("status", ["forming", "active"])
def test_a_running_cohort_past_its_end_gets_a_warning(status):
    late = cohort("c1", status=status)  # ends 2026-03-20
    [problem] = problems_of(model_of(late), today=D("2026-03-21"), rule="status")
    assert problem.severity == "warning"
    assert problem.path == ("status",)
    assert problem.message == f"the cohort ended on 2026-03-20 but its status is still {status}"
    assert "record each member's outcome, then set status: completed" in problem.fix
    assert "status: cancelled" in problem.fix


def test_no_warning_on_the_last_day_or_without_a_today_or_once_completed():
    running = cohort("c1", status="active")
    assert problems_of(model_of(running), today=D("2026-03-20"), rule="status") == []
    assert problems_of(model_of(running), today=None, rule="status") == []
    base = cohort("c1", status="completed", accepting_mentees=False)
    done = replace(
        base,
        mentors=(replace(base.mentors[0], outcome="completed", left=D("2026-03-20")),),
        mentees=(replace(base.mentees[0], outcome="completed", left=D("2026-03-20")),),
    )
    assert problems_of(model_of(done), today=D("2027-01-01")) == []


# 5. Files left out of the cross-file rules are counted, and the report says so.


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "tree"
    shutil.copytree(EXAMPLES / "base", root)
    return root


def test_loading_counts_files_that_failed_their_own_checks(tree):
    assert load_tree(tree).left_out == 0
    (tree / "people" / "mentee-eli.yaml").write_text("login: [\n", encoding="utf-8")
    (tree / "cohorts" / "2026-q1" / "git-teaching.yaml").write_text("id: 3\n", encoding="utf-8")
    assert load_tree(tree).left_out == 2


def test_loading_counts_a_second_file_claiming_an_id_that_the_model_does_not_keep(tree):
    shutil.copyfile(tree / "people" / "mentee-eli.yaml", tree / "people" / "Mentee-Eli.yaml")
    loaded = load_tree(tree)
    assert loaded.left_out == 1 and loaded.file_count == 14


def render(fmt, left_out: int) -> str:
    out = io.StringIO()
    problem = Problem("people/a.yaml", "broken", "schema", line=1, col=1)
    write_report([problem], 12, fmt, out, left_out=left_out)
    return out.getvalue()


def test_the_text_summary_names_files_left_out_only_when_there_are_some():
    assert render("text", 0).splitlines()[-1] == "12 files checked: 1 error, 0 warnings"
    assert render("text", 2).splitlines()[-1] == (
        "12 files checked: 1 error, 0 warnings; "
        "2 files left out of the cross-file checks until their own errors are fixed"
    )


def test_the_json_report_always_has_the_count():
    assert json.loads(render("json", 0))["files_left_out_of_cross_file_checks"] == 0
    assert json.loads(render("json", 3))["files_left_out_of_cross_file_checks"] == 3


def test_the_github_notice_carries_the_same_summary():
    notice = render("github", 1).splitlines()[-1]
    assert notice.startswith("::notice title=cohortkit validate::12 files checked: 1 error, 0 warnings; ")
    assert "1 file left out of the cross-file checks until its own errors are fixed" in notice


# 1. Log lines follow the writer: planned by a dry run, or done.


class MemoryReader:
    def list_issues(self, labels=(), state="open", **filters):
        return []

    def get_issue(self, number):
        raise AssertionError("nothing to read back")

    def list_comments(self, number):
        return []


def test_a_plan_writer_says_would_and_deciding_is_the_same():
    running = cohort("c1", status="active")
    model = model_of(running)
    lines: list[str] = []
    plan = PlanWriter()
    run_checkins(model, MemoryReader(), plan, RunOptions(today=D("2026-01-12")), log=lines.append)
    assert lines == ["[1/1] c1: would open check-in 1, would open tracking issue (on track)"]
    assert [w.target for w in plan.writes] == ["check-in 1", "tracking issue"]


def test_writers_name_their_wording():
    assert wording_of(PlanWriter()) is PLANNED
    assert GitHubWriter.wording is PERFORMED
    assert wording_of(object()) is PERFORMED  # a writer that does not say carries its writes out
    assert (PLANNED.opened, PERFORMED.opened) == ("would open", "opened")


# 2. Failures that are GitHub's or the network's, put in one line.


def test_a_host_name_that_does_not_resolve(monkeypatch):
    monkeypatch.setenv("GITHUB_API_URL", "https://github.invalid/api/v3")
    resolve = urllib3.exceptions.NameResolutionError(
        "github.invalid", None, socket.gaierror(-2, "Name or service not known")
    )
    failure = requests.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/repos/a/b", resolve))
    assert explain_failure(failure) == (
        "cannot reach the GitHub API at https://github.invalid/api/v3 (the host name does not resolve); "
        "check GITHUB_API_URL and the network"
    )


def test_a_permission_refusal_names_the_request_and_the_permission(monkeypatch):
    refusal = GithubException(403, {"message": "Resource not accessible by integration"}, {})
    refusal.add_note("cohortkit request: POST /repos/acme/mentoring/issues")
    line = explain_failure(refusal)
    assert line is not None
    assert line.startswith(
        "GitHub refused to POST /repos/acme/mentoring/issues (HTTP 403: Resource not accessible by integration)"
    )
    assert "issues: write" in line


def test_other_answers_stay_internal_errors():
    assert explain_failure(GithubException(422, {"message": "Validation Failed"}, {})) is None
    assert explain_failure(KeyError("x")) is None
