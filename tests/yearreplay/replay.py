"""A program year, day by day, against the fake GitHub: the people's part and the workflows'.

People act through what GitHub gives them (an issue form, a pull request from a fork,
closing an issue, ticking a box); coordinators merge what the review allows and run
matching by hand, as the match workflow lets them; everything else is a workflow job
(jobs.py), at the hour its cron or its trigger runs it:

    05:17  checkins.yml with labels and health (its daily run); hourly after that
           while a run stopped with work left; 17:17 its evening run
    09:00  coordinators: a term's cohorts when its enrollment opens, cohorts started
           the day before their term, finished cohorts closed with their attendance
    10:00  sign-ups: intake.yml, review.yml, review-comment.yml for each of the day's,
           then merged one by one, each merge followed by welcome.yml; a join whose
           files main changed meanwhile is judged again, and one that now conflicts
           is rebuilt by its author editing the issue (intake.yml again), then merged
    12:00  matching (weekly in each enrollment window, and on its last day), merged
    14:00  mentors close yesterday's check-ins and tick who came; some never do
    15:00  withdrawals, by the mentee's own pull request
    16:00  Tuesdays: a cohort whose mentor went quiet gets one proposed by matching;
           review-rejudge.yml once for the day's newest tip of main
    20:00  Mondays: progress and the site (site.yml); the 1st: metrics; after the
           year, the whole site as `make site` builds it

What the replay decides (who attends, who withdraws) is its ground truth (`Truth`);
audit.py compares cohortkit's final figures with it and reads duplicates and losses
from the fake's state, never from the tool's own record.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from cohortkit.data import yamlwrite
from fakegithub import FakeClock, FakeGitHub, GitHubLimits
from issue_forms import render
from review_repo import run_git

from yearreplay.faults import FaultSchedule
from yearreplay.forms import mentee_answers, mentor_answers
from yearreplay.jobs import BOT, TOKEN, Jobs
from yearreplay.world import COHORT_WEEKS, Mentee, World, cohort_text, write_first_tree


@dataclass
class Truth:
    """What the people did, as the replay decided it."""

    ticks: Counter[tuple[str, str]] = field(
        default_factory=Counter
    )  # (cohort, login): boxes ticked in held check-ins
    withdrawn: set[tuple[str, str]] = field(default_factory=set)
    quiet: set[tuple[str, str]] = field(default_factory=set)  # (cohort, mentor) who stopped closing
    replaced: dict[str, list[str]] = field(
        default_factory=dict
    )  # cohort: mentors matching added for a quiet one
    started: set[str] = field(default_factory=set)  # cohorts that ran
    cancelled: set[str] = field(default_factory=set)
    finished: set[str] = field(default_factory=set)
    signed_up: set[str] = field(default_factory=set)  # people whose sign-up was merged
    rejected: list[str] = field(default_factory=list)  # pull requests the review refused (a finding)
    revoked: tuple[str, str, str] | None = None  # (cohort, login, reason)
    placed: dict[str, set[str]] = field(default_factory=dict)  # started cohort: its mentees on the first day
    mentors_at_end: dict[str, set[str]] = field(
        default_factory=dict
    )  # finished cohort: mentors who completed


@dataclass
class DayUsage:
    day: date
    requests: int
    writes: int
    runs: int  # check-ins runs that day
    busiest_run_seconds: float


@dataclass
class Pending:
    """An open pull request the replay has yet to merge or close."""

    number: int
    branch: str
    head: str
    opener: str
    title: str
    verdict: dict[str, Any] = field(default_factory=dict)
    base_judged: str = ""  # the main tip `verdict` was judged against


class Git:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, *args: str) -> str:
        return run_git(self.path, *args)

    def head(self) -> str:
        return self("rev-parse", "HEAD")


class Replay:
    def __init__(
        self,
        world: World,
        work: Path,
        *,
        faults: bool = True,
        site_every: int = 7,
        log: Callable[[str], None] = print,
    ) -> None:
        self.world = world
        self.work = work
        self.root = work / "repo"
        self.root.mkdir(parents=True)
        self.git = Git(self.root)
        self.log = log
        self.site_every = site_every
        self.truth = Truth()
        self.usage: list[DayUsage] = []
        self.clock = FakeClock(datetime.combine(world.first_day, datetime.min.time(), UTC))
        self.fake = FakeGitHub("acme", "mentoring", clock=self.clock, limits=GitHubLimits())
        self.jobs = Jobs(self.fake, self.clock, self.root, work)
        self.schedule = FaultSchedule(world.size.seed) if faults else None
        self.extra = Counter[str]()  # requests of git/gh steps the fake does not see (pushes, gh pr create)
        self.rng = random.Random(f"{world.size.seed}-replay")
        self.metrics: dict[str, Any] = {}
        self.certificates: list[dict[str, Any]] = []  # `cohortkit certificates --format json` at the end
        self.wall = 0.0
        self.site_builds = 0
        self.main_moved = False  # a merge today: review-rejudge.yml runs for the newest tip
        self.conflicts = 0  # sign-ups that conflicted with one merged before them, and were rebuilt
        self.refilled = 0  # of those, sign-ups whose cohort filled meanwhile: the author chose again
        self.site: Path | None = None  # the year's last site, built as `make site` does
        self.killed_on: date | None = None
        self._mentees = {m.login: m for m in world.mentees}
        self.stopped_runs: list[str] = []  # check-ins runs that stopped with work left, and why
        self.crowded_on: date | None = None
        self._pr = 0

    # --- the clock ---------------------------------------------------------------------

    def at(self, day: date, hour: int, minute: int = 0) -> None:
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC).timestamp()
        if moment > self.clock.time():  # a long run may have carried the clock past it
            self.clock.set(moment)

    # --- the year ------------------------------------------------------------------------

    def run(self) -> None:
        started = time.perf_counter()
        with self.fake:
            self._set_up()
            day = self.world.first_day
            busy = self._busy_days()
            while day <= self.world.last_day:
                self._day(day, busy)
                day += timedelta(days=1)
            self._after_the_year(day)
        self.wall = time.perf_counter() - started

    def _busy_days(self) -> tuple[date, date]:
        """The first meeting days of the first two terms, when every cohort's first check-in and
        tracking issue open: the first gets a killed run, the second (the first again in a one-term
        year) an hour another job of the token has nearly filled."""
        terms = self.world.terms
        return terms[0].cohort_start(), terms[min(1, len(terms) - 1)].cohort_start()

    def _set_up(self) -> None:
        fake = self.fake
        fake.add_user(BOT, type="Bot")
        for login in self.world.coordinators:
            fake.add_collaborator(login, "admin")
        for index, mentor in enumerate(self.world.mentors):
            if index % 10 != 9:  # a few mentors have no write access: assigning them fails, health says so
                fake.add_collaborator(mentor.login, "triage")
        write_first_tree(self.world, self.root)
        self.git("init", "-q", "-b", "main")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "The program, its coordinators and mentors")

    def _day(self, day: date, busy: tuple[date, date]) -> None:
        before = self.fake.usage(TOKEN)
        extra_before = self.extra["requests"], self.extra["writes"]
        if self.schedule is not None and day == busy[1] and self.crowded_on is None:
            self.crowded_on = day
            self._crowd_the_hour(day)  # before the day's faults: the other job is not under test
        if self.schedule is not None:
            self.schedule.arm(self.fake, day)
        runs: list[float] = []
        if self.schedule is not None and day == busy[0] and self.killed_on is None:
            self.killed_on = day
            self.at(day, 5, 17)
            self.jobs.checkins_killed(day, after_writes=5)
        self._checkins(day, 5, daily=True, runs=runs)
        self.at(day, 9)
        self._coordinators(day)
        self.at(day, 10)
        self._sign_ups(day)
        self.at(day, 12)
        self._matching(day)
        self.at(day, 14)
        self._mentors_close(day)
        self.at(day, 15)
        self._withdrawals(day)
        if day.weekday() == 1:
            self.at(day, 16)
            self._replace_quiet_mentors(day)
        if self.main_moved:
            # review-rejudge.yml on the day's pushes to main: runs for an older tip are cancelled
            # by its concurrency group, so one run, for the newest, stands for them.
            self.at(day, 16)
            self.jobs.rejudge(self.git.head(), day)
            self.main_moved = False
        self._checkins(day, 17, daily=False, runs=runs)
        if day.weekday() == 0 and (day - self.world.first_day).days % self.site_every < 7:
            self.at(day, 20)
            self._site(day)
        if day.day == 1:
            self.at(day, 21)
            self._metrics(day)
        after = self.fake.usage(TOKEN)
        self.usage.append(
            DayUsage(
                day,
                after.requests - before.requests + self.extra["requests"] - extra_before[0],
                after.writes - before.writes + self.extra["writes"] - extra_before[1],
                len(runs),
                max(runs, default=0.0),
            )
        )
        if day.day == 1:
            self.log(f"{day}: {len(self.fake.issues(include_pulls=True))} issues and pull requests so far")

    def _checkins(self, day: date, hour: int, *, daily: bool, runs: list[float]) -> None:
        """The workflow's run at `hour`, then hourly while a run stopped with work left."""
        for offset in range(0, 24 - hour):
            self.at(day, hour + offset, 17)
            started = time.perf_counter()
            report = self.jobs.checkins(day, daily=daily and offset == 0)
            runs.append(time.perf_counter() - started)
            if not report.get("stopped"):
                return
            self.stopped_runs.append(f"{day} {hour + offset:02d}:17 {report['stopped']}")

    def _crowd_the_hour(self, day: date) -> None:
        """Another job of the same token spends 495 writes in the half hour before the 05:17 run,
        paced under GitHub's 80 a minute, so that the day's runs meet the hourly limit of 500."""
        self.at(day, 4, 50)
        self.fake.faults.clear()  # yesterday's faults not yet spent would hit this job, which is not under test
        github = self.fake.github(token=TOKEN, retry=None)
        issue = github.get_repo("acme/mentoring").create_issue("Bulk notes from the coordinators' script")
        self.fake.close_issue(issue.number, by="coord-ada")
        spent = self.fake.usage(TOKEN)
        for index in range(494):
            self.clock.advance(0.8)
            issue.create_comment(f"Note {index}")
        spent_now = self.fake.usage(TOKEN)
        # Not cohortkit's: the day's figures are the tool's own (the clock hour keeps them).
        self.extra["requests"] -= spent_now.requests - spent.requests + 1
        self.extra["writes"] -= spent_now.writes - spent.writes + 1
        self.log(f"{self.crowded_on}: 495 writes spent by another job before the 05:17 run")

    # --- reading main ----------------------------------------------------------------------

    def cohort_files(self) -> dict[str, Path]:
        return {path.stem: path for path in (self.root / "cohorts").glob("*/*.yaml")}

    def cohort(self, cohort_id: str) -> dict[str, Any]:
        return yaml.safe_load(self.cohort_files()[cohort_id].read_text(encoding="utf-8"))

    def active(self, doc: dict[str, Any], role: str) -> list[str]:
        return [m["person"] for m in doc.get(role) or [] if m.get("outcome") == "active"]

    # --- pull requests -----------------------------------------------------------------

    def pull_request(
        self, title: str, body: str, author: str, day: date, edit: Callable[[], None], *, by_bot: bool = False
    ) -> bool:
        """A branch made by `edit`, its review and comment, merged if the review allows it."""
        return self._settle(self._open(title, body, author, day, edit, by_bot=by_bot), day)

    def _open(
        self, title: str, body: str, author: str, day: date, edit: Callable[[], None], *, by_bot: bool
    ) -> Pending:
        """pull_request.yml's side: the branch pushed, the pull request opened, reviewed, commented."""
        self._pr += 1
        branch = f"change-{self._pr}"
        base = self.git.head()
        head = self._commit_branch(branch, title, edit)
        opener = BOT if by_bot else author
        if by_bot:  # git push and `gh pr create`, with the workflow's token
            self.extra["requests"] += 2
            self.extra["writes"] += 2
        number = self.fake.add_pull_request(
            title,
            body,
            by=opener,
            head=branch,
            head_sha=head,
            base_sha=base,
            head_repo=None if by_bot or author in self.world.coordinators else f"{author}/mentoring",
        )
        pending = Pending(number, branch, head, opener, title)
        self._review(pending, base, day)
        return pending

    def _commit_branch(self, branch: str, title: str, edit: Callable[[], None]) -> str:
        """`edit` committed on `branch`, made afresh from main (the work tree keeps edits made before)."""
        self.git("checkout", "-q", "-B", branch)
        edit()
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", title)
        head = self.git.head()
        self.git("checkout", "-q", "main")
        return head

    def _review(self, pending: Pending, base: str, day: date) -> dict[str, Any]:
        pending.verdict = self.jobs.review(pending.number, base, pending.head, pending.opener, day)
        pending.base_judged = base
        self.jobs.review_comment(pending.number, pending.head, day)
        return pending.verdict

    def _settle(self, pending: Pending, day: date) -> bool:
        """The coordinator merges what the review, judged against main as it is now, allows."""
        base = self.git.head()
        # Main moved since the review: what review-rejudge.yml would say now, where it could differ.
        stale = pending.base_judged != base and (not pending.base_judged or self._shares_files(pending, base))
        verdict = self._review(pending, base, day) if stale else pending.verdict
        if verdict["verdict"] == "rejected":
            problems = "; ".join(p["message"] for p in verdict["problems"]) or verdict["changes"]
            self.truth.rejected.append(f"{day} #{pending.number} {pending.title}: {problems}")
            self.fake.close_issue(pending.number, by=self.world.coordinators[0], reason="not_planned")
            self.git("branch", "-q", "-D", pending.branch)
            return False
        reviewers = [r for r in verdict["reviewers"] if r in self.world.coordinators] or verdict["reviewers"]
        merger = reviewers[0] if reviewers else self.world.coordinators[0]
        self.fake.merge_pull_request(pending.number, by=merger)
        self.git("merge", "-q", "--no-ff", pending.branch, "-m", f"Merge #{pending.number}: {pending.title}")
        after = self.git.head()
        self.jobs.welcome(base, after, day)
        self.main_moved = True
        return True

    def _shares_files(self, pending: Pending, base: str) -> bool:
        """Whether main changed, since the review, a file the pull request changes (a cohort's seats)."""
        moved = set(self.git("diff", "--name-only", pending.base_judged, base).splitlines())
        changed = set(self.git("diff", "--name-only", f"{pending.base_judged}...{pending.head}").splitlines())
        return bool(moved & changed)

    # --- coordinators -----------------------------------------------------------------------

    def _coordinators(self, day: date) -> None:
        for term in self.world.terms:
            if day == term.spec.opens:
                self._open_term(term, day)
            if day == term.cohort_start() - timedelta(days=3):
                self._start_term(term, day)
            if day == term.cohort_end() + timedelta(days=1):
                self._finish_term(term, day)

    def _open_term(self, term: Any, day: date) -> None:
        folder = self.root / "cohorts" / term.id

        def write() -> None:
            folder.mkdir(parents=True, exist_ok=True)
            for index, cohort_id in enumerate(self.world.cohorts[term.id]):
                (folder / f"{cohort_id}.yaml").write_text(cohort_text(self.world, cohort_id, term, index))

        coordinator = self.world.coordinators[0]
        self.pull_request(f"Cohorts of {term.spec.name}", "The term's cohorts.", coordinator, day, write)

    def _edit_cohorts(self, ids: list[str], change: Callable[[str, Any], None]) -> Callable[[], None]:
        files = self.cohort_files()

        def edit() -> None:
            for cohort_id in ids:
                path = files[cohort_id]
                document = yamlwrite.load(path.read_text(encoding="utf-8"))
                change(cohort_id, document)
                path.write_text(yamlwrite.dump(document), encoding="utf-8")

        return edit

    def _start_term(self, term: Any, day: date) -> None:
        """Cohorts with at least two mentees start; the others are cancelled and say why."""
        minimum = self.world.program["sizes"]["mentees_per_cohort"]["min"]
        ids = self.world.cohorts[term.id]
        placed = {cohort_id: set(self.active(self.cohort(cohort_id), "mentees")) for cohort_id in ids}
        sizes = {cohort_id: len(members) for cohort_id, members in placed.items()}
        self.truth.placed.update({c: m for c, m in placed.items() if len(m) >= minimum})

        def change(cohort_id: str, document: Any) -> None:
            runs = sizes[cohort_id] >= minimum
            document["status"] = "active" if runs else "cancelled"
            document["accepting_mentees"] = False
            if not runs:
                for role in ("mentors", "mentees"):
                    for member in document.get(role) or []:
                        if member["outcome"] == "active":
                            member["outcome"], member["left"] = "withdrawn", day
                            member["note"] = "The cohort was cancelled: too few mentees"
            (self.truth.started if runs else self.truth.cancelled).add(cohort_id)

        self.pull_request(
            f"Start the cohorts of {term.spec.name}",
            "",
            self.world.coordinators[0],
            day,
            self._edit_cohorts(ids, change),
        )

    def _finish_term(self, term: Any, day: date) -> None:
        """The attendance the check-ins show, then each member's outcome, then the cohort completed."""
        ids = [c for c in self.world.cohorts[term.id] if c in self.truth.started]
        if not ids:
            return
        snapshot = self.work / "progress.json"
        self.jobs.progress(day, snapshot)
        coordinator = self.world.coordinators[0]

        def edit() -> None:
            self.jobs.run("attendance", "--root", str(self.root), "--progress", str(snapshot), "--write")
            self._edit_cohorts(ids, outcome)()

        def outcome(cohort_id: str, document: Any) -> None:
            for member in document.get("mentees") or []:
                if member["outcome"] == "active":
                    done = member.get("meetings_attended", 0) >= COHORT_WEEKS // 2
                    member["outcome"] = "completed" if done else "did-not-complete"
                    member["left"] = term.cohort_end()
            for member in document.get("mentors") or []:
                if member["outcome"] == "active":
                    gone = (cohort_id, member["person"]) in self.truth.quiet
                    member["outcome"] = "withdrawn" if gone else "completed"
                    if not gone:
                        self.truth.mentors_at_end.setdefault(cohort_id, set()).add(member["person"])
                    member["left"] = term.cohort_end()
                    if gone:
                        member["note"] = "Stopped answering mid-term; replaced"
            document["status"] = "completed"
            self.truth.finished.add(cohort_id)

        self.pull_request(f"Close the cohorts of {term.spec.name}", "", coordinator, day, edit)

    # --- sign-ups -----------------------------------------------------------------------------

    def _sign_ups(self, day: date) -> None:
        """The day's sign-ups are all opened in the morning, then merged one by one.

        Each intake branch is made from main as it was when its issue came in, so two
        joins of one cohort touch the same lines and the second conflicts once the
        first is merged: the review says so, and its author edits the sign-up issue,
        which runs the intake again on main as it is now.
        """
        pending: list[tuple[Pending, int, str]] = []
        for mentee in (m for m in self.world.mentees if m.signs_up == day):
            wanted = self._cohort_with_a_seat(mentee) if mentee.wants_cohort else ""
            opened = self._open_sign_up(
                mentee.login, render(mentee_answers(mentee.doc, wanted), "mentee"), "mentee", day
            )
            pending += [opened] if opened else []
        for mentor in (m for m in self.world.mentors if m.signs_up == day):
            opened = self._open_sign_up(
                mentor.login, render(mentor_answers(mentor.doc), "mentor"), "mentor", day
            )
            pending += [opened] if opened else []
        for pull, issue, login in pending:
            if self._conflicts(pull, day):
                self.conflicts += 1
                if not self._rebuild_sign_up(pull, issue, login, day):
                    continue
            if self._settle(pull, day):
                self.truth.signed_up.add(login)

    def _open_sign_up(self, login: str, body: str, form: str, day: date) -> tuple[Pending, int, str] | None:
        issue = self.fake.add_issue(f"Sign-up: {form}", body, by=login, labels=["intake"])
        handed = self.jobs.intake(issue, day)
        if handed is None:
            self.truth.rejected.append(f"{day} sign-up of {login} refused by intake")
            return None
        # intake.yml wrote the files into the checkout; the workflow commits them on a branch
        # (the new branch keeps the work tree's changes), pushes and opens the pull request.
        return (
            self._open(handed["title"], handed["body"], login, day, lambda: None, by_bot=True),
            issue,
            login,
        )

    def _conflicts(self, pull: Pending, day: date) -> bool:
        """GitHub's "This branch has conflicts", which the review (and its comment, rejudged) says too."""
        if not self._shares_files(pull, self.git.head()):
            return False
        return any(
            "conflicts with the base branch" in change["reason"]
            for change in self._review(pull, self.git.head(), day)["changes"]
        )

    def _rebuild_sign_up(self, pull: Pending, issue: int, login: str, day: date) -> bool:
        """The author edits the issue as the review asks; the intake rebuilds the branch on main."""
        self.fake.edit_issue(issue, body=self.fake.issue(issue)["body"] + "\n", by=login)
        mentee = next((m for m in self.world.mentees if m.login == login), None)
        # The cohort named may have filled meanwhile: intake then comments (exit 1) naming
        # cohorts with free seats, and the author edits the issue again to take one, or to
        # wait for matching when none is left, as that comment asks.
        handed = self.jobs.intake(issue, day, allowed=(0, 1) if mentee else (0,))
        if handed is None and mentee is not None:
            self.refilled += 1
            answers = mentee_answers(mentee.doc, self._cohort_with_a_seat(mentee))
            self.fake.edit_issue(issue, body=render(answers, "mentee"), by=login)
            handed = self.jobs.intake(issue, day)
        if handed is None:
            self.truth.rejected.append(f"{day} sign-up of {login} refused by intake on its second run")
            return False
        pull.head = self._commit_branch(pull.branch, handed["title"], lambda: None)
        self.fake.push_to_pull_request(pull.number, pull.head)
        self.extra["requests"] += 1  # git push --force, with the workflow's token
        self.extra["writes"] += 1
        pull.base_judged = ""  # pull_request synchronize: reviewed again below, against main
        return True

    def _cohort_with_a_seat(self, mentee: Mentee) -> str:
        for cohort_id in self.world.cohorts[mentee.term]:
            doc = self.cohort(cohort_id) if cohort_id in self.cohort_files() else None
            if (
                doc
                and doc.get("accepting_mentees")
                and len(self.active(doc, "mentees")) < doc["mentee_seats"] - 1
            ):
                return cohort_id
        return ""

    def _sign_up(self, login: str, body: str, form: str, day: date) -> None:
        issue = self.fake.add_issue(f"Sign-up: {form}", body, by=login, labels=["intake"])
        handed = self.jobs.intake(issue, day)
        if handed is None:
            self.truth.rejected.append(f"{day} sign-up of {login} refused by intake")
            return
        # intake.yml wrote the files into the checkout; the workflow commits them on a branch
        # (the new branch keeps the work tree's changes), pushes and opens the pull request.
        if self.pull_request(handed["title"], handed["body"], login, day, lambda: None, by_bot=True):
            self.truth.signed_up.add(login)

    # --- matching ------------------------------------------------------------------------------

    def _matching(self, day: date) -> None:
        for term in self.world.terms:
            opens, closes = term.spec.opens, term.spec.closes
            if opens < day <= closes and ((day - opens).days % 7 == 6 or day == closes):
                self._match(day, term.id, "Matching for " + term.spec.name)

    def _match(self, day: date, term_id: str, title: str, progress: Path | None = None) -> bool:
        args = ["match", "--root", str(self.root), "--term", term_id, "--today", day.isoformat()]
        if progress is not None:
            args += ["--progress", str(progress)]
        proposal = self.jobs.run(*args, "--format", "markdown", allowed=(0, 1))
        before = {p: p.read_bytes() for p in self.cohort_files().values()}
        self.jobs.run(*args, "--write", allowed=(0, 1))
        changed = [p for p, text in before.items() if p.read_bytes() != text]
        if not changed:
            return False
        coordinator = self.world.coordinators[0]
        # match.yml: the work tree's edits become the branch, the explanation the body.
        return self.pull_request(title, proposal.stdout[:60000], coordinator, day, lambda: None, by_bot=True)

    def _replace_quiet_mentors(self, day: date) -> None:
        quiet_cohorts = [
            c for c, _m in self.truth.quiet if c not in self.truth.replaced and c not in self.truth.finished
        ]
        if not quiet_cohorts:
            return
        snapshot = self.work / "progress-match.json"
        self.jobs.progress(day, snapshot)
        for term in self.world.terms:
            mine = [c for c in quiet_cohorts if c in self.world.cohorts[term.id]]
            if not mine:
                continue
            mentors_before = {c: set(self.active(self.cohort(c), "mentors")) for c in mine}
            if self._match(
                day, term.id, f"Mentors for cohorts of {term.spec.name} whose mentor went quiet", snapshot
            ):
                for cohort_id in mine:
                    added = set(self.active(self.cohort(cohort_id), "mentors")) - mentors_before[cohort_id]
                    if added:
                        self.truth.replaced[cohort_id] = sorted(added)

    # --- mentors and mentees -------------------------------------------------------------------

    def _checkin_issues(self, state: str = "open") -> list[dict[str, Any]]:
        return [
            issue
            for issue in self.fake.issues()
            if issue["state"] == state and any(label["name"] == "check-in" for label in issue["labels"])
        ]

    @staticmethod
    def _cohort_of(issue: dict[str, Any]) -> str:
        return next((lb["name"][7:] for lb in issue["labels"] if lb["name"].startswith("cohort:")), "")

    @staticmethod
    def _number_of(issue: dict[str, Any]) -> int:
        return int(issue["title"].rsplit("check-in ", 1)[1].split(" ")[0])

    def _mentors_close(self, day: date) -> None:
        for issue in self._checkin_issues():
            cohort_id = self._cohort_of(issue)
            due = date.fromisoformat(issue["title"][:10])
            if not cohort_id or not due < day <= due + timedelta(days=2):
                continue
            doc = self.cohort(cohort_id)
            mentors = self.active(doc, "mentors")
            number = self._number_of(issue)
            closer = self._who_closes(cohort_id, mentors, number, doc["term"])
            decide = random.Random(f"{self.world.size.seed}-{cohort_id}-{number}-{day}")
            if closer is None or decide.random() > self._closes_chance(closer):
                continue
            body = issue["body"] or ""
            ticked = []
            for login in self.active(doc, "mentees"):
                mentee = self._mentee(login)
                if (
                    mentee is not None
                    and random.Random(f"{self.world.size.seed}-{login}-{number}").random() < mentee.attends
                ):
                    box = f"- [ ] @{login}"
                    if box in body:
                        body = body.replace(box, f"- [x] @{login}", 1)
                        ticked.append(login)
            self.fake.edit_issue(issue["number"], body=body, by=closer)
            self.fake.close_issue(issue["number"], by=closer)
            for login in ticked:
                self.truth.ticks[(cohort_id, login)] += 1

    def _who_closes(self, cohort_id: str, mentors: list[str], number: int, term_id: str) -> str | None:
        for login in mentors:
            mentor = next((m for m in self.world.mentors if m.login == login), None)
            quiet_after = mentor.quiet_after.get(term_id) if mentor else None
            if quiet_after is not None and number > quiet_after:
                self.truth.quiet.add((cohort_id, login))
                continue
            return login
        return None

    def _closes_chance(self, login: str) -> float:
        mentor = next((m for m in self.world.mentors if m.login == login), None)
        return mentor.closes if mentor else 0.9

    def _mentee(self, login: str) -> Mentee | None:
        return self._mentees.get(login)

    def _withdrawals(self, day: date) -> None:
        closed_yesterday = defaultdict(set)
        for issue in self._checkin_issues("closed"):
            closed = issue.get("closed_at") or ""
            if closed[:10] == (day - timedelta(days=1)).isoformat():
                closed_yesterday[self._cohort_of(issue)].add(self._number_of(issue))
        for cohort_id, numbers in closed_yesterday.items():
            if cohort_id not in self.truth.started or cohort_id in self.truth.finished:
                continue
            for login in self.active(self.cohort(cohort_id), "mentees"):
                mentee = self._mentee(login)
                if (
                    mentee
                    and mentee.withdraws_after in numbers
                    and (cohort_id, login) not in self.truth.withdrawn
                ):
                    self._withdraw(cohort_id, login, day)

    def _withdraw(self, cohort_id: str, login: str, day: date) -> None:
        def change(_cohort_id: str, document: Any) -> None:
            for member in document["mentees"]:
                if member["person"] == login and member["outcome"] == "active":
                    member["outcome"], member["left"] = "withdrawn", day
                    member["note"] = "No longer has the time this term"

        if self.pull_request(
            f"{login} leaves {cohort_id}", "", login, day, self._edit_cohorts([cohort_id], change)
        ):
            self.truth.withdrawn.add((cohort_id, login))

    # --- the site and the metrics ------------------------------------------------------------

    def _site(self, day: date) -> None:
        snapshot = self.work / "progress-site.json"
        self.jobs.progress(day, snapshot)
        out = self.work / "site-pages"
        self.jobs.run(
            "site",
            "build-pages",
            "--root",
            str(self.root),
            "--out",
            str(out),
            "--progress",
            str(snapshot),
            "--today",
            day.isoformat(),
        )
        self.site_builds += 1

    def _whole_site(self, day: date) -> None:
        """The year's last site as `make site` builds it: pages, PDFs, then MkDocs, strict."""
        snapshot = self.work / "progress-site.json"
        pages = self.root / "build" / "docs"
        self.jobs.run(
            "site", "build-pages", "--root", str(self.root), "--out", str(pages),
            "--progress", str(snapshot), "--pdfs", "--today", day.isoformat(),
        )  # fmt: skip
        self.site = self.work / "site"
        built = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(self.site)],
            cwd=self.root, capture_output=True, text=True, check=False,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )  # fmt: skip
        if built.returncode != 0:
            self.jobs.failures.append(f"{day} mkdocs build exited {built.returncode}: {built.stderr[-600:]}")

    def _metrics(self, day: date) -> None:
        snapshot = self.work / "progress-metrics.json"
        self.jobs.progress(day, snapshot)
        done = self.jobs.run(
            "metrics",
            "--root",
            str(self.root),
            "--format",
            "json",
            "--progress",
            str(snapshot),
            "--today",
            day.isoformat(),
        )
        if done.code == 0:
            self.metrics[day.isoformat()] = json.loads(done.stdout)

    def _after_the_year(self, day: date) -> None:
        """One badge is withdrawn (awarded by mistake); the last site build and metrics show it."""
        earners = sorted(
            (c, login)
            for (c, login), n in self.truth.ticks.items()
            if c in self.truth.finished and n >= 6 and (c, login) not in self.truth.withdrawn
        )
        if earners:
            cohort_id, login = earners[0]
            reason = "Awarded by mistake: the attendance was counted twice"

            def change(_cohort_id: str, document: Any) -> None:
                for member in document["mentees"]:
                    if member["person"] == login:
                        member["badge_revoked"] = reason

            if self.pull_request(
                f"Withdraw {login}'s badge",
                "",
                self.world.coordinators[0],
                day,
                self._edit_cohorts([cohort_id], change),
            ):
                self.truth.revoked = (cohort_id, login, reason)
        self.at(day, 20)
        self._site(day)
        self._metrics(day)
        self._whole_site(day)
        done = self.jobs.run("certificates", "--root", str(self.root), "--format", "json")
        self.certificates = json.loads(done.stdout) if done.code == 0 else []
