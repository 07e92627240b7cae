"""Read one YAML data file as untrusted input.

Every data file may come from a stranger's fork, so reading is defensive:
a size cap before reading, strict UTF-8, no anchors or aliases (an alias
bomb stops at the first alias instead of expanding), duplicate keys
reported instead of silently merged, and only string keys. Dates are kept
as strings so that the schema, not the YAML resolver, decides what a valid
date looks like and can say how to write one.

The fast path uses PyYAML's C parser and builds plain Python values; line
numbers come from `locate.py`, which composes nodes only for files that
turned out to have problems. The loader itself is in `yamlloader.py`; what
stops a text before it reaches the loader, in `yamlscan.py`.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cohortkit.data.problems import Problem
from cohortkit.data.treenode import TreeNode
from cohortkit.data.yamlloader import LIBYAML, AliasGuardLoader, Rejected, StrictLoader, describe_value
from cohortkit.data.yamlscan import screen_text, too_deep_problem

MAX_FILE_BYTES = 256 * 1024
# Duplicate keys and the like past this many are counted, not each reported.
MAX_KEY_PROBLEMS = 50


@dataclass(slots=True)
class ReadResult:
    """A file's text and parsed document, or the problems that kept it from loading."""

    path: str
    text: str = ""
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    # How the file was written, so a rewrite (cohortkit migrate) can keep it so.
    crlf: bool = False
    bom: bool = False

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
    result.bom = raw.startswith(b"\xef\xbb\xbf")
    body = raw[3:] if result.bom else raw
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
        result.crlf = "\r\n" in text
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
    refused = screen_text(text, shown_path)
    if refused:
        return None, [refused]
    loader = AliasGuardLoader(text) if "*" in text else StrictLoader(text)
    try:
        data = loader.get_single_data()
    except Rejected as rejected:
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
                f"the file holds {describe_value(data)} where a mapping of keys was expected",
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


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, shown_path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "invalid YAML").strip()
    # Lines, not mark.index: libyaml counts that in bytes, Python in characters.
    if mark is not None and not "".join(text.split("\n")[mark.line :]).strip():
        # The parser ran off the end of the file: the place past the last line
        # tells nobody anything, the quote or bracket that was never closed does.
        return _unclosed_problem(exc, text, shown_path, line, col)
    if "nesting depth" in problem:
        # libyaml's own limit, reached where the cheap bound was fooled (quoted brackets).
        return too_deep_problem(shown_path, line, col)
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


_NEVER_CLOSED = {
    "while scanning a quoted scalar": (
        "the quoted text that starts here is never closed",
        "add the closing quote at the end of the text",
    ),
    "while parsing a flow sequence": (
        "the list that opens with '[' here is never closed",
        "add the closing ']' after the last item",
    ),
    "while parsing a flow mapping": (
        "the mapping that opens with '{' here is never closed",
        "add the closing '}' after the last entry",
    ),
}


def _unclosed_problem(exc: yaml.MarkedYAMLError, text: str, shown_path: str, line: int, col: int) -> Problem:
    """An error found at the end of the file, placed where its cause is."""
    opened = exc.context_mark if exc.context in _NEVER_CLOSED else None
    if opened is not None:
        problem, fix = _NEVER_CLOSED[str(exc.context)]
        return Problem(
            shown_path,
            f"YAML syntax error: {problem}",
            "yaml",
            line=opened.line + 1,
            col=opened.column + 1,
            fix=fix,
        )
    # Otherwise the last line with something on it is where to look.
    content = text.rstrip()
    if content:
        line = content.count("\n") + 1
        col = len(content) - (content.rfind("\n") + 1)  # its last character
    problem = (exc.problem or "invalid YAML").strip()
    return Problem(
        shown_path,
        f"YAML syntax error at the end of the file: {problem}",
        "yaml",
        line=line,
        col=col,
        fix="check the last lines for a quote, bracket or indentation left unfinished",
    )


def _reader_problem(exc: yaml.YAMLError, text: str, shown_path: str) -> Problem:
    position = getattr(exc, "position", 0)
    # libyaml counts bytes of the UTF-8 text it was handed; Python's reader counts characters.
    before = text.encode("utf-8")[:position].decode("utf-8", errors="ignore") if LIBYAML else text[:position]
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


def _line_col_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    # CR and CR LF end lines too, as everywhere else.
    before = raw[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, col
