"""`cohortkit site`: generate the site's pages (build-pages) or serve them while you edit (serve)."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS, CohortkitError
from cohortkit.site.serve import serve

DEFAULT_OUT = Path("build/docs")


def _today(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written as YYYY-MM-DD") from None


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="the program repository (default: here)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder to assemble the site's sources in, mkdocs.yml's docs_dir (default: ROOT/build/docs)",
    )
    parser.add_argument(
        "--today", type=_today, default=None, help="build as of this day, YYYY-MM-DD (default: the real date)"
    )
    parser.add_argument(
        "--progress",
        type=Path,
        default=None,
        help="progress snapshot JSON written by the check-in automation",
    )
    parser.add_argument(
        "--templates",
        type=Path,
        action="append",
        default=None,
        help="folder of templates that replace the built-in ones by name (default: ROOT/templates if it exists)",
    )
    parser.add_argument(
        "--pdfs",
        action="store_true",
        help="also draw each listed earner's certificate as a PDF beside its page (about 25 ms each; "
        "`cohortkit certificates --pdf DIR` draws them on demand instead)",
    )
    parser.add_argument(
        "--image-host",
        action="append",
        default=[],
        metavar="HOST",
        help="a host that Markdown images may come from (default: none; images elsewhere become links)",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="site_command", required=True, metavar="ACTION")
    build = actions.add_parser(
        "build-pages",
        help="validate the data, then write the generated pages next to docs/ in the build folder",
        description="Validate, then assemble docs/ and the generated pages in OUT for `mkdocs build`. "
        "Exit 0 when written, 1 when the data has errors (nothing is written), 2 when it could not run.",
    )
    _common(build)
    build.set_defaults(run=run_build)
    watch = actions.add_parser(
        "serve",
        help="build the pages, run `mkdocs serve`, and rebuild the pages whenever a data file changes",
        description="Generate the pages, start `mkdocs serve`, and regenerate when programs/, cohorts/, "
        "people/, docs/, templates or the progress file change; the browser reloads by itself.",
    )
    _common(watch)
    watch.add_argument("--interval", type=float, default=1.0, help="seconds between looks for changes")
    watch.add_argument(
        "mkdocs_args", nargs=argparse.REMAINDER, help="arguments after -- go to `mkdocs serve`"
    )
    watch.set_defaults(run=run_serve)


def _resolve(args: argparse.Namespace) -> None:
    args.out = args.out if args.out is not None else args.root / DEFAULT_OUT
    if args.templates is None:
        own = args.root / "templates"
        args.templates = [own] if own.is_dir() else []
    args.today = args.today or date.today()


def run_build(args: argparse.Namespace) -> int:
    from cohortkit.site.pipeline import build_pages

    _resolve(args)
    started = time.perf_counter()
    result = build_pages(
        args.root, args.out, args.today, args.progress, args.templates, args.image_host, args.pdfs
    )
    if result.problems:
        print(result.problems, file=sys.stderr, end="")
        print(
            "cohortkit site: the data has errors; fix them (cohortkit validate) and build again",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    report = result.sync
    if report is None:  # pragma: no cover (problems and sync are exclusive)
        raise CohortkitError("nothing was written")
    for path in report.overridden:
        print(f"cohortkit site: docs/{path} replaces the generated page of the same name", file=sys.stderr)
    for warning in result.warnings:
        print(f"cohortkit site: {warning}", file=sys.stderr)
    phases = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.seconds.items())
    print(
        # Pages are what the data generates; files are those and the hand-written pages and assets.
        f"{result.pages} pages generated; {report.written + report.unchanged} files in {args.out}: "
        f"{report.written} written, {report.unchanged} unchanged, {report.removed} removed "
        f"({time.perf_counter() - started:.1f} s: {phases})"
    )
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    _resolve(args)
    extra = [a for a in args.mkdocs_args if a != "--"]
    return serve(args, extra)
