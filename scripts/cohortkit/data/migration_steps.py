"""The mechanical rewrites a data version can ask of older files: move or rename a key, wrap a value in a list, replace a value.

Each step edits one kind of file in place and says what it changed (the
path in the document as it was, so the change can be shown at its line). A
step works on plain dicts and lists (PyYAML's reading, for advice and for
checking a rewrite) and on ruamel.yaml's round-trip nodes (for the rewrite
itself, keeping comments, order and quoting) alike, and does nothing to data
already in the new form, so migrating twice, or an interrupted run again,
changes nothing more.

No step deletes a value: a key whose meaning is gone is a `by_hand` note of
its data version, which validate then shows, so cohortkit never drops what a
person wrote.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any, Protocol

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from cohortkit.data.problems import JsonPath
from cohortkit.data.schemas import Kind
from cohortkit.data.yamlwrite import scalar

# In a step's `at`, every item of a list (["mentors", EVERY_ITEM] is each membership).
EVERY_ITEM = "[]"
Pattern = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Edit:
    """One change a step makes (or cannot make) in one file."""

    path: JsonPath  # in the document before the step
    at_key: bool
    message: str
    blocked: str = ""  # why it cannot be done mechanically, and what to do; empty when done


class Step(Protocol):
    kind: Kind

    def describe(self) -> str:
        """What the step does, for the changelog and the upgrade page."""
        ...

    def apply(self, document: MutableMapping[str, Any]) -> list[Edit]:
        """Rewrite `document` in place; the edits made, or the reason one could not be."""
        ...


def mappings_at(document: Any, at: Pattern, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    """Every mapping the pattern reaches, with its path; parts of the data that are not there are skipped."""
    if not at:
        if isinstance(document, MutableMapping):
            yield path, document
        return
    step, rest = at[0], at[1:]
    if step == EVERY_ITEM:
        if isinstance(document, list):
            for index, item in enumerate(document):
                yield from mappings_at(item, rest, (*path, index))
    elif isinstance(document, MutableMapping) and step in document:
        yield from mappings_at(document[step], rest, (*path, step))


def _dotted(at: Pattern, key: str) -> str:
    return ".".join(part if part != EVERY_ITEM else "[]" for part in (*at, key)).replace(".[]", "[]")


def _set_at(mapping: MutableMapping[str, Any], position: int, key: str, value: Any) -> None:
    """Put `key` at `position` in the mapping's order (ruamel keeps it; a plain dict is rebuilt)."""
    if isinstance(mapping, CommentedMap):
        mapping.insert(position, key, value)
        return
    items = list(mapping.items())
    items.insert(position, (key, value))
    mapping.clear()
    mapping.update(items)


def _take(mapping: MutableMapping[str, Any], key: str) -> tuple[int, Any, Any]:
    """Remove `key`, giving back its position, value and (on ruamel nodes) the comments it carried."""
    position = list(mapping).index(key)
    comments = mapping.ca.items.pop(key, None) if isinstance(mapping, CommentedMap) else None
    value = mapping.pop(key)
    return position, value, comments


def _shift_comment(comments: Any, columns: int) -> Any:
    """ruamel's comment slots for a key, the end-of-line comment moved `columns` to the right."""
    token = comments[2] if isinstance(comments, list) and len(comments) > 2 else None
    mark = getattr(token, "start_mark", None)
    if token is not None and mark is not None and columns:
        shifted = copy.copy(mark)  # marks may be shared between tokens
        shifted.column = max(0, mark.column + columns)
        token.start_mark = shifted
    return comments


@dataclass(frozen=True)
class MoveKey:
    """Rename `key` to `new_key`, or move it into the mapping along `into` (created when missing)."""

    kind: Kind
    at: Pattern  # where the mappings holding `key` are ((): the top of the file)
    key: str
    new_key: str
    into: Pattern = ()

    def describe(self) -> str:
        old = _dotted(self.at, self.key)
        new = _dotted((*self.at, *self.into), self.new_key)
        verb = "renames" if not self.into else "moves"
        return f"{verb} {self.kind} files' `{old}` to `{new}`"

    def apply(self, document: MutableMapping[str, Any]) -> list[Edit]:
        edits = []
        for path, mapping in list(mappings_at(document, self.at)):
            if self.key not in mapping:
                continue
            where = (*path, self.key)
            target, blocked = self._target(mapping)
            new = ".".join((*self.into, self.new_key))
            if target is None or self.new_key in target:
                reason = blocked or f"both {self.key!r} and {new!r} are given"
                edits.append(
                    Edit(
                        where,
                        True,
                        f"{self.key!r} is now {new!r}, and cannot be moved: {reason}",
                        f"keep one of the two as {new!r}, then run cohortkit migrate again",
                    )
                )
                continue
            position, value, comments = _take(mapping, self.key)
            if target is mapping:
                _set_at(mapping, position, self.new_key, value)
            else:
                target[self.new_key] = value
            if comments is not None:
                # The comment after the value keeps its distance from it, not its old column.
                moved = len(self.new_key) + 2 * len(self.into) - len(self.key)
                target.ca.items[self.new_key] = _shift_comment(comments, moved)
            edits.append(Edit(where, True, f"{self.key!r} is now {new!r}"))
        return edits

    def _target(self, mapping: MutableMapping[str, Any]) -> tuple[Any, str]:
        target: Any = mapping
        for part in self.into:
            if part not in target:
                target[part] = CommentedMap() if isinstance(target, CommentedMap) else {}
            target = target[part]
            if not isinstance(target, MutableMapping):
                return None, f"{part!r} is not a mapping of keys"
        return target, ""


@dataclass(frozen=True)
class WrapInList:
    """A key that held one value now holds a list: `x: a` becomes `x: [a]` (as a block list)."""

    kind: Kind
    at: Pattern
    key: str

    def describe(self) -> str:
        return f"makes {self.kind} files' `{_dotted(self.at, self.key)}` a list of the one value it held"

    def apply(self, document: MutableMapping[str, Any]) -> list[Edit]:
        edits = []
        for path, mapping in list(mappings_at(document, self.at)):
            value = mapping.get(self.key)
            if self.key not in mapping or isinstance(value, list | MutableMapping):
                continue
            mapping[self.key] = CommentedSeq([value]) if isinstance(mapping, CommentedMap) else [value]
            edits.append(Edit((*path, self.key), False, f"{self.key!r} is now a list: the one value it held"))
        return edits


@dataclass(frozen=True)
class ReplaceValue:
    """A value renamed: `status: cancelled` becomes `status: withdrawn` (in a list, each such item)."""

    kind: Kind
    at: Pattern
    key: str
    old: str
    new: str

    def describe(self) -> str:
        return f"writes {self.kind} files' `{_dotted(self.at, self.key)}: {self.old}` as `{self.new}`"

    def apply(self, document: MutableMapping[str, Any]) -> list[Edit]:
        edits = []
        message = f"{self.key}: {self.old!r} is now {self.new!r}"
        for path, mapping in list(mappings_at(document, self.at)):
            value = mapping.get(self.key)
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str) and item == self.old:
                        value[index] = scalar(self.new)
                        edits.append(Edit((*path, self.key, index), False, message))
            elif isinstance(value, str) and value == self.old:
                mapping[self.key] = scalar(self.new)  # quoted where PyYAML would misread it
                edits.append(Edit((*path, self.key), False, message))
        return edits
