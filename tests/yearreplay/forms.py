"""What people type into the sign-up issue forms, rendered as GitHub renders the issue body."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

TEMPLATES = Path(__file__).resolve().parents[2] / ".github" / "ISSUE_TEMPLATE"
_MEET = {
    "async": "async (chat, issues and email, in your own time)",
    "video": "video (calls)",
    "in-person": "in-person",
}
_SHOW = "Show my profile by name on the program's site"
_CONDUCT = "I agree to follow the code of conduct of the programs I take part in"


def _common(doc: dict[str, Any], role: str) -> dict[str, Any]:
    seeks = doc["seeks"]
    facts = "\n".join(
        f"{key}: {'yes' if value is True else 'no' if value is False else value}"
        for key, value in doc.get("attributes", {}).items()
    )
    return {
        "Name": doc["name"],
        "Pronouns": doc.get("pronouns", ""),
        "Time zone": doc["timezone"],
        "Region": doc.get("region", ""),
        "Languages": ", ".join(doc.get("languages", [])),
        "Short bio": doc.get("bio", ""),
        "Links": "\n".join(f"{link['title']} {link['url']}" for link in doc.get("links", [])),
        "Topics you are interested in": ", ".join(doc.get("interests", [])),
        "Roles": role,
        "Programs": ", ".join(seeks["programs"]),
        "Tracks": ", ".join(seeks.get("tracks", [])),
        "Kind of help": seeks.get("help", "both"),
        "How you like to meet": [_MEET[kind] for kind in seeks.get("interaction", [])],
        "Eligibility facts": facts,
        "Public profile": [_SHOW],
        "Code of conduct": [_CONDUCT],
    }


def mentee_answers(doc: dict[str, Any], cohort: str) -> dict[str, Any]:
    return _common(doc, "mentee") | {"Cohort wanted": cohort}


def mentor_answers(doc: dict[str, Any]) -> dict[str, Any]:
    return _common(doc, "mentor") | {"Cohorts you can mentor at once": str(doc.get("mentor_capacity", 1))}


def render_form(answers: dict[str, Any], form: str) -> str:
    """The issue body GitHub renders from an issue form: every field, in the form's order."""
    template = yaml.safe_load((TEMPLATES / f"{form}.yml").read_text(encoding="utf-8"))
    sections = []
    for item in template["body"]:
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
