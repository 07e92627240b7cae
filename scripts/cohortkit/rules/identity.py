"""Ids equal file names, and a cohort sits in the folder of its term."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from cohortkit.problems import Problem
from cohortkit.rules.context import RuleContext


def check(context: RuleContext) -> Iterator[Problem]:
    model = context.model
    for program in model.programs.values():
        stem = PurePosixPath(program.file).stem
        if program.id != stem:
            yield _mismatch(
                program.file,
                "id",
                program.id,
                stem,
                f"set id: {stem}, or rename the file to {program.id}.yaml",
            )
    for cohort in model.cohorts.values():
        path = PurePosixPath(cohort.file)
        if cohort.id != path.stem:
            yield _mismatch(
                cohort.file,
                "id",
                cohort.id,
                path.stem,
                f"set id: {path.stem}, or rename the file to {cohort.id}.yaml",
            )
        if cohort.term != path.parent.name:
            yield Problem(
                cohort.file,
                f"term {cohort.term!r} does not match the folder cohorts/{path.parent.name}/",
                "identity",
                path=("term",),
                fix=f"move the file to cohorts/{cohort.term}/, or set term: {path.parent.name}",
            )
    for person in model.people.values():
        stem = PurePosixPath(person.file).stem
        if person.login != stem:
            yield _mismatch(
                person.file,
                "login",
                person.login,
                stem,
                f"the file must be named after the GitHub login: people/{person.login}.yaml",
            )


def _mismatch(file: str, key: str, value: str, stem: str, fix: str) -> Problem:
    return Problem(
        file,
        f"{key} {value!r} does not match the file name {stem!r}",
        "identity",
        path=(key,),
        fix=fix,
    )
