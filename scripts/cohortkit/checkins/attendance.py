"""Attendance from the check-ins into the cohort files: the record a coordinator reviews and certificates read.

The check-in issues say who came (the boxes mentors tick, read back by
`cohortkit progress` into its snapshot, boxes ticked after a check-in was
closed included); this module turns that into each membership's counts and
writes them into the cohort file round-trip (ruamel.yaml), keeping comments
and order, for a coordinator's pull request. Nobody types counts by hand.

The record only grows: a count is raised to what the check-ins show, never
lowered (a coordinator may have recorded a meeting held before the tool ran,
or in person), and events attended are added, never removed. Mentors attend
the meetings they hold: a held check-in counts for each mentor whose
membership spans its day. A written file must read back as meant, and the
whole tree must still validate, or nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from cohortkit.data.model import Cohort, Membership, Model
from cohortkit.data.yamlwrite import dump, load, reads_back

# Fields this module may raise, in the order they are placed in a membership entry.
FIELDS = ("meetings_attended", "surveys_done", "showcase_attended", "events_attended")


@dataclass(frozen=True, slots=True)
class Change:
    cohort: Cohort
    membership: Membership
    field: str
    old: Any
    new: Any

    def describe(self) -> str:
        role = "mentors" if self.membership.role == "mentor" else "mentees"
        return f"{self.cohort.file}: {role}[{self.membership.index}] {self.membership.person}: {self.field} {self.old!r} -> {self.new!r}"


def plan(model: Model, snapshot: Mapping[str, Any], only: str | None = None) -> list[Change]:
    """What the check-ins show beyond what the cohort files already say."""
    cohorts = snapshot.get("cohorts") if isinstance(snapshot, Mapping) else None
    if not isinstance(cohorts, Mapping):
        return []
    changes: list[Change] = []
    for cohort_id, seen in sorted(cohorts.items()):
        cohort = model.cohorts.get(str(cohort_id))
        if cohort is None or not isinstance(seen, Mapping) or (only is not None and cohort.id != only):
            continue
        program = model.programs.get(cohort.program)
        kinds = {e.id: e.kind for e in program.events} if program else {}
        held = [c for c in _list(seen.get("checkins")) if c.get("outcome") == "held"]
        events = [e for e in _list(seen.get("events")) if e.get("state") == "closed"]
        for membership in (*cohort.mentors, *cohort.mentees):
            changes += _changes(cohort, membership, held, events, kinds)
    return changes


def _changes(
    cohort: Cohort,
    membership: Membership,
    held: list[Mapping[str, Any]],
    events: list[Mapping[str, Any]],
    kinds: Mapping[str, str],
) -> list[Change]:
    login = membership.person.lower()
    if membership.role == "mentor":
        meetings = sum(1 for c in held if _within(membership, c.get("period")))
    else:
        meetings = sum(1 for c in held if login in _logins(c.get("attended")))
    attended = sorted(
        {
            str(e.get("event"))
            for e in events
            if isinstance(e.get("event"), str) and e["event"] in kinds and login in _logins(e.get("attended"))
        }
    )
    found: list[Change] = []
    if meetings > membership.meetings_attended:
        found.append(Change(cohort, membership, "meetings_attended", membership.meetings_attended, meetings))
    if not membership.showcase_attended and any(kinds.get(e) == "showcase" for e in attended):
        found.append(Change(cohort, membership, "showcase_attended", False, True))
    more = [e for e in attended if e not in membership.events_attended]
    if more:
        old = list(membership.events_attended)
        found.append(Change(cohort, membership, "events_attended", old, [*old, *more]))
    return found


def apply(root: Path, changes: list[Change]) -> dict[Path, str]:
    """The edited text of every cohort file the changes touch (written by the caller, after checks)."""
    by_file: dict[str, list[Change]] = {}
    for change in changes:
        by_file.setdefault(change.cohort.file, []).append(change)
    edited: dict[Path, str] = {}
    for file, group in sorted(by_file.items()):
        path = root / file
        document = load(path.read_text(encoding="utf-8"))
        expected = []
        for change in group:
            key = "mentors" if change.membership.role == "mentor" else "mentees"
            entries = document.get(key) if isinstance(document, CommentedMap) else None
            entry = entries[change.membership.index] if isinstance(entries, CommentedSeq) else None
            if (
                not isinstance(entry, CommentedMap)
                or str(entry.get("person", "")).lower() != change.membership.person.lower()
            ):
                raise ValueError(
                    f"{file}: {key}[{change.membership.index}] is no longer {change.membership.person}"
                )
            value = CommentedSeq(change.new) if isinstance(change.new, list) else change.new
            _place(entry, change.field, value)
            expected.append(((key, change.membership.index, change.field), change.new))
        text = dump(document)
        reads_back(text, expected, file)
        edited[path] = text
    return edited


def _place(entry: CommentedMap, field: str, value: Any) -> None:
    """Set a field, a new one after the attendance fields already there (before `note`, like the schema)."""
    if field in entry:
        entry[field] = value
        return
    keys = list(entry.keys())
    before = [k for k in keys if k in FIELDS and FIELDS.index(k) < FIELDS.index(field)]
    anchor = keys.index(before[-1]) + 1 if before else (keys.index("note") if "note" in keys else len(keys))
    entry.insert(anchor, field, value)


def _within(membership: Membership, period: Any) -> bool:
    try:
        day = date.fromisoformat(str(period))
    except ValueError:
        return False
    return membership.joined <= day and (membership.left is None or day <= membership.left)


def _list(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _logins(value: Any) -> set[str]:
    return {str(login).lower() for login in value} if isinstance(value, list) else set()
