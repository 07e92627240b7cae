"""`cohortkit labels sync`: create the labels the tool uses and keep them as defined."""

from __future__ import annotations

import argparse
import sys

from cohortkit.checkins.labels import wanted_labels
from cohortkit.commands.github_options import add_github_arguments, client_from_args
from cohortkit.data.load import load_tree
from cohortkit.errors import EXIT_OK, CohortkitError
from cohortkit.github.labels import plan_label_sync
from cohortkit.github.writers import PERFORMED, PLANNED


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action", choices=["sync"], help="sync: create missing labels, fix colour and description"
    )
    add_github_arguments(parser)
    parser.add_argument("--dry-run", action="store_true", help="print the changes; write nothing")


def run(args: argparse.Namespace) -> int:
    tree = load_tree(args.root)
    if tree.problems:
        raise CohortkitError("the data has problems; run cohortkit validate and fix them first")
    client = client_from_args(args)
    changes = plan_label_sync(client.list_labels(), wanted_labels(tree.model))
    words = PLANNED if args.dry_run else PERFORMED
    for change in changes:
        label = change.label
        if not args.dry_run:
            if change.action == "create":
                client.create_label(label.name, label.color, label.description)
            else:
                client.edit_label(label.name, label.color, label.description)
        # Said after the write: a line must not claim a label that a failed request never made.
        verb = words.created if change.action == "create" else words.updated
        print(f"{verb} label {label.name!r} (#{label.color}: {label.description})", file=sys.stderr)
    print(f"labels: {len(changes)} change(s){' planned' if args.dry_run else ''}", file=sys.stderr)
    return EXIT_OK
