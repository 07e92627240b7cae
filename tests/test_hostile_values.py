"""Values that looked legal and slipped through or crashed: each refused with a located message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cohortkit.data.schemas import load_schemas
from cohortkit.data.yamlread import parse_yaml_text, read_yaml_file

REPO = Path(__file__).resolve().parent.parent


def parse(text: str):
    return parse_yaml_text(text, "people/x.yaml")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('name: "Ada\\0"\n', "U+0000"),
        ('name: "Ada\\e[31m"\n', "U+001B"),
        ('name: "Ada\\x07"\n', "U+0007"),
        ('name: "Ada\\r"\n', "U+000D"),
        ('name: "Ada\\N"\n', "U+0085"),
        ('name: "Ada\\L"\n', "U+2028"),
        ('"k\\0": x\n', "U+0000"),  # keys too
        ('list:\n  - "ok"\n  - "\\x1b"\n', "U+001B"),
    ],
)
def test_control_characters_written_as_escapes_are_refused_where_they_are(text, code):
    _, problems = parse(text)
    assert [p.message for p in problems] == [
        f"the text contains a control character ({code}) written as an escape"
    ]
    assert problems[0].line == text[: text.index("\\")].count("\n") + 1


def test_line_breaks_and_tabs_written_as_escapes_are_text():
    data, problems = parse('bio: "one\\ttwo\\nthree"\n')
    assert problems == [] and data["bio"] == "one\ttwo\nthree"


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.Inf"])
def test_nan_and_infinity_are_refused(value):
    _, problems = parse(f"attributes:\n  workshops_taught: {value}\n")
    assert len(problems) == 1 and "not a number YAML can compare" in problems[0].message
    assert (problems[0].line, problems[0].col) == (2, 21)


@pytest.mark.parametrize(
    "value",
    [
        "1" * 5000,  # past Python's integer-string limit
        "1" + "0" * 30,
        ":".join(["59"] * 2000),  # base 60, worth thousands of digits
        "1.0e+999999",  # a float of infinite value
    ],
    ids=["digits", "long", "sexagesimal", "huge-float"],
)
def test_numbers_at_the_edge_of_their_type_are_refused_not_crashed_on(value):
    _, problems = parse(f"mentor_capacity: {value}\n")
    assert len(problems) == 1 and problems[0].line == 1
    assert "number" in problems[0].message


def test_an_18_digit_number_still_loads():
    data, problems = parse("mentor_capacity: 999999999999999999\n")
    assert problems == [] and data["mentor_capacity"] == 10**18 - 1


def test_cr_only_line_ends_read_as_line_ends(tmp_path):
    file = tmp_path / "x.yaml"
    file.write_bytes(b"login: x\rname: X\rtimezone: UTC\r")
    result = read_yaml_file(file, "people/x.yaml")
    assert result.ok and result.data == {"login": "x", "name": "X", "timezone": "UTC"}
    assert "\r" not in result.text


def test_a_control_character_after_multibyte_text_is_located_by_character(tmp_path):
    file = tmp_path / "x.yaml"
    file.write_bytes("name: 日本語\nbio: Zoë Ñandú\x07!\n".encode())
    [problem] = read_yaml_file(file, "people/x.yaml").problems
    assert (problem.line, problem.col) == (2, 15)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    pipe = tmp_path / "x.yaml"
    os.mkfifo(pipe)
    [problem] = read_yaml_file(pipe, "people/x.yaml").problems
    assert problem.message == "not a regular file (a named pipe, socket or device)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_validate_finishes_on_a_tree_with_a_named_pipe(tmp_path):
    for folder in ("programs", "cohorts", "people", "schemas"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    os.mkfifo(tmp_path / "people" / "zz-pipe.yaml")
    os.mkfifo(tmp_path / "cohorts" / "2026-q4" / "zz-pipe.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "cohortkit", "validate", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "people/zz-pipe.yaml:1:1: not a regular file" in done.stdout
    assert "cohorts/2026-q4/zz-pipe.yaml:1:1: not a regular file" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("key", "value"),
    [("login", "x\n"), ("name", "X\n"), ("pronouns", "she/her\n")],
)
def test_a_trailing_line_break_does_not_pass_a_pattern(key, value):
    # Python's '$' matches before a final line break; JSON Schema's does not.
    schemas = load_schemas(REPO / "schemas")
    document = {"login": "x", "name": "X", "timezone": "UTC", key: value}
    problems = schemas.check("person", document, "people/x.yaml")
    assert problems, (key, value)
    assert not schemas.is_valid("person", document)


def _copy_tree(tmp_path: Path) -> Path:
    for folder in ("programs", "cohorts", "people", "schemas", "docs"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def _validate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cohortkit", "validate", "--root", str(root), "--today", "2026-11-23"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_limit_written_as_a_float_integer_is_an_integer_even_when_exceeded(tmp_path):
    # JSON Schema's integers include 1.0; a limit kept as a float crashed slicing once exceeded.
    root = _copy_tree(tmp_path)
    for program in (root / "programs").glob("*.yaml"):
        text = program.read_text(encoding="utf-8")
        for key in ("mentee_active_cohorts", "mentor_active_cohorts", "mentees_per_mentor"):
            text = re.sub(rf"(\n\s+{key}): \d+\n", r"\1: 1.0\n", text)
        program.write_text(text, encoding="utf-8")
    done = _validate(root)
    assert done.returncode == 1, done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert "running cohort(s) at once" in done.stdout and "1.0" not in done.stdout


def test_one_unknown_key_in_a_program_file_is_one_error(tmp_path):
    root = _copy_tree(tmp_path)
    program = root / "programs" / "dsc-mentoring-groups.yaml"
    program.write_text(
        program.read_text(encoding="utf-8").replace("\nname: ", "\nnmae: x\nname: ", 1), encoding="utf-8"
    )
    done = _validate(root)
    problems = [line for line in done.stdout.splitlines() if ": " in line and not line.endswith("fixed")]
    assert [p.split(":")[0] for p in problems] == ["programs/dsc-mentoring-groups.yaml"], done.stdout


def test_data_text_in_issues_can_make_no_markdown_of_its_own():
    from cohortkit.github.issue_text import _md, _url

    hostile = (
        "[Sign in](https://phish.example) ![x](https://t.example/p.png) **bold** `code` | cell @someone #1"
    )
    text = _md(hostile)
    # Every Markdown character is escaped: no link, image, emphasis, code span or table cell.
    for raw in ("[", "]", "*", "`", "|"):
        assert text.count(raw) == text.count("\\" + raw), raw
    assert "https://" not in text and "@someone" not in text and "#1" not in text
    # A web address inside <...> cannot be closed early or carry a mention.
    for tail in (") @everyone", "> [y](z)", " x"):
        assert not set(_url("https://chat.example.org/x" + tail)) & set(" <>()")


@pytest.mark.parametrize(
    "control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_bidirectional_controls_are_refused_raw_or_escaped(control):
    raw = parse(f"name: Ada{control}nimda\n")[1]
    assert (
        len(raw) == 1 and "bidirectional control" in raw[0].message and (raw[0].line, raw[0].col) == (1, 10)
    )
    escaped = parse(f'name: "Ada\\u{ord(control):04x}nimda"\n')[1]
    assert len(escaped) == 1 and "written as an escape" in escaped[0].message


def test_right_to_left_text_and_its_marks_still_load():
    data, problems = parse("name: שלום עולם\u200f\nbio: مرحبا\u200e بالعالم\n")
    assert problems == [] and data["name"] == "שלום עולם\u200f"
