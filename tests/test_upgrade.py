"""`cohortkit upgrade`: a repository `cohortkit init` made, on older pins, moved to this release offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cohortkit import __version__
from cohortkit.cli import main
from cohortkit.data import versions
from cohortkit.starter.pins import find_pins
from future_version import register, snapshot

FLAGS = ["--name", "Fern Valley", "--coordinator", "tala-ramos,ravi-osei", "--repo", "fernvalley/mentoring"]
OLD = "0.0.9"


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def started(root: Path, capsys) -> dict[str, bytes]:
    """A new program's repository; returns its files as this release wrote them."""
    assert run(capsys, "init", str(root), *FLAGS, "--no-build", "--today", "2026-03-02")[0] == 0
    return snapshot(root)


def pin_back(root: Path, release: str = OLD) -> None:
    """Every pin moved to an older release by hand, as a repository made then would have it."""
    for pinned in find_pins(root)[0]:
        (root / pinned.shown).write_text(pinned.moved(release), encoding="utf-8")
    lock = root / "requirements" / "runtime.txt"
    lock.write_text(lock.read_text() + "somepackage==1.0 --hash=sha256:00\n")


def test_upgrade_moves_every_pin_and_the_lock_to_this_release_and_nothing_else(tmp_path, capsys):
    root = tmp_path / "fern"
    fresh = started(root, capsys)
    pin_back(root)
    before = snapshot(root)
    pinned = [shown for shown in before if before[shown] != fresh[shown]]
    assert {"requirements/cohortkit.txt", ".github/workflows/validate.yml"} <= set(pinned)
    # init's hook is local (`make validate`, the pinned cohortkit): nothing in it names a release.
    assert ".pre-commit-config.yaml" not in pinned

    code, said = run(capsys, "upgrade", "--root", str(root), "--check")
    assert code == 1 and snapshot(root) == before
    lines = said.splitlines()
    assert f"requirements/cohortkit.txt:4:12: cohortkit {OLD} would become {__version__}" in lines
    assert re.search(rf"^\.github/workflows/validate\.yml:\d+:\d+: cohortkit {OLD} would become", said, re.M)
    assert f"requirements/runtime.txt: would be replaced with cohortkit {__version__}'s lock" in said
    assert "no schema changes" in said
    # --check changes nothing, and says so: every line about a change says "would".
    assert all("would" in line for line in lines if not line.endswith("no schema changes")), said
    assert lines[-1] == (
        f"{root} would move its pins to cohortkit {__version__} and replace requirements/runtime.txt; "
        "run cohortkit upgrade"
    )

    code, said = run(capsys, "upgrade", "--root", str(root))
    assert code == 0 and "would" not in said
    assert f"requirements/cohortkit.txt:4:12: cohortkit {OLD} becomes {__version__}" in said.splitlines()
    assert f"requirements/runtime.txt: replaced with cohortkit {__version__}'s lock" in said
    assert said.splitlines()[-1] == (
        f"upgraded {root} to cohortkit {__version__}: review the diff, run make site, open a pull request"
    )
    assert snapshot(root) == fresh  # exactly what this release's init writes

    assert run(capsys, "upgrade", "--root", str(root)) == (
        0,
        f"the data is in data version 1, the one cohortkit {__version__} reads: no schema changes\n"
        f"{root} is on cohortkit {__version__} already; nothing to change\n",
    )


def test_upgrade_lists_the_schema_changes_and_migrates_the_data(tmp_path, capsys, monkeypatch):
    register(monkeypatch)  # this release reads data version 2; the repository was made in version 1
    root = tmp_path / "fern"
    started(root, capsys)
    pin_back(root)
    (root / "cohortkit.yml").write_text("# the data's format\ndata_version: 1\n")
    for person in (root / "people").glob("*.yaml"):
        person.write_text(person.read_text().replace("timezone:", "time_zone:"))
    assert "the data is written for data version 1" in run(capsys, "validate", "--root", str(root))[1]

    code, said = run(capsys, "upgrade", "--root", str(root))
    assert code == 0, said
    lines = said.splitlines()
    assert "data version 2 (cohortkit 0.1.0 and later): A person's `time_zone` is `timezone`; " in said
    assert "  cohortkit migrate renames person files' `time_zone` to `timezone`" in lines
    assert "  by hand: say in each cohort's description whether its online meetings are recorded" in lines
    assert "people/tala-ramos.yaml:5:1: data version 2: 'time_zone' is now 'timezone'" in lines
    assert "cohortkit.yml: data_version becomes 2" in lines
    assert (root / "cohortkit.yml").read_text() == "# the data's format\ndata_version: 2\n"
    assert run(capsys, "validate", "--root", str(root))[0] == 0
    assert all(p.release == __version__ for f in find_pins(root)[0] for p in f.pins)


def test_a_data_file_that_cannot_be_migrated_stops_the_upgrade_before_any_pin_moves(
    tmp_path, capsys, monkeypatch
):
    register(monkeypatch)
    root = tmp_path / "fern"
    started(root, capsys)
    pin_back(root)
    (root / "cohortkit.yml").write_text("data_version: 1\n")
    (root / "people" / "tala-ramos.yaml").write_text("login: tala-ramos\nlogin: again\ntime_zone: UTC\n")
    before = snapshot(root)
    code, said = run(capsys, "upgrade", "--root", str(root))
    assert code == 1 and "people/tala-ramos.yaml:2:1: duplicate key 'login'" in said
    assert snapshot(root) == before


def test_to_a_release_newer_than_this_one_moves_the_pins_and_says_to_install_it(tmp_path, capsys):
    root = tmp_path / "fern"
    started(root, capsys)
    lock = (root / "requirements" / "runtime.txt").read_bytes()
    code, said = run(capsys, "upgrade", "--root", str(root), "--to", "v9.1.0")
    assert code == 0, said
    assert f"cohortkit 9.1.0 is newer than this cohortkit ({__version__}): install it" in said
    assert said.splitlines()[-1] == (
        f"moved the pins of {root} to cohortkit 9.1.0; not finished: install it "
        "(.venv/bin/pip install cohortkit==9.1.0) and run its cohortkit upgrade"
    )
    assert "upgraded" not in said
    assert (
        f"requirements/runtime.txt: left as it is (this is cohortkit {__version__}); the cohortkit "
        "upgrade of 9.1.0, once installed, replaces it with that release's lock"
    ) in said.splitlines()
    assert (root / "requirements" / "runtime.txt").read_bytes() == lock
    assert "cohortkit==9.1.0" in (root / "requirements" / "cohortkit.txt").read_text()
    assert "@v9.1.0" in (root / ".github" / "workflows" / "site.yml").read_text()
    assert "9.1.0" not in (root / ".pre-commit-config.yaml").read_text()


def test_check_to_a_newer_release_says_the_lock_is_left_and_writes_nothing(tmp_path, capsys):
    root = tmp_path / "fern"
    before = started(root, capsys)
    code, said = run(capsys, "upgrade", "--root", str(root), "--to", "9.1.0", "--check")
    assert code == 1 and snapshot(root) == before
    lines = said.splitlines()
    assert (
        f"requirements/runtime.txt: would be left as it is (this is cohortkit {__version__}); the "
        "cohortkit upgrade of 9.1.0, once installed, replaces it with that release's lock"
    ) in lines
    assert f"requirements/cohortkit.txt:4:12: cohortkit {__version__} would become 9.1.0" in lines
    assert lines[-1] == f"{root} would move its pins to cohortkit 9.1.0; run cohortkit upgrade"


def test_check_on_a_changed_lock_says_it_would_be_replaced_and_writes_nothing(tmp_path, capsys):
    root = tmp_path / "fern"
    fresh = started(root, capsys)
    lock = root / "requirements" / "runtime.txt"
    lock.write_text(lock.read_text() + "somepackage==1.0\n")
    before = snapshot(root)
    assert run(capsys, "upgrade", "--root", str(root), "--check") == (
        1,
        f"requirements/runtime.txt: would be replaced with cohortkit {__version__}'s lock of its dependencies\n"
        f"the data is in data version 1, the one cohortkit {__version__} reads: no schema changes\n"
        f"{root} would replace requirements/runtime.txt; run cohortkit upgrade\n",
    )
    assert snapshot(root) == before
    code, said = run(capsys, "upgrade", "--root", str(root))
    assert code == 0 and said.splitlines()[-1] == (
        f"{root} pins cohortkit {__version__} already; replaced requirements/runtime.txt: review the diff, "
        "run make site, open a pull request"
    )
    assert snapshot(root) == fresh


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ("--to", "0.0.1"),
            f"pins cohortkit {__version__}, newer than 0.0.1; cohortkit upgrade moves forward only",
        ),
        (("--to", "latest"), "'latest' is not a cohortkit release written as X.Y.Z"),
        (
            ("--to", "01.2.3"),
            "'01.2.3' is not a cohortkit release written as X.Y.Z (numbers without leading zeros, such as 0.2.0)",
        ),
        (("--to", "v0.10.01"), "'0.10.01' is not a cohortkit release written as X.Y.Z (numbers without"),
        (("--to", "0.00.1"), "'0.00.1' is not a cohortkit release written as X.Y.Z (numbers without"),
        (("--pin", "0.01.0"), "requirements/cohortkit.txt:4:12: pins cohortkit '0.01.0', not a release"),
        (("--pin", "0.2.0rc1"), "requirements/cohortkit.txt:4:12: pins cohortkit '0.2.0rc1', not a release"),
    ],
)
def test_going_back_or_a_release_that_is_not_one_is_refused_in_one_line(tmp_path, capsys, argv, said):
    root = tmp_path / "fern"
    started(root, capsys)
    if argv[0] == "--pin":
        pin_back(root, argv[1])
        argv = ()
    before = snapshot(root)
    code, output = run(capsys, "upgrade", "--root", str(root), *argv)
    assert code == 2 and said in output and "Traceback" not in output
    assert len(output.splitlines()) == 1 and output.startswith("cohortkit: ")
    assert snapshot(root) == before


def test_a_folder_that_pins_nothing_is_not_a_program_repository(tmp_path, capsys):
    code, said = run(capsys, "upgrade", "--root", str(tmp_path))
    assert code == 2 and "nothing in" in said and "cohortkit init made" in said


def test_pins_keep_their_quotes_and_line_ends(tmp_path, capsys):
    root = tmp_path / "fern"
    started(root, capsys)
    config = root / ".pre-commit-config.yaml"
    config.write_bytes(
        b"# hooks\r\nrepos:\r\n  - repo: https://github.com/cohortkit/cohortkit\r\n"
        b"    rev: 'v0.0.9'  # pinned\r\n    hooks:\r\n      - id: cohortkit-validate\r\n"
        b"  - repo: https://github.com/other/thing\r\n    rev: v0.0.9\r\n    hooks: []\r\n"
    )
    assert run(capsys, "upgrade", "--root", str(root))[0] == 0
    assert config.read_bytes() == (
        b"# hooks\r\nrepos:\r\n  - repo: https://github.com/cohortkit/cohortkit\r\n"
        b"    rev: 'v"
        + __version__.encode()
        + b"'  # pinned\r\n    hooks:\r\n      - id: cohortkit-validate\r\n"
        b"  - repo: https://github.com/other/thing\r\n    rev: v0.0.9\r\n    hooks: []\r\n"
    )


def test_hostile_pin_files_are_refused_and_nothing_is_written(tmp_path, capsys):
    root = tmp_path / "fern"
    started(root, capsys)
    pin_back(root)
    outside = tmp_path / "outside.yml"
    outside.write_text("uses: cohortkit/cohortkit/.github/workflows/reusable-site.yml@v0.0.9\n")
    (root / ".github" / "workflows" / "linked.yml").symlink_to(outside)
    (root / "requirements" / "cohortkit.txt").write_text("cohortkit==0.0.9 --hash=sha256:abc\n")
    (root / ".pre-commit-config.yaml").write_text("repos: [\n")
    before = snapshot(root)
    code, said = run(capsys, "upgrade", "--root", str(root))
    assert code == 1, said
    lines = said.splitlines()
    assert (
        ".github/workflows/linked.yml:1:1: the file is a symbolic link (replace it with an ordinary file)"
        in lines
    )
    assert any(
        line.startswith("requirements/cohortkit.txt:1:1: pins cohortkit with hashes") for line in lines
    )
    assert any(line.startswith(".pre-commit-config.yaml:2:1: not valid YAML") for line in lines), said
    assert snapshot(root) == before and outside.read_text().endswith("@v0.0.9\n")


def test_init_records_the_data_version_its_files_are_written_in(tmp_path, capsys):
    root = tmp_path / "fern"
    started(root, capsys)
    marker = (root / "cohortkit.yml").read_text()
    assert marker.endswith(f"\ndata_version: {versions.CHANGELOG.current}\n") and marker.startswith("# ")
    assert run(capsys, "migrate", "--root", str(root), "--check")[0] == 0
    assert "cohortkit upgrade" in (root / "README.md").read_text()


def test_without_the_marker_the_data_is_taken_to_be_what_the_pinned_release_wrote(
    tmp_path, capsys, monkeypatch
):
    register(monkeypatch)  # 0.0.1 wrote data version 1; this release, 0.1.0, reads 2
    root = tmp_path / "fern"
    started(root, capsys)
    pin_back(root, "0.0.1")
    (root / "cohortkit.yml").unlink()  # a repository made before init wrote it
    for person in (root / "people").glob("*.yaml"):
        person.write_text(person.read_text().replace("timezone:", "time_zone:"))
    code, said = run(capsys, "upgrade", "--root", str(root))
    assert code == 0, said
    assert (
        "cohortkit.yml is missing: the data is taken to be in data version 1, the one cohortkit 0.0.1 "
        "(pinned) reads; it is written now"
    ) in said
    assert "people/ravi-osei.yaml:5:1: data version 2: 'time_zone' is now 'timezone'" in said
    assert (root / "cohortkit.yml").read_text().endswith("data_version: 2\n")
    assert run(capsys, "validate", "--root", str(root))[0] == 0


def test_without_the_marker_upgrade_writes_it_even_with_no_schema_change(tmp_path, capsys):
    root = tmp_path / "fern"
    fresh = started(root, capsys)
    (root / "cohortkit.yml").unlink()
    before = snapshot(root)
    missing = (
        f"cohortkit.yml is missing: the data is taken to be in data version 1, the one cohortkit "
        f"{__version__} (pinned) reads; "
    )
    assert run(capsys, "upgrade", "--root", str(root), "--check") == (
        1,
        f"{missing}it would be written\n"
        "cohortkit.yml: data_version would become 1\n"
        f"{root} would write cohortkit.yml; run cohortkit upgrade\n",
    )
    assert snapshot(root) == before
    # Only the marker is written: the pins were on this release already, and the run says just that.
    assert run(capsys, "upgrade", "--root", str(root)) == (
        0,
        f"{missing}it is written now\n"
        "cohortkit.yml: data_version becomes 1\n"
        f"{root} pins cohortkit {__version__} already; wrote cohortkit.yml: review the diff, run make site, "
        "open a pull request\n",
    )
    assert snapshot(root) == fresh


def _uses_at(text: str, ref: str) -> tuple[int, int]:
    start = text.index(f"reusable-site.yml@{ref}") + len("reusable-site.yml@")
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


@pytest.mark.parametrize("ref", ["main", "3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a"])
def test_a_workflow_pinned_to_a_branch_or_commit_stops_the_upgrade_at_its_line(tmp_path, capsys, ref):
    root = tmp_path / "fern"
    started(root, capsys)
    pin_back(root)
    site = root / ".github" / "workflows" / "site.yml"
    site.write_text(site.read_text().replace(f"reusable-site.yml@v{OLD}", f"reusable-site.yml@{ref}"))
    line, col = _uses_at(site.read_text(), ref)
    before = snapshot(root)
    for check in ((), ("--check",)):
        assert run(capsys, "upgrade", "--root", str(root), *check) == (
            1,
            f".github/workflows/site.yml:{line}:{col}: cohortkit's reusable workflow is pinned to {ref!r}, "
            "not a release vX.Y.Z; cohortkit upgrade moves release pins only, so it stops here (write "
            "@vX.Y.Z, the release to run, then run cohortkit upgrade again)\n"
            "cohortkit: nothing was written; fix the files above and run cohortkit upgrade again\n",
        )
        assert snapshot(root) == before


def test_a_published_hook_pinned_to_a_commit_stops_the_upgrade_as_a_workflow_does(tmp_path, capsys):
    root = tmp_path / "fern"
    started(root, capsys)
    sha = "3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a"
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: https://github.com/cohortkit/cohortkit\n    rev: {sha}\n"
        "    hooks:\n      - id: cohortkit-validate\n"
    )
    before = snapshot(root)
    assert run(capsys, "upgrade", "--root", str(root)) == (
        1,
        f".pre-commit-config.yaml:3:10: cohortkit's hook is pinned to {sha!r}, not a release vX.Y.Z; "
        "cohortkit upgrade moves release pins only, so it stops here (write rev: vX.Y.Z, the release to "
        "run, then run cohortkit upgrade again)\n"
        "cohortkit: nothing was written; fix the files above and run cohortkit upgrade again\n",
    )
    assert snapshot(root) == before
