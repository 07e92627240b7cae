"""`cohortkit init [DIR]`: start a new program's repository, validate it and build its site at once.

Answers come from flags; whatever is missing is asked for when stdin is a
terminal, and is an error naming the flag when it is not (so scripts and CI
never hang on a prompt). Nothing is written when any file is in the way,
unless --force.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from cohortkit.commands.today_option import add_today_argument
from cohortkit.data.datatree import EDITOR_SCHEMAS
from cohortkit.data.editor_schemas import write_editor_schemas
from cohortkit.data.schemas import packaged_schema_dir
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS, CohortkitError
from cohortkit.program.codeowners import PATH as CODEOWNERS
from cohortkit.program.codeowners import generate
from cohortkit.site.pipeline import build_pages
from cohortkit.starter.answers import (
    Answers,
    check_colour,
    check_coordinators,
    check_name,
    check_repository,
    check_site_url,
    default_site_url,
)
from cohortkit.starter.colours import palette_warning
from cohortkit.starter.scaffold import render, write
from cohortkit.support.atomic_file import write_atomically
from cohortkit.validation.pipeline import validate_tree
from cohortkit.validation.report import write_report
from cohortkit.validation.rules.codeowners import RULE as CODEOWNERS_RULE

T = TypeVar("T")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir", nargs="?", type=Path, default=Path(), help="the new repository (default: here)"
    )
    parser.add_argument("--name", help="the program's name, as its site shows it")
    parser.add_argument(
        "--coordinator",
        action="append",
        default=[],
        metavar="LOGIN",
        help="a coordinator's GitHub login (repeat, or separate with commas); the last one mentors the first cohort",
    )
    parser.add_argument("--repo", metavar="OWNER/NAME", help="the program's repository on GitHub")
    parser.add_argument(
        "--site-url", help="where the site is published (default: the repository's GitHub Pages address)"
    )
    parser.add_argument(
        "--primary", default=None, help="a Material primary colour name, or #rrggbb (default: indigo)"
    )
    parser.add_argument(
        "--accent", default=None, help="a Material accent colour name, or #rrggbb (default: amber)"
    )
    parser.add_argument("--force", action="store_true", help="replace files that are already there")
    parser.add_argument(
        "--no-build", action="store_true", help="write and validate the files; do not build the site"
    )
    add_today_argument(parser, "the first term's dates start from")


def _ask(question: str, flag: str, default: str | None = None) -> str:
    shown = f"{question} [{default}]: " if default else f"{question}: "
    try:
        answer = input(shown).strip()
    except EOFError:  # Ctrl-D, or a terminal whose input ended: nothing is written
        print(file=sys.stderr)
        raise CohortkitError(
            f"no answer to {question!r}; nothing was written (or give it as {flag})"
        ) from None
    return answer or (default or "")


def _answer(
    value: str | None, question: str, flag: str, check: Callable[[str], T], default: str | None = None
) -> T:
    """A flag's value, checked; else, in a terminal, asked until an answer passes `check`."""
    if value is not None:
        return check(value)
    if not sys.stdin.isatty():
        if default is not None:
            return check(default)
        raise CohortkitError(f"{flag} is required when cohortkit init is not run in a terminal")
    while True:
        answer = _ask(question, flag, default)  # Ctrl-D stops here, never asked again
        try:
            return check(answer)
        except CohortkitError as exc:  # said, and asked again: a typo costs no restart
            print(f"  {exc}", file=sys.stderr)


def gather(args: argparse.Namespace) -> Answers:
    name = _answer(args.name, "Program name", "--name", check_name)
    logins = (
        check_coordinators(args.coordinator)
        if args.coordinator
        else _answer(
            None,
            "Coordinators' GitHub logins (comma-separated)",
            "--coordinator",
            lambda text: check_coordinators([text]),
        )
    )
    repository = _answer(args.repo, "GitHub repository (OWNER/NAME)", "--repo", check_repository)
    site_url = _answer(
        args.site_url, "Site address", "--site-url", check_site_url, default_site_url(repository)
    )
    primary = _answer(
        args.primary,
        "Primary colour (a name or #rrggbb)",
        "--primary",
        lambda text: check_colour(text, "primary"),
        "indigo",
    )
    accent = _answer(
        args.accent,
        "Accent colour (a name or #rrggbb)",
        "--accent",
        lambda text: check_colour(text, "accent"),
        "amber",
    )
    return Answers(name, logins, repository, site_url, primary, accent)


def run(args: argparse.Namespace) -> int:
    root: Path = args.dir
    if root.exists() and not root.is_dir():
        raise CohortkitError(f"{root} is not a folder")
    answers = gather(args)
    today: date = args.today or date.today()
    files = render(answers, today)
    schemas = tuple(f"{EDITOR_SCHEMAS}/{p.name}" for p in sorted(packaged_schema_dir().glob("*.schema.json")))
    write(root, files, args.force, later=schemas, also=(CODEOWNERS,))
    write_editor_schemas(root)  # what the files' first lines name, for editors at once
    warning = palette_warning(answers.colours.primary)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    tree, problems = validate_tree(root)
    # CODEOWNERS is generated from the data just below: one left by an earlier init is no error.
    errors = [p for p in problems if p.severity == "error" and p.rule != CODEOWNERS_RULE]
    if errors:
        write_report(errors, tree.file_count, "text", sys.stdout)
        print(
            f"cohortkit: wrote {len(files)} files into {root}, but the data there does not validate "
            "(above: files that were there before, or a --force over another program); fix them and "
            "run cohortkit validate",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    # Atomically: a link planted at the path is replaced, never written through.
    write_atomically(root / CODEOWNERS, generate(tree.model).encode("utf-8"))
    print(
        f"wrote {answers.name} into {root}: programs/, cohorts/, people/, mkdocs.yml, .github/",
        file=sys.stderr,
    )
    if args.no_build:
        return EXIT_OK
    return _build(root, today)


def _build(root: Path, today: date) -> int:
    result = build_pages(root, root / "build" / "docs", today, None, ())
    if result.problems:
        sys.stdout.write(result.problems)
        return EXIT_PROBLEMS
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", "site"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0:
        sys.stderr.write(built.stdout + built.stderr)
        raise CohortkitError(f"mkdocs could not build the new site in {root}; its messages are above")
    print(
        f"built the site into {root / 'site'}; next: the setup checklist in {root / 'README.md'}",
        file=sys.stderr,
    )
    return EXIT_OK
