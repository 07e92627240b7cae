"""Make the fonts that certificate PDFs embed, from Debian's Noto packages (a maintainer's tool).

    apt-get download fonts-noto-core fonts-noto-cjk
    .venv/bin/python tools/prepare_fonts.py fonts-noto-core_*.deb fonts-noto-cjk_*.deb

The fonts ship inside the package (scripts/cohortkit/outcomes/fonts/), so a
certificate made on a laptop and in GitHub Actions embeds the same glyphs;
a system font would differ from machine to machine. Each font is rewritten
with fontTools, in three ways and no others:

* hinting is dropped (PDF viewers do not use it; it halves the files);
* the cmap loses its presentation-form code points (Latin ligatures
  U+FB00-FB06, Hebrew and Arabic presentation forms). HarfBuzz reaches those
  glyphs through the font's substitution tables, not the cmap; cairo, though,
  names a glyph in the PDF's text layer after the cmap entry when there is
  one, so "fi" in Sofia or the lam-alef in a name would copy out as U+FB01 or
  U+FEFB instead of the letters the person wrote;
* the CJK face (Simplified Chinese, which also covers kana and Hangul) keeps
  the CJK, kana and Hangul blocks only, 12 MB instead of 19 (this takes about
  four minutes).

It writes the fonts, SOURCES.md (package versions) and OFL.txt (the licence,
from the packages' copyright file). Never edit the font files by hand.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

OUT = Path(__file__).resolve().parent.parent / "scripts" / "cohortkit" / "outcomes" / "fonts"

# The scripts Noto covers in fonts-noto-core that people's names are commonly written in.
SANS_SCRIPTS = (
    "",
    "Arabic",
    "Hebrew",
    "Devanagari",
    "Bengali",
    "Gujarati",
    "Gurmukhi",
    "Kannada",
    "Malayalam",
    "Tamil",
    "Telugu",
    "Sinhala",
    "Thai",
    "Lao",
    "Khmer",
    "Myanmar",
    "Georgian",
    "Armenian",
    "Ethiopic",
)
SERIF = ("NotoSerif-Bold.ttf", "NotoSerif-Regular.ttf")
CJK_FACE = "Noto Sans CJK SC"
CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3000, 0x30FF),  # CJK symbols and punctuation, kana
    (0x3100, 0x318F),  # Bopomofo, Hangul compatibility jamo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # Half- and full-width forms
)
PRESENTATION_FORMS = ((0xFB00, 0xFB4F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def options() -> subset.Options:
    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.layout_features = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    opts.glyph_names = False
    return opts


def without_presentation_forms(font: TTFont) -> set[int]:
    cmap = font.getBestCmap()
    return {cp for cp in cmap if not any(lo <= cp <= hi for lo, hi in PRESENTATION_FORMS)}


def rewrite(font: TTFont, unicodes: set[int], target: Path) -> None:
    subsetter = subset.Subsetter(options())
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    font.save(target)
    print(f"{target.name}: {target.stat().st_size // 1024} KiB", file=sys.stderr)


def unpack(deb: Path, into: Path) -> str:
    subprocess.run(["dpkg-deb", "-x", str(deb), str(into)], check=True)
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Package", "Version"], check=True, capture_output=True, text=True
    )
    return " ".join(line.split(": ", 1)[1] for line in fields.stdout.splitlines())


def licence(copyright_file: Path) -> str:
    """The OFL's text from a Debian copyright file (its `License: OFL-1.1` paragraph)."""
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "License: OFL-1.1" and i > 20)
    body: list[str] = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    return "\n".join(body).strip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("core", type=Path, help="fonts-noto-core_*.deb")
    parser.add_argument("cjk", type=Path, help="fonts-noto-cjk_*.deb")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sources = [unpack(args.core, root), unpack(args.cjk, root)]
        noto = root / "usr/share/fonts/truetype/noto"
        for script in SANS_SCRIPTS:
            for weight in ("Regular", "Bold"):
                name = f"NotoSans{script}-{weight}.ttf"
                font = TTFont(noto / name)
                rewrite(font, without_presentation_forms(font), OUT / name)
        for name in SERIF:
            font = TTFont(noto / name)
            rewrite(font, without_presentation_forms(font), OUT / name)
        collection = TTCollection(root / "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
        cjk = next(f for f in collection.fonts if f["name"].getDebugName(1) == CJK_FACE)
        wanted = {cp for lo, hi in CJK_RANGES for cp in range(lo, hi + 1)}
        rewrite(cjk, wanted & set(cjk.getBestCmap()), OUT / "NotoSansCJKsc-Regular.otf")
        (OUT / "OFL.txt").write_text(
            licence(root / "usr/share/doc/fonts-noto-core/copyright"), encoding="utf-8"
        )
    (OUT / "SOURCES.md").write_text(
        "# Where these fonts come from\n\n"
        "Made by `tools/prepare_fonts.py` (read it for what it changes) from Debian's packages:\n\n"
        + "".join(f"- {source}\n" for source in sources)
        + "\nThe Noto fonts are © the Noto Project Authors, under the SIL Open Font License 1.1 (OFL.txt).\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
