"""The cohortkit release a program's repository pins, in each place `cohortkit init` wrote it, and moving it.

Three places name the release: `requirements/cohortkit.txt` (`cohortkit==X.Y.Z`),
`.pre-commit-config.yaml` (the `rev:` of cohortkit's hook) and each workflow's
`uses: cohortkit/cohortkit/.github/workflows/reusable-NAME.yml@vX.Y.Z`. Each
pin is found at its characters and only those are replaced, so the files
keep every other byte (comments, quoting, line ends); `sed` on the
workflows' `uses:` lines does the same, and is what the upgrade page said
before `cohortkit upgrade`.

The files are the program's, but a pull request from a fork could have put
anything there: each is read as a regular file (never through a link), at
most 256 KiB, UTF-8, and the pre-commit file is composed, never constructed.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cohortkit.data.problems import Problem
from cohortkit.starter.scaffold import COHORTKIT_REPO

REQUIREMENTS = "requirements/cohortkit.txt"
RUNTIME_LOCK = "requirements/runtime.txt"
PRE_COMMIT = ".pre-commit-config.yaml"
WORKFLOW_FOLDER = ".github/workflows"
MAX_BYTES = 256 * 1024
RULE = "upgrade"

_REQUIREMENT = re.compile(r"(?m)^[ \t]*cohortkit[ \t]*==[ \t]*(?P<release>[0-9][0-9A-Za-z.+!-]*)")
# Any ref after the "@": a release tag is a pin; a branch or a commit is reported, never skipped.
_USES = re.compile(re.escape(COHORTKIT_REPO) + r"/\.github/workflows/[A-Za-z0-9._-]+@(?P<ref>[^\s'\"#]*)")
_TAG = re.compile(r"v[0-9][0-9A-Za-z.+-]*")
# A problem, not a note: the upgrade stops, since moving the other pins would leave this one behind.
RELEASE_PINS_ONLY = "cohortkit upgrade moves release pins only, so it stops here"
_HOOK_REPOSITORIES = {
    f"https://github.com/{COHORTKIT_REPO}".lower(),
    f"https://github.com/{COHORTKIT_REPO}.git".lower(),
}


@dataclass(frozen=True)
class Pin:
    line: int
    col: int
    release: str  # as written, without a leading "v"
    start: int  # the release's characters in the file's text
    end: int


@dataclass
class PinnedFile:
    shown: str
    text: str
    pins: list[Pin] = field(default_factory=list)

    def moved(self, release: str) -> str:
        """The text with every pin set to `release`, and nothing else changed."""
        text = self.text
        for pin in sorted(self.pins, key=lambda pin: pin.start, reverse=True):
            text = text[: pin.start] + release + text[pin.end :]
        return text


def find_pins(root: Path) -> tuple[list[PinnedFile], list[Problem]]:
    """Every file that pins cohortkit, with its pins; and why a file could not be read or moved."""
    found: list[PinnedFile] = []
    problems: list[Problem] = []
    workflows = root / WORKFLOW_FOLDER
    shown_workflows = (
        sorted(
            f"{WORKFLOW_FOLDER}/{entry.name}"
            for entry in workflows.iterdir()
            if entry.suffix in {".yml", ".yaml"}
        )
        if workflows.is_dir() and not workflows.is_symlink()
        else []
    )
    for shown in (REQUIREMENTS, PRE_COMMIT, *shown_workflows):
        if not (root / shown).exists() and not (root / shown).is_symlink():
            continue
        text, problem = read_small_text(root / shown, shown)
        if problem is not None:
            problems.append(problem)
            continue
        pinned = PinnedFile(shown, text)
        if shown == REQUIREMENTS:
            if "--hash" in text:
                problems.append(
                    _problem(
                        shown,
                        1,
                        1,
                        "pins cohortkit with hashes, which cannot be worked out offline",
                        "write the line as cohortkit==X.Y.Z, as cohortkit init does (runtime.txt holds the hashes)",
                    )
                )
                continue
            pinned.pins = _pins_by_pattern(text, _REQUIREMENT)
        elif shown == PRE_COMMIT:
            pinned.pins = _hook_pins(text, shown, problems)
        else:
            pinned.pins = _workflow_pins(text, shown, problems)
        if pinned.pins:
            found.append(pinned)
    return found, problems


def read_small_text(path: Path, shown: str) -> tuple[str, Problem | None]:
    """A regular file's text, never through a link and never past the size cap; else the problem."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        what = "a symbolic link" if path.is_symlink() else f"unreadable ({exc.strerror})"
        return "", _problem(shown, 1, 1, f"the file is {what}", "replace it with an ordinary file")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "", _problem(shown, 1, 1, "not a regular file", "replace it with an ordinary file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        return "", _problem(
            shown, 1, 1, f"larger than {MAX_BYTES // 1024} KiB", "this is not the file cohortkit init wrote"
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return "", _problem(shown, 1, 1, "not valid UTF-8", "save the file with UTF-8 encoding")


def packaged_runtime_lock() -> str:
    """The lock of cohortkit's dependencies this release ships, the one `cohortkit init` copies."""
    return (resources.files("cohortkit.starter") / "files" / "runtime.txt").read_text(encoding="utf-8")


def _pins_by_pattern(text: str, pattern: re.Pattern[str]) -> list[Pin]:
    return [_pin(text, match.start("release"), match.end("release")) for match in pattern.finditer(text)]


def _workflow_pins(text: str, shown: str, problems: list[Problem]) -> list[Pin]:
    pins = []
    for match in _USES.finditer(text):
        ref = match.group("ref")
        if _TAG.fullmatch(ref):
            # After the "v": only the release itself is replaced.
            pins.append(_pin(text, match.start("ref") + 1, match.end("ref")))
            continue
        at = _pin(text, match.start("ref"), match.end("ref"))
        problems.append(
            _problem(
                shown,
                at.line,
                at.col,
                f"cohortkit's reusable workflow is pinned to {ref!r}, not a release vX.Y.Z; {RELEASE_PINS_ONLY}",
                "write @vX.Y.Z, the release to run, then run cohortkit upgrade again",
            )
        )
    return pins


def _pin(text: str, start: int, end: int) -> Pin:
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Pin(line, col, text[start:end], start, end)


def _hook_pins(text: str, shown: str, problems: list[Problem]) -> list[Pin]:
    try:
        # PyYAML's own Python parser: its marks count characters, as slicing the text needs.
        # Composing builds nodes only; an alias is one shared node, never an expansion.
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(_problem(shown, line, col, "not valid YAML", "fix it as pre-commit would ask"))
        return []
    except RecursionError:
        problems.append(
            _problem(shown, 1, 1, "nested too deeply", "this is not the file cohortkit init wrote")
        )
        return []
    repositories = _value(root, "repos")
    pins = []
    for entry in repositories.value if isinstance(repositories, SequenceNode) else ():
        repository, rev = _value(entry, "repo"), _value(entry, "rev")
        if not isinstance(repository, ScalarNode) or repository.value.lower() not in _HOOK_REPOSITORIES:
            continue
        if isinstance(rev, ScalarNode) and rev.value and not _TAG.fullmatch(rev.value):
            problems.append(
                _problem(
                    shown,
                    rev.start_mark.line + 1,
                    rev.start_mark.column + 1,
                    f"cohortkit's hook is pinned to {rev.value!r}, not a release vX.Y.Z; {RELEASE_PINS_ONLY}",
                    "write rev: vX.Y.Z, the release to run, then run cohortkit upgrade again",
                )
            )
            continue
        if not isinstance(rev, ScalarNode) or not rev.value:
            line, col = (rev.start_mark.line + 1, rev.start_mark.column + 1) if rev else (1, 1)
            problems.append(
                _problem(shown, line, col, "cohortkit's hook has no rev: vX.Y.Z", "write rev: vX.Y.Z")
            )
            continue
        # Inside any quotes, after the "v": only the release itself is replaced.
        start = rev.start_mark.index + (1 if rev.style in {"'", '"'} else 0) + 1
        pins.append(_pin(text, start, start + len(rev.value) - 1))
    return pins


def _value(node: object, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key and isinstance(value_node, Node):
                return value_node
    return None


def _problem(shown: str, line: int, col: int, message: str, fix: str) -> Problem:
    return Problem(shown, message, RULE, line=line, col=col, fix=fix)
