"""One match run: mentors first for cohorts short of one, then mentees, program by program.

Limits are per program (a person's active cohorts are counted per program),
so each program and role is its own exact problem. Mentors go first, so that
the seats a mentee may take count the mentors proposed with them (mentees
per mentor) and the fit of a mentee with a cohort sees those mentors' help
and languages. A person proposed as a cohort's mentor is never proposed as
its mentee. Mentors the check-ins show quiet (`quiet`, from the progress
snapshot) count as unavailable, like those away.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from cohortkit.data.model import Model, Role
from cohortkit.matching.explain import proposals, unplaced
from cohortkit.matching.fit import compute_fit
from cohortkit.matching.gaps import gaps
from cohortkit.matching.market import Market, mentee_places, mentor_places, seekers_of
from cohortkit.matching.quiet import QuietMentor, by_cohort, by_login
from cohortkit.matching.result import MarketFigures, MatchResult, Unplaced
from cohortkit.matching.solve import Instance, greedy, score, solve
from cohortkit.program.limits import running_places

ROLES: Sequence[Role] = ("mentor", "mentee")


def match(
    model: Model,
    today: date,
    program_id: str | None = None,
    term: str | None = None,
    quiet: Iterable[QuietMentor] = (),
) -> MatchResult:
    quiet = tuple(quiet)
    quiet_in, quiet_mentor = by_cohort(quiet), by_login(quiet)
    result = MatchResult(today, quiet=quiet)
    places = running_places(model)
    proposed_load: dict[tuple[str, str], int] = {}
    for program in sorted(model.programs.values(), key=lambda p: p.id):
        if program_id is not None and program.id != program_id:
            continue
        cohorts = sorted(
            (
                c
                for c in model.cohorts.values()
                if c.program == program.id and (term is None or c.term == term)
            ),
            key=lambda c: c.id,
        )
        proposed_mentors: dict[str, tuple[str, ...]] = {}
        for role in ROLES:
            market = Market(program, role, today)
            market.seekers, held_back = seekers_of(model, program, role, places, today, quiet_mentor)
            result.unplaced += [Unplaced(program.id, role, p.login, why) for p, why in held_back]
            if role == "mentor":
                market.places, market.closed = mentor_places(model, program, today, cohorts, quiet_in)
            else:
                market.places, market.closed = mentee_places(model, program, today, cohorts, proposed_mentors)
            fit = compute_fit(market, today)
            if role == "mentor":  # a mentor who already leads a cohort is never proposed to it again
                for i, seeker in enumerate(market.seekers):
                    login = seeker.person.login.lower()
                    for j, place in enumerate(market.places):
                        if any(m.person.lower() == login for m in place.cohort.active_mentors):
                            fit.feasible[i, j] = False
            if role == "mentee":  # one role per cohort: not the mentee of a cohort they are proposed to lead
                column = {p.cohort.id: j for j, p in enumerate(market.places)}
                row = {s.person.login.lower(): i for i, s in enumerate(market.seekers)}
                for cohort_id, mentors in proposed_mentors.items():
                    for login in mentors:
                        if cohort_id in column and login.lower() in row:
                            fit.feasible[row[login.lower()], column[cohort_id]] = False
            instance = Instance(
                fit.points,
                fit.feasible,
                [s.capacity for s in market.seekers],
                [p.seats for p in market.places],
            )
            solution = solve(instance)
            baseline = greedy(instance)
            placed, total = score(instance, solution.pairs)
            greedy_placed, greedy_total = score(instance, baseline)
            result.markets.append(
                MarketFigures(
                    program.id,
                    role,
                    len(market.seekers),
                    len(market.places),
                    sum(p.seats for p in market.places),
                    placed,
                    len(solution.pairs),
                    total,
                    greedy_placed,
                    greedy_total,
                    solution.rounds,
                )
            )
            result.proposals += proposals(market, fit, solution.pairs)
            leading = {s.person.login for s in market.seekers if s.leads}
            result.unplaced += [u for u in unplaced(market, fit, solution.pairs) if u.login not in leading]
            if role == "mentor":
                for s, j in solution.pairs:
                    cohort_id = market.places[j].cohort.id
                    login = market.seekers[s].person.login
                    proposed_mentors[cohort_id] = (*proposed_mentors.get(cohort_id, ()), login)
                    key = (program.id, login.lower())
                    proposed_load[key] = proposed_load.get(key, 0) + 1
    result.gaps = gaps(model, result.unplaced, places, proposed_load, today, quiet_mentor.keys())
    return result
