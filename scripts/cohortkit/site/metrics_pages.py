"""The metrics pages: an index, a page per program and per term, their charts, and `metrics.json`.

The figures are `outcomes.metrics_report`'s, already stripped of anything
small; this module only lays them out. Every chart is drawn from a table that
the page shows beside it (the same rows, as text), so the chart is a picture
of the table and never the only place a figure is.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from markupsafe import Markup

from cohortkit.data.model import Model
from cohortkit.outcomes.metrics_output import HOW_SUPPRESSED, metrics_json
from cohortkit.outcomes.metrics_privacy import Figure
from cohortkit.outcomes.metrics_report import Period, ProgramMetrics, all_metrics
from cohortkit.program import pages
from cohortkit.site.charts import SMALL_MARK, WITHHELD_MARK, Series, bar_chart
from cohortkit.site.progress import ProgressSnapshot


class Options(Protocol):
    @property
    def today(self) -> date: ...

    @property
    def progress(self) -> ProgressSnapshot: ...


class Renderer(Protocol):
    """What the metrics pages need of render.py's Renderer, named here so this module need not import it."""

    model: Model
    pages: dict[str, str]

    @property
    def options(self) -> Options: ...

    def page(self, path: str, template: str, **context: Any) -> None: ...


OUTCOME_SERIES = (
    ("completed", "completed"),
    ("withdrawn", "withdrawn"),
    ("did-not-complete", "did not complete"),
    ("active", "still active"),
)


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    title: str
    svg: Markup
    file: str
    columns: tuple[str, ...]  # the table it was drawn from: a header per column,
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # and each row's label and cells


def _mark(figure: Figure) -> str:
    return "" if figure.known else SMALL_MARK if figure.shown == "small" else WITHHELD_MARK


def _series(label: str, figures: Sequence[Figure]) -> Series:
    return Series(
        label, tuple(f.value if f.known else None for f in figures), tuple(_mark(f) for f in figures)
    )


class MetricsPages:
    def __init__(self, renderer: Renderer, metrics: Sequence[ProgramMetrics]) -> None:
        self.renderer = renderer
        self.metrics = metrics

    def render(self) -> None:
        renderer = self.renderer
        today = renderer.options.today
        renderer.page(
            pages.METRICS,
            "metrics.md.j2",
            programs=tuple((m, pages.metrics_program_page(m.program.id)) for m in self.metrics),
            how=HOW_SUPPRESSED,
            json_file=pages.METRICS_JSON,
        )
        for m in self.metrics:
            self._program(m)
        renderer.pages[pages.METRICS_JSON] = metrics_json(self.metrics, today)

    def _program(self, m: ProgramMetrics) -> None:
        program_id = m.program.id
        charts = self._charts(m)
        for chart in charts:
            self.renderer.pages[chart.file] = str(chart.svg) + "\n"
        term_pages = tuple((t, pages.metrics_term_page(program_id, t.id)) for t in m.terms)
        self.renderer.page(
            pages.metrics_program_page(program_id),
            "metrics-program.md.j2",
            title=f"Metrics: {m.program.name}",
            m=m,
            charts=charts,
            terms=term_pages,
            program_page=pages.program_page(program_id),
            metrics_index=pages.METRICS,
            how=HOW_SUPPRESSED,
        )
        for term, page in term_pages:
            self.renderer.page(
                page,
                "metrics-term.md.j2",
                title=f"Metrics: {term.name}, {m.program.name}",
                m=m,
                t=term,
                program_metrics=pages.metrics_program_page(program_id),
                how=HOW_SUPPRESSED,
            )

    def _charts(self, m: ProgramMetrics) -> tuple[Chart, ...]:
        terms = m.terms
        if not terms:
            return ()
        people = [
            _series("mentees", [t.figures["mentees"] for t in terms]),
            _series("mentors", [t.figures["mentors"] for t in terms]),
        ]
        outcomes = [_series(label, [t.figures[key] for t in terms]) for key, label in OUTCOME_SERIES]
        charts = [
            _chart(m, "people", "Mentees and mentors by term", terms, people, "people"),
            _chart(m, "outcomes", "Mentee places by outcome, by term", terms, outcomes, "mentee places"),
        ]
        target = m.program.targets.mentees_a_year
        if target is not None and m.years:
            yearly = [_series("mentees", [y.figures["mentees"] for y in m.years])]
            charts.append(
                _chart(
                    m, "years", "Mentees a year against the target", m.years, yearly, "mentees", float(target)
                )
            )
        return tuple(charts)


def _chart(
    m: ProgramMetrics,
    name: str,
    title: str,
    periods: Sequence[Period],
    series: Sequence[Series],
    ylabel: str,
    target: float | None = None,
) -> Chart:
    svg = bar_chart(
        [p.id for p in periods],
        series,
        ylabel,
        target=target,
        target_label=f"target: {target:,.0f}" if target is not None else "",
        prefix=f"ck-{name}",
    )
    columns = ("Year" if periods[0].kind == "year" else "Term", *(s.label.capitalize() for s in series))
    if target is not None:
        columns += ("Target",)
    rows = tuple(
        (p.name, tuple(_cell(s, i) for s in series) + ((f"{target:,.0f}",) if target is not None else ()))
        for i, p in enumerate(periods)
    )
    return Chart(
        f"chart-{name}", title, Markup(svg), pages.metrics_chart_path(m.program.id, name), columns, rows
    )


def _cell(series: Series, index: int) -> str:
    value = series.values[index]
    if value is not None:
        return f"{value:,}"
    return "fewer than 5" if series.marks[index] == SMALL_MARK else "withheld"


def checkin_counts(renderer: Renderer) -> Mapping[str, Mapping[str, int]]:
    snapshot = renderer.options.progress
    return {cohort: Counter(c.outcome for c in p.checkins) for cohort, p in snapshot.cohorts.items()}


def render_metrics(renderer: Renderer) -> float:
    """Add the metrics pages, charts and metrics.json to the renderer's pages; the seconds it took."""
    started = time.perf_counter()
    metrics = all_metrics(renderer.model, renderer.options.today, checkin_counts(renderer))
    MetricsPages(renderer, metrics).render()
    return time.perf_counter() - started
