"""The sign-up issue form read as answers: headings, fields, values, and the defences against hostile text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

LABEL = "intake"  # the label the issue forms put on sign-up issues
MAX_BODY = 65_536  # GitHub's own limit for an issue body
MAX_ANSWER = 4_000  # characters; far above any field's limit, so the schema says what is too long
NO_RESPONSE = "_No response_"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_ATTRIBUTE = re.compile(r"^([a-z][a-z0-9_]{0,62})\s*[:=]\s*(.*)$")
_INT = re.compile(r"^[+-]?[0-9]{1,15}$")
_FLOAT = re.compile(r"^[+-]?[0-9]{1,15}\.[0-9]{1,15}$")
_URL = re.compile(r"^https?://\S+$")
_MARKDOWN_LINK = re.compile(r"^\[(?P<title>[^\]]*)\]\((?P<url>[^)\s]+)\)$")
_CHECKBOX = re.compile(r"^\s*[-*]\s+\[(?P<mark>[ xX])\]\s*(?P<option>.*)$")
# What PyYAML's reader accepts (YAML 1.1 printable), minus tab and the breaks handled before.
_UNPRINTABLE = re.compile("[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Invisible characters that reorder or hide text (Trojan Source) and byte-order marks.
_INVISIBLE = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")

# The form's headings (the `label:` of each field in the templates) and what they fill.
FIELDS: dict[str, str] = {
    "Name": "name",
    "Pronouns": "pronouns",
    "Time zone": "timezone",
    "Region": "region",
    "Languages": "languages",
    "Short bio": "bio",
    "Links": "links",
    "Topics you are interested in": "interests",
    "Roles": "roles",
    "Programs": "programs",
    "Tracks": "tracks",
    "Kind of help": "help",
    "How you like to meet": "interaction",
    "Cohorts you can mentor at once": "mentor_capacity",
    "Eligibility facts": "attributes",
    "Cohort wanted": "cohort",
    "Public profile": "listed",
    "Mentor agreement": "mentor_agreement",
    "Code of conduct": "conduct",
}
LABELS = {key: label for label, key in FIELDS.items()}
ROLE_CHOICES: dict[str, tuple[str, ...]] = {
    "mentee": ("mentee",),
    "mentor": ("mentor",),
    "mentee and mentor": ("mentee", "mentor"),
    "mentor and mentee": ("mentor", "mentee"),
}
HELP_CHOICES = ("technical", "career", "both")
INTERACTION_CHOICES = ("async", "video", "in-person")
REGION_CHOICES = ("Africa", "Asia", "Europe", "North America", "Oceania", "South America", "Antarctica")


@dataclass(frozen=True, slots=True)
class FormProblem:
    """Something to fix, under the form field it concerns ("" for the form as a whole)."""

    label: str
    message: str


@dataclass
class Answers:
    """A parsed sign-up form. None means "no answer": an existing file keeps its value."""

    name: str | None = None
    pronouns: str | None = None
    timezone: str | None = None
    region: str | None = None
    languages: list[str] | None = None
    bio: str | None = None
    links: list[dict[str, str]] | None = None
    interests: list[str] | None = None
    roles: tuple[str, ...] | None = None
    programs: list[str] | None = None
    tracks: list[str] | None = None
    help: str | None = None
    interaction: list[str] | None = None
    mentor_capacity: int | None = None
    attributes: dict[str, bool | int | float | str] | None = None
    cohort: str | None = None
    listed: bool | None = None
    # Ticked: the person agrees now (intake records the day); not a value of the file itself.
    mentor_agreement: bool | None = None
    conduct: bool = False
    problems: list[FormProblem] = field(default_factory=list)

    def person_values(self) -> dict[str, Any]:
        """The answered person keys as plain values (`seeks` nested), in schema order."""
        values: dict[str, Any] = {}
        for key in ("name", "pronouns", "timezone", "region", "languages", "bio", "links", "interests"):
            if getattr(self, key) is not None:
                values[key] = getattr(self, key)
        seeks = {
            key: value
            for key, value in (
                ("roles", list(self.roles) if self.roles else None),
                ("programs", self.programs),
                ("tracks", self.tracks),
                ("help", self.help),
                ("interaction", self.interaction),
            )
            if value is not None
        }
        if seeks:
            values["seeks"] = seeks
        for key in ("mentor_capacity", "attributes", "listed"):
            if getattr(self, key) is not None:
                values[key] = getattr(self, key)
        return values


def clean(text: str) -> str:
    """Text with line breaks unified, tabs as spaces, and nothing invisible or unprintable left."""
    text = text[:MAX_BODY].replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\x85\u2028\u2029]", "\n", text).replace("\t", " ")
    text = _UNPRINTABLE.sub("", _INVISIBLE.sub("", text))
    return unicodedata.normalize("NFC", text)


def split_sections(body: str) -> tuple[dict[str, str], list[FormProblem]]:
    """The answers under each known `### Label`, as raw text.

    A `###` line that is not one of the form's labels is part of the answer
    it appears in (a bio may have headings). A label given twice is refused
    rather than guessed at.
    """
    known = {label.casefold(): label for label in FIELDS}
    sections: dict[str, list[str]] = {}
    problems: list[FormProblem] = []
    current: list[str] | None = None
    for line in clean(body).split("\n"):
        heading = re.match(r"^#{3}\s+(.+?)\s*#*\s*$", line)
        label = known.get(heading[1].casefold()) if heading else None
        if label is None:
            if current is not None:
                current.append(line)
            continue
        if label in sections:
            problems.append(FormProblem(label, "this question appears twice in the issue; keep one answer"))
            current = []  # the repeated answer is read and dropped
            continue
        current = sections[label] = []
    return {label: "\n".join(lines).strip() for label, lines in sections.items()}, problems


def parse_form(body: str) -> Answers:
    """Read every answer of a sign-up form; problems are collected, never raised."""
    raw, problems = split_sections(body or "")
    answers = Answers(problems=problems)
    if not raw:
        answers.problems.append(
            FormProblem(
                "",
                "this issue does not look like the sign-up form; open a new issue with "
                "'Sign up as a mentee' or 'Sign up as a mentor'",
            )
        )
        return answers
    for label, text in raw.items():
        key = FIELDS[label]
        value = None if text in ("", NO_RESPONSE) else text
        if value is not None and len(value) > MAX_ANSWER:
            answers.problems.append(
                FormProblem(label, f"the answer is {len(value)} characters long; shorten it a lot")
            )
            continue
        _READERS[key](answers, label, value)
    for required in ("Name", "Time zone", "Code of conduct"):
        if required not in raw:
            answers.problems.append(FormProblem(required, "this question is missing from the issue"))
    return answers


def _line(answers: Answers, label: str, value: str | None) -> None:
    # One-line fields: whatever line breaks an edited body brings become spaces.
    setattr(answers, FIELDS[label], " ".join(value.split()) if value else None)
    if FIELDS[label] in ("name", "timezone") and not value:
        answers.problems.append(FormProblem(label, "this answer is required"))


def _words(value: str | None) -> list[str] | None:
    if value is None:
        return None
    words = [w.strip("`'\"") for w in re.split(r"[\s,;]+", value)]
    return list(dict.fromkeys(w for w in words if w))  # uniqueItems, first mention kept


def _ids(answers: Answers, label: str, value: str | None) -> None:
    words = _words(value)
    setattr(answers, FIELDS[label], [w.lower() for w in words] if words is not None else None)


def _languages(answers: Answers, label: str, value: str | None) -> None:
    answers.languages = _words(value)


def _bio(answers: Answers, label: str, value: str | None) -> None:
    answers.bio = value


def _links(answers: Answers, label: str, value: str | None) -> None:
    if value is None:
        return
    links: list[dict[str, str]] = []
    for number, line in enumerate((x.strip() for x in value.split("\n")), start=1):
        if not line:
            continue
        line = line.lstrip("-* ").strip()
        markdown = _MARKDOWN_LINK.match(line)
        if markdown:
            title, url = markdown["title"].strip(), markdown["url"]
        else:
            title, _, url = line.rpartition(" ")
            url = url.strip("<>")
            title = title.strip(" -:|")
        if not _URL.match(url):
            answers.problems.append(
                FormProblem(
                    label,
                    f"line {number} has no web address at its end; write a title, then the address "
                    "starting with https://",
                )
            )
            continue
        links.append({"title": title or url.split("/")[2], "url": url})
    answers.links = links or None


def _choice(value: str | None, choices: Iterable[str]) -> str | None:
    if value is None:
        return None
    folded = {choice.casefold(): choice for choice in choices}
    return folded.get(" ".join(value.split()).casefold())


def _roles(answers: Answers, label: str, value: str | None) -> None:
    chosen = _choice(value, ROLE_CHOICES)
    if value is not None and chosen is None:
        answers.problems.append(_not_a_choice(label, ROLE_CHOICES))
    answers.roles = ROLE_CHOICES[chosen] if chosen else None


def _help(answers: Answers, label: str, value: str | None) -> None:
    answers.help = _choice(value, HELP_CHOICES)
    if value is not None and answers.help is None:
        answers.problems.append(_not_a_choice(label, HELP_CHOICES))


def _region(answers: Answers, label: str, value: str | None) -> None:
    answers.region = _choice(value, REGION_CHOICES)
    if value is not None and answers.region is None and value.casefold() != "none":
        answers.problems.append(_not_a_choice(label, REGION_CHOICES))


def _ticked(value: str | None) -> list[str] | None:
    """The options ticked in a checkboxes answer; None when the answer has no checkbox at all."""
    if value is None:
        return None
    boxes = [m for m in map(_CHECKBOX.match, value.split("\n")) if m]
    if not boxes:
        return None
    return [m["option"].strip() for m in boxes if m["mark"] in "xX"]


def _interaction(answers: Answers, label: str, value: str | None) -> None:
    ticked = _ticked(value)
    if ticked is None:
        return
    chosen: list[str] = []
    for option in ticked:
        word = option.split(" ", 1)[0].casefold()
        if word not in INTERACTION_CHOICES:
            answers.problems.append(_not_a_choice(label, INTERACTION_CHOICES))
        elif word not in chosen:
            chosen.append(word)
    answers.interaction = chosen or None


def _capacity(answers: Answers, label: str, value: str | None) -> None:
    if value is None:
        return
    first = value.split(" ", 1)[0]
    if not _INT.match(first):
        answers.problems.append(FormProblem(label, "choose a number from the list"))
        return
    answers.mentor_capacity = int(first)


def _attributes(answers: Answers, label: str, value: str | None) -> None:
    if value is None:
        return
    facts: dict[str, bool | int | float | str] = {}
    for number, line in enumerate((x.strip().lstrip("-* ") for x in value.split("\n")), start=1):
        if not line:
            continue
        match = _ATTRIBUTE.match(line)
        if match is None or not match[2].strip():
            answers.problems.append(
                FormProblem(
                    label,
                    f"line {number} is not in the form 'name: value' with a name in lower case and "
                    "underscores, for example workshops_taught: 2",
                )
            )
            continue
        facts[match[1]] = _fact(match[2].strip())
    answers.attributes = facts or None


def _fact(text: str) -> bool | int | float | str:
    lowered = text.casefold()
    if lowered in ("yes", "true"):
        return True
    if lowered in ("no", "false"):
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def _cohort(answers: Answers, label: str, value: str | None) -> None:
    words = _words(value)
    if not words:
        return
    if len(words) > 1:
        answers.problems.append(FormProblem(label, "name one cohort only"))
        return
    answers.cohort = words[0].lower()
    if not _ID.match(answers.cohort):
        answers.problems.append(
            FormProblem(label, "a cohort id is lower-case letters, digits and hyphens, as in its file name")
        )
        answers.cohort = None


def _one_box(answers: Answers, label: str, value: str | None) -> None:
    # A question of one checkbox: ticked, unticked, or (no box at all) no answer.
    ticked = _ticked(value)
    setattr(answers, FIELDS[label], bool(ticked) if ticked is not None else None)


def _conduct(answers: Answers, label: str, value: str | None) -> None:
    answers.conduct = bool(_ticked(value))
    if not answers.conduct:
        answers.problems.append(FormProblem(label, "tick the box to agree to the code of conduct"))


def _not_a_choice(label: str, choices: Iterable[str]) -> FormProblem:
    return FormProblem(label, "choose one of: " + ", ".join(choices))


_READERS = {
    "name": _line,
    "pronouns": _line,
    "timezone": _line,
    "region": _region,
    "languages": _languages,
    "bio": _bio,
    "links": _links,
    "interests": _ids,
    "roles": _roles,
    "programs": _ids,
    "tracks": _ids,
    "help": _help,
    "interaction": _interaction,
    "mentor_capacity": _capacity,
    "attributes": _attributes,
    "cohort": _cohort,
    "listed": _one_box,
    "mentor_agreement": _one_box,
    "conduct": _conduct,
}
