from __future__ import annotations

from dataclasses import replace

import pytest
from cohortkit.data.model import EligibilityRule, Person
from cohortkit.program.eligibility import rule_holds

PERSON = Person(file="people/p.yaml", login="p", name="P", timezone="UTC")


def person(**attributes):
    return replace(PERSON, attributes=attributes)


@pytest.mark.parametrize(
    ("rule", "attributes", "holds"),
    [
        (
            EligibilityRule("workshops_taught", "fewer than two", max=1),
            {"workshops_taught": 1},
            True,
        ),
        (
            EligibilityRule("workshops_taught", "fewer than two", max=1),
            {"workshops_taught": 2},
            False,
        ),
        (
            EligibilityRule("workshops_taught", "fewer than two", max=1),
            {},
            True,
        ),  # missing counts as 0
        (EligibilityRule("workshops_taught", "three or more", min=3), {}, False),
        (
            EligibilityRule("workshops_taught", "three or more", min=3),
            {"workshops_taught": 3},
            True,
        ),
        (
            EligibilityRule("workshops_taught", "three or more", min=3),
            {"workshops_taught": "many"},
            False,
        ),
        (EligibilityRule("certified", "certified", equals=True), {"certified": True}, True),
        (EligibilityRule("certified", "certified", equals=True), {}, False),
        # bool is an int in Python; a yes/no rule must not accept the number 1.
        (EligibilityRule("certified", "certified", equals=True), {"certified": 1}, False),
        (EligibilityRule("level", "level one", equals=1), {"level": True}, False),
        (EligibilityRule("track", "on the lfx track", equals="lfx"), {"track": "lfx"}, True),
    ],
)
def test_rules_over_attributes(rule, attributes, holds):
    assert rule_holds(person(**attributes), rule) is holds
