"""How many GitHub requests does `cohortkit checkins` make?

Against the local fake GitHub (tests/fakegithub), for 10, 100 and 1,000 active
cohorts, counts the HTTP requests of three runs:
  1. the first day of a term: every cohort's first check-in and its tracking issue;
  2. the same day again, with nothing due;
  3. a week later: every cohort's second check-in.
Targets: a run with nothing due costs at most the pages needed to list the
tool's open issues and its recent ones (100 a page) plus 3; each new check-in
costs exactly one POST.

`--scale N` (default 1,000) runs the scale case instead: N cohorts all due on
the same day, against the fake with GitHub's limits enforced (1,000 requests
an hour for the token; 80 content-creating requests a minute and 500 an
hour), on a fake clock so an hour passes in seconds. The workflow's hourly
runs are replayed, each with its 50-minute limit, until every due check-in is
open; it reports requests and writes per run, the number of runs, and counts
duplicates and losses from the fake's final state, not from the tool's record.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from cohortkit.checkins.context import RunOptions
from cohortkit.checkins.run import run_checkins
from cohortkit.data.model import Meeting, Model
from cohortkit.github.budget import Budget
from cohortkit.github.client import RepoClient
from cohortkit.github.settings import ClientSettings
from cohortkit.github.writers import GitHubWriter
from factories import PROGRAM, cohort, person
from fakegithub import FakeClock, FakeGitHub, GitHubLimits

START = date(2026, 1, 12)


def program_with(count: int) -> Model:
    cohorts = {
        f"c{i:04d}": cohort(
            f"c{i:04d}",
            status="active",
            start=START,
            end=date(2026, 3, 20),
            meeting=Meeting("weekly", "wednesday", "15:00", "UTC"),
        )
        for i in range(count)
    }
    people = {login: person(login) for login in ("mo", "ana")}
    return Model({"p": PROGRAM}, cohorts, people, frozenset({"p"}), frozenset(cohorts), frozenset(people))


def measure(count: int) -> dict[str, object]:
    model = program_with(count)
    with FakeGitHub("acme", "mentoring") as fake:
        fake.add_collaborator("mo", "write")
        repo = RepoClient(
            ClientSettings(token="t", api_url=fake.url, pace=0.0), "acme/mentoring", log=lambda _: None
        )
        runs = {}
        for name, day in (("first day", START), ("nothing due", START), ("a week later", date(2026, 1, 19))):
            fake.reset_log()
            started = time.perf_counter()
            options = RunOptions(today=day, bot_login=fake.actor)
            run_checkins(model, repo, GitHubWriter(repo), options, log=lambda _: None)
            seconds = time.perf_counter() - started
            kinds = Counter(
                f"{r.method} {'/issues' if r.path.split('?')[0].endswith('/issues') else '/issues/N'}"
                for r in fake.requests
            )
            open_issues = sum(1 for issue in fake.issues() if issue["state"] == "open")
            runs[name] = (len(fake.requests), kinds, open_issues, seconds)
    first_total, first_kinds, _, _ = runs["first day"]
    idle_total, _, idle_open, _ = runs["nothing due"]
    week_total, week_kinds, _, _ = runs["a week later"]
    budget = 2 * math.ceil(max(1, idle_open) / 100) + 3
    return {
        "cohorts": count,
        "first": (first_total, first_kinds),
        "idle": (idle_total, budget),
        "week": (week_total, week_kinds),
        "seconds": {name: round(run[3], 2) for name, run in runs.items()},
    }


def scale_case(count: int) -> int:
    """Hourly runs until every cohort's first check-in is open, under GitHub's real limits."""
    from datetime import UTC, datetime, timedelta

    model = program_with(count)
    clock = FakeClock(datetime(2026, 1, 12, 0, 17, tzinfo=UTC))  # the workflow's first run that day
    print(f"Scale case: {count} cohorts due on {START}, GitHub's limits enforced, hourly runs of 50 minutes")
    print("| run | clock (UTC) | requests | writes | check-ins open | stopped because |")
    print("|---:|---|---:|---:|---:|---|")
    with FakeGitHub("acme", "mentoring", clock=clock, limits=GitHubLimits()) as fake:
        fake.add_collaborator("mo", "write")
        started = time.perf_counter()
        for run in range(1, 25):
            before = fake.usage("t")
            budget = Budget(seconds=50 * 60, clock=clock.time, sleep=clock.advance)
            settings = ClientSettings(token="t", api_url=fake.url, pace=None, secondary_rate_wait=60.0)
            repo = RepoClient(settings, "acme/mentoring", log=lambda _: None, budget=budget)
            day = datetime.fromtimestamp(clock.time(), UTC).date()
            options = RunOptions(today=day, bot_login=fake.actor)
            report = run_checkins(model, repo, GitHubWriter(repo), options, log=lambda _: None)
            after = fake.usage("t")
            opened = sum(1 for i in fake.issues() if "check-in 1 " in i["title"])
            moment = datetime.fromtimestamp(clock.time(), UTC)
            print(
                f"| {run} | {moment:%a %H:%M} | {after.requests - before.requests} | "
                f"{after.writes - before.writes} | {opened} | {report.stopped or 'done'} |"
            )
            if not report.stopped and opened == count:
                break
            # The next hourly run starts at :17 of the next hour.
            next_run = moment.replace(minute=17, second=0, microsecond=0)
            if next_run <= moment:
                next_run += timedelta(hours=1)
            clock.advance(next_run.timestamp() - clock.time())
        titles = Counter(i["title"] for i in fake.issues())
        duplicates = sum(n - 1 for n in titles.values())
        lost = count - sum(1 for t in titles if "check-in 1 " in t)
        usage = fake.usage("t")
        wall = time.perf_counter() - started
    busiest = max(usage.writes_by_hour.values(), default=0)
    print(
        f"\n{run} run(s); {duplicates} duplicates; {lost} check-ins lost; busiest clock hour "
        f"{busiest} writes (GitHub allows 500), {max(usage.requests_by_hour.values(), default=0)} requests "
        f"(allows 1,000); secondary limits hit {usage.secondary_limited} times, primary "
        f"{usage.primary_limited}; {wall:.0f} s of wall time."
    )
    return 0 if duplicates == 0 and lost == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--scale", type=int, nargs="?", const=1000, default=None, metavar="COHORTS")
    args = parser.parse_args()
    if args.scale:
        return scale_case(args.scale)
    print(
        "| active cohorts | first day: requests (POST /issues) | nothing due: requests / budget | a week later: requests (POST /issues) | targets |"
    )
    print("|---:|---|---|---|---|")
    all_met = True
    for size in args.sizes:
        result = measure(size)
        first_total, first_kinds = result["first"]  # type: ignore[misc]
        idle_total, budget = result["idle"]  # type: ignore[misc]
        week_total, week_kinds = result["week"]  # type: ignore[misc]
        met = (
            idle_total <= budget
            and week_kinds["POST /issues"] == size
            and first_kinds["POST /issues"] == 2 * size
        )
        all_met &= met
        print(
            f"| {size} | {first_total} ({first_kinds['POST /issues']}) | {idle_total} / {budget} | "
            f"{week_total} ({week_kinds['POST /issues']}) | {'PASS' if met else 'MISS'} |"
        )
    print("\nFirst day: two listings (the tool's open issues; its recent ones, which also give new cohorts")
    print("their records), then one POST per check-in and per tracking issue. A week later nobody had")
    print("closed check-in 1, so besides one POST per new check-in each cohort gets its missed note")
    print("(GET comments, POST comment, POST label) and a PATCH of its tracking issue.")
    return 0 if all_met else 1


if __name__ == "__main__":
    raise SystemExit(main())
