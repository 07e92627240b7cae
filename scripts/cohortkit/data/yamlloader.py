"""The strict YAML loader: PyYAML's safe loader narrowed to what a data file may hold."""

from __future__ import annotations

import math
import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # The C parser is several times faster; fall back where libyaml is missing.
    from yaml import CSafeLoader as FastSafeLoader

    LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as FastSafeLoader  # type: ignore[assignment]

    LIBYAML = False

# FastSafeLoader is listed because it is PyYAML's, imported here: the event scan
# in `yamlscan.py` must parse with the same parser the loader builds on.
__all__ = ["LIBYAML", "AliasGuardLoader", "FastSafeLoader", "Rejected", "StrictLoader", "describe_value"]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
# Implicit scalar tags whose constructors return a value at once (no generators).
_PLAIN_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float"))
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# C0 controls but tab and line feed, DEL, C1 controls (NEL too), the Unicode line and paragraph
# separators, lone surrogates and the two noncharacters: none belongs in text a page, an issue or
# a YAML front matter shows.
_ESCAPED_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_NUMBER_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float"))
_MAX_NUMBER_CHARS = 40
_MAX_INTEGER = 10**18


class Rejected(Exception):
    """Stops loading a file at the first construct that must not be loaded."""

    def __init__(self, problem_message: str, node: Node, fix: str) -> None:
        super().__init__(problem_message)
        self.node = node
        self.fix = fix


class StrictLoader(FastSafeLoader):
    """SafeLoader that refuses merge keys, collects duplicate and non-text keys,
    and keeps timestamps as strings.

    It also builds documents in one direct recursive pass instead of PyYAML's
    general constructor (which tracks every node to support aliases and
    recursive structures, and resolves every scalar through a table walk).
    Data files have neither aliases (`AliasGuardLoader` refuses them) nor
    nesting deeper than `yamlscan.MAX_DEPTH`, so the recursion is bounded; this halves
    the time spent turning parsed nodes into values.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.key_problems: list[tuple[str, Node, str]] = []

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        # The C composer asks for the tag of every node. Plain scalars are the
        # bulk; look up only the resolvers for the first character, as PyYAML
        # does, without its path-resolver bookkeeping (data files use none).
        # Only untagged nodes come here, so a quoted scalar is text and a
        # collection takes its default tag.
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG

    def construct_document(self, node: Node) -> Any:
        data = self.build(node)
        self.constructed_objects = {}
        self.recursive_objects = {}
        return data

    def build(self, node: Node) -> Any:
        """The value of a node and everything under it."""
        tag = node.tag
        if tag == _STR_TAG and isinstance(node, ScalarNode):
            # Only a double-quoted scalar can spell a control character (as an escape):
            # libyaml's reader has already refused raw ones everywhere else.
            if node.style == '"' and _ESCAPED_CONTROL.search(node.value):
                self._refuse_escape(node)
            return node.value
        if tag in _NUMBER_TAGS and isinstance(node, ScalarNode):
            return self._number(node, tag)
        if tag == _MAP_TAG and isinstance(node, MappingNode):
            return self.construct_mapping(node)
        if tag == _SEQ_TAG and isinstance(node, SequenceNode):
            return [self.build(child) for child in node.value]
        if tag in _PLAIN_SCALAR_TAGS and isinstance(node, ScalarNode):
            return self.yaml_constructors[tag](self, node)
        # Anything else (a tag the scan let through) takes PyYAML's own path,
        # which refuses what SafeLoader cannot construct.
        return self.construct_object(node, deep=True)

    def _refuse_escape(self, node: ScalarNode) -> None:
        found = _ESCAPED_CONTROL.search(node.value)
        code = f"U+{ord(found.group()):04X}" if found else "a control character"
        self.key_problems.append(
            (
                f"the text contains a control character ({code}) written as an escape",
                node,
                "remove the escape (\\0, \\e, \\x.., \\u....); only line breaks and tabs may appear in text",
            )
        )

    def _number(self, node: ScalarNode, tag: str) -> Any:
        # Thousands of digits (or a base-60 time worth as many) would pass Python's
        # integer-string limit when shown; no value in a data file needs more than a few.
        if len(node.value) > _MAX_NUMBER_CHARS:
            self.key_problems.append(
                (
                    f"the number {node.value[:20]}... is too long ({len(node.value)} characters)",
                    node,
                    "write a number of at most 18 digits, or put text in quotes",
                )
            )
            return 0
        try:
            value = self.yaml_constructors[tag](self, node)
        except ValueError:
            # The YAML 1.1 resolver takes 0x_, 0b__ or -0x_ for numbers that PyYAML then cannot
            # convert (no digits once the underscores go): it is text, which the schema judges.
            return node.value
        if isinstance(value, float) and not math.isfinite(value):
            # NaN meets every minimum and maximum; infinity is no one's count.
            self.key_problems.append(
                (
                    f"{node.value!r} is not a number YAML can compare ({value!r})",
                    node,
                    "write a finite number, or put the text in quotes",
                )
            )
            return 0
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _MAX_INTEGER:
            self.key_problems.append(
                (
                    f"the number {node.value} is too large",
                    node,
                    "write a number of at most 18 digits; if it is a time like 19:00, put it in quotes",
                )
            )
            return 0
        return value

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                raise Rejected(
                    "YAML merge keys (<<) are not allowed in data files",
                    key_node,
                    "write the keys out in full",
                )
            key = self.build(key_node)
            if not isinstance(key, str):
                if isinstance(key_node, ScalarNode):
                    problem = f"key {key_node.value!r} is read by YAML as {describe_value(key)}, not as text"
                    fix = f'put the key in quotes: "{key_node.value}":'
                else:  # [a, b]: or {a: b}: as a key, or a "? " complex key: no text to quote
                    problem = f"a key here is {describe_value(key)}, not a name"
                    fix = "keys are plain names such as `name:`; write this as a value under a named key"
                self.key_problems.append((problem, key_node, fix))
                continue
            if key in mapping:
                self.key_problems.append(
                    (
                        f"duplicate key {key!r} in this mapping",
                        key_node,
                        "keep one of the two entries; YAML would silently keep only the last",
                    )
                )
                continue
            mapping[key] = self.build(value_node)
        return mapping


class AliasGuardLoader(StrictLoader):
    """StrictLoader that also stops at the first alias, before it can expand.

    Only needed for text containing '*', the only way to write an alias; the
    check costs a little on every node, so other files skip it.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._seen: set[int] = set()

    def build(self, node: Node) -> Any:
        # An alias is the same node met a second time; stop before expanding it.
        if id(node) in self._seen:
            raise Rejected(
                "YAML aliases (*name) are not allowed in data files",
                node,
                "write the value out in full instead of referring to an anchor",
            )
        self._seen.add(id(node))
        return super().build(node)


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in FastSafeLoader.yaml_implicit_resolvers.items()
}


def describe_value(value: object) -> str:
    """What YAML made of a value, in words for a message ("a number", "a list")."""
    if value is None:
        return "null (nothing)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a single text"
    return "a list" if isinstance(value, list) else "something else"
