"""How long does `cohortkit review-pr` take on a large pull request in a large program?

Builds a synthetic program (benchmarks/synthetic.py; default 10 programs, 1,000
cohorts, 10,000 people) as the base commit of a throwaway git repository, then a
head commit touching 500 data files: 400 person files edited, 50 person files
added and 50 cohort files edited. It times `cohortkit review-pr --format json`
as a subprocess (start-up, git, both loads, the diff and the verdicts), best of
--repeat runs, and reports it against the target of 5 seconds. Missed targets
are reported, not raised; exit 1 only if the review cannot run.

    .venv/bin/python benchmarks/review_pr.py [--people N] [--cohorts N] [--programs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.synthetic import write_program_tree

REPO = Path(__file__).resolve().parent.parent
COHORTKIT = Path(sys.executable).with_name("cohortkit")
TARGET_SECONDS = 5.0
_GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, env=_GIT_ENV, check=True, capture_output=True, text=True
    ).stdout.strip()


def make_pull_request(root: Path, edited_people: int, new_people: int, edited_cohorts: int) -> int:
    """Edit the work tree as a large pull request would; returns the number of files touched."""
    people = sorted((root / "people").glob("*.yaml"))
    for path in people[:edited_people]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nname: ", "\nname: Dr. ", 1), encoding="utf-8")
    template = people[-1].read_text(encoding="utf-8")
    old_login = people[-1].stem
    for index in range(new_people):
        login = f"bench-newcomer-{index}"
        (root / "people" / f"{login}.yaml").write_text(
            template.replace(f"login: {old_login}", f"login: {login}"), encoding="utf-8"
        )
    edited = 0
    for path in sorted((root / "cohorts").glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        summary = next(line for line in text.splitlines() if line.startswith("summary: "))
        if edited == edited_cohorts or '"' in summary or ": " in summary[len("summary: ") :]:
            continue  # edit only plain one-line summaries, so the head stays valid YAML
        path.write_text(text.replace(summary, summary + " Meets again next term.", 1), encoding="utf-8")
        edited += 1
    return edited_people + new_people + edited


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--cohorts", type=int, default=1_000)
    parser.add_argument("--programs", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="cohortkit-bench-review-") as scratch:
        root = Path(scratch)
        started = time.perf_counter()
        write_program_tree(root, args.people, args.cohorts, args.programs)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "base")
        touched = make_pull_request(root, 400, 50, 50)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "a large pull request")
        changed = len(git(root, "diff", "--name-only", "main~1", "main").splitlines())
        print(
            f"tree: {args.programs} programs, {args.cohorts} cohorts, {args.people} people; "
            f"pull request touches {changed} files ({touched} intended); set-up {time.perf_counter() - started:.1f} s"
        )
        command = [
            str(COHORTKIT),
            "review-pr",
            "--root",
            str(root),
            "--base",
            "main~1",
            "--head",
            "main",
            "--author",
            "bench-newcomer-0",
            "--format",
            "json",
        ]
        best = float("inf")
        report: dict[str, object] = {}
        for _ in range(args.repeat):
            begin = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            best = min(best, time.perf_counter() - begin)
            if done.returncode not in (0, 1):
                print(done.stderr, file=sys.stderr)
                return 1
            report = json.loads(done.stdout)
    changes = report.get("changes", [])
    assert isinstance(changes, list)
    print(
        f"review-pr: {best:.2f} s (best of {args.repeat}), verdict {report['verdict']}, {len(changes)} changes judged"
    )
    print(f"target: under {TARGET_SECONDS:.0f} s: {'met' if best < TARGET_SECONDS else 'MISS'}")
    print(f"machine: {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
