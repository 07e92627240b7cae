"""Where each generated page lives, and links between pages as relative URLs.

Links are written as relative URLs (not as Markdown links to .md files) so
that MkDocs does not have to resolve tens of thousands of them, and so that
the pages read the same under any base path. They assume MkDocs'
default `use_directory_urls: true` (page `cohorts/x.md` is served at
`cohorts/x/`); the tests crawl the built site to check that every one resolves.
"""

from __future__ import annotations

from cohortkit.site.safe_text import path_segment

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


def relative(from_page: str, target: str) -> str:
    """A URL for `target` (a page path or a site file) usable in `from_page`.

    Every page is served from a folder (`cohorts/x/`), so climbing to the site
    root is one `../` per folder level; cheaper than a general relpath, and
    called tens of thousands of times.
    """
    up = "../" * page_url(from_page).count("/")
    there = page_url(target) if target.endswith(".md") else target
    return (up + there) or "./"
