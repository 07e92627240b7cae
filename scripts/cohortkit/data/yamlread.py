"""Read one YAML data file as untrusted input.

Every data file may come from a stranger's fork, so reading is defensive:
a size cap before reading, strict UTF-8, no anchors or aliases (an alias
bomb stops at the first alias instead of expanding), duplicate keys
reported instead of silently merged, and only string keys. Dates are kept
as strings so that the schema, not the YAML resolver, decides what a valid
date looks like and can say how to write one.

The fast path uses PyYAML's C parser and builds plain Python values; line
numbers come from `locate.py`, which composes nodes only for files that
turned out to have problems.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cohortkit.data.problems import Problem
from cohortkit.data.treenode import TreeNode
from cohortkit.data.yamldepth import bracket_depth_bound, first_too_deep, nesting_bound

try:  # The C parser is several times faster; fall back where libyaml is missing.
    from yaml import CSafeLoader as _FastSafeLoader

    _LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _FastSafeLoader  # type: ignore[assignment]

    _LIBYAML = False

MAX_FILE_BYTES = 256 * 1024
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
# Implicit scalar tags whose constructors return a value at once (no generators).
_PLAIN_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float"))
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# Data files need a handful of levels; a hostile file nested thousands deep
# would crash libyaml's composer (C recursion) or overflow Python's stack.
MAX_DEPTH = 40
# libyaml (PyYAML 6.0.3's bundled build) stops at 1000 levels of block and flow nesting together;
# a text that cannot nest half as deep never meets that limit, so libyaml's events measure it.
_LIBYAML_SAFE_DEPTH = 500
# Cheap tests that let most files skip the event scan below. An anchor or a tag
# can only start after a space, '[', '{' or ','; deep nesting needs many brackets, deep
# indentation, or compact "- - - -" / "? ? ?" runs. Aliases need no scan: the
# constructor refuses any node it meets twice.
# Each regular expression runs only when a substring test (far cheaper) says it can match.
_MAYBE_ANCHOR_OR_TAG = re.compile(r"(?:^|[\s\[{,])[&!][^\s]", re.MULTILINE)
_DEEP_INDENT = " " * 24
_MAYBE_DEEP_INDENT = re.compile(r"^ {24,}\S", re.MULTILINE)
# Spelled out rather than as (?:[-?][ \t]+){4,}, which runs four times slower.
_MAYBE_COMPACT_RUN = re.compile(r"[-?][ \t]+[-?][ \t]+[-?][ \t]+[-?][ \t]")
_MAX_UNSCANNED_BRACKETS = 24
# C0 controls but tab and line feed, DEL, C1 controls (NEL too), the Unicode line and paragraph
# separators, lone surrogates and the two noncharacters: none belongs in text a page, an issue or
# a YAML front matter shows.
_ESCAPED_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
# Raw characters libyaml cannot take as they are: NEL and the Unicode line and paragraph separators,
# which it counts as line ends where editors, git and GitHub do not (every later line number would
# be off, and in quotes the character would reach the data), and lone surrogates, which cannot even
# be encoded for it (a file read as UTF-8 has none; text from JSON can).
# Also the bidirectional embeddings, overrides and isolates: they make a name or a login display in
# an order other than the one it has ("Trojan Source"). The marks (U+200E, U+200F) stay allowed.
_RAW_REFUSED = re.compile("[\x85\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_RAW_NAMES = {
    "\x85": "a next-line character",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}
_NUMBER_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float"))
_MAX_NUMBER_CHARS = 40
# Duplicate keys and the like past this many are counted, not each reported.
MAX_KEY_PROBLEMS = 50
_MAX_INTEGER = 10**18


class _Rejected(Exception):
    """Stops loading a file at the first construct that must not be loaded."""

    def __init__(self, problem_message: str, node: Node, fix: str) -> None:
        super().__init__(problem_message)
        self.node = node
        self.fix = fix


class StrictLoader(_FastSafeLoader):
    """SafeLoader that refuses merge keys, collects duplicate and non-text keys,
    and keeps timestamps as strings.

    It also builds documents in one direct recursive pass instead of PyYAML's
    general constructor (which tracks every node to support aliases and
    recursive structures, and resolves every scalar through a table walk).
    Data files have neither aliases (`AliasGuardLoader` refuses them) nor
    nesting deeper than `MAX_DEPTH`, so the recursion is bounded; this halves
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
                raise _Rejected(
                    "YAML merge keys (<<) are not allowed in data files",
                    key_node,
                    "write the keys out in full",
                )
            key = self.build(key_node)
            if not isinstance(key, str):
                shown = key_node.value if isinstance(key_node, ScalarNode) else "this key"
                self.key_problems.append(
                    (
                        f"key {shown!r} is read by YAML as {_describe(key)}, not as text",
                        key_node,
                        f'put the key in quotes: "{shown}":',
                    )
                )
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
            raise _Rejected(
                "YAML aliases (*name) are not allowed in data files",
                node,
                "write the value out in full instead of referring to an anchor",
            )
        self._seen.add(id(node))
        return super().build(node)


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in _FastSafeLoader.yaml_implicit_resolvers.items()
}


def _describe(value: object) -> str:
    if value is None:
        return "null (nothing)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a single text"
    return "a list" if isinstance(value, list) else "something else"


@dataclass(slots=True)
class ReadResult:
    """A file's text and parsed document, or the problems that kept it from loading."""

    path: str
    text: str = ""
    data: Any = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_yaml_file(file: TreeNode, shown_path: str, max_bytes: int = MAX_FILE_BYTES) -> ReadResult:
    """Read and parse one data file; never raises for anything the file contains."""
    result = ReadResult(shown_path)
    try:
        raw = _read_regular(file, max_bytes + 1)
    except _NotRegular:
        result.problems.append(
            Problem(
                shown_path,
                "not a regular file (a named pipe, socket or device)",
                "read",
                line=1,
                col=1,
                fix="replace it with an ordinary file, or delete it",
            )
        )
        return result
    except OSError as exc:
        result.problems.append(
            Problem(shown_path, f"cannot read the file: {exc.strerror}", "read", line=1, col=1)
        )
        return result
    if len(raw) > max_bytes:
        result.problems.append(
            Problem(
                shown_path,
                f"file is larger than the {max_bytes // 1024} KiB limit for data files",
                "read",
                line=1,
                col=1,
                fix="shorten long texts or split the data; a data file this large is almost always a mistake",
            )
        )
        return result
    # A byte order mark is dropped by hand: utf-8-sig would count an error's place after it.
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_byte(body, exc.start)
        result.problems.append(
            Problem(
                shown_path,
                f"the file is not valid UTF-8 (byte 0x{body[exc.start]:02x})",
                "read",
                line=line,
                col=col,
                fix="save the file with UTF-8 encoding",
            )
        )
        return result
    if "\r" in text:
        # YAML takes CR, CR LF and LF alike as line ends; everything after libyaml counts LFs.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    result.text = text
    result.data, problems = parse_yaml_text(text, shown_path)
    result.problems.extend(problems)
    return result


class _NotRegular(Exception):
    pass


def _read_regular(file: TreeNode, limit: int) -> bytes:
    """At most `limit` bytes of a regular file; anything else (a pipe swapped in after listing) is refused."""
    if isinstance(file, Path):
        # Non-blocking open: opening a named pipe with no writer would otherwise wait forever.
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise _NotRegular
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read(limit)
        finally:
            os.close(fd)
    with file.open("rb") as handle:
        return handle.read(limit)


def parse_yaml_text(text: str, shown_path: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text under the data-file rules; returns (document, problems).

    The document is None when the text cannot be read as a mapping at all.
    """
    if "\r" in text:
        # YAML takes CR, CR LF and LF alike as line ends; everything after libyaml counts LFs.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        refused = _RAW_REFUSED.search(text)
        if refused:
            return None, [_raw_character_problem(text, refused.start(), shown_path)]
    many_brackets = text.count("[") + text.count("{") > _MAX_UNSCANNED_BRACKETS
    maybe_deep = (_DEEP_INDENT in text and _MAYBE_DEEP_INDENT.search(text)) or _MAYBE_COMPACT_RUN.search(text)
    brackets = bracket_depth_bound(text) if many_brackets else 0
    # The event scan below measures nesting exactly, in C. Only a text that could reach libyaml's
    # own nesting limit is measured before libyaml sees it, with the pure-Python scanner (that
    # limit would answer first); the scanner reads a large file for seconds, so it comes last.
    if (maybe_deep or brackets > MAX_DEPTH) and (
        not _LIBYAML or nesting_bound(text, brackets) >= _LIBYAML_SAFE_DEPTH
    ):
        too_deep = first_too_deep(text, MAX_DEPTH)
        if too_deep:
            return None, [_too_deep_problem(shown_path, *too_deep)]
    if many_brackets or maybe_deep or (("&" in text or "!" in text) and _MAYBE_ANCHOR_OR_TAG.search(text)):
        scan_problem = _scan_events(text, shown_path)
        if scan_problem:
            return None, [scan_problem]
    loader = AliasGuardLoader(text) if "*" in text else StrictLoader(text)
    try:
        data = loader.get_single_data()
    except _Rejected as rejected:
        mark = rejected.node.start_mark
        return None, [
            Problem(
                shown_path,
                str(rejected),
                "yaml",
                line=mark.line + 1,
                col=mark.column + 1,
                fix=rejected.fix,
            )
        ]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, text, shown_path)]
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not accept
        return None, [_reader_problem(exc, text, shown_path)]
    finally:
        loader.dispose()
    problems = [
        Problem(
            shown_path,
            message,
            "yaml",
            line=node.start_mark.line + 1,
            col=node.start_mark.column + 1,
            fix=fix,
        )
        for message, node, fix in loader.key_problems[:MAX_KEY_PROBLEMS]
    ]
    if len(loader.key_problems) > MAX_KEY_PROBLEMS:
        more = len(loader.key_problems) - MAX_KEY_PROBLEMS
        problems.append(
            Problem(
                shown_path,
                f"and {more:,} more problems of this kind in this file",
                "yaml",
                line=1,
                col=1,
                fix="fix the ones above and run again; a data file with this many is usually not a data file",
            )
        )
    if data is None:
        return None, [
            Problem(
                shown_path,
                "the file is empty",
                "yaml",
                line=1,
                col=1,
                fix="fill it in, or delete the file",
            )
        ]
    if not isinstance(data, dict):
        return None, [
            Problem(
                shown_path,
                f"the file holds {_describe(data)} where a mapping of keys was expected",
                "yaml",
                line=1,
                col=1,
                fix="start each top-level line with a key, like 'name: ...'",
            )
        ]
    # With duplicate or non-text keys the document (first value of each key
    # kept) still comes back, so its other mistakes can be reported in the same
    # run; the problems keep it out of the model.
    return data, problems


def _scan_events(text: str, shown_path: str) -> Problem | None:
    """Refuse anchors (even unused: they exist only to be aliased), tags and deep nesting.

    libyaml's parser produces events without recursing, so this is safe on any
    input; only composing nodes from them recurses.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FastSafeLoader):
            mark = event.start_mark
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    return _too_deep_problem(shown_path, line, col)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if getattr(event, "tag", None) is not None:
                # Explicit tags (!!binary, !!set, !custom) make values no schema expects.
                return _event_problem(
                    shown_path,
                    mark,
                    "YAML tags (!name or !!name) are not allowed in data files",
                    "remove the tag; if the text starts with '!', put it in quotes",
                )
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                what = "aliases (*name)" if isinstance(event, yaml.AliasEvent) else "anchors (&name)"
                return _event_problem(
                    shown_path,
                    mark,
                    f"YAML {what} are not allowed in data files",
                    "write the value out in full; if '&' or '*' is part of a text, put the text in quotes",
                )
    except yaml.YAMLError:
        return None  # A syntax error: the full parse reports it with its position.
    return None


def _too_deep_problem(shown_path: str, line: int, col: int) -> Problem:
    return Problem(
        shown_path,
        f"the data is nested more than {MAX_DEPTH} levels deep",
        "yaml",
        line=line,
        col=col,
        fix="data files need only a few levels; remove the extra brackets or indentation",
    )


def _event_problem(shown_path: str, mark: Any, message: str, fix: str) -> Problem:
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(shown_path, message, "yaml", line=line, col=col, fix=fix)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, shown_path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "invalid YAML").strip()
    if "nesting depth" in problem:
        # libyaml's own limit, reached where the cheap bound was fooled (quoted brackets).
        return _too_deep_problem(shown_path, line, col)
    # libyaml's messages rarely name the real cause; the source line usually does.
    source = text.split("\n")[line - 1] if 0 < line <= text.count("\n") + 1 else ""
    value = source.split(": ", 1)[1].lstrip() if ": " in source else source.lstrip(" -")
    fix = "check the indentation and punctuation on this line and the one before"
    if "\t" in source[: max(col, len(source) - len(source.lstrip()))]:
        fix = "indent with spaces, not tabs"
        problem = "a tab character where YAML needs spaces"
    elif "expected a single document" in (exc.context or ""):
        problem = "the file holds more than one YAML document"
        fix = "remove the '---' line and keep one document per file"
    elif value[:1] in {"*", "&", "!", "@", "`"} or "alias" in problem:
        symbol = value[:1] or "*"
        problem = f"a value starting with {symbol!r} has a special meaning in YAML"
        fix = 'put the text in quotes, for example bio: "*Loves* teaching"'
    elif "mapping values are not allowed" in problem:
        fix = "a value containing ': ' must be put in quotes"
    return Problem(shown_path, f"YAML syntax error: {problem}", "yaml", line=line, col=col, fix=fix)


def _reader_problem(exc: yaml.YAMLError, text: str, shown_path: str) -> Problem:
    position = getattr(exc, "position", 0)
    # libyaml counts bytes of the UTF-8 text it was handed; Python's reader counts characters.
    before = text.encode("utf-8")[:position].decode("utf-8", errors="ignore") if _LIBYAML else text[:position]
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    character = getattr(exc, "character", None)
    # The C reader gives the code point as a number, the Python reader as a string.
    if isinstance(character, str) and character:
        character = ord(character)
    code = f"U+{character:04X}" if isinstance(character, int) else "a control character"
    return Problem(
        shown_path,
        f"the file contains a character YAML does not allow ({code})",
        "yaml",
        line=line,
        col=col,
        fix="delete the invisible character; it was probably pasted in by accident",
    )


def _raw_character_problem(text: str, offset: int, shown_path: str) -> Problem:
    before = text[:offset]
    line = before.count("\n") + 1
    col = offset - (before.rfind("\n") + 1) + 1
    character = text[offset]
    code = f"U+{ord(character):04X}"
    if character in _RAW_NAMES:
        return Problem(
            shown_path,
            f"the file contains {_RAW_NAMES[character]} ({code}), which YAML reads as a line break "
            "but editors do not show as one",
            "yaml",
            line=line,
            col=col,
            fix="delete the invisible character, or replace it with an ordinary line break",
        )
    if character in _BIDI_CONTROLS:
        return Problem(
            shown_path,
            f"the text contains a bidirectional control ({code}), which makes it display in an order "
            "other than the one it has",
            "yaml",
            line=line,
            col=col,
            fix="delete the invisible character; right-to-left text needs none",
        )
    return Problem(
        shown_path,
        f"the text contains a lone surrogate ({code}), which is not a character",
        "yaml",
        line=line,
        col=col,
        fix="delete it; text must be valid Unicode",
    )


def _line_col_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    # CR and CR LF end lines too, as everywhere else.
    before = raw[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, col
