"""Open each active cohort's check-ins on time and keep its tracking issue current.

One run:
1. lists the tool's open issues once (they carry the owner label);
2. per cohort, reads its record from its open tracking issue (rebuilding it
   from the cohort's issues only when it is missing or was mangled);
3. records check-ins that mentors closed since the last run (one GET each);
4. marks open check-ins past their grace as missed (one comment, one label);
5. opens the check-ins and program-event issues now due;
6. rewrites the tracking issue when its table or status changed.

Each cohort's share is a CohortRun (cohort.py), which first reads the
cohort's record back (record.py); what a run works with is in context.py.

Deciding never depends on whether writes are real: a `Writer` either performs
them on GitHub or, for --dry-run, records them as a plan. Each write is
idempotent through the hidden markers (see markers.py and github_client.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from cohortkit.checkins.cohort import CohortRun
from cohortkit.checkins.context import OwnedIssues, Reader, RunOptions, Writer
from cohortkit.data.model import Model
from cohortkit.github.budget import OutOfBudget
from cohortkit.github.failures import describe_refusal
from cohortkit.github.labels import cohort_label, owner_label
from cohortkit.github.writers import wording_of


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


def _isolated(run: CohortRun, step: Callable[[CohortRun], None], name: str) -> None:
    """One cohort's step; GitHub refusing it (a locked, deleted or moved issue, an oversized body)
    stops that cohort's run, never the others'."""
    from github import GithubException

    try:
        step(run)
    except GithubException as exc:
        run.failed = f"{name}: {describe_refusal(exc)}"
