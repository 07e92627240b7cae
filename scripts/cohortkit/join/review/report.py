"""A review as text for a terminal, JSON for the workflow's artifact, or Markdown for the bot comment."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, Literal

from cohortkit.github.issue_text import render
from cohortkit.github.markers import marker
from cohortkit.join.review.run import Review

Format = Literal["text", "json", "markdown"]
FORMATS: tuple[Format, ...] = ("text", "json", "markdown")
REVIEW_MARKER = marker("review")
JSON_VERSION = 1

_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
_SYMBOL = {"allowed": "✓", "needs-review": "?", "rejected": "✗"}
_WORDS = {"allowed": "allowed", "needs-review": "needs review", "rejected": "rejected"}


def as_json(review: Review, pull_request: int | None = None) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "pull_request": pull_request,
        "base": review.base,
        "head": review.head,
        "author": review.author,
        "verdict": review.verdict,
        "changes": [
            {
                "kind": j.change.kind,
                "file": j.change.file,
                "subject": j.change.subject,
                "cohort": j.change.cohort,
                "role": j.change.role,
                "fields": list(j.change.fields),
                "verdict": j.verdict,
                "reason": j.reason,
                "reviewers": list(j.reviewers),
                "mention": list(j.mention),
            }
            for j in review.judgements
        ],
        "problems": [
            {"file": p.file, "line": p.line, "col": p.col, "message": p.text, "severity": p.severity}
            for p in review.problems
        ],
        "reviewers": review.reviewers,
        "mentions": review.mentions,
        "cohorts": review.cohorts,
        "labels": review.labels,
    }


def as_text(review: Review) -> str:
    lines = [f"verdict: {_WORDS[review.verdict]} ({review.author}, {review.base[:12]}..{review.head[:12]})"]
    if not review.judgements:
        lines.append("  no change to the data")
    lines.extend(f"  {_SYMBOL[j.verdict]} {_WORDS[j.verdict]}: {j.reason}" for j in review.judgements)
    lines.extend(f"  {p.file}:{p.line}:{p.col}: {p.text}" for p in review.problems)
    if review.verdict == "needs-review":
        lines.append(f"needs review by: {', '.join(review.reviewers) or 'a maintainer'}")
    return "\n".join(lines) + "\n"


def as_markdown(review: Review, requested: list[str] | None = None) -> str:
    """The bot comment; `requested` are reviewers GitHub was asked for, the rest are mentioned."""
    asked = requested if requested is not None else review.reviewers
    return render(
        "review.md.j2",
        review=review,
        words=_WORDS,
        requested=_mentionable(asked),
        mentioned=_mentionable(r for r in review.reviewers if r not in asked),
        mentions=_mentionable(review.mentions),
        marker=REVIEW_MARKER.text(),
    )


def _mentionable(logins: Iterable[str]) -> list[str]:
    """Only strings shaped like GitHub logins become @mentions; data never writes free text after '@'."""
    return [login for login in logins if _LOGIN.fullmatch(login)]


def write(review: Review, fmt: Format, pull_request: int | None = None) -> str:
    if fmt == "json":
        return json.dumps(as_json(review, pull_request), indent=2) + "\n"
    if fmt == "markdown":
        return as_markdown(review)
    return as_text(review)
