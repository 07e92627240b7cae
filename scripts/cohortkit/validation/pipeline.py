"""`validate_tree`: the one validation pipeline, which `cohortkit validate`, the site and check-ins all run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cohortkit.data.load import LoadedTree, load_tree
from cohortkit.data.locate import Locator
from cohortkit.data.problems import Problem
from cohortkit.validation.data_version import judge_data_version, with_migration_advice
from cohortkit.validation.rules import RuleContext, run_rules


def validate_tree(root: Path, today: date | None = None) -> tuple[LoadedTree, list[Problem]]:
    """Load, check schemas and cross-file rules; problems come back placed at line and column.

    Without `today`, rules that depend on the date are left out, so callers
    that do not ask for them (the site, check-ins, tests) do not change with the clock.
    Data written for another data version (cohortkit.yml) is told what migrating
    changes instead of meeting schemas it was not written for.
    """
    tree = load_tree(root)
    verdict = judge_data_version(root, tree)
    if verdict.instead is not None:
        # No file met the schemas or the cross-file rules: said so in the summary's count.
        tree.left_out = tree.file_count
        return tree, Locator(tree.texts).place(verdict.instead)
    problems = tree.problems + run_rules(RuleContext(tree.model, root, today)) + verdict.problems
    return tree, Locator(tree.texts).place(with_migration_advice(problems, tree))
