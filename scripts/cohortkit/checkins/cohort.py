"""One cohort's writes in a run: check-ins and events opened, missed ones noted, what is over closed, its tracking issue kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from cohortkit.checkins.record import CohortReading
from cohortkit.checkins.tracking import (
    CheckinRecord,
    TrackingState,
    attendance,
    cohort_status,
    reached_week,
    ticked,
    write_state,
)
from cohortkit.github.issue_text import fit_body, render
from cohortkit.github.labels import STATUS_LABELS
from cohortkit.github.markers import marker
from cohortkit.github.values import IssueInfo
from cohortkit.github.writers import wording_of
from cohortkit.program.calendar import Period, ScheduledEvent, overdue
from cohortkit.program.pages import cohort_url


class CohortRun(CohortReading):
    """One cohort's share of a run: the steps run_checkins takes for it, in turn."""

    # People

    def mentors(self) -> list[str]:
        """Active mentors who are not away: they get assigned."""
        found = []
        for membership in self.cohort.active_mentors:
            person = self.model.person(membership.person)
            if person is None or person.away_until is None or person.away_until <= self.today:
                found.append(membership.person)
        return found

    def mentees(self) -> list[str]:
        return [m.person for m in self.cohort.active_mentees]

    # The run, in steps that run_checkins takes for every cohort in turn (prepare() reads the record)

    def urgency(self) -> tuple[date, str]:
        """Earliest first: the check-in whose meeting is nearest (or already past) opens first."""
        waiting = [p.due for p in self.due_now() if self.state is None or p.key not in self.state.checkins]
        return (min(waiting, default=date.max), self.cohort.id)

    def due_now(self) -> list[Period]:
        if self.cohort.status != "active":
            return []
        return self.calendar.due_periods(self.today, self.grace)

    def open_checkins(self) -> None:
        if self.cohort.status == "active":
            self.state = self.open_due_checkins(self._state())

    def mark_missed(self) -> None:
        self.state = self.note_missed(self._state())

    def track(self) -> None:
        self.close_when_over()
        self.update_tracking(self.tracking, self._state())
        self.tracked = True

    def open_events(self) -> None:
        if self.cohort.status == "active":
            state = self.open_due_events(self._state())
            if state != self.state:
                self.state = state
                self.update_tracking(self.tracking, state)  # record the events' issues
        self.close_past_events()

    def close_when_over(self) -> None:
        """Once the cohort is over (and its last grace run out), check-ins still open close
        as not planned; the record keeps them as missed, which is what they were."""
        if not (
            self.cohort.status in ("completed", "cancelled")
            or self.today > self.cohort.end + timedelta(days=self.grace)
        ):
            return
        for record in self._state().ordered():
            issue = self.seen.get(record.issue)
            if issue is None or issue.state != "open":
                continue
            self.writer.edit_issue(
                self.cohort.id,
                issue.number,
                f"check-in {record.number}",
                state="closed",
                state_reason="not_planned",
            )
            self.seen[record.issue] = replace(
                issue, state="closed", state_reason="not_planned", closed_by=self.options.bot_login
            )
            if record.outcome == "open":
                self.state = self._state().with_checkin(replace(record, outcome="missed"))
            self.done.append(
                f"{wording_of(self.writer).closed} check-in {record.number} (the cohort is over)"
            )

    def close_past_events(self) -> None:
        """An event's issue closes once the event is over (its day and the grace after it)."""
        by_id = {e.event.id: e for e in self.calendar.events}
        for (cohort_id, event_id), issue in self.owned.events.items():
            scheduled = by_id.get(event_id)
            if cohort_id != self.cohort.id or issue.state != "open" or scheduled is None:
                continue
            if self.today > scheduled.day + timedelta(days=self.grace):
                self.writer.edit_issue(
                    self.cohort.id,
                    issue.number,
                    scheduled.event.name,
                    state="closed",
                    state_reason="completed",
                )
                self.done.append(f"{wording_of(self.writer).closed} {scheduled.event.name} (it is over)")

    def left_over(self) -> str:
        """What this cohort still waits for, in words; empty if nothing."""
        if self.state is None:
            return f"{self.cohort.id}: not read yet"
        waiting = [p for p in self.due_now() if p.key not in self.state.checkins]
        parts = [f"check-in {p.number} (due {p.due})" for p in waiting]
        if not self.tracked:
            parts.append("its tracking issue")
        return f"{self.cohort.id}: " + ", ".join(parts) if parts else ""

    def _state(self) -> TrackingState:
        assert self.state is not None, "prepare() comes first"
        return self.state

    def note_missed(self, state: TrackingState) -> TrackingState:
        for record in state.ordered():
            issue = self.seen.get(record.issue)
            if issue is None or issue.state != "open":
                continue
            late = overdue(self.period_of(record), self.today, self.grace)
            record = replace(record, attended=ticked(issue.body, {m.person for m in self.cohort.mentees}))
            if late and not record.missed_noted:
                if "missed" not in issue.labels:
                    # Comment first, label second: a label already there means the comment is too.
                    mark = marker("missed", cohort=self.cohort.id, period=record.period)
                    body = render(
                        "missed.md.j2",
                        period=self.period_of(record),
                        grace=self.grace,
                        mentors=self.mentors(),
                        marker=mark.text(),
                    )
                    # The check-in's author is the tool: only its own comment carries the marker that counts.
                    self.writer.comment_once(self.cohort.id, issue.number, body, mark, author=issue.author)
                    self.writer.add_labels(self.cohort.id, issue.number, ["missed"])
                    self.done.append(f"{wording_of(self.writer).marked} check-in {record.number} missed")
                record = replace(record, missed_noted=True)
            state = state.with_checkin(replace(record, outcome="missed" if late else "open"))
        return state

    def open_due_checkins(self, state: TrackingState) -> TrackingState:
        all_periods = self.calendar.periods
        state = self.record_not_opened(state)
        for period in self.calendar.due_periods(self.today, self.grace):
            if period.key in state.checkins:
                continue
            previous = [r.issue for r in state.ordered() if r.period < period.key]
            mark = marker("checkin", cohort=self.cohort.id, period=period.key)
            title = f"{period.due} · {self.cohort.title} · check-in {period.number} (week {period.week})"
            body = render(
                "checkin.md.j2",
                cohort=self.cohort,
                period=period,
                total=len(all_periods),
                weeks=self.calendar.weeks,
                meeting_local=self.meeting_text(period.due, local=True),
                meeting_utc=self.meeting_text(period.due, local=False),
                mentees=self.mentees(),
                previous=previous[-1] if previous else None,
                cohort_url=self.cohort_url(),
                marker=mark.text(),
                late=self.today > period.due,
            )
            number = self.writer.open_issue(
                self.cohort.id,
                f"check-in {period.number}",
                title[:256],
                body,
                [*self.labels, "check-in"],
                self.mentors(),
                mark,
            )
            state = state.with_checkin(CheckinRecord(period.key, period.number, period.week, number))
            self.done.append(f"{wording_of(self.writer).opened} check-in {period.number}")
        return state

    def record_not_opened(self, state: TrackingState) -> TrackingState:
        """Periods the tool should have opened and never could (past their grace, no issue):
        recorded as "not opened", which the progress and the site tell from "missed" by the
        cohort. Periods from before the tool's first check-in for the cohort are not its own."""
        first = min(state.checkins, default=None)
        if first is None:
            return state
        for period in self.calendar.periods:
            if (
                period.key > first
                and period.key not in state.checkins
                and overdue(period, self.today, self.grace)
            ):
                state = state.with_checkin(
                    CheckinRecord(period.key, period.number, period.week, 0, "not opened")
                )
                self.notes.append(
                    f"check-in {period.number} (due {period.due}) was never opened in time; recorded as not opened"
                )
        return state

    def open_due_events(self, state: TrackingState) -> TrackingState:
        for scheduled in self.calendar.events:
            if scheduled.event.id in state.events:
                continue
            if not scheduled.opens <= self.today <= scheduled.day + timedelta(days=self.grace):
                continue
            people = self.event_people(scheduled)
            mark = marker("event", cohort=self.cohort.id, event=scheduled.event.id)
            title = f"{scheduled.day} · {self.cohort.title} · {scheduled.event.name}"
            body = render(
                "event.md.j2",
                cohort=self.cohort,
                event=scheduled.event,
                scheduled=scheduled,
                people=people,
                cohort_url=self.cohort_url(),
                marker=mark.text(),
            )
            assignees = [p for p in people if p in self.mentors()] or self.mentors()
            number = self.writer.open_issue(
                self.cohort.id,
                scheduled.event.name,
                title[:256],
                body,
                [*self.labels, "program-event"],
                assignees,
                mark,
            )
            state = state.with_event(scheduled.event.id, number)
            self.done.append(f"{wording_of(self.writer).opened} {scheduled.event.name}")
        return state

    def update_tracking(self, tracking: IssueInfo | None, state: TrackingState) -> None:
        records = state.ordered()
        completed = self.cohort.status in ("completed", "cancelled")
        status = cohort_status(records, has_mentor=bool(self.mentors()), completed=completed)
        counts = {
            outcome: sum(1 for r in records if r.outcome == outcome)
            for outcome in ("held", "not held", "missed", "open", "not opened")
        }
        mark = marker("tracking", cohort=self.cohort.id)
        context = {
            "cohort": self.cohort,
            "status": status,
            "records": records,
            "counts": counts,
            "reached": reached_week(records),
            "weeks": self.calendar.weeks,
            "attendance": attendance(records, [m.person for m in self.cohort.mentees]),
            "cohort_url": self.cohort_url(),
            "marker": mark.text(),
            "state": write_state(state),
        }
        body = fit_body(
            lambda shown: render(
                "tracking.md.j2",
                shown=records[len(records) - shown :],
                hidden=len(records) - shown,
                **context,
            ),
            len(records),
        )
        if tracking is None:
            title = f"Progress: {self.cohort.title}"[:256]
            labels = [*self.labels, "tracking", status]
            number = self.writer.open_issue(self.cohort.id, "tracking issue", title, body, labels, [], mark)
            self.done.append(f"{wording_of(self.writer).opened} tracking issue ({status})")
            # Later steps of this run edit this issue; they must not open another.
            self.tracking = IssueInfo(number, title, body, "open", None, tuple(labels), (), "", None, "")
            return
        keep = [label for label in tracking.labels if label not in STATUS_LABELS]
        labels = sorted({*keep, *self.labels, "tracking", status})
        changes: dict[str, Any] = {}
        if tracking.body != body:
            changes["body"] = body
        if sorted(tracking.labels) != labels:
            changes["labels"] = labels
        # Closed when the cohort is over (its data says so, or its end date has passed); reopened
        # if a person closed it while the cohort still runs, since it is the record mentors read.
        over = completed or self.today > self.cohort.end
        if over and tracking.state != "closed":
            changes["state"] = "closed"
            changes["state_reason"] = "completed"
        elif not over and tracking.state == "closed":
            changes["state"] = "open"
        if changes:
            self.writer.edit_issue(self.cohort.id, tracking.number, "tracking issue", **changes)
            self.tracking = replace(tracking, body=body, labels=tuple(labels))
            self.done.append(
                f"{wording_of(self.writer).updated} tracking issue ({status})"
                + (f", {wording_of(self.writer).closed} it" if changes.get("state") == "closed" else "")
            )

    # Helpers

    def period_of(self, record: CheckinRecord) -> Period:
        due = date.fromisoformat(record.period)
        return Period(self.cohort.id, record.number, due, due, due, record.week, None)

    def event_people(self, scheduled: ScheduledEvent) -> list[str]:
        people: list[str] = []
        for audience in scheduled.event.audience:
            if audience == "mentor":
                people += self.mentors()
            elif audience == "mentee":
                people += self.mentees()
            elif audience == "representative" and self.cohort.representative:
                people.append(self.cohort.representative)
        return list(dict.fromkeys(people))

    def meeting_text(self, day: date, local: bool) -> str:
        """The meeting on `day`, in the cohort's time zone or in UTC (which may be another day)."""
        meeting = self.calendar.meeting_time(day)
        if meeting is None:
            return ""
        if local:
            return f"{meeting.start:%A %H:%M} {meeting.timezone}"
        return f"{meeting.utc_weekday.capitalize()} {meeting.utc_start} UTC"

    def cohort_url(self) -> str:
        return cohort_url(self.options.site_url, self.cohort.id)
