"""A membership's history: what a join must not fill in and a change must not delete."""

from __future__ import annotations

from cohortkit.data.model import Cohort, Membership


def history_fields(membership: Membership) -> list[str]:
    """The parts of a membership that record what happened, filled in (a join should have none)."""
    found = [
        name
        for name in ("meetings_attended", "surveys_done", "showcase_attended")
        if getattr(membership, name)
    ]
    if membership.left is not None:
        found.append("left")
    return found


def membership_has_history(membership: Membership, cohort: Cohort | None) -> bool:
    """A membership that something happened in: the cohort ran, or the member met, reported or left."""
    return (
        cohort is None
        or cohort.status != "forming"
        or not membership.active
        or membership.meetings_attended > 0
        or membership.surveys_done > 0
        or membership.showcase_attended
    )
