"""`cohortkit codeowners`: print, write or check .github/CODEOWNERS from the data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cohortkit.data.load import load_tree
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS, CohortkitError
from cohortkit.program.codeowners import COMMAND, PATH, compare, generate, read_committed, unbuilt


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="the repository (default: here)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help=f"write {PATH} (default: print it)")
    mode.add_argument(
        "--check", action="store_true", help=f"exit 1 when the committed {PATH} differs from the data"
    )


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    model = load_tree(root).model
    broken = unbuilt(model)
    if broken:
        # Without them the file would silently lose their lines.
        raise CohortkitError(
            f"cannot build {PATH}: {', '.join(broken)} failed their checks; run cohortkit validate and fix them first"
        )
    text = generate(model)
    if args.check:
        committed = read_committed(root)
        if committed is None:
            print(f"{PATH}: missing (run {COMMAND} and commit it)", file=sys.stderr)
            return EXIT_PROBLEMS
        drift = compare(committed, text)
        if drift is not None:
            print(f"{PATH}:{drift.line}:{drift.col}: {drift.message} ({drift.fix})", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"{PATH}: up to date", file=sys.stderr)
        return EXIT_OK
    if args.write:
        committed = read_committed(root)  # refuses a link or a folder in the way
        if committed is not None and compare(committed, text) is None:
            print(f"{PATH}: already up to date", file=sys.stderr)
            return EXIT_OK
        target = root / PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {PATH}", file=sys.stderr)
        return EXIT_OK
    sys.stdout.write(text)
    return EXIT_OK
