"""The metrics as data (`metrics.json`, `cohortkit metrics --format json`) and as text for a terminal.

Both carry only what `metrics_report` publishes: a count that is not shown is
`{"value": null, "shown": "fewer than 5"}` or `"withheld"`, never a number,
and nobody is named. The JSON is the same whether the site or the command
writes it, and the same bytes for the same data and day.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from cohortkit.outcomes.metrics import CHECKIN_MIN_MENTORS
from cohortkit.outcomes.metrics_privacy import THRESHOLD, Figure
from cohortkit.outcomes.metrics_report import Period, ProgramMetrics, Rate

FORMAT_VERSION = 1
HOW_SUPPRESSED = (
    f"Any count of 1 to {THRESHOLD - 1} people is shown as 'fewer than {THRESHOLD}' (0 is shown: it describes "
    "nobody). Counts are linked: a term's mentee places are the sum of its outcomes, a year's the sum of its "
    "terms, and a count of different people lies between its largest part and the sum of its parts. So further "
    f"counts, each of {THRESHOLD} or more, are 'withheld' until no hidden count can be worked out by subtraction: "
    f"for each, everything published still allows every value from 1 to {THRESHOLD - 1}, or as many of them as "
    "the data itself leaves open. Programs are never added together. Check-in outcomes of fewer than "
    f"{CHECKIN_MIN_MENTORS} mentors are not shown. People who are not listed are counted like everyone else, "
    "and nobody is named."
)
FIGURE_NAMES = (
    "mentees",
    "mentors",
    "people",
    "places",
    "completed",
    "withdrawn",
    "did-not-complete",
    "active",
    "settled",
    "lost",
    "new_mentors",
    "returning_mentors",
    "over_capacity",
)


def figure_data(figure: Figure) -> dict[str, Any]:
    if figure.known:
        return {"value": figure.value}
    return {"value": None, "shown": figure.text}


def _rate(rate: Rate) -> dict[str, Any]:
    data: dict[str, Any] = {"of": figure_data(rate.whole), "count": figure_data(rate.part)}
    data["percent"] = None if rate.percent is None else round(rate.percent, 1)
    if rate.low is not None and rate.high is not None:
        data["interval_95"] = [round(rate.low, 1), round(rate.high, 1)]
    if rate.percent is None and rate.whole.known and rate.whole.value:
        data["between_percent"] = [round(rate.between[0], 1), round(rate.between[1], 1)]
    return data


def _period(period: Period) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": period.id,
        "name": period.name,
        "over": period.complete,
        "cohorts": period.cohorts,
        "figures": {
            name: figure_data(period.figures[name]) for name in FIGURE_NAMES if name in period.figures
        },
        "rates": {rate.name: _rate(rate) for rate in period.rates},
    }
    if period.kind == "year":
        data["regions"] = {region: figure_data(figure) for region, figure in period.regions}
        data["regions_reached"] = period.regions_reached
    if period.kind == "term":
        data["start"] = period.start.isoformat() if period.start else None
        data["end"] = period.end.isoformat() if period.end else None
        data["time_zones"] = {band: figure_data(figure) for band, figure in period.zones}
        data["mentees_per_mentor"] = (
            None if period.mentees_per_mentor is None else round(period.mentees_per_mentor, 2)
        )
        data["checkins"] = (
            {
                "cohorts": period.checkins.cohorts,
                "reported": period.checkins.reported,
                **dict(period.checkins.counts),
            }
            if period.checkins
            else {"note": period.checkins_note}
        )
    if period.targets:
        data["targets"] = [
            {"target": t.name, "wanted": t.wanted, "actual": t.actual, "verdict": t.verdict, "note": t.note}
            for t in period.targets
        ]
    if period.previous:
        data["previous"] = period.previous
    return data


def metrics_document(metrics: Sequence[ProgramMetrics], today: date) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "generated": today.isoformat(),
        "threshold": THRESHOLD,
        "suppression": HOW_SUPPRESSED,
        "programs": [
            {
                "id": m.program.id,
                "name": m.program.name,
                "targets": dict(m.targets),
                "people": figure_data(m.people),
                "people_in_more_than_one_term": figure_data(m.in_several_terms),
                "mentees_who_became_mentors": figure_data(m.became_mentors),
                "years": [_period(y) for y in m.years],
                "terms": [_period(t) for t in m.terms],
            }
            for m in metrics
        ],
    }


def metrics_json(metrics: Sequence[ProgramMetrics], today: date) -> str:
    return json.dumps(metrics_document(metrics, today), ensure_ascii=False, indent=2) + "\n"


def metrics_text(metrics: Sequence[ProgramMetrics], today: date) -> str:
    lines = [f"Metrics as of {today.isoformat()} (counts of 1 to {THRESHOLD - 1} people are not shown)"]
    for m in metrics:
        lines += ["", f"{m.program.name} ({m.program.id})"]
        lines.append(
            f"  people {m.people.text}; in more than one term {m.in_several_terms.text}; "
            f"mentees who came back as mentors {m.became_mentors.text}"
        )
        for year in m.years:
            state = "" if year.complete else " (in progress)"
            f = year.figures
            lines.append(
                f"  {year.name}{state}: mentees {f['mentees'].text}, mentors {f['mentors'].text} "
                f"(new {f['new_mentors'].text}), regions {year.regions_reached}"
            )
            for rate in year.rates:
                lines.append(f"    {rate.label}: {rate.text}")
            for target in year.targets:
                note = f" ({target.note})" if target.note else ""
                lines.append(
                    f"    target {target.label.lower()} {target.wanted}: {target.actual}, {target.verdict}{note}"
                )
        for term in m.terms:
            f = term.figures
            lines.append(
                f"  term {term.id}: {term.cohorts} cohorts, mentees {f['mentees'].text}, mentors {f['mentors'].text}, "
                f"places {f['places'].text} (completed {f['completed'].text}, withdrawn {f['withdrawn'].text}, "
                f"did not complete {f['did-not-complete'].text}, active {f['active'].text})"
            )
    lines += ["", HOW_SUPPRESSED]
    return "\n".join(lines) + "\n"
