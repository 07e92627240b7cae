"""`cohortkit.yml`: the one place a repository says which data version its files are written in.

Why a file of its own at the root, and not a key elsewhere:

- not in each data file: the version is the whole tree's (files move together),
  and a key in every file is a key in every diff;
- not in a program file: a repository may hold several programs, or none yet;
- not in `mkdocs.yml`: that is the site's, read by MkDocs (and Zensical), and
  often carries Python tags our strict reader refuses;
- not derived from the pin in `requirements/cohortkit.txt`: Dependabot moves the
  pin without migrating the data, and then the pin would lie about the files.

So the number moves only with `cohortkit migrate`, in the same change as the
files it rewrote. A tree without the file (cohortkit's own example data) is in
the current version. The file is read like any data file: it may come from a
fork, so it is refused as a link, over the size cap, with aliases or
duplicate keys, and its problems name its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, ScalarNode

from cohortkit.data.locate import Locator
from cohortkit.data.problems import Problem
from cohortkit.data.treenode import TreeNode
from cohortkit.data.yamlread import read_yaml_file

MARKER = "cohortkit.yml"
KEY = "data_version"


@dataclass(frozen=True)
class Marker:
    present: bool
    version: int | None  # None: no file (the current version), or a file that does not say
    problems: tuple[Problem, ...] = ()
    text: str = ""


def read_marker(root: TreeNode) -> Marker:
    """The marker of a tree on disk or in a git revision (the review reads both revisions')."""
    path = root / MARKER
    if path.is_symlink():
        return Marker(True, None, (_problem("a symbolic link", "replace the link with the file itself"),))
    if not (path.is_file() or path.is_dir()):
        return Marker(False, None)
    result = read_yaml_file(path, MARKER)
    if result.problems or not isinstance(result.data, dict):
        # Its text is kept only once it has passed the reader: nothing composes a refused text again.
        return Marker(True, None, tuple(result.problems))
    problems = [
        Problem(
            MARKER,
            f"unknown key {key!r}",
            "data-version",
            path=(key,),
            at_key=True,
            fix=f"{MARKER} holds only {KEY}: the data version the files are written in",
        )
        for key in result.data
        if key != KEY
    ]
    version = result.data.get(KEY)
    if KEY not in result.data:
        problems.append(
            Problem(
                MARKER,
                f"missing {KEY!r}",
                "data-version",
                fix=f"add '{KEY}: N', the data version the files are written in ({_ask_migrate()})",
            )
        )
        version = None
    elif isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.append(
            Problem(
                MARKER,
                f"{KEY} should be a whole number from 1, not {version!r}",
                "data-version",
                path=(KEY,),
                fix=f"write the data version the files are written in ({_ask_migrate()})",
            )
        )
        version = None
    placed = Locator({MARKER: result.text}).place(problems)
    return Marker(True, version, tuple(placed), result.text)


def _ask_migrate() -> str:
    return "cohortkit migrate --from N sets it, once the files are in that version"


def _problem(what: str, fix: str) -> Problem:
    # "read": like a file the reader refused, it stops migrate even with --from.
    return Problem(MARKER, f"{MARKER} is {what}", "read", line=1, col=1, fix=fix)


def position(marker: Marker) -> tuple[int, int]:
    """Where the version is written (line, column), for messages about it; (1, 1) without a file."""
    node = _version_node(marker.text)
    return (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)


def new_marker_text(version: int) -> str:
    return (
        "# The data format of programs/, cohorts/ and people/ (see cohortkit's upgrade page).\n"
        "# `cohortkit migrate` moves it, with the files; do not change it by hand.\n"
        f"{KEY}: {version}\n"
    )


def with_version(text: str, version: int) -> str:
    """The marker's text with the version replaced where it is written: its comments and other lines kept."""
    node = _version_node(text)
    if node is None:
        # Whatever the file holds stays; the key is added after it.
        return text.rstrip("\n") + f"\n{KEY}: {version}\n" if text.strip() else new_marker_text(version)
    return text[: node.start_mark.index] + str(version) + text[node.end_mark.index :]


def _version_node(text: str) -> ScalarNode | None:
    if not text:
        return None
    try:
        # PyYAML's own Python parser: its marks count characters, which slicing needs
        # (libyaml's count bytes). The text has passed the reader's checks already.
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == KEY and isinstance(value, ScalarNode):
            return value
    return None
