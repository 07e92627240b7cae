"""Arguments shared by the subcommands that talk to GitHub."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cohortkit.github.budget import budget_for_pace
from cohortkit.github.client import RepoClient
from cohortkit.github.conditional_cache import ConditionalCache
from cohortkit.github.settings import ClientSettings


def add_github_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repo", required=True, metavar="OWNER/NAME", help="the repository whose issues the tool keeps"
    )
    parser.add_argument("--root", type=Path, default=Path(), help="the data repository (default: here)")
    parser.add_argument(
        "--pace",
        type=float,
        default=None,
        metavar="SECONDS",
        help="least time between two writes (default: within GitHub's limits, one every 7.5 s; 0: none)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=50.0,
        metavar="MINUTES",
        help="stop cleanly after this long, before the job's own limit; the next run finishes (default 50)",
    )
    parser.add_argument(
        "--etag-cache",
        type=Path,
        default=None,
        metavar="FILE",
        help="keep listings with their ETags in FILE and ask again conditionally: an unchanged one "
        "costs nothing (GitHub's ETags hold for one token: share FILE between the steps of one job)",
    )


def add_planning_arguments(parser: argparse.ArgumentParser, planned: str) -> None:
    """--today, --dry-run and --site-url, for commands that plan issues before writing them."""
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="act as if today were YYYY-MM-DD"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help=f"print the planned {planned} as a table; write nothing"
    )
    parser.add_argument(
        "--site-url",
        default=None,
        help="base URL of the published site, for links (default: mkdocs.yml site_url)",
    )


# Caches opened by this process, saved by `save_caches` when the command ends, however it ends.
_OPENED: list[ConditionalCache] = []


def client_from_args(args: argparse.Namespace) -> RepoClient:
    budget = budget_for_pace(args.pace)
    budget.seconds = args.time_limit * 60
    cache = None
    if getattr(args, "etag_cache", None) is not None:
        cache = ConditionalCache(args.etag_cache, log=lambda line: print(line, file=sys.stderr))
        _OPENED.append(cache)
    return RepoClient(ClientSettings.from_environment(pace=args.pace), args.repo, budget=budget, cache=cache)


def save_caches() -> None:
    """Writes what the command's requests learned; a cache that cannot be written only costs requests."""
    while _OPENED:
        cache = _OPENED.pop()
        try:
            cache.save()
        except OSError as exc:
            print(f"warning: could not write {cache.path}: {exc.strerror or exc}", file=sys.stderr)
        if cache.hits:
            print(
                f"{cache.hits} listing page(s) unchanged since they were kept (304, not counted)",
                file=sys.stderr,
            )
