"""One cohort's part of a run, and its record read back: from its tracking issue, or rebuilt from its issues."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cohortkit.checkins.context import OwnedIssues, Reader, RunOptions, Writer
from cohortkit.checkins.tracking import (
    CheckinRecord,
    TrackingState,
    outcome_of,
    read_state,
    record_of,
    ticked,
)
from cohortkit.data.model import Cohort, Model, Program
from cohortkit.github.labels import cohort_label, owner_label, program_label
from cohortkit.github.markers import first_marker
from cohortkit.github.values import IssueInfo
from cohortkit.program.calendar import CohortCalendar, Period, overdue


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


class CohortReading:
    """A cohort's state for one run, and the reading of its record; CohortRun (cohort.py) adds the writes."""

    def __init__(
        self,
        model: Model,
        cohort: Cohort,
        program: Program,
        owned: OwnedIssues,
        reader: Reader,
        writer: Writer,
        options: RunOptions,
    ) -> None:
        self.model, self.cohort, self.program = model, cohort, program
        self.owned, self.reader, self.writer, self.options = owned, reader, writer, options
        self.today = options.today
        self.calendar = CohortCalendar(cohort, program)
        self.grace = program.checkin_grace_days
        self.own = owner_label()
        self.labels = [
            self.own,
            cohort_label(cohort.id, cohort.title).name,
            program_label(program.id, program.name).name,
        ]
        self.done: list[str] = []
        self.notes: list[str] = []
        self.failed: str | None = None
        self.state: TrackingState | None = None
        self.tracking: IssueInfo | None = None
        self.tracked = False
        # Every issue of this cohort's the run has in hand, by number (listings first, a GET last).
        self.seen: dict[int, IssueInfo] = {}

    # The first step run_checkins takes for every cohort: the record, read back and brought up to date

    def prepare(self) -> None:
        self.tracking = self.owned.tracking.get(self.cohort.id)
        if self.tracking is None:
            # Closed by a person, or its label taken off: still the cohort's record, found by its author.
            found = self.owned.recent_of(self.cohort.id, "tracking")
            self.tracking = found[0][1] if found else None
        state = (read_state(self.tracking.body) if self.tracking else None) or self.rebuild()
        state = self.rekey(state)
        state = self.adopt_open_checkins(state)
        self.state = self.record_closed(state)

    def rebuild(self) -> TrackingState:
        """Recover the record from the cohort's own issues (first run, or a mangled record)."""
        state = TrackingState()
        by_period = {p.key: p for p in self.calendar.periods}
        if self.owned.recent_since is not None and self.cohort.start >= self.owned.recent_since:
            # Everything this cohort could have is recent, so already listed: at a thousand new
            # cohorts a listing each would spend the token's whole hour on the first day.
            issues = [
                i
                for i in self.owned.recent.values()
                if self.labels[1] in i.labels or self.cohort.id in i.body
            ]
        else:
            issues = self.reader.list_issues([self.own, self.labels[1]], "all")
        for issue in sorted(issues, key=lambda i: i.number):
            checkin = first_marker(issue.body, "checkin")
            event = first_marker(issue.body, "event")
            tracking = first_marker(issue.body, "tracking")
            if tracking and tracking.get("cohort") == self.cohort.id and self.tracking is None:
                self.tracking = issue  # closed by a person: reopened, never opened twice
                recorded = read_state(issue.body)
                if recorded is not None:  # what it remembers, then what the issues add to it
                    state = TrackingState(
                        {**state.checkins, **recorded.checkins}, {**state.events, **recorded.events}
                    )
            if checkin and checkin.get("cohort") == self.cohort.id and checkin.get("period") in by_period:
                period = by_period[checkin.get("period") or ""]
                if period.key not in state.checkins:
                    state = state.with_checkin(self.finished_record(period, issue))
            elif event and event.get("cohort") == self.cohort.id and event.get("event"):
                state = state.with_event(event.get("event") or "", issue.number)
        return state

    def adopt_open_checkins(self, state: TrackingState) -> TrackingState:
        """Check-ins and events the record does not know: opened by a run that stopped before
        updating it, closed since, unlabelled by a person, or left out of an edited record."""
        candidates = [
            (mark, issue)
            for issue in self.owned.checkins.values()
            if (mark := first_marker(issue.body, "checkin")) is not None
            and mark.get("cohort") == self.cohort.id
        ]
        candidates += self.owned.recent_of(self.cohort.id, "checkin")
        for mark, issue in sorted(candidates, key=lambda pair: pair[1].number):
            self.seen[issue.number] = issue
            period = self.period_of_marker(mark.get("period") or "", issue)
            if period is not None and period.key not in state.checkins:
                state = state.with_checkin(self.finished_record(period, issue))
        for (cohort_id, event_id), issue in self.owned.events.items():
            if cohort_id == self.cohort.id and event_id not in state.events:
                state = state.with_event(event_id, issue.number)
        for mark, issue in self.owned.recent_of(self.cohort.id, "event"):
            if mark.get("event") and mark.get("event") not in state.events:
                state = state.with_event(mark.get("event") or "", issue.number)
        return state

    def rekey(self, state: TrackingState) -> TrackingState:
        """Records keyed by the period whose window holds them now: a meeting moved to another
        weekday (or a new cadence) moves the due dates, never the check-ins already opened."""
        moved: dict[str, CheckinRecord] = {}
        for record in state.ordered():
            try:
                period = self.calendar.period_for(date.fromisoformat(record.period))
            except ValueError:
                period = None
            if period is not None and period.key != record.period:
                record = replace(record, period=period.key, number=period.number, week=period.week)
            moved.setdefault(record.period, record)
        return replace(state, checkins=moved) if moved != state.checkins else state

    def period_of_marker(self, raw: str, issue: IssueInfo) -> Period | None:
        """The period a check-in issue belongs to: the window holding its marker's date.

        A window, not an exact date, so moving the meeting day keeps every
        check-in where it was. GitHub's creation time overrules a marker a person
        edited: a check-in is never opened before its period, so one created
        before the period its marker names belongs to the period it was created in.
        """
        try:
            period = self.calendar.period_for(date.fromisoformat(raw))
        except ValueError:
            period = None
        created = _day(issue.created)
        if created is not None and (period is None or created < period.opens):
            period = self.calendar.period_for(created) or period
        return period

    def record_closed(self, state: TrackingState) -> TrackingState:
        """Outcomes from GitHub: the listings' issues first, one GET only for an issue neither held."""
        mentees = {m.person for m in self.cohort.mentees}
        for record in state.ordered():
            issue = self.seen.get(record.issue) or self.owned.recent.get(record.issue)
            if issue is None and record.outcome in ("open", "missed"):
                issue = self._fetch(record)
                if issue is None:
                    state = state.with_checkin(replace(record, outcome="not held"))
                    continue
            if issue is None:
                continue
            self.seen[record.issue] = issue
            if issue.state == "closed":
                by_tool = (issue.closed_by or "").lower() == self.options.bot_login.lower()
                outcome = record.outcome if by_tool and record.outcome == "missed" else None
                # Also a check-in closed long ago whose boxes were ticked since (it shows as updated).
                state = state.with_checkin(
                    replace(
                        record,
                        outcome=outcome or outcome_of(issue.state, issue.state_reason, False, by_tool),
                        attended=ticked(issue.body, mentees),
                        closed_by=issue.closed_by,
                    )
                )
        return state

    def _fetch(self, record: CheckinRecord) -> IssueInfo | None:
        """One check-in by number; None once GitHub says it was deleted or moved elsewhere."""
        from github import GithubException

        try:
            issue = self.reader.get_issue(record.issue)
        except GithubException as exc:
            if exc.status in (404, 410):
                self.notes.append(
                    f"check-in {record.number} (#{record.issue}) was deleted; counted as not held"
                )
                return None
            raise
        if issue.url and f"/{self.owned.repository}/" not in issue.url and self.owned.repository:
            self.notes.append(
                f"check-in {record.number} (#{record.issue}) was transferred; counted as not held"
            )
            return None
        return issue

    def finished_record(self, period: Period, issue: IssueInfo) -> CheckinRecord:
        late = overdue(period, self.today, self.grace)
        return record_of(period, issue, late, self.options.bot_login, {m.person for m in self.cohort.mentees})
