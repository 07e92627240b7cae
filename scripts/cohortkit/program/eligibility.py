"""Program eligibility rules evaluated over a person's attributes.

Shared by validation, pull-request review and the opportunities page, so a
person is told the same thing everywhere.
"""

from __future__ import annotations

import json
import re

from cohortkit.data.model import EligibilityRule, Person, Program, Role

# Text YAML reads back as the same text when written bare; anything else is quoted.
_PLAIN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*(?: [A-Za-z0-9_.-]+)*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}


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


def accepted_value(rule: EligibilityRule) -> bool | int | float | str:
    """A value that meets `rule`, for advice on what to add (the person knows if it is true of them)."""
    if rule.equals is not None:
        return rule.equals
    bound = rule.min if rule.min is not None else rule.max
    if bound is None:
        return 0
    return int(bound) if float(bound).is_integer() else bound


def yaml_scalar(value: bool | int | float | str) -> str:
    """`value` as it is written in a YAML file: true, not True; text quoted only where YAML needs it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if _PLAIN_TEXT.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
