"""A certificate as a PDF: an SVG template (Jinja2) drawn by cairosvg, its text set by HarfBuzz.

The template's shapes go to cairosvg unchanged. Its `<text>` elements are
taken out first and drawn by outcomes/pdf_glyphs.py with the fonts shipped
in outcomes/fonts/, because cairosvg draws text one character at a time with
whatever font the machine has: no joining, no right-to-left, and a different
PDF on every machine. So the same data makes the same PDF on a laptop and in
GitHub Actions, every font is embedded (subset), and the text copies out as
it was written. A text with `data-fit` shrinks to its width: a long name gets
smaller, never cut.

The template is found like the page templates: a program's own
`templates/certificate.svg.j2` first, then the one shipped here. Jinja
escapes every value for XML, and characters XML cannot hold are dropped
first, so a `</text>` in a name is only ever text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, tostring

import cairocffi
import segno
from cairosvg.colors import color
from cairosvg.parser import Tree
from cairosvg.surface import PDFSurface
from defusedxml.ElementTree import fromstring

from cohortkit.errors import CohortkitError
from cohortkit.outcomes.palette import Colours
from cohortkit.outcomes.pdf_glyphs import draw_line
from cohortkit.outcomes.shaping import layout
from cohortkit.outcomes.svg_templates import svg_environment, xml_text

SVG = "{http://www.w3.org/2000/svg}"
FONTS = Path(__file__).resolve().parent / "fonts"
_SCRIPTS = (
    "Arabic", "Hebrew", "Devanagari", "Bengali", "Gujarati", "Gurmukhi", "Kannada", "Malayalam",
    "Tamil", "Telugu", "Sinhala", "Thai", "Lao", "Khmer", "Myanmar", "Georgian", "Armenian", "Ethiopic",
)  # fmt: skip
_CJK = FONTS / "NotoSansCJKsc-Regular.otf"


def font_chain(serif: bool, bold: bool) -> tuple[Path, ...]:
    """The fonts a text is set in, first choice first: Latin, Greek and Cyrillic, then each script, then CJK."""
    weight = "Bold" if bold else "Regular"
    latin = (FONTS / f"NotoSerif-{weight}.ttf",) if serif else ()
    sans = tuple(FONTS / f"NotoSans{script}-{weight}.ttf" for script in ("", *_SCRIPTS))
    return (*latin, *sans, _CJK)


@dataclass(frozen=True, slots=True)
class CertificateText:
    """What a certificate says, as plain strings (escaped by the template, not before)."""

    name: str
    program: str
    heading: str
    took_part: str
    cohort: str
    goal: str
    dates: str
    issuer: str
    coordinators: str
    issued: str
    seal: str
    verify_url: str  # the certificate's page on the site, which the QR code points to ("" if unknown)
    title: str
    issued_on: date
    colours: Colours = field(default_factory=Colours)


@dataclass(frozen=True, slots=True)
class _Text:
    content: str
    x: float
    y: float
    size: float
    serif: bool
    bold: bool
    anchor: str
    rgba: tuple[float, ...]
    fit: float | None


class CertificateRenderer:
    """Renders certificates with one template environment (a program's templates first)."""

    def __init__(self, template_dirs: Sequence[Path] = ()) -> None:
        self.env = svg_environment(template_dirs)

    def svg(self, text: CertificateText) -> str:
        values: dict[str, Any] = {
            key: xml_text(value) for key, value in vars_of(text).items() if isinstance(value, str)
        }
        values["colours"] = text.colours
        return self.env.get_template("certificate.svg.j2").render(values)

    def pdf(self, text: CertificateText) -> bytes:
        return svg_to_pdf(self.svg(text), title=text.title, created=text.issued_on)


def vars_of(text: CertificateText) -> dict[str, object]:
    return {name: getattr(text, name) for name in CertificateText.__slots__}


@dataclass(frozen=True, slots=True)
class _QrBox:
    url: str
    x: float
    y: float
    size: float
    rgba: tuple[float, ...]


def qr_modules(url: str) -> list[tuple[int, int, int]]:
    """The QR code of `url` as runs of dark modules: (row, first column, length), without the quiet zone."""
    code = segno.make(url, error="m", micro=False)
    runs: list[tuple[int, int, int]] = []
    for y, row in enumerate(code.matrix_iter(scale=1, border=0)):
        cells = list(row)
        x = 0
        while x < len(cells):
            if not cells[x]:
                x += 1
                continue
            start = x
            while x < len(cells) and cells[x]:
                x += 1
            runs.append((y, start, x - start))
    return runs


def svg_to_pdf(svg: str, title: str, created: date) -> bytes:
    """Draw an SVG whose `<text>` elements are set by cohortkit (see the module's docstring)."""
    try:
        root = fromstring(svg.encode("utf-8"))
    except Exception as error:  # defusedxml's and expat's errors share no base class
        raise CohortkitError(f"the certificate template did not make valid SVG: {error}") from None
    texts = _take_texts(root)
    codes = _take_qr_boxes(root)
    output = io.BytesIO()
    surface = PDFSurface(Tree(bytestring=tostring(root)), output, 96)
    pdf: cairocffi.PDFSurface = surface.cairo
    stamp = f"{created.isoformat()}T00:00:00Z"  # the same data makes the same file
    pdf.set_metadata(cairocffi.PDF_METADATA_CREATE_DATE, stamp)
    pdf.set_metadata(cairocffi.PDF_METADATA_MOD_DATE, stamp)
    pdf.set_metadata(cairocffi.PDF_METADATA_TITLE, title)
    pdf.set_metadata(cairocffi.PDF_METADATA_CREATOR, "cohortkit")
    for text in texts:
        _draw(surface.context, text)
    for box in codes:
        _draw_qr(surface.context, box)
    surface.finish()
    return output.getvalue()


def _take_texts(root: Element) -> list[_Text]:
    """Remove the `<text>` elements from the tree and return them, in document order."""
    found: list[_Text] = []

    def walk(node: Element, transformed: bool) -> None:
        for child in list(node):
            if child.tag == f"{SVG}text":
                if transformed:
                    raise CohortkitError(
                        "a <text> in the certificate template sits in a group with a transform"
                    )
                found.append(_parse_text(child))
                node.remove(child)
            else:
                walk(child, transformed or child.get("transform") is not None)

    walk(root, False)
    return found


def _take_qr_boxes(root: Element) -> list[_QrBox]:
    """The `<rect data-qr>` boxes; the rects stay in the tree, as the codes' background."""
    boxes = []
    for node in root.iter(f"{SVG}rect"):
        url = node.attrib.pop("data-qr", None)
        if url is None:
            continue
        fill = node.attrib.pop("data-qr-fill", "#1b1f24")
        width, height = _number(node, "width"), _number(node, "height")
        boxes.append(_QrBox(url, _number(node, "x"), _number(node, "y"), min(width, height), color(fill)))
    return boxes


def _draw_qr(context: cairocffi.Context, box: _QrBox) -> None:
    """Modules as filled rectangles, drawn here: as an SVG path, cairosvg would take 20 ms to parse them."""
    runs = qr_modules(box.url)
    count = max(row for row, _, _ in runs) + 1
    module = box.size / (count + 8)  # four modules of quiet zone on each side, as the standard asks
    left, top = box.x + 4 * module, box.y + 4 * module
    context.save()
    context.set_source_rgba(*box.rgba)
    for row, column, length in runs:
        context.rectangle(left + column * module, top + row * module, length * module, module)
    context.fill()
    context.restore()


def _number(node: Element, name: str, default: float | None = None) -> float:
    value = node.get(name)
    if value is None:
        if default is None:
            raise CohortkitError(
                f"a <{node.tag.removeprefix(SVG)}> in the certificate template has no {name}"
            )
        return default
    try:
        return float(value)
    except ValueError:
        raise CohortkitError(
            f"a <{node.tag.removeprefix(SVG)}> in the certificate template has {name}={value!r}, not a number"
        ) from None


def _parse_text(node: Element) -> _Text:
    weight = node.get("font-weight", "normal")
    family = node.get("font-family", "sans")
    fit = node.get("data-fit")
    return _Text(
        content=" ".join("".join(node.itertext()).split()),
        x=_number(node, "x"),
        y=_number(node, "y"),
        size=_number(node, "font-size", 4.0),
        serif="serif" in family and "sans" not in family,
        bold=weight == "bold" or (weight.isdigit() and int(weight) >= 600),
        anchor=node.get("text-anchor", "start"),
        rgba=color(node.get("fill", "#000000")),
        fit=_number(node, "data-fit") if fit is not None else None,
    )


def _draw(context: cairocffi.Context, text: _Text) -> None:
    chain = font_chain(text.serif, text.bold)
    size = text.size
    line = layout(text.content, chain, size)
    if text.fit is not None and line.width > text.fit:
        size = size * text.fit / line.width
        line = layout(text.content, chain, size)
    if text.anchor == "middle":
        left = text.x - line.width / 2
    elif text.anchor == "end" or (
        text.anchor == "start" and line.rtl
    ):  # SVG's start is the right edge in RTL
        left = text.x - line.width
    else:
        left = text.x
    draw_line(context, line, left, text.y, size, text.rgba)
