"""The exact assignment of seekers to places: a min-cost flow, proved optimal, never greedy.

The objective, in order: as many people placed as possible, then the highest
total fit. Each seeker is a node supplying their capacity (the places their
limit allows); their first place earns a bonus larger than any total of
fits, so nobody is left out to raise the fit of others, and further places
earn only their fit. Arcs from a seeker to a cohort carry one unit (a
person takes a cohort once) and cost minus the fit; a cohort passes at most
its seats to the sink; a bypass arc lets a unit stay unplaced. networkx's
network simplex solves it on integers.

Speed without giving up exactness: the flow is first solved with each
cohort's best few seekers only (eight for each seat, and two more: seats are
what is scarce), then checked against every pair left out.
The optimal flow's residual graph gives node potentials (shortest-path
distances, by Bellman-Ford); a left-out pair whose reduced cost is negative
could improve the solution, so those pairs are added and the flow is solved
again. When no left-out pair has a negative reduced cost, the potentials
prove the flow optimal for the whole problem (no negative cycle can use a
pair left out), so the answer is the exact optimum, as the brute-force tests
confirm on hundreds of random instances.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Pairs = list[tuple[int, int]]

PER_SEAT = 8  # seekers per seat of a cohort in the first round (and two more): measured best


@dataclass(frozen=True)
class Instance:
    points: IntArray  # seekers x places, the fit of each pair
    feasible: BoolArray  # seekers x places
    capacity: Sequence[int]  # places each seeker may take
    seats: Sequence[int]  # seekers each place may take

    @property
    def bonus(self) -> int:
        """Worth more than any total of fits: a first place always outranks fit."""
        best = int(self.points.max()) if self.points.size else 0
        return 1 + max(best, 0) * max(1, int(sum(self.seats)))


@dataclass
class Solution:
    pairs: Pairs
    rounds: int = 1  # flows solved until the potentials proved the optimum
    arcs: int = 0  # seeker-cohort arcs in the last flow


def score(instance: Instance, pairs: Pairs) -> tuple[int, int]:
    """(people placed, total fit): the objective, compared in that order."""
    return len({s for s, _ in pairs}), int(sum(int(instance.points[s, j]) for s, j in pairs))


def violations(instance: Instance, pairs: Pairs) -> list[str]:
    """Every limit the pairs break (empty when they keep them all), for tests and as a guard."""
    found = []
    if len(set(pairs)) != len(pairs):
        found.append("a seeker takes the same cohort twice")
    for s, j in pairs:
        if not instance.feasible[s, j]:
            found.append(f"seeker {s} cannot take place {j}")
    per_seeker = np.bincount([s for s, _ in pairs], minlength=len(instance.capacity))
    per_place = np.bincount([j for _, j in pairs], minlength=len(instance.seats))
    found += [f"seeker {s} over capacity" for s, n in enumerate(per_seeker) if n > instance.capacity[s]]
    found += [f"place {j} over its seats" for j, n in enumerate(per_place) if n > instance.seats[j]]
    return found


def solve(instance: Instance, per_seat: int = PER_SEAT) -> Solution:
    seekers, places = instance.feasible.shape
    usable = (
        np.array([c > 0 for c in instance.capacity], dtype=bool)[:, None]
        & np.array([n > 0 for n in instance.seats], dtype=bool)[None, :]
    )
    instance = Instance(instance.points, instance.feasible & usable, instance.capacity, instance.seats)
    if seekers == 0 or places == 0 or not instance.feasible.any():
        return Solution([])
    candidates = _best_candidates(instance, per_seat)
    rounds = 0
    while True:
        rounds += 1
        graph = flow_graph(instance, candidates)
        flow = nx.network_simplex(graph)[1]
        left_out = instance.feasible & ~candidates
        if not left_out.any():
            break
        improving = left_out & (_reduced_costs(instance, graph, flow) < 0)
        if not improving.any():
            break
        candidates |= improving
    pairs = [
        (s, j)
        for s in range(seekers)
        for node, units in flow.get(("s", s), {}).items()
        if units and node[0] == "c"
        for j in (node[1],)
    ]
    problems = violations(instance, pairs)
    if problems:  # cannot happen with a correct solver; never hand on a broken proposal
        raise AssertionError(f"the flow broke a limit: {problems[:3]}")
    return Solution(sorted(pairs), rounds, int(candidates.sum()))


def _best_candidates(instance: Instance, per_seat: int) -> BoolArray:
    """Each cohort's best feasible seekers: `per_seat` for each of its seats, and two more."""
    masked = np.where(instance.feasible, instance.points, -1)
    chosen = np.zeros_like(instance.feasible)
    for j in range(masked.shape[1]):
        keep = min(masked.shape[0], per_seat * int(instance.seats[j]) + 2)
        best = np.argsort(-masked[:, j], kind="stable")[:keep]
        chosen[best, j] = True
    return chosen & instance.feasible


def flow_graph(instance: Instance, candidates: BoolArray) -> nx.DiGraph:
    """The min-cost flow network over the `candidates` pairs (all feasible pairs: the full problem)."""
    total = int(sum(instance.capacity))
    graph = nx.DiGraph()
    graph.add_node("source", demand=-total)
    graph.add_node("sink", demand=total)
    graph.add_edge("source", "sink", capacity=total, weight=0)  # a unit that stays unplaced
    bonus = instance.bonus
    for s, capacity in enumerate(instance.capacity):
        if capacity <= 0 or not candidates[s].any():
            continue
        graph.add_edge("source", ("s", s), capacity=1, weight=-bonus)
        if capacity > 1:  # further places earn their fit only
            graph.add_edge("source", ("x", s), capacity=capacity - 1, weight=0)
            graph.add_edge(("x", s), ("s", s), capacity=capacity - 1, weight=0)
        for column in np.flatnonzero(candidates[s]).tolist():
            graph.add_edge(("s", s), ("c", column), capacity=1, weight=-int(instance.points[s, column]))
    for place, seats in enumerate(instance.seats):
        if graph.has_node(("c", place)):
            graph.add_edge(("c", place), "sink", capacity=int(seats), weight=0)
    return graph


def _reduced_costs(instance: Instance, graph: nx.DiGraph, flow: dict[object, dict[object, int]]) -> IntArray:
    """Reduced cost of every seeker-cohort pair under the optimal flow's potentials."""
    residual = nx.DiGraph()
    for u, v, data in graph.edges(data=True):
        units = flow[u][v]
        if units < data["capacity"]:
            residual.add_edge(u, v, weight=data["weight"])
        if units > 0:
            residual.add_edge(v, u, weight=-data["weight"])
    root = ("root",)
    for node in graph.nodes:
        residual.add_edge(root, node, weight=0)
    distance = nx.single_source_bellman_ford_path_length(residual, root)
    seekers, places = instance.feasible.shape
    # A node not in the graph yet gets the potential most favourable to its new arcs that its
    # other arcs allow: a seeker enters fed by the source's first-place arc (cost minus the bonus),
    # so at most the source's potential less the bonus; a cohort enters with its arc to the sink,
    # so at least the sink's. If every left-out pair passes with those, the potentials of the whole
    # graph (old and new nodes) leave no negative reduced cost: the flow is optimal.
    sink, source = distance["sink"], distance["source"]
    seeker_potential = np.array(
        [distance.get(("s", s), source - instance.bonus) for s in range(seekers)], dtype=np.int64
    )
    place_potential = np.array([distance.get(("c", j), sink) for j in range(places)], dtype=np.int64)
    result: IntArray = -instance.points + seeker_potential[:, None] - place_potential[None, :]
    return result


def greedy(instance: Instance) -> Pairs:
    """The baseline a coordinator would do by hand: in order, each takes their best cohort still open."""
    seekers, places = instance.feasible.shape
    left = list(instance.seats)
    taken: list[set[int]] = [set() for _ in range(seekers)]
    pairs: Pairs = []
    placed = True
    while placed:
        placed = False
        for s in range(seekers):
            if len(taken[s]) >= instance.capacity[s]:
                continue
            options = [
                j for j in range(places) if instance.feasible[s, j] and left[j] > 0 and j not in taken[s]
            ]
            if not options:
                continue
            best = max(options, key=lambda j: (int(instance.points[s, j]), -j))
            left[best] -= 1
            taken[s].add(best)
            pairs.append((s, best))
            placed = True
    return sorted(pairs)
