"""What intake says on GitHub: the issue comments, and the pull request's branch, title and body."""

from __future__ import annotations

import html
import re
from datetime import date

from cohortkit.join.intake import Intake


def md(text: str) -> str:
    """Untrusted text inside a GitHub comment: shown as written, never as Markdown, HTML or a mention."""
    text = html.escape(" ".join(text.split()), quote=False)
    # Backslash escapes for what makes emphasis, code, links, headings or tables anywhere in a line.
    text = re.sub(r"([\\`*_\[\]#|~])", r"\\\1", text)
    if text[:1] in ("-", "+"):
        text = "\\" + text  # a list marker only at the start
    # A word joiner after @ keeps text from mentioning anyone.
    return text.replace("@", "@\u2060")


def fix_it_comment(result: Intake, marker_text: str) -> str:
    lines = [
        marker_text,
        f"Thank you for signing up, @{result.login}! A few answers need a change before a pull request "
        "can be made from this form:",
        "",
    ]
    for problem in result.problems:
        where = f"**{problem.label}**: " if problem.label else ""
        lines.append(f"- {where}{md(problem.message)}")
    lines += [
        "",
        "Edit this issue (the **⋯** menu at the top of it, then **Edit**), change those answers and "
        "save: the check runs again by itself and this comment is updated.",
    ]
    return "\n".join(lines) + "\n"


def settled_comment(result: Intake, marker_text: str, unchanged: bool) -> str:
    if unchanged:
        text = (
            f"@{result.login}, your file {result.person_file} already says all of this, so there is "
            "nothing to change. You can close this issue."
        )
    else:
        text = (
            f"Thank you, @{result.login}: the answers check out now, and a pull request adding them "
            f"is open on branch `{branch_name(result)}`. A coordinator reviews it."
        )
    return f"{marker_text}\n{text}\n"


def branch_name(result: Intake) -> str:
    return f"intake/{result.login.lower()}-{result.issue}"


def pull_request_title(result: Intake) -> str:
    roles = " and ".join(result.roles) or "person"
    verb = "Add" if result.new_person else "Update"
    where = f", joining {result.cohort.id}" if result.cohort else ""
    return f"{verb} {result.login} ({roles}{where}) from sign-up #{result.issue}"


def pull_request_body(result: Intake, today: date) -> str:
    what = (
        "a new person file" if result.new_person else "updated answers; anything the form left empty is kept"
    )
    lines = [
        f"Sign-up form #{result.issue} by @{result.login}, turned into files by `cohortkit intake`.",
        "",
        f"- `{result.person_file}`: {what}",
    ]
    if result.cohort is not None:
        lines.append(
            f"- `{result.cohort.file}`: {result.login} joins as a mentee "
            f"(joined {today.isoformat()}, outcome active)"
        )
    lines += [f"- note: {note}" for note in result.notes]
    lines += [
        "",
        "The files passed `cohortkit validate`'s schemas and cross-file rules before this pull request "
        "was made. Pull requests opened by the workflow token do not start other workflows: close and "
        "reopen it to run the checks.",
        "",
        f"Closes #{result.issue}",
    ]
    return "\n".join(lines) + "\n"
