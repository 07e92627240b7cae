"""`cohortkit upgrade [--to X.Y.Z] [--check]`: move a program's repository to a cohortkit release, offline.

It moves the pins (requirements/cohortkit.txt, the pre-commit hook's rev,
the workflows' `uses:` lines), replaces requirements/runtime.txt with the
installed release's lock, lists what the data versions between the one
cohortkit.yml records and the release's changed, and migrates the files.
Nothing is fetched: a release newer than the installed cohortkit gets its
pins moved and is told to be installed, since only it knows its own changes.
Everything is planned first; a refusal writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cohortkit import __version__
from cohortkit.commands.migrate import print_plan
from cohortkit.data.migrate import TreePlan, plan_tree, write_plan
from cohortkit.data.version_marker import MARKER, new_marker_text, read_marker
from cohortkit.data.versions import Changelog, DataVersion, changelog, release_key
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS, CohortkitError
from cohortkit.starter.pins import (
    RUNTIME_LOCK,
    PinnedFile,
    find_pins,
    packaged_runtime_lock,
    read_small_text,
)
from cohortkit.starter.scaffold import WORKFLOWS
from cohortkit.support.atomic_file import write_atomically
from cohortkit.validation.report import escape_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="the program's repository (default: here)")
    parser.add_argument(
        "--to", metavar="X.Y.Z", help=f"the release to move to (default: this one, {__version__})"
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if anything would change"
    )


def describe(version: DataVersion, log: Changelog) -> list[str]:
    """A data version's changes as the upgrade lists them."""
    lines = [f"data version {version.number} ({log.releases(version.number)}): {version.summary}"]
    lines += [f"  cohortkit migrate {step.describe()}" for step in version.steps]
    lines += [f"  by hand: {note}" for note in version.by_hand]
    return lines


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    target = (args.to or __version__).strip().removeprefix("v")
    release_key(target)  # a release in the form X.Y.Z, or one line saying so
    pinned, problems = find_pins(root)
    if not pinned and not problems:
        raise CohortkitError(
            f"nothing in {root} pins cohortkit (requirements/cohortkit.txt, .pre-commit-config.yaml, "
            ".github/workflows/); cohortkit upgrade moves a repository cohortkit init made"
        )
    for pin_file in pinned:
        for pin in pin_file.pins:
            where = f"{escape_text(pin_file.shown)}:{pin.line}:{pin.col}"
            try:
                pinned_key = release_key(pin.release)
            except CohortkitError:
                raise CohortkitError(
                    f"{where}: pins cohortkit {escape_text(pin.release)!r}, not a release written as "
                    f"X.Y.Z; write {target} there, or pass --to"
                ) from None
            if pinned_key > release_key(target):
                raise CohortkitError(
                    f"{where}: pins cohortkit {pin.release}, newer than {target}; "
                    "cohortkit upgrade moves forward only"
                )
    if problems:
        for problem in problems:
            print(f"{escape_text(problem.file)}:{problem.line}:{problem.col}: {escape_text(problem.text)}")
        print(
            "cohortkit: nothing was written; fix the files above and run cohortkit upgrade again",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS

    installed = target == __version__
    check: bool = args.check
    log = changelog()
    moving = _print_pins(pinned, target, check)
    lock = _runtime_lock(root, installed, target, check)
    oldest = min((pin.release for f in pinned for pin in f.pins), key=release_key, default=target)
    marker_missing = not read_marker(root).present
    plan = _data_plan(root, log, target, oldest, check)
    if plan is not None and not print_plan(plan, log, check):
        return EXIT_PROBLEMS
    if installed:
        _print_missing_workflows(root)
    actions = _actions(target, moving, lock, plan, marker_missing)
    if not actions:
        print(f"{root} is on cohortkit {target} already; nothing to change")
        return EXIT_OK
    if check:
        print(f"{root} would {_join([would for would, _ in actions])}; run cohortkit upgrade")
        return EXIT_PROBLEMS
    # The data first, the pins last: a run stopped halfway still pins the release the data
    # was checked with, and running again finishes (each step is idempotent).
    if plan is not None:
        write_plan(root, plan)
    if lock is not None:
        write_atomically(root / RUNTIME_LOCK, lock.encode("utf-8"))
    for pin_file in moving:
        write_atomically(root / pin_file.shown, pin_file.moved(target).encode("utf-8"))
    if installed:
        # Upgraded only when the pins moved; otherwise say what was done, and no more.
        done = f"upgraded {root} to cohortkit {target}"
        if not moving:
            done = f"{root} pins cohortkit {target} already; {_join([did for _, did in actions])}"
        print(f"{done}: review the diff, run make site, open a pull request")
    else:
        # The lock, the schema changes and the migration are the new release's to do.
        print(
            f"moved the pins of {root} to cohortkit {target}; not finished: install it "
            f"(.venv/bin/pip install cohortkit=={target}) and run its cohortkit upgrade"
        )
    return EXIT_OK


def _print_missing_workflows(root: Path) -> None:
    for name in WORKFLOWS:
        if not any((root / ".github/workflows" / f"{name}{suffix}").exists() for suffix in (".yml", ".yaml")):
            print(
                f".github/workflows/{name}.yml: cohortkit {__version__} has a {name} workflow this "
                "repository does not call; cohortkit init in an empty folder writes its caller"
            )


def _actions(
    target: str, moving: list[PinnedFile], lock: str | None, plan: TreePlan | None, marker_missing: bool
) -> list[tuple[str, str]]:
    """What the run changes, each as --check says it ("would ...") and as the run says it did."""
    actions = []
    if moving:
        actions.append((f"move its pins to cohortkit {target}", f"moved its pins to cohortkit {target}"))
    if lock is not None:
        actions.append((f"replace {RUNTIME_LOCK}", f"replaced {RUNTIME_LOCK}"))
    if plan is not None and plan.changed:
        files = f"{len(plan.changed)} data file" + ("" if len(plan.changed) == 1 else "s")
        span = f"from data version {plan.old} to {plan.new}"
        actions.append((f"migrate {files} {span}", f"migrated {files} {span}"))
    if plan is not None and plan.marker_after is not None:
        if marker_missing:
            actions.append((f"write {MARKER}", f"wrote {MARKER}"))
        else:
            actions.append(
                (f"set {MARKER} to data version {plan.new}", f"set {MARKER} to data version {plan.new}")
            )
    return actions


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _print_pins(pinned: list[PinnedFile], target: str, check: bool) -> list[PinnedFile]:
    moving = []
    becomes = "would become" if check else "becomes"
    for pin_file in pinned:
        changed = [pin for pin in pin_file.pins if pin.release != target]
        for pin in changed:
            print(
                f"{escape_text(pin_file.shown)}:{pin.line}:{pin.col}: "
                f"cohortkit {escape_text(pin.release)} {becomes} {target}"
            )
        if changed:
            moving.append(pin_file)
    return moving


def _runtime_lock(root: Path, installed: bool, target: str, check: bool) -> str | None:
    """The installed release's lock, when the repository's differs from it; None when nothing to write."""
    if not installed:
        # This release has only its own lock: the new one comes with the new release.
        left = "would be left" if check else "left"
        print(
            f"{RUNTIME_LOCK}: {left} as it is (this is cohortkit {__version__}); the cohortkit "
            f"upgrade of {target}, once installed, replaces it with that release's lock"
        )
        return None
    ours = packaged_runtime_lock()
    path = root / RUNTIME_LOCK
    if path.exists() or path.is_symlink():
        theirs, problem = read_small_text(path, RUNTIME_LOCK)
        if problem is None and theirs == ours:
            return None
    replaced = "would be replaced" if check else "replaced"
    print(f"{RUNTIME_LOCK}: {replaced} with cohortkit {target}'s lock of its dependencies")
    return ours


def _data_plan(root: Path, log: Changelog, target: str, pinned: str, check: bool) -> TreePlan | None:
    """The data's migration to what `target` reads, with the schema changes listed; None when nothing to do.

    `pinned` is the oldest release the repository pins, the one its data was written with.
    """
    marker = read_marker(root)
    if release_key(target) > release_key(__version__):
        print(
            f"cohortkit {target} is newer than this cohortkit ({__version__}): install it and run its "
            "cohortkit upgrade again, which lists its schema changes and migrates the data"
        )
        return None
    wanted = log.read_by(target)
    if marker.version is not None or marker.present:
        recorded = marker.version or log.current  # a marker that does not say refuses below
    else:
        # Made before init wrote the marker: the data is what the pinned release wrote. (After
        # Dependabot moved the pins this says too little, and validate's advice catches that.)
        recorded = log.read_by(pinned) if release_key(pinned) >= release_key(log.versions[0].since) else 1
        print(
            f"{MARKER} is missing: the data is taken to be in data version {recorded}, the one "
            f"cohortkit {pinned} (pinned) reads; {'it would be written' if check else 'it is written now'}"
        )
    if recorded > wanted:
        raise CohortkitError(
            f"the data is in data version {recorded}, which cohortkit {target} does not read "
            f"(it reads {wanted}); move to a later release"
        )
    if recorded == wanted and marker.present and not marker.problems:
        print(f"the data is in data version {recorded}, the one cohortkit {target} reads: no schema changes")
        return None
    versions = log.between(recorded, wanted)
    for version in versions:
        for line in describe(version, log):
            print(line)
    plan = plan_tree(root, recorded, wanted, versions, marker)
    if not marker.present:
        plan.marker_after = new_marker_text(wanted)
    return plan
