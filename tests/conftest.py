from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent

# In CI the property tests draw the same examples every run, so a red build is
# always reproducible (and never a coin toss that keeps a change from landing);
# locally they draw new ones each run and remember failures in .hypothesis/.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


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
