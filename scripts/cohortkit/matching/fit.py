"""The fit of every seeker with every place of a market, term by term, as whole points.

One array per term (seekers x places), computed once: the solver reads
their weighted sum, the explanations read the terms, so what a placement is
said to be worth is what the solver optimised. Feasibility is kept beside
it: a pair is feasible when the seeker is eligible, is not already listed in
that cohort in any role (one role per cohort, and nobody is entered twice),
and the cohort meets at least partly inside their waking hours.

The terms (weights in `weights.py`): topic (the cohort's topic among the
person's interests), track (its track among the tracks they seek), help (the
kinds of help they ask for are all offered by the other side: a mentee's
mentors, or for a mentor the mentees' asks are all within their offer; "both"
is technical and career), interaction (the cohort meets in a way they like:
video when online or hybrid, in person when in-person or hybrid, async in
its channel), language (a language shared with the other side, by primary
subtag, so pt-BR meets pt), hours (the share of its coming meetings inside
their waking hours).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from cohortkit.data.model import Cohort, Person, Program
from cohortkit.matching.hours import upcoming_meetings, waking_share
from cohortkit.matching.market import Market, Place
from cohortkit.matching.weights import TERMS, weights_of

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

HELP = {"technical": {"technical"}, "career": {"career"}, "both": {"technical", "career"}}


@dataclass
class Fit:
    weights: dict[str, int]
    terms: dict[str, FloatArray]  # term -> seekers x places, each value from 0 to 1
    points: IntArray  # seekers x places: the weighted sum, rounded term by term
    feasible: BoolArray  # seekers x places
    hours: FloatArray  # seekers x places: the waking share (also the hours term)

    def term_points(self, seeker: int, place: int) -> dict[str, int]:
        return {t: _round(self.weights[t] * float(self.terms[t][seeker, place])) for t in TERMS}


def _round(value: float) -> int:
    return int(np.floor(value + 0.5))


def _matches(
    seekers: Sequence[Person],
    places: Sequence[Place],
    ask: Callable[[Person], Iterable[str]],
    offer: Callable[[Place], Iterable[str]],
    every: bool = False,
) -> FloatArray:
    """1 where the seeker's asked items meet the place's offered ones (any shared, or all covered)."""
    asked = [set(ask(person)) for person in seekers]
    offered = [set(offer(place)) for place in places]
    vocabulary = {item: i for i, item in enumerate(sorted(set().union(*asked, *offered)))}
    a = np.zeros((len(seekers), len(vocabulary)), dtype=np.int64)
    b = np.zeros((len(places), len(vocabulary)), dtype=np.int64)
    for row, items in enumerate(asked):
        a[row, [vocabulary[i] for i in items]] = 1
    for row, items in enumerate(offered):
        b[row, [vocabulary[i] for i in items]] = 1
    if every:  # nothing asked that is not offered, and something asked
        missing = a @ (1 - b).T
        covered: FloatArray = ((missing == 0) & (a.sum(axis=1) > 0)[:, None]).astype(np.float64)
        return covered
    shared: FloatArray = ((a @ b.T) > 0).astype(np.float64)
    return shared


def _ways(cohort: Cohort) -> set[str]:
    ways = {"online": {"video"}, "in-person": {"in-person"}, "hybrid": {"video", "in-person"}}
    found = set(ways.get(cohort.format, set()))
    if cohort.channel_url or cohort.channel_name:
        found.add("async")
    return found


def _languages(people: Iterable[Person]) -> set[str]:
    return {language.split("-")[0].lower() for person in people for language in person.languages}


def _help_asked(person: Person) -> set[str]:
    return HELP.get(person.seeks_help, set())


def compute_fit(market: Market, today: date) -> Fit:
    """Every term for every seeker and place of the market."""
    program: Program = market.program
    people = [s.person for s in market.seekers]
    places = market.places
    mentor = market.role == "mentor"
    if mentor:  # a mentor's offer must cover what the cohort's mentees ask
        help_term = _covers(people, places)
    else:
        help_term = _matches(
            people,
            places,
            _help_asked,
            lambda place: set().union(*(_help_asked(p) for p in place.other_side)),
            every=True,
        )
    terms = {
        "topic": _matches(people, places, lambda p: p.interests, lambda place: (place.cohort.topic,)),
        "track": _matches(
            people,
            places,
            lambda p: p.seeks_tracks,
            lambda place: (place.cohort.track,) if place.cohort.track else (),
        ),
        "help": help_term,
        "interaction": _matches(
            people, places, lambda p: p.seeks_interaction, lambda place: _ways(place.cohort)
        ),
        "language": _matches(
            people, places, lambda p: _languages((p,)), lambda place: _languages(place.other_side)
        ),
    }
    hours = _hours(people, places, program, today)
    terms["hours"] = hours
    weights = weights_of(program)
    points = np.zeros((len(people), len(places)), dtype=np.int64)
    for term in TERMS:
        points += np.floor(weights[term] * terms[term] + 0.5).astype(np.int64)
    feasible = hours > 0
    eligible = np.array([not s.not_eligible for s in market.seekers], dtype=bool)
    feasible &= eligible[:, None]
    listed: dict[str, list[int]] = {}  # login -> the places that already name them
    for column, place in enumerate(places):
        for membership in place.cohort.memberships:
            listed.setdefault(membership.person.lower(), []).append(column)
    for row, seeker in enumerate(market.seekers):
        for column in listed.get(seeker.person.login.lower(), ()):
            feasible[row, column] = False
    return Fit(weights, terms, points, feasible, hours)


def _covers(mentors: Sequence[Person], places: Sequence[Place]) -> FloatArray:
    """1 where a mentor offers every kind of help the cohort's mentees ask (and some is asked)."""
    result = np.zeros((len(mentors), len(places)), dtype=np.float64)
    asked = [set().union(*(_help_asked(p) for p in place.other_side)) for place in places]
    for row, person in enumerate(mentors):
        offer = _help_asked(person)
        for column, wanted in enumerate(asked):
            result[row, column] = 1.0 if offer and wanted and wanted <= offer else 0.0
    return result


def _hours(people: Sequence[Person], places: Sequence[Place], program: Program, today: date) -> FloatArray:
    """Waking shares, computed once per time zone and cohort."""
    meetings = [upcoming_meetings(place.cohort, program, today) for place in places]
    zones = sorted({person.timezone for person in people})
    by_zone = {
        zone: np.array([waking_share(m, zone, program.waking_hours) for m in meetings], dtype=np.float64)
        for zone in zones
    }
    result = np.zeros((len(people), len(places)), dtype=np.float64)
    for row, person in enumerate(people):
        result[row] = by_zone[person.timezone]
    return result
