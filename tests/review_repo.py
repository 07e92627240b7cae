"""A throwaway git repository holding the example data, for pull-request review tests.

Each scenario starts a branch from the base commit, edits files as an attacker
(or a newcomer) would, commits, and asks for the review of that head.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

from cohortkit.join.review.run import Review, review_revisions

# The day the scenarios are judged on: enrollment windows depend on it, the real date must not.
REVIEW_DAY = date(2026, 11, 23)

REPO_ROOT = Path(__file__).resolve().parent.parent
_GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def run_git(path: Path, *args: str) -> str:
    """git in `path`, as a fixed test author, ignoring the machine's own git configuration."""
    done = subprocess.run(
        ["git", *args], cwd=path, capture_output=True, text=True, check=True, env={**os.environ, **_GIT_ENV}
    )
    return done.stdout.strip()


class DataRepo:
    def __init__(self, path: Path, source: Path = REPO_ROOT) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        for folder in ("programs", "cohorts", "people", "schemas", "docs/showcase"):
            shutil.copytree(source / folder, path / folder)
        self.git("init", "-q", "-b", "main")
        self.base = self.commit("base")

    def git(self, *args: str) -> str:
        return run_git(self.path, *args)

    def start(self, name: str, at: str | None = None) -> None:
        """A clean branch at `at` (the base by default), with the work tree to match."""
        self.git("checkout", "-q", "-f", "-B", name, at or self.base)
        self.git("clean", "-q", "-fdx")

    def commit(self, message: str = "change") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def read(self, relative: str) -> str:
        return (self.path / relative).read_text(encoding="utf-8")

    def write(self, relative: str, text: str) -> None:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def replace(self, relative: str, old: str, new: str, count: int = 1) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        self.write(relative, text.replace(old, new, count))

    def append(self, relative: str, text: str) -> None:
        self.write(relative, self.read(relative) + text)

    def review(
        self, author: str, base: str | None = None, head: str = "HEAD", today: date = REVIEW_DAY
    ) -> Review:
        return review_revisions(self.path, base or self.base, head, author, REPO_ROOT / "schemas", today)


def person_yaml(login: str, name: str | None = None, extra: str = "") -> str:
    return (
        "# yaml-language-server: $schema=../schemas/person.schema.json\n"
        f"login: {login}\n"
        f"name: {name or login.replace('-', ' ').title()}\n"
        "timezone: Europe/Lisbon\n"
        "interests:\n  - deploy\n"
        "seeks:\n  roles:\n    - mentee\n  programs:\n    - cloudbridge-cohorts\n"
        "  help: technical\n  interaction:\n    - async\n" + extra
    )


def membership_yaml(login: str, joined: str = "2026-11-22", outcome: str = "active") -> str:
    return f"  - person: {login}\n    joined: {joined}\n    outcome: {outcome}\n"
