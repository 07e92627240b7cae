"""Small numbers stay private: a group of 3 is never shown, directly or by subtraction.

Random programs (hypothesis) are counted and suppressed as the site does; then
an exact search over whole numbers, written here independently of the
library's bounds propagation, plays the reader: it knows every published
figure, that "fewer than 5" is 1 to 4 and "withheld" 5 or more, and every sum
and bound that links the figures (the ledger's relations), and asks which
values each hidden count could still have.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date

from cohortkit.data.model import Membership, Model, Term
from cohortkit.outcomes.metrics import count_program
from cohortkit.outcomes.metrics_output import metrics_json
from cohortkit.outcomes.metrics_privacy import Figure, Ledger, propagate
from cohortkit.outcomes.metrics_report import program_metrics
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import PROGRAM, cohort, person
from tests.fuzzing import fuzz_settings

D = date.fromisoformat
TERMS = (
    Term("t1", "Term 1", D("2025-01-01"), D("2025-01-10"), D("2025-01-13"), D("2025-03-28")),
    Term("t2", "Term 2", D("2025-03-01"), D("2025-04-04"), D("2025-04-07"), D("2025-06-27")),
)
REGIONS = ("Africa", "Asia", "Europe", "South America", "")
ZONES = ("UTC", "America/Bogota", "Asia/Tokyo", "Africa/Lagos")
OUTCOMES = ("completed", "did-not-complete", "active")


# A reader's search -------------------------------------------------------------------------------


def _tighten(relations, low, high) -> bool:
    """Bounds on each cell from each relation, to a fixpoint; False if none is possible."""
    changed = True
    while changed:
        changed = False
        for relation in relations:
            # Each term sign*cell lies in [term_low, term_high], and the terms sum to zero.
            term_low = sum(low[c] if s > 0 else -high[c] for c, s in relation)
            term_high = sum(high[c] if s > 0 else -low[c] for c, s in relation)
            if term_low > 0 or term_high < 0:
                return False
            for cell, sign in relation:
                own_low, own_high = (low[cell], high[cell]) if sign > 0 else (-high[cell], -low[cell])
                # This term is minus the others: at least own_high - term_high, at most own_low - term_low.
                lo, hi = own_high - term_high, own_low - term_low
                lo, hi = (lo, hi) if sign > 0 else (-hi, -lo)
                new_lo, new_hi = max(low[cell], math.ceil(lo)), min(high[cell], math.floor(hi))
                if new_lo > new_hi:
                    return False
                if (new_lo, new_hi) != (low[cell], high[cell]):
                    low[cell], high[cell] = new_lo, new_hi
                    changed = True
                    # Narrowing one term only narrows what the others allow, so the sums stay valid.
    return True


class _Search:
    """Depth-first search for whole numbers within bounds that satisfy every relation.

    Each open cell is tried first at the true value (clamped to its bounds), so that when another
    value of the asked cell is possible, a solution near the data is found at once. A search that
    would run past its budget counts as "not possible", which can only make the test stricter.
    """

    def __init__(self, relations, hint, budget: int = 3_000) -> None:
        self.relations, self.hint, self.budget = relations, hint, budget

    def solvable(self, low, high) -> bool:
        self.budget -= 1
        if self.budget < 0:
            return False
        low, high = dict(low), dict(high)
        if not _tighten(self.relations, low, high):
            return False
        open_cells = [c for c in low if low[c] < high[c]]
        if not open_cells:
            return True
        cell = min(open_cells, key=lambda c: (high[c] - low[c], c))
        guess = min(max(self.hint[cell], low[cell]), high[cell])
        if self.solvable({**low, cell: guess}, {**high, cell: guess}):
            return True
        return (guess > low[cell] and self.solvable(low, {**high, cell: guess - 1})) or (
            guess < high[cell] and self.solvable({**low, cell: guess + 1}, high)
        )


def another_value_possible(ledger: Ledger, shown: dict, cell: str) -> int | None:
    """A value other than the true one that everything published still allows, if any."""
    true = ledger.values[cell]
    for value in sorted(range(1, 5), key=lambda v: abs(v - true)):
        if value != true and value in possible_values(ledger, shown, cell, only=value):
            return value
    return None


def possible_values(ledger: Ledger, shown: dict, cell: str, only: int | None = None) -> set[int]:
    cap = 3 * max(ledger.values.values()) + 10  # larger values only add possibilities
    low, high = {}, {}
    for key, value in ledger.values.items():
        figure = shown.get(key)
        if figure is None:
            low[key], high[key] = 0, cap
        elif figure.known:
            low[key] = high[key] = value
        elif figure.shown == "small":
            low[key], high[key] = 1, 4
        else:
            low[key], high[key] = 5, cap
    tried = range(1, 5) if only is None else (only,)
    return {
        v
        for v in tried
        if _Search(ledger.relations, ledger.values).solvable({**low, cell: v}, {**high, cell: v})
    }


# Random programs ---------------------------------------------------------------------------------


@st.composite
def programs(draw):
    """One or two terms of one or two cohorts; term 1's first cohort has exactly 3 withdrawn mentees."""
    pool = [f"p{i}" for i in range(16)]
    cohorts = []
    for t, term in enumerate(TERMS[: draw(st.integers(1, 2))]):
        for n in range(draw(st.integers(1, 2))):
            mentors = draw(st.lists(st.sampled_from(pool[:5]), min_size=1, max_size=2, unique=True))
            mentees = draw(
                st.lists(
                    st.sampled_from(pool[3:]), min_size=3 if (t, n) == (0, 0) else 1, max_size=9, unique=True
                )
            )
            mentees = [m for m in mentees if m not in mentors] or [pool[-1]]
            outcomes = [draw(st.sampled_from(OUTCOMES)) for _ in mentees]
            if (t, n) == (0, 0):
                mentees = [*mentees, "w1", "w2", "w3"]
                outcomes = [*outcomes, "withdrawn", "withdrawn", "withdrawn"]
            base = cohort(
                f"c{t}{n}",
                mentors=mentors,
                mentees=(),
                term=term.id,
                status="completed",
                start=term.start,
                end=term.end,
            )
            cohorts.append(
                replace(
                    base,
                    mentees=tuple(
                        Membership(m, "mentee", i, D("2024-12-01"), o)
                        for i, (m, o) in enumerate(zip(mentees, outcomes, strict=True))
                    ),
                    mentors=tuple(
                        Membership(m, "mentor", i, D("2024-12-01"), "completed")
                        for i, m in enumerate(mentors)
                    ),
                )
            )
    people = {}
    for login in [*pool, "w1", "w2", "w3"]:
        people[login] = person(
            login,
            region=draw(st.sampled_from(REGIONS)),
            timezone=draw(st.sampled_from(ZONES)),
            listed=draw(st.booleans()),
        )
    program = replace(PROGRAM, terms=TERMS)
    return Model({"p": program}, {c.id: c for c in cohorts}, people)


@fuzz_settings(30)
@given(programs())
def test_a_group_of_three_is_never_revealed(model):
    counts = count_program(model, model.programs["p"])
    shown = counts.ledger.suppress()
    cell = "term:t1:withdrawn"
    assert counts.ledger.values[cell] == 3
    # Not directly: never a count, in the figures or in what is published from them.
    assert shown[cell].shown == "small" and shown[cell].value is None
    metrics = program_metrics(model, model.programs["p"], D("2026-01-15"))
    document = json.loads(metrics_json([metrics], D("2026-01-15")))
    assert document["programs"][0]["terms"][0]["figures"]["withdrawn"] == {
        "value": None,
        "shown": "fewer than 5",
    }
    # Not by subtraction: everything published still allows another value than 3.
    assert another_value_possible(counts.ledger, shown, cell) is not None


@fuzz_settings(10)
@given(programs())
def test_no_small_count_is_ever_pinned(model):
    counts = count_program(model, model.programs["p"])
    shown = counts.ledger.suppress()
    pinned = [
        key
        for key, figure in shown.items()
        if figure.shown == "small" and another_value_possible(counts.ledger, shown, key) is None
    ]
    assert pinned == []


def test_subtraction_is_what_complementary_suppression_stops():
    """A term of 10 places, 7 completed, 3 withdrawn: showing 10 and 7 would give the 3 away."""
    ledger = Ledger()
    for key, value in {"places": 10, "completed": 7, "withdrawn": 3, "active": 0}.items():
        ledger.add(key, value)
    ledger.total("places", ["completed", "withdrawn", "active"])
    shown = ledger.suppress()
    assert shown["withdrawn"].shown == "small"
    assert not (shown["places"].known and shown["completed"].known)
    assert shown["active"].known  # a 0 describes nobody and is shown
    assert possible_values(ledger, shown, "withdrawn") == {1, 2, 3, 4}


def test_propagation_narrows_what_a_sum_allows():
    bounds = propagate([(("t", 1), ("a", -1), ("b", -1))], {"t": (10, 10), "a": (5, math.inf), "b": (1, 4)})
    assert bounds["a"] == (6, 9) and bounds["b"] == (1, 4)


def test_the_reader_finds_a_count_that_subtraction_gives_away():
    """The search above is not toothless: with only the small cell hidden, it works the 3 out."""
    ledger = Ledger()
    for key, value in {"places": 10, "completed": 7, "withdrawn": 3, "active": 0}.items():
        ledger.add(key, value)
    ledger.total("places", ["completed", "withdrawn", "active"])
    naive = {key: Figure(value, "count") for key, value in ledger.values.items()}
    naive["withdrawn"] = Figure(None, "small")
    assert possible_values(ledger, naive, "withdrawn") == {3}
    assert another_value_possible(ledger, naive, "withdrawn") is None
