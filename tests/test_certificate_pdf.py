"""Certificate PDFs: the name reads back exactly, every font is embedded, the QR code leads to the page.

The PDFs are read as a stranger would: pdfminer.six and PDFium (pypdfium2)
extract the text, pypdf lists the fonts, PDFium draws the page and zxing-cpp
decodes the QR code from the pixels.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import zxingcpp
from cohortkit.data.load import load_tree
from cohortkit.errors import CohortkitError
from cohortkit.outcomes.certificate_pdf import CertificateRenderer, CertificateText, font_chain
from cohortkit.outcomes.certificates import assess
from cohortkit.outcomes.shaping import MissingGlyph, layout
from cohortkit.program.pages import certificate_page, certificate_pdf_path
from cohortkit.site import SiteOptions, render_site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTChar, LTTextLine

from tests.site_helpers import REPO

SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
URL = "https://mentoring.example.org/certificates/dsc-2026q2-git-maintenance/elif-yilmaz/"
TEXT = CertificateText(
    name="Elif Yılmaz",
    program="Data Skills Collective Mentoring Groups",
    heading="Certificate of completion",
    took_part="took part as a mentee in the cohort",
    cohort="Maintaining the Git lesson",
    goal="Goal: Contribute five new challenge questions to the Git lesson",
    dates="13 April 2026 to 19 June 2026 · April to June 2026 groups",
    issuer="Issued by the coordinators of Data Skills Collective Mentoring Groups",
    coordinators="@priya-raman, @marta-kowal",
    issued="Issued on 19 June 2026",
    seal="2026",
    verify_url=URL,
    title="Certificate: Elif Yılmaz, Maintaining the Git lesson",
    issued_on=date(2026, 6, 19),
)

# Names whose text layer is one glyph per character (or one ligature), in reading order: every reader gets them.
PLAIN = [
    "Zoë Ångström-Nguyễn",
    "Nguyễn Thị Minh Khai",
    "Ελένη Παπαδοπούλου",
    "Жанна Ёлкина",
    "Sofia Ffion Affleck",  # ligatures (fi, ff) copy out as the letters
    "王小明",
    "김민준",
    "さくら 佐藤",
    "ليلى عبد الله",  # joined, right to left, with a lam-alef-like ligature
    "שרה לוי",
]
# Names in scripts that reorder within a cluster (a reph drawn after the consonant it precedes):
# their text is carried as ActualText, which PDFium and poppler read and pdfminer does not.
REORDERED = ["अनुष्का शर्मा", "ক্ষমা রায়", "திருமொழி", "ಶ್ರೀನಿವಾಸ"]

RENDERER = CertificateRenderer()


def pdf_of(name: str, **changes: object) -> bytes:
    return RENDERER.pdf(replace(TEXT, name=name, **changes))  # type: ignore[arg-type]


def miner_lines(pdf: bytes) -> list[str]:
    return [line.strip() for line in extract_text(io.BytesIO(pdf)).splitlines() if line.strip()]


def pdfium_lines(pdf: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(pdf)[0]
    return [line.strip() for line in page.get_textpage().get_text_range().splitlines()]


@pytest.mark.parametrize("name", PLAIN)
def test_the_name_reads_back_exactly(name):
    assert name in miner_lines(pdf_of(name))


@pytest.mark.parametrize("name", REORDERED)
def test_a_reordered_script_reads_back_exactly_from_its_actual_text(name):
    assert name in pdfium_lines(pdf_of(name))


def _fonts(pdf: bytes) -> list[pypdf.generic.DictionaryObject]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        found.extend(
            d.get_object() for d in font.get("/DescendantFonts", [])
        ) if "/DescendantFonts" in font else None
        found.append(font)
    return found


@pytest.mark.parametrize("name", ["Elif Yılmaz", "王小明", "ليلى عبد الله", "अनुष्का"])
def test_every_font_is_embedded(name):
    fonts = _fonts(pdf_of(name))
    assert fonts
    for font in fonts:
        if font["/Subtype"] == "/Type0":  # a composite font's glyphs are in its descendant
            continue
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
        assert "+" in font["/BaseFont"], font["/BaseFont"]  # subset: only the glyphs used
        assert "Noto" in font["/BaseFont"]  # the shipped fonts, never a system fallback


def test_the_qr_code_decodes_to_the_certificate_page():
    page = pypdfium2.PdfDocument(pdf_of("Elif Yılmaz"))[0]
    image = page.render(scale=3).to_pil()
    # For a person to look at, beside the browser tests' screenshots of the page and the badge.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SCREENSHOTS / "certificate-pdf.png")
    codes = zxingcpp.read_barcodes(image)
    assert [c.text for c in codes] == [URL]
    assert codes[0].format == zxingcpp.BarcodeFormat.QRCode


def test_without_a_site_address_there_is_no_qr_code():
    pdf = pdf_of("Elif Yılmaz", verify_url="")
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    assert zxingcpp.read_barcodes(image) == []
    assert "Verify this certificate" not in miner_lines(pdf)


def _name_line(pdf: bytes, name: str) -> LTTextLine:
    page = next(extract_pages(io.BytesIO(pdf)))
    lines = [line for box in page if hasattr(box, "__iter__") for line in box if isinstance(line, LTTextLine)]
    return next(line for line in lines if line.get_text().strip() == name)


def test_a_long_name_shrinks_to_fit_its_width():
    short, long = (
        "Elif Yılmaz",
        "Wolfeschlegelsteinhausenbergerdorff Hubert Blaine Maximilian Alexander-Zebedee",
    )
    page_width = 297 / 25.4 * 72
    fit = 240 / 297 * page_width  # the template's data-fit for the name, in points
    short_line, long_line = _name_line(pdf_of(short), short), _name_line(pdf_of(long), long)
    assert long_line.width <= fit + 0.5
    assert long_line.width > 0.9 * fit  # shrunk to the width, not further
    assert abs((long_line.x0 + long_line.x1) / 2 - page_width / 2) < 1  # still centred
    size = lambda line: max(c.size for c in line if isinstance(c, LTChar))  # noqa: E731
    assert size(long_line) < size(short_line)


def test_the_same_certificate_makes_the_same_bytes():
    assert pdf_of("Zoë Ångström") == pdf_of("Zoë Ångström")
    assert pdf_of("Zoë Ångström") != pdf_of("Zoe Angstrom")


@pytest.mark.parametrize(
    "name",
    ["</text><text x='0' y='0'>forged", "A & B <b>bold</b>", "Ana\u0007Bel", "\"quoted\" 'single' ]]>"],
)
def test_markup_in_a_name_is_text(name):
    lines = miner_lines(pdf_of(name))
    expected = " ".join(name.replace("\u0007", "").split())  # XML cannot carry a BEL; it is dropped
    assert expected in lines
    assert "forged" not in [line for line in lines if line != expected]


def test_a_character_no_font_has_is_an_error_naming_it():
    with pytest.raises(MissingGlyph) as raised:
        pdf_of("Ana 🌻")
    assert "U+1F33B" in str(raised.value) and "Ana 🌻" in str(raised.value)
    assert isinstance(raised.value, CohortkitError)


def test_a_programs_template_replaces_the_shipped_one(tmp_path: Path):
    (tmp_path / "certificate.svg.j2").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100mm" height="50mm" viewBox="0 0 100 50">'
        '<text x="10" y="20" font-size="5">Own design for {{ name }}</text></svg>',
        encoding="utf-8",
    )
    pdf = CertificateRenderer([tmp_path]).pdf(TEXT)
    assert miner_lines(pdf) == ["Own design for Elif Yılmaz"]
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert round(float(box.width)) == round(100 / 25.4 * 72)


def test_a_template_that_is_not_svg_is_a_clear_error(tmp_path: Path):
    (tmp_path / "certificate.svg.j2").write_text("<svg><text>{{ name }}</svg>", encoding="utf-8")
    with pytest.raises(CohortkitError, match="did not make valid SVG"):
        CertificateRenderer([tmp_path]).pdf(TEXT)


# Right-to-left inside left-to-right and the reverse: the parts are drawn in display order.
def test_mixed_directions_are_drawn_in_display_order():
    line = layout("Ana ليلى Bel", font_chain(serif=False, bold=False), 10)
    texts = [run.text for run in line.runs]
    assert texts == ["Ana ", "ليلى", " ", "Bel"]  # the space between takes the paragraph's direction
    starts = [min(g.x for g in run.glyphs) for run in line.runs]
    assert starts[0] < starts[1] < starts[2] < starts[3]
    rtl = layout("ليلى Ana 12", font_chain(serif=False, bold=False), 10)
    assert rtl.rtl
    by_text = {run.text.strip(): min(g.x for g in run.glyphs) for run in rtl.runs}
    assert by_text["ليلى"] > by_text["Ana"]  # the Arabic starts the line, on the right


_COVERED = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll"),
    include_characters="ßøåæœ",
    exclude_characters="ʼʽˀ",
    max_codepoint=0x24F,
) | st.sampled_from(list("王小明佐藤さくら김민준Ωλέκ"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(_COVERED, min_size=1, max_size=12), min_size=1, max_size=4))
def test_any_name_in_these_scripts_reads_back(words):
    name = " ".join(words)
    assert name in miner_lines(pdf_of(name))


# On the site: a PDF beside each listed earner's certificate page, and none for anyone else.
def test_the_site_publishes_a_pdf_per_listed_earner_and_links_it():
    model = load_tree(REPO).model
    options = SiteOptions(today=date(2026, 11, 23), site_url="https://mentoring.example.org/", pdfs=True)
    pages = render_site(model, options)
    earned = [a for a in assess(model) if a.earned]
    listed = [a for a in earned if a.person is not None and a.person.listed]
    pdfs = {path for path, content in pages.items() if isinstance(content, bytes)}
    assert pdfs == {certificate_pdf_path(a.cohort.id, a.login) for a in listed}
    for a in listed[:3]:
        assert a.person.name in miner_lines(pages[certificate_pdf_path(a.cohort.id, a.login)])
        page = pages[certificate_page(a.cohort.id, a.login)]
        assert f'/{a.cohort.id}/{a.login.lower()}.pdf" download>' in page  # resolved by test_site_build
    # In forked workers the same bytes; without --pdfs, no PDF and no link to one.
    assert render_site(model, replace(options, workers=2)) == pages
    plain = render_site(model, replace(options, pdfs=False))
    assert not [p for p, c in plain.items() if isinstance(c, bytes)]
    assert ".pdf" not in plain[certificate_page(listed[0].cohort.id, listed[0].login)]
