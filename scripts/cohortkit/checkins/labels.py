"""The labels a program's check-ins need: the tool's fixed ones and one per program."""

from __future__ import annotations

from cohortkit.data.model import Model
from cohortkit.github.labels import Label, fixed_labels, program_label


def wanted_labels(model: Model) -> list[Label]:
    """The labels `labels sync` keeps: the fixed ones and one per program.

    Not one per cohort. GitHub creates a label the moment an issue first carries
    it, at no request of its own, so a cohort's label comes with its first
    check-in; creating a thousand beforehand (and fixing their colours) would
    spend two hours of GitHub's write limit on grey tags. It earns its place on
    the issues (mentors filter their cohort's issues by it), not a request.
    """
    wanted = fixed_labels()
    wanted += [program_label(p.id, p.name) for p in model.programs.values()]
    return wanted
