"""Check-in periods: cadence, meeting weekday, pauses, outline weeks, events."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cohortkit.data.model import Event, Meeting, OutlineWeek, Pause
from cohortkit.github.markers import find_markers, first_marker, marker
from cohortkit.program.calendar import due_periods, overdue, periods, scheduled_events
from factories import PROGRAM, cohort

D = date.fromisoformat
# 2026-01-12 is a Monday; the cohort runs ten weeks and meets on Wednesdays.
ACTIVE = cohort(
    "c1",
    status="active",
    start=D("2026-01-12"),
    end=D("2026-03-20"),
    meeting=Meeting("weekly", "wednesday", "15:00", "Europe/Berlin"),
    outline=(OutlineWeek(1, "Introductions"), OutlineWeek(4, "Mock workshop"), OutlineWeek(10, "Showcase")),
)


def test_weekly_periods_are_due_on_the_meeting_weekday():
    found = periods(ACTIVE, PROGRAM)
    assert [p.due for p in found[:3]] == [D("2026-01-14"), D("2026-01-21"), D("2026-01-28")]
    assert [p.number for p in found] == list(range(1, 11))
    assert found[-1].due == D("2026-03-18") and found[-1].week == 10


def test_the_agenda_is_the_outline_week_or_the_latest_before_it():
    titles = [p.agenda.title if p.agenda else None for p in periods(ACTIVE, PROGRAM)]
    assert titles[:5] == ["Introductions", "Introductions", "Introductions", "Mock workshop", "Mock workshop"]
    assert titles[-1] == "Showcase"


def test_a_pause_skips_the_check_ins_inside_it_and_numbering_continues():
    with_pause = replace(ACTIVE, pauses=(Pause(D("2026-02-02"), D("2026-02-08"), "Summit week"),))
    found = periods(with_pause, PROGRAM)
    assert D("2026-02-04") not in [p.due for p in found]
    assert len(found) == 9
    assert [(p.number, p.due) for p in found[3:5]] == [(4, D("2026-02-11")), (5, D("2026-02-18"))]


def test_biweekly_and_monthly_cadences():
    biweekly = replace(ACTIVE, meeting=replace(ACTIVE.meeting, cadence="biweekly"))
    assert [p.due for p in periods(biweekly, PROGRAM)][:3] == [
        D("2026-01-14"),
        D("2026-01-28"),
        D("2026-02-11"),
    ]
    monthly = replace(ACTIVE, meeting=replace(ACTIVE.meeting, cadence="monthly"))
    assert len(periods(monthly, PROGRAM)) == 3


def test_a_check_in_is_due_from_its_first_day_until_its_grace_runs_out():
    assert due_periods(ACTIVE, PROGRAM, D("2026-01-11"), 3) == []
    assert [p.number for p in due_periods(ACTIVE, PROGRAM, D("2026-01-12"), 3)] == [1]
    # Period 1 is due on the 14th; with 3 days of grace it is still listed on the 17th.
    assert [p.number for p in due_periods(ACTIVE, PROGRAM, D("2026-01-19"), 3)] == [2]
    assert [p.number for p in due_periods(ACTIVE, PROGRAM, D("2026-01-17"), 3)] == [1]
    period = periods(ACTIVE, PROGRAM)[0]
    assert not overdue(period, D("2026-01-17"), 3) and overdue(period, D("2026-01-18"), 3)


def test_only_active_cohorts_have_due_check_ins():
    assert due_periods(replace(ACTIVE, status="forming"), PROGRAM, D("2026-01-14"), 3) == []


def test_program_events_fall_in_their_period():
    events = (
        Event("touch-base", "touch-base", "Mid-way touch base", ("representative",), at="midpoint"),
        Event(
            "survey",
            "survey",
            "End survey",
            ("mentor", "mentee"),
            at="last-week",
            link="https://example.org/s",
        ),
    )
    found = periods(ACTIVE, replace(PROGRAM, events=events))
    with_events = {p.week: [e.event.id for e in p.events] for p in found if p.events}
    assert with_events == {5: ["touch-base"], 10: ["survey"]}


def test_markers_round_trip_and_ignore_lookalikes():
    made = marker("checkin", cohort="git-teaching", period="2026-03-04")
    body = f"Agenda\n\n{made.text()}\n<!-- cohortkit:checkin cohort=<script> -->"
    assert find_markers(body) == [made]
    assert first_marker(body, "checkin") == made and made.get("period") == "2026-03-04"
    assert first_marker("no marker here", "checkin") is None


def test_the_page_the_check_ins_and_the_outline_agree_on_the_week_after_a_pause():
    # Regression: a page said "week 11 of 12" while marking outline week 10 as this week,
    # because the page counted pauses and the check-ins did not.
    from cohortkit.site.progress import EMPTY
    from cohortkit.site.views import SiteViews
    from test_calendar_properties import _model

    with_pause = replace(ACTIVE, pauses=(Pause(D("2026-02-02"), D("2026-02-08"), "Summit week"),))
    program = PROGRAM
    today = D("2026-03-04")  # calendar week 8, outline week 7
    view = SiteViews(_model(with_pause, program), today, EMPTY).cohort(with_pause)
    [checkin] = [p for p in periods(with_pause, program) if p.due == today]
    current = [w.week.week for w in view.outline if w.current]
    assert view.week == checkin.week == 7
    assert view.progress.label == "week 7 of 9"
    assert current == [4]  # the latest outline entry reached (weeks 1, 4 and 10 exist)
    assert checkin.agenda is not None and checkin.agenda.week == 4


def test_a_biweekly_cohorts_next_meeting_is_its_next_meeting_not_the_next_weekday():
    from cohortkit.site.progress import EMPTY
    from cohortkit.site.views import SiteViews
    from test_calendar_properties import _model

    biweekly = replace(ACTIVE, meeting=replace(ACTIVE.meeting, cadence="biweekly"))
    # Meetings on 14 and 28 January; on the 20th the next one is the 28th, not the 21st.
    view = SiteViews(_model(biweekly, PROGRAM), D("2026-01-20"), EMPTY).cohort(biweekly)
    assert view.meeting is not None and view.meeting.on == D("2026-01-28")


def test_a_showcase_event_falls_on_the_terms_showcase_date():
    term = replace(PROGRAM.terms[0], showcase=D("2026-03-12"))
    showcase = Event("showcase", "showcase", "Showcase", ("mentee",), at="last-week")
    program = replace(PROGRAM, terms=(term,), events=(showcase,))
    [scheduled] = scheduled_events(ACTIVE, program)
    assert scheduled.day == D("2026-03-12") and scheduled.opens == D("2026-03-06")
    [period] = [p for p in periods(ACTIVE, program) if p.events]
    assert period.opens <= D("2026-03-12") <= period.closes
