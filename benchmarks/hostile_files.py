"""Does one hostile file at the size cap keep `cohortkit validate` linear?

A file just under the 256 KiB cap can hold tens of thousands of keys or list
items; anything that costs the square of a file's entries (locating each
problem by scanning its mapping, explaining every unknown key) turns that
into half a minute. This adds one such file at a time to the example data and
times `cohortkit validate` as a subprocess (start-up included), best of
--repeat runs, against the example data alone. The target is under a second
for the file (its time less the baseline). Missed targets are reported, not
raised.

    .venv/bin/python benchmarks/hostile_files.py [--repeat N]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COHORTKIT = Path(sys.executable).with_name("cohortkit")
CAP = 256 * 1024
TARGET_SECONDS = 1.0
HEAD = "# yaml-language-server: $schema=../schemas/person.schema.json\nlogin: zz-{name}\nname: Z\ntimezone: UTC\n"


def _fill(name: str, line: Callable[[int], str], prefix: str = "") -> str:
    parts, size, n = [HEAD.format(name=name) + prefix], 0, 0
    while size < CAP - 1024:
        text = line(n)
        parts.append(text)
        size += len(text)
        n += 1
    return "".join(parts)


CASES: dict[str, Callable[[], str]] = {
    # 27,000 unknown keys: each is a problem with a did-you-mean and a line to find.
    "keys at the cap": lambda: _fill("keys", lambda n: f"k{n}: v\n"),
    # 32,000 duplicates of one key.
    "duplicate keys at the cap": lambda: _fill("dups", lambda n: "name: Z\n"),
    # The largest list the schema allows (links: 30), with the longest allowed entries.
    "largest allowed list": lambda: (
        HEAD.format(name="links")
        + "links:\n"
        + "".join(f"  - title: {'T' * 120}\n    url: https://example.org/{'p' * 200}{n}\n" for n in range(30))
    ),
    # 37,000 items where at most a few are allowed.
    "list past its maximum": lambda: _fill("list", lambda n: "  - en\n", "languages:\n"),
    # Every one of 10,000 list items wrong in the same way.
    "10,000 wrong items": lambda: _fill("items", lambda n: "  - 42\n", "interests:\n"),
}


def _time(root: Path, repeat: int) -> tuple[float, str]:
    best, summary = float("inf"), ""
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(
            [str(COHORTKIT), "validate", "--root", str(root), "--today", "2026-11-23"],
            capture_output=True,
            text=True,
            check=False,
        )
        best = min(best, time.perf_counter() - started)
        summary = (done.stdout.strip().splitlines() or [""])[-1]
        if done.returncode not in (0, 1) or "Traceback" in done.stderr:
            raise SystemExit(f"validate failed: {done.stderr[-2000:]}")
    return best, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, best of {args.repeat}")
    with tempfile.TemporaryDirectory(prefix="cohortkit-hostile-") as temporary:
        root = Path(temporary)
        for folder in ("programs", "cohorts", "people", "schemas", "docs"):
            shutil.copytree(REPO / folder, root / folder)
        baseline, _ = _time(root, args.repeat)
        print(f"| case | file KiB | validate s | less baseline s | target < {TARGET_SECONDS:g} s |")
        print("|---|---:|---:|---:|---|")
        print(f"| example data alone (baseline) | | {baseline:.2f} | | |")
        missed = 0
        for name, make in CASES.items():
            text = make()
            file = root / "people" / "zz-hostile.yaml"
            file.write_text(text, encoding="utf-8")
            seconds, summary = _time(root, args.repeat)
            extra = seconds - baseline
            ok = extra < TARGET_SECONDS
            missed += not ok
            print(
                f"| {name} | {len(text.encode()) / 1024:.0f} | {seconds:.2f} | {extra:.2f} | {'met' if ok else 'MISSED'} |"
            )
            print(f"|   {summary} | | | | |", file=sys.stderr)
            file.unlink()
    del missed  # missed targets are reported in the table, not raised
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
