"""render_site on the example data: every page type, deterministic for a given day."""

from __future__ import annotations

import dataclasses
import html
import json
from datetime import date
from pathlib import Path

import pytest
from cohortkit.data.load import load_tree
from cohortkit.program.calendar import CohortCalendar
from cohortkit.site import SiteOptions, render_site
from cohortkit.site.languages import language_name
from cohortkit.site.progress import parse_progress
from cohortkit.site.zones import zone_span

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def model():
    tree = load_tree(REPO)
    assert not [p for p in tree.problems if p.severity == "error"]
    return tree.model


@pytest.fixture(scope="module")
def pages(model):
    return render_site(model, SiteOptions(today=TODAY, schema_dir=REPO / "schemas"))


def test_every_page_type_is_generated(model, pages):
    for path in (
        "index.md",
        "programs/index.md",
        "cohorts/index.md",
        "people/index.md",
        "showcase/index.md",
        "opportunities.md",
        "opportunities.json",
        "reference.md",
    ):
        assert path in pages
    assert {f"programs/{p}.md" for p in model.programs} <= pages.keys()
    assert {f"cohorts/{c}.md" for c in model.cohorts} <= pages.keys()
    listed = {p.login.lower() for p in model.people.values() if p.listed}
    assert {
        k.removeprefix("people/").removesuffix(".md") for k in pages if k.startswith("people/")
    } == listed | {"index"}


def test_same_day_same_pages(model, pages):
    again = render_site(model, SiteOptions(today=TODAY, schema_dir=REPO / "schemas"))
    assert again == pages
    other_day = render_site(model, SiteOptions(today=date(2026, 12, 1), schema_dir=REPO / "schemas"))
    assert other_day["cohorts/dsc-2026q4-r-teaching.md"] != pages["cohorts/dsc-2026q4-r-teaching.md"]


def test_every_generated_page_sets_an_escaped_title(pages):
    for path, text in pages.items():
        if path.endswith(".md") and path != "index.md":
            assert text.startswith('---\ntitle: "'), path
    # The home page has none, so Material's <title> is the site's name alone.
    assert "title:" not in pages["index.md"].split("---", 2)[1]


def test_cohort_page_marks_the_current_week_and_converts_the_meeting(pages):
    page = pages["cohorts/dsc-2026q4-r-teaching.md"]
    assert page.count('aria-current="step"') == 1
    assert "ck-week--current" in page
    # Tuesday 19:00 in Auckland (NZDT, UTC+13) is Tuesday 06:00 UTC.
    assert "Tuesday 24 November 2026, 19&#58;00–20&#58;00 NZDT" in page
    assert "Tuesday 06&#58;00–07&#58;00 UTC" in page
    assert "SMART" not in page or "Specific" in page
    for part in ("Specific", "Measurable", "Achievable", "Relevant", "Time-bound"):
        assert f"<dt>{part}</dt>" in page


def test_roster_rows_carry_the_filter_values(model, pages):
    roster = pages["cohorts/index.md"]
    assert roster.count('class="ck-row"') == len(model.cohorts)
    for name in ("term", "program", "topic", "status"):
        assert f'id="filter-{name}" data-filter="{name}"' in roster
    assert 'data-status="active"' in roster


def test_unlisted_people_are_counted_not_named(model, pages):
    unlisted = [p for p in model.people.values() if not p.listed]
    assert unlisted
    for person in unlisted:
        assert f"people/{person.login}.md" not in pages
        for path, text in pages.items():
            if isinstance(text, bytes):  # a certificate's PDF: there is none for an unlisted person
                assert person.login.lower() not in path, path
                continue
            assert person.name not in text, path
            assert f"people/{person.login}/" not in text, path
    assert "chose not to be listed" in pages["people/index.md"]


def test_profile_shows_only_the_persons_own_fields_and_their_cohorts(model, pages):
    person = model.person("tevita-fonua")
    page = pages["people/tevita-fonua.md"]
    assert "dsc-2026q4-r-teaching" in page
    if not person.pronouns:
        assert "pronouns" not in page
    for hidden in ("attributes", "mentor_capacity", "workshops_taught", "away_until"):
        assert hidden not in page


def test_showcase_gallery_groups_by_term_newest_first(model, pages):
    gallery = pages["showcase/index.md"]
    with_showcase = [c for c in model.cohorts.values() if c.showcase]
    assert gallery.count('class="ck-card"') == len(with_showcase)
    assert 'src="../showcase/cb-2026q2-deploy.png"' in gallery
    headings = [line for line in gallery.splitlines() if line.startswith('<h2 id="term-')]
    terms = [h.split('"')[1].removeprefix("term-") for h in headings]
    assert len(terms) == len(set(terms))


def test_opportunities_json_lists_open_seats(model, pages):
    document = json.loads(pages["opportunities.json"])
    assert document["generated"] == "2026-11-23"
    ids = {o["id"] for o in document["opportunities"]}
    expected = {
        c.id
        for c in model.cohorts.values()
        if c.accepting_mentees
        and c.running
        and c.open_seats > 0
        and CohortCalendar(c, model.programs[c.program]).enrolling(TODAY)
    }
    assert ids == expected and ids
    # Seats free, but its term's enrollment closed on 16 October: not advertised.
    assert "dsc-2026q4-nairobi-community" not in ids
    for entry in document["opportunities"]:
        assert entry["open_seats"] > 0
        assert entry["page"] == f"cohorts/{entry['id']}/"
        assert entry["meeting"]["next_utc"].endswith("Z")


def test_data_reference_lists_every_top_level_field(pages):
    reference = pages["reference.md"]
    for kind in ("person", "cohort", "program"):
        schema = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text())
        for name in schema["properties"]:
            assert f"<code>{name.replace('_', '&#95;')}</code>" in reference, (kind, name)


def test_program_page_has_every_section(pages):
    page = pages["programs/dsc-mentoring-groups.md"]
    for heading in (
        "## How it works",
        "## Roles and responsibilities",
        "## Terms and dates",
        "## Tracks",
        "## Mentor agreement and code of conduct",
        "## Certificates",
        "## Cohorts",
    ):
        assert heading in page


COHORT_PAGE = "cohorts/dsc-2026q4-r-teaching.md"


def test_progress_snapshot_is_shown(model):
    snapshot = parse_progress(
        {
            "version": 1,
            "generated_for": "2026-11-23",
            "cohorts": {
                "dsc-2026q4-r-teaching": {
                    "status": "at risk",
                    "checkins": [
                        {
                            "number": 1,
                            "period": "2026-10-13",
                            "week": 1,
                            "outcome": "held",
                            "url": "https://github.com/o/r/issues/1",
                        },
                        {
                            "number": 2,
                            "period": "2026-10-20",
                            "week": 2,
                            "outcome": "missed",
                            "url": "javascript:alert(1)",
                        },
                    ],
                    "counts": {"held": 1, "not held": 0, "missed": 1, "open": 0},
                    "scheduled": 2,
                    "reached_week": 1,
                    "weeks": 10,
                    "attendance": {"joy-dela-cruz": 1},
                }
            },
        },
        Path("progress.json"),
    )
    # By default a public page says only how far the cohort got: no missed check-in, no "at risk".
    gentle = html.unescape(render_site(model, SiteOptions(today=TODAY, progress=snapshot))[COHORT_PAGE])
    assert "week 1 of 10 reached" in gentle
    for detail in ("check-ins held", "missed", "at risk", "issues/1"):
        assert detail not in gentle, detail
    program = model.programs["dsc-mentoring-groups"]
    detailed_model = dataclasses.replace(
        model,
        programs={**model.programs, program.id: dataclasses.replace(program, public_progress="checkins")},
    )
    page = render_site(detailed_model, SiteOptions(today=TODAY, progress=snapshot))[COHORT_PAGE]
    assert "1 of 2 check-ins held, week 1 of 10 reached (at risk)" in html.unescape(page)
    assert 'href="https://github.com/o/r/issues/1"' in page
    assert "javascript" not in page
    assert "Joy" not in page  # attendance would name an unlisted member


def test_calendar_facts(model):
    cohort = model.cohorts["dsc-2026q4-r-teaching"]
    calendar = CohortCalendar(cohort, model.programs[cohort.program])
    assert calendar.current_week(cohort.start) == 1
    assert calendar.current_week(date(2026, 11, 23)) == 7
    assert calendar.current_week(date(2027, 1, 1)) is None
    meeting = calendar.next_meeting_time(date(2026, 11, 23))
    assert meeting is not None and (meeting.utc_start, meeting.utc_weekday) == ("06:00", "tuesday")
    span = zone_span(["Pacific/Auckland", "Asia/Manila", "Pacific/Auckland"], date(2026, 11, 23))
    assert (span.zones, span.label) == (2, "UTC+8 to UTC+13")


def test_profiles_rendered_in_worker_processes_are_the_same(model, pages):
    forked = render_site(model, SiteOptions(today=TODAY, schema_dir=REPO / "schemas", workers=2))
    assert forked == pages


def test_enrolling_names_the_term_taking_signups_when_it_is_not_the_current_one(pages):
    # Lantern Reps on this day: the Spring intake is running, the Autumn intake takes sign-ups.
    home = pages["index.md"]
    card = home[home.index("Lantern Reps Mentorship") :]
    card = card[: card.index("</li>")]
    assert "Current term: <strong>Spring 2026 intake</strong>" in card
    assert "enrolling now</span> for <strong>Autumn 2026 intake</strong>" in card
    program = pages["programs/lantern-reps-mentoring.md"]
    assert "Enrolling now for <strong>Autumn 2026 intake</strong>" in program
    assert "enrolling for Autumn 2026 intake" in pages["programs/index.md"]


def test_profiles_name_languages_instead_of_showing_their_tags(pages):
    page = pages["people/ana-lucia-mendes.md"]
    assert "speaks Portuguese (Brazil), English" in html.unescape(page)


@pytest.mark.parametrize(
    ("tag", "name"),
    [("en", "English"), ("to", "Tongan"), ("zh-Hant", "Chinese (Traditional)"), ("no", "Norwegian")],
)
def test_language_names(tag, name):
    assert language_name(tag) == name


def test_a_language_tag_babel_does_not_know_is_shown_as_written():
    assert language_name("qq") == "qq"
    assert language_name("en-zzzzzzzz") in {"en-zzzzzzzz", "English"}


def test_profiles_name_interests_by_their_topic(pages):
    page = html.unescape(pages["people/tevita-fonua.md"])
    assert '<span class="ck-tag">R for reproducible analysis</span>' in page
    assert '<span class="ck-tag">Version control with Git</span>' in page


def test_a_program_may_allow_images_from_a_host_it_trusts(model):
    bio = "![slides](https://images.example.org/a.png) ![other](https://elsewhere.example/b.png)"
    person = dataclasses.replace(model.people["tevita-fonua"], bio=bio)
    people = {**model.people, "tevita-fonua": person}
    before = render_site(dataclasses.replace(model, people=people), SiteOptions(today=TODAY))
    page = before["people/tevita-fonua.md"]
    assert "<img" not in page and 'href="https://images.example.org/a.png"' in page

    program = dataclasses.replace(model.programs["dsc-mentoring-groups"], image_hosts=("images.example.org",))
    allowed = dataclasses.replace(model, people=people, programs={**model.programs, program.id: program})
    page = render_site(allowed, SiteOptions(today=TODAY))["people/tevita-fonua.md"]
    assert '<img alt="slides" loading="lazy" src="https://images.example.org/a.png">' in page
    assert 'src="https://elsewhere.example' not in page
    assert 'href="https://elsewhere.example/b.png"' in page
