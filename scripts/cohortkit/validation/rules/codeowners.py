""".github/CODEOWNERS agrees with the data it is generated from.

A repository without the file has not adopted it (a copy of the template may
leave review requests to GitHub's settings), so a missing file is not a
problem; once committed, every change to mentors or coordinators must bring
the file along, or review requests would go to the wrong people.

The rule stays quiet while a program or cohort file fails its own checks: the
file is then missing from the model, the generated text would lose its line,
and that drift is a consequence of a problem already reported.

It also stays quiet for a model that was not loaded from `root` (one built in
code, as rule tests do with the current folder as root): the committed file
describes the data beside it, not some other model.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cohortkit.data.problems import Problem
from cohortkit.errors import CohortkitError
from cohortkit.program.codeowners import PATH, compare, generate, read_committed, unbuilt
from cohortkit.validation.rules.context import RuleContext

RULE = "codeowners"


def check(context: RuleContext) -> Iterator[Problem]:
    if not isinstance(context.root, Path):
        return  # review-pr judges data changes; drift is validate's to report on the merged tree
    try:
        committed = read_committed(context.root)
    except CohortkitError as exc:
        yield Problem(PATH, str(exc), RULE, line=1, col=1)
        return
    if committed is None or unbuilt(context.model) or not _loaded_from(context.root, context):
        return
    drift = compare(committed, generate(context.model))
    if drift is not None:
        yield Problem(PATH, drift.message, RULE, line=drift.line, col=drift.col, fix=drift.fix)


def _loaded_from(root: Path, context: RuleContext) -> bool:
    return all((root / program.file).is_file() for program in context.model.programs.values())
