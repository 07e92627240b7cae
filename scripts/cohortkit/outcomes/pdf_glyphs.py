"""Draw laid-out lines (outcomes/shaping.py) with cairo, from the font files themselves.

cairo's own font selection goes through the machine's fontconfig, which picks
whatever "Noto Sans" a machine happens to have. To embed exactly the shipped
file, the font face is made from a fontconfig pattern naming the file:
cairo's FreeType backend then opens that file and nothing else. Neither
cairocffi nor pycairo wraps `cairo_ft_font_face_create_for_pattern`, so it is
declared here with cffi, against the same libcairo that cairocffi loaded.

Glyphs are drawn with `show_text_glyphs`, which gives the PDF a text layer:
copying or extracting the text yields the characters of each cluster.
"""

from __future__ import annotations

import ctypes.util
from functools import cache
from pathlib import Path
from typing import Any

import cairocffi
import cffi

from cohortkit.errors import CohortkitError
from cohortkit.outcomes.shaping import Line

_ffi = cffi.FFI()
_ffi.cdef(
    """
    typedef struct _FcPattern FcPattern;
    typedef int FcBool;
    typedef unsigned char FcChar8;
    FcPattern *FcPatternCreate (void);
    FcBool FcPatternAddString (FcPattern *p, const char *object, const FcChar8 *s);
    FcBool FcPatternAddInteger (FcPattern *p, const char *object, int i);
    void FcPatternDestroy (FcPattern *p);
    typedef struct _cairo_font_face cairo_font_face_t;
    cairo_font_face_t *cairo_ft_font_face_create_for_pattern (FcPattern *pattern);
    """
)


@cache
def _libraries() -> tuple[Any, Any]:
    names = {"fontconfig": ctypes.util.find_library("fontconfig"), "cairo": ctypes.util.find_library("cairo")}
    missing = [name for name, found in names.items() if not found]
    if missing:
        raise CohortkitError(
            f"certificate PDFs need the system libraries {', '.join(missing)} "
            "(on Debian or Ubuntu: apt-get install libcairo2 libfontconfig1)"
        )
    return _ffi.dlopen(names["fontconfig"]), _ffi.dlopen(names["cairo"])


@cache
def font_face(path: Path) -> cairocffi.FontFace:
    """A cairo font face that draws with exactly this font file."""
    fontconfig, cairo = _libraries()
    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"file", str(path).encode())
        fontconfig.FcPatternAddInteger(pattern, b"index", 0)
        face = cairo.cairo_ft_font_face_create_for_pattern(pattern)  # holds its own reference to the pattern
    finally:
        fontconfig.FcPatternDestroy(pattern)
    if face == _ffi.NULL:
        raise CohortkitError(f"cairo could not open the font {path}")
    pointer = cairocffi.ffi.cast("cairo_font_face_t *", int(_ffi.cast("uintptr_t", face)))
    return cairocffi.FontFace(pointer)


def draw_line(
    context: cairocffi.Context, line: Line, x: float, baseline: float, size: float, rgba: tuple[float, ...]
) -> None:
    """Draw `line` with its left edge at `x` on `baseline`, in the context's user units."""
    context.save()
    context.set_source_rgba(*rgba)
    context.set_font_size(size)
    for run in line.runs:
        context.set_font_face(font_face(run.font))
        glyphs = [(glyph.id, x + glyph.x, baseline + glyph.y) for glyph in run.glyphs]
        context.show_text_glyphs(run.text, glyphs, list(run.clusters), 0)
    context.restore()
