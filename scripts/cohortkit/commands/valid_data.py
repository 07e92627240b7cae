"""The validated data a command acts on, or the one line that says to fix it first."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from cohortkit.data.load import LoadedTree
from cohortkit.validation.pipeline import validate_tree


def valid_tree(root: Path, today: date | None = None) -> LoadedTree | None:
    """The tree when it has no error; otherwise None, after telling the user how to see the problems."""
    tree, problems = validate_tree(root, today)
    if any(p.severity == "error" for p in problems):
        print(
            f"cohortkit: the data has {len(problems)} problem(s); run cohortkit validate and fix them first",
            file=sys.stderr,
        )
        return None
    return tree
