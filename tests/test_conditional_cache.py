"""Conditional requests: a listing that has not changed is answered 304 and costs nothing.

Against the fake, which tags answers per token the way GitHub does: a kept answer
is used only when the server says it is current, so a stale, foreign or hostile
cache file can cost requests but never change what a run sees.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from cohortkit.checkins.context import RunOptions
from cohortkit.checkins.run import run_checkins
from cohortkit.github.budget import unlimited
from cohortkit.github.client import RepoClient
from cohortkit.github.conditional_cache import MAX_ENTRIES, ConditionalCache, KeptAnswer
from cohortkit.github.settings import ClientSettings
from cohortkit.github.writers import GitHubWriter
from fakegithub import FakeGitHub
from test_checkins import model
from test_checkins_resilience import COHORTS, START


def client(fake: FakeGitHub, cache: ConditionalCache | None, token: str = "test-token") -> RepoClient:
    settings = ClientSettings(
        token=token, api_url=fake.url, pace=0.0, backoff=0.05, retries=2, secondary_rate_wait=0.1, timeout=5
    )
    return RepoClient(settings, "acme/mentoring", log=lambda _: None, budget=unlimited(), cache=cache)


def counted(fake: FakeGitHub, token: str = "test-token") -> int:
    return fake.usage(token).requests


@pytest.fixture
def fake():
    with FakeGitHub("acme", "mentoring") as server:
        for n in range(150):  # two pages of 100
            server.add_issue(title=f"issue {n}", body="", labels=["cohortkit"])
        yield server


def test_an_unchanged_listing_is_answered_304_and_not_counted(fake: FakeGitHub) -> None:
    cache = ConditionalCache()
    repo = client(fake, cache)
    first = repo.list_issues(["cohortkit"], "all")
    before = counted(fake)
    second = repo.list_issues(["cohortkit"], "all")
    assert second == first and len(first) == 150
    assert counted(fake) == before  # both pages: 304, which GitHub does not count
    assert cache.hits == 2 and repo.budget.unchanged == 2
    assert [r.status for r in fake.requests[-2:]] == [304, 304]


def test_a_changed_page_is_read_again(fake: FakeGitHub) -> None:
    repo = client(fake, ConditionalCache())
    repo.list_issues(["cohortkit"], "all")
    number = repo.list_issues(["cohortkit"], "all")[0].number
    repo.edit_issue(number, title="renamed")
    after = repo.list_issues(["cohortkit"], "all")
    assert any(i.title == "renamed" for i in after) and len(after) == 150


def test_the_cache_file_carries_answers_to_the_next_process_with_the_same_token(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    path = tmp_path / "etags.json"
    first = ConditionalCache(path)
    expected = client(fake, first).list_issues(["cohortkit"], "all")
    first.save()
    before = counted(fake)
    second = ConditionalCache(path)
    assert client(fake, second).list_issues(["cohortkit"], "all") == expected
    assert counted(fake) == before and second.hits == 2


def test_another_tokens_tags_cost_a_full_read_and_change_nothing(fake: FakeGitHub) -> None:
    fake.add_token("test-token", "cohortkit-bot")
    fake.add_token("next-jobs-token", "cohortkit-bot")
    cache = ConditionalCache()
    expected = client(fake, cache).list_issues(["cohortkit"], "all")
    before = counted(fake, "next-jobs-token")
    assert client(fake, cache, "next-jobs-token").list_issues(["cohortkit"], "all") == expected
    assert counted(fake, "next-jobs-token") == before + 2 and cache.hits == 0


def test_a_quiet_checkins_rerun_in_one_job_costs_no_counted_request(fake: FakeGitHub) -> None:
    cache = ConditionalCache()
    day = START

    def once() -> int:
        before = counted(fake)
        repo = client(fake, cache)
        run_checkins(
            model(*COHORTS),
            repo,
            GitHubWriter(repo),
            RunOptions(today=day, bot_login=fake.actor),
            log=lambda _: None,
        )
        return counted(fake) - before

    once()
    once()  # reads what the first run wrote, and keeps it
    state = sorted((i["number"], i["title"], i["state"], i["body"]) for i in fake.issues())
    quiet = once()
    assert sorted((i["number"], i["title"], i["state"], i["body"]) for i in fake.issues()) == state
    assert cache.hits > 0
    # A quiet rerun only lists; with the listings kept, GitHub counts none of them.
    assert quiet == 0


HOSTILE_FILES: dict[str, bytes] = {
    "not json": b"{nope",
    "not utf-8": b"\xff\xfe{}",
    "a list": b"[]",
    "another format": json.dumps({"format": 99, "answers": {}}).encode(),
    "answers not a map": json.dumps({"format": 1, "answers": [1, 2]}).encode(),
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "entries of the wrong shape": json.dumps(
        {"format": 1, "answers": {"a": "x", "b": [1, 2, 3], "c": ["", [], ""], "d": ["e", [], 5]}}
    ).encode(),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_a_hostile_cache_file_is_ignored_and_the_run_reads_everything(
    fake: FakeGitHub, tmp_path: Path, name: str
) -> None:
    path = tmp_path / "etags.json"
    path.write_bytes(HOSTILE_FILES[name])
    said: list[str] = []
    cache = ConditionalCache(path, log=said.append)
    assert len(client(fake, cache).list_issues(["cohortkit"], "all")) == 150
    assert cache.hits == 0
    cache.save()  # and the next run has a good one
    assert ConditionalCache(path).get(cache.kept_keys()[0])


def test_a_kept_answer_of_the_wrong_shape_is_never_sent_as_current(fake: FakeGitHub) -> None:
    """Even with GitHub's real tag, a kept page that is not a list of objects is not used."""
    cache = ConditionalCache()
    repo = client(fake, cache)
    repo.list_issues(["cohortkit"], "all")
    for key in cache.kept_keys():
        kept = cache.get(key)
        assert kept is not None
        cache.put(key, KeptAnswer(kept.etag, {"poisoned": True}, ""))
    assert len(repo.list_issues(["cohortkit"], "all")) == 150 and cache.hits == 0


def test_a_cache_path_that_is_not_a_regular_file_is_ignored(fake: FakeGitHub, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    said: list[str] = []
    cache = ConditionalCache(fifo, log=said.append)  # must not block on open
    assert said and "not a regular file" in said[0]
    assert len(client(fake, cache).list_issues(["cohortkit"], "all")) == 150


def test_the_cache_keeps_the_most_recently_used_answers() -> None:
    cache = ConditionalCache()
    for n in range(MAX_ENTRIES + 10):
        cache.put(f"k{n}", KeptAnswer("e", [], ""))
    cache.touch("k10")
    cache.put("new", KeptAnswer("e", [], ""))
    assert cache.get("k10") is not None and cache.get("k11") is None and cache.get("new") is not None


def test_a_killed_save_leaves_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "etags.json"
    cache = ConditionalCache(path)
    cache.put("a", KeptAnswer("e1", [{"n": 1}], ""))
    cache.save()
    kept = path.read_bytes()
    cache.put("b", KeptAnswer("e2", [{"n": 2}], ""))

    import os

    real_fdopen = os.fdopen

    class Interrupted:
        """The temporary file, killed halfway through its write."""

        def __init__(self, handle: int, *args: object, **kwargs: object) -> None:
            self.file = real_fdopen(handle, *args, **kwargs)  # type: ignore[call-overload]

        def __enter__(self) -> Interrupted:
            return self

        def __exit__(self, *_: object) -> None:
            self.file.close()

        def write(self, text: str) -> int:
            self.file.write(text[: len(text) // 2])
            raise KeyboardInterrupt

    monkeypatch.setattr("cohortkit.github.conditional_cache.os.fdopen", Interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.save()
    assert path.read_bytes() == kept
    assert [p.name for p in tmp_path.iterdir()] == ["etags.json"]


def test_the_command_line_saves_the_cache_for_the_next_command(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cohortkit.cli import main

    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    monkeypatch.setenv("GITHUB_API_URL", fake.url)
    path = tmp_path / "cache" / "etags.json"
    # progress lists every tool issue; the data root is the example program.
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "progress.json"
    args = ["progress", "--repo", "acme/mentoring", "--root", str(root), "--out", str(out)]
    assert main([*args, "--etag-cache", str(path), "--today", date(2026, 11, 2).isoformat()]) == 0
    assert path.is_file()
    before = counted(fake)
    assert main([*args, "--etag-cache", str(path), "--today", date(2026, 11, 2).isoformat()]) == 0
    assert counted(fake) == before
