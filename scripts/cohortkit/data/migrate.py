"""Moving a data tree from one data version to a later one: plan every file first, then write, or write nothing.

A file is read as validate reads it (size cap, regular file, no link, no
aliases or duplicate keys) before ruamel.yaml ever sees it. The steps run
twice: on PyYAML's plain reading, which says what the data must become, and
on ruamel's round-trip nodes, which write it with its comments, order and
quoting. The written text is read back with the project's reader and must
equal the first result, or the file is not written: a rewrite can change the
form of the data, never lose any. A file no step touches is never rewritten,
so it stays the same byte for byte.

The layout is kept too: ruamel is set to the indentation that reproduces
the file exactly as it is (cohortkit's own, or a few common others); a file
no setting reproduces is rewritten in cohortkit's and that is said.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from cohortkit.data.datatree import discover
from cohortkit.data.locate import Locator
from cohortkit.data.migration_steps import Edit, Step
from cohortkit.data.problems import Problem
from cohortkit.data.schemas import Kind
from cohortkit.data.version_marker import MARKER, Marker, new_marker_text, with_version
from cohortkit.data.versions import DataVersion
from cohortkit.data.yamlread import parse_yaml_text, read_yaml_file
from cohortkit.data.yamlwrite import editor, plain
from cohortkit.support.atomic_file import write_atomically

RULE = "migrate"
# Indentation (mapping, sequence, dash offset) tried in turn, cohortkit's own first.
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0))


@dataclass(frozen=True)
class FilePlan:
    shown: str
    changes: tuple[Problem, ...] = ()  # what the steps change, at the line of the data as it is
    refusals: tuple[Problem, ...] = ()  # why the file cannot be migrated
    after: str | None = None  # the new text (line ends as LF), when it changes
    restyled: bool = False  # its indentation could not be kept
    crlf: bool = False
    bom: bool = False

    def encoded(self) -> bytes:
        """The new text as the file was written: its line ends and byte order mark kept."""
        text = self.after or ""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "").encode("utf-8") + text.encode("utf-8")


@dataclass
class TreePlan:
    old: int
    new: int
    files: list[FilePlan] = field(default_factory=list)
    refusals: list[Problem] = field(default_factory=list)
    marker_after: str | None = None  # cohortkit.yml's new text, when it changes

    @property
    def changed(self) -> list[FilePlan]:
        return [plan for plan in self.files if plan.after is not None]

    @property
    def changes(self) -> list[Problem]:
        return [change for plan in self.files for change in plan.changes]

    @property
    def would_change(self) -> bool:
        return bool(self.changed) or self.marker_after is not None


def steps_for(kind: Kind, versions: Sequence[DataVersion]) -> list[tuple[int, Step]]:
    return [(version.number, step) for version in versions for step in version.steps if step.kind == kind]


def edit_problem(shown: str, number: int, edit: Edit) -> Problem:
    return Problem(
        shown,
        f"data version {number}: {edit.message}",
        RULE,
        path=edit.path,
        at_key=edit.at_key,
        fix=edit.blocked,
    )


def planned_edits(
    document: dict[str, Any], kind: Kind, versions: Sequence[DataVersion]
) -> list[tuple[int, Edit]]:
    """What the steps would change in a copy of `document` (left as it is), with each one's data version."""
    copied = copy.deepcopy(document)
    return [(number, edit) for number, step in steps_for(kind, versions) for edit in step.apply(copied)]


def plan_text(shown: str, kind: Kind, text: str, versions: Sequence[DataVersion]) -> FilePlan:
    """Plan one file from its text (already read and screened by the reader)."""
    steps = steps_for(kind, versions)
    if not steps:
        return FilePlan(shown)
    data, problems = parse_yaml_text(text, shown)
    if problems or not isinstance(data, dict):
        return FilePlan(shown, refusals=tuple(problems))
    expected = copy.deepcopy(data)
    edits = [edit_problem(shown, number, edit) for number, step in steps for edit in step.apply(expected)]
    if not edits:
        return FilePlan(shown)
    placed = tuple(Locator({shown: text}).place(edits))
    blocked = tuple(edit for edit in placed if edit.fix)
    if blocked:
        return FilePlan(shown, placed, blocked)
    try:
        after, restyled = _rewrite(text, steps)
    except YAMLError as exc:  # what ruamel refuses that PyYAML took: the file is left as it is
        problem = exc.problem if isinstance(exc, MarkedYAMLError) and exc.problem else type(exc).__name__
        refusal = _refusal(shown, f"ruamel.yaml cannot edit this file ({problem})", _BY_HAND)
        return FilePlan(shown, placed, (refusal,))
    written, problems = parse_yaml_text(after, shown)
    if problems or plain(written) != plain(expected):
        message = "the rewrite would not read back as the same data, so it is not written"
        return FilePlan(shown, placed, (_refusal(shown, message, f"{_BY_HAND}; {_BUG}"),))
    return FilePlan(shown, placed, after=after, restyled=restyled)


_BY_HAND = "make its changes by hand (cohortkit validate lists them at their lines)"
_BUG = "this is a bug in cohortkit, please report it"


def _refusal(shown: str, message: str, fix: str) -> Problem:
    return Problem(shown, message, RULE, line=1, col=1, fix=fix)


def _emitter(layout: tuple[int, int, int]) -> YAML:
    emitter = editor()
    mapping, sequence, offset = layout
    emitter.indent(mapping=mapping, sequence=sequence, offset=offset)
    return emitter


def _dump(emitter: YAML, document: Any) -> str:
    stream = io.StringIO()
    emitter.dump(document, stream)
    return stream.getvalue()


def _rewrite(text: str, steps: Sequence[tuple[int, Step]]) -> tuple[str, bool]:
    layout, restyled = _LAYOUTS[0], True
    for candidate in _LAYOUTS:
        emitter = _emitter(candidate)
        # A missing final line break is the one thing ruamel always adds, and no reason to restyle.
        if _dump(emitter, emitter.load(text)) in {text, text + "\n"}:
            layout, restyled = candidate, False
            break
    emitter = _emitter(layout)
    document = emitter.load(text)
    for _number, step in steps:
        step.apply(document)
    return _dump(emitter, document), restyled


def plan_tree(root: Path, old: int, new: int, versions: Sequence[DataVersion], marker: Marker) -> TreePlan:
    """Every file's plan and every reason to write nothing, without writing."""
    plan = TreePlan(old, new)
    plan.refusals.extend(marker.problems)
    files, found = discover(root)
    # Files in the wrong place (a link, a pipe, a .yml) are files migrate cannot vouch for.
    plan.refusals.extend(problem for problem in found if problem.rule == "layout")
    if any(version.steps for version in versions):
        for data_file in files:
            if not steps_for(data_file.kind, versions):
                continue
            result = read_yaml_file(data_file.path, data_file.shown)
            if result.problems:
                plan.refusals.extend(result.problems)
                continue
            file_plan = plan_text(data_file.shown, data_file.kind, result.text, versions)
            plan.files.append(replace(file_plan, crlf=result.crlf, bom=result.bom))
            plan.refusals.extend(file_plan.refusals)
    if marker.version != new and (marker.present or old != new):
        plan.marker_after = with_version(marker.text, new) if marker.text else new_marker_text(new)
    return plan


def write_plan(root: Path, plan: TreePlan) -> None:
    """Write each changed file atomically, the marker last.

    A run stopped halfway leaves the marker at the old version, and each
    step does nothing to data already rewritten, so running again finishes.
    """
    if plan.refusals:
        raise ValueError("a plan with refusals is never written")
    for file_plan in plan.changed:
        write_atomically(root / file_plan.shown, file_plan.encoded())
    if plan.marker_after is not None:
        write_atomically(root / MARKER, plan.marker_after.encode("utf-8"))
