"""The Program health issue: written only when it changes, within GitHub's size, with the check-in run's problems."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import date

from cohortkit import cli
from cohortkit.checkins.health import MentorPool, assess, suggest_mentors
from cohortkit.data.load import load_tree
from fakegithub import FakeGitHub
from test_command_messages import TODAY, fake  # noqa: F401  (the fixture)


def health(*extra: str) -> int:
    return cli.main(["health", "--repo", "acme/mentoring", "--pace", "0", *extra])


def writes(server: FakeGitHub) -> list[str]:
    return [f"{r.method} {r.path}" for r in server.requests if r.method != "GET"]


def test_a_day_later_with_nothing_changed_writes_nothing(fake):  # noqa: F811
    assert health("--today", TODAY) == 0
    fake.reset_log()
    assert health("--today", "2026-11-24") == 0
    assert writes(fake) == []


def test_the_check_in_runs_problems_reach_the_health_issue(fake, tmp_path):  # noqa: F811
    report = tmp_path / "checkins-report.json"
    report.write_text(
        json.dumps(
            {
                "stopped": "the run's time is up",
                "left": ["c1: check-in 3 (due 2026-11-25)"],
                "failed": [
                    [
                        "dsc-2026q4-r-teaching",
                        "tracking: HTTP 403 Unable to create comment: the issue is locked",
                    ]
                ],
                "notes": [
                    "cb-2026q4-first-bug: check-in 9 #40 opened without @zed, who could not be assigned"
                ],
            }
        )
    )
    assert health("--today", TODAY, "--checkins-report", str(report)) == 0
    [issue] = fake.issues()
    body = issue["body"]
    assert "What the last check-in run could not do" in body
    assert "the issue is locked" in body and "could not be assigned" in body and "1 cohort(s) waiting" in body


def test_suggestions_for_many_orphaned_cohorts_cost_no_more_than_the_data(repo_root):
    model = load_tree(repo_root).model
    today = date.fromisoformat(TODAY)
    # Every active cohort loses its mentors: each needs suggestions.
    cohorts = {cid: replace(c, mentors=()) if c.status == "active" else c for cid, c in model.cohorts.items()}
    orphaned = replace(model, cohorts=cohorts)
    started = time.perf_counter()
    report = assess(orphaned, {}, today)
    elapsed = time.perf_counter() - started
    assert report.orphaned and elapsed < 2
    pool = MentorPool(orphaned, today)
    for cohort_id in report.orphaned:
        cohort = orphaned.cohorts[cohort_id]
        program = orphaned.programs[cohort.program]
        assert suggest_mentors(orphaned, cohort, program, today, pool=pool) == report.suggestions[cohort_id]
