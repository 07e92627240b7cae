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
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from cohortkit.github.values import IssueInfo
from cohortkit.program.calendar import Period

Outcome = Literal["open", "held", "not held", "missed", "not opened"]
# "not opened": the tool could not open it in time (GitHub's limits, no run that day); not the cohort's doing.
OUTCOMES: tuple[Outcome, ...] = ("open", "held", "not held", "missed", "not opened")
_CODE_OF_OUTCOME: dict[Outcome, str] = {
    "open": "o",
    "held": "h",
    "not held": "n",
    "missed": "m",
    "not opened": "x",
}
_OUTCOME_OF_CODE: dict[str, Outcome] = {code: outcome for outcome, code in _CODE_OF_OUTCOME.items()}
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
        state = _read_compact(raw) if raw.get("v") == 2 else _read_v1(raw)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None
    if any(r.outcome not in OUTCOMES for r in state.checkins.values()):
        return None
    return state


def _read_v1(raw: dict[str, Any]) -> TrackingState:
    """The first format (one JSON object per check-in, logins spelled out), as older records hold it."""
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
    return TrackingState(checkins, {str(k): int(v) for k, v in raw.get("events", {}).items()})


def _read_compact(raw: dict[str, Any]) -> TrackingState:
    people = [str(login) for login in raw.get("p", ())]
    checkins = {}
    for row in raw.get("c", ()):
        period, number, week, issue, outcome, mask, closer, flags = row
        attended = tuple(people[i] for i in _bits(str(mask)))
        record = CheckinRecord(
            period=str(period),
            number=int(number),
            week=int(week),
            issue=int(issue),
            outcome=_OUTCOME_OF_CODE[str(outcome)],
            attended=attended,
            closed_by=people[int(closer)] if int(closer) >= 0 else None,
            missed_noted=bool(int(flags) & 1),
        )
        checkins[record.period] = record
    return TrackingState(checkins, {str(k): int(v) for k, v in raw.get("e", {}).items()})


def write_state(state: TrackingState) -> str:
    """The record, compact: each login once, attendance as a bit mask over them.

    It grows by about 40 characters a check-in however many attend, so two
    years of weekly check-ins for 100 mentees with 39-character logins stay
    far under GitHub's 65,536 characters for the whole body.
    """
    people: list[str] = []
    index: dict[str, int] = {}

    def person(login: str) -> int:
        if login not in index:
            index[login] = len(people)
            people.append(login)
        return index[login]

    rows = []
    for period, record in sorted(state.checkins.items()):
        mask = sum(1 << person(login) for login in record.attended)
        closer = person(record.closed_by) if record.closed_by else -1
        rows.append(
            [
                period,
                record.number,
                record.week,
                record.issue,
                _CODE_OF_OUTCOME[record.outcome],
                format(mask, "x"),
                closer,
                int(record.missed_noted),
            ]
        )
    data: dict[str, Any] = {"v": 2, "p": people, "c": rows, "e": dict(sorted(state.events.items()))}
    # '>' never appears in JSON outside strings; escaping it keeps "-->" out of the comment.
    text = json.dumps(data, separators=(",", ":")).replace(">", "\\u003e")
    return f"<!-- cohortkit-state {text} -->"


def _bits(hex_mask: str) -> list[int]:
    mask = int(hex_mask, 16) if hex_mask else 0
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


def ticked(body: str, people: set[str]) -> tuple[str, ...]:
    """Logins whose attendance box is ticked, among the people expected."""
    expected = {p.lower(): p for p in people}
    # A box a person added for someone not expected (a guest, a typo) is not attendance, and no crash.
    found = {
        expected[login]
        for m in _TICK.finditer(body or "")
        if m["mark"] in "xX" and (login := m["login"].lower()) in expected
    }
    return tuple(sorted(found))


def outcome_of(state: str, state_reason: str | None, overdue: bool, closed_by_tool: bool = False) -> Outcome:
    """What an issue's state says of its check-in. One the tool itself closed (a missed
    check-in, when the cohort ended) stays missed; a mentor's "not planned" is not held."""
    if state == "closed":
        if state_reason == "not_planned":
            return "missed" if closed_by_tool else "not held"
        return "held"
    return "missed" if overdue else "open"


def record_of(
    period: Period, issue: IssueInfo, late: bool, bot_login: str, people: set[str]
) -> CheckinRecord:
    """What a check-in issue says of its period: its outcome, who attended and who closed it."""
    return CheckinRecord(
        period=period.key,
        number=period.number,
        week=period.week,
        issue=issue.number,
        outcome=outcome_of(
            issue.state, issue.state_reason, late, (issue.closed_by or "").lower() == bot_login.lower()
        ),
        attended=ticked(issue.body, people),
        closed_by=issue.closed_by,
        missed_noted="missed" in issue.labels,
    )


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
