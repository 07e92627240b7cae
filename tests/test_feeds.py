"""The iCalendar feeds, read back as a calendar app would (recurring_ical_events).

Random cohorts from the calendar's property tests: every occurrence of the
meeting series is one of the one calendar's meetings, at its local time on
both sides of a daylight-saving change, paused meetings absent; check-ins and
events fall on the calendar's days; UIDs do not change between builds; and no
string in the data can add a property or an event of its own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, timedelta

import icalendar
import pytest
import recurring_ical_events
from cohortkit.data.model import Event, Meeting, Model, Pause
from cohortkit.outcomes.feeds import FeedBuilder, FeedOptions
from cohortkit.program.calendar import CohortCalendar
from factories import PROGRAM, cohort, person
from hypothesis import given
from hypothesis import strategies as st
from test_calendar_properties import PROPERTY, _model, cohorts

OPTIONS = FeedOptions(today=date(2026, 12, 1), host="example.org")


def cohort_feed(model, made, options):
    return FeedBuilder(model, options).cohort(made)


def person_feed(model, login, options, pages):
    return FeedBuilder(model, options, pages).person(login)


def program_feed(model, program, options, pages):
    return FeedBuilder(model, options, pages).program(program)


# Every property a feed may hold: a string in the data that made another would be an injection.
KNOWN = {
    x.encode()
    for x in [
        "BEGIN",
        "END",
        "VERSION",
        "PRODID",
        "CALSCALE",
        "METHOD",
        "X-WR-CALNAME",
        "X-WR-CALDESC",
        "REFRESH-INTERVAL",
        "X-PUBLISHED-TTL",
        "TZID",
        "COMMENT",
        "TZNAME",
        "TZOFFSETFROM",
        "TZOFFSETTO",
        "DTSTART",
        "RDATE",
        "RRULE",
        "SUMMARY",
        "DTEND",
        "DTSTAMP",
        "UID",
        "EXDATE",
        "DESCRIPTION",
        "LOCATION",
        "STATUS",
        "TRANSP",
        "URL",
    ]
}


def occurrences(feed: bytes, start: date, end: date) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(feed)
    return list(
        recurring_ical_events.of(calendar).between(start - timedelta(days=2), end + timedelta(days=2))
    )


def by_uid(events: list[icalendar.Event], prefix: str) -> list[icalendar.Event]:
    return [e for e in events if str(e["UID"]).startswith(prefix)]


@PROPERTY
@given(cohorts())
def test_the_meeting_series_is_the_calendars_meetings_at_local_time(drawn):
    made, program = drawn
    model = _model(made, program)
    schedule = CohortCalendar(made, program)
    found = by_uid(occurrences(cohort_feed(model, made, OPTIONS), made.start, made.end), "meetings-")
    expected = [schedule.meeting_time(day) for day in schedule.meetings]
    assert [e["DTSTART"].dt.astimezone(UTC) for e in found] == [m.start.astimezone(UTC) for m in expected]
    for event, meeting in zip(found, expected, strict=True):
        local = event["DTSTART"].dt
        assert str(local.tzinfo) == made.meeting.timezone or made.meeting.timezone == "UTC"
        assert local.strftime("%H:%M") == meeting.local_start == made.meeting.time or (
            # a wall-clock time that a spring-forward skips happens an hour later, in both
            meeting.start.astimezone(UTC) == local.astimezone(UTC)
        )
        assert (event["DTEND"].dt - local) == timedelta(minutes=made.meeting.minutes)
        assert not schedule.paused(local.date())


@PROPERTY
@given(cohorts())
def test_check_ins_and_events_fall_on_the_calendars_days(drawn):
    made, program = drawn
    model = _model(made, program)
    schedule = CohortCalendar(made, program)
    found = occurrences(cohort_feed(model, made, OPTIONS), made.start, made.end)
    checkins = by_uid(found, "checkins-")
    assert [e["DTSTART"].dt for e in checkins] == [p.due for p in schedule.periods]
    events = sorted(
        (e["DTSTART"].dt, str(e["UID"]).split("-c1@")[0])
        for e in found
        if not str(e["UID"]).startswith(("meetings-", "checkins-"))
    )
    assert events == sorted((s.day, s.event.id) for s in schedule.events)


def test_daylight_saving_on_both_hemispheres_and_a_half_hour_zone():
    for zone, start in (
        ("Europe/Berlin", date(2026, 3, 2)),  # clocks go forward on 29 March
        ("Australia/Sydney", date(2026, 3, 2)),  # clocks go back on 5 April
        ("Asia/Kolkata", date(2026, 3, 2)),  # +05:30, no change
        ("Australia/Adelaide", date(2026, 9, 1)),  # +09:30, forward on 4 October
    ):
        made = cohort(
            "c1",
            status="active",
            start=start,
            end=start + timedelta(days=70),
            meeting=Meeting("weekly", "tuesday", "18:30", zone, 90),
        )
        model = _model(made, PROGRAM)
        found = by_uid(occurrences(cohort_feed(model, made, OPTIONS), made.start, made.end), "meetings-")
        assert len(found) == len(CohortCalendar(made, PROGRAM).meetings) >= 10
        assert {e["DTSTART"].dt.strftime("%H:%M %A") for e in found} == {"18:30 Tuesday"}
        offsets = {e["DTSTART"].dt.utcoffset() for e in found}
        assert len(offsets) == (1 if zone == "Asia/Kolkata" else 2), zone


def test_paused_meetings_are_exceptions_not_occurrences():
    made = cohort(
        "c1",
        status="active",
        start=date(2026, 1, 5),
        end=date(2026, 3, 1),
        meeting=Meeting("weekly", "monday", "10:00", "Europe/Berlin", 60),
        pauses=(Pause(date(2026, 1, 26), date(2026, 2, 8), "winter break"),),
    )
    feed = cohort_feed(_model(made, PROGRAM), made, OPTIONS)
    days = [e["DTSTART"].dt.date() for e in by_uid(occurrences(feed, made.start, made.end), "meetings-")]
    assert date(2026, 1, 26) not in days and date(2026, 2, 2) not in days
    assert days[0] == date(2026, 1, 5) and days[-1] == date(2026, 2, 23) and len(days) == 6
    assert b"EXDATE;TZID=Europe/Berlin:20260126T100000" in feed.replace(b"\r\n ", b"")


def test_uids_are_stable_across_builds_and_a_feed_of_one_day_is_the_same_file():
    made = cohort("c1", status="active", start=date(2026, 1, 5), end=date(2026, 3, 1))
    model = _model(made, PROGRAM)
    first = cohort_feed(model, made, OPTIONS)
    assert cohort_feed(model, made, OPTIONS) == first
    later = cohort_feed(model, made, replace(OPTIONS, today=date(2026, 12, 9)))
    uids = lambda feed: [str(e["UID"]) for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")]  # noqa: E731
    assert uids(later) == uids(first) and len(set(uids(first))) == len(uids(first))


HOSTILE = (
    "Title\r\nBEGIN:VEVENT\r\nUID:evil\r\nEND:VEVENT",
    "semi;colon, comma \\ backslash",
    "</text><script>alert(1)</script>",
    "line\u2028separator\x00nul\x1bescape",
    "عربي — 中文 — émoji 🎉",
)


@pytest.mark.parametrize("text", HOSTILE)
def test_no_string_in_the_data_adds_a_property_or_an_event(text):
    made = cohort(
        "c1",
        status="active",
        start=date(2026, 1, 5),
        end=date(2026, 2, 1),
        title=text,
        location=text,
        channel_name=text,
    )
    feed = cohort_feed(_model(made, PROGRAM), made, replace(OPTIONS, host="example.org"))
    calendar = icalendar.Calendar.from_ical(feed)
    events = calendar.walk("VEVENT")
    assert all(str(e["UID"]).endswith("@example.org") for e in events)
    assert not any(str(e["UID"]) == "evil" for e in events)
    assert len(events) == 2  # the meetings and their check-ins
    unfolded = feed.replace(b"\r\n ", b"")
    assert all(line.split(b":")[0].split(b";")[0].isupper() or not line for line in unfolded.split(b"\r\n"))
    summary = str(events[0]["SUMMARY"])
    assert "\r" not in summary and "\n" not in summary and "\x00" not in summary


def test_a_person_feed_has_their_current_cohorts_only_and_the_events_for_their_role():
    mine = cohort("c1", status="active", start=date(2026, 1, 5), end=date(2026, 3, 1), mentors=("mo",))
    theirs = cohort("c2", status="active", start=date(2026, 1, 5), end=date(2026, 3, 1), mentors=("zed",))
    done = cohort("c3", status="completed", start=date(2025, 1, 5), end=date(2025, 3, 1), mentors=("mo",))
    people = {login: person(login) for login in ("mo", "ana", "zed")}
    cohorts_ = {c.id: c for c in (mine, theirs, done)}
    model = Model({"p": PROGRAM}, cohorts_, people, frozenset({"p"}), frozenset(cohorts_), frozenset(people))
    feed = person_feed(model, "mo", OPTIONS, {})
    assert feed is not None
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")}
    assert "meetings-c1@example.org" in uids and not any("c2" in u or "c3" in u for u in uids)
    assert person_feed(model, "nobody", OPTIONS, {}) is None
    program = icalendar.Calendar.from_ical(program_feed(model, PROGRAM, OPTIONS, {}))
    assert {"meetings-c1@example.org", "meetings-c2@example.org"} <= {
        str(e["UID"]) for e in program.walk("VEVENT")
    }


def test_every_time_zone_used_has_its_vtimezone():
    made = cohort(
        "c1",
        status="active",
        start=date(2026, 1, 5),
        end=date(2026, 3, 1),
        meeting=Meeting("weekly", "monday", "10:00", "America/St_Johns", 60),
    )
    calendar = icalendar.Calendar.from_ical(cohort_feed(_model(made, PROGRAM), made, OPTIONS))
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["America/St_Johns"]


@PROPERTY
@given(st.text(max_size=200), st.text(max_size=200))
def test_any_text_in_any_field_reads_back_as_the_same_events(title, text):
    made = cohort(
        "c1", status="active", start=date(2026, 1, 5), end=date(2026, 2, 1), title=title, location=text
    )
    program = replace(PROGRAM, events=(Event("ev", "survey", text or "x", ("mentee",), week=2, text=text),))
    feed = cohort_feed(_model(made, program), made, OPTIONS)
    calendar = icalendar.Calendar.from_ical(feed)
    assert sorted(str(e["UID"]).split("@")[0] for e in calendar.walk("VEVENT")) == sorted(
        ["meetings-c1", "checkins-c1", "ev-c1"]
    )
    for line in feed.replace(b"\r\n ", b"").split(b"\r\n")[:-1]:
        name = line.split(b":")[0].split(b";")[0]
        assert name in KNOWN, line


def test_feeds_made_in_forked_workers_are_the_feeds_made_in_one_process(tmp_path):
    from cohortkit.validation.pipeline import validate_tree

    from benchmarks.synthetic import write_program_tree

    write_program_tree(tmp_path, people=600, cohorts=240, programs=3, seed=7)
    tree, _ = validate_tree(tmp_path)
    model = tree.model
    serial, parallel = FeedBuilder(model, OPTIONS), FeedBuilder(model, OPTIONS)
    parallel.prepare(workers=2)
    for made in model.cohorts.values():
        assert parallel.cohort(made) == serial.cohort(made)
    for login in model.people:
        assert parallel.person(login) == serial.person(login)
