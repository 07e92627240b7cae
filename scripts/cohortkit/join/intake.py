"""Sign-up issue forms turned into a person file (and a cohort seat), validated first.

The issue body is what GitHub renders from `.github/ISSUE_TEMPLATE/mentee.yml`
or `mentor.yml`: one `### Label` heading per field, then the answer,
`_No response_` for an empty one and `- [X] option` for ticked checkboxes.
Anyone can open such an issue and edit its body into any shape afterwards,
so every answer is hostile text:

- the login is never read from the body: the caller passes the issue's author;
- control, bidirectional and other invisible characters are removed, and
  every answer is capped in length before it is looked at;
- nothing is pasted into YAML: documents are built as values and written by
  ruamel.yaml, which quotes what needs quoting; a string that YAML 1.1 (what
  the validator's PyYAML reads) would take for something else, such as `no`
  or `12:30`, is quoted explicitly, and what was written is read back and
  compared with what was meant;
- Markdown or HTML in a name or bio stays a plain string (the site escapes
  it), and text echoed into a GitHub comment is escaped there.

Nothing is written until the result has passed the project's own loader,
schemas and cross-file rules, run on a copy of the data tree. Existing files
(a person signing up again, the cohort joined) are edited round-trip, so
their comments, order and quoting survive, and answers left empty never
remove what a file already says.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError

from cohortkit.data.datatree import DATA_FOLDERS, DataFile
from cohortkit.data.load import load_tree
from cohortkit.data.model import Cohort, Model
from cohortkit.data.problems import JsonPath, Problem
from cohortkit.data.schemas import schema_dir
from cohortkit.data.yamlread import parse_yaml_text
from cohortkit.data.yamlwrite import dump, load, move_trailing_comment, node, place, reads_back
from cohortkit.program.calendar import closed_to_mentees, open_to_mentees
from cohortkit.validation.rules import RuleContext, run_rules

LABEL = "intake"  # the label the issue forms put on sign-up issues
MAX_BODY = 65_536  # GitHub's own limit for an issue body
MAX_ANSWER = 4_000  # characters; far above any field's limit, so the schema says what is too long
NO_RESPONSE = "_No response_"
LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
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
# Where each person key goes in a new file and among an existing file's keys: the schema's order.
PERSON_ORDER = (
    *("login", "name", "pronouns", "timezone", "region", "languages", "bio", "links", "interests"),
    *("seeks", "mentor_capacity", "attributes", "onboarded", "mentor_agreement", "away_until", "listed"),
)
SEEKS_ORDER = ("roles", "programs", "tracks", "help", "interaction")
# Problems found by validation, pointed back at the form field the user can change.
_PATH_LABELS: dict[str, str] = dict(LABELS) | {
    "seeks.roles": LABELS["roles"],
    "seeks.programs": LABELS["programs"],
    "seeks.tracks": LABELS["tracks"],
    "seeks.help": LABELS["help"],
    "seeks.interaction": LABELS["interaction"],
}


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


# Reading the form


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


def _listed(answers: Answers, label: str, value: str | None) -> None:
    ticked = _ticked(value)
    answers.listed = bool(ticked) if ticked is not None else None


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
    "listed": _listed,
    "conduct": _conduct,
}


# Writing the files


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
    document = load(existing)
    mentees = document.get("mentees") if isinstance(document, CommentedMap) else None
    if not isinstance(mentees, CommentedSeq):
        raise ValueError("the cohort file has no mentees list")
    entry = CommentedMap([("person", login), ("joined", joined), ("outcome", "active")])
    if mentees:
        move_trailing_comment(mentees[-1], entry)
    if mentees.fa.flow_style():
        mentees.fa.set_block_style()  # `mentees: []` grows into a block list like the others
    mentees.append(entry)
    return dump(document)


# Deciding and validating


@dataclass
class Intake:
    """What a form becomes: files to write, or problems to tell the person about."""

    login: str
    issue: int
    problems: list[FormProblem] = field(default_factory=list)
    changes: dict[str, str] = field(default_factory=dict)  # shown path -> new text
    person_file: str = ""
    new_person: bool = True
    cohort: Cohort | None = None
    roles: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def prepare(root: Path, login: str, issue: int, body: str, today: date) -> Intake:
    """Parse, build and validate; nothing is written here."""
    result = Intake(login, issue)
    if not LOGIN.match(login):
        result.problems.append(
            FormProblem("", f"the account {_quote(login)} cannot sign up: only personal GitHub accounts can")
        )
        return result
    answers = parse_form(body)
    result.problems.extend(answers.problems)
    result.roles = answers.roles or ()
    tree = load_tree(root)
    model = tree.model
    person_path = _person_path(root, login)
    result.person_file = person_path
    existing = _read(root / person_path)
    result.new_person = existing is None
    document_login = _existing_login(existing) or login
    cohort = _wanted_cohort(model, answers, login, today, result)
    if cohort is not None and not any(m.person.lower() == login.lower() for m in cohort.active_mentees):
        result.cohort = cohort
    elif cohort is not None:
        result.notes.append(f"{login} is already an active mentee of {cohort.id}")
    header = DataFile("person", root / person_path, person_path, Path(person_path).stem).schema_header

    def files_for(values: Mapping[str, Any]) -> dict[str, str]:
        changes: dict[str, str] = {}
        text = person_text(document_login, values, header, existing)
        reads_back(text, _expected(values), person_path)
        if text != existing:
            changes[person_path] = text
        if result.cohort is not None:
            joined = add_mentee_text(_read(root / result.cohort.file) or "", document_login, today)
            entry = {"person": document_login, "joined": today, "outcome": "active"}
            reads_back(joined, [(("mentees", -1), entry)], result.cohort.file)
            changes[result.cohort.file] = joined
        return changes

    values = answers.person_values()
    try:
        result.changes = files_for(values)
        found = validate_changes(root, result.changes) if result.changes else []
        result.problems += _form_problems(found, person_path, result)
        # A person file that fails its schema stays out of the cross-file rules (time zone, programs,
        # seats, eligibility). Those answers are checked again without the failing ones, so the
        # comment lists everything to fix at once, not one round at a time.
        failed = _failed_keys(found, person_path)
        if failed:
            reduced = {key: value for key, value in values.items() if key not in failed}
            if isinstance(values.get("seeks"), Mapping):
                reduced["seeks"] = {k: v for k, v in values["seeks"].items() if f"seeks.{k}" not in failed}
            reduced = {"name": "placeholder", "timezone": "UTC"} | reduced  # required keys
            again = validate_changes(root, files_for(reduced))
            result.problems += _form_problems(again, person_path, result)
    except (RuamelError, ValueError) as exc:
        # An existing file that ruamel cannot read (or a bug of ours): nobody but a coordinator can fix it.
        result.problems.append(
            FormProblem("", f"the files could not be prepared ({_quote(str(exc))}); a coordinator will look")
        )
    if not result.ok:
        result.changes = {}
    return result


def _form_problems(found: Iterable[Problem], person_file: str, result: Intake) -> list[FormProblem]:
    """Validation problems as form problems; one per field the form already objects to is enough."""
    taken = {p.label for p in result.problems if p.label}
    said = {(p.label, p.message) for p in result.problems}
    problems = []
    for problem in found:
        label = _label_for(problem, person_file, result.cohort)
        form_problem = FormProblem(label, _advice(problem))
        if label not in taken and (form_problem.label, form_problem.message) not in said:
            said.add((form_problem.label, form_problem.message))
            problems.append(form_problem)
    return problems


def _failed_keys(found: Iterable[Problem], person_file: str) -> set[str]:
    failed = set()
    for problem in found:
        if problem.file != person_file or not problem.path:
            continue
        first = str(problem.path[0])
        failed.add(first)
        if first == "seeks" and len(problem.path) > 1:
            failed.add(f"seeks.{problem.path[1]}")
    if "seeks" in failed and any(key.startswith("seeks.") for key in failed):
        failed.discard("seeks")  # only the failing parts of seeks are left out
    return failed


def _expected(values: Mapping[str, Any]) -> list[tuple[JsonPath, Any]]:
    """The values a person file must read back as; merged roles and the default `listed` aside."""
    expected: list[tuple[JsonPath, Any]] = []
    for key, value in values.items():
        if key in ("seeks", "attributes"):
            expected += [((key, name), item) for name, item in value.items() if name != "roles"]
        elif key != "listed":
            expected.append(((key,), value))
    return expected


def _person_path(root: Path, login: str) -> str:
    """people/<login>.yaml, or the existing file of that login written in other letter case."""
    folder = root / "people"
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.suffix == ".yaml" and entry.stem.lower() == login.lower() and not entry.is_symlink():
                return f"people/{entry.name}"
    return f"people/{login}.yaml"


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _existing_login(text: str | None) -> str | None:
    if text is None:
        return None
    data, _ = parse_yaml_text(text, "person")
    login = data.get("login") if isinstance(data, dict) else None
    return login if isinstance(login, str) and LOGIN.match(login) else None


def _wanted_cohort(model: Model, answers: Answers, login: str, today: date, result: Intake) -> Cohort | None:
    if answers.cohort is None:
        return None
    label = LABELS["cohort"]
    cohort = model.cohorts.get(answers.cohort)
    choices = _open_cohorts(model, today)
    others = (
        "cohorts with free seats now: " + ", ".join(choices[:10])
        if choices
        else "no cohort has a free seat now"
    )
    if cohort is None:
        result.problems.append(
            FormProblem(label, f"there is no cohort {_quote(answers.cohort)}; {others}, or leave this empty")
        )
        return None
    roles = answers.roles or ()
    if "mentee" not in roles:
        result.problems.append(
            FormProblem(
                label, "joining a cohort here is for mentees; choose a role with mentee or leave this empty"
            )
        )
        return None
    if any(m.person.lower() == login.lower() for m in cohort.active_mentees):
        return cohort
    closed = closed_to_mentees(cohort, model.programs.get(cohort.program), today)
    if closed:
        result.problems.append(
            FormProblem(
                label,
                f"cohort {cohort.id} takes no new mentees now: {closed}; choose another ({others}) or leave this empty",
            )
        )
        return None
    return cohort


def _open_cohorts(model: Model, today: date) -> list[str]:
    # The same test as the site's open seats page and the review's.
    return sorted(
        c.id for c in model.cohorts.values() if open_to_mentees(c, model.programs.get(c.program), today)
    )


def validate_changes(root: Path, changes: Mapping[str, str]) -> list[Problem]:
    """Errors the changes would bring, by the project's own loader, schemas and rules.

    A copy of the data tree is checked before and after the changes, so only
    what the changes add is reported: a problem already on the default branch
    is not the signing-up person's to fix.
    """
    with tempfile.TemporaryDirectory(prefix="cohortkit-intake-") as temporary:
        copy = Path(temporary)
        for folder in DATA_FOLDERS:
            if (root / folder).is_dir():
                shutil.copytree(root / folder, copy / folder, symlinks=True)
        shutil.copytree(schema_dir(root), copy / "schemas")
        before = {_key(p) for p in _errors(copy)}
        for shown, text in changes.items():
            target = copy / shown
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return [p for p in _errors(copy) if _key(p) not in before]


def _errors(root: Path) -> Iterator[Problem]:
    tree = load_tree(root)
    problems = tree.problems + run_rules(RuleContext(tree.model, root))
    return (p for p in problems if p.severity == "error")


def _key(problem: Problem) -> tuple[str, str, str, JsonPath]:
    return (problem.file, problem.rule, problem.message, problem.path)


def _label_for(problem: Problem, person_file: str, cohort: Cohort | None) -> str:
    missing = re.match(r"missing required key '(\w+)'$", problem.message)
    if problem.file == person_file and not problem.path and missing:
        return _PATH_LABELS.get(missing[1], "")
    if problem.file == person_file and problem.path:
        first = str(problem.path[0])
        second = f"{first}.{problem.path[1]}" if len(problem.path) > 1 else first
        return _PATH_LABELS.get(second) or _PATH_LABELS.get(first) or ""
    if cohort is not None and problem.file == cohort.file:
        return LABELS["cohort"]
    return ""


def _advice(problem: Problem) -> str:
    text = problem.text
    if problem.rule == "eligibility":
        text += "; if you do meet it, add the fact under Eligibility facts"
    return text


def _quote(text: str) -> str:
    shown = text if len(text) <= 60 else text[:57] + "..."
    return json.dumps(shown, ensure_ascii=False)


# Texts for GitHub


def md(text: str) -> str:
    """Untrusted text inside a GitHub comment: shown as written, never as Markdown, HTML or a mention."""
    text = html.escape(" ".join(text.split()), quote=False)
    # Backslash escapes for what makes emphasis, code, links, headings or tables anywhere in a line.
    text = re.sub(r"([\\`*_\[\]#|~])", r"\\\1", text)
    if text[:1] in ("-", "+"):
        text = "\\" + text  # a list marker only at the start
    # A word joiner after @ keeps text from mentioning anyone.
    return text.replace("@", "@\u2060")


def fix_it_comment(result: Intake, marker_text: str) -> str:
    lines = [
        marker_text,
        f"Thank you for signing up, @{result.login}! A few answers need a change before a pull request "
        "can be made from this form:",
        "",
    ]
    for problem in result.problems:
        where = f"**{problem.label}**: " if problem.label else ""
        lines.append(f"- {where}{md(problem.message)}")
    lines += [
        "",
        "Edit this issue (the **⋯** menu at the top of it, then **Edit**), change those answers and "
        "save: the check runs again by itself and this comment is updated.",
    ]
    return "\n".join(lines) + "\n"


def settled_comment(result: Intake, marker_text: str, unchanged: bool) -> str:
    if unchanged:
        text = (
            f"@{result.login}, your file {result.person_file} already says all of this, so there is "
            "nothing to change. You can close this issue."
        )
    else:
        text = (
            f"Thank you, @{result.login}: the answers check out now, and a pull request adding them "
            f"is open on branch `{branch_name(result)}`. A coordinator reviews it."
        )
    return f"{marker_text}\n{text}\n"


def branch_name(result: Intake) -> str:
    return f"intake/{result.login.lower()}-{result.issue}"


def pull_request_title(result: Intake) -> str:
    roles = " and ".join(result.roles) or "person"
    verb = "Add" if result.new_person else "Update"
    where = f", joining {result.cohort.id}" if result.cohort else ""
    return f"{verb} {result.login} ({roles}{where}) from sign-up #{result.issue}"


def pull_request_body(result: Intake, today: date) -> str:
    what = (
        "a new person file" if result.new_person else "updated answers; anything the form left empty is kept"
    )
    lines = [
        f"Sign-up form #{result.issue} by @{result.login}, turned into files by `cohortkit intake`.",
        "",
        f"- `{result.person_file}`: {what}",
    ]
    if result.cohort is not None:
        lines.append(
            f"- `{result.cohort.file}`: {result.login} joins as a mentee "
            f"(joined {today.isoformat()}, outcome active)"
        )
    lines += [f"- note: {note}" for note in result.notes]
    lines += [
        "",
        "The files passed `cohortkit validate`'s schemas and cross-file rules before this pull request "
        "was made. Pull requests opened by the workflow token do not start other workflows: close and "
        "reopen it to run the checks.",
        "",
        f"Closes #{result.issue}",
    ]
    return "\n".join(lines) + "\n"
