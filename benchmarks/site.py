"""How long does the site take to build for a large program, and how much of that is ours?

For a synthetic program (benchmarks/synthetic.py; default 10 programs, 1,000
cohorts, 10,000 people) this times, at each scale (1x, 2x, 4x by default):

  (g) our generation: `cohortkit site build-pages` as a subprocess, start-up,
      loading, validation, rendering and writing included (the phases it
      reports are shown too: validation, and rendering plus writing);
  (w) the whole build: (g) followed by `mkdocs build --strict`, as `make site`
      runs them;
  (m) MkDocs alone on the same Markdown pages, already written (a second
      `mkdocs build` of the same folder);
  (o) what members take home (calendar feeds, certificate pages, badges):
      the rendering time `build-pages` reports for them, plus what they cost
      MkDocs (a third `mkdocs build` with their folders taken out, subtracted
      from (m)). Target: at most 10% of (w).

and reports (g)/(w) (target at most 15%), the whole build at 2x and 4x as a
multiple of 1x (target: 4x at most 4.5 times 1x), whether the 1x build is
under 3 minutes, the number of pages and the size of the search index.
It also times (x) the metrics pages alone (the counts, their suppression, the charts and
the pages, `site/metrics_pages.render_metrics`) in a process of their own, on the same
validated data. Missed targets are reported, not raised; exit 1 only if a build fails.
Every timed step starts after `sync`, so none pays for the disk writes of
the step before it.

    .venv/bin/python benchmarks/site.py [--people N] [--cohorts N] [--programs N]
        [--scales 1,2,4] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.synthetic import TODAY, write_program_tree

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SHARE_TARGET = 0.15
OUTPUTS_TARGET = 0.10
OUTPUT_FOLDERS = ("calendars", "badges", "certificates")
LINEAR_TARGET = 4.5
MINUTES_TARGET = 3.0


@dataclass
class Run:
    scale: int
    people: int
    cohorts: int
    pages: int
    generation: float
    whole: float
    mkdocs_only: float
    search_kib: int
    validate: float  # inside (g): loading and checking the data
    pages_only: float  # inside (g): rendering and writing the pages
    outputs_render: float  # inside (g): rendering feeds, certificate pages and badges
    outputs_mkdocs: float  # inside (m): what their files cost MkDocs
    metrics: float = 0.0  # (x): the metrics pages, charts and metrics.json alone
    metrics_files: int = 0


def _run(command: list[str], cwd: Path) -> tuple[float, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Each step starts with the disk caught up: without this, the writeback of
    # the step before (a MkDocs build writes about 230 MB per 10,000 pages)
    # slows the next step's writes and is billed to it.
    os.sync()
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, result.stdout


# Times render_metrics on a renderer made for the tree (what render_site does around it is not timed).
METRICS_TIMER = """
import sys
from datetime import date
from pathlib import Path
from cohortkit.site.metrics_pages import render_metrics
from cohortkit.site.render import Renderer, SiteOptions
from cohortkit.validation.pipeline import validate_tree
tree, _ = validate_tree(Path(sys.argv[1]))
renderer = Renderer(tree.model, SiteOptions(today=date.fromisoformat(sys.argv[2])))
before = len(renderer.pages)
seconds = render_metrics(renderer)
print(seconds, len(renderer.pages) - before)
"""


def measure(root: Path, scale: int, people: int, cohorts: int, programs: int) -> Run:
    write_program_tree(root, people=people, cohorts=cohorts, programs=programs, seed=scale)
    shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    generate = [str(BIN / "cohortkit"), "site", "build-pages", "--root", ".", "--today", TODAY.isoformat()]
    mkdocs = [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", "site"]
    generation, summary = _run(generate, root)
    whole = generation + _run(mkdocs, root)[0]
    mkdocs_only = _run(mkdocs, root)[0]
    # The same build without the outputs' files (nothing links to them in a way MkDocs checks).
    docs, aside = root / "build" / "docs", root / "outputs-aside"
    aside.mkdir()
    for folder in OUTPUT_FOLDERS:
        if (docs / folder).exists():
            (docs / folder).rename(aside / folder)
    without_outputs = _run(mkdocs, root)[0]
    for folder in OUTPUT_FOLDERS:
        if (aside / folder).exists():
            (aside / folder).rename(docs / folder)
    phases = {
        name: float(value)
        for name, value in re.findall(r"(validate|render|write|outputs) ([0-9.]+) s", summary)
    }
    pages = sum(1 for _ in (root / "build" / "docs").rglob("*.md"))
    timed = subprocess.run(
        [sys.executable, "-c", METRICS_TIMER, str(root), TODAY.isoformat()],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    search = root / "site" / "search" / "search_index.json"
    return Run(
        scale,
        people,
        cohorts,
        pages,
        generation,
        whole,
        mkdocs_only,
        search.stat().st_size // 1024,
        phases.get("validate", 0.0),
        phases.get("render", 0.0) + phases.get("write", 0.0),
        phases.get("outputs", 0.0),
        max(0.0, mkdocs_only - without_outputs),
        metrics=float(timed[0]),
        metrics_files=int(timed[1]),
    )


def report(runs: list[Run]) -> str:
    base = runs[0]
    lines = [
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.system()}",
        "",
        "| scale | cohorts | people | pages | (g) generation s | of which validation s | of which pages s "
        "| (w) whole build s | (m) MkDocs alone s | (g)/(w) | pages/(w) | (w) vs 1x | search index KiB "
        "| (x) metrics pages s (files) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run.scale}x | {run.cohorts:,} | {run.people:,} | {run.pages:,} | {run.generation:.1f} "
            f"| {run.validate:.1f} | {run.pages_only:.1f} "
            f"| {run.whole:.1f} | {run.mkdocs_only:.1f} | {run.generation / run.whole:.1%} "
            f"| {run.pages_only / run.whole:.1%} "
            f"| {run.whole / base.whole:.2f}x | {run.search_kib:,} | {run.metrics:.2f} ({run.metrics_files:,}) |"
        )
    lines.append("")
    worst_share = max(r.generation / r.whole for r in runs)
    lines.append(f"- generation share, target at most {SHARE_TARGET:.0%}: {worst_share:.1%} (worst scale)")
    for run in runs:
        outputs = run.outputs_render + run.outputs_mkdocs
        lines.append(
            f"- {run.scale}x: calendars, certificate pages and badges cost {outputs:.1f} s "
            f"({run.outputs_render:.1f} s rendering, {run.outputs_mkdocs:.1f} s in MkDocs), "
            f"{outputs / run.whole:.1%} of the whole build (target at most {OUTPUTS_TARGET:.0%})"
        )
    worst_pages = max(r.pages_only / r.whole for r in runs)
    lines.append(
        f"- rendering and writing pages alone (validation left out): {worst_pages:.1%} (worst scale)"
    )
    for run in runs[1:]:
        allowed = LINEAR_TARGET * run.scale / 4
        lines.append(
            f"- {run.scale}x whole build is {run.whole / base.whole:.2f} times 1x "
            f"(target at most {allowed:.2f} for linear growth)"
        )
    lines.append(f"- 1x whole build: {base.whole / 60:.1f} min (target under {MINUTES_TARGET:.0f} min)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--cohorts", type=int, default=1_000)
    parser.add_argument("--programs", type=int, default=10)
    parser.add_argument(
        "--scales", default="1,2,4", help="multiples of the program to build, comma-separated"
    )
    parser.add_argument("--keep", type=Path, default=None, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    runs = []
    with tempfile.TemporaryDirectory(prefix="cohortkit-site-bench-") as temporary:
        base = args.keep or Path(temporary)
        for scale in scales:
            root = base / f"{scale}x"
            shutil.rmtree(root, ignore_errors=True)
            run = measure(root, scale, args.people * scale, args.cohorts * scale, args.programs)
            print(
                f"{scale}x: generation {run.generation:.1f} s, whole {run.whole:.1f} s, "
                f"MkDocs alone {run.mkdocs_only:.1f} s",
                file=sys.stderr,
            )
            runs.append(run)
    print(report(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
