"""Property tests of the one calendar, and of everyone who asks it.

Random cohorts (start, length, cadence, weekday, time, time zones on both
hemispheres and with half-hour offsets, overlapping pauses) and random days:
the site's "next meeting", the check-in periods and the welcome's first meeting
are always the same day, at the cohort's local time on both sides of a
daylight-saving change, and never inside a pause.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from cohortkit.data.model import Event, Meeting, Membership, Model, OutlineWeek, Pause, Term
from cohortkit.join.welcome import plan_welcomes
from cohortkit.program.calendar import CADENCE_DAYS, WEEKDAYS, CohortCalendar
from cohortkit.site.progress import EMPTY
from cohortkit.site.views import SiteViews
from factories import PROGRAM, cohort, person
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ZONES = (
    "UTC",
    "Europe/Berlin",  # northern daylight saving
    "America/New_York",
    "Australia/Sydney",  # southern daylight saving
    "Pacific/Auckland",
    "Asia/Kolkata",  # half-hour offset, no daylight saving
    "Australia/Adelaide",  # half-hour offset with daylight saving
    "America/St_Johns",
    "Asia/Kathmandu",  # quarter-hour offset
)
EVENTS = (
    Event("touch-base", "touch-base", "Mid-way touch base", ("mentor",), at="midpoint"),
    Event("survey", "survey", "End survey", ("mentee",), at="last-week"),
    Event("week-3", "meeting", "Guest talk", ("mentee",), week=3),
    Event("showcase", "showcase", "Showcase", ("mentee",), at="last-week"),
)


@st.composite
def cohorts(draw: st.DrawFn):
    start = draw(st.dates(date(2025, 1, 1), date(2028, 12, 31)))
    days = draw(st.integers(6, 7 * 30))
    end = start + timedelta(days=days)
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        first = start + timedelta(days=draw(st.integers(0, days)))
        last = min(end, first + timedelta(days=draw(st.integers(0, 20))))
        pauses.append(Pause(first, last, "break"))
    meeting = Meeting(
        draw(st.sampled_from(sorted(CADENCE_DAYS))),
        draw(st.sampled_from(WEEKDAYS)),
        f"{draw(st.integers(0, 23)):02d}:{draw(st.sampled_from([0, 15, 30, 45])):02d}",
        draw(st.sampled_from(ZONES)),
        draw(st.integers(15, 180)),
    )
    showcase = draw(st.none() | st.just(end - timedelta(days=draw(st.integers(0, min(days, 10))))))
    term = Term("t", "Term", start - timedelta(days=30), start, start, end, showcase=showcase)
    program = replace(PROGRAM, terms=(term,), events=EVENTS)
    outline = (OutlineWeek(1, "Start"), OutlineWeek(3, "Middle"), OutlineWeek(6, "Later"))
    made = cohort(
        "c1",
        status="active",
        term="t",
        start=start,
        end=end,
        meeting=meeting,
        pauses=tuple(pauses),
        outline=outline,
    )
    return made, program


def _model(made, program, newcomer: Membership | None = None) -> Model:
    if newcomer is not None:
        made = replace(made, mentees=(*made.mentees, newcomer))
    people = {login: person(login) for login in ("mo", "ana", "zed")}
    return Model(
        {"p": program}, {made.id: made}, people, frozenset({"p"}), frozenset({made.id}), frozenset(people)
    )


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(cohorts())
def test_meetings_fall_on_the_weekday_at_the_cadence_and_never_in_a_pause(drawn):
    made, program = drawn
    calendar = CohortCalendar(made, program)
    weekday = WEEKDAYS.index(made.meeting.weekday)
    step = CADENCE_DAYS[made.meeting.cadence]
    first = made.start + timedelta(days=(weekday - made.start.weekday()) % 7)
    for day in calendar.meetings:
        assert made.start <= day <= made.end and day.weekday() == weekday
        assert (day - first).days % step == 0
        assert not calendar.paused(day)
    # Every unpaused day of the grid is a meeting: none is lost.
    grid = [first + timedelta(days=step * k) for k in range(0, (made.end - first).days // step + 1)]
    assert list(calendar.meetings) == [d for d in grid if d <= made.end and not calendar.paused(d)]


@PROPERTY
@given(cohorts())
def test_check_in_periods_are_the_meetings_in_disjoint_windows(drawn):
    made, program = drawn
    calendar = CohortCalendar(made, program)
    periods = calendar.periods
    assert [p.due for p in periods] == list(calendar.meetings)
    assert [p.number for p in periods] == list(range(1, len(periods) + 1))
    for earlier, later in itertools.pairwise(periods):
        assert earlier.closes < later.opens
    for period in periods:
        assert period.opens <= period.due <= period.closes <= made.end
        assert period.week == calendar.week(period.due)
        assert period.agenda == max(
            (w for w in calendar.outline if w.week <= period.week), key=lambda w: w.week, default=None
        )
        assert all(period.opens <= e.day <= period.closes for e in period.events)


@PROPERTY
@given(cohorts())
def test_outline_weeks_count_unpaused_days_and_stop_in_a_pause(drawn):
    made, program = drawn
    calendar = CohortCalendar(made, program)
    assert calendar.week(made.start) == 1 and calendar.weeks == calendar.week(made.end)
    day, previous = made.start, 1
    while day <= made.end:
        week = calendar.week(day)
        assert previous <= week <= previous + 1
        if calendar.paused(day - timedelta(days=1)) and day > made.start:
            assert week == previous  # the day after a paused day is never a new week's first
        previous = week
        day += timedelta(days=1)
    assert calendar.weeks <= made.weeks


@PROPERTY
@given(cohorts())
def test_events_fall_on_their_week_or_the_terms_own_date(drawn):
    made, program = drawn
    calendar = CohortCalendar(made, program)
    term = program.terms[0]
    for scheduled in calendar.events:
        if scheduled.event.kind == "showcase" and term.showcase:
            assert scheduled.day == term.showcase
            continue
        assert scheduled.week == calendar.event_week(scheduled.event)
        assert calendar.week(scheduled.day) == scheduled.week and not calendar.paused(scheduled.day)
        assert scheduled.opens <= scheduled.day


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(), st.integers(-10, 7 * 30 + 10))
def test_site_check_ins_and_welcome_agree_on_the_next_meeting(drawn, offset):
    made, program = drawn
    today = made.start + timedelta(days=offset)
    calendar = CohortCalendar(made, program)
    due = [p for p in calendar.periods if p.due >= today]

    view = SiteViews(_model(made, program), today, EMPTY).cohort(made)
    shown = view.meeting.on if view.meeting else None
    assert shown == (due[0].due if due else None)

    newcomer = Membership("zed", "mentee", 1, max(today, made.start - timedelta(days=1)), "active")
    if made.start - timedelta(days=30) <= newcomer.joined <= made.end:
        plan = plan_welcomes(_model(made, program), _model(made, program, newcomer), today)
        [welcome] = plan.welcomes
        first_meeting = re.search(r"first on \*\*\w+ (\d{4}-\d\d-\d\d)\*\*", welcome.body)
        first_checkin = re.search(r"\*\*\w+ (\d{4}-\d\d-\d\d)\*\*: check-in (\d+)", welcome.body)
        wanted = next((p for p in calendar.periods if p.due >= max(newcomer.joined, today)), None)
        if wanted is None:
            assert first_meeting is None and first_checkin is None
        else:
            assert first_meeting and date.fromisoformat(first_meeting.group(1)) == wanted.due
            assert first_checkin and date.fromisoformat(first_checkin.group(1)) == wanted.due
            assert int(first_checkin.group(2)) == wanted.number


@PROPERTY
@given(cohorts())
def test_every_meeting_is_at_the_local_time_on_both_sides_of_daylight_saving(drawn):
    made, program = drawn
    calendar = CohortCalendar(made, program)
    zone = ZoneInfo(made.meeting.timezone)
    hours, minutes = (int(x) for x in made.meeting.time.split(":"))
    for day in calendar.meetings:
        meeting = calendar.meeting_time(day)
        assert meeting is not None
        expected = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=zone)
        assert meeting.start == expected and meeting.start.utcoffset() == expected.utcoffset()
        assert meeting.end - meeting.start == timedelta(minutes=made.meeting.minutes)
        utc = expected.astimezone(ZoneInfo("UTC"))
        assert (meeting.utc_on, meeting.utc_start) == (utc.date(), utc.strftime("%H:%M"))
