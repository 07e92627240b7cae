"""Reports: one line per problem, JSON for tools, annotations that cannot be forged."""

from __future__ import annotations

import io
import json

from cohortkit.data.problems import Problem
from cohortkit.validation.report import write_report

PROBLEMS = [
    Problem("people/b.yaml", "second", "schema", line=3, col=1),
    Problem("people/a.yaml", "first", "schema", line=9, col=5, fix="do this"),
    Problem("cohorts/t/c.yaml", "thin", "capacity", line=2, col=1, severity="warning"),
]


def render(fmt, problems=PROBLEMS):
    out = io.StringIO()
    write_report(problems, 12, fmt, out)
    return out.getvalue()


def test_text_is_sorted_by_file_and_line_and_says_how_to_fix():
    lines = render("text").splitlines()
    assert lines == [
        "cohorts/t/c.yaml:2:1: warning: thin",
        "people/a.yaml:9:5: first (do this)",
        "people/b.yaml:3:1: second",
        "12 files checked: 2 errors, 1 warning",
    ]


def test_json_carries_every_field():
    report = json.loads(render("json"))
    assert report["ok"] is False and report["errors"] == 2 and report["warnings"] == 1
    assert report["problems"][1] == {
        "file": "people/a.yaml",
        "line": 9,
        "col": 5,
        "severity": "error",
        "rule": "schema",
        "message": "first",
        "fix": "do this",
    }


def test_github_annotations_name_file_line_and_column():
    lines = render("github").splitlines()
    assert lines[1] == "::error file=people/a.yaml,line=9,col=5,title=cohortkit schema::first (do this)"
    assert lines[0].startswith("::warning file=cohorts/t/c.yaml,line=2,col=1,")


def test_a_hostile_message_cannot_start_a_second_workflow_command():
    hostile = Problem("people/x,y:z.yaml", "bad\n::add-mask::secret %0A", "schema", line=1, col=1)
    output = render("github", [hostile])
    first = output.splitlines()[0]
    assert first == (
        "::error file=people/x%2Cy%3Az.yaml,line=1,col=1,title=cohortkit schema::bad%0A::add-mask::secret %250A"
    )
    assert len(output.splitlines()) == 2  # the problem and the summary notice, nothing injected
