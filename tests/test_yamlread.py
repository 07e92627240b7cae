"""The YAML reader treats every file as hostile input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cohortkit.data.yamlread import parse_yaml_text, read_yaml_file


def parse(text: str):
    return parse_yaml_text(text, "people/x.yaml")


def test_dates_stay_text_so_the_schema_can_judge_their_form():
    data, problems = parse("joined: 2026-01-05\nother: 2026-1-5\n")
    assert problems == []
    assert data == {"joined": "2026-01-05", "other": "2026-1-5"}


def test_every_duplicate_key_is_reported_with_its_line():
    data, problems = parse("login: a\nname: A\nlogin: b\nseeks:\n  help: both\n  help: career\n")
    # The first value is kept so the file's other mistakes can still be reported.
    assert data == {"login": "a", "name": "A", "seeks": {"help": "both"}}
    assert [(p.line, p.col) for p in problems] == [(3, 1), (6, 3)]
    assert all("duplicate key" in p.message for p in problems)
    assert "'login'" in problems[0].message


def test_an_alias_bomb_fails_fast_instead_of_expanding():
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 30):
        previous = chr(ord("a") + index - 1) if index < 26 else f"a{index - 1}"
        name = chr(ord("a") + index) if index < 26 else f"a{index}"
        levels.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    started = time.perf_counter()
    data, problems = parse("\n".join(levels) + "\n")
    elapsed = time.perf_counter() - started
    assert data is None
    assert problems[0].line == 1 and "anchors" in problems[0].message
    assert elapsed < 5, "expanding 9**30 strings would never finish; refusing must be immediate"


def test_an_alias_is_refused_at_its_position():
    # No anchor syntax scan can miss this: the constructor refuses the shared node too.
    data, problems = parse("a: &x 1\nb: *x\n")
    assert data is None and problems[0].line == 1


def test_merge_keys_are_refused():
    data, problems = parse("base:\n  x: 1\nother:\n  <<: {x: 1}\n")
    assert data is None
    assert "merge keys" in problems[0].message and problems[0].line == 4


def test_a_key_yaml_reads_as_a_boolean_is_explained():
    data, problems = parse("on: push\n")
    assert data == {}
    assert "key 'on' is read by YAML as true" in problems[0].message
    assert 'put the key in quotes: "on":' in problems[0].fix


def test_an_ampersand_in_quoted_text_is_fine():
    data, problems = parse('bio: "R&D and *stars*"\n')
    assert problems == [] and data == {"bio": "R&D and *stars*"}


def test_tabs_get_a_plain_explanation():
    _, problems = parse("login: a\n\tname: b\n")
    assert problems[0].line == 2 and problems[0].fix == "indent with spaces, not tabs"


def test_a_control_character_is_located():
    _, problems = parse("login: a\nname: b\x07c\n")
    assert (problems[0].line, problems[0].col) == (2, 8)
    assert "U+0007" in problems[0].message


def test_several_documents_are_refused():
    _, problems = parse("a: 1\n---\nb: 2\n")
    assert "more than one YAML document" in problems[0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "the file is empty"), ("- a\n- b\n", "a list"), ("just text\n", "a single text")],
)
def test_the_top_level_must_be_a_mapping(text, expected):
    data, problems = parse(text)
    assert data is None and expected in problems[0].message


def test_size_cap_is_checked_before_parsing(tmp_path: Path):
    big = tmp_path / "big.yaml"
    big.write_text("bio: " + "x" * 300_000 + "\n")
    result = read_yaml_file(big, "people/big.yaml")
    assert not result.ok and "larger than the 256 KiB limit" in result.problems[0].message
    assert result.text == ""  # never decoded, never parsed


def test_invalid_utf8_names_line_and_column(tmp_path: Path):
    file = tmp_path / "p.yaml"
    file.write_bytes(
        "login: a\nname: Zoë \xff\n".encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff")
    )
    result = read_yaml_file(file, "people/p.yaml")
    assert (result.problems[0].line, result.problems[0].col) == (2, 11)
    assert "not valid UTF-8" in result.problems[0].message


def test_a_byte_order_mark_is_accepted(tmp_path: Path):
    file = tmp_path / "p.yaml"
    file.write_bytes(b"\xef\xbb\xbflogin: a\n")
    result = read_yaml_file(file, "people/p.yaml")
    assert result.ok and result.data == {"login": "a"}


@pytest.mark.parametrize("text", ["a: &x 1\n", "list:\n  - &first one\n", "flow: [&x 1]\n"])
def test_an_unused_anchor_is_refused_too(text):
    data, problems = parse(text)
    assert data is None and "anchors (&name)" in problems[0].message


def test_markdown_emphasis_and_ampersands_in_plain_text_load():
    data, problems = parse("bio: Tom & Jerry teach **Git** and *R*; R&D\n")
    assert problems == [] and data["bio"] == "Tom & Jerry teach **Git** and *R*; R&D"


@pytest.mark.parametrize(
    "text",
    [
        "name: " + "[" * 120_000 + "]" * 120_000 + "\n",  # would crash libyaml's composer
        "name: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n",
        "name:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 60)) + " " * 60 + "x: 1\n",
        "list:\n  " + "- " * 5_000 + "x\n",
    ],
    ids=["flow-sequences", "flow-mappings", "indentation", "compact-sequences"],
)
def test_deep_nesting_is_refused_before_it_can_crash(text):
    data, problems = parse(text)
    assert data is None
    assert [p.message for p in problems] == ["the data is nested more than 40 levels deep"]


DEEP_TEXTS = {
    "flow-sequences": "name: " + "[" * 120_000 + "]" * 120_000 + "\n",
    "flow-mappings": "name: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n",
    "compact-sequences": "list:\n  " + "- " * 5_000 + "x\n",
    # A quoted ']' at every level fools the cheap bracket count; libyaml's own error is then ours.
    "quoted-closers": "name: " + '["]", ' * 3_000 + "1" + "]" * 3_000 + "\n",
}


@pytest.mark.parametrize("name", ["flow-sequences", "flow-mappings", "compact-sequences"])
def test_deep_nesting_is_refused_before_libyaml_sees_the_text(name, monkeypatch):
    # Whatever nesting limit a PyYAML release builds in, it must never be the one that answers.
    import cohortkit.data.yamlread as yamlread

    def no_libyaml(*args, **kwargs):
        raise AssertionError("libyaml was handed a text already known to be too deep")

    monkeypatch.setattr(yamlread.yaml, "parse", no_libyaml)
    monkeypatch.setattr(yamlread, "StrictLoader", no_libyaml)
    monkeypatch.setattr(yamlread, "AliasGuardLoader", no_libyaml)
    data, problems = parse(DEEP_TEXTS[name])
    assert data is None
    assert [p.message for p in problems] == ["the data is nested more than 40 levels deep"]
    assert "remove the extra brackets" in problems[0].fix


def test_nesting_hidden_behind_quoted_brackets_gets_our_message_too():
    data, problems = parse(DEEP_TEXTS["quoted-closers"])
    assert data is None
    assert [p.message for p in problems] == ["the data is nested more than 40 levels deep"]


def test_brackets_inside_quotes_comments_and_block_text_are_not_nesting():
    text = (
        'name: "' + "[" * 100 + '"\n'
        "bio: |\n  " + "{" * 100 + "\n"
        "# " + "[" * 100 + "\n"
        "tags: ['" + "[" * 60 + "', b]\n"
    )
    data, problems = parse(text)
    assert problems == []
    assert data["name"] == "[" * 100 and data["tags"] == ["[" * 60, "b"]


def test_exactly_the_limit_loads_and_one_more_is_refused():
    at_limit = "a: " + "[" * 39 + "1" + "]" * 39 + "\n"  # the mapping is level 1
    assert parse(at_limit)[1] == []
    over = "a: " + "[" * 40 + "1" + "]" * 40 + "\n"
    assert [p.col for p in parse(over)[1]] == [43]


def test_ordinary_nesting_loads():
    data, problems = parse("a:\n  b:\n    - c: [1, [2, {d: 3}]]\n")
    assert problems == [] and data == {"a": {"b": [{"c": [1, [2, {"d": 3}]]}]}}


def test_random_hostile_text_never_raises():
    """Whatever a fork sends, reading ends in data or problems, never an exception."""
    import random

    pieces = ["a", ": ", "- ", "? ", "[", "]", "{", "}", ",", "&x ", "*x", "<<: ", "!!python/object ", "'", '"',
              "\n", "  ", "\t", "#", "|", ">", "%YAML 1.1\n", "---\n", "...", "\x00", "\x85", "\ufeff", "é", "2026-01-01",
              "yes", "on", "~", "@", "`", "\\", "1e9", "0x1F", ".inf"]  # fmt: skip
    rng = random.Random(20261123)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        data, problems = parse(text)
        assert data is not None or problems, text


@pytest.mark.parametrize(
    "text",
    ["a: !!binary aGVsbG8=\n", "a: !!set {x}\n", "a: !!python/object:os.system x\n", "a:\n  - !custom x\n"],
)
def test_explicit_tags_are_refused(text):
    data, problems = parse(text)
    assert data is None
    assert problems[0].message == "YAML tags (!name or !!name) are not allowed in data files"


def test_an_exclamation_mark_inside_text_is_fine():
    data, problems = parse("bio: Hello! Welcome!\nquoted: '!important'\n")
    assert problems == [] and data["quoted"] == "!important"


def test_a_list_or_mapping_used_as_a_key_is_named_as_such_with_a_fix_that_fits():
    from cohortkit.data.yamlread import parse_yaml_text

    for text, line in (("login: a\n[x, y]: 1\n", 2), ("login: a\n? {a: b}\n: 1\n", 2)):
        _, problems = parse_yaml_text(text, "people/a.yaml")
        [problem] = problems
        assert problem.line == line and "not a name" in problem.message
        assert "this key" not in problem.text and "put the key in quotes" not in problem.text
