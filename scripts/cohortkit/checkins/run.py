"""Open each active cohort's check-ins on time and keep its tracking issue current.

One run:
1. lists the tool's open issues once (they carry the owner label);
2. per cohort, reads its record from its open tracking issue (rebuilding it
   from the cohort's issues only when it is missing or was mangled);
3. records check-ins that mentors closed since the last run (one GET each);
4. marks open check-ins past their grace as missed (one comment, one label);
5. opens the check-ins and program-event issues now due;
6. rewrites the tracking issue when its table or status changed.

Deciding never depends on whether writes are real: a `Writer` either performs
them on GitHub or, for --dry-run, records them as a plan. Each write is
idempotent through the hidden markers (see markers.py and github_client.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Protocol

from cohortkit.checkins.tracking import (
    CheckinRecord,
    TrackingState,
    attendance,
    cohort_status,
    outcome_of,
    reached_week,
    read_state,
    ticked,
    write_state,
)
from cohortkit.data.model import Cohort, Model, Program
from cohortkit.github.budget import OutOfBudget
from cohortkit.github.client import IssueInfo, describe_refusal
from cohortkit.github.issue_text import fit_body, render
from cohortkit.github.labels import STATUS_LABELS, cohort_label, owner_label, program_label
from cohortkit.github.markers import Marker, first_marker, marker
from cohortkit.github.writers import IssueLister, IssueOpener, wording_of
from cohortkit.program.calendar import CohortCalendar, Period, ScheduledEvent, overdue
from cohortkit.program.pages import cohort_url


class Reader(IssueLister, Protocol):
    def get_issue(self, number: int) -> IssueInfo: ...
    def list_comments(self, number: int) -> list[Any]: ...


class Writer(IssueOpener, Protocol):
    def comment_once(self, cohort: str, number: int, body: str, mark: Marker, author: str = "") -> None: ...
    def add_labels(self, cohort: str, number: int, labels: list[str]) -> None: ...
    def edit_issue(self, cohort: str, number: int, what: str, **changes: Any) -> None: ...


@dataclass
class OwnedIssues:
    """The tool's open issues, by what their marker says they are."""

    # cohort label -> cohort id: finds a tracking issue whose body (and marker) someone replaced
    cohort_of_label: dict[str, str] = field(default_factory=dict)
    repository: str = ""  # owner/name, to tell an issue transferred elsewhere
    checkins: dict[tuple[str, str], IssueInfo] = field(default_factory=dict)
    events: dict[tuple[str, str], IssueInfo] = field(default_factory=dict)
    tracking: dict[str, IssueInfo] = field(default_factory=dict)
    # Later issues with the marker of an earlier one: two runs raced (see run_checkins).
    duplicates: list[IssueInfo] = field(default_factory=list)
    # The tool's own recent issues in any state, by number, whatever their labels: a check-in
    # closed before the record knew it, or one a person took the label off, is still found.
    recent: dict[int, IssueInfo] = field(default_factory=dict)
    recent_since: date | None = None  # the day from which `recent` holds every one of the tool's issues

    def recent_of(self, cohort_id: str, kind: str) -> list[tuple[Marker, IssueInfo]]:
        found = []
        for issue in self.recent.values():
            mark = first_marker(issue.body, kind)
            if mark is not None and mark.get("cohort") == cohort_id:
                found.append((mark, issue))
        return sorted(found, key=lambda pair: pair[1].number)

    def add(self, issue: IssueInfo) -> None:
        """Add issues oldest first: the oldest of any duplicates is the one kept."""
        if "tracking" in issue.labels and first_marker(issue.body, "tracking") is None:
            labels = [label for label in issue.labels if label in self.cohort_of_label]
            if labels:
                self._keep(self.tracking, self.cohort_of_label[labels[0]], issue)
            return
        for kind in ("checkin", "event", "tracking"):
            found = first_marker(issue.body, kind)
            if found is None or not found.get("cohort"):
                continue
            cohort = found.get("cohort") or ""
            if kind == "checkin":
                self._keep(self.checkins, (cohort, found.get("period") or ""), issue)
            elif kind == "event":
                self._keep(self.events, (cohort, found.get("event") or ""), issue)
            else:
                self._keep(self.tracking, cohort, issue)
            return

    def _keep(self, into: dict[Any, IssueInfo], key: Any, issue: IssueInfo) -> None:
        if key in into:
            self.duplicates.append(issue)
        else:
            into[key] = issue


@dataclass(frozen=True)
class RunOptions:
    today: date
    site_url: str = ""
    # Who the tool's issues are by (the workflow token's bot); its recent issues are listed by creator.
    bot_login: str = "github-actions[bot]"


def run_checkins(
    model: Model, reader: Reader, writer: Writer, options: RunOptions, log: Callable[[str], None]
) -> RunReport:
    """Bring every cohort's issues up to date, most urgent work first, within the run's budget."""
    owned = OwnedIssues(
        cohort_of_label={cohort_label(c.id).name: c.id for c in model.cohorts.values()},
        repository=str(getattr(reader, "full_name", "")),
    )
    for issue in sorted(reader.list_issues([owner_label()], "open"), key=lambda i: i.number):
        owned.add(issue)
    if options.bot_login:
        # Long enough to hold every period still within its grace (the longest cadence, 28 days).
        since = options.today - timedelta(
            days=28 + max((p.checkin_grace_days for p in model.programs.values()), default=3) + 1
        )
        for issue in reader.list_issues(
            (), "all", creator=options.bot_login, since=f"{since.isoformat()}T00:00:00Z"
        ):
            owned.recent[issue.number] = issue
        # The tool's open issues but none of its own recent ones: --bot-login names someone else,
        # so the creator listing proves nothing and each cohort is rebuilt from its own listing.
        owned.recent_since = since if owned.recent or not (owned.tracking or owned.checkins) else None
    for duplicate in owned.duplicates:
        # Two runs started together can both open an issue; the workflow's
        # concurrency group prevents it, and this settles it if it happens anyway.
        # The owner label goes, so no later listing counts the duplicate.
        labels = [label for label in duplicate.labels if label != owner_label()]
        writer.edit_issue(
            "", duplicate.number, "duplicate", state="closed", state_reason="not_planned", labels=labels
        )
        log(
            f"{wording_of(writer).closed} #{duplicate.number}: a duplicate of an issue opened by a simultaneous run"
        )
    cohorts = [
        c
        for c in sorted(model.cohorts.values(), key=lambda c: c.id)
        if (c.status == "active" or c.id in owned.tracking) and c.program in model.programs
    ]
    runs = [
        CohortRun(model, cohort, model.programs[cohort.program], owned, reader, writer, options)
        for cohort in cohorts
    ]
    report = RunReport(len(runs))
    # The most urgent work first, for every cohort, before anything less urgent for any:
    # a run that must stop (GitHub's limits, the job's time) stops having done what matters.
    phases: list[tuple[str, Callable[[CohortRun], None]]] = [
        ("read", CohortRun.prepare),
        ("open check-ins", CohortRun.open_checkins),
        ("note missed", CohortRun.mark_missed),
        ("tracking", CohortRun.track),
        ("events", CohortRun.open_events),
    ]
    try:
        for name, step in phases:
            ordered = sorted(runs, key=CohortRun.urgency) if name == "open check-ins" else runs
            for run in ordered:
                if run.failed is None:
                    _isolated(run, step, name)
    except OutOfBudget as stop:
        report.stopped = str(stop)
    for index, run in enumerate(runs, start=1):
        if run.failed:
            report.failed.append((run.cohort.id, run.failed))
            log(f"[{index}/{len(runs)}] {run.cohort.id}: could not be brought up to date: {run.failed}")
        else:
            log(f"[{index}/{len(runs)}] {run.cohort.id}: {', '.join(run.done) or 'nothing to do'}")
        report.notes.extend(f"{run.cohort.id}: {note}" for note in run.notes)
    report.notes.extend(getattr(writer, "notes", ()))
    if report.stopped:
        report.left = [left for run in runs if (left := run.left_over())]
    return report


@dataclass
class RunReport:
    """What a run did not finish, and why; the next run picks it up."""

    cohorts: int
    stopped: str = ""  # why the run stopped early (its budget), if it did
    left: list[str] = field(default_factory=list)  # per cohort, what waits for the next run
    failed: list[tuple[str, str]] = field(default_factory=list)  # cohorts GitHub refused, and why
    notes: list[str] = field(default_factory=list)  # done, but someone should know (an assignee left out)

    @property
    def ok(self) -> bool:
        return not self.failed


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def _isolated(run: CohortRun, step: Callable[[CohortRun], None], name: str) -> None:
    """One cohort's step; GitHub refusing it (a locked, deleted or moved issue, an oversized body)
    stops that cohort's run, never the others'."""
    from github import GithubException

    try:
        step(run)
    except GithubException as exc:
        run.failed = f"{name}: {describe_refusal(exc)}"


class CohortRun:
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

    # The run

    # The run, in steps that run_checkins takes for every cohort in turn

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

    def finished_record(self, period: Period, issue: IssueInfo) -> CheckinRecord:
        late = overdue(period, self.today, self.grace)
        return CheckinRecord(
            period=period.key,
            number=period.number,
            week=period.week,
            issue=issue.number,
            outcome=outcome_of(
                issue.state,
                issue.state_reason,
                late,
                (issue.closed_by or "").lower() == self.options.bot_login.lower(),
            ),
            attended=ticked(issue.body, {m.person for m in self.cohort.mentees}),
            closed_by=issue.closed_by,
            missed_noted="missed" in issue.labels,
        )
