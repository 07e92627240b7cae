"""The schemas document themselves: they become the data reference on the site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cohortkit.data.schemas import KINDS, SCHEMA_FILES, SHARED_SCHEMA, read_schema_documents, schema_registry
from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def properties(schema: dict[str, Any], pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property schema in a schema document, with its JSON pointer."""
    for name, sub in schema.get("properties", {}).items():
        here = f"{pointer}/properties/{name}"
        yield here, sub
        yield from properties(sub, here)
        if isinstance(sub.get("items"), dict):
            yield from properties(sub["items"], f"{here}/items")
    for name, sub in schema.get("$defs", {}).items():
        yield from properties(sub, f"{pointer}/$defs/{name}")
        if isinstance(sub.get("items"), dict):
            yield from properties(sub["items"], f"{pointer}/$defs/{name}/items")


@pytest.mark.parametrize("name", [SHARED_SCHEMA, *SCHEMA_FILES.values()])
def test_schema_is_valid_draft_2020_12(name):
    document = json.loads((SCHEMAS / name).read_text())
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("name", [SHARED_SCHEMA, *SCHEMA_FILES.values()])
def test_every_property_has_a_description_and_examples(name):
    document = json.loads((SCHEMAS / name).read_text())
    undocumented = [
        f"{name}#{pointer}"
        for pointer, sub in properties(document)
        if not sub.get("description") or not sub.get("examples")
    ]
    assert undocumented == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_example_is_valid_for_its_property(kind):
    """An example that fails its own schema would teach people the wrong thing."""
    documents = read_schema_documents(SCHEMAS)
    registry = schema_registry(documents)
    bad = []
    for pointer, sub in properties(documents[SCHEMA_FILES[kind]]):
        # Refer to the property through the registry so its relative $refs still resolve.
        check = Draft202012Validator({"$ref": f"{SCHEMA_FILES[kind]}#{pointer}"}, registry=registry)
        for example in sub.get("examples", []):
            errors = list(check.iter_errors(example))
            if errors:
                bad.append(f"{pointer}: {example!r}: {errors[0].message}")
    assert bad == []


def test_no_contact_fields_in_the_person_schema():
    person = json.loads((SCHEMAS / "person.schema.json").read_text())
    names = {name.lower() for name in person["properties"]}
    assert not names & {"email", "mail", "phone", "telephone", "address"}
    assert person["additionalProperties"] is False
