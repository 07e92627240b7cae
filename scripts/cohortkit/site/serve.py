"""`cohortkit site serve`: MkDocs' live-reloading server, plus regeneration when data changes.

MkDocs only watches its docs_dir, which here is build output. This loop
watches the sources (data, hand-written docs, templates, the progress file)
and regenerates; the sync writes only pages whose text changed, and MkDocs
sees those and reloads the browser. Polling keeps it free of dependencies
and works the same on every platform; a look at ten thousand files takes
tens of milliseconds.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from cohortkit.errors import EXIT_OK, CohortkitError

Snapshot = dict[str, tuple[int, int]]


def _snapshot(places: Iterable[Path]) -> Snapshot:
    seen: Snapshot = {}
    for place in places:
        if place.is_file():
            stat = place.stat()
            seen[str(place)] = (stat.st_mtime_ns, stat.st_size)
        elif place.is_dir():
            for path in place.rglob("*"):
                if path.is_file():
                    stat = path.stat()
                    seen[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return seen


def _watched(args: argparse.Namespace) -> list[Path]:
    root: Path = args.root
    places = [root / name for name in ("programs", "cohorts", "people", "docs", "schemas")]
    places.extend(args.templates)
    if args.progress is not None:
        places.append(args.progress)
    return places


def _generate(args: argparse.Namespace) -> bool:
    from cohortkit.site.pipeline import build_pages

    try:
        result = build_pages(
            args.root, args.out, args.today, args.progress, args.templates, args.image_host, args.pdfs
        )
    except CohortkitError as exc:
        print(f"cohortkit site: {exc}", file=sys.stderr)
        return False
    if result.problems:
        print(result.problems, file=sys.stderr, end="")
        print("cohortkit site: pages not updated until the data is fixed", file=sys.stderr)
        return False
    if result.sync and result.sync.written + result.sync.removed:
        print(
            f"cohortkit site: {result.sync.written} pages updated, {result.sync.removed} removed",
            file=sys.stderr,
        )
    return True


def serve(args: argparse.Namespace, mkdocs_args: Sequence[str]) -> int:
    _generate(args)
    command = [sys.executable, "-m", "mkdocs", "serve", *mkdocs_args]
    server = subprocess.Popen(command, cwd=args.root)
    places = _watched(args)
    before = _snapshot(places)
    try:
        while server.poll() is None:
            time.sleep(args.interval)
            now = _snapshot(places)
            if now != before:
                before = now
                _generate(args)
    except KeyboardInterrupt:
        pass
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    return EXIT_OK if server.returncode in (0, -15, None) else int(server.returncode)
