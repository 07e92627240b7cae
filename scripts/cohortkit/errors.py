"""The one error type for conditions that stop a command, and the exit codes.

Problems in data files are not errors: they are collected as `Problem`s and
reported together. `CohortkitError` is for what makes a command unable to run
at all (a missing folder, a bad argument), and maps to exit code 2. So do an
unreachable GitHub API and GitHub's refusals (token, permission, rate limit, no
such repository), which `cli.main` puts in one line through
`github_client.explain_failure`.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class CohortkitError(Exception):
    """A condition the user can fix, reported as one line without a traceback."""

    exit_code = EXIT_USAGE
