"""The review of an upgrade that migrates: cohortkit.yml moves to a later data version.

Such a pull request rewrites many people's files at once, which any other pull
request may not do. The review judges it as a migration: when the release it runs
knows the new version, each file must be exactly what `cohortkit migrate` writes
from the base's; when it does not (the base pins the old release), it says it
cannot judge the files and leaves the whole change to a maintainer. Either way
nothing in it is merged without a maintainer, and nothing rides along unseen.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from cohortkit.cli import main
from cohortkit.data import versions
from future_version import FUTURE, V1, V2, make_old_tree, register
from review_repo import REPO_ROOT, DataRepo

PIN = "requirements/cohortkit.txt"


@pytest.fixture
def repo(tmp_path: Path) -> DataRepo:
    """A program's repository in data version 1, pinned to an old release."""
    old = tmp_path / "old"
    old.mkdir()
    make_old_tree(old)
    shutil.copytree(REPO_ROOT / "schemas", old / "schemas")
    data = DataRepo(tmp_path / "repo", source=old)
    data.write("cohortkit.yml", (old / "cohortkit.yml").read_text())
    data.write(PIN, "cohortkit==0.0.1\n")
    data.base = data.commit("data version 1")
    return data


def _upgrade(repo: DataRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """What `cohortkit upgrade` leaves for the pull request: the pin moved, the data migrated."""
    repo.start("upgrade")
    repo.write(PIN, "cohortkit==0.1.0\n")
    assert main(["migrate", "--root", str(repo.path)]) == 0, capsys.readouterr()
    capsys.readouterr()


def _by_file(review) -> dict[str, tuple[str, str]]:
    return {j.change.file: (j.verdict, j.reason) for j in review.judgements}


def test_a_migration_exactly_as_migrate_writes_it_goes_to_a_maintainer(repo, capsys, monkeypatch):
    register(monkeypatch)
    _upgrade(repo, capsys)
    repo.commit("upgrade to 0.1.0")
    review = repo.review("ines-carvalho")
    judged = _by_file(review)
    assert review.verdict == "needs-review" and review.reviewers == []  # a maintainer: the code owners
    assert judged["cohortkit.yml"] == (
        "needs-review",
        "moves the data from data version 1 to 2 (cohortkit migrate): a maintainer approves the migration",
    )
    migrated = [
        f for f, (_, why) in judged.items() if why.endswith("is exactly what cohortkit migrate writes")
    ]
    assert len(migrated) > 20 and all(f.startswith(("people/", "cohorts/")) for f in migrated)
    assert judged[PIN][0] == "needs-review"  # not "rejected" for mixing: the upgrade is one change
    assert review.problems == []


def test_a_change_beyond_migrate_is_refused_when_the_version_leaves_nothing_by_hand(
    repo, capsys, monkeypatch
):
    monkeypatch.setattr(versions, "CHANGELOG", versions.Changelog((V1, dataclasses.replace(V2, by_hand=()))))
    _upgrade(repo, capsys)
    repo.replace("people/aiko-mori.yaml", "name: ", "name: Not ")  # riding along with the rewrite
    repo.commit("upgrade, and a little more")
    judged = _by_file(repo.review("someone-else"))
    assert judged["people/aiko-mori.yaml"] == (
        "rejected",
        "changes people/aiko-mori.yaml beyond what cohortkit migrate writes from data version 1 to 2: "
        "send other changes in a pull request of their own",
    )


def test_a_change_beyond_migrate_is_pointed_out_when_the_version_leaves_work_by_hand(
    repo, capsys, monkeypatch
):
    register(monkeypatch)
    _upgrade(repo, capsys)
    cohort = next(p for p in sorted((repo.path / "cohorts").rglob("*.yaml")))
    shown = cohort.relative_to(repo.path).as_posix()
    repo.replace(shown, "summary: ", "summary: Meetings are not recorded. ")
    repo.commit("upgrade, with the by-hand part")
    review = repo.review("ines-carvalho")
    verdict, why = _by_file(review)[shown]
    assert review.verdict == "needs-review" and verdict == "needs-review"
    assert why.startswith(f"changes {shown} beyond what cohortkit migrate writes; data version 2 leaves")
    assert "say in each cohort's description whether its online meetings are recorded" in why


def test_a_release_that_does_not_know_the_new_version_says_it_cannot_judge_the_files(
    repo, capsys, monkeypatch
):
    # The branch is migrated by the new release; the review runs the one the base pins.
    register(monkeypatch)
    _upgrade(repo, capsys)
    repo.commit("upgrade to 0.1.0")
    monkeypatch.setattr(versions, "CHANGELOG", versions.Changelog((V1,)))
    review = repo.review("ines-carvalho")
    judged = _by_file(review)
    assert review.verdict == "needs-review" and review.problems == []
    verdict, why = judged["cohortkit.yml"]
    assert (
        verdict == "needs-review"
        and "reads data versions up to 1 and cannot judge files written for 2" in why
    )
    assert judged["people/aiko-mori.yaml"] == (
        "needs-review",
        "changes people/aiko-mori.yaml in the move to data version 2: a maintainer checks it",
    )


@pytest.mark.parametrize("marker", ["data_version: two\n", "data_version: 1\n", "data_version: 0\n"])
def test_a_marker_that_moves_nothing_leaves_the_usual_rules(repo, monkeypatch, marker):
    """Without a real move forward, data mixed with other files is refused as ever."""
    monkeypatch.setattr(versions, "CHANGELOG", FUTURE)
    repo.start("sneaky")
    repo.write("cohortkit.yml", marker)
    repo.replace("people/aiko-mori.yaml", "name: ", "name: Not ")
    repo.commit("not an upgrade")
    review = repo.review("someone-else")
    assert review.verdict == "rejected"
    assert "migrate" not in " ".join(j.reason for j in review.judgements)


def test_a_marker_that_is_a_link_moves_nothing(repo, monkeypatch):
    monkeypatch.setattr(versions, "CHANGELOG", FUTURE)
    repo.start("link")
    (repo.path / "cohortkit.yml").unlink()
    (repo.path / "cohortkit.yml").symlink_to("/etc/hostname")
    repo.replace("people/aiko-mori.yaml", "name: ", "name: Not ")
    repo.commit("a link")
    assert repo.review("someone-else").verdict == "rejected"
