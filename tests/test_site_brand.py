"""A new program's site is its own: monogram logo and favicon, its colours (Material's names or #rrggbb), its title.

The browser half (tests/browser/test_branding.py) opens two such sites side by side.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import material
import pytest
import yaml
from cohortkit.cli import main
from cohortkit.outcomes.palette import contrast
from cohortkit.program.pages import site_name
from cohortkit.starter.brand import FAVICON, LOGO, initials
from cohortkit.starter.colours import (
    DARK_PAGE,
    LIGHT_PAGE,
    MATERIAL_ACCENT,
    MATERIAL_DARK_TEXT,
    MATERIAL_PRIMARY,
    Shades,
    SiteColour,
    check_colour,
)
from hypothesis import given
from hypothesis import strategies as st

from tests.site_helpers import mkdocs_build, parse_html

SVG = "{http://www.w3.org/2000/svg}"
# A name with every character SVG, HTML and YAML each treat specially and that a name may hold.
NAME = 'Ana & Bo\'s "Code" Club: #1'
FLAGS = ["--coordinator", "ana-lima", "--repo", "anabo/club", "--today", "2026-03-02"]


def _palette_css() -> str:
    (css,) = (Path(material.__file__).parent / "templates/assets/stylesheets").glob("palette.*.min.css")
    return css.read_text(encoding="utf-8")


@pytest.mark.parametrize(("kind", "table"), [("primary", MATERIAL_PRIMARY), ("accent", MATERIAL_ACCENT)])
def test_the_palette_names_and_their_colours_are_materials_own(kind, table):
    # Read from the Material that builds the site, so an upgrade that renames or recolours one is caught.
    found = dict(
        re.findall(rf"\[data-md-color-{kind}=([a-z-]+)\]\{{--md-{kind}-fg-color:([^;}}]+)", _palette_css())
    )
    assert {name.replace(" ", "-") for name in table} == found.keys()
    for name, colour in table.items():
        theirs = found[name.replace(" ", "-")]
        if theirs.startswith("#"):
            assert colour == (theirs if len(theirs) == 7 else "#" + "".join(c * 2 for c in theirs[1:])), name


def test_materials_dark_header_text_is_on_the_names_we_say():
    css = _palette_css()
    dark = {
        name.replace("-", " ")
        for selectors in re.findall(r"([^{}]+)\{--md-primary-bg-color:#000000de", css)
        for name in re.findall(r"\[data-md-color-primary=([a-z-]+)\]", selectors)
    }
    # White's header text is written as hsla(): black at 87%, as on the others.
    assert "--md-primary-bg-color:hsla(var(--md-hue), 0%, 0%, 0.87)" in css
    assert dark | {"white"} == MATERIAL_DARK_TEXT


@pytest.mark.parametrize(
    ("name", "letters"),
    [
        ("Fern Valley mentoring", "FV"),
        ("Women of OpenStack", "WO"),
        ("cncf mentoring", "CM"),
        ("Outreachy", "O"),
        ("Ñandú Club", "ÑC"),
        ("straße club", "SC"),
        ("_under score", "US"),
        ("★ ★", "★"),  # no letters: the first symbol, so the logo is never blank
        ("🌱\ufe0f Sprouts", "S"),
        ("🌱\ufe0f 🌿", "🌱\ufe0f"),  # with its variation selector
    ],
)
def test_initials(name, letters):
    assert initials(name) == letters


def test_a_colour_is_a_material_name_in_any_spelling_or_a_hex_value():
    assert check_colour("Deep-Orange", MATERIAL_PRIMARY, "primary") == SiteColour("deep orange", "#ff6e42")
    hex_colour = check_colour(" #B5302A ", MATERIAL_PRIMARY, "primary")
    assert hex_colour.value == "#b5302a" and hex_colour.custom and hex_colour.palette == "custom"
    with pytest.raises(Exception, match="nor a colour written as #"):
        check_colour("#b5302", MATERIAL_PRIMARY, "primary")
    with pytest.raises(Exception, match="accent colours"):
        check_colour("grey", MATERIAL_ACCENT, "accent")  # Material has no grey accents


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_a_custom_colours_header_text_and_links_read_at_4_5_to_1(colour):
    shades = Shades(SiteColour(colour, colour), SiteColour("#1d6fa5", "#1d6fa5"))
    assert contrast(shades.primary.on, colour) >= 4.5
    assert contrast(shades.link_light, LIGHT_PAGE) >= 4.5
    assert contrast(shades.link_dark, DARK_PAGE) >= 4.5


def test_a_link_colour_that_already_reads_is_left_as_it_is():
    shades = Shades(SiteColour("#1d4e5f", "#1d4e5f"), SiteColour("amber", "#ffaa00"))
    assert shades.link_light == "#1d4e5f"


def _init(root: Path, *flags: str) -> None:
    assert main(["init", str(root), *FLAGS, *flags, "--no-build"]) == 0


def test_the_logo_and_favicon_are_the_programs_initials_escaped_and_always_the_same(tmp_path):
    _init(tmp_path / "one", "--name", NAME, "--primary", "#b5302a", "--accent", "#1d6fa5")
    _init(tmp_path / "two", "--name", NAME, "--primary", "#b5302a", "--accent", "#1d6fa5")
    for path in (LOGO, FAVICON):
        text = (tmp_path / "one" / path).read_text(encoding="utf-8")
        assert text == (tmp_path / "two" / path).read_text(encoding="utf-8"), path
        svg = ET.fromstring(text)  # well-formed: the name's & and quotes were escaped
        assert svg.get("aria-label") == NAME and svg.findtext(f"{SVG}title") == NAME
        assert svg.findtext(f"{SVG}text") == "AB"
        shape = svg.find(f"{SVG}circle") if path == LOGO else svg.find(f"{SVG}rect")
        assert shape is not None and shape.get("fill") == "#b5302a"
        assert svg.find(f"{SVG}text").get("fill") == "#ffffff"  # 6.1:1 on that red; black is 3.4:1


@pytest.mark.parametrize(("name", "letters"), [("teal", "#ffffff"), ("amber", "#211901")])
def test_a_named_colours_monogram_is_lettered_as_materials_header_is(tmp_path, name, letters):
    # Material sets white on teal and #000000de (black at 87%) on amber: the logo sits in that header.
    _init(tmp_path, "--name", "Fern Valley", "--primary", name)
    svg = ET.fromstring((tmp_path / LOGO).read_text(encoding="utf-8"))
    text = svg.find(f"{SVG}text")
    assert text is not None and text.get("fill") == letters


def test_named_colours_go_to_materials_palette_and_as_hex_to_the_badges(tmp_path):
    _init(tmp_path, "--name", "Fern Valley mentoring", "--primary", "teal", "--accent", "deep-orange")
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    assert {(p["primary"], p["accent"]) for p in config["theme"]["palette"]} == {("teal", "deep orange")}
    assert config["theme"]["logo"] == "assets/logo.svg" and config["theme"]["favicon"] == "assets/favicon.svg"
    assert config["extra_css"] == ["stylesheets/cohortkit.css"]
    assert not (tmp_path / "docs/stylesheets/colours.css").exists()
    program = yaml.safe_load((tmp_path / "programs/fern-valley-mentoring.yaml").read_text())
    assert program["colors"] == {"primary": "#009485", "accent": "#ff6e42"}


def test_hex_colours_are_materials_custom_palette_with_their_shades_in_a_stylesheet(tmp_path):
    _init(tmp_path, "--name", "Harbour Lights", "--primary", "#B5302A", "--accent", "amber")
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    assert {(p["primary"], p["accent"]) for p in config["theme"]["palette"]} == {("custom", "amber")}
    assert config["extra_css"] == ["stylesheets/cohortkit.css", "stylesheets/colours.css"]
    css = (tmp_path / "docs/stylesheets/colours.css").read_text()
    assert "--md-primary-fg-color: #b5302a;" in css and "--md-primary-bg-color: #ffffff;" in css
    assert "data-md-color-accent" not in css  # amber is Material's own
    program = yaml.safe_load((tmp_path / "programs/harbour-lights.yaml").read_text())
    assert program["colors"] == {"primary": "#b5302a", "accent": "#ffaa00"}


def test_init_warns_when_materials_own_drawing_of_a_colour_name_reads_poorly(tmp_path, capsys):
    _init(tmp_path / "teal", "--name", "Fern Valley", "--primary", "teal")
    said = capsys.readouterr().err
    assert "warning: Material draws teal with the header's text at 3.8:1 and links at 3.8:1" in said
    assert "--primary '#009485'" in said and "deep purple, indigo, brown" in said
    _init(tmp_path / "brown", "--name", "Fern Valley", "--primary", "brown")
    _init(tmp_path / "hex", "--name", "Fern Valley", "--primary", "#009485")
    assert "warning" not in capsys.readouterr().err


def test_the_site_asks_no_other_host_for_its_repositorys_stars(tmp_path):
    # With repo_url, Material's header fetches api.github.com from every visitor's browser.
    _init(tmp_path, "--name", "Fern Valley")
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    assert (
        "repo_url" not in config and config["extra"]["social"][0]["link"] == "https://github.com/anabo/club"
    )


def test_a_name_that_would_be_markup_in_the_sites_header_is_refused(tmp_path, capsys):
    assert main(["init", str(tmp_path), *FLAGS, "--name", "Club <b>one</b>", "--no-build"]) == 2
    assert "cannot hold < or >" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_site_name_is_read_back_as_yaml_reads_it(tmp_path):
    _init(tmp_path, "--name", NAME)
    assert site_name(tmp_path) == NAME
    (tmp_path / "mkdocs.yml").write_text("site_name: Plain name  # a comment\n")
    assert site_name(tmp_path) == "Plain name"


def test_the_built_site_shows_the_programs_name_logo_and_favicon_and_never_cohortkits(tmp_path):
    _init(tmp_path, "--name", NAME, "--primary", "#b5302a", "--accent", "#1d6fa5")
    assert main(["site", "build-pages", "--root", str(tmp_path), "--today", "2026-03-02"]) == 0
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    home = parse_html(site / "index.html")
    title = re.search(r"<title>(.*?)</title>", (site / "index.html").read_text(encoding="utf-8"), re.S)
    assert title and title[1] == NAME  # the home page's title is the name alone
    links = {(e.attrs.get("rel"), e.attrs.get("href")) for e in home.elements if e.tag == "link"}
    assert ("icon", "assets/favicon.svg") in links and ("stylesheet", "stylesheets/colours.css") in links
    assert any(e.tag == "img" and e.attrs.get("src") == "assets/logo.svg" for e in home.elements)
    assert (site / "assets/logo.svg").read_bytes() == (tmp_path / LOGO).read_bytes()
    assert (site / "assets/favicon.svg").is_file() and (site / "stylesheets/colours.css").is_file()
    for page in site.rglob("*.html"):
        assert "cohortkit mentoring program" not in page.read_text(encoding="utf-8").lower(), page
