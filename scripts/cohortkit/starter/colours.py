"""A new program's two colours: one of Material's palette names, or any #rrggbb.

Material's `theme.palette` accepts only its own names (and `custom`). A name is
written there as it is; any other colour is written as `custom`, and its shades
go into the CSS variables Material reads (`--md-primary-fg-color` and the rest),
in the program's own docs/stylesheets/colours.css. Either way the colour's hex
value is also known here, for the monogram logo and the program file's
`colors` (badges and certificates), so the site and what members take home match.

Shades are worked out, not guessed: text on the header is white or black,
whichever reads better, and the link colour is the primary moved toward black
(light mode) or white (dark mode) until it reaches 4.5:1 on Material's page
background (WCAG AA).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cohortkit.errors import CohortkitError
from cohortkit.outcomes.palette import contrast, readable_on

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
# Material 9's --md-primary-fg-color and --md-accent-fg-color for each palette name (its palette
# stylesheet; tests/test_site_brand.py reads the installed one to keep these true). Material writes
# black and white, and the yellow and orange accents, as hsl(); these are the same colours in hex.
MATERIAL_PRIMARY = {
    "red": "#ef5552", "pink": "#e92063", "purple": "#ab47bd", "deep purple": "#7e56c2",
    "indigo": "#4051b5", "blue": "#2094f3", "light blue": "#02a6f2", "cyan": "#00bdd6",
    "teal": "#009485", "green": "#4cae4f", "light green": "#8bc34b", "lime": "#cbdc38",
    "yellow": "#ffec3d", "amber": "#ffc105", "orange": "#ffa724", "deep orange": "#ff6e42",
    "brown": "#795649", "grey": "#757575", "blue grey": "#546d78", "black": "#14151a",
    "white": "#ffffff",
}  # fmt: skip
MATERIAL_ACCENT = {
    "red": "#ff1a47", "pink": "#f50056", "purple": "#df41fb", "deep purple": "#7c4dff",
    "indigo": "#526cfe", "blue": "#4287ff", "light blue": "#0091eb", "cyan": "#00bad6",
    "teal": "#00bda4", "green": "#00c753", "light green": "#63de17", "lime": "#b0eb00",
    "yellow": "#ffd500", "amber": "#ffaa00", "orange": "#ff9100", "deep orange": "#ff6e42",
}  # fmt: skip
# How Material draws its named primaries in light mode: near-black text (#000000de) on these, white on
# the rest, and links in the primary colour except on black and white, where they are indigo.
MATERIAL_DARK_TEXT = frozenset({"lime", "yellow", "amber", "orange", "white"})
MATERIAL_LINKS = {"black": "#4051b5", "white": "#4051b5"}
# Material's page backgrounds: white, and slate's hsl(225, 15%, 14%) (its default hue).
LIGHT_PAGE = "#ffffff"
DARK_PAGE = "#1e2129"
WHITE = "#ffffff"
BLACK = "#000000"
READABLE = 4.5


@dataclass(frozen=True, slots=True)
class SiteColour:
    """One of the two colours as the site and the program file need it."""

    value: str  # a palette name ("deep orange") or "#rrggbb" in lower case
    hex: str

    @property
    def custom(self) -> bool:
        return self.value.startswith("#")

    @property
    def palette(self) -> str:
        """What mkdocs.yml's palette says: the name, or `custom` for a colour Material has no name for."""
        return "custom" if self.custom else self.value

    @property
    def on(self) -> str:
        """Text and icons on this colour as the header draws them: Material's choice for its names, else ours."""
        if self.custom:
            return readable_on(self.hex)
        return mix(self.hex, BLACK, 0.87) if self.value in MATERIAL_DARK_TEXT else WHITE


@dataclass(frozen=True, slots=True)
class Shades:
    """The CSS variables of a custom palette (docs/stylesheets/colours.css)."""

    primary: SiteColour
    accent: SiteColour

    @property
    def primary_light(self) -> str:
        return mix(self.primary.hex, WHITE, 0.15)

    @property
    def primary_dark(self) -> str:
        return mix(self.primary.hex, BLACK, 0.18)

    @property
    def link_light(self) -> str:
        return readable_toward(self.primary.hex, LIGHT_PAGE, BLACK)

    @property
    def link_dark(self) -> str:
        return readable_toward(self.primary.hex, DARK_PAGE, WHITE)


def check_colour(value: str, names: dict[str, str], what: str) -> SiteColour:
    """A palette name (any case, hyphens or spaces) or #rrggbb, refused with the choices otherwise."""
    text = value.strip()
    if HEX.match(text):
        return SiteColour(text.lower(), text.lower())
    name = " ".join(text.lower().replace("-", " ").split())
    if name not in names:
        raise CohortkitError(
            f"{value!r} is not one of Material's {what} colours ({', '.join(names)}) "
            "nor a colour written as # and six hexadecimal digits, like #1d4e5f"
        )
    return SiteColour(name, names[name])


def materials_shortfall(colour: SiteColour) -> str:
    """How Material's own drawing of a primary palette name falls under 4.5:1 in light mode ("" if it does not).

    Material's palette chooses the header's text and the links' colour itself, and for most of its
    names one of them reads at less than WCAG AA asks; the same colour given as #rrggbb gets shades
    worked out here instead.
    """
    if colour.custom:
        return ""
    link = MATERIAL_LINKS.get(colour.value, colour.hex)
    short = [
        f"{what} at {ratio:.1f}:1"
        for what, ratio in (
            ("the header's text", contrast(colour.on, colour.hex)),
            ("links", contrast(link, LIGHT_PAGE)),
        )
        if ratio < READABLE
    ]
    return " and ".join(short)


def palette_warning(colour: SiteColour) -> str:
    """A sentence for the coordinator when Material's drawing of a primary name reads poorly ("" when it reads)."""
    short = materials_shortfall(colour)
    if not short:
        return ""
    readable = [
        name
        for name, hex_value in MATERIAL_PRIMARY.items()
        if not materials_shortfall(SiteColour(name, hex_value))
    ]
    return (
        f"Material draws {colour.value} with {short}, under the 4.5:1 that WCAG AA asks; give it as "
        f"--primary '{colour.hex}' for shades cohortkit makes readable, or choose {', '.join(readable[:-1])} "
        f"or {readable[-1]}"
    )


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def mix(colour: str, other: str, share: float) -> str:
    """`colour` with `share` (0 to 1) of `other` mixed in, channel by channel."""
    mixed = (round(a + (b - a) * share) for a, b in zip(_channels(colour), _channels(other), strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def readable_toward(colour: str, background: str, toward: str) -> str:
    """`colour`, moved toward `toward` in small steps just until it reads at 4.5:1 on `background`."""
    for step in range(21):
        candidate = mix(colour, toward, step / 20)
        if contrast(candidate, background) >= READABLE:
            return candidate
    return toward
