"""Arguments shared by the subcommands that talk to GitHub."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from cohortkit.github_client import ClientSettings, RepoClient


def add_github_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repo", required=True, metavar="OWNER/NAME", help="the repository whose issues the tool keeps"
    )
    parser.add_argument("--root", type=Path, default=Path(), help="the data repository (default: here)")
    parser.add_argument(
        "--pace", type=float, default=1.0, metavar="SECONDS", help="pause between two writes (default 1)"
    )


def client_from_args(args: argparse.Namespace) -> RepoClient:
    return RepoClient(ClientSettings.from_environment(pace=args.pace), args.repo)


def site_url(root: Path) -> str:
    """mkdocs.yml's site_url, read as text: the file may hold tags a safe YAML load refuses."""
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        return ""
    match = re.search(r"^site_url:\s*['\"]?(https?://[^\s'\"]+)", text, re.MULTILINE)
    return match[1] if match else ""
