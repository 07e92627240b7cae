"""What the tool remembers about a cohort, kept in the cohort's tracking issue.

The tracking issue stays open for the cohort's life, so one listing of the
tool's open issues returns every cohort's record. That is what lets a daily
run with nothing due cost nothing beyond that listing: the record says which
check-ins were opened (even the ones mentors have since closed) and how each
ended. The record is JSON in an HTML comment, invisible on GitHub; if someone
edits it into nonsense, the tool rebuilds it from the issues themselves.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

Outcome = Literal["open", "held", "not held", "missed"]
_STATE = re.compile(r"<!-- cohortkit-state (?P<json>\{.*?\}) -->", re.DOTALL)
_TICK = re.compile(
    r"^\s*[-*] \[(?P<mark>[ xX])\] @(?P<login>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\b", re.MULTILINE
)


@dataclass(frozen=True, slots=True)
class CheckinRecord:
    period: str  # the due date, ISO
    number: int  # check-in number within the cohort
    week: int
    issue: int
    outcome: Outcome = "open"
    attended: tuple[str, ...] = ()
    closed_by: str | None = None
    missed_noted: bool = False  # the missed label and comment were written

    @property
    def finished(self) -> bool:
        return self.outcome != "open"


@dataclass(frozen=True, slots=True)
class TrackingState:
    checkins: dict[str, CheckinRecord] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)  # event id -> issue number

    def with_checkin(self, record: CheckinRecord) -> TrackingState:
        return replace(self, checkins={**self.checkins, record.period: record})

    def with_event(self, event_id: str, issue: int) -> TrackingState:
        return replace(self, events={**self.events, event_id: issue})

    def ordered(self) -> list[CheckinRecord]:
        return sorted(self.checkins.values(), key=lambda r: r.period)


def read_state(body: str) -> TrackingState | None:
    """The record in a tracking issue's body, or None when it is missing or malformed."""
    match = _STATE.search(body or "")
    if not match:
        return None
    try:
        raw = json.loads(match["json"])
        checkins = {
            str(period): CheckinRecord(
                period=str(period),
                number=int(item["number"]),
                week=int(item["week"]),
                issue=int(item["issue"]),
                outcome=item.get("outcome", "open"),
                attended=tuple(str(x) for x in item.get("attended", ())),
                closed_by=item.get("closed_by"),
                missed_noted=bool(item.get("missed_noted", False)),
            )
            for period, item in raw.get("checkins", {}).items()
        }
        events = {str(k): int(v) for k, v in raw.get("events", {}).items()}
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if any(r.outcome not in ("open", "held", "not held", "missed") for r in checkins.values()):
        return None
    return TrackingState(checkins, events)


def write_state(state: TrackingState) -> str:
    data: dict[str, Any] = {
        "checkins": {period: _compact(asdict(record)) for period, record in sorted(state.checkins.items())},
        "events": dict(sorted(state.events.items())),
    }
    # '>' never appears in JSON outside strings; escaping it keeps "-->" out of the comment.
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).replace(">", "\\u003e")
    return f"<!-- cohortkit-state {text} -->"


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    record.pop("period")
    return {k: v for k, v in record.items() if v not in (None, (), [], False)}


def ticked(body: str, people: set[str]) -> tuple[str, ...]:
    """Logins whose attendance box is ticked, among the people expected."""
    expected = {p.lower(): p for p in people}
    found = [expected[m["login"].lower()] for m in _TICK.finditer(body or "") if m["mark"] in "xX"]
    return tuple(sorted(set(found) & set(expected.values())))


def outcome_of(state: str, state_reason: str | None, overdue: bool) -> Outcome:
    if state == "closed":
        return "not held" if state_reason == "not_planned" else "held"
    return "missed" if overdue else "open"


def cohort_status(records: list[CheckinRecord], has_mentor: bool, completed: bool) -> str:
    """on track, at risk (the latest finished check-in was missed), stalled, completed."""
    if completed:
        return "completed"
    if not has_mentor:
        return "stalled"
    finished = [r for r in records if r.finished]
    recent = [r.outcome in ("missed", "not held") for r in finished[-2:]]
    if len(recent) == 2 and all(recent):
        return "stalled"
    if recent and recent[-1]:
        return "at risk"
    return "on track"


def reached_week(records: list[CheckinRecord]) -> int:
    held = [r.week for r in records if r.outcome == "held"]
    return max(held, default=0)


def attendance(records: list[CheckinRecord], mentees: list[str]) -> dict[str, int]:
    return {
        login: sum(1 for r in records if r.outcome == "held" and login in r.attended) for login in mentees
    }
