"""A program's colours for its badges and certificates, and which text colour reads on each."""

from __future__ import annotations

from dataclasses import dataclass

from cohortkit.data.model import Program

LIGHT_TEXT = "#ffffff"
DARK_TEXT = "#000000"  # pure black: with white, some colour always reaches 4.5:1 (WCAG AA)


@dataclass(frozen=True, slots=True)
class Colours:
    primary: str = "#1d4e5f"
    accent: str = "#c08a2d"

    @property
    def on_primary(self) -> str:
        return readable_on(self.primary)

    @property
    def on_accent(self) -> str:
        return readable_on(self.accent)


def program_colours(program: Program) -> Colours:
    return Colours(*program.colors) if program.colors else Colours()


def _luminance(colour: str) -> float:
    """WCAG 2's relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on(background: str) -> str:
    """White or near-black, whichever has the higher contrast on `background`."""
    return max((LIGHT_TEXT, DARK_TEXT), key=lambda text: contrast(text, background))
