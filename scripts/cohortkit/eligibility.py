"""Program eligibility rules evaluated over a person's attributes.

Shared by validation, pull-request review and the opportunities page, so a
person is told the same thing everywhere.
"""

from __future__ import annotations

from cohortkit.model import EligibilityRule, Person, Program, Role


def attribute_value(person: Person, rule: EligibilityRule) -> bool | int | float | str:
    """A missing attribute counts as 0 for number rules and false for yes/no rules."""
    if rule.attribute in person.attributes:
        return person.attributes[rule.attribute]
    return False if isinstance(rule.equals, bool) else 0


def rule_holds(person: Person, rule: EligibilityRule) -> bool:
    value = attribute_value(person, rule)
    if rule.equals is not None:
        # bool is an int in Python; True must not satisfy "equals: 1" or the reverse.
        return isinstance(value, bool) == isinstance(rule.equals, bool) and value == rule.equals
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False  # A number rule over a text or yes/no attribute cannot hold.
    if rule.min is not None and value < rule.min:
        return False
    return not (rule.max is not None and value > rule.max)


def unmet_rules(person: Person, program: Program, role: Role) -> list[EligibilityRule]:
    spec = program.roles.get(role)
    if spec is None:
        return []
    return [rule for rule in spec.eligibility if not rule_holds(person, rule)]
