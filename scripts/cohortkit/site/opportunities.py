"""Open seats: the cohorts a new mentee can join now, as a page and as JSON for aggregators.

The JSON carries data, not markup: strings are as their files wrote them
(Markdown included), and a consumer escapes them for wherever it shows them.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from cohortkit.site import links
from cohortkit.site.views import CohortView, SiteViews

FORMAT_VERSION = 1


def open_cohorts(views: SiteViews) -> list[CohortView]:
    chosen = [c for c in views.model.cohorts.values() if views.open_for_mentees(c)]
    chosen.sort(key=lambda c: (c.start, c.title.casefold(), c.id))
    return [views.cohort(c) for c in chosen]


def _entry(view: CohortView) -> dict[str, Any]:
    cohort = view.cohort
    meeting = view.meeting
    return {
        "id": cohort.id,
        "title": cohort.title,
        "program": cohort.program,
        "program_name": view.program_name,
        "term": cohort.term,
        "term_name": view.term_name,
        "topic": cohort.topic,
        "topic_name": view.topic_name,
        "status": cohort.status,
        "start": cohort.start.isoformat(),
        "end": cohort.end.isoformat(),
        "format": cohort.format,
        "location": cohort.location,
        "open_seats": view.open_seats,
        "mentee_seats": cohort.mentee_seats,
        "needs": cohort.needs,
        "summary": cohort.summary,
        "goal": cohort.goal.task,
        "meeting": {
            "cadence": cohort.meeting.cadence,
            "weekday": cohort.meeting.weekday,
            "time": cohort.meeting.time,
            "timezone": cohort.meeting.timezone,
            "minutes": cohort.meeting.minutes,
            "next_utc": f"{meeting.utc_on.isoformat()}T{meeting.utc_start}:00Z" if meeting else None,
        },
        # Site-relative, so the file is right wherever the site is served from.
        "page": links.page_url(view.page),
        "file": cohort.file,
    }


def opportunities_json(views: SiteViews, today: date) -> str:
    document = {
        "version": FORMAT_VERSION,
        "generated": today.isoformat(),
        "opportunities": [_entry(v) for v in open_cohorts(views)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
