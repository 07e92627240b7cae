"""Turn a JSON path inside a document into a line and column.

Only files with problems get here, so composing their YAML nodes a second
time costs nothing on the fast path of a clean run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cohortkit.data.problems import JsonPath, Problem
from cohortkit.data.schema_advice import QUOTE_RULE
from cohortkit.data.yamlloader import StrictLoader


class Locator:
    """Composes each file at most once and answers where a path points."""

    def __init__(self, texts: dict[str, str]) -> None:
        self._texts = texts
        self._roots: dict[str, Node | None] = {}
        # By id() of a node kept alive in _roots.
        self._indexes: dict[int, dict[str, tuple[Node, Node]]] = {}

    def node_at(self, file: str, path: JsonPath, at_key: bool = False) -> Node | None:
        """The deepest node along `path` (the key node when `at_key`), or None."""
        node = self._root(file)
        if node is None:
            return None
        for depth, step in enumerate(path):
            last = depth == len(path) - 1
            child: Node | None = None
            if isinstance(node, MappingNode):
                found = self._keys(node).get(step) if isinstance(step, str) else None
                if found is not None:
                    child = found[0] if (last and at_key) else found[1]
            elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                child = node.value[step]
            if child is None:
                return node  # The path leaves the document (a missing key): point at its parent.
            node = child
        return node

    def place(self, problems: Iterable[Problem]) -> list[Problem]:
        """Fill in line and column for problems that only know their path."""
        placed = []
        for problem in problems:
            if problem.line:
                placed.append(problem)
                continue
            node = self.node_at(problem.file, problem.path, problem.at_key)
            line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
            fix = problem.fix
            if problem.rule == QUOTE_RULE and isinstance(node, ScalarNode) and not node.style:
                # A plain (unquoted) scalar; the C parser says "" where PyYAML says None.
                fix = f'YAML reads the unquoted {node.value} as {_reading(node)}; write it in quotes: "{node.value}"'
            placed.append(dataclasses.replace(problem, line=line, col=col, fix=fix))
        return placed

    def _keys(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        """A mapping's keys, indexed once: a file with tens of thousands of keys, each with a
        problem, must not scan them all for every problem. The first of duplicate keys wins,
        as in the loaded document."""
        index = self._indexes.get(id(node))
        if index is None:
            index = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    index.setdefault(key_node.value, (key_node, value_node))
            self._indexes[id(node)] = index
        return index

    def _root(self, file: str) -> Node | None:
        if file not in self._roots:
            text = self._texts.get(file)
            try:
                self._roots[file] = yaml.compose(text, Loader=StrictLoader) if text else None
            except yaml.YAMLError:
                self._roots[file] = None
        return self._roots[file]


def _reading(node: ScalarNode) -> str:
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "bool":
        return "a yes/no value"
    if tag == "null":
        return "nothing (null)"
    if tag in {"int", "float"} and ":" in node.value:
        return "a number in base 60"  # YAML 1.1 sexagesimal: 15:00 is 900
    return "a number"
