"""Fuzzing `cohortkit validate` on whole data trees: any tree gets a report, never a crash.

A copy of the repository's data (programs/, cohorts/, people/, schemas/ and the
showcase images) is made once; each example mutates one or two things in it and
puts them back afterwards. Mutations: a value replaced by a hostile value of
another type, a key renamed, a key with a line break in it, HTML and Markdown in
text, a file replaced by random bytes or by hostile YAML, an empty file, a file
under a name with spaces, Unicode, control characters or a line break, a symbolic
link, a named pipe, a folder where a file should be, a deleted file.

Validation runs in this process through the command line's own entry point, with
its output written through a strict UTF-8 stream as a pipe would be. Properties:
it ends within a few seconds; exits 0, 1 or 2; prints no traceback and no internal
error; every problem has a path under the tree, a line and a column; the text
format prints one problem per line (a line break in a file name cannot forge a
second one), as does the GitHub format, and the summary counts them; in JSON every
problem has file, line and col.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cohortkit.cli import main
from cohortkit.data.problems import Problem
from cohortkit.validation.report import escape_text, write_report
from fuzzing import fuzz_settings
from hypothesis import given, reject
from hypothesis import strategies as st
from test_fuzz_reader import NUMBERS, document, graph, odd_text

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
# Validation of the repository's data takes about 0.1 s here; a bound well above it, for a busy machine.
MAX_SECONDS = 5.0


def _data_files() -> list[str]:
    found = []
    for folder in ("programs", "cohorts", "people"):
        found.extend(p.relative_to(REPO).as_posix() for p in sorted((REPO / folder).rglob("*.yaml")))
    return found


DATA_FILES = _data_files()
PEOPLE = [f for f in DATA_FILES if f.startswith("people/")]
COHORTS = [f for f in DATA_FILES if f.startswith("cohorts/")]
FOLDERS = ["programs", "people", "cohorts", COHORTS[0].rsplit("/", 1)[0]]


class Tree:
    """The copied data, with every mutation of one example undone afterwards."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._saved: dict[Path, bytes | None] = {}

    def touch(self, relative: str) -> Path:
        """Remember what is at `relative` (contents, or nothing) before changing it."""
        path = self.root / relative
        if path not in self._saved:
            self._saved[path] = path.read_bytes() if path.is_file() and not path.is_symlink() else None
            assert path.is_file() or not os.path.lexists(path), f"{relative} is not a file to remember"
        return path

    def write(self, relative: str, content: bytes) -> None:
        path = self.touch(relative)
        _remove(path)
        path.write_bytes(content)

    def restore(self) -> None:
        # Deepest first, so that a file made inside a new folder goes before the folder.
        for path in sorted(self._saved, key=lambda p: len(p.parts), reverse=True):
            _remove(path)
            original = self._saved[path]
            if original is not None:
                path.write_bytes(original)
        self._saved.clear()

    def entries(self) -> set[str]:
        """Every path under the data folders, as validate shows it (relative, forward slashes)."""
        found = set()
        for folder in ("programs", "cohorts", "people"):
            for parent, dirs, files in os.walk(self.root / folder):
                for name in dirs + files:
                    found.add((Path(parent) / name).relative_to(self.root).as_posix())
        return found


def _remove(path: Path) -> None:
    if path.is_symlink() or (os.path.lexists(path) and not path.is_dir()):
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


@pytest.fixture(scope="module")
def tree() -> Iterator[Tree]:
    with tempfile.TemporaryDirectory(prefix="fuzz-validate-") as folder:
        root = Path(folder) / "tree"
        for name in ("programs", "cohorts", "people", "schemas", "docs/showcase"):
            shutil.copytree(REPO / name, root / name)
        copied = Tree(root)
        listed = copied.entries()
        before = {
            entry: (root / entry).read_bytes() for entry in copied.entries() if (root / entry).is_file()
        }
        yield copied
        # Every example put back what it changed, so each one started from the repository's data.
        after = {entry: (root / entry).read_bytes() for entry in copied.entries() if (root / entry).is_file()}
        assert copied.entries() == listed and after == before


# Mutations: each changes the tree through Tree, so that restore() can undo it.

Mutation = Callable[[Tree], None]


class Described:
    """A mutation that says what it does, so that a failing example reads as the mutations it made."""

    def __init__(self, run: Mutation, text: str) -> None:
        self.run, self.text = run, text

    def __call__(self, tree: Tree) -> None:
        self.run(tree)

    def __repr__(self) -> str:
        return self.text


HOSTILE_VALUES = [
    "[]", "{}", "~", "", "yes", "no", "on", "1:2:3", "19:00", ".nan", "-.inf", "1e999", "0x_", "0b_", "9" * 30,
    '"\\x1b[31m"', '"\\0"', '"\\u2028"', '"\\ud800"', "'\u00e9'", "[a, [b, {c: d}]]", "{a: [b]}", "\n  - x\n  - y",
    "\n  k: v", "&a x", "*a", "!!binary aGk=", "2026-02-30", "2026-1-5", "-1", "0", "99999999", "'   '",
    '"<script>alert(1)</script>"', "'[x](javascript:alert(1))'", "'{ onclick=alert(1) }'", "'# Heading'",
    "'<img src=x onerror=alert(1)>'", "'**bold** _it_ `code` <b>'", "'https://evil.example/%0A::error::x'",
    '"' + "x" * 5000 + '"', "|\n  block\n  text", "x\tx", "'a: b'", "a: b", "- x", "'%0A::warning file=x::y'",
    "9999-12-31", "0001-01-01", "24:00", "1.5", "1.0", "-0",
    *NUMBERS[:40],
]  # fmt: skip
KEYS = [
    "login", "name", "bio", "timezone", "id", "program", "term", "status", "person", "outcome", "joined",
    "pronuns", "Login", "lo gin", "login\u200b", '"na\\nme"', '"a\\rb"', '"k\\u2028"', '"\\x1b"', "'::error::'",
    "1", "on", "~", "[a]", "{b: c}", "<<", "'é'", "'a,b:c'", "? x\n ", '"\\ud800"', "'%0A'",
]  # fmt: skip
ODD_NAMES = [
    "with space.yaml", "été.yaml", "line\nbreak.yaml", "tab\tname.yaml", "esc\x1b[31m.yaml", "cr\rname.yaml",
    "%0A::error file=x::forged.yaml", "a:1:2.yaml", "comma,colon:.yaml", "back\\slash.yaml", "nel\x85.yaml",
    "ls\u2028.yaml", "bidi\u202egnp.yaml", "\udcff\udcfe.yaml", "UPPER.yaml", ".hidden.yaml", "README.md",
    "x.yml", "x.YAML", "x.yaml.bak", "x", "-dash.yaml", "emoji\U0001f600.yaml", " lead.yaml", "trail .yaml",
]  # fmt: skip
_LINE = re.compile(r"^(?P<indent>\s*(?:- )?)(?P<key>[^\s:#'\"-][^:#]*):(?P<rest>.*)$")


def _read(tree: Tree, relative: str) -> bytes | None:
    """The file's bytes, or None when an earlier mutation of this example made it something else."""
    path = tree.root / relative
    return path.read_bytes() if path.is_file() and not path.is_symlink() else None


def _keyed_lines(tree: Tree, relative: str) -> tuple[list[str], list[int]]:
    content = _read(tree, relative)
    lines = content.decode("utf-8", errors="surrogateescape").split("\n") if content is not None else []
    return lines, [i for i, line in enumerate(lines) if _LINE.match(line)]


@st.composite
def replace_value(draw: st.DrawFn) -> Mutation:
    target, line_pick, value = (
        draw(st.sampled_from(DATA_FILES)),
        draw(st.integers(0, 200)),
        draw(st.sampled_from(HOSTILE_VALUES)),
    )

    def mutate(tree: Tree) -> None:
        lines, keyed = _keyed_lines(tree, target)
        if not keyed:  # an earlier mutation of this example left nothing to edit
            return
        at = keyed[line_pick % len(keyed)]
        match = _LINE.match(lines[at])
        assert match
        lines[at] = f"{match['indent']}{match['key']}: {value}"
        tree.write(target, "\n".join(lines).encode("utf-8", errors="surrogateescape"))

    return Described(mutate, f"replace_value({target!r}, line {line_pick}, {value!r})")


@st.composite
def rename_key(draw: st.DrawFn) -> Mutation:
    target, line_pick, key = (
        draw(st.sampled_from(DATA_FILES)),
        draw(st.integers(0, 200)),
        draw(st.sampled_from(KEYS)),
    )

    def mutate(tree: Tree) -> None:
        lines, keyed = _keyed_lines(tree, target)
        if not keyed:
            return
        at = keyed[line_pick % len(keyed)]
        match = _LINE.match(lines[at])
        assert match
        lines[at] = f"{match['indent']}{key}:{match['rest']}"
        tree.write(target, "\n".join(lines).encode("utf-8", errors="surrogateescape"))

    return Described(mutate, f"rename_key({target!r}, line {line_pick}, {key!r})")


@st.composite
def replace_file(draw: st.DrawFn) -> Mutation:
    """A file replaced by random bytes, hostile YAML, or nothing at all (keeping or losing its header)."""
    target = draw(st.sampled_from(DATA_FILES))
    content = draw(
        st.one_of(
            st.binary(max_size=200),
            st.just(b""),
            st.sampled_from(
                [b"\n", b"\xef\xbb\xbf", b"---\n", b"~\n", b"[]\n", b"- a\n", b"\x00", b"\xff\xfe"]
            ),
            st.one_of(document(), graph(), odd_text).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
        )
    )
    keep_header = draw(st.booleans())

    def mutate(tree: Tree) -> None:
        header = (_read(tree, target) or b"").split(b"\n", 1)[0] + b"\n" if keep_header else b""
        tree.write(target, header + content)

    return Described(mutate, f"replace_file({target!r}, {content!r}, keep_header={keep_header})")


@st.composite
def odd_file(draw: st.DrawFn) -> Mutation:
    """A copy of a data file under an odd name, or a data file renamed to one."""
    source, name, folder = (
        draw(st.sampled_from(DATA_FILES)),
        draw(st.sampled_from(ODD_NAMES)),
        draw(st.sampled_from(FOLDERS)),
    )
    move = draw(st.booleans())

    def mutate(tree: Tree) -> None:
        content = _read(tree, source) or b""
        try:
            tree.write(f"{folder}/{name}", content)
        except (OSError, UnicodeError):  # a file system that refuses the name
            reject()
        if move:
            tree.write(source, b"")
            _remove(tree.root / source)

    return Described(mutate, f"odd_file({source!r} to {folder}/{name!r}, move={move})")


@st.composite
def special_file(draw: st.DrawFn) -> Mutation:
    """A symbolic link, a named pipe or a folder, where a data file is or next to one."""
    kind = draw(
        st.sampled_from(["symlink", "dangling", "loop", "outside", "fifo", "folder", "folder-with-file"])
    )
    replace = draw(st.booleans())
    existing, folder = draw(st.sampled_from(DATA_FILES)), draw(st.sampled_from(FOLDERS))
    other = draw(st.sampled_from(DATA_FILES))

    def mutate(tree: Tree) -> None:
        relative = existing if replace else f"{folder}/new-{kind}.yaml"
        content = _read(tree, other) or b""
        path = tree.touch(relative)
        _remove(path)
        try:
            if kind == "symlink":
                path.symlink_to(tree.root / other)
            elif kind == "dangling":
                path.symlink_to(tree.root / "nowhere.yaml")
            elif kind == "loop":
                path.symlink_to(path)
            elif kind == "outside":
                path.symlink_to("/etc/passwd")
            elif kind == "fifo":
                os.mkfifo(path)
            else:
                path.mkdir()
                if kind == "folder-with-file":
                    (path / "inner.yaml").write_bytes(content)
        except (OSError, NotImplementedError, AttributeError):  # no links or pipes on this system
            reject()

    return Described(
        mutate, f"special_file({kind!r}, replace={replace}, {existing!r}, {folder!r}, other={other!r})"
    )


@st.composite
def delete_file(draw: st.DrawFn) -> Mutation:
    target = draw(st.sampled_from(DATA_FILES))

    def mutate(tree: Tree) -> None:
        tree.touch(target)
        _remove(tree.root / target)

    return Described(mutate, f"delete_file({target!r})")


@st.composite
def html_in_text(draw: st.DrawFn) -> Mutation:
    """HTML and Markdown in a person's name, and in a bio added at the end (a second bio is a duplicate key)."""
    target = draw(st.sampled_from(PEOPLE))
    markup = draw(st.sampled_from([v for v in HOSTILE_VALUES if v.startswith("'")]))

    def mutate(tree: Tree) -> None:
        text = (_read(tree, target) or b"").decode("utf-8", errors="surrogateescape")
        text = re.sub(r"(?m)^name: .*$", f"name: {markup}", text, count=1) + f"bio: {markup}\n"
        tree.write(target, text.encode("utf-8", errors="surrogateescape"))

    return Described(mutate, f"html_in_text({target!r}, {markup!r})")


mutation = st.one_of(
    replace_value(), rename_key(), replace_file(), odd_file(), special_file(), delete_file(), html_in_text()
)


# Running validate, and what its output must look like.


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    problems: list[dict[str, Any]] = field(default_factory=list)


def run_validate(root: Path, fmt: str) -> Run:
    # A strict UTF-8 stream, as a pipe in CI is: text that cannot be written must not crash the report.
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="strict", newline="\n")
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="strict", newline="\n")
    started = time.perf_counter()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["validate", "--root", str(root), "--format", fmt, "--today", TODAY])
    seconds = time.perf_counter() - started
    stdout.flush()
    stderr.flush()
    return Run(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"), seconds)


_TEXT_PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): (?P<rest>.+)$")
_SUMMARY = re.compile(
    r"^(?P<files>\d+) files? checked: (?P<errors>\d+) errors?, (?P<warnings>\d+) warnings?(?:; .*)?$"
)
_ANNOTATION = re.compile(r"^::(?P<severity>error|warning) (?P<properties>[^:]*)::(?P<message>.*)$")


def _unescape_property(text: str) -> str:
    return (
        text.replace("%2C", ",")
        .replace("%3A", ":")
        .replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%")
    )


def _problems_of(run: Run, fmt: str, shown: dict[str, str]) -> tuple[list[tuple[str, int, int]], int, int]:
    """The (file, line, col) of each problem printed, and the summary's error and warning counts."""
    lines = run.stdout.split("\n")
    assert lines[-1] == "", "the output ends with a line break"
    lines = lines[:-1]
    if fmt == "json":
        report = json.loads(run.stdout)
        found = []
        for problem in report["problems"]:
            assert {"file", "line", "col", "severity", "rule", "message", "fix"} <= set(problem), problem
            assert isinstance(problem["line"], int) and isinstance(problem["col"], int), problem
            found.append((problem["file"], problem["line"], problem["col"]))
        return found, report["errors"], report["warnings"]
    assert lines, "no summary line"
    summary = lines.pop()
    if fmt == "github":
        assert summary.startswith("::notice title=cohortkit validate::"), summary
        summary = _unescape_property(summary.split("::", 2)[2])
    counts = _SUMMARY.match(summary)
    assert counts, f"summary line {summary!r}"
    found = []
    for line in lines:
        if fmt == "text":
            # File names are printed escaped; find which file of the tree the line names.
            named = [
                (raw, match)
                for raw, escaped in shown.items()
                if line.startswith(escaped + ":")
                and (match := _TEXT_PROBLEM.match("x" + line[len(escaped) :]))
            ]
            assert named, f"not path:line:col: message, for a path under the tree: {line!r}"
            raw, match = max(named, key=lambda pair: len(pair[0]))
            found.append((raw, int(match["line"]), int(match["col"])))
        else:
            match = _ANNOTATION.match(line)
            assert match, f"not a workflow annotation: {line!r}"
            properties = dict(part.split("=", 1) for part in match["properties"].split(","))
            assert set(properties) == {"file", "line", "col", "title"}, properties
            # Control characters but line ends (GitHub's %0A) are escapes, as in the text format.
            file = _unescape_property(properties["file"])
            file = next((raw for raw in shown if escape_text(raw, line_ends=False) == file), file)
            found.append((file, int(properties["line"]), int(properties["col"])))
    return found, int(counts["errors"]), int(counts["warnings"])


def check_run(tree: Tree, fmt: str) -> Run:
    entries = tree.entries()
    shown = {entry: escape_text(entry) for entry in entries}
    run = run_validate(tree.root, fmt)
    assert run.seconds < MAX_SECONDS, f"validate took {run.seconds:.1f} s"
    assert run.code in (0, 1, 2), run.code
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    if run.code == 2:
        # It could not run: one line saying why, and no report.
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("cohortkit: "), run.stderr
        return run
    assert run.stderr == "", run.stderr
    found, errors, warnings = _problems_of(run, fmt, shown)
    assert len(found) == errors + warnings, (len(found), errors, warnings)
    assert (run.code == 1) == (errors > 0), (run.code, errors)
    for file, line, col in found:
        assert file in entries, f"{file!r} is not a path under the tree"
        assert line >= 1 and col >= 1, (file, line, col)
        path = tree.root / file
        if path.is_file() and not path.is_symlink():
            text = path.read_bytes().decode("utf-8", errors="replace")
            lines = len(re.split("\r\n|\r|\n", text))
            assert line <= lines + 1, f"{file}:{line} is past the end ({lines} lines)"
    return run


# Properties.


def test_the_copied_data_is_clean(tree: Tree) -> None:
    run = check_run(tree, "text")
    assert run.code == 0, run.stdout


@fuzz_settings(45)
@given(st.lists(mutation, min_size=1, max_size=2), st.sampled_from(["text", "json", "github"]))
def test_validate_any_tree(tree: Tree, mutations: list[Mutation], fmt: str) -> None:
    try:
        for mutate in mutations:
            mutate(tree)
        check_run(tree, fmt)
    finally:
        tree.restore()


def _named(name: str, folder: str = "people") -> Mutation:
    def mutate(tree: Tree) -> None:
        tree.write(f"{folder}/{name}", (REPO / PEOPLE[0]).read_bytes())

    return mutate


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
@pytest.mark.parametrize(
    "name",
    [
        "line\nbreak.yaml",
        "cr\rname.yaml",
        "esc\x1b[31m.yaml",
        "ls\u2028.yaml",
        "\udcff.yaml",
        "%0A::error::x.yaml",
    ],
    ids=["line-break", "cr", "escape", "line-separator", "not-utf8", "forged-annotation"],
)
def test_odd_file_names_cannot_forge_or_break_output_lines(tree: Tree, name: str, fmt: str) -> None:
    try:
        try:
            _named(name)(tree)
        except OSError as exc:
            pytest.skip(f"this file system refuses {name!r}: {exc}")
        run = check_run(tree, fmt)
        assert run.code == 1
        # One line per problem: the name's control characters are written as escapes.
        if fmt != "json":
            assert "\r" not in run.stdout and "\x1b" not in run.stdout and "\u2028" not in run.stdout
    finally:
        tree.restore()


_any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)


@fuzz_settings(200)
@given(
    st.lists(
        st.builds(
            Problem,
            file=_any_text,
            message=_any_text,
            rule=st.sampled_from(["yaml", "schema", "layout"]),
            line=st.integers(1, 10**6),
            col=st.integers(1, 10**6),
            fix=_any_text,
            severity=st.sampled_from(["error", "warning"]),
        ),
        max_size=5,
    ),
    st.sampled_from(["text", "github"]),
)
def test_any_file_name_or_message_is_one_line_of_the_report(problems: list[Problem], fmt: str) -> None:
    """Whatever a name or message holds (line ends, controls, bytes that are not UTF-8), each
    problem is one line, the stream a pipe gives takes it, and the text names the escaped file."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline="\n")
    write_report(problems, 3, fmt, out)  # type: ignore[arg-type]
    out.flush()
    lines = raw.getvalue().decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == len(problems) + 2, lines
    ordered = sorted(problems, key=Problem.sort_key)
    for problem, line in zip(ordered, lines, strict=False):
        assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", line), line
        if fmt == "text":
            assert line.startswith(f"{escape_text(problem.file)}:{problem.line}:{problem.col}: "), line
        else:
            assert line.startswith(f"::{problem.severity} file="), line
