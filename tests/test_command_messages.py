"""The command line as a user meets it: dry-run wording, GitHub out of reach or refusing, validate's summary.

GitHub is the local fake (tests/fakegithub) or a closed port on 127.0.0.1, never the internet.
"""

from __future__ import annotations

import json
import logging
import shutil
import socket
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from cohortkit import cli
from cohortkit.commands import validate as validate_command
from cohortkit.github.settings import ClientSettings
from fakegithub import FakeGitHub

EXAMPLES = Path(__file__).parent / "example-files"
TODAY = "2026-11-23"  # a Monday while the example data's autumn cohorts run


class _CurrentStderr:
    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


@pytest.fixture
def impatient(monkeypatch, capsys):
    """No retries and no backoff: the same requests and failures, without a minute of waiting.

    PyGithub logs its retries through a handler made when it was first imported, on the
    standard error of that moment (another test's, closed since); here it writes to the current one.
    """
    for handler in logging.getLogger("github").handlers:
        if isinstance(handler, logging.StreamHandler):
            monkeypatch.setattr(handler, "stream", _CurrentStderr())
    original = ClientSettings.from_environment

    def settings(pace: float = 1.0) -> ClientSettings:
        return replace(original(pace), retries=0, backoff=0.0, timeout=1)

    monkeypatch.setattr(ClientSettings, "from_environment", staticmethod(settings))


@pytest.fixture
def fake(monkeypatch, repo_root):
    with FakeGitHub("acme", "mentoring") as server:
        monkeypatch.setenv("GITHUB_TOKEN", "test-token")
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        monkeypatch.delenv("COHORTKIT_DEBUG", raising=False)
        monkeypatch.chdir(repo_root)
        yield server


def cohortkit(*args: str, repo: str = "acme/mentoring") -> int:
    return cli.main([*args[:1], "--repo", repo, "--pace", "0", *args[1:]])


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: bound, read, and let go."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def one_line(err: str) -> str:
    """cohortkit's one line; PyGithub's own notes on its retries (its logger, INFO) may come before it."""
    assert "Traceback" not in err, err
    ours = [line for line in err.strip().splitlines() if not line.startswith("Request ")]
    assert len(ours) == 1, err
    return ours[0]


# 1. A dry run says what it would do, a real run what it did.


def test_checkins_dry_run_says_would_open(fake, capsys):
    assert cohortkit("checkins", "--today", TODAY, "--dry-run") == 0
    err = capsys.readouterr().err
    assert "would open check-in " in err and "would open tracking issue" in err
    assert "opened" not in err
    assert fake.issues() == []


def test_checkins_for_real_says_opened(fake, capsys):
    assert cohortkit("checkins", "--today", TODAY) == 0
    err = capsys.readouterr().err
    assert "opened check-in " in err and "opened tracking issue" in err
    assert "would" not in err


def test_checkins_dry_run_over_existing_issues_says_would_update(fake, capsys):
    assert cohortkit("checkins", "--today", TODAY) == 0
    capsys.readouterr()
    # A week later the next check-ins are due and the tracking tables change.
    assert cohortkit("checkins", "--today", "2026-11-30", "--dry-run") == 0
    err = capsys.readouterr().err
    assert "would update tracking issue" in err and "would open check-in" in err
    assert "opened" not in err and "updated" not in err


def test_health_dry_run_says_would_open_then_real_runs_say_opened_and_up_to_date(fake, capsys):
    assert cohortkit("health", "--today", TODAY, "--dry-run") == 0
    captured = capsys.readouterr()
    assert "would open the Program health issue" in captured.err
    assert "<!-- cohortkit:health -->" in captured.out  # the body is printed, as before
    assert fake.issues() == []
    assert cohortkit("health", "--today", TODAY) == 0
    [issue] = fake.issues()
    assert f"opened the Program health issue #{issue['number']}" in capsys.readouterr().err
    assert cohortkit("health", "--today", TODAY, "--dry-run") == 0
    assert f"the Program health issue #{issue['number']} is up to date" in capsys.readouterr().err


def test_health_dry_run_over_a_changed_report_says_would_update(fake, capsys):
    assert cohortkit("health", "--today", TODAY) == 0
    [issue] = fake.issues()
    fake.faults.clear()
    # Someone edited the issue by hand (keeping its marker): the report differs from what it should say.
    edited = issue["body"] + "\nedited by hand"
    fake.github().get_repo("acme/mentoring").get_issue(issue["number"]).edit(body=edited)
    capsys.readouterr()
    assert cohortkit("health", "--today", TODAY, "--dry-run") == 0
    err = capsys.readouterr().err
    assert f"would update the Program health issue #{issue['number']}" in err
    assert fake.issue(issue["number"])["body"] == edited


def test_labels_sync_dry_run_says_would_create(fake, capsys):
    assert cli.main(["labels", "sync", "--repo", "acme/mentoring", "--pace", "0", "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert "would create label 'check-in'" in err
    assert "\ncreate label" not in f"\n{err}"
    assert fake.labels() == []
    assert cli.main(["labels", "sync", "--repo", "acme/mentoring", "--pace", "0"]) == 0
    assert "created label 'check-in'" in capsys.readouterr().err


# 2. GitHub out of reach, or refusing: the environment, not a bug.


def test_an_unreachable_api_is_one_line_naming_github_api_url(monkeypatch, capsys, repo_root, impatient):
    url = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    monkeypatch.setenv("GITHUB_API_URL", url)
    monkeypatch.delenv("COHORTKIT_DEBUG", raising=False)
    monkeypatch.chdir(repo_root)
    assert cohortkit("checkins", "--today", TODAY, "--dry-run") == 2
    line = one_line(capsys.readouterr().err)
    assert line == (
        f"cohortkit: cannot reach the GitHub API at {url} (connection refused); "
        "check GITHUB_API_URL and the network"
    )


def test_an_api_that_does_not_answer_in_time_is_one_line(fake, capsys, impatient):
    fake.faults.add("slow", method="GET", path="/issues$", delay=3)
    assert cohortkit("health", "--today", TODAY, "--dry-run") == 2
    line = one_line(capsys.readouterr().err)
    assert f"cannot reach the GitHub API at {fake.url} (no answer in time)" in line


def test_a_bad_token_is_one_line(fake, monkeypatch, capsys, impatient):
    fake.add_token("the-right-token", "cohortkit-bot")
    assert cohortkit("checkins", "--today", TODAY, "--dry-run") == 2
    line = one_line(capsys.readouterr().err)
    assert "refused the token (HTTP 401: Bad credentials); check GITHUB_TOKEN" in line


def test_a_repository_that_is_not_there_is_one_line(fake, capsys, impatient):
    assert cohortkit("labels", "sync", repo="acme/no-such-repo") == 2
    line = one_line(capsys.readouterr().err)
    assert "GitHub found nothing to GET /repos/acme/no-such-repo/labels (HTTP 404: Not Found)" in line
    assert "check that the repository acme/no-such-repo exists" in line


def test_a_used_up_rate_limit_is_one_line_saying_when_to_retry(fake, capsys, impatient):
    fake.faults.add("primary-rate-limit", times=5, reset_after=600)
    assert cohortkit("health", "--today", TODAY) == 2
    line = one_line(capsys.readouterr().err)
    # PyGithub's retry has read the body by then; the headers still say which limit it is.
    assert "rate limit for this token is used up (HTTP 403 to GET /repos/acme/mentoring/issues)" in line
    assert "run again after" in line and "UTC, when the limit resets" in line


def test_github_failing_on_every_retry_is_one_line(fake, capsys, impatient):
    fake.faults.add(502, times=5)
    assert cohortkit("health", "--today", TODAY) == 2
    line = one_line(capsys.readouterr().err)
    assert "GitHub kept failing to GET /repos/acme/mentoring/issues (HTTP 502: Bad Gateway)" in line


def test_a_github_api_url_that_is_no_address_is_one_line(fake, monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_API_URL", "127.0.0.1:9")
    assert cohortkit("checkins", "--today", TODAY, "--dry-run") == 2
    line = one_line(capsys.readouterr().err)
    assert "GITHUB_API_URL is '127.0.0.1:9', not a web address" in line


def test_a_bug_of_ours_is_still_reported_as_one(monkeypatch, capsys, tmp_path):
    def broken(_args):
        raise KeyError("oops")

    monkeypatch.setattr(validate_command, "run", broken)
    monkeypatch.delenv("COHORTKIT_DEBUG", raising=False)
    assert cli.main(["validate", "--root", str(tmp_path)]) == 2
    assert "internal error (KeyError: 'oops'); this is a bug in cohortkit" in capsys.readouterr().err


# 4 and 5. validate: --today, and the files the cross-file rules did not see.


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the example-file base: term 2026-q1, cohorts completed, active (to 2026-04-10), forming."""
    root = tmp_path / "tree"
    shutil.copytree(EXAMPLES / "base", root)
    return root


def validate(tree: Path, *args: str) -> int:
    return cli.main(["validate", "--root", str(tree), *args])


def test_validate_warns_about_a_running_cohort_past_its_end(tree, capsys):
    assert validate(tree, "--today", "2026-04-11") == 0  # a warning does not fail the check
    out = capsys.readouterr().out
    assert (
        "cohorts/2026-q1/shell-teaching.yaml:15:9: warning: the cohort ended on 2026-04-10 but its "
        "status is still active (record each member's outcome, then set status: completed, "
        "or status: cancelled if the cohort did not take place)"
    ) in out
    assert "python-forming" not in out  # it ends on 2026-04-17
    assert out.rstrip().endswith("0 errors, 1 warning")


def test_validate_on_a_day_inside_the_term_has_no_warning(tree, capsys):
    assert validate(tree, "--today", "2026-04-10") == 0  # the last day is not past the end
    assert capsys.readouterr().out.rstrip().endswith("0 errors, 0 warnings")


def test_validate_refuses_a_today_that_is_no_date(tree, capsys):
    with pytest.raises(SystemExit) as exit_info:
        validate(tree, "--today", "yesterday")
    assert exit_info.value.code == 2


def test_the_summary_counts_files_left_out_of_the_cross_file_checks(tree, capsys):
    (tree / "people" / "mentee-eli.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/person.schema.json\nlogin: mentee-eli\n", encoding="utf-8"
    )
    assert validate(tree, "--today", "2026-03-01") == 1
    summary = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert summary == (
        "13 files checked: 1 error, 0 warnings; "
        "1 file left out of the cross-file checks until its own errors are fixed"
    )


def test_the_json_report_always_counts_files_left_out(tree, capsys):
    assert validate(tree, "--today", "2026-03-01", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["files_left_out_of_cross_file_checks"] == 0
    for name in ("mentee-eli", "mentee-gus"):
        (tree / "people" / f"{name}.yaml").write_text("login: [\n", encoding="utf-8")
    assert validate(tree, "--today", "2026-03-01", "--format", "json") == 1
    assert json.loads(capsys.readouterr().out)["files_left_out_of_cross_file_checks"] == 2
