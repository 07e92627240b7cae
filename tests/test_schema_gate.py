"""The fast schema gate must never disagree with jsonschema.

If the gate accepted a document jsonschema rejects, a problem would go
unreported; if it rejected one jsonschema accepts, validation would only be
slower. Either is a bug: the two must give the same verdict on every document,
the repository's own data and corpus as well as thousands of mutations of it.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cohortkit.data.datatree import DATA_FOLDERS
from cohortkit.data.schemas import Kind, SchemaSet, load_schemas
from cohortkit.data.yamlread import parse_yaml_text

REPO = Path(__file__).resolve().parent.parent
HOSTILE_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    1.5,
    10**6,
    "",
    "x" * 1200,
    "line\nbreak",
    "2026-02-30",
    "2026-13-01",
    "2026/03/02",
    "-bad-login-",
    "javascript:alert(1)",
    "https://example.org/ok",
    "<script>alert(1)</script>",
    "active",
    "weekly",
    "15:00",
    [],
    ["x"],
    {},
    {"unexpected": 1},
]


def data_files() -> Iterator[tuple[Kind, Path]]:
    roots = [REPO, *sorted((REPO / "tests" / "example-files").glob("*/*")), REPO / "tests/example-files/base"]
    for root in roots:
        for folder, kind in DATA_FOLDERS.items():
            for file in sorted((root / folder).rglob("*.yaml")) if (root / folder).is_dir() else ():
                if file.is_file() and not file.is_symlink():
                    yield kind, file


def documents() -> list[tuple[Kind, str, Any]]:
    found = []
    for kind, file in data_files():
        try:
            text = file.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        data, problems = parse_yaml_text(text, file.name)
        if not problems:
            found.append((kind, str(file.relative_to(REPO)), data))
    return found


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*prefix, index)
            yield from paths(value, (*prefix, index))


def mutations(document: dict[str, Any], rng: random.Random, per_document: int) -> Iterator[tuple[str, Any]]:
    every_path = list(paths(document))
    for path in rng.sample(every_path, min(per_document, len(every_path))):
        parent_path, last = path[:-1], path[-1]
        for value in rng.sample(HOSTILE_VALUES, 6):
            mutated = copy.deepcopy(document)
            parent = mutated
            for step in parent_path:
                parent = parent[step]
            parent[last] = value
            yield f"{path} = {value!r:.40}", mutated
        mutated = copy.deepcopy(document)
        parent = mutated
        for step in parent_path:
            parent = parent[step]
        del parent[last]
        yield f"del {path}", mutated
    yield "extra top-level key", {**document, "lang": ["en"]}


def verdicts(schemas: SchemaSet, kind: Kind, document: Any) -> tuple[bool, bool]:
    full = not any(True for _ in schemas.validators[kind].iter_errors(document))
    return schemas.is_valid(kind, document), full


@pytest.fixture(scope="module")
def schemas() -> SchemaSet:
    return load_schemas(REPO / "schemas")


def test_gate_agrees_on_every_file_in_the_repository(schemas):
    corpus = documents()
    assert len(corpus) > 150
    disagreements = [
        f"{name}: gate={gate} jsonschema={full}"
        for kind, name, document in corpus
        for gate, full in [verdicts(schemas, kind, document)]
        if gate != full
    ]
    assert disagreements == []


@pytest.mark.parametrize("kind", ["program", "cohort", "person"])
def test_gate_agrees_on_mutated_documents(schemas, kind):
    rng = random.Random(f"gate-{kind}")
    samples = [doc for k, name, doc in documents() if k == kind and name.startswith(f"{kind_folder(kind)}/")]
    assert samples, f"no example {kind} files"
    checked = 0
    disagreements = []
    for document in rng.sample(samples, min(4, len(samples))):
        for what, mutated in mutations(document, rng, per_document=60):
            gate, full = verdicts(schemas, kind, mutated)
            checked += 1
            if gate != full:
                disagreements.append(f"{what}: gate={gate} jsonschema={full}")
    assert checked > 500
    assert disagreements == []


def kind_folder(kind: Kind) -> str:
    return next(folder for folder, k in DATA_FOLDERS.items() if k == kind)
