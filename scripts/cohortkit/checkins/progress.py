"""Read the tool's issues back into a progress snapshot the site renders.

Everything comes from one listing of the tool's issues (open and closed):
issue state and state_reason, the missed label, ticked attendance boxes and
who closed it. An issue someone edited out of shape (marker gone, cohort
unknown, boxes removed) becomes a warning in the snapshot, never a crash.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cohortkit.checkins.tracking import (
    CheckinRecord,
    attendance,
    cohort_status,
    reached_week,
    read_state,
    record_of,
    ticked,
)
from cohortkit.data.model import Model
from cohortkit.github.markers import first_marker
from cohortkit.github.values import IssueInfo
from cohortkit.program.calendar import CohortCalendar, overdue

SNAPSHOT_VERSION = 1


def build_snapshot(
    model: Model,
    issues: list[IssueInfo],
    today: date,
    repo: str,
    commenters: dict[int, list[str]] | None = None,
    bot_login: str = "github-actions[bot]",
) -> dict[str, Any]:
    """`commenters` maps issue numbers to who commented, for the issues that have comments."""
    commenters = commenters or {}
    warnings: list[str] = []
    cohorts: dict[str, dict[str, Any]] = {}
    by_cohort: dict[str, list[IssueInfo]] = {}
    for issue in issues:
        marks = [first_marker(issue.body, kind) for kind in ("checkin", "event", "tracking")]
        found = next((m for m in marks if m is not None), None)
        if found is None:
            warnings.append(f"#{issue.number}: no cohortkit marker (was the body edited?); left out")
            continue
        cohort_id = found.get("cohort") or ""
        if cohort_id not in model.cohorts:
            warnings.append(f"#{issue.number}: cohort {cohort_id!r} is not in the data; left out")
            continue
        by_cohort.setdefault(cohort_id, []).append(issue)
    for cohort_id, own in sorted(by_cohort.items()):
        cohort = model.cohorts[cohort_id]
        program = model.programs.get(cohort.program)
        grace = program.checkin_grace_days if program else 3
        calendar = CohortCalendar(cohort, program)
        scheduled = {p.key: p for p in calendar.periods}
        mentees = {m.person for m in cohort.mentees}
        members = mentees | {m.person for m in cohort.mentors}
        records: list[CheckinRecord] = []
        checkins: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        tracking: IssueInfo | None = None
        for issue in sorted(own, key=lambda i: i.number):
            checkin = first_marker(issue.body, "checkin")
            event = first_marker(issue.body, "event")
            if checkin:
                period = scheduled.get(checkin.get("period") or "")
                if period is None:
                    warnings.append(
                        f"#{issue.number}: period {checkin.get('period')!r} is not one of {cohort_id}'s; left out"
                    )
                    continue
                record = record_of(period, issue, overdue(period, today, grace), bot_login, mentees)
                if "- [" not in issue.body and mentees:
                    warnings.append(f"#{issue.number}: the attendance checklist is gone (body edited?)")
                records.append(record)
                checkins.append(
                    {
                        "number": record.number,
                        "period": record.period,
                        "week": record.week,
                        "issue": issue.number,
                        "url": issue.url,
                        "state": issue.state,
                        "state_reason": issue.state_reason,
                        "outcome": record.outcome,
                        "missed_label": "missed" in issue.labels,
                        "attended": list(record.attended),
                        "closed_by": issue.closed_by,
                        "comments": issue.comments,
                        "commenters": sorted(set(commenters.get(issue.number, []))),
                    }
                )
            elif event:
                events.append(
                    {
                        "event": event.get("event"),
                        "issue": issue.number,
                        "url": issue.url,
                        "state": issue.state,
                        # Who took part, as ticked (also after the issue was closed): `cohortkit attendance` reads it.
                        "attended": list(ticked(issue.body, members)),
                    }
                )
            else:
                tracking = issue
        records.sort(key=lambda r: r.period)
        # Periods the tool never opened in time are in its own record (the tracking issue): its gap,
        # which the site tells from a check-in the cohort missed.
        opened = {r.period for r in records}
        recorded = read_state(tracking.body) if tracking else None
        for gap in recorded.ordered() if recorded else ():
            if gap.outcome == "not opened" and gap.period not in opened:
                records.append(gap)
                checkins.append(
                    {"number": gap.number, "period": gap.period, "week": gap.week, "outcome": gap.outcome}
                )
        records.sort(key=lambda r: r.period)
        checkins.sort(key=lambda c: c["period"])
        has_mentor = bool(cohort.active_mentors)
        cohorts[cohort_id] = {
            "status": cohort_status(records, has_mentor, cohort.status in ("completed", "cancelled")),
            "tracking_issue": tracking.number if tracking else None,
            "tracking_url": tracking.url if tracking else None,
            "checkins": checkins,
            "events": events,
            "counts": {
                o: sum(1 for r in records if r.outcome == o)
                for o in ("held", "not held", "missed", "open", "not opened")
            },
            "scheduled": len(scheduled),
            "reached_week": reached_week(records),
            "weeks": calendar.weeks,
            "attendance": attendance(records, sorted(mentees)),
        }
    return {
        "version": SNAPSHOT_VERSION,
        "repo": repo,
        "generated_for": today.isoformat(),
        "cohorts": cohorts,
        "warnings": warnings,
    }
