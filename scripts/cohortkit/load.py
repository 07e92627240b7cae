"""Load a data tree once: read, check each file against its schema, build the model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cohortkit.datatree import DataFile, discover
from cohortkit.model import Model, build_cohort, build_person, build_program
from cohortkit.problems import Problem
from cohortkit.schemas import Kind, load_schemas, schema_dir
from cohortkit.yamlread import read_yaml_file

_BUILDERS: dict[Kind, Callable[[dict[str, Any], str], Any]] = {
    "program": build_program,
    "cohort": build_cohort,
    "person": build_person,
}


@dataclass
class LoadedTree:
    """The model, the problems found so far, and the text of every file (for line numbers)."""

    root: Path
    model: Model
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    file_count: int = 0


def load_tree(root: Path, schemas_from: Path | None = None) -> LoadedTree:
    files, problems = discover(root)
    schemas = load_schemas(schemas_from or schema_dir(root))
    texts: dict[str, str] = {}
    built: dict[Kind, dict[str, Any]] = {kind: {} for kind in _BUILDERS}
    present: dict[Kind, set[str]] = {kind: set() for kind in _BUILDERS}
    for data_file in files:
        present[data_file.kind].add(_key(data_file.kind, data_file.stem))
        result = read_yaml_file(data_file.path, data_file.shown)
        texts[data_file.shown] = result.text
        problems.extend(result.problems)
        if result.data is None:
            continue
        problems.extend(_header_problems(data_file, result.text))
        schema_problems = schemas.check(data_file.kind, result.data, data_file.shown)
        problems.extend(schema_problems)
        if schema_problems or not result.ok:
            continue
        document = _BUILDERS[data_file.kind](result.data, data_file.shown)
        key = _key(data_file.kind, data_file.stem)
        # Two files with one id (people/Ana.yaml and people/ana.yaml) are
        # reported by datatree; the model keeps the first.
        built[data_file.kind].setdefault(key, document)
    model = Model(
        programs=built["program"],
        cohorts=built["cohort"],
        people=built["person"],
        present_programs=frozenset(present["program"]),
        present_cohorts=frozenset(present["cohort"]),
        present_people=frozenset(present["person"]),
    )
    return LoadedTree(root, model, problems, texts, len(files))


def _key(kind: Kind, stem: str) -> str:
    # GitHub logins are case-insensitive, so people are keyed in lower case.
    return stem.lower() if kind == "person" else stem


def _header_problems(data_file: DataFile, text: str) -> list[Problem]:
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if first_line.strip() == data_file.schema_header:
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
