"""Load a data tree once: read, check each file against its schema, build the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cohortkit.data.build_model import build_cohort, build_person, build_program
from cohortkit.data.datatree import DataFile, discover
from cohortkit.data.model import Model
from cohortkit.data.problems import Problem
from cohortkit.data.schemas import Kind, SchemaSet, load_schemas, schema_dir
from cohortkit.data.treenode import TreeNode
from cohortkit.data.yamlread import read_yaml_file
from cohortkit.support import forked
from cohortkit.support.gcpause import cyclic_gc_paused

PARALLEL_FROM = 3000  # files; below this, starting processes costs more than it saves

_BUILDERS: dict[Kind, Callable[[dict[str, Any], str], Any]] = {
    "program": build_program,
    "cohort": build_cohort,
    "person": build_person,
}


@dataclass
class LoadedTree:
    """The model, the problems found so far, and the text of every file (for line numbers)."""

    root: TreeNode
    model: Model
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    file_count: int = 0
    # Files kept out of the model, and so out of the cross-file rules, by their own problems.
    left_out: int = 0


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What loading one file gave: its text, its problems, and the built document if it passed."""

    text: str
    problems: tuple[Problem, ...]
    document: Any = None


@dataclass
class LoadMemo:
    """File outcomes keyed by path and content id, shared by loads of two revisions of one tree.

    `review-pr` loads a base and a head that differ in a few files out of
    thousands; with a memo, the head reads and checks only the files it changed.
    """

    content_ids: dict[str, str] = field(default_factory=dict)  # shown path -> blob id, per load
    outcomes: dict[tuple[str, str], FileOutcome] = field(default_factory=dict)

    def key(self, shown: str) -> tuple[str, str] | None:
        content_id = self.content_ids.get(shown)
        return (shown, content_id) if content_id else None


def load_tree(
    root: TreeNode,
    schemas_from: Path | None = None,
    memo: LoadMemo | None = None,
    workers: int | None = None,
) -> LoadedTree:
    """Load the data under `root`: a folder, or a git revision (then `schemas_from` is required).

    A large folder is read and checked in `workers` forked processes (by
    default one per CPU from PARALLEL_FROM files on); the result is the same.
    """
    with cyclic_gc_paused():
        return _load_tree(root, schemas_from, memo, workers)


def _load_tree(
    root: TreeNode, schemas_from: Path | None, memo: LoadMemo | None, workers: int | None
) -> LoadedTree:
    files, problems = discover(root)
    if schemas_from is None:
        if not isinstance(root, Path):
            raise TypeError("a data tree that is not a folder needs schemas_from")
        schemas_from = schema_dir(root)
    schemas = load_schemas(schemas_from)
    checked = _check_files(root, files, schemas, memo, workers)
    texts: dict[str, str] = {}
    built: dict[Kind, dict[str, Any]] = {kind: {} for kind in _BUILDERS}
    present: dict[Kind, set[str]] = {kind: set() for kind in _BUILDERS}
    left_out = 0
    for data_file, early in zip(files, checked, strict=True):
        present[data_file.kind].add(_key(data_file.kind, data_file.stem))
        memo_key = memo.key(data_file.shown) if memo else None
        outcome = memo.outcomes.get(memo_key) if memo and memo_key else None
        if outcome is None:
            outcome = _outcome(data_file, early or _check_file(data_file, schemas))
            if memo and memo_key:
                memo.outcomes[memo_key] = outcome
        texts[data_file.shown] = outcome.text
        problems.extend(outcome.problems)
        if outcome.document is None:
            left_out += 1
        else:
            # Two files with one id (people/Ana.yaml and people/ana.yaml) are
            # reported by datatree; the model keeps the first.
            kept = built[data_file.kind].setdefault(_key(data_file.kind, data_file.stem), outcome.document)
            if kept is not outcome.document:
                left_out += 1
    model = Model(
        programs=built["program"],
        cohorts=built["cohort"],
        people=built["person"],
        present_programs=frozenset(present["program"]),
        present_cohorts=frozenset(present["cohort"]),
        present_people=frozenset(present["person"]),
    )
    return LoadedTree(root, model, problems, texts, len(files), left_out)


@dataclass(frozen=True, slots=True)
class _Checked:
    """A file read and checked against its schema; `data` is set only if it passed both."""

    text: str
    problems: tuple[Problem, ...]
    data: dict[str, Any] | None = None


def _check_file(data_file: DataFile, schemas: SchemaSet) -> _Checked:
    result = read_yaml_file(data_file.path, data_file.shown)
    problems = list(result.problems)
    if result.data is None:
        return _Checked(result.text, tuple(problems))
    problems.extend(_header_problems(data_file, result.text))
    schema_problems = schemas.check(data_file.kind, result.data, data_file.shown)
    problems.extend(schema_problems)
    if schema_problems or not result.ok:
        return _Checked(result.text, tuple(problems))
    return _Checked(result.text, tuple(problems), result.data)


def _outcome(data_file: DataFile, checked: _Checked) -> FileOutcome:
    if checked.data is None:
        return FileOutcome(checked.text, checked.problems)
    document = _BUILDERS[data_file.kind](checked.data, data_file.shown)
    return FileOutcome(checked.text, checked.problems, document)


def _check_files(
    root: TreeNode, files: list[DataFile], schemas: SchemaSet, memo: LoadMemo | None, workers: int | None
) -> list[_Checked | None]:
    """Read and check every file in forked workers, when that pays; else leave it to the caller.

    Reading and checking is nine tenths of loading. Workers send back plain
    texts and dicts, which travel between processes quickly; model objects
    would not, so this process builds those. A git revision (read through one
    `git cat-file` process) and a load with a memo stay in this process.
    """
    count = forked.worker_count(workers, len(files), PARALLEL_FROM)
    if count <= 1 or memo is not None or not isinstance(root, Path):
        return [None] * len(files)

    def check(part: Sequence[DataFile]) -> list[_Checked]:
        return [_check_file(data_file, schemas) for data_file in part]

    done = forked.run(check, files, count)
    return [*done]


def _key(kind: Kind, stem: str) -> str:
    # GitHub logins are case-insensitive, so people are keyed in lower case.
    return stem.lower() if kind == "person" else stem


def _header_problems(data_file: DataFile, text: str) -> list[Problem]:
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if data_file.names_its_schema(first_line):
        return []
    return [
        Problem(
            data_file.shown,
            "the first line does not name the file's schema",
            "header",
            line=1,
            col=1,
            fix=f"make the first line: {data_file.schema_header}",
        )
    ]
