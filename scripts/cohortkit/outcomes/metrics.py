"""Is the program working? Each program's counts per term and per calendar year, from the record alone.

Everything is counted from the validated model (cohort files and person
files) plus, for check-ins, the outcome counts of the progress snapshot, so
the same repository always gives the same figures. Cancelled cohorts never
ran and are left out. A term counts toward the year it starts in.

- **Mentee places** are memberships (a mentee in two cohorts holds two
  places); each has one outcome, and rates are over the *settled* places
  (completed, withdrawn or did not complete), so a cohort still running
  does not lower them. **Mentees**, **mentors** and **people** are different
  people (a person counts once however many cohorts they are in).
- A **new mentor** mentors in this program for the first time in the data;
  a **returning mentor** was a mentee of the program in an earlier term.
- **Regions** are counted per year only: a table of terms by regions by years
  would link so many small counts that most of it would have to be withheld.
- A mentor is **over capacity** in a term when they lead more of its cohorts
  than their `mentor_capacity` or the program's limit allows, or lead a cohort
  with more mentee places than the program's mentees per mentor.

Every count goes into a `Ledger` with the sums and bounds that link it to the
others, so that `metrics_privacy` can hide what must not be published; the
public figures are assembled from that in `metrics_report.py`.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache

from cohortkit.data.model import Cohort, Model, Program, Term
from cohortkit.outcomes.metrics_privacy import Ledger

OUTCOMES = ("completed", "withdrawn", "did-not-complete", "active")
SETTLED = ("completed", "withdrawn", "did-not-complete")
LOST = ("withdrawn", "did-not-complete")
REGIONS = ("Africa", "Asia", "Europe", "North America", "Oceania", "South America", "Antarctica", "")
# Time-zone bands by the UTC offset on the term's first day: who could share a meeting time.
ZONE_BANDS = (
    ("west", "UTC\u221212 to UTC\u22122 (the Americas)"),
    ("middle", "UTC\u22122 to UTC+3 (Europe, Africa, the Middle East)"),
    ("east", "UTC+3 to UTC+14 (Asia and the Pacific)"),
)
CHECKIN_OUTCOMES = ("held", "not held", "missed", "open", "not opened")
# Check-in outcomes are about a term's mentors: shown only when there are at least this many.
CHECKIN_MIN_MENTORS = 5


@lru_cache(maxsize=4096)
def zone_band(timezone: str, on: date) -> str:
    try:
        moment = datetime.combine(on, time(12), tzinfo=zoneinfo.ZoneInfo(timezone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return "middle"
    offset = moment.utcoffset()
    minutes = offset.total_seconds() / 60 if offset else 0
    return "west" if minutes < -120 else "east" if minutes > 180 else "middle"


@dataclass
class TermCounts:
    """What one term of a program holds, before anything is hidden."""

    term: Term
    index: int  # position among the program's terms with cohorts, oldest first
    cohorts: tuple[Cohort, ...]
    outcomes: Counter[str] = field(default_factory=Counter)
    mentees: set[str] = field(default_factory=set)
    mentors: set[str] = field(default_factory=set)
    new_mentors: set[str] = field(default_factory=set)
    returning_mentors: set[str] = field(default_factory=set)
    over_capacity: set[str] = field(default_factory=set)
    regions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    zones: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    checkins: Counter[str] = field(default_factory=Counter)
    cohorts_reported: int = 0  # cohorts the progress snapshot has

    @property
    def places(self) -> int:
        return sum(self.outcomes.values())

    @property
    def people(self) -> set[str]:
        return self.mentees | self.mentors


@dataclass
class ProgramCounts:
    program: Program
    terms: list[TermCounts]
    years: dict[int, list[TermCounts]]
    became_mentors: set[str]  # mentees in one term who mentored in a later one
    in_several_terms: set[str]
    ledger: Ledger


def term_year(term: Term) -> int:
    """The calendar year a term counts toward: the one it starts in."""
    return term.start.year


def count_program(
    model: Model, program: Program, checkins: Mapping[str, Mapping[str, int]] | None = None
) -> ProgramCounts:
    """Count one program's terms, years and people, and record every count in a ledger."""
    by_term: dict[str, list[Cohort]] = defaultdict(list)
    for cohort in model.cohorts.values():
        if cohort.program == program.id and cohort.status != "cancelled":
            by_term[cohort.term].append(cohort)
    ordered = sorted((t for t in program.terms if by_term.get(t.id)), key=lambda t: (t.start, t.id))
    terms = [
        TermCounts(term, index, tuple(sorted(by_term[term.id], key=lambda c: c.id)))
        for index, term in enumerate(ordered)
    ]
    mentee_in: dict[str, list[int]] = defaultdict(list)
    mentor_in: dict[str, list[int]] = defaultdict(list)
    for counts in terms:
        for cohort in counts.cohorts:
            for m in cohort.mentees:
                mentee_in[m.person.lower()].append(counts.index)
            for m in cohort.mentors:
                mentor_in[m.person.lower()].append(counts.index)
    for counts in terms:
        _fill_term(model, program, counts, mentee_in, mentor_in, checkins or {})
    years: dict[int, list[TermCounts]] = defaultdict(list)
    for counts in terms:
        years[term_year(counts.term)].append(counts)
    became = {p for p, mentored in mentor_in.items() if p in mentee_in and min(mentee_in[p]) < max(mentored)}
    several = {p for p in set(mentee_in) | set(mentor_in) if len(set(mentee_in[p]) | set(mentor_in[p])) > 1}
    result = ProgramCounts(program, terms, dict(years), became, several, Ledger())
    _record(result)
    return result


def _fill_term(
    model: Model,
    program: Program,
    counts: TermCounts,
    mentee_in: Mapping[str, list[int]],
    mentor_in: Mapping[str, list[int]],
    checkins: Mapping[str, Mapping[str, int]],
) -> None:
    led: Counter[str] = Counter()
    for cohort in counts.cohorts:
        for m in cohort.mentees:
            counts.outcomes[m.outcome] += 1
            counts.mentees.add(m.person.lower())
        leaders = {m.person.lower() for m in cohort.mentors}
        counts.mentors |= leaders
        led.update(leaders)
        if leaders and len(cohort.mentees) > len(leaders) * program.mentees_per_mentor:
            counts.over_capacity |= leaders
        progress = checkins.get(cohort.id)
        if progress is not None:
            counts.cohorts_reported += 1
            counts.checkins.update({k: v for k, v in progress.items() if k in CHECKIN_OUTCOMES})
    for login, cohorts in led.items():
        person = model.person(login)
        own = person.mentor_capacity if person is not None else None
        limit = min(program.mentor_active_cohorts, own if own is not None else program.mentor_active_cohorts)
        if cohorts > limit:
            counts.over_capacity.add(login)
    here = counts.index
    counts.new_mentors = {p for p in counts.mentors if min(mentor_in[p]) == here}
    counts.returning_mentors = {p for p in counts.mentors if any(i < here for i in mentee_in.get(p, ()))}
    for login in counts.people:
        person = model.person(login)
        region = person.region if person is not None and person.region in REGIONS else ""
        counts.regions[region].add(login)
        band = zone_band(person.timezone, counts.term.start) if person is not None else "middle"
        counts.zones[band].add(login)


def term_key(counts: TermCounts, name: str) -> str:
    return f"term:{counts.term.id}:{name}"


def year_key(year: int, name: str) -> str:
    return f"year:{year}:{name}"


def _record(result: ProgramCounts) -> None:
    """Every count into the ledger, with each relation a reader could use to work one out."""
    ledger = result.ledger
    for counts in result.terms:

        def key(name: str, c: TermCounts = counts) -> str:
            return term_key(c, name)

        _outcome_cells(ledger, key, counts.outcomes, keep=1)
        ledger.add(key("mentees"), len(counts.mentees), keep=1)
        ledger.within(key("mentees"), key("places"))
        ledger.add(key("mentors"), len(counts.mentors), keep=1)
        for name, people in (
            ("new_mentors", counts.new_mentors),
            ("returning_mentors", counts.returning_mentors),
            ("over_capacity", counts.over_capacity),
        ):
            ledger.add(key(name), len(people))
            ledger.within(key(name), key("mentors"))
        ledger.add(key("people"), len(counts.people))
        ledger.union(key("people"), [key("mentors"), key("mentees")])
        zones = [ledger.add(key(f"zone:{b}"), len(counts.zones.get(b, ()))) for b, _ in ZONE_BANDS]
        ledger.total(key("people"), zones)
    everyone: set[str] = set()
    for year, terms in result.years.items():

        def ykey(name: str, y: int = year) -> str:
            return year_key(y, name)

        outcomes: Counter[str] = Counter()
        for counts in terms:
            outcomes.update(counts.outcomes)
        _outcome_cells(ledger, ykey, outcomes, keep=2)
        for name in ("places", "settled", "lost", *OUTCOMES):
            ledger.total(ykey(name), [term_key(c, name) for c in terms])
        mentees = set().union(*(c.mentees for c in terms))
        mentors = set().union(*(c.mentors for c in terms))
        people = mentees | mentors
        everyone |= people
        for name, group in (("mentees", mentees), ("mentors", mentors), ("people", people)):
            ledger.add(ykey(name), len(group), keep=3 if name != "people" else 2)
            ledger.union(ykey(name), [term_key(c, name) for c in terms])
        ledger.within(ykey("mentees"), ykey("places"))
        ledger.union(ykey("people"), [ykey("mentors"), ykey("mentees")])
        ledger.add(ykey("new_mentors"), sum(len(c.new_mentors) for c in terms), keep=3)
        ledger.total(ykey("new_mentors"), [term_key(c, "new_mentors") for c in terms])
        ledger.within(ykey("new_mentors"), ykey("mentors"))
        regions = []
        for region in REGIONS:
            group = set().union(*(c.regions.get(region, set()) for c in terms))
            regions.append(ledger.add(ykey(f"region:{region}"), len(group)))
        ledger.total(ykey("people"), regions)
    ledger.add("program:people", len(everyone))
    ledger.union("program:people", [year_key(y, "people") for y in result.years])
    for name, group in (
        ("in_several_terms", result.in_several_terms),
        ("became_mentors", result.became_mentors),
    ):
        ledger.add(f"program:{name}", len(group))
        ledger.within(f"program:{name}", "program:people")


def _outcome_cells(ledger: Ledger, key: Callable[[str], str], outcomes: Counter[str], keep: int) -> None:
    for outcome in OUTCOMES:
        ledger.add(key(outcome), outcomes[outcome], keep)
    ledger.add(key("places"), sum(outcomes[o] for o in OUTCOMES), keep)
    ledger.add(key("settled"), sum(outcomes[o] for o in SETTLED), keep)
    ledger.add(key("lost"), sum(outcomes[o] for o in LOST), keep)
    ledger.total(key("places"), [key(o) for o in OUTCOMES])
    ledger.total(key("settled"), [key(o) for o in SETTLED])
    ledger.total(key("lost"), [key(o) for o in LOST])
    # The same sums nested (places = settled + active, settled = completed + lost): propagating
    # bounds through a tree of sums finds what a reader finds by combining them.
    ledger.total(key("places"), [key("settled"), key("active")])
    ledger.total(key("settled"), [key("completed"), key("lost")])
