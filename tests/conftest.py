from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def github(monkeypatch):
    """The fake GitHub as acme/mentoring, with the environment a workflow step would give cohortkit."""
    from fakegithub import FakeGitHub

    with FakeGitHub("acme", "mentoring") as server:
        monkeypatch.setenv("GITHUB_TOKEN", "test-token")
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
        yield server
