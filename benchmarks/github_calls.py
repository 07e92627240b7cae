"""How many GitHub requests does `cohortkit checkins` make?

Against the local fake GitHub (tests/fakegithub), for 10, 100 and 1,000 active
cohorts, counts the HTTP requests of three runs:
  1. the first day of a term: every cohort's first check-in and its tracking issue;
  2. the same day again, with nothing due;
  3. a week later: every cohort's second check-in.
Targets: a run with nothing due costs at most the pages needed to list the
tool's open issues (100 a page) plus 3; each new check-in costs exactly one POST.
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

from cohortkit.checkins import RunOptions, run_checkins
from cohortkit.github_client import ClientSettings, RepoClient
from cohortkit.model import Meeting, Model
from cohortkit.writers import GitHubWriter
from factories import PROGRAM, cohort, person
from fakegithub import FakeGitHub

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
            run_checkins(model, repo, GitHubWriter(repo), RunOptions(today=day), log=lambda _: None)
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
    budget = math.ceil(idle_open / 100) + 3
    return {
        "cohorts": count,
        "first": (first_total, first_kinds),
        "idle": (idle_total, budget),
        "week": (week_total, week_kinds),
        "seconds": {name: round(run[3], 2) for name, run in runs.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()
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
    print("\nFirst day: one listing, one listing per cohort to build its record (first run only), one POST")
    print("per check-in and per tracking issue. A week later nobody had closed check-in 1, so besides one")
    print("POST per new check-in each cohort gets its missed note (GET comments, POST comment, POST label)")
    print("and a PATCH of its tracking issue.")
    return 0 if all_met else 1


if __name__ == "__main__":
    raise SystemExit(main())
