"""Write problems as text, JSON, or GitHub workflow annotations."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Literal, TextIO

from cohortkit.data.problems import Problem

Format = Literal["text", "json", "github"]
FORMATS: tuple[Format, ...] = ("text", "json", "github")

# What a line of output must not show raw: C0 and C1 controls (line ends among them), DEL, the
# Unicode line and paragraph separators, the bidirectional overrides and isolates (they reorder
# what a terminal shows), and lone surrogates, which are how Python holds the bytes of a file name
# that is not UTF-8 and which a UTF-8 stream cannot write at all.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNPRINTABLE_BUT_LINE_ENDS = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_text(text: str, line_ends: bool = True) -> str:
    r"""`text` with each character a line of output must not show raw written as an escape.

    A file may be named "a<line break>b.yaml" and a message may quote one: printed raw, the
    name would end the line and the rest of it would read as a problem of its own. Line ends
    become \n and \r (left alone with `line_ends=False`, for callers that escape them their
    own way), tabs \t, other controls \xNN or \uNNNN, and a byte of a file name that is not
    UTF-8 \xNN, the byte it is.
    """
    pattern = _UNPRINTABLE if line_ends else _UNPRINTABLE_BUT_LINE_ENDS
    if (text.isascii() and text.isprintable()) or not pattern.search(text):
        return text
    return pattern.sub(_escape_character, text)


def _escape_character(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def write_report(
    problems: Sequence[Problem], file_count: int, fmt: Format, out: TextIO, left_out: int = 0
) -> None:
    """`left_out`: files that failed their own checks and so were not seen by the cross-file rules."""
    ordered = sorted(problems, key=Problem.sort_key)
    errors = sum(1 for p in ordered if p.severity == "error")
    warnings = len(ordered) - errors
    if fmt == "json":
        json.dump(
            {
                "ok": errors == 0,
                "files_checked": file_count,
                # Always there, for tools: fixing these files can bring more problems to light.
                "files_left_out_of_cross_file_checks": left_out,
                "errors": errors,
                "warnings": warnings,
                "problems": [
                    {
                        "file": p.file,
                        "line": p.line,
                        "col": p.col,
                        "severity": p.severity,
                        "rule": p.rule,
                        "message": p.message,
                        "fix": p.fix,
                    }
                    for p in ordered
                ],
            },
            out,
            indent=2,
        )
        out.write("\n")
        return
    for problem in ordered:
        if fmt == "github":
            out.write(_annotation(problem) + "\n")
        else:
            label = "" if problem.severity == "error" else "warning: "
            # One problem per line, whatever a file name or a quoted value holds.
            file, text = escape_text(problem.file), escape_text(problem.text)
            out.write(f"{file}:{problem.line}:{problem.col}: {label}{text}\n")
    summary = f"{file_count} files checked: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
    if left_out:
        # Said, so that a fix is not expected to end the list: once fixed, these files meet the
        # cross-file rules, which may find more.
        summary += (
            f"; {_count(left_out, 'file')} left out of the cross-file checks until "
            f"{'its' if left_out == 1 else 'their'} own errors are fixed"
        )
    if fmt == "github":
        out.write(f"::notice title=cohortkit validate::{_escape_data(summary)}\n")
    else:
        out.write(summary + "\n")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _annotation(problem: Problem) -> str:
    # Workflow commands end at a newline and split properties on ',' and ':',
    # so a hostile message could otherwise forge a second command.
    properties = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            # Line ends keep GitHub's own escapes (%0A), so a name with one still finds its
            # file in the diff; other controls and the bytes of a name that is not UTF-8 are
            # written as escapes, as in the text format.
            ("file", escape_text(problem.file, line_ends=False)),
            ("line", problem.line),
            ("col", problem.col),
            ("title", f"cohortkit {problem.rule}"),
        )
    )
    return f"::{problem.severity} {properties}::{_escape_data(escape_text(problem.text, line_ends=False))}"


def _escape_data(text: str) -> str:
    # GitHub's own escapes for line ends: a message keeps its line breaks in the annotation.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
