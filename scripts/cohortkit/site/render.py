"""`render_site`: the validated model in, every generated page out, as text keyed by path.

A plain function of its arguments (no files written, no MkDocs), so it can be
tested directly and timed on its own. `assemble.write_pages` puts the result
on disk next to the hand-written pages.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from markupsafe import escape

from cohortkit.data.model import Membership, Model, Person, Program
from cohortkit.outcomes.badges import BadgeFiles, assertion_path, awards, badge_image_path
from cohortkit.outcomes.certificate_text import certificate_text
from cohortkit.outcomes.certificates import assess
from cohortkit.outcomes.feeds import FeedBuilder, FeedOptions
from cohortkit.program import pages
from cohortkit.program.calendar import current_term, enrollment_open
from cohortkit.program.pages import cohort_url, webcal_url
from cohortkit.site import links
from cohortkit.site.certificate_files import Drawn, start_pdfs
from cohortkit.site.metrics_pages import render_metrics
from cohortkit.site.opportunities import open_cohorts, opportunities_json
from cohortkit.site.parallel import start_profiles
from cohortkit.site.progress import EMPTY, ProgressSnapshot
from cohortkit.site.reference import data_reference
from cohortkit.site.safe_markdown import MarkdownRenderer
from cohortkit.site.templating import CurrentPage, Wrapper, make_environment, raw_text
from cohortkit.site.views import (
    CohortView,
    SiteViews,
    TrackView,
    cohort_columns,
    event_views,
    track_weeks,
)
from cohortkit.support import forked
from cohortkit.support.gcpause import cyclic_gc_paused
from cohortkit.support.timing import timed


@dataclass(frozen=True)
class SiteOptions:
    today: date
    progress: ProgressSnapshot = EMPTY
    template_dirs: Sequence[Path] = ()
    schema_dir: Path | None = None  # the data reference is left out without one
    image_hosts: Iterable[str] = field(default_factory=tuple)
    workers: int | None = None  # processes for profile pages; None: by size and CPUs
    site_url: str = ""  # where the site is published: calendar subscriptions need an absolute address
    pdfs: bool = False  # draw each certificate's PDF too (about 25 ms each: see certificate_files.py)
    site_name: str = ""  # mkdocs.yml's site_name, for the pages MkDocs does not theme


@dataclass(frozen=True, slots=True)
class ProgramSummary:
    program: Program
    page: str
    term_name: str
    term_start: date | None
    term_end: date | None
    enrolling_for: str  # the term taking sign-ups now, which may not be the current one; or ''
    cohorts: int
    running: int


@dataclass(frozen=True, slots=True)
class TermGroup:
    term: str
    names: tuple[str, ...]
    cohorts: tuple[CohortView, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str


class Renderer:
    def __init__(self, model: Model, options: SiteOptions) -> None:
        self.model = model
        self.options = options
        self.views = SiteViews(model, options.today, options.progress)
        self.current = CurrentPage()
        self.env: Environment = make_environment(
            options.template_dirs, MarkdownRenderer(self._image_hosts()), self.current
        )
        self.pages: dict[str, str] = {}
        self.files: dict[str, bytes] = {}  # what is not text: the certificates' PDFs
        self.warnings: list[str] = []  # what the build could not make, said by `cohortkit site build`
        self.certificate_pdfs: forked.Pending[Drawn] | None = None
        # Wall time of what members take home (feeds, certificates, badges), for the site benchmark.
        self.seconds: dict[str, float] = defaultdict(float)
        started = time.perf_counter()
        # The site's own address and a quoted page path: trusted, escaped all the same.
        self.env.globals["webcal"] = lambda path: escape(webcal_url(options.site_url, raw_text(path)))
        self.feeds = FeedBuilder(
            model,
            FeedOptions(options.today, host=urlsplit(options.site_url).hostname or "cohortkit"),
            {cid: cohort_url(options.site_url, cid) for cid in model.cohorts},
        )
        self.person_feeds: set[str] = set()  # listed people with a current cohort, filled by render()
        # Certificates earned by listed people: profiles link to them, and each has its page.
        assessed = assess(model)
        self.certificates = [a for a in assessed if a.earned and a.person is not None and a.person.listed]
        awarded = awards(model, assessed) if options.site_url else []
        self.badge_files = BadgeFiles(model, options.site_url, awarded, options.template_dirs)
        # Goal badges that stand (a revoked one is served, marked, but not shown off).
        self.badges_of: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self.badges_in: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
        # Hosted badges need absolute ids: without the site's address there are none to publish.
        for award in awarded:
            if award.revoked:
                continue
            cohort, role, login = award.cohort, award.membership.role, award.membership.person
            image, assertion = badge_image_path(cohort.id, role), assertion_path(cohort.id, role, login)
            self.badges_of[login.lower()].append((image, assertion, f"{cohort.title}: {role}"))
            self.badges_in[cohort.id].append((image, assertion, login, role))
        self.certificates_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for a in self.certificates:
            self.certificates_of[a.login.lower()].append(
                (pages.certificate_page(a.cohort.id, a.login), f"{a.cohort.title} ({a.role})")
            )
        self.seconds["outputs"] += time.perf_counter() - started
        self.wrapper = Wrapper()
        self.by_program = self.views.cohorts_by_program()
        # Interests are topic ids from any program; show the name the first
        # program (by name) gives a topic, and an id no program defines as written.
        self.topic_names: dict[str, str] = {}
        for program in sorted(model.programs.values(), key=lambda p: p.name.casefold()):
            for topic, name in program.topics.items():
                self.topic_names.setdefault(topic, name)

    def _image_hosts(self) -> tuple[str, ...]:
        """The hosts images may come from: the command line's and every program's `image_hosts`."""
        from_programs = (host for program in self.model.programs.values() for host in program.image_hosts)
        return (*self.options.image_hosts, *from_programs)

    def page(self, path: str, template: str, **context: Any) -> None:
        values = {key: self.wrapper.wrap(value) for key, value in context.items()}
        self.current.path = path
        values["today"] = self.options.today
        self.pages[path] = self.env.get_template(template).render(values)

    def program_summary(self, program: Program) -> ProgramSummary:
        term = current_term(program, self.options.today)
        cohorts = self.by_program.get(program.id, [])
        taking_signups = sorted(
            (t for t in program.terms if enrollment_open(t, self.options.today)), key=lambda t: t.start
        )
        return ProgramSummary(
            program=program,
            page=links.program_page(program.id),
            term_name=term.name if term else "",
            term_start=term.start if term else None,
            term_end=term.end if term else None,
            enrolling_for=taking_signups[0].name if taking_signups else "",
            cohorts=len(cohorts),
            running=sum(1 for c in cohorts if c.running),
        )

    def render(self) -> dict[str, str | bytes]:
        model = self.model
        programs = [
            self.program_summary(p) for p in sorted(model.programs.values(), key=lambda p: p.name.casefold())
        ]
        listed = sorted(
            (p for p in model.people.values() if p.listed), key=lambda p: (p.name.casefold(), p.login)
        )
        # Profiles are most of the pages; with many people they render in forked workers
        # while this process renders the rest (see parallel.py).
        # Who has a calendar of their own is known before the profiles (which link to it) render.
        self.person_feeds = {
            p.login
            for p in listed
            if any(
                m.active and c.status not in ("completed", "cancelled")
                for c, m in self.views.memberships.get(p.login.lower(), ())
            )
        }
        profiles = start_profiles(self, listed, self.options.workers)
        if self.options.pdfs:
            self.certificate_pdfs = start_pdfs(
                self.certificates, self.options.site_url, self.options.template_dirs, self.options.workers
            )
        with timed(self.seconds, "outputs"):
            self.feeds.prepare(self.options.workers)
        roster = self.views.sorted_cohorts()
        unlisted = len(model.people) - len(listed)
        opportunities = open_cohorts(self.views)
        counts = {
            "programs": len(model.programs),
            "cohorts": len(model.cohorts),
            "running": sum(1 for c in model.cohorts.values() if c.running),
            "people": len(model.people),
            "mentors": len(
                {m.person.lower() for c in model.cohorts.values() if c.running for m in c.active_mentors}
            ),
            "mentees": len(
                {m.person.lower() for c in model.cohorts.values() if c.running for m in c.active_mentees}
            ),
            "open_seats": sum(v.open_seats for v in opportunities),
            "open_cohorts": len(opportunities),
        }
        self.page(links.HOME, "home.md.j2", programs=programs, counts=counts, opportunities=opportunities[:6])
        self.page(links.PROGRAMS, "programs.md.j2", programs=programs)
        for summary in programs:
            self._program(summary)
        self.page(
            links.ROSTER,
            "roster.md.j2",
            rows=roster,
            filters=self._filters(roster),
            columns=cohort_columns(roster),
        )
        for view in roster:
            self.page(
                view.page,
                "cohort.md.j2",
                view=view,
                feed=pages.cohort_feed_path(view.cohort.id),
                badges=tuple(
                    (image, assertion, self.views.ref(login), role)
                    for image, assertion, login, role in self.badges_in.get(view.cohort.id, ())
                ),
            )
        self._people(listed, unlisted)
        self.page(links.SHOWCASE, "showcase.md.j2", groups=self._showcase_groups(roster))
        self.page(links.OPPORTUNITIES, "opportunities.md.j2", rows=opportunities, counts=counts)
        self.pages[links.OPPORTUNITIES_JSON] = opportunities_json(self.views, self.options.today)
        with timed(self.seconds, "outputs"):
            self._calendars(roster, listed)
            self._certificates()
            if self.options.site_url:
                self.pages.update(self.badge_files.files())
        render_metrics(self)
        if self.options.schema_dir is not None:
            self.page(links.REFERENCE, "reference.md.j2", kinds=data_reference(self.options.schema_dir))
        self.pages.update(profiles.result())
        return {**self.pages, **self.files}

    def _calendars(self, roster: list[CohortView], listed: list[Person]) -> None:
        """The iCalendar feeds: one per cohort and per program, and one per listed person with a cohort."""
        for view in roster:
            self.pages[pages.cohort_feed_path(view.cohort.id)] = self.feeds.cohort(view.cohort).decode()
        for program in self.model.programs.values():
            self.pages[pages.program_feed_path(program.id)] = self.feeds.program(program).decode()
        for person in listed:
            if person.login in self.person_feeds:
                feed = self.feeds.person(person.login)
                if feed is not None:
                    self.pages[pages.person_feed_path(person.login)] = feed.decode()

    def _certificates(self) -> None:
        """A page and a PDF per certificate earned by a listed person; the unlisted are told theirs privately."""
        drawn = dict(self.certificate_pdfs.result()) if self.certificate_pdfs is not None else {}
        for earned in self.certificates:
            person = self.model.person(earned.login)
            assert person is not None  # only listed people with a file earn a published certificate
            text = certificate_text(earned, self.options.site_url)
            pdf = pages.certificate_pdf_path(earned.cohort.id, earned.login)
            made = drawn.get(pdf)
            if isinstance(made, bytes):
                self.files[pdf] = made
            elif made is not None:
                self.warnings.append(f"no PDF for {person.login}'s certificate in {earned.cohort.id}: {made}")
            self.page(
                pages.certificate_page(earned.cohort.id, earned.login),
                "certificate.html.j2",
                title=f"Certificate: {person.name}, {earned.cohort.title}",
                site_name=self.options.site_name,
                home=links.HOME,
                person=person,
                text=text,
                role=earned.role,
                cohort_page=links.cohort_page(earned.cohort.id),
                profile=links.person_page(earned.login),
                pdf=pdf if pdf in self.files else "",
                results=earned.results,
            )

    def _program(self, summary: ProgramSummary) -> None:
        program = summary.program
        cohorts = self.views.sorted_cohorts(list(self.by_program.get(program.id, [])))
        today = self.options.today
        terms = tuple(
            (
                term,
                "running" if term.start <= today <= term.end else "past" if term.end < today else "upcoming",
                enrollment_open(term, today),
            )
            for term in sorted(program.terms, key=lambda t: t.start)
        )
        self.page(
            summary.page,
            "program.md.j2",
            summary=summary,
            program=program,
            terms=terms,
            # Columns every row would leave empty are left out.
            terms_have_showcase=any(term.showcase is not None for term in program.terms),
            events=event_views(program),
            events_have_text=any(event.text for event in program.events),
            tracks=tuple(TrackView(track, track_weeks(track)) for track in program.tracks.values()),
            cohorts=cohorts,
            columns=cohort_columns(cohorts),
            coordinators=tuple(self.views.ref(login) for login in program.coordinators),
            feed=pages.program_feed_path(program.id),
        )

    def profile(self, person: Person) -> None:
        self.page(
            links.person_page(person.login),
            "person.md.j2",
            person=person,
            interests=tuple(self.topic_names.get(topic, topic) for topic in person.interests),
            memberships=self._memberships(person.login),
            feed=pages.person_feed_path(person.login) if person.login in self.person_feeds else "",
            certificates=tuple(self.certificates_of.get(person.login.lower(), ())),
            badges=tuple(self.badges_of.get(person.login.lower(), ())),
        )

    def _people(self, listed: list[Person], unlisted: int) -> None:
        letters: dict[str, list[tuple[Person, int, int, str]]] = defaultdict(list)
        for person in listed:
            pairs = self.views.memberships.get(person.login.lower(), [])
            mentored = sum(1 for _, m in pairs if m.role == "mentor")
            joined = sum(1 for _, m in pairs if m.role == "mentee")
            initial = person.name[:1].upper()
            letters[initial if initial.isalpha() else "#"].append(
                (person, mentored, joined, links.person_page(person.login))
            )
        self.page(
            links.PEOPLE,
            "people.md.j2",
            letters=sorted(letters.items()),
            total=len(self.model.people),
            unlisted=unlisted,
        )

    def _memberships(self, login: str) -> tuple[tuple[CohortView, Membership], ...]:
        pairs = self.views.memberships.get(login.lower(), [])
        ordered = sorted(
            pairs, key=lambda pair: (not pair[0].running, -pair[0].start.toordinal(), pair[0].id)
        )
        return tuple((self.views.cohort(cohort), membership) for cohort, membership in ordered)

    def _filters(self, rows: list[CohortView]) -> dict[str, tuple[Choice, ...]]:
        def choices(pairs: Iterable[tuple[str, str]]) -> tuple[Choice, ...]:
            return tuple(Choice(v, label) for v, label in sorted(set(pairs), key=lambda p: p[1].casefold()))

        # Programs may use the same term id (each with its own name): one choice, every name.
        term_names: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            term_names[r.cohort.term].add(r.term_name)
        terms = sorted(term_names, reverse=True)
        return {
            "term": tuple(Choice(t, " / ".join(sorted(term_names[t], key=str.casefold))) for t in terms),
            "program": choices((r.cohort.program, r.program_name) for r in rows),
            "topic": choices((r.cohort.topic, r.topic_name) for r in rows),
            "status": tuple(Choice(s, s) for s in ("forming", "active", "completed", "cancelled")),
        }

    def _showcase_groups(self, roster: list[CohortView]) -> tuple[TermGroup, ...]:
        grouped: dict[str, list[CohortView]] = defaultdict(list)
        for view in roster:
            if view.cohort.showcase is not None:
                grouped[view.cohort.term].append(view)
        ordered = sorted(
            grouped.items(),
            key=lambda item: (max((v.term.end if v.term else v.cohort.end) for v in item[1]), item[0]),
            reverse=True,
        )
        return tuple(
            TermGroup(term, tuple(sorted({v.term_name for v in views})), tuple(views))
            for term, views in ordered
        )


def render_site(model: Model, options: SiteOptions) -> dict[str, str | bytes]:
    """Every generated page and file as {path relative to the docs folder: text, or bytes for a PDF}."""
    with cyclic_gc_paused():
        return Renderer(model, options).render()
