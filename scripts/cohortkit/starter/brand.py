"""A new program's logo and favicon: a monogram of its initials in its primary colour.

Drawn so that a site never starts with cohortkit's (or Material's) mark: the
initials are set in white or black, whichever reads on the colour, and the
files are plain SVG from templates (logo.svg.j2, favicon.svg.j2) rendered with
XML escaping, so a name holding `&` or quotes stays text. The same name and
colour always give the same bytes. A program replaces either file with its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cohortkit.starter.colours import SiteColour

LOGO = "docs/assets/logo.svg"
FAVICON = "docs/assets/favicon.svg"
# Font sizes in the templates' 48-unit square: one letter large, two side by side.
SIZES = {0: 0, 1: 28, 2: 21}


@dataclass(frozen=True, slots=True)
class Monogram:
    name: str  # the program's name, for the image's title
    letters: str  # at most two, possibly none (a name of symbols only)
    colour: SiteColour

    @property
    def size(self) -> int:
        return SIZES[len(self.letters)]


def initials(name: str) -> str:
    """Up to two initials: of the capitalised words if any (so "Women of OpenStack" is WO), else of the first words."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", name))
    capitalised = [word for word in words if word[0].isupper()]
    chosen = capitalised or words
    if not chosen:
        # No letters or digits at all (a name of emoji, say): its first symbol, marks included.
        text = unicodedata.normalize("NFC", name.strip())
        end = 1
        while end < len(text) and unicodedata.category(text[end]).startswith("M"):
            end += 1
        return text[:end]
    return "".join(_capital(word[0]) for word in chosen[:2])


def _capital(letter: str) -> str:
    # One letter stays one: "ß".upper() is "SS", which would be a third initial.
    upper = letter.upper()
    return upper if len(upper) == 1 else letter


def monogram(name: str, colour: SiteColour) -> Monogram:
    return Monogram(name, initials(name), colour)
