"""The metrics as published: each program's terms and years, its targets judged, small numbers hidden.

`program_metrics` turns the counts of `metrics.py` into figures a page, a
JSON file or a terminal may show: every count passes through the privacy
ledger first, so nothing here ever holds a hidden value. Rates, intervals and
verdicts are worked out from the published figures alone (a hidden count
enters only as what a reader knows of it: "fewer than 5" is 1 to 4,
"withheld" is 5 or more), so they cannot give away more than the figures do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from cohortkit.data.model import Model, Program
from cohortkit.outcomes.metrics import (
    CHECKIN_MIN_MENTORS,
    CHECKIN_OUTCOMES,
    REGIONS,
    ZONE_BANDS,
    ProgramCounts,
    TermCounts,
    count_program,
    term_key,
    term_year,
    year_key,
)
from cohortkit.outcomes.metrics_privacy import SMALL, THRESHOLD, WITHHELD_FLOOR, Figure

# Below this many settled places a rate is shown with its 95% (Wilson) interval.
INTERVAL_BELOW = 100
_Z = 1.959963984540054  # the 97.5th percentile of the normal distribution
RATES = (
    ("completion", "completed", "completed"),
    ("withdrawal", "withdrawn", "withdrawn"),
    ("did_not_complete", "did-not-complete", "did not complete"),
    ("lost", "lost", "withdrawn or did not complete"),
)
CHANGES = (
    ("mentees", "mentees"),
    ("mentors", "mentors"),
    ("places", "mentee places"),
    ("completed", "completed places"),
    ("new_mentors", "new mentors"),
)


def wilson(part: int, whole: int) -> tuple[float, float]:
    """The 95% Wilson score interval of part/whole, in percent."""
    p, n, z2 = part / whole, whole, _Z * _Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = _Z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if part == 0 else max(0.0, centre - half)
    high = 1.0 if part == whole else min(1.0, centre + half)
    return low * 100, high * 100


def known_range(figure: Figure) -> tuple[float, float]:
    """What a reader knows of a figure."""
    if figure.shown == "count" and figure.value is not None:
        return figure.value, figure.value
    if figure.shown == "small":
        return SMALL
    return WITHHELD_FLOOR, math.inf


def percent(value: float) -> str:
    return f"{value:.0f}%" if value >= 10 or value == 0 else f"{value:.1f}%"


@dataclass(frozen=True, slots=True)
class Rate:
    name: str
    label: str
    part: Figure
    whole: Figure
    percent: float | None = None  # when both counts are shown
    low: float | None = None  # the 95% interval, for fewer than INTERVAL_BELOW places
    high: float | None = None
    between: tuple[float, float] = (0.0, 100.0)  # what a reader can tell, in percent

    @property
    def text(self) -> str:
        if not self.whole.known:
            return f"not shown (settled places {self.whole.text})"
        if self.whole.value == 0:
            return "no settled places yet"
        if self.percent is None:
            if self.part.shown == "small":
                return f"{self.part.text} of {self.whole.text} (under {percent(self.between[1])})"
            return f"{self.part.text} of {self.whole.text}"
        shown = f"{self.part.text} of {self.whole.text} ({percent(self.percent)})"
        if self.low is not None and self.high is not None:
            shown += f", 95% interval {percent(self.low)} to {percent(self.high)}"
        return shown


def make_rate(name: str, label: str, part: Figure, whole: Figure) -> Rate:
    low_part, high_part = known_range(part)
    low_whole, high_whole = known_range(whole)
    if high_whole == 0 or low_whole == math.inf:
        return Rate(name, label, part, whole)
    between = (
        100 * low_part / high_whole if high_whole != math.inf else 0.0,
        100 * min(1.0, high_part / low_whole) if low_whole else 100.0,
    )
    if part.known and whole.known and whole.value:
        value = 100 * (part.value or 0) / whole.value
        interval = wilson(part.value or 0, whole.value) if whole.value < INTERVAL_BELOW else (None, None)
        return Rate(name, label, part, whole, value, interval[0], interval[1], (value, value))
    return Rate(name, label, part, whole, between=between)


@dataclass(frozen=True, slots=True)
class TargetResult:
    name: str
    label: str
    wanted: str
    actual: str
    verdict: str  # met, missed, not met yet, not known
    note: str = ""


@dataclass(frozen=True, slots=True)
class Checkins:
    counts: tuple[tuple[str, int], ...]  # outcome, check-ins
    cohorts: int
    reported: int  # cohorts the snapshot has


@dataclass(frozen=True, slots=True)
class Period:
    """A term or a calendar year of one program, as published."""

    kind: str  # "term" or "year"
    id: str
    name: str
    complete: bool  # over by the day the metrics were made
    cohorts: int
    figures: Mapping[str, Figure]
    rates: tuple[Rate, ...]
    regions: tuple[tuple[str, Figure], ...]
    regions_reached: int
    zones: tuple[tuple[str, Figure], ...] = ()
    mentees_per_mentor: float | None = None
    checkins: Checkins | None = None
    checkins_note: str = ""
    targets: tuple[TargetResult, ...] = ()
    previous: str = ""  # the name of the period before
    changes: tuple[tuple[str, Figure, Figure, int | None], ...] = ()  # label, now, before, change
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class ProgramMetrics:
    program: Program
    terms: tuple[Period, ...]
    years: tuple[Period, ...]
    people: Figure
    in_several_terms: Figure
    became_mentors: Figure
    targets: tuple[tuple[str, str], ...]  # label, what is wanted


TARGETS = (
    ("mentees_a_year", "mentees", "Mentees a year"),
    ("mentors_a_year", "mentors", "Mentors a year"),
    ("new_mentors_a_year", "new_mentors", "New mentors a year"),
    ("regions_a_year", "", "Regions reached a year"),
    ("min_completion_percent", "completion", "Completion"),
    ("max_withdrawn_percent", "withdrawal", "Withdrawals"),
    ("max_did_not_complete_percent", "did_not_complete", "Did not complete"),
    ("max_withdrawn_or_did_not_complete_percent", "lost", "Withdrawn or did not complete"),
)


def target_list(program: Program) -> tuple[tuple[str, str, str, float], ...]:
    """(target, what it measures, label, value) for each target the program sets."""
    chosen = []
    for name, measure, label in TARGETS:
        value = getattr(program.targets, name)
        if value is not None:
            chosen.append((name, measure, label, float(value)))
    return tuple(chosen)


def wanted_text(name: str, value: float) -> str:
    if name.endswith("_percent"):
        return f"{'at least' if name.startswith('min_') else 'at most'} {value:g}%"
    return f"at least {value:,.0f}"


def judge(program: Program, year: Period) -> tuple[TargetResult, ...]:
    results = []
    rates = {r.name: r for r in year.rates}
    for name, measure, label, value in target_list(program):
        wanted = wanted_text(name, value)
        if name == "regions_a_year":
            reached = year.regions_reached
            verdict = "met" if reached >= value else "missed" if year.complete else "not met yet"
            results.append(TargetResult(name, label, wanted, f"{reached}", verdict))
            continue
        if not name.endswith("_percent"):
            figure = year.figures[measure]
            low, high = known_range(figure)
            if low >= value:
                verdict = "met"
            elif high < value:
                verdict = "missed" if year.complete else "not met yet"
            else:
                verdict = "not known"
            note = "" if verdict != "not known" else f"the count is {figure.text}, which could be either side"
            results.append(TargetResult(name, label, wanted, figure.text, verdict, note))
            continue
        rate = rates[measure]
        low, high = rate.between
        if not rate.whole.known or not rate.whole.value:
            verdict, note = "not known", "no settled places to judge by" if rate.whole.known else rate.text
        elif (name.startswith("min_") and low >= value) or (name.startswith("max_") and high <= value):
            verdict, note = "met", ""
        elif (name.startswith("min_") and high < value) or (name.startswith("max_") and low > value):
            verdict, note = "missed", ""
        else:
            verdict, note = "not known", f"{rate.part.text} could be either side of the target"
        if not year.complete and verdict != "not known":
            note = "so far, over the places already settled"
        results.append(TargetResult(name, label, wanted, rate.text, verdict, note))
    return tuple(results)


def _figures(shown: Mapping[str, Figure], prefix: str) -> dict[str, Figure]:
    return {key[len(prefix) :]: figure for key, figure in shown.items() if key.startswith(prefix)}


def _rates(figures: Mapping[str, Figure]) -> tuple[Rate, ...]:
    return tuple(make_rate(name, label, figures[part], figures["settled"]) for name, part, label in RATES)


def _regions(figures: Mapping[str, Figure]) -> tuple[tuple[tuple[str, Figure], ...], int]:
    rows = tuple((region or "Not given", figures[f"region:{region}"]) for region in REGIONS)
    shown = tuple(row for row in rows if row[0] != "Antarctica" or row[1].value != 0)
    reached = sum(1 for region, figure in rows if region != "Not given" and figure.value != 0)
    return shown, reached


def _changes(now: Period, before: Period | None) -> tuple[tuple[str, Figure, Figure, int | None], ...]:
    if before is None:
        return ()
    rows = []
    for name, label in CHANGES:
        a, b = now.figures[name], before.figures[name]
        rows.append((label, a, b, (a.value or 0) - (b.value or 0) if a.known and b.known else None))
    return tuple(rows)


def _checkins(counts: TermCounts) -> tuple[Checkins | None, str]:
    if counts.cohorts_reported == 0:
        return None, "no check-ins in the progress snapshot for this term"
    if len(counts.mentors) < CHECKIN_MIN_MENTORS:
        return None, f"not shown: the check-ins of fewer than {THRESHOLD} mentors"
    return (
        Checkins(
            tuple((o, counts.checkins[o]) for o in CHECKIN_OUTCOMES),
            len(counts.cohorts),
            counts.cohorts_reported,
        ),
        "",
    )


def program_metrics(
    model: Model, program: Program, today: date, checkins: Mapping[str, Mapping[str, int]] | None = None
) -> ProgramMetrics:
    counts: ProgramCounts = count_program(model, program, checkins)
    shown = counts.ledger.suppress()
    terms: list[Period] = []
    for term_counts in counts.terms:
        term = term_counts.term
        figures = _figures(shown, term_key(term_counts, ""))
        no_regions: tuple[tuple[str, Figure], ...] = ()  # regions are published per year
        mentors, places = figures["mentors"], figures["places"]
        load = (
            (places.value or 0) / mentors.value if mentors.known and places.known and mentors.value else None
        )
        report, note = _checkins(term_counts)
        period = Period(
            "term",
            term.id,
            term.name,
            term.end < today,
            len(term_counts.cohorts),
            figures,
            _rates(figures),
            no_regions,
            0,
            zones=tuple((label, figures[f"zone:{band}"]) for band, label in ZONE_BANDS),
            mentees_per_mentor=load,
            checkins=report,
            checkins_note=note,
            start=term.start,
            end=term.end,
        )
        before = terms[-1] if terms else None
        terms.append(_with_previous(period, before))
    years: list[Period] = []
    for year in sorted(counts.years):
        figures = _figures(shown, year_key(year, ""))
        regions, reached = _regions(figures)
        in_year = [t for t in program.terms if term_year(t) == year]
        period = Period(
            "year",
            str(year),
            str(year),
            all(t.end < today for t in in_year),
            sum(len(t.cohorts) for t in counts.years[year]),
            figures,
            _rates(figures),
            regions,
            reached,
        )
        period = _with_previous(period, years[-1] if years else None)
        years.append(replace(period, targets=judge(program, period)))
    return ProgramMetrics(
        program,
        tuple(terms),
        tuple(years),
        shown["program:people"],
        shown["program:in_several_terms"],
        shown["program:became_mentors"],
        tuple((label, wanted_text(name, value)) for name, _, label, value in target_list(program)),
    )


def _with_previous(period: Period, before: Period | None) -> Period:
    if before is None:
        return period
    return replace(period, previous=before.name, changes=_changes(period, before))


def all_metrics(
    model: Model, today: date, checkins: Mapping[str, Mapping[str, int]] | None = None
) -> tuple[ProgramMetrics, ...]:
    """Every program's metrics, by name."""
    programs = sorted(model.programs.values(), key=lambda p: (p.name.casefold(), p.id))
    return tuple(program_metrics(model, p, today, checkins) for p in programs)
