"""The labels the tool uses, read from github/labels.yaml, and the sync plan for them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

STATUS_LABELS = ("on track", "at risk", "stalled", "completed")
MAX_LABEL_LENGTH = 50  # GitHub's limit


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    color: str
    description: str


@dataclass(frozen=True, slots=True)
class LabelChange:
    action: str  # "create" or "update"
    label: Label


@cache
def _catalogue() -> dict[str, Any]:
    text = resources.files("cohortkit.github").joinpath("labels.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def owner_label() -> str:
    return str(_catalogue()["owner"])


def fixed_labels() -> list[Label]:
    return [Label(str(x["name"]), str(x["color"]), str(x["description"])) for x in _catalogue()["labels"]]


def _generated(kind: str, ident: str, description: str) -> Label:
    spec = _catalogue()["generated"][kind]
    name = f"{spec['prefix']}{ident}"
    if len(name) > MAX_LABEL_LENGTH:
        # Keep the name unique and stable when an id is longer than a label may be.
        digest = hashlib.sha1(ident.encode()).hexdigest()[:8]
        name = f"{name[: MAX_LABEL_LENGTH - 9]}-{digest}"
    return Label(name, str(spec["color"]), description[:100])


def cohort_label(cohort_id: str, title: str = "") -> Label:
    return _generated("cohort", cohort_id, title or f"Cohort {cohort_id}")


def program_label(program_id: str, name: str = "") -> Label:
    return _generated("program", program_id, name or f"Program {program_id}")


def plan_label_sync(existing: list[tuple[str, str, str]], wanted: list[Label]) -> list[LabelChange]:
    """Create what is missing, fix colour and description; never delete anything."""
    current = {name.lower(): (name, color.lower(), description) for name, color, description in existing}
    changes = []
    for label in wanted:
        found = current.get(label.name.lower())
        if found is None:
            changes.append(LabelChange("create", label))
        elif (found[1], found[2]) != (label.color.lower(), label.description):
            changes.append(LabelChange("update", Label(found[0], label.color, label.description)))
    return changes
