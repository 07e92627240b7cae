"""Fuzzing the YAML reader: whatever text or bytes a fork sends, reading ends in data or located problems.

The strategies write hostile YAML: random characters (controls, NEL, the Unicode
line separators, a byte order mark, lone surrogates), documents built from random
keys and values in every quoting style with random escapes, collections nested
past our limit and up to libyaml's own, anchors, aliases, tags and merge keys,
duplicate keys, very long scalars, every YAML 1.1 number form, CR, CRLF and mixed
line ends, and tabs. The properties: `parse_yaml_text` and `read_yaml_file` never
raise; every problem has a line and column inside the text; a document holds only
text keys and plain values, no NaN or infinity, and (when nothing was reported) no
control character but tab and line feed (a document with problems comes back only
so that its other mistakes can be reported; it never reaches the model). And the
cheap nesting bound that lets a text skip the slow exact depth scan is an upper
bound of what libyaml's events reach.

`make test` draws a few hundred examples (a few seconds); the scheduled fuzz
workflow sets COHORTKIT_FUZZ_EXAMPLES to draw many more.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from cohortkit.data.problems import Problem
from cohortkit.data.yamldepth import nesting_bound
from cohortkit.data.yamlread import parse_yaml_text, read_yaml_file
from cohortkit.data.yamlscan import MAX_DEPTH
from fuzzing import fuzz_settings
from hypothesis import example, given
from hypothesis import strategies as st

SHOWN = "people/x.yaml"
# What a document may hold once read; anything else (bytes, dates, sets) means a tag got through.
_SCALARS = (str, int, float, bool, type(None))
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_LINE_ENDS = re.compile(r"\r\n?")

# Characters and fragments that mean something to YAML, or to a reader of it.
_ODD_CHARACTERS = [
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x80", "\x85", "\x9f", "\xa0",
    "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "\U0001f600", "\U0010ffff",
    "\t", "\r", "\n", "\r\n", " ", "é", "\u200b", "\u202e",
]  # fmt: skip
_SYNTAX = [
    ": ", ":", "- ", "? ", "[", "]", "{", "}", ",", "#", "|", ">", "|-", ">+", "'", '"', "&a ", "*a", "!",
    "!!str ", "!!binary ", "!!python/object:os.system ", "!x ", "<<: ", "%YAML 1.1\n", "%TAG ! !x\n",
    "---\n", "...\n", "@", "`", "\\", "%", "  ", "    ",
]  # fmt: skip
# Every form of YAML 1.1 number and special value, and near misses of them.
NUMBERS = [
    "0", "-0", "+1", "007", "0o17", "0x1F", "0xFF_FF", "0b1010", "0b_", "0x_", "-0x_", "+0b__", "0_", "1_000",
    "1:2:3", "190:20:30", "-1:30", "1:2:3.5", "1:_", "59:59:59:59:59:59:59:59:59", ":".join(["59"] * 300),
    "1.5", ".5", "._", "-._", "1.", "1e3", "1.0e+3", "1.0e-3", "1.0e+999999", "-1.0e+999", "1e99999",
    ".nan", ".NaN", ".NAN", ".inf", "-.inf", "+.Inf", ".INF", "9" * 19, "1" + "0" * 18, "1" * 5000,
    "999999999999999999", "-999999999999999999", "3.", "1__", "0.0e+0",
    "yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "False", "~", "null", "Null", "",
    "2026-01-05", "2026-13-45", "2026-01-05T10:00:00Z", "19:00", "12:30:00",
]  # fmt: skip
_ESCAPES = [
    "\\0", "\\a", "\\b", "\\t", "\\\t", "\\n", "\\v", "\\f", "\\r", "\\e", "\\ ", '\\"', "\\/", "\\\\",
    "\\N", "\\_", "\\L", "\\P", "\\x00", "\\x1b", "\\x7f", "\\x85", "\\x9f", "\\xff", "\\xZZ", "\\u0000",
    "\\u2028", "\\ufeff", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\uFFFE", "\\U0010FFFF", "\\U00110000",
    "\\UFFFFFFFF", "\\q", "\\",
]  # fmt: skip


def check_parse(text: str) -> tuple[Any, list[Problem]]:
    data, problems = parse_yaml_text(text, SHOWN)
    assert data is None or isinstance(data, dict), type(data)
    assert isinstance(problems, list)
    check_problems(problems, _LINE_ENDS.sub("\n", text).split("\n"))
    if data is not None:
        check_values(data, clean=not problems)
    else:
        assert problems, "no document and no problem to say why"
    return data, problems


def check_problems(problems: list[Problem], lines: list[str]) -> None:
    """Each problem at a line of the text (or just after its end) and a column of that line."""
    for problem in problems:
        assert problem.file == SHOWN
        assert problem.message and problem.rule
        assert isinstance(problem.line, int) and isinstance(problem.col, int)
        assert 1 <= problem.line <= len(lines) + 1, (problem, len(lines))
        # The column may be one past the line's last character (a missing ':' at its end).
        width = len(lines[problem.line - 1]) if problem.line <= len(lines) else 0
        assert 1 <= problem.col <= width + 1, (problem, width)
        assert problem.severity in {"error", "warning"}
        if problem.message.startswith("YAML syntax error") and "".join(lines).strip():
            # Never past the last line: an error found at the end of the file is placed at its cause.
            assert problem.line <= len(lines) and lines[problem.line - 1].strip(), (problem, lines)


def check_values(value: Any, clean: bool, where: str = "") -> None:
    """Only plain values; no NaN or infinity; and without problems, no control characters in text."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), f"{where}: key {key!r}"
            if clean:
                assert not _CONTROL.search(key), f"{where}: key {key!r}"
            check_values(item, clean, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_values(item, clean, f"{where}[{index}]")
    else:
        assert isinstance(value, _SCALARS), f"{where}: {type(value).__name__} {value!r}"
        if isinstance(value, float):
            assert math.isfinite(value), f"{where}: {value!r}"
        if isinstance(value, str) and clean:
            assert not _CONTROL.search(value), f"{where}: {value!r}"


# Strategies.

any_character = st.characters(codec=None, exclude_categories=())
odd_text = st.lists(
    st.one_of(
        st.sampled_from(_ODD_CHARACTERS), st.sampled_from(_SYNTAX), any_character, st.sampled_from(NUMBERS)
    ),
    max_size=60,
).map("".join)
_WORD = st.text(st.sampled_from("abcxyz_-09 .é"), min_size=1, max_size=8)
_PLAIN_WORD = st.one_of(
    _WORD, st.sampled_from(NUMBERS), st.sampled_from(_SYNTAX), st.sampled_from(_ODD_CHARACTERS)
)
_KEYS = st.one_of(
    st.sampled_from(
        ["login", "name", "bio", "a", "b", "seeks", "help", "on", "no", "1", "1:2", "~", "<<", "?"]
    ),
    _WORD,
)


@st.composite
def scalar(draw: st.DrawFn) -> str:
    """One scalar in a random style: plain, single-quoted, double-quoted with random escapes, or a block."""
    style = draw(st.sampled_from(["plain", "plain", "single", "double", "block", "long"]))
    if style == "plain":
        return draw(_PLAIN_WORD)
    if style == "single":
        return "'" + draw(st.lists(_PLAIN_WORD, max_size=4).map(" ".join)).replace("'", "''") + "'"
    if style == "double":
        parts = draw(
            st.lists(
                st.one_of(_WORD, st.sampled_from(_ESCAPES), st.sampled_from(_ODD_CHARACTERS)), max_size=6
            )
        )
        return '"' + "".join(parts) + '"'
    if style == "block":
        header = draw(st.sampled_from(["|", ">", "|-", ">+", "|2", ">9", "|-1"]))
        body = draw(st.lists(st.one_of(_WORD, st.sampled_from(_ODD_CHARACTERS)), min_size=1, max_size=3))
        return header + "\n" + "\n".join("    " + part for part in body)
    return draw(st.sampled_from(["x", "é", "ab "])) * draw(st.sampled_from([300, 4000, 70000]))


def _decorated(draw: st.DrawFn, text: str) -> str:
    """Sometimes an anchor, a tag or an alias in front of a value."""
    prefix = draw(
        st.sampled_from(["", "", "", "", "&a ", "!!str ", "!x ", "!!map ", "!!python/name:os.system "])
    )
    if draw(st.integers(0, 12)) == 0:
        return "*a"
    return prefix + text


def render(draw: st.DrawFn, depth: int, indent: int, flow: bool) -> str:
    """A random value, as YAML text at `indent`; block collections start on a new line."""
    kind = draw(st.sampled_from(["scalar", "scalar", "map", "seq"]) if depth < 4 else st.just("scalar"))
    if kind == "scalar":
        return _decorated(draw, draw(scalar()))
    size = draw(st.integers(0, 4))
    if flow or draw(st.booleans()):
        if kind == "map":
            items = [f"{draw(_KEYS)}: {render(draw, depth + 1, 0, True)}" for _ in range(size)]
            return _decorated(draw, "{" + ", ".join(items) + "}")
        return _decorated(draw, "[" + ", ".join(render(draw, depth + 1, 0, True) for _ in range(size)) + "]")
    pad = " " * indent
    if kind == "map":
        entries = []
        for _ in range(max(size, 1)):
            key = draw(_KEYS)
            if draw(st.integers(0, 10)) == 0:
                key = "<<"
            entries.append(f"\n{pad}{key}: {render(draw, depth + 1, indent + 2, False)}")
        return "".join(entries)
    return "".join(f"\n{pad}- {render(draw, depth + 1, indent + 2, False)}" for _ in range(max(size, 1)))


@st.composite
def document(draw: st.DrawFn) -> str:
    """A mapping of random keys (duplicates likely), in block or flow style, with random line ends."""
    lines = []
    if draw(st.booleans()):
        lines.append("# yaml-language-server: $schema=../schemas/person.schema.json")
    for _ in range(draw(st.integers(1, 8))):
        key = draw(_KEYS)
        key = draw(st.sampled_from([key, key, f"'{key}'", f'"{key}"', f"? {key}\n:"]))
        lines.append(f"{key}: {render(draw, 0, 2, False)}")
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\n...\n", "\n---\nb: 1\n"]))
    return mangle(draw, text)


def mangle(draw: st.DrawFn, text: str) -> str:
    """Line ends as CR LF, CR or mixed; tabs for indentation; a byte order mark; a pasted odd character."""
    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r", "mixed"]))
    if ending == "mixed":
        pieces = text.split("\n")
        text = (
            "".join(piece + draw(st.sampled_from(["\n", "\r\n", "\r"])) for piece in pieces[:-1]) + pieces[-1]
        )
    elif ending != "\n":
        text = text.replace("\n", ending)
    if draw(st.integers(0, 5)) == 0:
        text = text.replace("  ", "\t", draw(st.integers(1, 3)))
    if draw(st.integers(0, 5)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(_ODD_CHARACTERS)) + text[at:]
    if draw(st.integers(0, 8)) == 0:
        text = "\ufeff" + text
    return text


@st.composite
def deep(draw: st.DrawFn) -> str:
    """Nesting past our limit of 40, and near libyaml's own of 1000, in every way YAML can nest."""
    levels = draw(
        st.one_of(st.integers(MAX_DEPTH - 2, MAX_DEPTH + 3), st.integers(990, 1010), st.integers(1, 100))
    )
    form = draw(
        st.sampled_from(
            [
                "flow-seq",
                "flow-map",
                "mixed-flow",
                "block-map",
                "block-seq",
                "same-column",
                "compact",
                "quoted",
            ]
        )
    )
    leaf = draw(st.sampled_from(["x", "1", "", "*a", "&a x", "'x'"]))
    if form == "flow-seq":
        body = "[" * levels + leaf + "]" * draw(st.sampled_from([levels, levels - 1, 0]))
    elif form == "flow-map":
        body = "{a: " * levels + leaf + "}" * levels
    elif form == "mixed-flow":
        body = "".join(draw(st.sampled_from(["[", "{a: "])) for _ in range(levels)) + leaf
    elif form == "block-map":
        body = "".join(f"{' ' * level}k{level}:\n" for level in range(min(levels, 400))) + " " * levels + leaf
    elif form == "block-seq":
        body = "".join(f"{' ' * (2 * level)}-\n" for level in range(min(levels, 300))) + leaf
    elif form == "same-column":  # a sequence at its mapping's column: two levels a column
        width = min(levels, 300)
        body = "".join(f"{' ' * level}k:\n{' ' * level}-\n" for level in range(width)) + " " * width + leaf
    elif form == "compact":
        body = "- " * levels + leaf
    else:  # brackets inside quotes do not nest, and must not be counted as if they did
        body = "'" + "[" * levels + "' " + "[" * min(levels, 45) + leaf
    return mangle(
        draw, "key: " + body + "\n" if form in {"flow-seq", "flow-map", "mixed-flow"} else body + "\n"
    )


@st.composite
def graph(draw: st.DrawFn) -> str:
    """Anchors, aliases, merge keys and tags, the constructs data files must refuse, where they are legal YAML."""
    anchor = draw(st.sampled_from(["a", "x1", "é", "a" * 200]))
    value = draw(st.sampled_from(["1", "[1, 2]", "{k: v}", '"s"', "\n  k: v"]))
    use = draw(
        st.sampled_from(
            [
                f"b: *{anchor}",
                f"b:\n  <<: *{anchor}",
                f"b: [*{anchor}, *{anchor}]",
                "b: !!set {x}",
                "b: !!binary aGk=",
                "b: !!timestamp 2026-01-01",
                "b: !!float 1",
                "b: !!int '1'",
                "b: !!omap [a: 1]",
                "b: !<tag:yaml.org,2002:str> x",
                f"? *{anchor}\n: v",
                "<<: {x: 1}",
                "b: ! x",
                "c: 1",
            ]
        )
    )
    return mangle(draw, f"a: &{anchor} {value}\n{use}\n")


hostile_text = st.one_of(odd_text, document(), deep(), graph())


# Properties.


@fuzz_settings(150)
@given(hostile_text)
@example("a: 0x_\n")  # found by this fuzz: int('', 16) raised ValueError
@example("a: 0b_\n")
@example("a: x\x85b: c\n")  # NEL: libyaml counts it as a line end, nobody else does
@example("a: 'x\u2028y'\n")  # a raw line separator reached the data
@example("a: \ud800\n")  # a lone surrogate (from JSON, say) could not even be encoded
def test_parse_never_raises_and_locates_every_problem(text: str) -> None:
    check_parse(text)


@fuzz_settings(50)
@given(odd_text, document())
def test_garbage_in_front_of_a_document_is_located_too(prefix: str, text: str) -> None:
    check_parse(prefix + text)


def _event_depth(text: str) -> int | None:
    """The deepest nesting libyaml's events reach, or None where it finds an error first."""
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except (yaml.YAMLError, UnicodeEncodeError):
        return None
    return deepest


@fuzz_settings(100)
@given(st.one_of(document(), deep(), graph(), odd_text))
@example("a:\n- b:\n  -\n   c:\n   - d: 1\n")  # a sequence at its mapping's column, twice
@example("- - - [[{a: - x}]]\n")
def test_the_cheap_nesting_bound_is_an_upper_bound(text: str) -> None:
    """Texts that cannot reach libyaml's own limit skip the slow exact scan, so the bound must hold
    (quotes, comments and block text can fool the bracket count; libyaml's limit is the backstop there)."""
    if any(c in text for c in "'\"#|>\x85\u2028\u2029"):
        return
    text = _LINE_ENDS.sub("\n", text)  # as parse_yaml_text hands it over
    deepest = _event_depth(text)
    if deepest is not None:
        assert deepest <= nesting_bound(text), (deepest, nesting_bound(text))


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fuzz-reader-") as folder:
        yield Path(folder)


def _encoded(draw: st.DrawFn) -> bytes:
    text = draw(st.one_of(document(), graph(), odd_text))
    raw = text.encode("utf-8", errors="surrogatepass")
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(raw)))
        broken = draw(
            st.sampled_from(
                [
                    b"\xff",
                    b"\xfe\xff",
                    b"\xc3",
                    b"\xe2\x80",
                    b"\xed\xa0\x80",
                    b"\xc0\xaf",
                    b"\xf4\x90\x80\x80",
                ]
            )
        )
        raw = raw[:at] + broken + raw[at:]
    return raw


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    """Random bytes, or YAML text with invalid UTF-8 spliced in, in UTF-8 or another encoding."""
    form = draw(st.sampled_from(["random", "spliced", "spliced", "utf16", "bom"]))
    if form == "random":
        return draw(st.binary(max_size=300))
    if form == "utf16":
        return draw(document()).encode("utf-16", errors="surrogatepass")
    raw = _encoded(draw)
    return b"\xef\xbb\xbf" + raw if form == "bom" else raw


@fuzz_settings(120)
@given(file_bytes())
@example(b"a: 1\r\nb: \xff\r\n")
@example(b"\x00\r\xff")  # found by this fuzz: CR-only line ends were not counted before a bad byte
@example(b"\xef\xbb\xbf\r\xff")  # found by this fuzz: after a byte order mark, the wrong byte was named
@example(b"\xef\xbb\xbf\xef\xbb\xbfa: 1\n")
def test_reading_any_bytes_never_raises(scratch: Path, raw: bytes) -> None:
    path = scratch / "x.yaml"
    path.write_bytes(raw)
    result = read_yaml_file(path, SHOWN)
    # Where the file could not be decoded, its lines are what an editor shows (bad bytes as one character each).
    shown_text = result.text or raw.decode("utf-8", errors="replace")
    if shown_text.startswith("\ufeff"):
        shown_text = shown_text[1:]
    check_problems(result.problems, _LINE_ENDS.sub("\n", shown_text).split("\n"))
    assert "\r" not in result.text
    if result.data is None:
        assert result.problems
    else:
        assert isinstance(result.data, dict)
        check_values(result.data, clean=result.ok)
