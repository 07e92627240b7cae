"""Write problems as text, JSON, or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal, TextIO

from cohortkit.problems import Problem

Format = Literal["text", "json", "github"]
FORMATS: tuple[Format, ...] = ("text", "json", "github")


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
            out.write(f"{problem.file}:{problem.line}:{problem.col}: {label}{problem.text}\n")
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
            ("file", problem.file),
            ("line", problem.line),
            ("col", problem.col),
            ("title", f"cohortkit {problem.rule}"),
        )
    )
    return f"::{problem.severity} {properties}::{_escape_data(problem.text)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
