"""Issue and comment bodies, rendered from the Markdown templates in github/templates/."""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

import jinja2

# Markdown's own punctuation in data: escaped, so a name or a file name cannot become a link,
# an image, emphasis, code or a table cell of its own ('(' and ')' are harmless once '[' is).
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")


def _md(value: object) -> str:
    """Data text inside GitHub Markdown: no HTML, no Markdown of its own, no mentions or references."""
    text = html.escape(str(value), quote=False)
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    # A word joiner after '@' and '#' keeps names and issue numbers in data from pinging or linking,
    # and one inside '://' keeps a web address in a name from turning into a link.
    return text.replace("@", "@\u2060").replace("#", "#\u2060").replace("://", ":\u2060//").replace("\n", " ")


def _url(value: object) -> str:
    """A web address from the data, made safe inside <...> in a Markdown link: only the
    characters a URL may hold unencoded stay, so nothing can close the link early."""
    return urllib.parse.quote(str(value), safe=":/?#[]@!$&'*+,;=%-._~")


def _weekday(value: date) -> str:
    return value.strftime("%a")


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("cohortkit.github", "templates"),
        autoescape=False,  # Markdown, not HTML: data goes through the md filter instead
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = _md
    environment.filters["url"] = _url
    environment.filters["weekday"] = _weekday
    return environment


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


# GitHub refuses an issue body over 65,536 characters; the margin covers edits in flight.
MAX_BODY = 60_000


def fit_body(render_with: Callable[[int], str], rows: int) -> str:
    """The body with as many of the newest table rows as fit GitHub's limit (the record always fits)."""
    shown = rows
    body = render_with(shown)
    while len(body) > MAX_BODY and shown > 0:
        shown //= 2  # halving: a few renders even for years of check-ins
        body = render_with(shown)
    return body
