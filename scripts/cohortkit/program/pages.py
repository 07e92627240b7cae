"""Where each page of a program's site lives: page paths, their URLs, and absolute addresses.

One source for every address: the site writes its pages here, and the issues
(check-ins, tracking, welcomes) link to the same places. Paths assume MkDocs'
default `use_directory_urls: true` (page `cohorts/x.md` is served at `cohorts/x/`).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml

HOME = "index.md"
PROGRAMS = "programs/index.md"
ROSTER = "cohorts/index.md"
PEOPLE = "people/index.md"
SHOWCASE = "showcase/index.md"
OPPORTUNITIES = "opportunities.md"
OPPORTUNITIES_JSON = "opportunities.json"
REFERENCE = "reference.md"
METRICS = "metrics/index.md"
METRICS_JSON = "metrics.json"
JOIN = "join.md"  # hand-written


def program_page(program_id: str) -> str:
    return f"programs/{path_segment(program_id)}.md"


def cohort_page(cohort_id: str) -> str:
    return f"cohorts/{path_segment(cohort_id)}.md"


def person_page(login: str) -> str:
    return f"people/{path_segment(login.lower())}.md"


def metrics_program_page(program_id: str) -> str:
    return f"metrics/{path_segment(program_id)}.md"


def metrics_term_page(program_id: str, term_id: str) -> str:
    return f"metrics/{path_segment(program_id)}/{path_segment(term_id)}.md"


def metrics_chart_path(program_id: str, name: str) -> str:
    """A chart's SVG file, in the folder its program's metrics page is served from."""
    return f"metrics/{path_segment(program_id)}/{path_segment(name)}.svg"


def page_url(page: str) -> str:
    """The site-relative directory of a page: `cohorts/x.md` -> `cohorts/x/`, `index.md` -> ``.

    A page written as HTML (`x/index.html`) is served as its folder too.
    """
    if page.endswith(".html"):
        return page.removesuffix("index.html") if page.rsplit("/", 1)[-1] == "index.html" else page
    stem = page.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def path_segment(value: str) -> str:
    """An id or login as a URL path segment; quoting leaves nothing Markdown or HTML would read."""
    return quote(value, safe="")


def cohort_url(site_url: str, cohort_id: str) -> str:
    """A cohort's page on the published site, or "" when the site's address is unknown."""
    return f"{site_url.rstrip('/')}/{page_url(cohort_page(cohort_id))}" if site_url else ""


def _mkdocs_text(root: Path) -> str:
    """mkdocs.yml as text: it may hold tags that a safe YAML load refuses, and only two plain keys are read."""
    try:
        return (root / "mkdocs.yml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def site_name(root: Path) -> str:
    """mkdocs.yml's site_name, for the pages that MkDocs does not theme ("" when there is none)."""
    match = re.search(r"^site_name:[ \t]*(.+?)[ \t]*$", _mkdocs_text(root), re.MULTILINE)
    if not match:
        return ""
    # Read as YAML reads it (quotes, escapes, a trailing comment): cohortkit init writes a JSON string,
    # so a name holding quotes is `"Ana's \"Code\" Club"` in the file.
    try:
        value = yaml.safe_load(match[1])
    except yaml.YAMLError:
        return ""
    return str(value).strip() if isinstance(value, str | int | float) else ""


def published_site_url(root: Path, repo: str = "") -> str:
    """Where the site is published: mkdocs.yml's site_url, else the repository's GitHub Pages address."""
    match = re.search(r"^site_url:\s*['\"]?(https?://[^\s'\"]+)", _mkdocs_text(root), re.MULTILINE)
    if match:
        return match[1]
    owner, _, name = repo.partition("/")
    if not (owner and name):
        return ""
    if name.lower() == f"{owner.lower()}.github.io":
        return f"https://{name.lower()}/"  # a user or organization site is served at the root
    return f"https://{owner.lower()}.github.io/{name}/"


CALENDARS = "calendars"


def certificate_page(cohort_id: str, login: str) -> str:
    """An earned certificate's page: the printable certificate and the address that verifies it.

    A page of its own in HTML, not a MkDocs page: there is one per earner, and MkDocs
    would render its whole theme into each of thousands.
    """
    return f"certificates/{path_segment(cohort_id)}/{path_segment(login.lower())}/index.html"


def certificate_pdf_path(cohort_id: str, login: str) -> str:
    """The PDF of an earned certificate, beside its page."""
    return f"certificates/{path_segment(cohort_id)}/{path_segment(login.lower())}.pdf"


def cohort_feed_path(cohort_id: str) -> str:
    return f"{CALENDARS}/cohorts/{path_segment(cohort_id)}.ics"


def program_feed_path(program_id: str) -> str:
    return f"{CALENDARS}/programs/{path_segment(program_id)}.ics"


def person_feed_path(login: str) -> str:
    return f"{CALENDARS}/people/{path_segment(login.lower())}.ics"


def absolute_url(site_url: str, path: str) -> str:
    """A site file's address on the published site ("" when the site's address is unknown)."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else ""


def webcal_url(site_url: str, path: str) -> str:
    """The same address as `webcal://`, which calendar apps open as a subscription ("" if unknown)."""
    address = absolute_url(site_url, path)
    scheme = urlsplit(address).scheme
    return "webcal" + address[len(scheme) :] if scheme in ("http", "https") else ""
