"""`cohortkit match`: propose cohorts for everyone waiting, with the reasons, and write them for review."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cohortkit.commands.today_option import add_today_argument
from cohortkit.commands.valid_data import valid_tree
from cohortkit.data.load import load_tree
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CohortkitError
from cohortkit.matching.report import as_json, as_markdown, as_text
from cohortkit.matching.result import MatchResult
from cohortkit.matching.run import match
from cohortkit.matching.write import edited_files
from cohortkit.program.codeowners import PATH as CODEOWNERS
from cohortkit.program.codeowners import generate, read_committed
from cohortkit.validation.pipeline import validate_tree

FORMATS = {"text": as_text, "json": as_json, "markdown": as_markdown}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="the data repository (default: here)")
    parser.add_argument("--program", default=None, metavar="ID", help="only this program")
    parser.add_argument("--term", default=None, metavar="ID", help="only cohorts of this term")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text", help="how to print the result")
    parser.add_argument(
        "--write",
        action="store_true",
        help="add the proposed memberships to the cohort files (default: print them only)",
    )
    add_today_argument(parser, "enrollment windows, away mentors and meeting dates")


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    today: date = args.today or date.today()
    tree = valid_tree(root, today)
    if tree is None:
        return EXIT_PROBLEMS
    model = tree.model
    if args.program is not None and args.program not in model.programs:
        print(
            f"cohortkit: no program {args.program!r} (known: {', '.join(sorted(model.programs))})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.term is not None and not any(p.term(args.term) for p in model.programs.values()):
        print(f"cohortkit: no program has a term {args.term!r}", file=sys.stderr)
        return EXIT_USAGE
    result = match(model, today, args.program, args.term)
    sys.stdout.write(FORMATS[args.format](result))
    if args.write:
        _write(root, result, today)
    return EXIT_OK


def _write(root: Path, result: MatchResult, today: date) -> None:
    if not result.proposals:
        print("match: nothing to write", file=sys.stderr)
        return
    try:
        edited = edited_files(root, result.proposals, today)
    except (OSError, ValueError) as exc:
        raise CohortkitError(f"match: nothing written: {exc}") from exc
    originals: dict[Path, bytes | None] = {path: path.read_bytes() for path in edited}
    owners = root / CODEOWNERS
    try:
        for path, text in edited.items():
            _replace(path, text)
        if any(p.role == "mentor" for p in result.proposals) and read_committed(root) is not None:
            originals.setdefault(owners, owners.read_bytes())
            _replace(owners, generate(load_tree(root).model))
        _, problems = validate_tree(root, today)
        errors = [p for p in problems if p.severity == "error"]
    except BaseException:
        _restore(originals)
        raise
    if errors:
        _restore(originals)  # never leave the data worse than it was
        raise CohortkitError(
            "match: the edited files did not validate, so every file was restored: "
            + "; ".join(p.text for p in errors)[:2000]
        )
    print(
        f"match: {len(result.proposals)} membership(s) written to {len(edited)} cohort file(s)",
        file=sys.stderr,
    )


def _replace(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.match.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    temporary.replace(path)


def _restore(originals: dict[Path, bytes | None]) -> None:
    for path, data in originals.items():
        if data is not None:
            path.write_bytes(data)
