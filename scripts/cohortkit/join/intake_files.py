"""The files a sign-up becomes: where the person file is, its new or round-trip edited text, a cohort seat."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from cohortkit.data.problems import JsonPath
from cohortkit.data.yamlwrite import add_membership_text, dump, load, node, place

# Where each person key goes in a new file and among an existing file's keys: the schema's order.
PERSON_ORDER = (
    *("login", "name", "pronouns", "timezone", "region", "languages", "bio", "links", "interests"),
    *("seeks", "mentor_capacity", "attributes", "onboarded", "mentor_agreement", "away_until", "listed"),
)
SEEKS_ORDER = ("roles", "programs", "tracks", "help", "interaction")


def person_file_path(root: Path, login: str) -> str:
    """people/<login>.yaml, or the existing file of that login written in other letter case."""
    folder = root / "people"
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.suffix == ".yaml" and entry.stem.lower() == login.lower() and not entry.is_symlink():
                return f"people/{entry.name}"
    return f"people/{login}.yaml"


def person_text(login: str, values: Mapping[str, Any], header: str, existing: str | None) -> str:
    """The person file: a new one in schema order, or the existing one edited round-trip.

    Answers replace what the file says, except that roles are added to and
    eligibility facts merged with the file's own.
    """
    if existing is None:
        document = CommentedMap()
        document["login"] = login
        for key, value in values.items():
            document[key] = node(value)
        return f"{header}\n{dump(document)}"
    document = load(existing)
    if not isinstance(document, CommentedMap):
        raise ValueError("the existing person file is not a mapping")
    for key, value in values.items():
        current = document.get(key)
        if key == "seeks" and isinstance(current, CommentedMap):
            for seek, wanted in value.items():
                if seek == "roles" and isinstance(current.get("roles"), list):
                    wanted = list(dict.fromkeys([*current["roles"], *wanted]))
                place(current, seek, node(wanted), SEEKS_ORDER)
        elif key == "attributes" and isinstance(current, CommentedMap):
            for name, fact in value.items():
                current[name] = node(fact)
        elif key == "listed" and current is None and value is True:
            continue  # listed is the default; a file that never said otherwise needs no line
        else:
            place(document, key, node(value), PERSON_ORDER)
    return dump(document)


def add_mentee_text(existing: str, login: str, joined: date) -> str:
    """The cohort file with one more active mentee, edited round-trip."""
    return add_membership_text(existing, "mentees", login, joined)


def expected_readback(values: Mapping[str, Any]) -> list[tuple[JsonPath, Any]]:
    """The values a person file must read back as; merged roles and the default `listed` aside."""
    expected: list[tuple[JsonPath, Any]] = []
    for key, value in values.items():
        if key in ("seeks", "attributes"):
            expected += [((key, name), item) for name, item in value.items() if name != "roles"]
        elif key != "listed":
            expected.append(((key,), value))
    return expected
