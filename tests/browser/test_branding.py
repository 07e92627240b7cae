"""Two programs started with `cohortkit init` look like themselves in Chromium, and not like each other or cohortkit.

Each is built as `make site` builds it (validate, build-pages, mkdocs build
--strict) from nothing but what init wrote, served on its own port, and opened
in a watched context (conftest.py): a request to any other host fails the test.
One program takes Material's own colour names, the other #rrggbb colours
(Material's custom palette), and its name holds the characters HTML, SVG and
YAML each treat specially.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cohortkit.cli import main

from tests.browser.axe_check import blocking_violations
from tests.site_helpers import mkdocs_build

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

    from tests.browser.conftest import OpenSite

pytestmark = pytest.mark.browser

TODAY = "2026-03-02"


@dataclass(frozen=True)
class Program:
    key: str
    name: str
    primary: str  # the header's colour, as #rrggbb
    on_primary: str  # the header's text
    flags: tuple[str, ...]


PROGRAMS = (
    Program(
        "fern",
        "Fern Valley mentoring",
        "#795649",  # Material's brown (one of the names Material draws at 4.5:1 or more)
        "#ffffff",  # Material's own choice of text on it
        ("--primary", "brown", "--accent", "deep-orange", "--coordinator", "tala-ramos,ravi-osei"),
    ),
    Program(
        "harbour",
        'Harbour & Lights "Code" Club',
        "#0b6e4f",
        "#ffffff",  # cohortkit's choice: 6.2:1, where black would be 3.4:1
        ("--primary", "#0B6E4F", "--accent", "#c77800", "--coordinator", "mira-kovac"),
    ),
)
SCHEMES = ("light", "dark")


@dataclass(frozen=True)
class Started:
    program: Program
    root: Path
    url: str


@pytest.fixture(scope="module")
def started(
    tmp_path_factory: pytest.TempPathFactory,
    chromium_path: Path,
    serving: Callable[[Path], contextlib.AbstractContextManager[str]],
) -> Iterator[dict[str, Started]]:
    # chromium_path first: without a browser the test is skipped before anything is built.
    with contextlib.ExitStack() as stack:
        sites = {}
        for program in PROGRAMS:
            root = tmp_path_factory.mktemp("branding") / program.key
            flags = ["--name", program.name, "--repo", f"{program.key}/mentoring", *program.flags]
            assert main(["init", str(root), *flags, "--today", TODAY, "--no-build"]) == 0
            assert main(["validate", "--root", str(root)]) == 0
            assert main(["site", "build-pages", "--root", str(root), "--today", TODAY]) == 0
            built = mkdocs_build(root)
            assert built.returncode == 0, built.stderr
            sites[program.key] = Started(program, root, stack.enter_context(serving(root / "site")))
        yield sites


DESKTOP = {"width": 1280, "height": 800}


def _rgb(colour: str) -> str:
    return f"rgb({int(colour[1:3], 16)}, {int(colour[3:5], 16)}, {int(colour[5:7], 16)})"


def _header(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => {
            const header = getComputedStyle(document.querySelector(".md-header"));
            const logo = document.querySelector(".md-header .md-logo img");
            const icon = document.querySelector("link[rel=icon]");
            return {
                background: header.backgroundColor,
                text: header.color,
                name: document.querySelector(".md-header__topic .md-ellipsis").textContent.trim(),
                logo: logo.src,
                logoWidth: String(logo.naturalWidth),
                icon: icon.href,
            };
        }"""
    )


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("key", [program.key for program in PROGRAMS])
def test_each_site_shows_its_own_name_colours_logo_and_favicon(
    open_site: OpenSite, started: dict[str, Started], screenshots: Path, key: str, scheme: str
) -> None:
    site = started[key]
    program = site.program
    browsing = open_site(site.url, viewport=DESKTOP, color_scheme=scheme)
    page = browsing.open("", idle=True)
    assert page.title() == program.name  # the home page's title is the name alone
    header = _header(page)
    assert header["name"] == program.name
    # Material fills the header with the primary colour in both schemes.
    assert (header["background"], header["text"]) == (_rgb(program.primary), _rgb(program.on_primary))
    assert header["logo"] == site.url + "assets/logo.svg" and int(header["logoWidth"]) > 0  # drawn
    assert header["icon"] == site.url + "assets/favicon.svg"
    status, kind, body = page.evaluate(
        """async (href) => {
            const answer = await fetch(href);
            return [answer.status, answer.headers.get("content-type"), await answer.text()];
        }""",
        header["icon"],
    )
    assert (status, kind) == (200, "image/svg+xml")
    assert body == (site.root / "docs/assets/favicon.svg").read_text(encoding="utf-8")
    assert "cohortkit mentoring program" not in page.content().lower()
    report = blocking_violations(page)
    assert not report, f"{program.key} ({scheme}):\n{report}"
    page.screenshot(path=screenshots / f"branding-{program.key}-{scheme}.png", full_page=True)


def test_the_two_sites_look_different(open_site: OpenSite, started: dict[str, Started]) -> None:
    from PIL import Image, ImageChops

    shots = {}
    for key, site in started.items():
        page = open_site(site.url, viewport=DESKTOP, color_scheme="light").open("", idle=True)
        shots[key] = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    fern, harbour = shots["fern"], shots["harbour"]
    assert fern.size == harbour.size
    # The header, drawn: a strip of it under the top edge, away from the logo, name and search box.
    for key, shot in shots.items():
        assert shot.getpixel((700, 3)) == tuple(
            int(started[key].program.primary[i : i + 2], 16) for i in (1, 3, 5)
        )
    difference = (
        ImageChops.difference(fern, harbour).convert("L").point(lambda level: 255 if level > 16 else 0)
    )
    changed = difference.histogram()[255]  # pixels that differ by more than 16 levels
    assert changed > 0.03 * fern.width * fern.height, f"only {changed} pixels differ"
