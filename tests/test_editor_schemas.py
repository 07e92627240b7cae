"""The schemas' copy for editors: every data file's first line names a schema file that is there.

A program's repository has no schemas/ (the installed cohortkit's judge it), so the
first line names `.cohortkit/schemas/`, which `cohortkit schemas` (run by `init` and by
`make`) fills with exactly the installed release's schemas.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cohortkit.cli import main
from cohortkit.data.schemas import packaged_schema_dir
from cohortkit.validation.pipeline import validate_tree

REPOSITORY = Path(__file__).resolve().parent.parent
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.fixture
def program(tmp_path: Path) -> Path:
    root = tmp_path / "tidewater"
    done = subprocess.run(
        [sys.executable, "-m", "cohortkit", "init", str(root), "--name", "Tidewater mentoring",
         "--coordinator", "ines-okoro", "--repo", "tidewater/mentoring", "--no-build", "--today", "2026-03-02"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return root


def _named_schemas(root: Path) -> dict[Path, Path]:
    """Each data file and the schema file its first line points an editor at."""
    named = {}
    for path in sorted(root.glob("[pcp]*/**/*.yaml")):
        found = MODELINE.match(path.read_text(encoding="utf-8").split("\n", 1)[0])
        assert found, f"{path} has no schema line"
        named[path] = (path.parent / found[1]).resolve()
    return named


def _shipped() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in packaged_schema_dir().glob("*.schema.json")}


def test_every_first_line_of_a_new_program_names_a_schema_that_is_there(program):
    named = _named_schemas(program)
    assert len(named) >= 3
    for data_file, schema in named.items():
        assert schema.is_file(), f"{data_file} names {schema}, which is missing"
        assert schema.read_bytes() == _shipped()[schema.name]
    assert "/.cohortkit/" in (program / ".gitignore").read_text().splitlines()


def test_every_first_line_in_this_repository_names_its_own_schemas():
    for data_file, schema in _named_schemas(REPOSITORY).items():
        assert schema.is_file() and schema.parent == REPOSITORY / "schemas", data_file


def test_the_copy_is_made_whole_again_and_a_second_run_writes_nothing(program, capsys):
    folder = program / ".cohortkit" / "schemas"
    (folder / "person.schema.json").write_text("{}")
    (folder / "cohort.schema.json").unlink()
    (folder / "retired.schema.json").write_text("{}")  # a schema an older release had
    (folder / "notes.txt").write_text("mine")
    assert main(["schemas", "--root", str(program)]) == 0
    said = capsys.readouterr().err
    assert "wrote .cohortkit/schemas/person.schema.json" in said
    assert "wrote .cohortkit/schemas/cohort.schema.json" in said
    assert "removed .cohortkit/schemas/retired.schema.json" in said
    assert {p.name: p.read_bytes() for p in folder.glob("*.schema.json")} == _shipped()
    assert (folder / "notes.txt").read_text() == "mine"  # only schemas are its to replace
    assert main(["schemas", "--root", str(program)]) == 0
    assert capsys.readouterr().err == ".cohortkit/schemas/: up to date\n"


def test_a_repository_with_schemas_of_its_own_gets_no_copy(tmp_path, capsys):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "people").mkdir()
    assert main(["schemas", "--root", str(tmp_path)]) == 0
    assert "this repository's own schemas judge its files" in capsys.readouterr().err
    assert not (tmp_path / ".cohortkit").exists()


@pytest.mark.parametrize("planted", [".cohortkit", ".cohortkit/schemas"])
@pytest.mark.parametrize("kind", ["link", "file"])
def test_a_link_or_file_in_the_way_is_refused_and_nothing_is_written_through_it(
    tmp_path, capsys, planted, kind
):
    root, outside = tmp_path / "repo", tmp_path / "outside"
    (root / "people").mkdir(parents=True)
    outside.mkdir()
    (root / planted).parent.mkdir(parents=True, exist_ok=True)
    if kind == "link":
        (root / planted).symlink_to(outside, target_is_directory=True)
    else:
        (root / planted).write_text("not a folder")
    assert main(["schemas", "--root", str(root)]) == 2
    said = capsys.readouterr().err
    assert f"cohortkit: {planted} is not a folder (a link or a file); remove it" in said
    assert list(outside.iterdir()) == []


def test_either_folder_in_the_first_line_is_accepted_and_new_files_get_the_one_that_is_there(program):
    person = program / "people" / "ines-okoro.yaml"
    text = person.read_text(encoding="utf-8")
    for folder in ("schemas", ".cohortkit/schemas"):
        person.write_text(re.sub(r"\.\./\S+/person", f"../{folder}/person", text, count=1), encoding="utf-8")
        _, problems = validate_tree(program)
        assert [p for p in problems if p.rule == "header"] == []
    person.write_text(text.replace("$schema=../.cohortkit/schemas/", "$schema=../schema/"), encoding="utf-8")
    _, problems = validate_tree(program)
    (header,) = [p for p in problems if p.rule == "header"]
    assert (
        header.fix
        == "make the first line: # yaml-language-server: $schema=../.cohortkit/schemas/person.schema.json"
    )


def test_a_folder_or_a_pipe_where_a_schema_goes_is_refused_or_replaced_never_hung_on(program, capsys):
    folder = program / ".cohortkit" / "schemas"
    (folder / "person.schema.json").unlink()
    (folder / "person.schema.json").mkdir()
    before = sorted(p.name for p in folder.iterdir())
    assert main(["schemas", "--root", str(program)]) == 2
    said = capsys.readouterr().err
    assert "cohortkit: .cohortkit/schemas/person.schema.json is a folder; remove it" in said
    assert "internal error" not in said and sorted(p.name for p in folder.iterdir()) == before
    (folder / "person.schema.json").rmdir()
    os.mkfifo(folder / "person.schema.json")  # read, it would block forever
    assert main(["schemas", "--root", str(program)]) == 0
    assert (folder / "person.schema.json").read_bytes() == _shipped()["person.schema.json"]
