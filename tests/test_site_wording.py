"""What the generated pages say to a reader: names rather than ids, words rather than enum values,
right plurals, no column that every row leaves empty, and a track's length in weeks."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import date
from pathlib import Path

import pytest
from cohortkit.data.load import load_tree
from cohortkit.data.model import Model, OutlineWeek, Range
from cohortkit.site import SiteOptions, render_site
from cohortkit.site.progress import parse_progress

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def model() -> Model:
    tree = load_tree(REPO)
    assert not [p for p in tree.problems if p.severity == "error"]
    return tree.model


@pytest.fixture(scope="module")
def pages(model):
    return render_site(model, SiteOptions(today=TODAY, schema_dir=REPO / "schemas"))


def build(model: Model, **changes) -> dict[str, str]:
    return render_site(dataclasses.replace(model, **changes), SiteOptions(today=TODAY))


def visible(page: str, code: bool = True) -> str:
    """The text a reader sees: tags (and so attributes, which carry ids on purpose) removed.

    `code=False` leaves out <code> too: file paths shown as such, on purpose.
    """
    if not code:
        page = re.sub(r"<code>.*?</code>", " ", page)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    return re.sub(r" ([.,;:)])", r"\1", text)


def spans(page: str, css_class: str) -> list[str]:
    return [html.unescape(s) for s in re.findall(rf'<span class="{css_class}">(.*?)</span>', page)]


def table_headers(page: str, css_class: str) -> list[list[str]]:
    """The column headings of every table of a class on a page."""
    found = []
    for table in re.findall(rf'<table class="ck-table {css_class}"[^>]*>(.*?)</table>', page, re.S):
        head = re.search(r"<thead>(.*?)</thead>", table, re.S)
        assert head
        found.append(re.findall(r"<th[^>]*>(.*?)</th>", head.group(1)))
    return found


def term_ids(model: Model) -> set[str]:
    return {t.id for p in model.programs.values() for t in p.terms}


# 1. Names, never raw ids or enum values -------------------------------------------------------


def test_cohort_tables_name_the_term_not_its_id(model, pages):
    for path in ("cohorts/index.md", "programs/cloudbridge-cohorts.md"):
        facts = spans(pages[path], "ck-meta ck-cohort-facts")
        assert facts, path
        for text in facts:
            assert not any(f" {t} " in f" {text} " for t in term_ids(model)), (path, text)
    roster = html.unescape(pages["cohorts/index.md"])
    assert "Autumn 2026 (around the November Summit) · Fix a first bug" in roster
    # The filter keeps the id as its value and shows the names of the terms that use it.
    assert (
        '<option value="2026-q4">Autumn 2026 (around the November Summit) / October to December 2026 groups'
        "</option>" in roster
    )


def test_showcase_headings_name_the_term_not_its_id(model, pages):
    gallery = pages["showcase/index.md"]
    headings = re.findall(r'<h2 id="term-[^"]*">(.*?)</h2>', gallery)
    assert headings
    for heading in headings:
        text = visible(heading)
        assert text not in term_ids(model) and not text.startswith(tuple(term_ids(model))), text
    assert "Spring 2026 intake" in [visible(h) for h in headings]


def test_no_page_shows_a_term_id_as_text(model, pages):
    for path in (
        "cohorts/index.md",
        "showcase/index.md",
        "opportunities.md",
        "index.md",
        "programs/index.md",
    ):
        text = visible(pages[path], code=False)
        for term in term_ids(model):
            assert term not in text, (path, term)
    for program in model.programs:
        text = visible(pages[f"programs/{program}.md"])
        assert not [t for t in model.programs[program].terms if f"({t.id})" in text], program


def test_program_events_say_when_in_words(pages):
    def when(page: str, name: str) -> str:
        row = next(r for r in re.findall(r"<tr>(.*?)</tr>", page) if name in html.unescape(r))
        return visible(re.findall(r"<td>(.*?)</td>", row)[1])

    cloudbridge = pages["programs/cloudbridge-cohorts.md"]
    assert when(cloudbridge, "Cohort kick-off") == "in each cohort's first week"
    assert when(cloudbridge, "Graduation survey") == "in each cohort's last week"
    # Kind showcase, and every Cloudbridge term gives a showcase date.
    assert when(cloudbridge, "Term showcase") == "on the term's showcase day"
    dsc = pages["programs/dsc-mentoring-groups.md"]
    assert when(dsc, "Mid-way survey") == "mid-way through each cohort"
    assert when(pages["programs/nimbus-mentorship.md"], "Midterm evaluation") == "in week 6"
    assert when(pages["programs/lantern-reps-mentoring.md"], "Yearly touch base") == "in week 4"
    for page in (cloudbridge, dsc):
        events = page[page.index("ck-events") : page.index("## Roles")]
        for raw in ("start", "midpoint", "last-week", "last&#45;week"):
            assert f"<td>{raw}</td>" not in events
        assert "<td>mentors and mentees</td>" in events
    assert "<td>cohort representatives</td>" in dsc


def test_a_showcase_event_without_a_showcase_date_falls_in_its_week(model):
    program = model.programs["cloudbridge-cohorts"]
    undated = tuple(dataclasses.replace(t, showcase=None) for t in program.terms)
    page = build(model, programs={**model.programs, program.id: dataclasses.replace(program, terms=undated)})
    text = visible(page["programs/cloudbridge-cohorts.md"])
    assert "Term showcase in each cohort's last week" in text
    assert "showcase day" not in text

    some = (dataclasses.replace(program.terms[0], showcase=None), *program.terms[1:])
    page = build(model, programs={**model.programs, program.id: dataclasses.replace(program, terms=some)})
    assert (
        "Term showcase on the term's showcase day, or in each cohort's last week in a term that sets none"
        in visible(page["programs/cloudbridge-cohorts.md"])
    )


def test_cadences_formats_outcomes_and_help_are_words(pages):
    cloudbridge = visible(pages["programs/cloudbridge-cohorts.md"])
    assert "Cohorts run for 6 to 12 weeks and meet every week or every two weeks." in cloudbridge
    assert "meet every four weeks or every two weeks." in visible(pages["programs/lantern-reps-mentoring.md"])
    assert "Meets every Tuesday at 19:00 for 60 minutes" in visible(pages["cohorts/dsc-2026q4-r-teaching.md"])
    nairobi = visible(pages["cohorts/dsc-2026q4-nairobi-community.md"])
    assert "Meets every other Saturday at 10:00 for 90 minutes" in nairobi
    assert "· in person and online (Nairobi" in nairobi
    assert "hybrid" not in nairobi.lower()
    opportunities = visible(pages["opportunities.md"])
    assert "Meets every other Wednesday, 09:00 Africa/Accra" in opportunities
    assert "Meets every fourth Thursday, 19:00 Asia/Jakarta" in opportunities
    for raw in ("weekly", "biweekly", "monthly", "hybrid", "in-person"):
        assert f" {raw} " not in f" {opportunities} ", raw
    for path in (
        "cohorts/cb-2026q2-first-bug.md",
        "people/index.md",
        *(p for p in pages if p.startswith("people/")),
    ):
        text = visible(pages[path])
        assert "did-not-complete" not in text, path
        assert "(both help)" not in text, path
    assert "did not complete, joined" in visible(pages["cohorts/cb-2026q2-first-bug.md"])
    profiles = " ".join(visible(t) for p, t in pages.items() if p.startswith("people/"))
    assert "Looking to take part as a mentee (technical and career help)." in profiles
    assert "mentee, did not complete ·" in profiles


def test_certificates_name_the_role_in_words(pages):
    page = pages["programs/cloudbridge-cohorts.md"]
    assert "<p><strong>Mentors</strong> receive a certificate when they:</p>" in page
    assert "<p><strong>Mentees</strong> receive a certificate when they:</p>" in page


def test_a_meeting_in_utc_is_not_given_twice(pages):
    page = visible(pages["cohorts/cb-2027q1-deploy.md"])
    assert "First meeting: Wednesday 13 January 2027, 07:00–08:00 UTC." in page
    assert "UTC (UTC)" not in page
    opportunities = visible(pages["opportunities.md"])
    assert "Meets every Wednesday, 07:00 UTC. Mentors" in opportunities
    # A zone that is not UTC keeps its conversion.
    assert "19:00–20:00 NZDT (Pacific/Auckland) = Tuesday 06:00–07:00 UTC" in visible(
        pages["cohorts/dsc-2026q4-r-teaching.md"]
    )


def test_term_names_stay_escaped_where_they_replace_ids(model):
    program = model.programs["cloudbridge-cohorts"]
    terms = tuple(
        dataclasses.replace(t, name="<b>Autumn</b> [x](javascript:alert(1))") if t.id == "2026-q4" else t
        for t in program.terms
    )
    page_set = build(
        model, programs={**model.programs, program.id: dataclasses.replace(program, terms=terms)}
    )
    for path in ("cohorts/index.md", "showcase/index.md", "programs/cloudbridge-cohorts.md"):
        assert "<b>Autumn" not in page_set[path], path
        assert "](javascript" not in page_set[path], path
    assert "&#60;b&#62;Autumn&#60;/b&#62;" in page_set["cohorts/index.md"]


# 2. Plurals --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def one_of_each(model):
    """One program with one forming cohort: one mentor, one mentee, one open seat, one of each limit."""
    program = model.programs["dsc-mentoring-groups"]
    cohort = model.cohorts["dsc-2027q1-organizing"]
    mentee = next(m for m in cohort.mentees if m.active and model.person(m.person).listed)
    cohort = dataclasses.replace(
        cohort,
        mentors=cohort.active_mentors[:1],
        mentees=(mentee,),
        mentee_seats=2,
        meeting=dataclasses.replace(cohort.meeting, minutes=1),
    )
    track = next(iter(program.tracks.values()))
    program = dataclasses.replace(
        program,
        duration_weeks=Range(1, 1),
        mentors_per_cohort=Range(1, 1),
        mentees_per_cohort=Range(1, 3),
        mentees_per_mentor=1,
        checkin_grace_days=1,
        mentee_active_cohorts=1,
        tracks={track.id: dataclasses.replace(track, outline=(OutlineWeek(1, "Only week"),))},
    )
    return build(model, programs={program.id: program}, cohorts={cohort.id: cohort})


def test_home_page_counts_one_of_each_in_the_singular(one_of_each):
    home = one_of_each["index.md"]
    stats = dict(
        re.findall(
            r'<span class="ck-stat__value">(\d+)</span><span class="ck-stat__label">([^<]*)</span>', home
        )
    )
    assert stats == {"1": stats["1"]}  # every figure is 1
    labels = re.findall(r'<span class="ck-stat__label">([^<]*)</span>', home)
    assert labels == ["program", "cohort forming or running", "mentor active", "mentee active", "open seat"]
    text = visible(home)
    assert "1 cohort, 1 forming or running" in text
    assert "1 open seat, starts" in text
    assert "(1 cohort, 1 open seat in all)" in text
    assert "All 1 cohort" not in text


def test_indexes_and_program_page_count_one_in_the_singular(one_of_each):
    assert "· 1 cohort" in visible(one_of_each["programs/index.md"])
    opportunities = visible(one_of_each["opportunities.md"])
    assert "1 cohort accepting mentees, with 1 open seat in all." in opportunities
    assert "1 open seat of 2." in opportunities
    program = visible(one_of_each["programs/dsc-mentoring-groups.md"])
    assert "Cohorts run for 1 week and meet" in program
    assert "Each cohort has 1 mentor and 1 to 3 mentees, with at most 1 mentee per mentor." in program
    assert "A mentee may be in 1 running cohort at once" in program
    assert "Check-ins are due within 1 day of each meeting." in program
    assert "(1 week)" in program
    cohort = visible(one_of_each["cohorts/dsc-2027q1-organizing.md"])
    assert "for 1 minute," in cohort
    directory = visible(one_of_each["people/index.md"])
    assert "mentor in 1 cohort" in directory and "mentee in 1 cohort" in directory
    assert not re.search(r"(mentor|mentee) in \d+(?! cohort)", directory)


def test_several_are_counted_in_the_plural(model, pages):
    labels = re.findall(r'<span class="ck-stat__label">([^<]*)</span>', pages["index.md"])
    assert labels[0] == "programs"
    two = dict(list(model.programs.items())[:2])
    cohorts = {k: c for k, c in model.cohorts.items() if c.program in two}
    home = build(model, programs=two, cohorts=cohorts)["index.md"]
    assert '<span class="ck-stat__value">2</span><span class="ck-stat__label">programs</span>' in home
    assert "mentor in 2 cohorts" in visible(pages["people/index.md"])


def test_one_person_takes_part(model):
    person = model.people["tevita-fonua"]
    page = build(model, people={"tevita-fonua": person})["people/index.md"]
    assert "1 person takes part." in visible(page)


def test_progress_counts_one_check_in_and_names_the_start_day(model, pages):
    snapshot = parse_progress(
        {
            "version": 1,
            "generated_for": "2026-11-23",
            "cohorts": {
                "dsc-2026q4-r-teaching": {
                    "status": "",
                    "checkins": [{"number": 1, "period": "2026-10-13", "week": 1, "outcome": "held"}],
                    "counts": {"held": 1, "not held": 0, "missed": 0, "open": 0},
                    "scheduled": 1,
                    "reached_week": 1,
                    "weeks": 10,
                }
            },
        },
        Path("progress.json"),
    )
    program = model.programs["dsc-mentoring-groups"]
    detailed = dataclasses.replace(
        model,
        programs={**model.programs, program.id: dataclasses.replace(program, public_progress="checkins")},
    )
    page = render_site(detailed, SiteOptions(today=TODAY, progress=snapshot))[
        "cohorts/dsc-2026q4-r-teaching.md"
    ]
    assert "1 of 1 check-in held, week 1 of 10 reached" in html.unescape(page)
    # A cohort that has not started says when it starts as the rest of the site writes dates.
    assert "starts 18 Jan 2027" in visible(pages["cohorts/dsc-2027q1-organizing.md"])
    assert not re.search(r"starts \d{4}-\d\d-\d\d", visible(pages["cohorts/index.md"]))


# 3. No column that every row leaves empty -----------------------------------------------------------


def test_cohort_tables_show_mentors_and_time_zones_when_some_row_has_them(pages):
    for path in ("cohorts/index.md", "programs/cloudbridge-cohorts.md"):
        [headers] = table_headers(pages[path], "ck-cohorts")
        assert headers == ["Cohort", "Status", "Goal", "Mentors", "Seats", "Time zones", "Progress"], path


def test_time_zones_column_left_out_when_no_member_is_listed(model):
    hidden = {k: dataclasses.replace(p, listed=False) for k, p in model.people.items()}
    built = build(model, people=hidden)
    for path in ("cohorts/index.md", "programs/nimbus-mentorship.md"):
        [headers] = table_headers(built[path], "ck-cohorts")
        assert "Time zones" not in headers and "Mentors" in headers, path
        assert 'data-label="Time zones"' not in built[path]
        rows = re.findall(r'<tr class="ck-row".*?</tr>', built[path])
        assert rows and all(row.count("<td") == len(headers) for row in rows)


def test_mentors_column_left_out_when_no_cohort_has_an_active_mentor(model):
    finished = {k: c for k, c in model.cohorts.items() if not c.active_mentors}
    assert finished
    built = build(model, cohorts=finished)
    [headers] = table_headers(built["cohorts/index.md"], "ck-cohorts")
    assert headers == ["Cohort", "Status", "Goal", "Seats", "Time zones", "Progress"]
    assert 'data-label="Mentors"' not in built["cohorts/index.md"]
    assert "none active" not in built["cohorts/index.md"]


def test_program_tables_leave_out_empty_columns(model, pages):
    # No Nimbus event says what to do.
    [events] = table_headers(pages["programs/nimbus-mentorship.md"], "ck-events")
    assert events == ["Event", "When", "For"]
    [events] = table_headers(pages["programs/cloudbridge-cohorts.md"], "ck-events")
    assert events == ["Event", "When", "For", "What to do"]
    [terms] = table_headers(pages["programs/cloudbridge-cohorts.md"], "ck-terms")
    assert terms == ["Term", "Enrollment", "Runs", "Showcase", "State"]

    program = model.programs["cloudbridge-cohorts"]
    undated = dataclasses.replace(
        program, terms=tuple(dataclasses.replace(t, showcase=None) for t in program.terms)
    )
    page = build(model, programs={**model.programs, program.id: undated})["programs/cloudbridge-cohorts.md"]
    [terms] = table_headers(page, "ck-terms")
    assert terms == ["Term", "Enrollment", "Runs", "State"]
    rows = re.findall(r'<tr class="ck-term.*?</tr>', page)
    assert rows and all(row.count("<td") == 4 for row in rows)


# 4. A track's length is its last outline entry's week ----------------------------------------------


def test_outline_length_is_the_last_entrys_week():
    from cohortkit.site.views import outline_length

    outline = tuple(OutlineWeek(w, f"Week {w}") for w in (1, 3, 5, 8, 10))
    assert outline_length(outline) == 10
    assert outline_length(()) == 0
    assert outline_length((OutlineWeek(1, "Only"),)) == 1


def test_program_page_gives_a_tracks_length_in_weeks_not_entries(model, pages):
    from cohortkit.site.views import track_weeks

    program = model.programs["dsc-mentoring-groups"]
    for track in program.tracks.values():
        assert track_weeks(track) == track.outline[-1].week
    # The Teaching Workshops outline skips weeks 4 and 6: six entries over eight weeks.
    teaching = program.tracks["teaching"]
    assert len(teaching.outline) < track_weeks(teaching) == 8
    page = html.unescape(pages["programs/dsc-mentoring-groups.md"])
    assert '<summary>Teaching Workshops <span class="ck-meta">(8 weeks)</span></summary>' in page

    track = dataclasses.replace(
        teaching, outline=tuple(OutlineWeek(w, f"Week {w}") for w in (1, 3, 5, 8, 10))
    )
    changed = dataclasses.replace(program, tracks={**program.tracks, "teaching": track})
    page = html.unescape(
        build(model, programs={**model.programs, program.id: changed})["programs/dsc-mentoring-groups.md"]
    )
    assert '<summary>Teaching Workshops <span class="ck-meta">(10 weeks)</span></summary>' in page


# Found on the pages -----------------------------------------------------------------------------


def test_lists_of_people_end_with_and(model, pages):
    assert "Coordinated by Inês Carvalho and Oluwaseun Adeyemi." in visible(
        pages["programs/cloudbridge-cohorts.md"]
    )
    roster = visible(pages["cohorts/index.md"])
    assert "Aiko Mori, Sofia Lindqvist and Anjali Menon" in roster
    # With members who are not listed, the count is the last item.
    login = "sofia-lindqvist"
    hidden = {**model.people, login: dataclasses.replace(model.people[login], listed=False)}
    roster = visible(build(model, people=hidden)["cohorts/index.md"])
    assert "Aiko Mori, Anjali Menon and 1 more who is not listed" in roster
