"""`cohortkit schemas`: copy the installed release's schemas where the data files' first line points editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cohortkit.data.editor_schemas import write_editor_schemas
from cohortkit.errors import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="the repository (default: here)")


def run(args: argparse.Namespace) -> int:
    result = write_editor_schemas(args.root)
    if result.own:
        print("schemas/: this repository's own schemas judge its files; nothing to copy", file=sys.stderr)
    elif result.written or result.removed:
        changed = [*(f"wrote {p}" for p in result.written), *(f"removed {p}" for p in result.removed)]
        print("\n".join(changed), file=sys.stderr)
    else:
        print(f"{result.folder}/: up to date", file=sys.stderr)
    return EXIT_OK
