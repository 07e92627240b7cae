"""Command-line entry point: parse arguments and dispatch, nothing else."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from types import ModuleType

from cohortkit import __version__
from cohortkit.commands import (
    attendance,
    certificates,
    checkins,
    codeowners,
    health,
    init,
    intake,
    labels,
    match,
    metrics,
    migrate,
    progress,
    review_comment,
    review_pr,
    schemas,
    site,
    upgrade,
    validate,
    verify_badge,
    welcome,
)
from cohortkit.commands.github_options import save_caches
from cohortkit.errors import EXIT_USAGE, CohortkitError
from cohortkit.github.failures import explain_failure

Runner = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cohortkit", description="Run a mentoring program as a Git repository."
    )
    parser.add_argument("--version", action="version", version=f"cohortkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate",
        help="check every data file against its schema and the cross-file rules",
        description="Check programs/, cohorts/ and people/; report every problem as path:line:col. "
        "Exit 0 when clean, 1 when problems were found, 2 when the check could not run.",
    )
    validate.add_arguments(check)
    check.set_defaults(run=validate.run)
    site_parser = commands.add_parser(
        "site",
        help="generate the public site's pages from the data (build-pages), or serve them while editing",
        description="Generate the site's Markdown pages for MkDocs from the validated data.",
    )
    site.add_arguments(site_parser)
    # One line per subcommand module; each module has add_arguments(parser) and run(args) -> int.
    more_commands: tuple[tuple[str, ModuleType, str], ...] = (
        ("init", init, "start a new program's repository (data, site, workflows, forms), built at once"),
        (
            "migrate",
            migrate,
            "rewrite the data files into this release's data version, keeping comments and order",
        ),
        (
            "upgrade",
            upgrade,
            "move a program's repository to a cohortkit release: pins, lock, schema changes, data",
        ),
        ("checkins", checkins, "open due check-in issues, note missed ones, update tracking issues"),
        ("labels", labels, "create and fix the labels cohortkit uses on GitHub"),
        ("health", health, "report inactive or overloaded mentors and cohorts without one, in one issue"),
        ("progress", progress, "read check-in issues back into a progress snapshot (JSON) for the site"),
        ("intake", intake, "turn a sign-up issue form into files for a pull request, or say what to fix"),
        ("review-pr", review_pr, "judge what a pull request changes in the data and whose approval it needs"),
        (
            "review-comment",
            review_comment,
            "post a pull request's review: one comment, labels, review requests",
        ),
        (
            "attendance",
            attendance,
            "write the attendance the check-ins show into the cohort files, for a pull request",
        ),
        (
            "certificates",
            certificates,
            "list who earned a certificate in each finished cohort, and what everyone else is missing",
        ),
        (
            "metrics",
            metrics,
            "each program's figures per term and year against its own targets, small numbers hidden",
        ),
        (
            "match",
            match,
            "propose cohorts for everyone waiting, exactly, with the reasons; --write adds them for review",
        ),
        ("codeowners", codeowners, "generate .github/CODEOWNERS from the data; --write it or --check it"),
        (
            "schemas",
            schemas,
            "copy this release's schemas into .cohortkit/schemas/, where data files point editors",
        ),
        (
            "verify-badge",
            verify_badge,
            "check an Open Badges 2.0 hosted assertion as a verifier would, revocation included",
        ),
        ("welcome", welcome, "open an introduction issue for each membership a push made new"),
    )
    for name, module, summary in more_commands:
        sub = commands.add_parser(name, help=summary, description=f"{summary[0].upper()}{summary[1:]}.")
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    runner: Runner = args.run
    try:
        return runner(args)
    except CohortkitError as exc:
        print(f"cohortkit: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_USAGE
    except Exception as exc:
        # The network, or GitHub refusing us (token, permission, rate limit, no such
        # repository), is the environment, not a bug: one line naming what to check, and
        # exit 2 like any other condition that kept the command from running. Exit 1
        # stays "the data has problems", which these are not.
        explained = explain_failure(exc)
        if explained is not None:
            if os.environ.get("COHORTKIT_DEBUG"):
                traceback.print_exc()
            print(f"cohortkit: {explained}", file=sys.stderr)
            return EXIT_USAGE
        # Anything else is a bug of ours: users get one line, developers can ask for more.
        if os.environ.get("COHORTKIT_DEBUG"):
            traceback.print_exc()
        else:
            print(
                f"cohortkit: internal error ({type(exc).__name__}: {exc}); this is a bug in cohortkit, "
                "please report it (set COHORTKIT_DEBUG=1 to see the traceback)",
                file=sys.stderr,
            )
        return EXIT_USAGE
    finally:
        # Whatever became of the command, what its requests learned saves the next one requests.
        save_caches()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
