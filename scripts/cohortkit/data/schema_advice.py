"""Turn jsonschema's errors into what is wrong and how to fix it, in the schema's words."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from jsonschema.exceptions import ValidationError

from cohortkit.data.problems import JsonPath, Problem

# Problems whose value YAML read as a number, yes/no or null where text was meant;
# the locator names the exact unquoted word once it has the source.
QUOTE_RULE = "type"
_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys",
    "null": "nothing",
}


def explain(error: ValidationError, file: str) -> Iterator[Problem]:
    """Say what is wrong and how to fix it, in the words of the schema."""
    path: JsonPath = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    field = _field_name(path)
    instance: Any = error.instance
    expected: Any = error.validator_value
    fix = schema.get("x-fix", "")

    match error.validator:
        case "additionalProperties":
            allowed = sorted(schema.get("properties", {}))
            for key in sorted(k for k in instance if k not in schema.get("properties", {})):
                yield Problem(
                    file,
                    f"unknown key {key!r}",
                    "schema",
                    path=(*path, key),
                    at_key=True,
                    fix=_did_you_mean(str(key), allowed),
                )
        case "required":
            missing = (
                str(expected[-1])
                if not isinstance(instance, dict)
                else next((k for k in expected if k not in instance), "")
            )
            description = schema.get("properties", {}).get(missing, {}).get("description", "")
            where = f" in {field}" if path else ""
            yield Problem(
                file,
                f"missing required key {missing!r}{where}",
                "schema",
                path=path,
                at_key=bool(path),
                fix=f"add '{missing}:'" + (f" ({_first_sentence(description)})" if description else ""),
            )
        case "type":
            yield _type_problem(file, path, field, instance, expected)
        case "enum":
            options = [str(option) for option in expected]
            yield Problem(
                file,
                f"{field}: {_show(instance)} is not one of {', '.join(options)}",
                "schema",
                path=path,
                fix=_did_you_mean(
                    str(instance), options, fallback=fix or "use one of the listed values", cutoff=0.8
                ),
            )
        case "pattern" | "format":
            what = "not a real date" if error.validator == "format" else "not in the expected form"
            yield Problem(file, f"{field}: {_show(instance)} is {what}", "schema", path=path, fix=fix)
        case "oneOf" | "anyOf" if _is_choice_of_keys(expected):
            keys = [k for option in expected for k in option["required"]]
            given = [k for k in keys if isinstance(instance, dict) and k in instance]
            problem = (
                "gives both " + " and ".join(given) if len(given) > 1 else "needs one of " + ", ".join(keys)
            )
            yield Problem(
                file,
                f"{field or 'the file'} {problem}",
                "schema",
                path=(*path, given[-1]) if given else path,
                at_key=bool(given),
                fix=f"give exactly one of {' or '.join(repr(k) for k in keys)}",
            )
        case "maxLength" | "minLength":
            size = len(instance) if isinstance(instance, str) else 0
            limit = expected
            if error.validator == "minLength" and size == 0:
                message = f"{field} is empty"
            else:
                bound = "at most" if error.validator == "maxLength" else "at least"
                message = f"{field} is {size} characters long; {bound} {limit} allowed"
            yield Problem(file, message, "schema", path=path, fix=fix or "shorten it")
        case "maxItems" | "minItems":
            bound = "at most" if error.validator == "maxItems" else "at least"
            yield Problem(
                file,
                f"{field} has {len(instance)} items; {bound} {expected} allowed",
                "schema",
                path=path,
            )
        case "minimum" | "maximum":
            bound = "at least" if error.validator == "minimum" else "at most"
            yield Problem(
                file,
                f"{field} is {instance}; it must be {bound} {expected}",
                "schema",
                path=path,
            )
        case "uniqueItems":
            yield Problem(
                file,
                f"{field} lists the same value more than once",
                "schema",
                path=path,
                fix="remove the repeated entry",
            )
        case "propertyNames":
            bad = [k for k in instance if isinstance(k, str) and expected.get("pattern")]
            yield Problem(
                file,
                f"{field} has a key that is not a valid name: {', '.join(map(repr, bad[:3]))}",
                "schema",
                path=path,
                fix="use lower-case letters, digits and underscores, starting with a letter",
            )
        case "minProperties":
            yield Problem(
                file,
                f"{field} is incomplete",
                "schema",
                path=path,
                fix=_first_sentence(schema.get("description", "")),
            )
        case _:
            yield Problem(file, f"{field}: {error.message}", "schema", path=path, fix=fix)


def _type_problem(file: str, path: JsonPath, field: str, instance: Any, expected: Any) -> Problem:
    wanted = [expected] if isinstance(expected, str) else list(expected)
    wanted_text = " or ".join(_TYPE_NAMES.get(name, name) for name in wanted)
    read_as_scalar = isinstance(instance, bool | int | float) or instance is None
    if "string" in wanted and read_as_scalar:
        # The locator replaces this fix with one naming the exact unquoted word
        # (15:00, no, on) once it has the file's source.
        return Problem(
            file,
            f"{field} should be text, not {_kind_of(instance)}",
            QUOTE_RULE,
            path=path,
            fix="put the value in quotes so YAML keeps it as text",
        )
    return Problem(file, f"{field} should be {wanted_text}, not {_kind_of(instance)}", "schema", path=path)


def _is_choice_of_keys(options: Any) -> bool:
    return isinstance(options, list) and all(
        isinstance(o, dict) and set(o) == {"required"} and len(o["required"]) == 1 for o in options
    )


def _field_name(path: JsonPath) -> str:
    parts: list[str] = []
    for step in path:
        if isinstance(step, int):
            parts.append(f"[{step + 1}]" if parts else f"item {step + 1}")
        else:
            parts.append(f".{step}" if parts else step)
    return "".join(parts) or "the file"


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the text {_show(value)}"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _first_sentence(text: str) -> str:
    sentence = text.split(". ")[0].strip()
    return sentence[:1].lower() + sentence[1:].rstrip(".")


def _did_you_mean(word: str, options: list[str], fallback: str = "", cutoff: float = 0.6) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    if close:
        return f"did you mean {close[0]!r}?"
    if fallback:
        return fallback
    return "remove it or check its spelling; allowed keys here: " + ", ".join(options)
