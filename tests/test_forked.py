"""Work split across forked processes gives the same result as in one process."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from cohortkit.data.load import load_tree
from cohortkit.support import forked

REPO = Path(__file__).resolve().parent.parent
HEADER = "# yaml-language-server: $schema=../schemas/person.schema.json\n"
BROKEN = {
    "dup-key.yaml": "login: dup-key\nname: One\nname: Two\ntimezone: UTC\n",
    "tabbed.yaml": "login: tabbed\n\tname: Tab\n",
    "unknown-field.yaml": "login: unknown-field\nname: U\ntimezone: UTC\nfavourite: tea\n",
    "alias.yaml": "login: alias\nname: &n A\nbio: *n\ntimezone: UTC\n",
    "no-header.yaml": None,  # written without the schema line
}


def _squares(part: Sequence[int]) -> list[int]:
    return [n * n for n in part]


def _fails(part: Sequence[int]) -> list[int]:
    if 13 in part:
        raise ValueError("thirteen")
    return list(part)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_results_come_back_in_the_order_of_the_items(workers: int) -> None:
    assert forked.run(_squares, range(101), workers) == [n * n for n in range(101)]
    assert forked.run(_squares, [], workers) == []


def test_a_failure_in_a_worker_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="thirteen"):
        forked.run(_fails, list(range(40)), 2)


def test_worker_count_follows_size_and_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 8)
    assert forked.worker_count(None, 10, worth_it_from=100) == 1
    assert forked.worker_count(None, 100, worth_it_from=100) == forked.MAX_WORKERS
    assert forked.worker_count(3, 10, worth_it_from=100) == 3
    assert forked.worker_count(0, 10, worth_it_from=100) == 1


def test_loading_in_workers_gives_the_same_tree_problems_and_texts(tmp_path: Path) -> None:
    for folder in ("programs", "cohorts", "people", "schemas"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    for name, text in BROKEN.items():
        body = text if text is not None else "login: no-header\nname: N\ntimezone: UTC\n"
        (tmp_path / "people" / name).write_text(body if text is None else HEADER + body)
    alone = load_tree(tmp_path, workers=1)
    split = load_tree(tmp_path, workers=2)
    assert split.model == alone.model
    assert split.problems == alone.problems
    assert split.texts == alone.texts
    assert split.file_count == alone.file_count
    reported = {p.file.rsplit("/", 1)[-1] for p in alone.problems}
    assert set(BROKEN) <= reported
    assert "dup-key" not in alone.model.people and "aiko-mori" in alone.model.people
