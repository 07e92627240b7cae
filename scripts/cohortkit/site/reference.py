"""The data reference: every field of the three file kinds, from the schemas' own words.

Each schema property carries a description and examples; this walks the
schemas (following $refs into defs.schema.json) and lists every field with
its path, type, whether it is required, and an example, so the reference can
never disagree with what `cohortkit validate` checks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cohortkit.errors import CohortkitError

KINDS = (
    ("person", "Person", "people/<login>.yaml"),
    ("cohort", "Cohort", "cohorts/<term>/<id>.yaml"),
    ("program", "Program", "programs/<id>.yaml"),
)


@dataclass(frozen=True, slots=True)
class Field:
    path: str
    depth: int
    type: str
    required: bool
    description: str
    example: str
    choices: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KindReference:
    kind: str
    title: str
    location: str
    description: str
    fields: tuple[Field, ...]


class _Resolver:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.documents: dict[str, Any] = {}

    def document(self, name: str) -> Any:
        if name not in self.documents:
            try:
                self.documents[name] = json.loads((self.folder / name).read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise CohortkitError(f"cannot read schema {self.folder / name}: {exc}") from None
        return self.documents[name]

    def resolve(self, node: Any, current: str) -> tuple[Any, str]:
        """Follow $ref until a node without one; the node's own keys win over the target's."""
        merged = dict(node)
        for _ in range(20):
            ref = merged.pop("$ref", None)
            if not isinstance(ref, str):
                break
            name, _, pointer = ref.partition("#")
            if name:
                current = name
            target: Any = self.document(current)
            for part in pointer.strip("/").split("/") if pointer.strip("/") else ():
                target = target[part]
            merged = {**target, **merged}
        return merged, current


def _type(node: dict[str, Any]) -> str:
    if "enum" in node:
        return "one of"
    kind = node.get("type")
    if kind == "array":
        return "list"
    if kind == "object":
        return "mapping"
    if kind == "string":
        if node.get("format") == "date":
            return "date"
        return "text"
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    return str(kind or "any")


def _example(node: dict[str, Any]) -> str:
    examples = node.get("examples")
    if not examples:
        return ""
    return json.dumps(examples[0], ensure_ascii=False)


def _walk(
    resolver: _Resolver, node: Any, current: str, path: str, depth: int, required: bool, out: list[Field]
) -> None:
    resolved, current = resolver.resolve(node, current)
    if path:
        out.append(
            Field(
                path=path,
                depth=depth,
                type=_type(resolved),
                required=required,
                description=str(node.get("description") or resolved.get("description") or ""),
                example=_example(node) or _example(resolved),
                choices=tuple(str(v) for v in resolved.get("enum", ())),
            )
        )
    if depth > 6:
        return
    if resolved.get("type") == "object" or "properties" in resolved:
        needed = set(resolved.get("required", ()))
        for name, child in (resolved.get("properties") or {}).items():
            _walk(
                resolver, child, current, f"{path}.{name}" if path else name, depth + 1, name in needed, out
            )
    items = resolved.get("items")
    if isinstance(items, dict):
        item, item_doc = resolver.resolve(items, current)
        if item.get("type") == "object" or "properties" in item:
            needed = set(item.get("required", ()))
            for name, child in (item.get("properties") or {}).items():
                _walk(resolver, child, item_doc, f"{path}[].{name}", depth + 1, name in needed, out)


def data_reference(schema_folder: Path) -> tuple[KindReference, ...]:
    resolver = _Resolver(schema_folder)
    kinds = []
    for kind, title, location in KINDS:
        name = f"{kind}.schema.json"
        schema = resolver.document(name)
        fields: list[Field] = []
        _walk(resolver, schema, name, "", 0, True, fields)
        kinds.append(KindReference(kind, title, location, str(schema.get("description", "")), tuple(fields)))
    return tuple(kinds)
