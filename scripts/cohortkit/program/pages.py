"""Where each page of a program's site lives: page paths, their URLs, and absolute addresses.

One source for every address: the site writes its pages here, and the issues
(check-ins, tracking, welcomes) link to the same places. Paths assume MkDocs'
default `use_directory_urls: true` (page `cohorts/x.md` is served at `cohorts/x/`).
"""

from __future__ import annotations

from urllib.parse import quote

HOME = "index.md"
PROGRAMS = "programs/index.md"
ROSTER = "cohorts/index.md"
PEOPLE = "people/index.md"
SHOWCASE = "showcase/index.md"
OPPORTUNITIES = "opportunities.md"
OPPORTUNITIES_JSON = "opportunities.json"
REFERENCE = "reference.md"
JOIN = "join.md"  # hand-written


def program_page(program_id: str) -> str:
    return f"programs/{path_segment(program_id)}.md"


def cohort_page(cohort_id: str) -> str:
    return f"cohorts/{path_segment(cohort_id)}.md"


def person_page(login: str) -> str:
    return f"people/{path_segment(login.lower())}.md"


def page_url(page: str) -> str:
    """The site-relative directory of a page: `cohorts/x.md` -> `cohorts/x/`, `index.md` -> ``."""
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
