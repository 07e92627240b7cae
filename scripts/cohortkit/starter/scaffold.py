"""The files of a new program's repository, rendered from the templates beside this module.

The templates use `[[ ]]` and `[% %]` so that a workflow's own `${{ }}` passes
through untouched; every answer reaches YAML through the `y` filter, a JSON
string, which YAML reads back as exactly that text. The SVG templates (logo and
favicon, see brand.py) are rendered with XML escaping instead; the colours'
stylesheet holds only hex colours checked in colours.py. The issue forms and the
dependency lock are cohortkit's own files, copied as they ship.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from cohortkit import __version__
from cohortkit.data.version_marker import MARKER, new_marker_text
from cohortkit.data.versions import changelog
from cohortkit.errors import CohortkitError
from cohortkit.starter.answers import Answers
from cohortkit.starter.brand import FAVICON, LOGO, monogram
from cohortkit.support.in_the_way import obstacles

# Where cohortkit's reusable workflows, pre-commit hook and schemas are published.
COHORTKIT_REPO = "cohortkit/cohortkit"
# Rendered template -> path in the new repository.
TEMPLATES = {
    "mkdocs.yml.j2": "mkdocs.yml",
    "README.md.j2": "README.md",
    "Makefile.j2": "Makefile",
    "gitignore.j2": ".gitignore",
    "pre-commit-config.yaml.j2": ".pre-commit-config.yaml",
    "cohortkit.txt.j2": "requirements/cohortkit.txt",
    "issue-config.yml.j2": ".github/ISSUE_TEMPLATE/config.yml",
    "zizmor.yml.j2": ".github/zizmor.yml",
}
# Each workflow is a caller of cohortkit's reusable one of the same name, at this release.
WORKFLOWS = (
    "validate",
    "review",
    "review-comment",
    "review-rejudge",
    "checkins",
    "welcome",
    "intake",
    "site",
    "match",
)
TEMPLATES.update({f"workflows/{name}.yml.j2": f".github/workflows/{name}.yml" for name in WORKFLOWS})
# Where a custom palette's shades go (mkdocs.yml's extra_css names it).
COLOURS_CSS = "docs/stylesheets/colours.css"
# Shipped file -> path in the new repository.
COPIED = {
    "mentee.yml": ".github/ISSUE_TEMPLATE/mentee.yml",
    "mentor.yml": ".github/ISSUE_TEMPLATE/mentor.yml",
    "runtime.txt": "requirements/runtime.txt",
}


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    opens: date
    closes: date
    start: date
    end: date


@dataclass(frozen=True)
class FirstCohort:
    id: str
    start: date
    end: date
    due: date
    mentor: str


def first_term(today: date) -> Term:
    """A twelve-week term starting on the Monday four weeks or more from today, open for sign-ups until then."""
    start = today + timedelta(days=28 + (7 - today.weekday()) % 7)
    end = start + timedelta(weeks=12) - timedelta(days=3)
    season = ("winter", "spring", "summer", "autumn")[(start.month % 12) // 3]
    return Term(
        f"{start.year}-{season}",
        f"{season.capitalize()} {start.year}",
        today,
        start - timedelta(days=1),
        start,
        end,
    )


def first_cohort(answers: Answers, term: Term) -> FirstCohort:
    end = term.start + timedelta(weeks=8) - timedelta(days=3)
    return FirstCohort(
        f"{answers.program_id}-{term.id}-first",
        term.start,
        end,
        end - timedelta(days=2),
        answers.coordinators[-1],
    )


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("cohortkit.starter", "templates"),
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        # YAML, Markdown and workflow files take values through `y`; only the SVG images are markup.
        autoescape=lambda name: name is not None and name.endswith(".svg.j2"),
    )
    environment.filters["y"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return environment


def render(answers: Answers, today: date) -> dict[str, str]:
    """Every file of the new repository but .github/CODEOWNERS, which is generated from the data once written."""
    term = first_term(today)
    cohort = first_cohort(answers, term)
    environment = _environment()
    context = {
        "a": answers,
        "term": term,
        "cohort": cohort,
        "today": today,
        "version": __version__,
        "cohortkit_repo": COHORTKIT_REPO,
        # `mkdocs serve` serves under site_url's path (https://owner.github.io/name/ at /name/).
        "serve_url": f"http://127.0.0.1:8000{urlsplit(answers.site_url).path or '/'}",
    }
    files = {path: environment.get_template(name).render(context) for name, path in TEMPLATES.items()}
    files[f"programs/{answers.program_id}.yaml"] = environment.get_template("program.yaml.j2").render(context)
    files[f"cohorts/{term.id}/{cohort.id}.yaml"] = environment.get_template("cohort.yaml.j2").render(context)
    person = environment.get_template("person.yaml.j2")
    for login in answers.coordinators:
        files[f"people/{login}.yaml"] = person.render(context, login=login)
    files.update(_brand(environment, answers))
    # The data version the files above are written in, which `cohortkit migrate` moves later.
    files[MARKER] = new_marker_text(changelog().current)
    shipped = resources.files("cohortkit.starter") / "files"
    for name, path in COPIED.items():
        files[path] = (shipped / name).read_text(encoding="utf-8")
    return files


def _brand(environment: jinja2.Environment, answers: Answers) -> dict[str, str]:
    """The site's own logo and favicon, and the stylesheet a colour Material has no name for needs."""
    mark = monogram(answers.name, answers.colours.primary)
    files = {
        LOGO: environment.get_template("logo.svg.j2").render(m=mark),
        FAVICON: environment.get_template("favicon.svg.j2").render(m=mark),
    }
    if answers.colours.primary.custom or answers.colours.accent.custom:
        files[COLOURS_CSS] = environment.get_template("colours.css.j2").render(s=answers.colours)
    return files


def existing(root: Path, paths: list[str]) -> list[str]:
    return [path for path in paths if (root / path).exists() or (root / path).is_symlink()]


_SAID = {"link": "is a symbolic link", "file": "is a file, not a folder", "folder": "is a folder"}


def blocked(root: Path, paths: list[str]) -> list[str]:
    """What stands where a folder must be (a file, or a link that would carry the writes elsewhere), or a folder where a file goes."""
    return [f"{shown} {_SAID[kind]}" for shown, kind in obstacles(root, paths)]


def write(
    root: Path, files: dict[str, str], force: bool, later: tuple[str, ...] = (), also: tuple[str, ...] = ()
) -> None:
    """Write the files, refusing (before writing any) to replace one that is there unless `force`.

    Whatever is in the way of a folder is refused even with `force`: a file cannot
    become a folder, and a link would carry the writes outside the new repository.
    `later` (files others write after, which may be there) and `also` (files written after,
    which may not be there unless `force`) are checked the same way.
    """
    in_the_way = blocked(root, [*sorted(files), *also, *later])
    if in_the_way:
        raise CohortkitError(
            f"cannot write into {root}: {'; '.join(in_the_way[:5])}; remove or rename "
            + ("it" if len(in_the_way) == 1 else "them")
            + " and run cohortkit init again (nothing was written)"
        )
    there = existing(root, [*sorted(files), *also])
    if there and not force:
        shown = ", ".join(there[:5]) + (f" and {len(there) - 5} more" if len(there) > 5 else "")
        raise CohortkitError(
            f"{root} already has {shown}; choose an empty folder, or pass --force to replace them"
        )
    for path, text in files.items():
        target = root / path
        if target.is_symlink():
            target.unlink()  # replace the link itself, never the file it points at
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
