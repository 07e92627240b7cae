"""What GitHub hands a workflow: an issue form's rendered body, and the step outputs the runner reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

TEMPLATES = Path(__file__).resolve().parent.parent / ".github" / "ISSUE_TEMPLATE"


def template(name: str) -> dict[str, Any]:
    return yaml.safe_load((TEMPLATES / f"{name}.yml").read_text(encoding="utf-8"))


def render(answers: dict[str, Any], form: str = "mentee") -> str:
    """The issue body GitHub renders from an issue form: every field, in the form's order."""
    sections = []
    for item in template(form)["body"]:
        if item["type"] == "markdown":
            continue
        label = item["attributes"]["label"]
        given = answers.get(label)
        if item["type"] == "checkboxes":
            ticked = given or []
            value = "\n".join(
                f"- [{'X' if option['label'] in ticked else ' '}] {option['label']}"
                for option in item["attributes"]["options"]
            )
        else:
            value = given if given else "_No response_"
        sections.append(f"### {label}\n\n{value}")
    return "\n\n".join(sections)


def outputs_of(path: Path) -> dict[str, str]:
    """Parse $GITHUB_OUTPUT as the runner does: name<<DELIMITER ... DELIMITER."""
    found: dict[str, str] = {}
    lines = path.read_text().split("\n")
    index = 0
    while index < len(lines) and lines[index]:
        name, delimiter = lines[index].split("<<", 1)
        end = lines.index(delimiter, index + 1)
        found[name] = "\n".join(lines[index + 1 : end])
        index = end + 1
    return found
