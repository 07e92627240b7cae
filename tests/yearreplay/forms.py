"""What people type into the sign-up issue forms (issue_forms.render draws the body GitHub makes of it)."""

from __future__ import annotations

from typing import Any

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
