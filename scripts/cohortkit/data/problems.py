"""A problem found in a data file, and where it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
# A JSON path inside a document: mapping keys and list indexes.
JsonPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one file.

    Rules know *what* is wrong and *where in the document* (`path`); the line
    and column are filled in later, only for files that have problems, so the
    fast path never builds position-tracking YAML nodes.
    """

    file: str
    message: str
    rule: str
    path: JsonPath = ()
    # Point at the key itself (unknown or duplicate keys) rather than its value.
    at_key: bool = False
    line: int = 0
    col: int = 0
    fix: str = ""
    severity: Severity = "error"

    @property
    def text(self) -> str:
        return f"{self.message} ({self.fix})" if self.fix else self.message

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.col, self.message)
