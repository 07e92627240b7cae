"""`cohortkit attendance`: what the check-ins show, written into the cohort files for a pull request."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cohortkit.checkins.attendance import apply, plan
from cohortkit.commands.valid_data import valid_tree
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS, CohortkitError
from cohortkit.validation.pipeline import validate_tree

MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="the data repository (default: here)")
    parser.add_argument(
        "--progress",
        type=Path,
        required=True,
        metavar="FILE",
        help="the snapshot `cohortkit progress --out FILE` wrote from the check-in issues",
    )
    parser.add_argument("--cohort", default=None, help="only this cohort (its id)")
    parser.add_argument(
        "--write", action="store_true", help="edit the cohort files (default: print the changes only)"
    )


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    tree = valid_tree(root)
    if tree is None:
        return EXIT_PROBLEMS
    changes = plan(tree.model, _read_snapshot(args.progress), args.cohort)
    for change in changes:
        print(change.describe())
    if not changes:
        print("attendance: the cohort files already say everything the check-ins show", file=sys.stderr)
        return EXIT_OK
    if not args.write:
        print(
            f"attendance: {len(changes)} change(s) to make; run again with --write to make them",
            file=sys.stderr,
        )
        return EXIT_OK
    try:
        edited = apply(root, changes)
    except (OSError, ValueError) as exc:
        raise CohortkitError(f"attendance: nothing written: {exc}") from exc
    originals = {path: path.read_bytes() for path in edited}
    for path, text in edited.items():
        temporary = path.with_name(f".{path.name}.attendance.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    _, after = validate_tree(root)
    if any(p.severity == "error" for p in after):
        for path, data in originals.items():
            path.write_bytes(data)  # never leave the record worse than it was
        raise CohortkitError(
            "attendance: the edited files did not validate, so every file was restored: "
            + "; ".join(p.text for p in after if p.severity == "error")[:2000]
        )
    print(f"attendance: {len(changes)} change(s) written to {len(edited)} cohort file(s)", file=sys.stderr)
    return EXIT_OK


def _read_snapshot(path: Path) -> dict[str, object]:
    try:
        if not path.is_file():
            raise CohortkitError(f"{path}: no such file (run cohortkit progress --out {path} first)")
        if path.stat().st_size > MAX_SNAPSHOT_BYTES:
            raise CohortkitError(
                f"{path}: larger than {MAX_SNAPSHOT_BYTES // (1024 * 1024)} MiB; not a snapshot"
            )
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise CohortkitError(
            f"{path}: not a progress snapshot ({type(exc).__name__}); run cohortkit progress again"
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("cohorts"), dict):
        raise CohortkitError(f"{path}: not a progress snapshot (no cohorts); run cohortkit progress again")
    return data
