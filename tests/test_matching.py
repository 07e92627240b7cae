"""The matching solver is exact (brute force agrees), keeps every limit, and beats greedy; its fit is real."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from cohortkit.data.model import Meeting
from cohortkit.matching.hours import upcoming_meetings, waking_share
from cohortkit.matching.solve import Instance, flow_graph, greedy, score, solve, violations
from factories import PROGRAM, cohort


def brute_force(instance: Instance) -> tuple[int, int]:
    """The best (people placed, total fit) over every assignment that keeps the limits."""
    seekers, places = instance.feasible.shape
    options = []
    for s in range(seekers):
        columns = [j for j in range(places) if instance.feasible[s, j]]
        subsets: list[tuple[int, ...]] = [()]
        for size in range(1, instance.capacity[s] + 1):
            subsets += itertools.combinations(columns, size)
        options.append(subsets)
    best = (0, 0)
    for choice in itertools.product(*options):
        pairs = [(s, j) for s, subset in enumerate(choice) for j in subset]
        if not violations(instance, pairs):
            best = max(best, score(instance, pairs))
    return best


def random_instance(rng: np.random.Generator) -> Instance:
    seekers, places = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    return Instance(
        rng.integers(0, 25, (seekers, places)).astype(np.int64),
        rng.random((seekers, places)) < 0.7,
        [int(c) for c in rng.integers(0, 3, seekers)],
        [int(n) for n in rng.integers(0, 3, places)],
    )


@pytest.mark.parametrize("per_seat", [0, 2])  # 0: the optimality check must find most pairs itself
def test_the_flow_equals_brute_force_on_hundreds_of_random_instances(per_seat: int) -> None:
    rng = np.random.default_rng(16)
    greedy_short = 0
    for _ in range(400):
        instance = random_instance(rng)
        solution = solve(instance, per_seat=per_seat)
        assert violations(instance, solution.pairs) == []
        best = brute_force(instance)
        assert score(instance, solution.pairs) == best
        baseline = greedy(instance)
        assert violations(instance, baseline) == []
        assert score(instance, baseline) <= best
        greedy_short += score(instance, baseline) < best
    assert greedy_short > 0  # greedy does leave people out, or fit on the table, where the flow does not


def test_greedy_strands_someone_the_flow_places() -> None:
    # Ana is first and takes the one cohort Ben can take; the flow sends Ana to her second choice.
    instance = Instance(np.array([[10, 9], [5, 0]]), np.array([[True, True], [True, False]]), [1, 1], [1, 1])
    assert score(instance, greedy(instance)) == (1, 10)
    assert score(instance, solve(instance).pairs) == (2, 14)


def test_a_person_with_room_for_two_takes_two_cohorts_never_one_twice() -> None:
    instance = Instance(np.array([[9, 8, 1]]), np.ones((1, 3), dtype=bool), [2], [3, 3, 3])
    assert solve(instance).pairs == [(0, 0), (0, 1)]


def test_placing_everyone_comes_before_fit() -> None:
    # Giving the seat to the better fit would leave Ben unplaced: a first place outranks any fit.
    instance = Instance(np.array([[90, 1], [80, 0]]), np.array([[True, True], [True, False]]), [1, 1], [1, 1])
    assert solve(instance).pairs == [(0, 1), (1, 0)]


def test_larger_instances_are_proved_optimal_against_the_full_flow() -> None:
    import networkx as nx

    rng = np.random.default_rng(3)
    instance = Instance(
        rng.integers(0, 100, (60, 12)).astype(np.int64),
        rng.random((60, 12)) < 0.6,
        [int(c) for c in rng.integers(1, 3, 60)],
        [int(n) for n in rng.integers(1, 5, 12)],
    )
    pruned = solve(instance, per_seat=0)
    graph = flow_graph(instance, instance.feasible)  # every feasible pair, nothing pruned
    cost = nx.network_simplex(graph)[0]
    placed, fit = score(instance, pruned.pairs)
    assert -(placed * instance.bonus + fit) == cost


def test_waking_hours_follow_daylight_saving_on_the_real_meeting_dates() -> None:
    # Berlin 13:00 is 07:00 in New York, except in the two weeks of 2027 when the US has moved its
    # clocks and Europe has not (14 to 27 March): then it is 08:00, inside waking hours from 08:00.
    berlin = cohort(
        "c",
        start=date(2027, 3, 1),
        end=date(2027, 4, 25),
        meeting=Meeting("weekly", "monday", "13:00", "Europe/Berlin", 60),
    )
    program = replace(PROGRAM, duration_weeks=replace(PROGRAM.duration_weeks, max=20))
    meetings = upcoming_meetings(berlin, program, date(2027, 2, 1))
    assert len(meetings) == 8
    share = waking_share(meetings, "America/New_York", ("08:00", "22:00"))
    assert share == pytest.approx(2 / 8)
    assert waking_share(meetings, "Europe/Berlin", ("08:00", "22:00")) == 1.0
    # Hours that run past midnight: 20:00 to 02:00 on the person's clock.
    assert waking_share(meetings, "Pacific/Auckland", ("20:00", "02:00")) == pytest.approx(1.0)
    assert waking_share(meetings, "Not/AZone", ("08:00", "22:00")) == 0.0
