"""The pre-commit hook and the Makefile `cohortkit init` writes, run in the new repository.

The hook is `make validate`, so it runs the cohortkit the repository pins. Here the
virtual environment `make` would build is this one's cohortkit (and MkDocs) behind a
wrapper (no package index in tests); everything else is the new repository as
written: its Makefile, its `.pre-commit-config.yaml`, and pre-commit deciding when to run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "harbour"
    subprocess.run(
        [sys.executable, "-m", "cohortkit", "init", str(root), "--name", "Harbour mentoring",
         "--coordinator", "mara-lind", "--repo", "harbour/mentoring", "--today", "2026-03-02"],
        stdin=subprocess.DEVNULL, capture_output=True, check=True,
    )  # fmt: skip
    (root / ".venv" / "bin").mkdir(parents=True)
    for name in ("cohortkit", "mkdocs"):
        wrapper = root / ".venv" / "bin" / name
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m {name} "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)  # newer than requirements/, so make sees nothing to install
    for command in (["init", "-q", "-b", "main"], ["add", "-A"]):
        subprocess.run(["git", *command], cwd=root, check=True)
    return root


def _pre_commit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [str(PRE_COMMIT), *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is in the dev lock")
def test_pre_commit_runs_the_pinned_validate_and_passes_the_new_data(repository):
    done = _pre_commit(repository, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "cohortkit validate" in done.stdout and "Passed" in done.stdout


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is in the dev lock")
def test_pre_commit_stops_a_commit_of_a_broken_person_and_names_where(repository):
    person = next((repository / "people").glob("*.yaml"))
    person.write_text(person.read_text(encoding="utf-8") + "timezone: Mars/Olympus\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=repository, check=True)
    done = _pre_commit(repository, "run")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout and f"people/{person.name}:" in done.stdout


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is in the dev lock")
def test_pre_commit_skips_the_hook_when_no_data_file_changed(repository):
    subprocess.run(["git", "commit", "-q", "-m", "start", "--no-verify"], cwd=repository, check=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})  # fmt: skip
    (repository / "docs").mkdir(exist_ok=True)
    (repository / "docs" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=repository, check=True)
    done = _pre_commit(repository, "run")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "(no files to check)Skipped" in done.stdout


def test_make_site_builds_the_new_programs_site_with_its_certificates_pdfs(repository):
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "MAKEFLAGS")}
    planned = subprocess.run(["make", "-n", "site"], cwd=repository, env=env, capture_output=True, text=True)
    assert "site build-pages --pdfs" in planned.stdout, planned.stdout  # earned certificates as PDFs
    done = subprocess.run(["make", "site"], cwd=repository, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (repository / "site" / "index.html").is_file() and (
        repository / "site" / "join" / "index.html"
    ).is_file()
