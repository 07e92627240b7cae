"""One line of text laid out as positioned glyphs: font fallback, bidi order, HarfBuzz shaping.

Certificates carry names in any script, and cairo's own text calls map one
character to one glyph, left to right: Arabic would come out unjoined and
backwards, Devanagari without its conjuncts. So the line is laid out here and
cairo only draws the glyphs:

1. each character gets the first font of the chain that has it (a combining
   mark or joiner stays with the character before it), and a character that
   no font has is an error, never a blank box;
2. the Unicode bidirectional algorithm's core decides the direction of each
   part: the paragraph takes the direction of its first strong letter,
   neutrals between two letters of one direction take it, and the levels are
   reordered for display (rules P2-P3, W1, N1-N2, I1-I2, L2; there are no
   explicit embeddings in a name);
3. HarfBuzz shapes each run of one font and one level.

A run's glyphs are kept in logical order with their clusters, so the PDF's
text layer (cairo's show_text_glyphs) reads back as the characters written,
not in the order they are drawn.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import uharfbuzz as hb

from cohortkit.errors import CohortkitError

_FEATURES = {"kern": True, "liga": True}
# Characters that belong to the one before them: they shape with its font.
_CLINGING = {"Mn", "Mc", "Me", "Cf"}
_RTL = {"R", "AL"}
_NUMBERS = {"EN", "AN"}


class MissingGlyph(CohortkitError):
    """A character no shipped font can draw."""


@dataclass(frozen=True, slots=True)
class Glyph:
    id: int
    x: float  # from the line's left edge, in the units of the font size given
    y: float  # down from the baseline (cairo's direction)


@dataclass(frozen=True, slots=True)
class Run:
    """Part of a line in one font: its text, its glyphs in logical order, and which glyphs draw which text."""

    font: Path
    text: str
    glyphs: tuple[Glyph, ...]
    clusters: tuple[tuple[int, int], ...]  # (UTF-8 bytes of text, glyphs), in order, covering both


@dataclass(frozen=True, slots=True)
class Line:
    runs: tuple[Run, ...]  # logical order
    width: float
    rtl: bool  # the paragraph's direction, for aligning it


@dataclass(frozen=True, slots=True)
class _Font:
    path: Path
    font: hb.Font
    upem: int


@cache
def _load(path: Path) -> _Font:
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return _Font(path, hb.Font(face), face.upem)


def covers(path: Path, char: str) -> bool:
    return _load(path).font.get_nominal_glyph(ord(char)) is not None


def layout(text: str, chain: tuple[Path, ...], size: float) -> Line:
    """Lay `text` out at `size` with the fonts of `chain`, first choice first."""
    if not text:
        return Line((), 0.0, rtl=False)
    fonts = _fonts_for(text, chain)
    levels, rtl = _levels(text)
    spans = _spans(fonts, levels)
    order = _visual_order([level for _, _, level in spans])
    placed: dict[int, Run] = {}
    pen = 0.0
    for index in order:
        start, end, level = spans[index]
        run, advance = _shape(text[start:end], fonts[start], level % 2 == 1, size, pen)
        placed[index] = run
        pen += advance
    return Line(tuple(placed[i] for i in range(len(spans))), pen, rtl)


def _fonts_for(text: str, chain: tuple[Path, ...]) -> list[Path]:
    chosen: list[Path] = []
    for i, char in enumerate(text):
        previous = chosen[-1] if chosen else None
        category = unicodedata.category(char)
        # Marks and joiners stay with their base; spaces and punctuation too when that font has them.
        if previous is not None and (
            category in _CLINGING
            or ((category.startswith("Z") or not char.isalnum()) and covers(previous, char))
        ):
            chosen.append(previous)
            continue
        found = next((path for path in chain if covers(path, char)), None)
        if found is None:
            raise MissingGlyph(
                f"no font shipped with cohortkit can draw {char!r} (U+{ord(char):04X}, "
                f"{unicodedata.name(char, 'unnamed')}) at character {i + 1} of {text!r}; "
                "add a font that has it to the certificate's font chain (see outcomes/fonts/SOURCES.md)"
            )
        chosen.append(found)
    return chosen


def _levels(text: str) -> tuple[list[int], bool]:
    """Each character's embedding level, and whether the paragraph is right to left."""
    kinds = [unicodedata.bidirectional(c) for c in text]
    first_strong = next((k for k in kinds if k in _RTL or k == "L"), "L")
    base = 1 if first_strong in _RTL else 0
    # W1: a non-spacing mark takes the type of the character before it.
    for i, kind in enumerate(kinds):
        if kind == "NSM":
            kinds[i] = kinds[i - 1] if i else ("R" if base else "L")
    # For neutrals, numbers count as right to left (N1), and each letter as its own direction.
    strong = ["R" if k in _RTL or k in _NUMBERS else "L" if k == "L" else "" for k in kinds]
    resolved = list(strong)
    i = 0
    while i < len(kinds):
        if strong[i]:
            i += 1
            continue
        j = i
        while j < len(kinds) and not strong[j]:
            j += 1
        before = strong[i - 1] if i else ("R" if base else "L")
        after = strong[j] if j < len(kinds) else ("R" if base else "L")
        direction = before if before == after else ("R" if base else "L")
        resolved[i:j] = [direction] * (j - i)
        i = j
    levels = []
    last_letter = "L"  # W7: a European number after a left-to-right letter (or none) is read as one
    for kind, direction in zip(kinds, resolved, strict=True):
        if kind == "L" or kind in _RTL:
            last_letter = "R" if kind in _RTL else "L"
        if base == 1:  # I2: on an odd level, left to right and numbers go up one
            levels.append(2 if kind in _NUMBERS or direction == "L" else 1)
        elif kind == "EN":  # I1: on an even level, numbers go up two, right to left one
            levels.append(0 if last_letter == "L" else 2)
        elif kind == "AN":
            levels.append(2)
        else:
            levels.append(1 if direction == "R" else 0)
    return levels, base == 1


def _spans(fonts: list[Path], levels: list[int]) -> list[tuple[int, int, int]]:
    spans: list[tuple[int, int, int]] = []
    start = 0
    for i in range(1, len(fonts) + 1):
        if i == len(fonts) or fonts[i] != fonts[start] or levels[i] != levels[start]:
            spans.append((start, i, levels[start]))
            start = i
    return spans


def _visual_order(levels: list[int]) -> list[int]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every stretch at or above it."""
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest_odd = min((lv for lv in levels if lv % 2), default=None)
    if lowest_odd is None:
        return order
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= level:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j
    return order


def _shape(text: str, path: Path, rtl: bool, size: float, pen: float) -> tuple[Run, float]:
    loaded = _load(path)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    hb.shape(loaded.font, buffer, _FEATURES)
    scale = size / loaded.upem
    drawn: list[tuple[int, Glyph]] = []
    x = pen
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        drawn.append(
            (info.cluster, Glyph(info.codepoint, x + position.x_offset * scale, -position.y_offset * scale))
        )
        x += position.x_advance * scale
    # HarfBuzz gives glyphs in drawing order; the text layer wants them in reading order,
    # grouped by cluster (what cairo turns into ActualText when a cluster is not one glyph each).
    if rtl:
        drawn.reverse()
    drawn.sort(key=lambda item: item[0])  # stable: a cluster's glyphs keep their order
    starts = sorted({cluster for cluster, _ in drawn})
    ends = [*starts[1:], len(text)]
    per_cluster = Counter(cluster for cluster, _ in drawn)
    clusters = [
        (len(text[0 if i == 0 else start : end].encode("utf-8")), per_cluster[start])
        for i, (start, end) in enumerate(zip(starts, ends, strict=True))
    ]
    return Run(path, text, tuple(glyph for _, glyph in drawn), tuple(clusters)), x - pen
