"""The run's budget: writes paced under GitHub's secondary limits, requests and time watched."""

from __future__ import annotations

import pytest
from cohortkit.github.budget import Budget, OutOfBudget, budget_for_pace


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_no_hour_ever_sees_more_writes_than_github_allows():
    clock = Clock()
    budget = Budget(clock=clock, sleep=clock.sleep, seconds=10 * 3600)
    times = []
    for _ in range(3000):
        budget.before_write()
        times.append(clock.now)
    # Slide a 60-minute window over every write: never more than 480 (GitHub: 500), never 80 a minute.
    for i, start in enumerate(times):
        in_hour = sum(1 for t in times[i:] if t < start + 3600)
        in_minute = sum(1 for t in times[i : i + 100] if t < start + 60)
        assert in_hour <= 480 and in_minute <= 9


def test_a_run_stops_before_a_wait_would_pass_its_time():
    clock = Clock()
    budget = Budget(clock=clock, sleep=clock.sleep, seconds=60)
    with pytest.raises(OutOfBudget, match="past the run's time"):
        for _ in range(100):
            budget.before_write()
    assert clock.now < 60 and 7 <= budget.writes <= 9


def test_the_token_reserve_is_kept_for_the_next_run():
    budget = Budget(request_reserve=25)
    budget.after_response(26, 1_800_000_000.0)
    budget.before_request()
    budget.after_response(25, None)
    with pytest.raises(OutOfBudget, match="hourly requests are spent"):
        budget.before_request()


def test_pace_zero_is_unlimited_and_a_pace_sets_the_rate():
    unlimited = budget_for_pace(0)
    for _ in range(10_000):
        unlimited.before_write()
    assert budget_for_pace(None).per_hour == 480
    assert budget_for_pace(10).per_hour == 360
