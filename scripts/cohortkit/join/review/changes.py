"""The change in meaning between two models: who joined, left or was edited, not which lines moved.

Files are matched by path and memberships by (person, role, and which of the
person's entries in that role) inside a cohort, so
reordering a list or reformatting a file is no change at all, while editing one
field of one membership is exactly one change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

from cohortkit.data.model import Cohort, Membership, Model, Person, Program, Role

ChangeKind = Literal[
    "person-added",
    "person-changed",
    "person-removed",
    "membership-added",
    "membership-ended",
    "membership-changed",
    "membership-removed",
    "cohort-added",
    "cohort-changed",
    "cohort-removed",
    "program-added",
    "program-changed",
    "program-removed",
    "other-file",
    "invalid-file",
]

# Fields that say where a record came from rather than what it says.
_BOOKKEEPING = frozenset({"file", "index", "repeated_ids", "mentors", "mentees"})


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    file: str
    subject: str  # a login, a cohort id or a program id; the path for other files
    cohort: str | None = None
    role: Role | None = None
    fields: tuple[str, ...] = ()
    before: Any = None  # the base's record (Person, Cohort, Program or Membership)
    after: Any = None  # the head's record


def changed_fields(before: object, after: object) -> tuple[str, ...]:
    """Names of the dataclass fields whose values differ, bookkeeping left out."""
    return tuple(
        f.name
        for f in fields(before)  # type: ignore[arg-type]  # always one of the model's dataclasses
        if f.name not in _BOOKKEEPING and getattr(before, f.name) != getattr(after, f.name)
    )


def diff_models(base: Model, head: Model) -> list[Change]:
    """Every change in meaning from base to head, in a stable order (programs, cohorts, people)."""
    return [
        *_records(base.programs, head.programs, "program"),
        *_cohorts(base, head),
        *_records(base.people, head.people, "person"),
    ]


_KIND: dict[tuple[str, str], ChangeKind] = {
    ("program", "added"): "program-added",
    ("program", "changed"): "program-changed",
    ("program", "removed"): "program-removed",
    ("person", "added"): "person-added",
    ("person", "changed"): "person-changed",
    ("person", "removed"): "person-removed",
}


def _records(
    base: Mapping[str, Program | Person], head: Mapping[str, Program | Person], noun: str
) -> Iterator[Change]:
    for key in sorted(base.keys() | head.keys()):
        before, after = base.get(key), head.get(key)
        if before is None and after is not None:
            yield Change(_KIND[noun, "added"], after.file, _subject(after), after=after)
        elif after is None and before is not None:
            yield Change(_KIND[noun, "removed"], before.file, _subject(before), before=before)
        elif (
            before is not None
            and after is not None
            and (changed := changed_fields(before, after) + (("file",) if before.file != after.file else ()))
        ):
            # A file renamed (say, by letter case only, since logins ignore case) is a change of its own:
            # the old path goes, and a review must name it.
            yield Change(
                _KIND[noun, "changed"],
                after.file,
                _subject(after),
                fields=changed,
                before=before,
                after=after,
            )


def _subject(record: Program | Person) -> str:
    return record.login if isinstance(record, Person) else record.id


def _cohorts(base: Model, head: Model) -> Iterator[Change]:
    for cohort_id in sorted(base.cohorts.keys() | head.cohorts.keys()):
        before, after = base.cohorts.get(cohort_id), head.cohorts.get(cohort_id)
        if before is None and after is not None:
            yield Change("cohort-added", after.file, cohort_id, cohort=cohort_id, after=after)
            yield from _memberships(None, after)
        elif after is None and before is not None:
            yield Change("cohort-removed", before.file, cohort_id, cohort=cohort_id, before=before)
        elif before is not None and after is not None:
            if changed := changed_fields(before, after):
                yield Change(
                    "cohort-changed",
                    after.file,
                    cohort_id,
                    cohort=cohort_id,
                    fields=changed,
                    before=before,
                    after=after,
                )
            yield from _memberships(before, after)


def _by_person(cohort: Cohort | None) -> dict[tuple[str, Role, int], Membership]:
    """Memberships by (person, role, which of that person's entries in that role).

    A person may have several entries in one cohort and role (withdrew, came
    back): each is its own record, so a second entry added, removed or edited
    is a change like any other and can never hide behind the first.
    """
    found: dict[tuple[str, Role, int], Membership] = {}
    seen: dict[tuple[str, Role], int] = {}
    for membership in cohort.memberships if cohort else ():
        who = (membership.person.lower(), membership.role)
        occurrence = seen.get(who, 0)
        seen[who] = occurrence + 1
        found[(*who, occurrence)] = membership
    return found


def _memberships(before: Cohort | None, after: Cohort) -> Iterator[Change]:
    old, new = _by_person(before), _by_person(after)
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key), new.get(key)
        role = key[1]
        if was is None and now is not None:
            kind: ChangeKind = "membership-added"
            changed: tuple[str, ...] = ()
        elif now is None and was is not None:
            kind, changed = "membership-removed", ()
        elif was is not None and now is not None and (changed := changed_fields(was, now)):
            kind = "membership-ended" if was.active and not now.active else "membership-changed"
        else:
            continue
        person = (now or was).person  # type: ignore[union-attr]
        yield Change(kind, after.file, person, after.id, role, changed, before=was, after=now)
