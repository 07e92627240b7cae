"""The whole path on the example data: `cohortkit site build-pages`, then `mkdocs build --strict`."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from cohortkit.cli import main

from tests.site_helpers import mkdocs_build as build
from tests.site_helpers import parse_html, repo_copy


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = repo_copy(tmp_path_factory.mktemp("site"))
    assert main(["site", "build-pages", "--pdfs", "--root", str(root), "--today", "2026-11-23"]) == 0
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root


def _target(page: Path, site: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = (page.parent / unquote(parts.path)).resolve()
    if url.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def test_every_page_type_is_built(built):
    site = built / "site"
    for path in (
        "index.html",
        "programs/index.html",
        "programs/dsc-mentoring-groups/index.html",
        "cohorts/index.html",
        "cohorts/dsc-2026q4-r-teaching/index.html",
        "people/index.html",
        "people/tevita-fonua/index.html",
        "showcase/index.html",
        "showcase/cb-2026q2-deploy.png",
        "opportunities/index.html",
        "opportunities.json",
        "reference/index.html",
        "join/index.html",
        "assets/roster.js",
        "stylesheets/cohortkit.css",
    ):
        assert (site / path).is_file(), path
    json.loads((site / "opportunities.json").read_text(encoding="utf-8"))


def test_every_internal_link_resolves(built):
    site = (built / "site").resolve()
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # served from any depth, so MkDocs gives it root-absolute links
            continue
        for element in parse_html(page).elements:
            for name in ("href", "src"):
                url = element.attrs.get(name)
                if not url or url.startswith("#"):
                    continue
                target = _target(page, site, url)
                if target is not None:
                    assert target.exists(), (page.relative_to(site), url)


# Links a browser never fetches by itself: the canonical address (mkdocs.yml's site_url) and the like.
_NOT_FETCHED = {"canonical", "alternate", "next", "prev", "author", "license"}


def test_the_site_requests_nothing_from_other_hosts(built):
    """Scripts, styles, fonts and images load from the site itself; links may point anywhere."""
    site = built / "site"
    for page in site.rglob("*.html"):
        for element in parse_html(page).elements:
            loads = (
                element.attrs.get("src")
                if element.tag in {"script", "img", "iframe", "source", "video", "audio"}
                else element.attrs.get("href")
                if element.tag == "link" and not _NOT_FETCHED & set(element.attrs.get("rel", "").split())
                else None
            )
            if loads:
                assert not urlsplit(loads).netloc and not urlsplit(loads).scheme, (page, element)
    for sheet in site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"@import\s+url\(\s*['\"]?(https?:)?//", text), sheet
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), sheet


def test_navigation_does_not_grow_with_the_data(built):
    site = built / "site"

    def nav_links(path: str) -> int:
        return sum(1 for e in parse_html(site / path).elements if "md-nav__link" in e.attrs.get("class", ""))

    # The site-wide navigation plus each page's own table of contents, never a list of every page.
    limit = nav_links("join/index.html") + 12
    for page in (
        "people/tevita-fonua/index.html",
        "cohorts/dsc-2026q4-r-teaching/index.html",
        "programs/index.html",
    ):
        assert nav_links(page) <= limit, page


def test_search_index_leaves_out_the_big_lists(built):
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert "cohorts/dsc-2026q4-r-teaching/" in locations
    assert not any(
        loc.startswith(("cohorts/#", "people/#")) or loc in {"cohorts/", "people/"} for loc in locations
    )


def test_rebuild_removes_pages_of_deleted_data(built, tmp_path):
    root = repo_copy(tmp_path / "again")
    out = root / "build" / "docs"
    assert main(["site", "build-pages", "--root", str(root), "--today", "2026-11-23"]) == 0
    cohort = next((root / "cohorts").rglob("*.yaml"))
    (root / "showcase-stale.md").write_text("x")
    cohort.unlink()
    assert main(["site", "build-pages", "--root", str(root), "--today", "2026-11-23"]) == 0
    assert not (out / "cohorts" / f"{cohort.stem}.md").exists()


def test_build_pages_refuses_invalid_data(tmp_path, capsys):
    root = repo_copy(tmp_path / "bad")
    person = root / "people" / "tevita-fonua.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "pronuns: he/him\n", encoding="utf-8")
    assert main(["site", "build-pages", "--root", str(root)]) == 1
    assert "pronuns" in capsys.readouterr().err
    assert not (root / "build" / "docs").exists()


def test_build_pages_will_not_overwrite_a_folder_it_did_not_make(tmp_path, capsys):
    root = repo_copy(tmp_path / "foreign")
    (root / "mine").mkdir()
    (root / "mine" / "notes.txt").write_text("keep me")
    assert main(["site", "build-pages", "--root", str(root), "--out", str(root / "mine")]) == 2
    assert (root / "mine" / "notes.txt").read_text() == "keep me"


def test_a_repository_template_replaces_the_built_in_one(tmp_path):
    root = repo_copy(tmp_path / "themed")
    (root / "templates").mkdir()
    shutil.copy(
        Path(__file__).resolve().parent.parent / "scripts/cohortkit/site/templates/_macros.md.j2",
        root / "templates" / "_macros.md.j2",
    )
    (root / "templates" / "showcase.md.j2").write_text(
        '{% from "_macros.md.j2" import front with context %}{{ front("Our gallery") }}\n\n# Our own gallery\n'
    )
    assert main(["site", "build-pages", "--root", str(root), "--today", "2026-11-23"]) == 0
    assert "# Our own gallery" in (root / "build" / "docs" / "showcase" / "index.md").read_text()


def test_calendars_are_published_for_cohorts_programs_and_current_members_only(built):
    import icalendar
    import yaml

    site = built / "site"
    for cohort in (built / "cohorts").rglob("*.yaml"):
        feed = site / "calendars" / "cohorts" / f"{cohort.stem}.ics"
        calendar = icalendar.Calendar.from_ical(feed.read_bytes())
        assert any(str(e["UID"]).startswith(f"meetings-{cohort.stem}@") for e in calendar.walk("VEVENT"))
        assert "calendars/cohorts/" in (site / "cohorts" / cohort.stem / "index.html").read_text(
            encoding="utf-8"
        )
    for program in (built / "programs").glob("*.yaml"):
        assert (site / "calendars" / "programs" / f"{program.stem}.ics").is_file()
    people = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (built / "people").glob("*.yaml")
    }
    feeds = {p.stem for p in (site / "calendars" / "people").glob("*.ics")}
    assert feeds, "no member has a calendar"
    unlisted = {login for login, data in people.items() if data.get("listed") is False}
    assert unlisted and not feeds & unlisted
    for login in feeds:
        profile = (site / "people" / login / "index.html").read_text(encoding="utf-8")
        assert f"calendars/people/{login}.ics" in profile
    # No one's name is in a feed but their own calendar's.
    for login in unlisted:
        name = str(people[login]["name"])
        for feed in (site / "calendars").rglob("*.ics"):
            assert name not in feed.read_text(encoding="utf-8"), (feed.name, login)


def test_a_published_site_offers_a_webcal_subscription(tmp_path):
    from cohortkit.site.render import SiteOptions, render_site
    from cohortkit.validation.pipeline import validate_tree

    tree, _ = validate_tree(repo_copy(tmp_path))
    options = SiteOptions(today=date(2026, 11, 23), site_url="https://acme.github.io/mentoring/")
    pages = render_site(tree.model, options)
    import html

    page = html.unescape(pages["cohorts/cb-2026q4-first-bug.md"])  # attribute values are entity-escaped
    assert 'href="webcal://acme.github.io/mentoring/calendars/cohorts/cb-2026q4-first-bug.ics"' in page
    feed = pages["calendars/cohorts/cb-2026q4-first-bug.ics"]
    assert "URL:https://acme.github.io/mentoring/cohorts/cb-2026q4-first-bug/" in feed.replace("\r\n ", "")
    assert "UID:meetings-cb-2026q4-first-bug@acme.github.io" in feed


def test_each_listed_earner_has_a_certificate_page_and_no_one_else_does(built, capsys):
    import yaml

    assert main(["certificates", "--root", str(built), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    people = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (built / "people").glob("*.yaml")
    }
    listed = {login for login, data in people.items() if data.get("listed", True) is not False}
    expected = {(a["cohort"], a["person"]) for a in found if a["earned"] and a["person"] in listed}
    site = built / "site" / "certificates"
    pages = {(p.parent.parent.name, p.parent.name) for p in site.rglob("index.html")}
    assert pages == expected and expected
    cohort, login = sorted(expected)[0]
    page = (site / cohort / login / "index.html").read_text(encoding="utf-8")
    assert people[login]["name"].split()[0] in page and "Certificate of" in page
    profile = (built / "site" / "people" / login / "index.html").read_text(encoding="utf-8")
    assert f"certificates/{cohort}/{login}/" in profile


def test_the_published_address_is_mkdocs_site_url_or_the_pages_address(tmp_path):
    from cohortkit.program.pages import published_site_url

    assert published_site_url(tmp_path, "Acme/mentoring") == "https://acme.github.io/mentoring/"
    assert published_site_url(tmp_path, "Acme/acme.github.io") == "https://acme.github.io/"
    assert published_site_url(tmp_path, "") == ""
    (tmp_path / "mkdocs.yml").write_text("site_url: https://mentoring.example.org/\n", encoding="utf-8")
    assert published_site_url(tmp_path, "Acme/mentoring") == "https://mentoring.example.org/"
