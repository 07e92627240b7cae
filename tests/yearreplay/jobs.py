"""The workflows' jobs, as the replay runs them: the same cohortkit commands, in the same order.

Each function is one job of a workflow file (see .github/workflows/reusable-*.yml),
run in this process through `cohortkit.cli.main` with the environment a runner gives
it (GITHUB_TOKEN, GITHUB_API_URL, GITHUB_OUTPUT). Two things differ from a runner, on
purpose: the budget's clock is the fake's (a Retry-After or a paced write moves the
replay's clock instead of sleeping), and the steps a workflow leaves to git and `gh`
(push, open a pull request, merge) are done with git here and the fake's arranging
methods, counted by the replay as the requests they would cost.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cohortkit import cli
from cohortkit.commands import github_options
from cohortkit.errors import EXIT_USAGE
from cohortkit.github.budget import Budget, budget_for_pace
from fakegithub import FakeClock, FakeGitHub
from issue_forms import outputs_of

REPOSITORY = "acme/mentoring"
TOKEN = "workflow-token"
BOT = "github-actions[bot]"


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


class Jobs:
    def __init__(self, fake: FakeGitHub, clock: FakeClock, root: Path, work: Path) -> None:
        self.fake = fake
        self.clock = clock
        self.root = root
        self.work = work
        self.failures: list[str] = []  # jobs that exited with an error the replay did not expect
        # GitHub jobs that stopped on GitHub itself (a 503 past every retry): a red run
        # that the next scheduled one finishes, which the audit then checks it did.
        self.outages: list[str] = []
        self.seconds: Counter[str] = Counter()  # wall time spent in each command, for the benchmark

    # --- running a command as a workflow step -------------------------------------------

    @contextlib.contextmanager
    def _step(self, output: Path | None = None) -> Iterator[None]:
        saved = dict(os.environ)
        os.environ.update({"GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": self.fake.url})
        os.environ.pop("GITHUB_OUTPUT", None)
        if output is not None:
            os.environ["GITHUB_OUTPUT"] = str(output)
        clock = self.clock

        def on_fake_clock(pace: float | None) -> Budget:
            budget = budget_for_pace(pace)
            # The budget waits on the replay's clock; GitHub's limits are the fake's.
            budget.clock, budget.sleep = clock.time, clock.advance
            budget.__post_init__()
            return budget

        original = github_options.budget_for_pace
        github_options.budget_for_pace = on_fake_clock  # type: ignore[assignment]
        try:
            yield
        finally:
            github_options.budget_for_pace = original  # type: ignore[assignment]
            os.environ.clear()
            os.environ.update(saved)

    def run(self, *args: str, output: Path | None = None, allowed: tuple[int, ...] = (0,)) -> Outcome:
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        with self._step(output), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(args))
        self.seconds[" ".join(args[:2]) if args[0] == "site" else args[0]] += time.perf_counter() - started
        outcome = Outcome(code, out.getvalue(), err.getvalue())
        line = f"{self.today_text()} {' '.join(args[:1])} exited {code}: {err.getvalue()[-600:]}"
        if code in allowed:
            pass
        elif code == EXIT_USAGE and _outage(err.getvalue()):
            self.outages.append(line)
        else:
            self.failures.append(line)
        return outcome

    def today_text(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.gmtime(self.clock.time()))

    def _github(self, command: str, *args: str, today: date, allowed: tuple[int, ...] = (0,)) -> Outcome:
        return self.run(
            command,
            "--repo",
            REPOSITORY,
            "--root",
            str(self.root),
            "--today",
            today.isoformat(),
            *args,
            allowed=allowed,
        )

    # --- checkins.yml: hourly; labels and health at 05 UTC ----------------------------

    def checkins(self, today: date, *, daily: bool) -> dict[str, Any]:
        etags = self.work / "etags.json"  # one job's file: ETags hold for one token, one job
        etags.unlink(missing_ok=True)
        report = self.work / "checkins-report.json"
        report.unlink(missing_ok=True)
        cache = ("--etag-cache", str(etags))
        if daily:
            self.run("labels", "sync", "--repo", REPOSITORY, "--root", str(self.root), *cache)
        status = self._github(
            "checkins",
            "--time-limit",
            "45",
            *cache,
            "--report-out",
            str(report),
            "--bot-login",
            self.fake.actor,
            today=today,
            allowed=(0, 1),
        )
        if daily or status.code != 0:
            self._github(
                "health", "--time-limit", "10", *cache, "--checkins-report", str(report), today=today
            )
        return json.loads(report.read_text()) if report.exists() else {"stopped": "no report", "left": []}

    def checkins_killed(self, today: date, after_writes: int) -> None:
        """checkins.yml's run killed by the runner (SIGKILL) after some of its writes took effect."""
        env = {**os.environ, "GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": self.fake.url}
        env.pop("GITHUB_OUTPUT", None)
        before = self.fake.usage(TOKEN).writes
        command = [
            sys.executable,
            "-m",
            "cohortkit",
            "checkins",
            "--repo",
            REPOSITORY,
            "--root",
            str(self.root),
        ]
        command += ["--today", today.isoformat(), "--pace", "0", "--bot-login", self.fake.actor]
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            if self.fake.usage(TOKEN).writes - before >= after_writes:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.005)
        process.wait()

    # --- progress, for the site, attendance and matching -------------------------------

    def progress(self, today: date, out: Path) -> None:
        self._github("progress", "--out", str(out), "--bot-login", self.fake.actor, today=today)

    # --- intake.yml, review.yml, review-comment.yml, welcome.yml ----------------------

    def intake(self, issue: int, today: date, allowed: tuple[int, ...] = (0,)) -> dict[str, str] | None:
        event = self.work / "event.json"
        event.write_text(
            json.dumps(
                {"action": "opened", "issue": self.fake.issue(issue), "repository": {"full_name": REPOSITORY}}
            )
        )
        output = self.work / "github-output.txt"
        output.unlink(missing_ok=True)
        done = self._github_plain(
            "intake",
            "--event",
            str(event),
            "--root",
            str(self.root),
            "--today",
            today.isoformat(),
            "--bot-login",
            self.fake.actor,
            output=output,
            allowed=allowed,
        )
        if done.code != 0 or not output.exists():
            return None
        return outputs_of(output)

    def _github_plain(
        self, *args: str, output: Path | None = None, allowed: tuple[int, ...] = (0,)
    ) -> Outcome:
        return self.run(args[0], "--repo", REPOSITORY, *args[1:], output=output, allowed=allowed)

    def review(self, number: int, base: str, head: str, author: str, today: date) -> dict[str, Any]:
        """review.yml (no token, no write): the verdict as JSON, the artifact."""
        done = self.run(
            "review-pr",
            "--today",
            today.isoformat(),
            "--root",
            str(self.root),
            "--base",
            base,
            "--head",
            head,
            "--author",
            author,
            "--pull-request",
            str(number),
            "--format",
            "json",
            allowed=(0, 1),
        )
        artifact = self.work / f"review-{number}.json"
        artifact.write_text(done.stdout)
        return json.loads(done.stdout)

    def review_comment(self, number: int, head: str, today: date) -> None:
        self._github(
            "review-comment",
            "--artifact",
            str(self.work / f"review-{number}.json"),
            "--head-sha",
            head,
            "--bot-login",
            self.fake.actor,
            today=today,
        )

    def rejudge(self, tip: str, today: date) -> None:
        """review-rejudge.yml, on the push to main: every open join request judged against the new tip."""
        self._github(
            "review-comment", "--open-joins", "--base-ref", "main", "--base-sha", tip,
            "--bot-login", self.fake.actor, today=today,
        )  # fmt: skip

    def welcome(self, before: str, after: str, today: date) -> None:
        self._github("welcome", "--before", before, "--after", after, today=today)


def _outage(stderr: str) -> bool:
    """Whether a command stopped because GitHub failed (5xx, the network), as cli.main words it.

    A used-up rate limit is not an outage: the replay's runs must stay under GitHub's limits.
    """
    return "GitHub kept failing" in stderr or "cannot reach the GitHub API" in stderr
