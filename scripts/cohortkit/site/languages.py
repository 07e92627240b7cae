"""Language tags (`pt-BR`) as names a reader knows (`Portuguese (Brazil)`).

Babel carries the CLDR names for every language, script and region, which no
table of our own would keep up with; MkDocs Material already depends on it.
A tag Babel does not know is shown as written: the schema only checks its shape.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError


@lru_cache(maxsize=1024)
def language_name(tag: str) -> str:
    """The English name of a language tag, or the tag itself when it names no known language."""
    try:
        name = Locale.parse(tag, sep="-").get_display_name("en")
    except (ValueError, TypeError, UnknownLocaleError):
        return tag
    return name or tag
