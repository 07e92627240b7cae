"""Command-line entry point: parse arguments and dispatch, nothing else."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from cohortkit import __version__
from cohortkit.errors import EXIT_USAGE, CohortkitError
from cohortkit.github.failures import explain_failure

Runner = Callable[[argparse.Namespace], int]

# Every subcommand and its help line; its module is cohortkit.commands.<name with _ for ->
# (add_arguments(parser) and run(args) -> int). Only the module of the command being run is
# imported: the others pull in cairo, networkx or PyGithub, and every start would pay for them.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("validate", "check every data file against its schema and the cross-file rules"),
    ("site", "generate the public site's pages from the data (build-pages), or serve them while editing"),
    ("init", "start a new program's repository (data, site, workflows, forms), built at once"),
    ("migrate", "rewrite the data files into this release's data version, keeping comments and order"),
    ("upgrade", "move a program's repository to a cohortkit release: pins, lock, schema changes, data"),
    ("checkins", "open due check-in issues, note missed ones, update tracking issues"),
    ("labels", "create and fix the labels cohortkit uses on GitHub"),
    ("health", "report inactive or overloaded mentors and cohorts without one, in one issue"),
    ("progress", "read check-in issues back into a progress snapshot (JSON) for the site"),
    ("intake", "turn a sign-up issue form into files for a pull request, or say what to fix"),
    ("review-pr", "judge what a pull request changes in the data and whose approval it needs"),
    ("review-comment", "post a pull request's review: one comment, labels, review requests"),
    ("attendance", "write the attendance the check-ins show into the cohort files, for a pull request"),
    (
        "certificates",
        "list who earned a certificate in each finished cohort, and what everyone else is missing",
    ),
    ("metrics", "each program's figures per term and year against its own targets, small numbers hidden"),
    (
        "match",
        "propose cohorts for everyone waiting, exactly, with the reasons; --write adds them for review",
    ),
    ("codeowners", "generate .github/CODEOWNERS from the data; --write it or --check it"),
    ("schemas", "copy this release's schemas into .cohortkit/schemas/, where data files point editors"),
    ("verify-badge", "check an Open Badges 2.0 hosted assertion as a verifier would, revocation included"),
    ("welcome", "open an introduction issue for each membership a push made new"),
)
# Where a command says more than its help line; the others' description is the line, capitalised.
_DESCRIPTIONS = {
    "validate": "Check programs/, cohorts/ and people/; report every problem as path:line:col. "
    "Exit 0 when clean, 1 when problems were found, 2 when the check could not run.",
    "site": "Generate the site's Markdown pages for MkDocs from the validated data.",
}
_NAMES = frozenset(name for name, _ in COMMANDS)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, just that command's options are loaded (the others list their help)."""
    parser = argparse.ArgumentParser(
        prog="cohortkit", description="Run a mentoring program as a Git repository."
    )
    parser.add_argument("--version", action="version", version=f"cohortkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_line in COMMANDS:
        description = _DESCRIPTIONS.get(name, f"{help_line[0].upper()}{help_line[1:]}.")
        sub = commands.add_parser(name, help=help_line, description=description)
        if only is None or only == name:
            module = importlib.import_module(f"cohortkit.commands.{name.replace('-', '_')}")
            module.add_arguments(sub)
            if hasattr(module, "run"):  # `site` sets one run per subcommand of its own
                sub.set_defaults(run=module.run)
    return parser


def _command_in(argv: Sequence[str]) -> str:
    """The subcommand `argv` names ("" when none: --help, --version, or a mistyped one)."""
    first = next((arg for arg in argv if not arg.startswith("-")), "")
    return first if first in _NAMES else ""


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser(_command_in(arguments)).parse_args(arguments)
    except KeyboardInterrupt:  # Ctrl-C while the command's libraries load: no traceback
        return 130
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
        if "cohortkit.commands.github_options" in sys.modules:  # only commands that reach GitHub
            sys.modules["cohortkit.commands.github_options"].save_caches()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
