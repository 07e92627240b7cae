"""How fast and how good is `cohortkit match` at scale, against the greedy baseline and other solvers?

Generates the synthetic program with every cohort enrolling (`synthetic.py`,
`enrolling=True`: 10 programs, 1,000 forming cohorts with open seats, one in
ten without a mentor; 10,000 people who seek places), then:

(m) times `cohortkit match --format json` as a subprocess, start-up and
    validation included (target: under 30 s), and reports from that run the
    exact total fit, the greedy baseline's and their ratio, people placed by
    each, and how many flows each market needed before its optimum was proved;
(s) on the largest market, times the solvers the design names: the pruned
    flow with its optimality check (what match runs), networkx's
    min_cost_flow on every pair, and scipy's linear_sum_assignment on
    expanded seats (exact only where every seeker may take one place; with
    more, it may seat a person twice in one cohort).

Run: .venv/bin/python benchmarks/match.py [--people N --cohorts N --programs N --keep]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.synthetic import TODAY, write_program_tree  # noqa: E402

TARGET_SECONDS = 30.0


def largest_market(root: Path):
    from cohortkit.matching.fit import compute_fit
    from cohortkit.matching.market import Market, mentee_places, seekers_of
    from cohortkit.matching.solve import Instance
    from cohortkit.program.limits import running_places
    from cohortkit.validation.pipeline import validate_tree

    tree, _ = validate_tree(root)
    model = tree.model
    places = running_places(model)
    best = None
    for program in model.programs.values():
        market = Market(program, "mentee", TODAY)
        market.seekers, _ = seekers_of(model, program, "mentee", places, TODAY)
        cohorts = [c for c in model.cohorts.values() if c.program == program.id]
        market.places, _ = mentee_places(model, program, TODAY, cohorts, {})
        fit = compute_fit(market, TODAY)
        instance = Instance(
            fit.points, fit.feasible, [s.capacity for s in market.seekers], [p.seats for p in market.places]
        )
        if best is None or instance.feasible.sum() > best[1].feasible.sum():
            best = (program.id, instance)
    return best


def compare_solvers(program: str, instance) -> list[tuple[str, float, str]]:
    import networkx as nx
    from cohortkit.matching.solve import flow_graph, score, solve
    from scipy.optimize import linear_sum_assignment

    rows = []
    started = time.perf_counter()
    solution = solve(instance)
    rows.append(
        (
            "pruned flow + optimality check (match)",
            time.perf_counter() - started,
            f"{score(instance, solution.pairs)}, {solution.rounds} flow(s), {solution.arcs} arcs",
        )
    )

    graph = flow_graph(instance, instance.feasible)
    started = time.perf_counter()
    cost = nx.min_cost_flow_cost(graph)
    rows.append(
        (
            "networkx min_cost_flow, every pair",
            time.perf_counter() - started,
            f"cost {cost}, {int(instance.feasible.sum())} arcs",
        )
    )

    started = time.perf_counter()
    seat_of = [j for j, seats in enumerate(instance.seats) for _ in range(seats)]
    rows_of = [s for s, capacity in enumerate(instance.capacity) for _ in range(capacity)]
    big = instance.bonus * 4
    matrix = np.full((len(rows_of), len(seat_of) + len(rows_of)), big, dtype=np.int64)
    seat_columns = np.array(seat_of)
    for r, s in enumerate(rows_of):
        feasible = instance.feasible[s, seat_columns]
        first = instance.bonus if r == 0 or rows_of[r - 1] != s else 0
        matrix[r, : len(seat_of)] = np.where(feasible, -instance.points[s, seat_columns] - first, big)
        matrix[r, len(seat_of) + r] = 0  # this unit stays unplaced
    assigned_rows, assigned_columns = linear_sum_assignment(matrix)
    pairs = [
        (rows_of[r], seat_of[c])
        for r, c in zip(assigned_rows, assigned_columns, strict=True)
        if c < len(seat_of)
    ]
    twice = len(pairs) - len(set(pairs))
    rows.append(
        (
            "scipy linear_sum_assignment, expanded seats",
            time.perf_counter() - started,
            f"{score(instance, pairs)}, {matrix.shape[0]}x{matrix.shape[1]}, {twice} seat(s) twice in one cohort",
        )
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--cohorts", type=int, default=1_000)
    parser.add_argument("--programs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--skip-solvers", action="store_true", help="time (m) only")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="cohortkit-match-"))
    write_program_tree(folder, args.people, args.cohorts, args.programs, args.seed, enrolling=True)
    command = [
        str(Path(sys.executable).parent / "cohortkit"),
        "match",
        "--root",
        str(folder),
        "--today",
        TODAY.isoformat(),
        "--format",
        "json",
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        print(f"FAILED: cohortkit match exited {done.returncode}: {done.stderr[-2000:]}")
        return 1
    result = json.loads(done.stdout)
    markets = result["markets"]
    seekers = sum(m["seekers"] for m in markets)
    seats = sum(m["seats"] for m in markets)
    placed, greedy_placed = sum(m["placed"] for m in markets), sum(m["greedy_placed"] for m in markets)
    fit, greedy_fit = result["total_fit"], result["greedy_total_fit"]
    print(f"tree: {args.programs} programs, {args.cohorts} cohorts, {args.people} people ({folder})")
    print(
        f"(m) cohortkit match, start-up included: {seconds:.2f} s (target < {TARGET_SECONDS:.0f} s: {'PASS' if seconds < TARGET_SECONDS else 'MISS'})"
    )
    load = os.getloadavg()[0]
    print(f"    its CPU time: {cpu:.2f} s; load average {load:.1f} on {os.cpu_count()} CPUs when it ended")
    print(
        f"    seekers (person, program, role): {seekers}; places: {sum(m['places'] for m in markets)} cohorts, {seats} seats"
    )
    print(f"    exact: {placed} people placed, {len(result['proposals'])} placements, total fit {fit}")
    print(f"    greedy: {greedy_placed} people placed, total fit {greedy_fit}")
    print(
        f"    ratio exact/greedy total fit: {fit / greedy_fit:.4f}x"
        if greedy_fit
        else "    greedy placed nobody"
    )
    print(
        f"    flows per market until proved optimal: max {max(m['rounds'] for m in markets)}, {len(markets)} markets"
    )
    print(f"    unplaced: {len(result['unplaced'])}; demand gaps reported: {len(result['gaps'])}")
    if not args.skip_solvers:
        program, instance = largest_market(folder)
        print(
            f"(s) solvers on the largest market ({program}, mentees: {instance.feasible.shape[0]} seekers x {instance.feasible.shape[1]} cohorts, {sum(instance.seats)} seats):"
        )
        for name, took, what in compare_solvers(program, instance):
            print(f"    {name}: {took:.2f} s ({what})")
    if not args.keep:
        import shutil

        shutil.rmtree(folder)
    return 0  # a missed target prints MISS; only a run that could not measure exits 1


if __name__ == "__main__":
    raise SystemExit(main())
