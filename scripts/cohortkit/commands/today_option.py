"""The `--today` option: every command that judges dates takes the day to judge them on."""

from __future__ import annotations

import argparse
from datetime import date


def add_today_argument(parser: argparse.ArgumentParser, judged: str) -> None:
    """`judged` says what the day decides, for the help text ("enrollment windows")."""
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help=f"judge {judged} as of this day (default: the real date)",
    )
