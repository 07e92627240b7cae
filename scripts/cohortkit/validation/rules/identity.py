"""Ids equal file names, and a cohort sits in the folder of its term."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from cohortkit.data.problems import Problem
from cohortkit.validation.rules.context import RuleContext


def check(context: RuleContext) -> Iterator[Problem]:
    model = context.model
    claims = [
        *((program.file, "id", program.id) for program in model.programs.values()),
        *((cohort.file, "id", cohort.id) for cohort in model.cohorts.values()),
        *((person.file, "login", person.login) for person in model.people.values()),
    ]
    for file, key, value in claims:
        path = PurePosixPath(file)
        if value != path.stem:
            yield Problem(
                file,
                f"{key} {value!r} does not match the file name {path.stem!r}",
                "identity",
                path=(key,),
                fix=f"rename the file to {path.parent}/{value}.yaml, or set {key}: {path.stem}",
            )
    for cohort in model.cohorts.values():
        folder = PurePosixPath(cohort.file).parent.name
        if cohort.term != folder:
            yield Problem(
                cohort.file,
                f"term {cohort.term!r} does not match the folder cohorts/{folder}/",
                "identity",
                path=("term",),
                fix=f"move the file to cohorts/{cohort.term}/, or set term: {folder}",
            )
