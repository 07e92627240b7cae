"""Make data strings inert in generated pages, which are Markdown that may contain HTML.

A plain string from a data file can land in Markdown (a heading, a list item)
or in HTML (a table cell, an attribute), and MkDocs reads both. HTML escaping
alone is not enough in Markdown: `[x](javascript:...)`, `*`, `{ onclick=... }`
(attr_list) or a leading `#` would still be read as markup. So every character
that means something to Markdown, its extensions or HTML becomes a numeric
character reference: the browser shows the character, no parser acts on it.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# HTML specials, Markdown inline and block syntax, attr_list braces, table pipes,
# and the marks of common extensions (~ ^ = : for strike, sup, mark, emoji).
_SPECIAL_CHARACTERS = "&<>\"'`*_{}[]()#+-.!|~^=:\\$%@"
# Characters that no data file may hold (the validator rejects them) but that
# would confuse Python-Markdown's placeholders (STX/ETX) if one ever got through.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TABLE: dict[int, str | None] = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
# Line breaks become spaces so that a value can never start a Markdown block of its own.
_TABLE.update({ord(c): " " for c in "\r\n\t\f\v"})
_TABLE.update({ord(c): f"&#{ord(c)};" for c in _SPECIAL_CHARACTERS})

SAFE_SCHEMES = frozenset({"http", "https"})


def escape_text(value: str) -> Markup:
    """A plain string as text that Markdown and HTML both show literally, on one line."""
    return Markup(value.translate(_TABLE))


def unescape_fully(value: str) -> str:
    """Decode character references until none is left, as a browser might see them after any layer."""
    current = value
    for _ in range(10):
        decoded = html.unescape(current)
        if decoded == current:
            break
        current = decoded
    # Browsers drop ASCII tab and newline anywhere in a URL ("java\tscript:") and
    # leading control characters and spaces; do the same before judging the scheme.
    return re.sub(r"[\t\n\r]", "", _CONTROLS.sub("", current)).strip(" \x00")


def external_url(value: str, schemes: frozenset[str] = SAFE_SCHEMES) -> str | None:
    """The URL, decoded, if it is an absolute address with an allowed scheme; otherwise None."""
    url = unescape_fully(value)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in schemes or not parts.netloc:
        return None
    return url


def safe_href(value: str) -> Markup:
    """An attribute-ready external link, or an empty string when the URL is not http(s)."""
    url = external_url(value)
    return escape(url) if url else Markup("")
