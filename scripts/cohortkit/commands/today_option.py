"""The `--today` option: every command that judges dates takes the day to judge them on."""

from __future__ import annotations

import argparse
from datetime import date


def day(text: str) -> date:
    """A calendar day as YYYY-MM-DD; argparse shows the message (not Python's "invalid fromisoformat value")."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day of the calendar written as YYYY-MM-DD (such as 2026-03-02)"
        ) from None


def add_today_argument(parser: argparse.ArgumentParser, judged: str) -> None:
    """`judged` says what the day decides, for the help text ("enrollment windows")."""
    parser.add_argument(
        "--today",
        type=day,
        default=None,
        metavar="YYYY-MM-DD",
        help=f"judge {judged} as of this day (default: the real date)",
    )
