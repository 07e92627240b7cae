"""`cohortkit certificates`: who earned a certificate, and for everyone else which criterion is missing."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from cohortkit.commands.valid_data import valid_tree
from cohortkit.errors import EXIT_OK, EXIT_PROBLEMS, CohortkitError
from cohortkit.outcomes.certificate_pdf import CertificateRenderer
from cohortkit.outcomes.certificate_text import certificate_text
from cohortkit.outcomes.certificates import Assessment, assess
from cohortkit.program.pages import certificate_pdf_path, published_site_url
from cohortkit.support.atomic_file import write_atomically


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="the data repository (default: here)")
    parser.add_argument("--term", default=None, help="only the cohorts of this term (its id)")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text for people, json for tools"
    )

    parser.add_argument(
        "--pdf",
        type=Path,
        metavar="DIR",
        default=None,
        help="also write each earner's certificate as a PDF into DIR (DIR/COHORT/LOGIN.pdf), "
        "unlisted people's included: this is how they get theirs",
    )
    parser.add_argument(
        "--site-url",
        default=None,
        help="the published site's address, for the PDFs' QR codes "
        "(default: mkdocs.yml's site_url, else the repository's GitHub Pages address)",
    )
    parser.add_argument(
        "--templates",
        type=Path,
        default=None,
        help="a folder whose certificate.svg.j2 replaces the shipped one (default: templates/ if it exists)",
    )


def run(args: argparse.Namespace) -> int:
    tree = valid_tree(args.root)
    if tree is None:
        return EXIT_PROBLEMS
    assessments = assess(tree.model, args.term)
    if args.pdf is not None:
        failed = write_pdfs(args, [a for a in assessments if a.earned])
        if failed:
            return EXIT_PROBLEMS
    if args.format == "json":
        print(json.dumps([_as_json(a) for a in assessments], indent=2, ensure_ascii=False))
    else:
        _print_text(assessments)
    return EXIT_OK


def write_pdfs(args: argparse.Namespace, earned: list[Assessment]) -> int:
    """Write the earners' PDFs; report each one that could not be made and go on. Returns the failures."""
    site_url = (
        args.site_url
        if args.site_url is not None
        else published_site_url(args.root, os.environ.get("GITHUB_REPOSITORY", ""))
    )
    own = args.templates if args.templates is not None else args.root / "templates"
    renderer = CertificateRenderer([own] if own.is_dir() else [])
    failed = 0
    for a in earned:
        target = args.pdf / certificate_pdf_path(a.cohort.id, a.login).removeprefix("certificates/")
        try:
            data = renderer.pdf(certificate_text(a, site_url))
        except CohortkitError as error:
            print(f"cohortkit certificates: no PDF for {a.login} in {a.cohort.id}: {error}", file=sys.stderr)
            failed += 1
            continue
        write_atomically(target, data)
    made = len(earned) - failed
    print(f"{made} certificate PDF{'s' if made != 1 else ''} in {args.pdf}", file=sys.stderr)
    return failed


def _print_text(assessments: list[Assessment]) -> None:
    if not assessments:
        print("No finished cohort has certificate criteria for its members' roles.")
        return
    cohort = ""
    for a in assessments:
        if a.cohort.id != cohort:
            cohort = a.cohort.id
            print(f"\n{a.program.name}: {a.cohort.title} ({a.cohort.id}, {a.cohort.term})")
        who = f"{a.person.name} ({a.login})" if a.person else a.login
        if a.earned:
            print(f"  earned   {who}, {a.role}")
            continue
        print(f"  missing  {who}, {a.role}" + (f": {a.reason}" if a.reason else ""))
        for r in a.missing:
            print(f"           - {r.criterion.text}: {_shortfall(r.value, r.criterion.min)}")
    earned = sum(1 for a in assessments if a.earned)
    print(f"\n{earned} of {len(assessments)} earned a certificate")


def _shortfall(value: int, wanted: int) -> str:
    if wanted <= 1 and value <= 0:
        return "not done"
    return f"{max(value, 0)} of {wanted}, {wanted - max(value, 0)} short"


def _as_json(a: Assessment) -> dict[str, Any]:
    return {
        "program": a.program.id,
        "cohort": a.cohort.id,
        "term": a.cohort.term,
        "person": a.login,
        "role": a.role,
        "earned": a.earned,
        "reason": a.reason,
        "criteria": [
            {
                "text": r.criterion.text,
                "metric": r.criterion.metric,
                **({"event": r.criterion.event} if r.criterion.event else {}),
                "min": r.criterion.min,
                "value": max(r.value, 0),
                "met": r.met,
                "short_by": r.short_by,
            }
            for r in a.results
        ],
    }
