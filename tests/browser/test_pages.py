"""Every page type of the built site in Chromium: loads cleanly, search, roster filter, theme, phone width, axe.

The fixtures (conftest.py) fail any test whose pages request another host, fail
a request, or log a console error.
"""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING

import pytest

from tests.browser.axe_check import blocking_violations

# Without Playwright the chromium_path fixture skips each test (or fails it under CI) with the reason.
with contextlib.suppress(ImportError):
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page

    from tests.browser.conftest import MakeSite, Site

pytestmark = pytest.mark.browser

# One page of each type, by its address on the site.
PAGE_TYPES = {
    "home": "",
    "programs": "programs/",
    "program": "programs/dsc-mentoring-groups/",
    "roster": "cohorts/",
    "cohort": "cohorts/dsc-2026q4-r-teaching/",
    "people": "people/",
    "profile": "people/tevita-fonua/",
    "showcase": "showcase/",
    "opportunities": "opportunities/",
    "join": "join/",
    "reference": "reference/",
    "maintainers": "maintainers/",
    "metrics": "metrics/",
    "program metrics": "metrics/cloudbridge-cohorts/",
    "term metrics": "metrics/cloudbridge-cohorts/2026-q2/",
}
# A certificate is a page of its own, not a MkDocs page (see program/pages.py): tested apart.
CERTIFICATE = "certificates/reps-2026h1-andes/carla-mamani/"
# A word of one cohort's goal ("Publish a plan for a monthly Hacky Hour in Nairobi") and that cohort.
SEARCH_WORD = "Hacky"
SEARCH_COHORT = "cohorts/dsc-2026q4-nairobi-community/"
# A desktop browser window, and the narrowest phone in common use (many Android phones are 360 CSS px wide).
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def _scroll_width(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_loads_cleanly(site: Site, path: str) -> None:
    page = site.open(path, idle=True)
    # One visible title: a stray second <h1> is how a Markdown slip (say, a broken code fence) shows.
    expect(page.locator("article h1")).to_have_count(1)
    expect(page.locator("article h1")).to_be_visible()
    # Material's own scripts ran: the search box is wired up (it is left inert when the bundle fails).
    expect(page.locator("[data-md-component=search-query]")).to_be_enabled()
    site.assert_clean()


def test_the_watch_reports_what_the_other_tests_must_not_see(site: Site) -> None:
    """The guard itself: an off-site request, a missing file and a console error are all caught."""
    page = site.open("")
    page.evaluate(
        """async () => {
            await fetch("https://example.org/tracker.js").catch(() => null);
            await fetch("missing.css").catch(() => null);
            console.error("boom");
        }"""
    )
    page.wait_for_timeout(100)  # console events arrive asynchronously
    problems = "\n".join(site.watch.problems)
    assert "off-site request: GET https://example.org/tracker.js" in problems
    assert "HTTP 404" in problems and "missing.css" in problems
    assert "console error: boom" in problems
    site.watch.problems.clear()


def test_search_finds_a_cohort_by_a_word_of_its_goal(site: Site) -> None:
    page = site.open("")
    box = page.locator("[data-md-component=search-query]")
    box.click()
    # Typed key by key, as a person would: the search runs in a web worker on each input event.
    box.press_sequentially(SEARCH_WORD, delay=30)
    result = page.locator(f".md-search-result__item a[href*='{SEARCH_COHORT}']").first
    expect(result).to_be_visible()
    result.click()
    expect(page).to_have_url(re.compile(re.escape(site.url(SEARCH_COHORT))))
    expect(page.locator("article")).to_contain_text(SEARCH_WORD)


def test_roster_filter_narrows_and_resets(site: Site) -> None:
    page = site.open("cohorts/")
    rows = page.locator("#roster tbody tr.ck-row")
    shown = page.locator("#roster tbody tr.ck-row:visible")
    count = page.locator("#roster-count")
    total = rows.count()
    assert total > 5
    expect(page.locator("#roster-filter")).to_be_visible()  # the form is hidden until the script runs
    expect(count).to_have_text(f"{total} of {total} cohorts")

    page.select_option("#filter-status", "active")
    active = page.locator("#roster tbody tr.ck-row[data-status=active]").count()
    assert 0 < active < total
    expect(shown).to_have_count(active)
    expect(count).to_have_text(f"{active} of {total} cohorts")
    assert all(row.get_attribute("data-status") == "active" for row in shown.all())
    expect(page).to_have_url(re.compile(r"\?status=active$"))

    page.select_option("#filter-program", "dsc-mentoring-groups")
    both = page.locator("#roster tbody tr.ck-row[data-status=active][data-program=dsc-mentoring-groups]")
    expect(shown).to_have_count(both.count())
    assert 0 < both.count() < active

    # The filtered address can be shared: opening it again shows the same rows.
    page.reload(wait_until="networkidle")
    expect(page.locator("#filter-status")).to_have_value("active")
    expect(page.locator("#filter-program")).to_have_value("dsc-mentoring-groups")
    expect(shown).to_have_count(both.count())

    page.click("#filter-reset")
    expect(shown).to_have_count(total)
    expect(count).to_have_text(f"{total} of {total} cohorts")
    expect(page).to_have_url(site.url("cohorts/"))


def test_theme_toggle_switches_and_remembers(site: Site) -> None:
    page = site.open("")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")

    # The visible toggle is a label in the header; its radio input is hidden.
    page.locator("label[title='Switch to dark mode']:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != light

    # The choice is kept across pages.
    site.open("cohorts/")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.locator("label[title='Switch to light mode']:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_phone_has_no_horizontal_scroll(make_site: MakeSite, path: str) -> None:
    phone = make_site(**PHONE)
    page = phone.open(path)
    scroll, client = _scroll_width(page)
    assert scroll <= client, f"{path or 'home'} is {scroll}px wide on a {client}px screen"


# Light and dark colours differ, and a phone lays pages out differently (tables scroll, rows become cards).
AXE_VIEWS = {
    "light": {**DESKTOP, "color_scheme": "light"},
    "dark": {**DESKTOP, "color_scheme": "dark"},
    "phone": {**PHONE, "color_scheme": "light"},
}


def test_a_certificate_page_loads_cleanly_and_fits_a_phone(make_site: MakeSite) -> None:
    for options in (DESKTOP, PHONE):
        browsing = make_site(**options)
        page = browsing.open(CERTIFICATE, idle=True)
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("h1")).to_have_text("Carla Mamani")
        status, kind, head = page.evaluate(
            """async () => {
                const answer = await fetch(document.querySelector("a[download]").href);
                const bytes = new Uint8Array(await answer.arrayBuffer()).slice(0, 5);
                return [answer.status, answer.headers.get("content-type"), String.fromCharCode(...bytes)];
            }"""
        )
        assert (status, kind, head) == (200, "application/pdf", "%PDF-")
        scroll, client = _scroll_width(page)
        assert scroll <= client
        browsing.assert_clean()


@pytest.mark.parametrize("view", AXE_VIEWS)
@pytest.mark.parametrize("path", [*PAGE_TYPES.values(), CERTIFICATE], ids=[*PAGE_TYPES.keys(), "certificate"])
def test_no_serious_accessibility_violations(make_site: MakeSite, path: str, view: str) -> None:
    page = make_site(**AXE_VIEWS[view]).open(path, idle=path == CERTIFICATE)  # no search index to wait for
    report = blocking_violations(page)
    assert not report, f"{path or 'home'} ({view}):\n{report}"


# Screenshots for a person to look at (build/screenshots/), on a desktop and a phone; home and the
# cohort page in dark mode too.
SCREENSHOT_PAGES = {
    "home": "",
    "roster": "cohorts/",
    "cohort": "cohorts/dsc-2026q4-r-teaching/",
    "profile": "people/tevita-fonua/",
    "gallery": "showcase/",
    "certificate": "certificates/reps-2026h1-andes/carla-mamani/",
}


def _settle(page: Page) -> None:
    """Loads lazy images (a full-page shot does not scroll to them) and waits for fonts."""
    page.evaluate(
        """async () => {
            const images = [...document.images];
            images.forEach((img) => { img.loading = "eager"; });
            await Promise.all(images.map((img) => img.decode().catch(() => null)));
            await document.fonts.ready;
        }"""
    )


DEVICES = {"desktop": DESKTOP, "phone": {**PHONE, "device_scale_factor": 2}}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(make_site: MakeSite, screenshots: Path, device: str, scheme: str) -> None:
    browsing = make_site(color_scheme=scheme, **DEVICES[device])
    for name, path in SCREENSHOT_PAGES.items():
        if scheme == "dark" and name not in {"home", "cohort"}:
            continue
        page = browsing.open(path, idle=True)
        _settle(page)
        page.screenshot(path=screenshots / f"{name}-{device}-{scheme}.png", full_page=True)
    # A goal badge as a profile shows it, at the size people share it.
    page = browsing.open("people/carla-mamani/", idle=True)
    _settle(page)
    badge = page.locator("#badges img").first
    expect(badge).to_be_visible()
    badge.screenshot(path=screenshots / f"badge-{device}-{scheme}.png")
