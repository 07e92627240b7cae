"""How fast is `cohortkit validate` on a large program, against two baselines?

Generates a synthetic, valid data tree (benchmarks/synthetic.py) in a
temporary folder and times, in one run:

  (a) parsing only: read every data file and yaml.load it with PyYAML's
      C loader (CSafeLoader); the floor for any YAML-based validator;
  (b) `cohortkit validate` as a subprocess (interpreter start-up included),
      and `validate_tree` in this process (first, cold call and best call);
  (c) `check-jsonschema` with the person and cohort schemas on the same
      files: schema checks only, no cross-file rules.

Prints a Markdown table with the figures and the targets
(b)/(a) <= 2.5 and (c)/(b) >= 5. Exits 1 when cohortkit does not exit 0 on
the data or check-jsonschema does not accept it; a missed target is reported
but does not fail the run.

    .venv/bin/python benchmarks/validate.py [--people N] [--cohorts N]
        [--programs N] [--repeat N] [--repeat-slow N] [--keep]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.synthetic import write_program_tree

PARSE_TARGET = 2.5  # (b)/(a) at most
BASELINE_TARGET = 5.0  # (c)/(b) at least


@dataclass
class Timing:
    best: float
    first: float
    runs: int


def best_of(runs: int, action: Callable[[], object]) -> Timing:
    times: list[float] = []
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return Timing(min(times), times[0], len(times))


def tool(name: str) -> str:
    """The tool next to this interpreter (the virtualenv's), else the one on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: run in the project's virtualenv (make bench)")
    return found


def data_files(root: Path) -> list[Path]:
    return [
        *sorted(root.glob("programs/*.yaml")),
        *sorted(root.glob("cohorts/*/*.yaml")),
        *sorted(root.glob("people/*.yaml")),
    ]


def parse_only(root: Path) -> int:
    """(a): list, read and parse every data file with the C loader."""
    count = 0
    for path in data_files(root):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        count += 1
    return count


def run_cli(command: Sequence[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def chunks(args: list[str], budget: int) -> list[list[str]]:
    """Split file arguments so that no command line exceeds `budget` bytes."""
    out: list[list[str]] = [[]]
    size = 0
    for arg in args:
        cost = len(os.fsencode(arg)) + 1 + 8  # the string, its NUL, its argv pointer
        if out[-1] and size + cost > budget:
            out.append([])
            size = 0
        out[-1].append(arg)
        size += cost
    return out


def arg_budget() -> int:
    try:
        limit = os.sysconf("SC_ARG_MAX")
    except (ValueError, OSError):
        limit = 128 * 1024
    environment = sum(len(k) + len(v) + 2 + 8 for k, v in os.environ.items())
    return max(32 * 1024, min(limit, 2 * 1024 * 1024) // 2 - environment)


@dataclass
class JsonSchemaRun:
    invocations: list[list[str]]
    root: Path

    def __call__(self) -> list[subprocess.CompletedProcess[str]]:
        return [run_cli(command, cwd=self.root) for command in self.invocations]


def check_jsonschema_commands(root: Path, executable: str) -> list[list[str]]:
    budget = arg_budget()
    commands: list[list[str]] = []
    for kind, pattern in (("person", "people/*.yaml"), ("cohort", "cohorts/*/*.yaml")):
        files = [p.relative_to(root).as_posix() for p in sorted(root.glob(pattern))]
        head = [executable, "--schemafile", f"schemas/{kind}.schema.json"]
        room = budget - sum(len(a) + 9 for a in head)
        commands.extend([*head, *part] for part in chunks(files, room) if part)
    return commands


def negative_control(root: Path, executable: str) -> list[str]:
    """Prove check-jsonschema resolves defs.schema.json: broken values only a $ref can catch must fail."""
    findings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cohortkit-control-") as folder:
        control = Path(folder)
        shutil.copytree(root / "schemas", control / "schemas")
        person = next(iter(sorted(root.glob("people/*.yaml"))))
        cohort = next(iter(sorted(root.glob("cohorts/*/*.yaml"))), None)
        cases: list[tuple[str, Path, str, str]] = [
            ("person", person, "login: ", 'login: "-not a login-"'),
        ]
        if cohort is not None:
            cases.append(("cohort", cohort, "start: ", 'start: "2026-13-45"'))
        for kind, source, key, replacement in cases:
            lines = source.read_text(encoding="utf-8").splitlines()
            broken = [replacement if line.startswith(key) else line for line in lines]
            target = control / f"broken-{kind}.yaml"
            target.write_text("\n".join(broken) + "\n", encoding="utf-8")
            result = run_cli(
                [executable, "--schemafile", f"schemas/{kind}.schema.json", target.name], cwd=control
            )
            if result.returncode != 1:
                findings.append(
                    f"check-jsonschema exited {result.returncode} on a {kind} file with {replacement!r} "
                    f"(expected 1): {(result.stdout + result.stderr).strip()[:300]}"
                )
    return findings


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time cohortkit validate against YAML parsing and check-jsonschema."
    )
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--cohorts", type=int, default=1_000)
    parser.add_argument("--programs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of (a) and (b); the best counts (default 3)"
    )
    parser.add_argument("--repeat-slow", type=int, default=1, help="runs of check-jsonschema (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the generated tree and print where it is")
    parser.add_argument("--skip-check-jsonschema", action="store_true", help="only time (a) and (b)")
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="cohortkit-bench-"))
    try:
        return _bench(args, root)
    finally:
        if args.keep:
            print(f"\nkept the generated tree in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def _bench(args: argparse.Namespace, root: Path) -> int:
    failures: list[str] = []
    started = time.perf_counter()
    write_program_tree(root, args.people, args.cohorts, args.programs, args.seed)
    generate = time.perf_counter() - started
    files = data_files(root)
    size = sum(p.stat().st_size for p in files)
    print(
        f"generated {len(files)} data files ({args.programs} programs, {args.cohorts} cohorts, "
        f"{args.people} people; {size / 1e6:.1f} MB) in {generate:.2f} s",
        flush=True,
    )

    # (a) parse only.
    parse_only(root)  # warm the page cache and the interpreter's imports
    parse = best_of(args.repeat, lambda: parse_only(root))

    # (b) the real CLI, start-up included; it must accept the data.
    cohortkit = tool("cohortkit")
    command = [cohortkit, "validate", "--root", str(root), "--format", "json"]
    check = run_cli(command)
    if check.returncode != 0:
        failures.append(
            f"cohortkit validate exited {check.returncode}:\n{(check.stdout + check.stderr)[:3000]}"
        )
    cli = best_of(args.repeat, lambda: run_cli(command))

    # (b') in process: first (cold: schemas compiled, time zones listed) and best call.
    from cohortkit.validation.pipeline import validate_tree

    in_process = best_of(args.repeat, lambda: validate_tree(root))
    _, problems = validate_tree(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        failures.append(f"validate_tree found {len(errors)} errors, first: {errors[0]}")

    # (c) check-jsonschema, person and cohort schemas, summed.
    baseline: Timing | None = None
    invocations: list[list[str]] = []
    if not args.skip_check_jsonschema:
        executable = tool("check-jsonschema")
        failures.extend(negative_control(root, executable))
        invocations = check_jsonschema_commands(root, executable)
        runner = JsonSchemaRun(invocations, root)
        outcomes: list[subprocess.CompletedProcess[str]] = []

        def timed() -> None:
            outcomes[:] = runner()

        baseline = best_of(args.repeat_slow, timed)
        for command_run, outcome in zip(invocations, outcomes, strict=True):
            if outcome.returncode != 0:
                failures.append(
                    f"check-jsonschema --schemafile {command_run[2]} exited {outcome.returncode}:\n"
                    f"{(outcome.stdout + outcome.stderr)[:3000]}"
                )

    print_table(args, len(files), parse, cli, in_process, baseline, len(invocations))
    for failure in failures:
        print(f"\nFAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


def print_table(
    args: argparse.Namespace,
    files: int,
    parse: Timing,
    cli: Timing,
    in_process: Timing,
    baseline: Timing | None,
    invocations: int,
) -> None:
    python = f"Python {platform.python_version()}, PyYAML {yaml.__version__}"
    print(
        f"\n{files} files ({args.programs} programs, {args.cohorts} cohorts, {args.people} people), "
        f"{python}, {platform.machine()}, {os.cpu_count()} CPUs; best of {args.repeat} "
        f"({args.repeat_slow} for check-jsonschema)\n"
    )
    print("| measurement | seconds | note |")
    print("|---|---:|---|")
    print(f"| (a) read + parse only (yaml.CSafeLoader) | {parse.best:.2f} | |")
    print(f"| (b) `cohortkit validate` (subprocess) | {cli.best:.2f} | start-up included |")
    print(
        f"| (b') `validate_tree` in process | {in_process.best:.2f} | "
        f"first (cold) call {in_process.first:.2f} |"
    )
    if baseline is not None:
        print(
            f"| (c) `check-jsonschema` (person + cohort) | {baseline.best:.2f} | "
            f"{invocations} invocations summed |"
        )
    ratio_parse = cli.best / parse.best
    print(
        f"| (b)/(a) | {ratio_parse:.2f}x | target <= {PARSE_TARGET}: "
        f"**{verdict(ratio_parse <= PARSE_TARGET)}** (in process: {in_process.best / parse.best:.2f}x) |"
    )
    if baseline is not None:
        ratio_baseline = baseline.best / cli.best
        print(
            f"| (c)/(b) | {ratio_baseline:.2f}x | target >= {BASELINE_TARGET}: "
            f"**{verdict(ratio_baseline >= BASELINE_TARGET)}** |"
        )


if __name__ == "__main__":
    raise SystemExit(main())
