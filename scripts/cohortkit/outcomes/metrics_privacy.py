"""Small numbers stay private: which of a program's counts the metrics may show, and which they hide.

A count of 1 to 4 people is never published; it shows as "fewer than 5"
(primary suppression). A count of 0 is shown: it describes nobody. Hiding the
small cells is not enough, because the counts are linked: a term's mentee
places are the sum of its outcomes, a year's are the sum of its terms, and a
count of different people lies between its largest part and the sum of its
parts. Whoever subtracts could work a hidden cell out. So the ledger records
every relation between the published counts, and complementary suppression
withholds further counts (never one of 0 to 4, so "withheld" itself says
"5 or more") until, for every hidden small count, what the relations allow
still includes every value from 1 to 4.

What the relations allow is found by propagating bounds through them until
nothing changes (interval constraint propagation). The tests check the result
against an exact search over whole numbers (tests/test_metrics_privacy.py).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

THRESHOLD = 5  # counts below this (and above 0) are never shown
SMALL = (1, THRESHOLD - 1)
WITHHELD_FLOOR = THRESHOLD  # a withheld count is always at least this, and readers may assume it
_ROOMY = THRESHOLD + 3
TRIALS = 1000  # candidates tried (one propagation each) before the nearest is withheld untried  # a complement this large leaves a small partner every value from 1 to 4

Shown = Literal["count", "small", "withheld"]
Bounds = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Figure:
    """A published count: its value when shown, or why it is not."""

    value: int | None
    shown: Shown

    @property
    def text(self) -> str:
        if self.shown == "small":
            return f"fewer than {THRESHOLD}"
        if self.shown == "withheld":
            return "withheld"
        return f"{self.value:,}"

    @property
    def known(self) -> bool:
        return self.shown == "count"


COUNT_ZERO = Figure(0, "count")


class Ledger:
    """Every count a publication may show, and the arithmetic that links them.

    A relation is a list of (cell, +1 or -1) whose weighted sum is zero. Cells
    whose name starts with "~" are never published (the slack in an inequality).
    """

    def __init__(self) -> None:
        self.values: dict[str, int] = {}
        self.keep: dict[str, int] = {}  # how much a reader wants a count: the least wanted is withheld first
        self.relations: list[tuple[tuple[str, int], ...]] = []
        self._slack = 0

    def add(self, key: str, value: int, keep: int = 0) -> str:
        if key in self.values and self.values[key] != value:
            raise ValueError(f"cell {key!r} recorded twice with different values")
        self.values[key] = value
        self.keep[key] = max(keep, self.keep.get(key, 0))
        return key

    def _hidden_slack(self, value: int) -> str:
        self._slack += 1
        return self.add(f"~{self._slack}", value)

    def total(self, total: str, parts: Sequence[str]) -> None:
        """total = the sum of parts, exactly."""
        if parts:
            self.relations.append(((total, 1), *((p, -1) for p in parts)))

    def within(self, part: str, whole: str) -> None:
        """part <= whole (a subset of people)."""
        slack = self._hidden_slack(self.values[whole] - self.values[part])
        self.relations.append(((whole, 1), (part, -1), (slack, -1)))

    def union(self, total: str, parts: Sequence[str]) -> None:
        """People in any of the parts: at least each part, at most their sum."""
        if not parts:
            return
        for part in parts:
            self.within(part, total)
        overlap = self._hidden_slack(sum(self.values[p] for p in parts) - self.values[total])
        self.relations.append(((total, 1), (overlap, 1), *((p, -1) for p in parts)))

    def suppress(self) -> dict[str, Figure]:
        """Every published cell as it may be shown."""
        return Suppressor(self).run()


def small(value: int) -> bool:
    return SMALL[0] <= value <= SMALL[1]


class Suppressor:
    """Primary and complementary suppression over one ledger (cells by index, for speed)."""

    def __init__(self, ledger: Ledger) -> None:
        self.names = list(ledger.values)
        self.index = {name: i for i, name in enumerate(self.names)}
        self.values = [ledger.values[name] for name in self.names]
        self.keep = [ledger.keep.get(name, 0) for name in self.names]
        self.published = [not name.startswith("~") for name in self.names]
        self.system = System(
            len(self.names), [tuple((self.index[c], s) for c, s in r) for r in ledger.relations]
        )
        self.hidden: dict[int, Shown] = {
            i: "small"
            for i in sorted(range(len(self.names)), key=lambda i: self.names[i])
            if self.published[i] and small(self.values[i])
        }
        self.goal: dict[int, Bounds] = {}

    def run(self) -> dict[str, Figure]:
        # Some narrowing is in the data itself: withdrawn 1, did not complete 1 and the two together 2
        # are all small, and a reader knows each of the first two is at most 3. The goal for each small
        # count is what is left when every other count is withheld; no more can be protected.
        everything = dict(self.hidden)
        everything.update({i: "withheld" for i in range(len(self.names)) if self._withholdable(i)})
        low, high = self.system.propagate(*self.reader_bounds(everything))
        self.goal = {i: (max(SMALL[0], low[i]), min(SMALL[1], high[i])) for i in self.hidden}
        # In rounds: one complement for each exposed small count whose relations have none new yet,
        # then one propagation over everything (a program's whole ledger: a few milliseconds).
        settled: set[int] = set()
        of_cell = self.system.of_cell
        while True:
            bounds = self.system.propagate(*self.reader_bounds(self.hidden))
            exposed = [
                i
                for i, how in self.hidden.items()
                if how == "small" and i not in settled and not self._safe(i, bounds)
            ]
            if not exposed:
                break
            touched: set[int] = set()
            for cell in exposed:
                if touched.intersection(of_cell[cell]):
                    continue  # a complement already went into one of its relations this round
                complement = self._nearest(cell)
                if complement is None:
                    settled.add(cell)
                    continue
                self.hidden[complement] = "withheld"
                touched.update(of_cell[cell])
                touched.update(of_cell[complement])
        self._give_back()
        return {
            name: Figure(None, self.hidden[i]) if i in self.hidden else Figure(self.values[i], "count")
            for i, name in enumerate(self.names)
            if self.published[i]
        }

    def _give_back(self) -> None:
        """Show again each wanted count withheld on the way that no small count turns out to need.

        Showing a count only narrows what a reader knows, and the bounds from before are still
        true, so the new bounds are found from them through that count's relations alone.
        """
        wanted = sorted(
            (i for i, how in self.hidden.items() if how == "withheld" and self.keep[i] > 0),
            key=lambda i: (-self.keep[i], self.names[i]),
        )
        smalls = [i for i, how in self.hidden.items() if how == "small"]
        base = self.system.propagate(*self.reader_bounds(self.hidden))
        for i in wanted:
            low, high = list(base[0]), list(base[1])
            low[i] = high[i] = self.values[i]
            self.system.propagate(low, high, self.system.of_cell[i])
            if all(low[s] == base[0][s] and high[s] == base[1][s] for s in smalls):
                del self.hidden[i]
                base = (low, high)

    def _safe(self, i: int, bounds: tuple[list[float], list[float]]) -> bool:
        goal = self.goal[i]
        return bounds[0][i] <= goal[0] and bounds[1][i] >= goal[1]

    def reader_bounds(self, hidden: Mapping[int, Shown]) -> tuple[list[float], list[float]]:
        """What a reader knows of each cell before doing any arithmetic."""
        low: list[float] = []
        high: list[float] = []
        for i, value in enumerate(self.values):
            how = hidden.get(i)
            if not self.published[i]:
                bounds: Bounds = (0, math.inf)
            elif how is None:
                bounds = (value, value)
            elif how == "small":
                bounds = SMALL
            else:
                bounds = (WITHHELD_FLOOR, math.inf)
            low.append(bounds[0])
            high.append(bounds[1])
        return low, high

    def _withholdable(self, i: int) -> bool:
        return self.published[i] and i not in self.hidden and self.values[i] >= WITHHELD_FLOOR

    def _nearest(self, cell: int) -> int | None:
        """The count to withhold for `cell`: in the nearest relations, the smallest that leaves it room."""
        system = self.system
        seen_relations: set[int] = set()
        frontier = deque([cell])
        seen_cells = {cell}
        while frontier:
            ring: list[int] = []
            for _ in range(len(frontier)):
                current = frontier.popleft()
                for r in system.of_cell[current]:
                    if r in seen_relations:
                        continue
                    seen_relations.add(r)
                    for other, _ in system.relations[r]:
                        if other not in seen_cells:
                            seen_cells.add(other)
                            ring.append(other)
            choices = [c for c in ring if self._withholdable(c)]
            if choices:
                return min(
                    choices,
                    key=lambda c: (self.keep[c], self.values[c] < _ROOMY, self.values[c], self.names[c]),
                )
            # Look further only through cells a reader cannot read off the page.
            frontier.extend(c for c in ring if not self.published[c] or c in self.hidden)
        return None


class System:
    """Relations between cells by index: each a list of (cell, +1 or -1) summing to zero."""

    def __init__(self, cells: int, relations: Sequence[tuple[tuple[int, int], ...]]) -> None:
        self.relations = list(relations)
        self.of_cell: list[list[int]] = [[] for _ in range(cells)]
        for r, relation in enumerate(self.relations):
            for cell, _ in relation:
                self.of_cell[cell].append(r)

    def propagate(
        self, low: list[float], high: list[float], start: Sequence[int] | None = None
    ) -> tuple[list[float], list[float]]:
        """Narrow each cell's bounds (in place) by every relation it is in, until none changes.

        `start` names the relations to look at first (default: all); bounds already narrowed by
        the others need only those.
        """
        relations, of_cell = self.relations, self.of_cell
        queue = deque(range(len(relations)) if start is None else start)
        queued = bytearray(len(relations))
        for r in queue:
            queued[r] = 1
        inf = math.inf
        while queue:
            r = queue.popleft()
            queued[r] = 0
            relation = relations[r]
            # With each term's range [cl, ch] (the bounds, negated for a minus sign),
            # sign * cell lies in [-(the others' ch summed), -(the others' cl summed)].
            low_sum = high_sum = 0.0
            low_inf = high_inf = 0
            for cell, sign in relation:
                cl, ch = (low[cell], high[cell]) if sign > 0 else (-high[cell], -low[cell])
                if cl == -inf:
                    low_inf += 1
                else:
                    low_sum += cl
                if ch == inf:
                    high_inf += 1
                else:
                    high_sum += ch
            for cell, sign in relation:
                cl, ch = (low[cell], high[cell]) if sign > 0 else (-high[cell], -low[cell])
                if ch == inf:
                    others_high = inf if high_inf > 1 else high_sum
                else:
                    others_high = inf if high_inf else high_sum - ch
                if cl == -inf:
                    others_low = -inf if low_inf > 1 else low_sum
                else:
                    others_low = -inf if low_inf else low_sum - cl
                a, b = (-others_high, -others_low) if sign > 0 else (others_low, others_high)
                lo, hi = low[cell], high[cell]
                moved = False
                if a != -inf and math.ceil(a) > lo:
                    low[cell] = lo = math.ceil(a)
                    moved = True
                if b != inf and math.floor(b) < hi:
                    high[cell] = math.floor(b)
                    moved = True
                if moved:
                    for other in of_cell[cell]:
                        if not queued[other]:
                            queued[other] = 1
                            queue.append(other)
        return low, high


def propagate(
    relations: Sequence[tuple[tuple[str, int], ...]], start: Mapping[str, Bounds]
) -> dict[str, Bounds]:
    """What a reader can tell of each cell from the bounds they start with and the relations."""
    names = list(start)
    index = {name: i for i, name in enumerate(names)}
    system = System(len(names), [tuple((index[c], s) for c, s in r) for r in relations])
    low, high = system.propagate([start[n][0] for n in names], [start[n][1] for n in names])
    return {name: (low[i], high[i]) for i, name in enumerate(names)}
