"""Where each generated page lives, and links between pages as relative URLs.

Links are written as relative URLs (not as Markdown links to .md files) so
that MkDocs does not have to resolve tens of thousands of them, and so that
the pages read the same under any base path. They assume MkDocs'
default `use_directory_urls: true` (page `cohorts/x.md` is served at
`cohorts/x/`); the tests crawl the built site to check that every one resolves.
"""

from __future__ import annotations

from cohortkit.program.pages import (  # the addresses; this module adds links between pages
    HOME,
    JOIN,
    OPPORTUNITIES,
    OPPORTUNITIES_JSON,
    PEOPLE,
    PROGRAMS,
    REFERENCE,
    ROSTER,
    SHOWCASE,
    cohort_page,
    page_url,
    path_segment,
    person_page,
    program_page,
)

__all__ = [
    "HOME",
    "JOIN",
    "OPPORTUNITIES",
    "OPPORTUNITIES_JSON",
    "PEOPLE",
    "PROGRAMS",
    "REFERENCE",
    "ROSTER",
    "SHOWCASE",
    "cohort_page",
    "page_url",
    "path_segment",
    "person_page",
    "program_page",
    "relative",
]


def relative(from_page: str, target: str) -> str:
    """A URL for `target` (a page path or a site file) usable in `from_page`.

    Every page is served from a folder (`cohorts/x/`), so climbing to the site
    root is one `../` per folder level; cheaper than a general relpath, and
    called tens of thousands of times.
    """
    up = "../" * page_url(from_page).count("/")
    there = page_url(target) if target.endswith((".md", "/index.html")) else target
    return (up + there) or "./"
