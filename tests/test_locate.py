from __future__ import annotations

from cohortkit.data.locate import Locator
from cohortkit.data.problems import Problem

TEXT = """\
id: c1
mentees:
  - person: ana
    joined: 2026-01-05
  - person: bo
    joined: 2026-01-06
meeting:
  cadence: weekly
"""


def place(path, at_key=False):
    problem = Problem("c.yaml", "m", "rule", path=path, at_key=at_key)
    placed = Locator({"c.yaml": TEXT}).place([problem])[0]
    return placed.line, placed.col


def test_a_value_inside_a_list():
    assert place(("mentees", 1, "joined")) == (6, 13)


def test_the_key_itself_for_unknown_keys():
    assert place(("meeting", "cadence"), at_key=True) == (8, 3)


def test_a_missing_key_points_at_its_parent():
    assert place(("meeting", "weekday")) == (8, 3)


def test_the_whole_file_when_the_path_is_empty():
    assert place(()) == (1, 1)


def test_problems_that_know_their_line_are_left_alone():
    problem = Problem("c.yaml", "m", "yaml", line=4, col=2)
    assert Locator({}).place([problem]) == [problem]
