"""What the pages show, worked out from the model once per build.

Everything a template needs that is not a plain field of the model is
computed here, in typed Python: who may be named, seats, progress, the
current week. Templates then only lay out; they never decide.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cohortkit.data.model import Cohort, Event, Membership, Model, OutlineWeek, Person, Program, Term, Track
from cohortkit.program.calendar import CohortCalendar, MeetingTime, open_to_mentees
from cohortkit.program.date_words import short_date
from cohortkit.site import links
from cohortkit.site.progress import CohortProgress, ProgressSnapshot
from cohortkit.site.templating import role_plural, word_list
from cohortkit.site.zones import ZoneSpan, zone_span

STATUS_ORDER = {"active": 0, "forming": 1, "completed": 2, "cancelled": 3}


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person as others' pages show them: named with a link if listed, otherwise only counted."""

    login: str
    name: str
    page: str  # empty for people who are not listed


@dataclass(frozen=True, slots=True)
class Member:
    person: PersonRef
    membership: Membership


@dataclass(frozen=True, slots=True)
class Members:
    listed: tuple[Member, ...]
    unlisted: int


@dataclass(frozen=True, slots=True)
class WeekView:
    week: OutlineWeek
    current: bool
    past: bool


@dataclass(frozen=True, slots=True)
class Progress:
    """One line and one bar for a cohort, from the snapshot when there is one, else from dates."""

    label: str
    percent: int | None
    checkins: CohortProgress | None


@dataclass(frozen=True, slots=True)
class CohortView:
    cohort: Cohort
    page: str
    program: Program
    program_name: str
    program_page: str
    term: Term | None
    term_name: str
    topic_name: str
    mentors: Members
    mentees: Members
    active_mentors: tuple[PersonRef, ...]
    hidden_active_mentors: int
    taken: int
    open_seats: int
    span: ZoneSpan
    week: int | None
    weeks: int  # outline weeks in all (the cohort's length less its pauses)
    paused: bool
    outline: tuple[WeekView, ...]
    meeting: MeetingTime | None
    progress: Progress
    representative: PersonRef | None
    slide_image: str  # site path of the slide, or empty
    open_for_mentees: bool
    enrolling: bool  # the enrollment window (or rolling admission) lets people join today
    meeting_in_utc: bool = False  # the next meeting's own zone is UTC, so one time says it all


@dataclass(frozen=True, slots=True)
class CohortColumns:
    """Which optional columns of a cohort table have something to show in at least one row."""

    mentors: bool
    time_zones: bool


def cohort_columns(rows: Sequence[CohortView]) -> CohortColumns:
    return CohortColumns(
        mentors=any(r.active_mentors or r.hidden_active_mentors for r in rows),
        time_zones=any(r.span.label for r in rows),
    )


@dataclass(frozen=True, slots=True)
class EventView:
    """A program event as its program page lists it: when it falls, and for whom, in words."""

    event: Event
    when: str
    audience: str


# The outline week an event names (see CohortCalendar.event_week), as words for a page
# that speaks of every cohort of the program at once.
EVENT_AT_WORDS = {
    "start": "in each cohort's first week",
    "midpoint": "mid-way through each cohort",
    "last-week": "in each cohort's last week",
}


def event_when(event: Event, program: Program) -> str:
    """When an event happens, in words: its outline week, or a showcase on the term's own day.

    Mirrors CohortCalendar.events: a numbered week as given, `at` as the start,
    midpoint or last week (the first week when neither is given), and an event
    of kind `showcase` on the term's showcase date where the term gives one.
    """
    if event.week is not None:
        week = f"in week {event.week}"
    else:
        week = EVENT_AT_WORDS.get(event.at or "", EVENT_AT_WORDS["start"])
    if event.kind != "showcase":
        return week
    dated = sum(1 for t in program.terms if t.showcase is not None)
    if not dated:
        return week
    if dated == len(program.terms):
        return "on the term's showcase day"
    return f"on the term's showcase day, or {week} in a term that sets none"


def event_views(program: Program) -> tuple[EventView, ...]:
    return tuple(
        EventView(e, event_when(e, program), word_list([role_plural(a) for a in e.audience]))
        for e in program.events
    )


def outline_length(outline: Sequence[OutlineWeek]) -> int:
    """How many weeks an outline spans: its last entry's week (outlines may skip weeks); 0 if empty."""
    return max((w.week for w in outline), default=0)


def track_weeks(track: Track) -> int:
    return outline_length(track.outline)


@dataclass(frozen=True, slots=True)
class TrackView:
    track: Track
    weeks: int


def _mark_weeks(outline: tuple[OutlineWeek, ...], week: int | None) -> tuple[WeekView, ...]:
    """The current entry is the last outline week already reached (outlines may skip weeks)."""
    reached = [w.week for w in outline if week is not None and w.week <= week]
    current = max(reached) if reached else None
    return tuple(
        WeekView(w, current=w.week == current, past=current is not None and w.week < current) for w in outline
    )


def _outcome_counts(cohort: Cohort) -> tuple[int, int]:
    finished = sum(1 for m in cohort.mentees if m.outcome == "completed")
    return finished, len(cohort.mentees)


def _progress(
    cohort: Cohort, week: int | None, weeks: int, checkins: CohortProgress | None, today: date, detail: bool
) -> Progress:
    """`detail`: the program shows check-in outcomes publicly (held, missed, at risk); else only the week."""
    if checkins is not None and checkins.scheduled:
        weeks = checkins.weeks or weeks
        reached = f"week {checkins.reached_week} of {weeks} reached" if checkins.reached_week else ""
        if detail:
            noun = "check-in" if checkins.scheduled == 1 else "check-ins"
            label = f"{checkins.held} of {checkins.scheduled} {noun} held" + (
                f", {reached}" if reached else ""
            )
            if checkins.status and cohort.running:
                label += f" ({checkins.status})"
        else:
            label = reached or (f"week {min(week, weeks)} of {weeks}" if week else "under way")
        percent = round(100 * min(checkins.reached_week, weeks) / weeks) if weeks else None
        return Progress(label, percent, checkins if detail else None)
    if cohort.status == "cancelled":
        return Progress("cancelled", None, None)
    if cohort.status == "completed" or today > cohort.end:
        finished, total = _outcome_counts(cohort)
        percent = round(100 * finished / total) if total else None
        noun = "mentee" if total == 1 else "mentees"
        return Progress(f"{finished} of {total} {noun} completed", percent, None)
    if week is None:
        return Progress(f"starts {short_date(cohort.start)}", 0, None)
    shown = min(week, weeks)
    return Progress(f"week {shown} of {weeks}", round(100 * shown / weeks) if weeks else None, None)


class SiteViews:
    """Indexes built once per build, and the views of cohorts and people."""

    def __init__(self, model: Model, today: date, progress: ProgressSnapshot) -> None:
        self.model = model
        self.today = today
        self.progress = progress
        self.memberships: dict[str, list[tuple[Cohort, Membership]]] = defaultdict(list)
        for cohort in model.cohorts.values():
            for membership in cohort.memberships:
                self.memberships[membership.person.lower()].append((cohort, membership))
        self._cohort_views: dict[str, CohortView] = {}

    def listed(self, person: Person) -> bool:
        return person.listed

    def ref(self, login: str) -> PersonRef:
        person = self.model.person(login)
        if person is None or not person.listed:
            return PersonRef(login, "", "")
        return PersonRef(person.login, person.name, links.person_page(person.login))

    def members(self, memberships: tuple[Membership, ...]) -> Members:
        listed = []
        hidden = 0
        for m in memberships:
            ref = self.ref(m.person)
            if ref.page:
                listed.append(Member(ref, m))
            else:
                hidden += 1
        return Members(tuple(listed), hidden)

    def cohort(self, cohort: Cohort) -> CohortView:
        cached = self._cohort_views.get(cohort.id)
        if cached is not None:
            return cached
        program = self.model.programs[cohort.program]
        term = program.term(cohort.term)
        calendar = CohortCalendar(cohort, program)
        week = calendar.current_week(self.today)
        active = cohort.active_mentors + cohort.active_mentees
        # People who are not listed still count toward seats, but their time zones
        # stay out of the span: at the edge of a span, a zone could point at them.
        zones = [
            p.timezone
            for m in (active or cohort.memberships)
            if (p := self.model.person(m.person)) and p.listed
        ]
        active_mentor_refs = [self.ref(m.person) for m in cohort.active_mentors]
        representative = self.ref(cohort.representative) if cohort.representative else None
        showcase = cohort.showcase
        meeting = calendar.next_meeting_time(self.today) if cohort.running else None
        view = CohortView(
            cohort=cohort,
            page=links.cohort_page(cohort.id),
            program=program,
            program_name=program.name,
            program_page=links.program_page(program.id),
            term=term,
            term_name=term.name if term else cohort.term,
            topic_name=program.topics.get(cohort.topic, cohort.topic),
            mentors=self.members(cohort.mentors),
            mentees=self.members(cohort.mentees),
            active_mentors=tuple(r for r in active_mentor_refs if r.page),
            hidden_active_mentors=sum(1 for r in active_mentor_refs if not r.page),
            taken=len(cohort.active_mentees),
            open_seats=cohort.open_seats,
            span=zone_span(zones, max(self.today, cohort.start) if cohort.running else cohort.start),
            week=week,
            weeks=calendar.weeks,
            paused=calendar.paused(self.today) and week is not None,
            outline=_mark_weeks(calendar.outline, week),
            meeting=meeting,
            progress=_progress(
                cohort,
                week,
                calendar.weeks,
                self.progress.cohorts.get(cohort.id),
                self.today,
                detail=program.public_progress == "checkins",
            ),
            representative=representative if representative and representative.page else None,
            slide_image=showcase.slide_image.removeprefix("docs/")
            if showcase and showcase.slide_image
            else "",
            open_for_mentees=self.open_for_mentees(cohort),
            enrolling=calendar.enrolling(self.today),
            meeting_in_utc=meeting is not None
            and meeting.zone_abbreviation == "UTC"
            and (meeting.on, meeting.local_start) == (meeting.utc_on, meeting.utc_start),
        )
        self._cohort_views[cohort.id] = view
        return view

    def open_for_mentees(self, cohort: Cohort) -> bool:
        """Advertised as having open seats: the one test the intake and the review use too."""
        return open_to_mentees(cohort, self.model.programs.get(cohort.program), self.today)

    def sorted_cohorts(self, cohorts: list[Cohort] | None = None) -> list[CohortView]:
        """Newest first, running before finished within a start date."""
        chosen = list(self.model.cohorts.values()) if cohorts is None else cohorts
        chosen.sort(
            key=lambda c: (-c.start.toordinal(), STATUS_ORDER.get(c.status, 9), c.title.casefold(), c.id)
        )
        return [self.cohort(c) for c in chosen]

    def cohorts_by_program(self) -> Mapping[str, list[Cohort]]:
        grouped: dict[str, list[Cohort]] = defaultdict(list)
        for cohort in self.model.cohorts.values():
            grouped[cohort.program].append(cohort)
        return grouped
