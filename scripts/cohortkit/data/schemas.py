"""The JSON Schemas: read and compiled once per process.

Checking is two-step. A compiled fastjsonschema validator answers "valid or
not" for each document at a fraction of jsonschema's cost; only documents it
rejects go through jsonschema, whose structured errors become the messages.
Both run the same schema with every `$ref` inlined, and a differential test
(tests/test_schema_gate.py) holds them to the same verdicts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from cohortkit.data.problems import JsonPath, Problem
from cohortkit.data.schema_advice import explain
from cohortkit.errors import CohortkitError

Kind = Literal["program", "cohort", "person"]
KINDS: tuple[Kind, ...] = ("program", "cohort", "person")
SCHEMA_FILES = {kind: f"{kind}.schema.json" for kind in KINDS}
SHARED_SCHEMA = "defs.schema.json"
# Past this many, a file's schema problems are counted, not explained: explaining
# (with a did-you-mean for each unknown key) is what costs, and nobody reads 27,000 lines.
MAX_SCHEMA_PROBLEMS = 50
# Keywords that describe rather than constrain: merged freely when inlining a $ref.
_ANNOTATIONS = frozenset({"description", "examples", "default", "title", "$comment", "x-fix"})
# Values that are data, not schemas: never searched for $ref.
_DATA_KEYWORDS = frozenset({"examples", "default", "enum", "const"})


def packaged_schema_dir() -> Path:
    """The schemas cohortkit ships (in a source checkout, a link to the repository's schemas/)."""
    return Path(str(resources.files("cohortkit.data"))) / "schemas"


def schema_dir(root: Path) -> Path:
    """The schemas a data tree is checked against: its own schemas/ when it has one, else cohortkit's."""
    own = root / "schemas"
    if (own / SCHEMA_FILES["person"]).is_file():
        return own
    packaged = packaged_schema_dir()
    if (packaged / SCHEMA_FILES["person"]).is_file():
        return packaged
    raise CohortkitError(
        f"cohortkit's schemas are missing from its installation ({packaged}); reinstall cohortkit"
    )


@dataclass(frozen=True)
class SchemaSet:
    """Per kind of file: the fast gate and the explaining validator."""

    gates: dict[Kind, Callable[[Any], Any]]
    validators: dict[Kind, Draft202012Validator]

    def is_valid(self, kind: Kind, document: Any) -> bool:
        try:
            self.gates[kind](document)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    def check(self, kind: Kind, document: Any, file: str) -> list[Problem]:
        if self.is_valid(kind, document):
            return []
        errors = list(self.validators[kind].iter_errors(document))
        # A value in the wrong form also fails its format; saying so twice only confuses.
        misformed = {tuple(e.absolute_path) for e in errors if e.validator == "pattern"}
        problems: list[Problem] = []
        seen: set[tuple[JsonPath, str, str]] = set()
        more = 0
        for error in errors:
            if error.validator == "format" and tuple(error.absolute_path) in misformed:
                continue
            if len(problems) >= MAX_SCHEMA_PROBLEMS:
                more += _problem_count(error)
                continue
            made = 0
            for problem in explain(error, file):
                made += 1
                key = (problem.path, problem.message, problem.rule)
                if key in seen:
                    continue
                seen.add(key)
                problems.append(problem)
                if len(problems) >= MAX_SCHEMA_PROBLEMS:
                    # The rest of this error's problems (say, thousands of unknown keys), counted.
                    more += max(0, _problem_count(error) - made)
                    break
        if more:
            problems.append(too_many(file, more, "schema"))
        return problems


def _problem_count(error: ValidationError) -> int:
    """How many problems `explain` would make of an error, without the cost of making them."""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        return sum(1 for key in error.instance if key not in known)
    return 1


def too_many(file: str, more: int, rule: str) -> Problem:
    return Problem(
        file,
        f"and {more:,} more problems of this kind in this file",
        rule,
        line=1,
        col=1,
        fix="fix the ones above and run again; a data file with this many is usually not a data file",
    )


def read_schema_documents(directory: Path) -> dict[str, Any]:
    documents: dict[str, Any] = {}
    for name in (SHARED_SCHEMA, *SCHEMA_FILES.values()):
        try:
            documents[name] = json.loads((directory / name).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CohortkitError(f"cannot read schema {directory / name}: {exc}") from exc
    return documents


def schema_registry(documents: dict[str, Any]) -> Registry[Any]:
    """The schemas by file name, as their relative `$ref`s name them (editors resolve them the same way)."""
    return Registry().with_resources(
        (name, Resource.from_contents(doc, default_specification=DRAFT202012))
        for name, doc in documents.items()
    )


# JSON Schema's patterns are ECMA-262, where '$' is the end of the text; Python's '$' also
# matches before a final line break, so "alice\n" would pass '^[a-z]+$'. fastjsonschema
# already rewrites every unescaped '$' to '\Z'; jsonschema gets the same rewrite, so the
# gate and the explanation agree and a trailing line break is refused everywhere.
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


@cache
def _end_anchored(pattern: str) -> re.Pattern[str]:
    return re.compile(_UNESCAPED_DOLLAR.sub(r"\\Z", pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _end_anchored(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator: Any = validators.extend(Draft202012Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]


@cache
def load_schemas(directory: Path) -> SchemaSet:
    """Read, inline and compile the schemas once per process."""
    documents = read_schema_documents(directory)
    registry = schema_registry(documents)
    gates: dict[Kind, Callable[[Any], Any]] = {}
    validators: dict[Kind, Draft202012Validator] = {}
    for kind, name in SCHEMA_FILES.items():
        Draft202012Validator.check_schema(documents[name])
        flat = inline_refs(documents[name], name, documents)
        validators[kind] = _Validator(
            flat, registry=registry, format_checker=FormatChecker(formats=("date",))
        )
        # Once inlined, the schema uses nothing draft 7 lacks, and fastjsonschema
        # compiles draft 7. Formats match jsonschema's: only "date" is checked.
        gates[kind] = fastjsonschema.compile(
            {**flat, "$schema": "http://json-schema.org/draft-07/schema#"},
            formats={"date": _is_real_date, "uri": _anything},
            use_default=False,
            detailed_exceptions=False,
        )
    return SchemaSet(gates, validators)


def inline_refs(schema: Any, document: str, documents: dict[str, Any], depth: int = 0) -> Any:
    """Replace every `$ref` by the schema it names, recursively.

    Resolving references once here, rather than on every validation, is most
    of what makes checking 10,000 files fast. A `$ref` whose siblings constrain
    (say a shorter maxLength) becomes `allOf`, keeping 2020-12 semantics on
    validators that ignore a `$ref`'s siblings.
    """
    if depth > 50:
        raise CohortkitError(f"schema {document}: $ref chain too deep (a reference cycle?)")
    if isinstance(schema, list):
        return [inline_refs(item, document, documents, depth) for item in schema]
    if not isinstance(schema, dict):
        return schema
    inlined = {
        key: value if key in _DATA_KEYWORDS else inline_refs(value, document, documents, depth)
        for key, value in schema.items()
        if key not in {"$ref", "$defs", "$schema"}
    }
    if "$ref" not in schema:
        return inlined
    target_document, _, pointer = schema["$ref"].partition("#")
    target_document = target_document or document
    try:
        target: Any = documents[target_document]
        for step in filter(None, pointer.split("/")):
            target = target[step]
    except (KeyError, TypeError) as exc:
        raise CohortkitError(f"schema {document}: cannot resolve $ref {schema['$ref']}") from exc
    resolved = inline_refs(target, target_document, documents, depth + 1)
    if set(inlined) <= _ANNOTATIONS:
        return {**resolved, **inlined}
    return {"allOf": [resolved], **inlined}


def _is_real_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _anything(_value: Any) -> bool:
    return True
