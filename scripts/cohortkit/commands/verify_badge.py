"""`cohortkit verify-badge URL-or-FILE`: check an Open Badges 2.0 hosted assertion as a verifier would."""

from __future__ import annotations

import argparse
import json
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS, CohortkitError
from cohortkit.outcomes.badge_check import verify

MAX_BYTES = 1024 * 1024  # an assertion is a few hundred bytes; anything this big is not one
TIMEOUT = 15


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assertion", help="the assertion's address (https://...) or a saved copy of it")
    parser.add_argument(
        "--recipient",
        default="",
        help="check the badge was issued to this identity (for our badges: https://github.com/LOGIN)",
    )


def run(args: argparse.Namespace) -> int:
    source: str = args.assertion
    document = fetch(source) if source.startswith(("http://", "https://")) else _read(Path(source))
    verdict = verify(document, fetch, datetime.now(UTC), args.recipient)
    for fact in verdict.facts:
        print(f"valid: {fact}")
    for problem in verdict.problems:
        print(f"not valid: {problem}")
    return EXIT_OK if verdict.valid else EXIT_PROBLEMS


def fetch(url: str) -> Mapping[str, Any]:
    """One JSON document over http(s), size- and time-limited; anything else is a clear error."""
    if not url.startswith(("http://", "https://")):
        raise CohortkitError(f"{url!r} is not an http(s) address; a hosted badge links only to such")
    request = urllib.request.Request(url, headers={"Accept": "application/ld+json, application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CohortkitError(f"could not fetch {url}: {exc}") from exc
    if len(body) > MAX_BYTES:
        raise CohortkitError(f"{url} is larger than {MAX_BYTES // 1024} KiB: not a badge document")
    return _parse(body, url)


def _read(path: Path) -> Mapping[str, Any]:
    try:
        if not path.is_file():
            raise CohortkitError(f"{path}: no such file (give the assertion's address or a saved copy)")
        if path.stat().st_size > MAX_BYTES:
            raise CohortkitError(f"{path} is larger than {MAX_BYTES // 1024} KiB: not a badge document")
        return _parse(path.read_bytes(), str(path))
    except OSError as exc:
        raise CohortkitError(f"{path}: {exc.strerror or exc}") from exc


def _parse(body: bytes, where: str) -> Mapping[str, Any]:
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise CohortkitError(f"{where} is not JSON ({type(exc).__name__}): not a badge document") from exc
    if not isinstance(document, dict):
        raise CohortkitError(f"{where} is not a JSON object: not a badge document")
    return document
