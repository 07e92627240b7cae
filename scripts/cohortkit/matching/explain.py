"""Why each proposal, why each person left waiting, in words a coordinator checks in a minute.

A proposal lists the points of each term, for a mentor why the cohort needs
one (it has none, or its mentors are away or went quiet, and since when), and
says why it beat the person's next best cohort: it fits better (the terms that differ), it fits as well
(a tie), or the better one's seats went to others and giving one to this
person would have left someone unplaced or lowered the total fit (the
solution is optimal, so that is the only way a better cohort is missed).
A person left waiting gets the first reason that holds: not eligible (and
for what), no cohort of that program and role open (and why not), none
meeting within their waking hours, or every cohort that fits them full.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cohortkit.matching.fit import Fit
from cohortkit.matching.hours import local_time_words, upcoming_meetings
from cohortkit.matching.market import Market
from cohortkit.matching.result import Proposal, Unplaced
from cohortkit.matching.solve import Pairs
from cohortkit.matching.weights import TERMS


def term_details(market: Market, fit: Fit, s: int, j: int) -> dict[str, str]:
    person, place = market.seekers[s].person, market.places[j]
    cohort = place.cohort
    words = {
        "topic": cohort.topic if fit.terms["topic"][s, j] else f"not {cohort.topic}",
        "track": (cohort.track or "no track")
        if fit.terms["track"][s, j]
        else f"not {cohort.track or 'a track'}",
        "help": person.seeks_help or "not said",
        "interaction": ", ".join(person.seeks_interaction) or "not said",
        "language": ", ".join(person.languages) or "none given",
        "hours": f"{fit.hours[s, j]:.0%} of meeting time inside {'-'.join(market.program.waking_hours)}",
    }
    when = local_time_words(upcoming_meetings(cohort, market.program, market.today), person.timezone)
    if when:
        words["hours"] += f" ({when})"
    return words


def proposals(market: Market, fit: Fit, pairs: Pairs) -> list[Proposal]:
    taken: dict[int, list[int]] = {}
    by_place: dict[int, list[int]] = {}
    for s, j in pairs:
        taken.setdefault(s, []).append(j)
        by_place.setdefault(j, []).append(s)
    found = []
    for s, j in pairs:
        seeker, place = market.seekers[s], market.places[j]
        found.append(
            Proposal(
                program=market.program.id,
                role=market.role,
                login=seeker.person.login,
                cohort=place.cohort.id,
                cohort_file=place.cohort.file,
                fit=int(fit.points[s, j]),
                terms=fit.term_points(s, j),
                details=term_details(market, fit, s, j),
                why=_why(market, fit, s, j, taken[s], by_place),
                need=place.need,
            )
        )
    return found


def _why(
    market: Market, fit: Fit, s: int, j: int, mine: Sequence[int], by_place: dict[int, list[int]]
) -> str:
    others = [int(k) for k in np.flatnonzero(fit.feasible[s]) if int(k) not in mine]
    if not others:
        return "the only cohort open to them that they can take"
    best = max(others, key=lambda k: (int(fit.points[s, k]), -k))
    here, there = int(fit.points[s, j]), int(fit.points[s, best])
    name = market.places[best].cohort.id
    if here > there:
        mine_terms, other_terms = fit.term_points(s, j), fit.term_points(s, best)
        better = [
            f"{t} {mine_terms[t]} vs {other_terms[t]}" for t in TERMS if mine_terms[t] != other_terms[t]
        ]
        return f"fits better than their next best, {name} ({here} vs {there} points: {', '.join(better)})"
    if here == there:
        return f"fits as well as {name} ({here} points each); either would do"
    holders = [market.seekers[k].person.login for k in by_place.get(best, [])]
    return (
        f"{name} fits them better ({there} vs {here} points) but its {len(holders)} free seat(s) went to "
        f"{', '.join(holders)}; giving one to them instead would leave someone unplaced or lower the total fit"
    )


def unplaced(market: Market, fit: Fit, pairs: Pairs) -> list[Unplaced]:
    placed = {s for s, _ in pairs}
    listed: dict[str, int] = {}  # login -> how many of the market's places already name them
    for place in market.places:
        for login in {m.person.lower() for m in place.cohort.memberships}:
            listed[login] = listed.get(login, 0) + 1
    found = []
    for s, seeker in enumerate(market.seekers):
        if s not in placed:
            reason = _reason(market, fit, s, listed.get(seeker.person.login.lower(), 0))
            found.append(Unplaced(market.program.id, market.role, seeker.person.login, reason))
    return found


def closed_summary(market: Market) -> str:
    reasons: dict[str, list[str]] = {}
    for cohort, reason in market.closed:
        reasons.setdefault(reason, []).append(cohort.id)
    parts = [
        f"{', '.join(ids[:3])}{' and more' if len(ids) > 3 else ''}: {reason}"
        for reason, ids in reasons.items()
    ]
    return "; ".join(parts[:4]) if parts else f"{market.program.id} has no cohort for this term"


def _reason(market: Market, fit: Fit, s: int, listed: int) -> str:
    seeker = market.seekers[s]
    program, role = market.program.id, market.role
    if seeker.not_eligible:
        return f"not eligible as a {role} of {program}: {'; '.join(seeker.not_eligible)}"
    if not market.places:
        what = "takes mentees" if role == "mentee" else "needs a mentor"
        return f"no cohort of {program} {what} now ({closed_summary(market)})"
    if listed == len(market.places):
        return "they are already listed in every cohort open to them"
    if not fit.feasible[s].any():
        hours = "-".join(market.program.waking_hours)
        return (
            f"no cohort of {program} open to {role}s meets within their waking hours ({hours} in "
            f"{seeker.person.timezone})"
        )
    fitting = [market.places[k].cohort.id for k in np.flatnonzero(fit.feasible[s])]
    return (
        f"every cohort that fits them is full ({', '.join(fitting[:5])}{' and more' if len(fitting) > 5 else ''}): "
        "its seats went to people it fits as well or better, or whom no other cohort could take"
    )
