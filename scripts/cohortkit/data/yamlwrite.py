"""Writing YAML that the validator reads back exactly as meant, and editing YAML people wrote.

Data files are read by PyYAML (YAML 1.1, `yamlread.py`) and written here by
ruamel.yaml (YAML 1.2) in round-trip mode, so an edit keeps a file's
comments, key order and quoting. The two disagree on some plain scalars
(`no`, `on`, `12:30`, `1_000` are text to ruamel, not to PyYAML), so every
string is written plain only when PyYAML's resolver also reads it as text,
and quoted otherwise; `reads_back` then checks the written text with the
project's own reader. Values are never pasted into YAML text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from cohortkit.data.problems import JsonPath
from cohortkit.data.yamlloader import StrictLoader
from cohortkit.data.yamlread import parse_yaml_text


def editor() -> YAML:
    """A round-trip ruamel.yaml set to the data files' own layout."""
    emitter = YAML(typ="rt")
    emitter.preserve_quotes = True
    emitter.indent(mapping=2, sequence=4, offset=2)
    emitter.width = 4096  # never fold a long line: diffs stay one line per value
    emitter.allow_unicode = True
    # The validator refuses anchors, so the writer must never make one: ruamel would write a
    # value placed twice (one date object as two members' `left:`) as &id001 ... *id001.
    emitter.representer.ignore_aliases = lambda _data: True
    return emitter


def load(text: str) -> Any:
    return editor().load(text)


def dump(document: Any) -> str:
    stream = io.StringIO()
    editor().dump(document, stream)
    return stream.getvalue()


def reads_as_text(value: str) -> bool:
    """Whether the validator's loader (PyYAML, YAML 1.1, dates kept as text) reads `value` unquoted as text."""
    table = StrictLoader.yaml_implicit_resolvers
    resolvers = [*table.get(value[:1], []), *table.get(None, [])]
    return not any(pattern.match(value) for _tag, pattern in resolvers)


def scalar(value: str) -> Any:
    """A string as ruamel should write it: a literal block if multi-line, quoted if PyYAML would misread it."""
    if "\n" in value:
        return LiteralScalarString(value)  # ruamel falls back to quotes if a block cannot hold it
    if not reads_as_text(value):
        return DoubleQuotedScalarString(value)
    return value


def node(value: Any) -> Any:
    """Plain values as ruamel nodes, block style, every string made safe for the reader."""
    if isinstance(value, str):
        return scalar(value)
    if isinstance(value, Mapping):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = node(item)
        return mapping
    if isinstance(value, list | tuple):
        return CommentedSeq(node(item) for item in value)
    return value


def place(mapping: CommentedMap, key: str, value: Any, order: Iterable[str]) -> None:
    """Set `key`, or insert it after the keys that come before it in `order` (a schema's)."""
    if key in mapping:
        mapping[key] = value
        return
    order = list(order)
    earlier = set(order[: order.index(key)]) if key in order else set(order)
    position = 0
    for index, existing in enumerate(mapping):
        if existing in earlier:
            position = index + 1
    mapping.insert(position, key, value)


def move_trailing_comment(previous: Any, entry: CommentedMap) -> None:
    """Comment lines after the last entry stay after the list, not between it and the new entry.

    ruamel attaches them to the last key of the last entry; the end-of-line
    part stays there, the lines below move to the new entry.
    """
    if not isinstance(previous, CommentedMap) or not previous:
        return
    slots = previous.ca.items.get(list(previous)[-1])
    if not slots or len(slots) < 3 or not isinstance(slots[2], CommentToken):
        return
    end_of_line, _, below = slots[2].value.partition("\n")
    if not below:
        return
    slots[2].value = end_of_line + "\n"
    entry.ca.items[list(entry)[-1]] = [None, None, CommentToken("\n" + below, CommentMark(0), None), None]


def plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def reads_back(text: str, expected: Iterable[tuple[JsonPath, Any]], shown: str) -> None:
    """What the validator will read is what was meant: a guard against any emitter surprise."""
    data, problems = parse_yaml_text(text, shown)
    if problems or not isinstance(data, dict):
        raise ValueError(f"{shown} as written does not read back: {[p.text for p in problems]}")
    for path, value in expected:
        found: Any = data
        for step in path:
            if isinstance(found, list) and isinstance(step, int) and -len(found) <= step < len(found):
                found = found[step]
            else:
                found = found.get(step) if isinstance(found, dict) else None
        if found != plain(value):
            raise ValueError(f"{shown}: {'.'.join(map(str, path))} reads back as {found!r}")


def add_membership_text(existing: str, key: str, login: str, joined: date) -> str:
    """A cohort file with one more active member in its `mentors` or `mentees` list, edited round-trip.

    Shared by the intake (a sign-up's seat) and matching (its proposals), so both add an entry the same way.
    """
    document = load(existing)
    members = document.get(key) if isinstance(document, CommentedMap) else None
    if not isinstance(members, CommentedSeq):
        raise ValueError(f"the cohort file has no {key} list")
    entry = CommentedMap([("person", login), ("joined", joined), ("outcome", "active")])
    if members:
        move_trailing_comment(members[-1], entry)
    if members.fa.flow_style():
        members.fa.set_block_style()  # `mentees: []` grows into a block list like the others
    members.append(entry)
    return dump(document)
