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

The form is read in `intake_form`, the files are built in `intake_files`, and
what is said on GitHub is worded in `intake_texts`; this module decides and
validates.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.error import YAMLError as RuamelError

from cohortkit.data.datatree import DATA_FOLDERS, DataFile, schema_folder_of
from cohortkit.data.load import LoadMemo, load_tree
from cohortkit.data.model import Cohort, Model
from cohortkit.data.problems import JsonPath, Problem
from cohortkit.data.schemas import schema_dir
from cohortkit.data.yamlread import MAX_FILE_BYTES, parse_yaml_text
from cohortkit.data.yamlwrite import reads_back
from cohortkit.join.intake_files import (
    PERSON_ORDER,
    add_mentee_text,
    expected_readback,
    person_file_path,
    person_text,
)
from cohortkit.join.intake_form import LABELS, Answers, FormProblem, parse_form
from cohortkit.program.calendar import closed_to_mentees, open_to_mentees
from cohortkit.validation.rules import RuleContext, run_rules

LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
# Problems found by validation, pointed back at the form field the user can change.
_PATH_LABELS: dict[str, str] = dict(LABELS) | {
    "seeks.roles": LABELS["roles"],
    "seeks.programs": LABELS["programs"],
    "seeks.tracks": LABELS["tracks"],
    "seeks.help": LABELS["help"],
    "seeks.interaction": LABELS["interaction"],
}


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
    person_path = person_file_path(root, login)
    result.person_file = person_path
    existing = _read(root / person_path)
    result.new_person = existing is None
    document_login = _existing_login(existing) or login
    cohort = _wanted_cohort(model, answers, login, today, result)
    if cohort is not None and not any(m.person.lower() == login.lower() for m in cohort.active_mentees):
        result.cohort = cohort
    elif cohort is not None:
        result.notes.append(f"{login} is already an active mentee of {cohort.id}")
    header = DataFile(
        "person",
        root / person_path,
        person_path,
        Path(person_path).stem,
        schema_folder=schema_folder_of(root),
    ).schema_header

    def files_for(values: Mapping[str, Any]) -> dict[str, str]:
        changes: dict[str, str] = {}
        text = person_text(document_login, values, header, existing)
        reads_back(text, expected_readback(values), person_path)
        if text != existing:
            changes[person_path] = text
        if result.cohort is not None:
            joined = add_mentee_text(_read(root / result.cohort.file) or "", document_login, today)
            entry = {"person": document_login, "joined": today, "outcome": "active"}
            reads_back(joined, [(("mentees", -1), entry)], result.cohort.file)
            changes[result.cohort.file] = joined
        return changes

    values = _with_agreement(answers, model, existing, today, result)
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


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _existing_value(text: str | None, key: str) -> Any:
    if text is None:
        return None
    data, _ = parse_yaml_text(text, "person")
    return data.get(key) if isinstance(data, dict) else None


def _existing_login(text: str | None) -> str | None:
    login = _existing_value(text, "login")
    return login if isinstance(login, str) and LOGIN.match(login) else None


def _with_agreement(
    answers: Answers, model: Model, existing: str | None, today: date, result: Intake
) -> dict[str, Any]:
    """The answers as person values, with today as the day a mentor agreed when the box is ticked.

    A date already in the file is the day they first agreed and stays, whether the
    box is ticked again or not: unticking an edited form is no way to withdraw it.
    """
    values = answers.person_values()
    if "mentor" not in result.roles:
        return values
    recorded = _existing_value(existing, "mentor_agreement")
    if answers.mentor_agreement and recorded is None:
        values["mentor_agreement"] = today
        result.notes.append(f"mentor agreement: agreed on the form, recorded as {today.isoformat()}")
    elif recorded is None:
        asking = sorted(
            program_id
            for program_id in answers.programs or ()
            if (program := model.programs.get(program_id)) is not None and program.mentor_agreement_required
        )
        if asking:
            result.notes.append(
                f"no mentor agreement recorded: {', '.join(asking)} asks for one before a mentor leads a "
                "cohort (ticking it on the form, by editing the sign-up issue, records it)"
            )
    return {key: values[key] for key in PERSON_ORDER if key in values}


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
    # The tree's own schemas, by their path: compiled once per process, not once per copy. The
    # second load re-reads only the files the changes touched (a memo keyed by their bytes).
    schemas, memo = schema_dir(root), LoadMemo()
    with tempfile.TemporaryDirectory(prefix="cohortkit-intake-") as temporary:
        copy = Path(temporary)
        for folder in DATA_FOLDERS:
            if (root / folder).is_dir():
                shutil.copytree(root / folder, copy / folder, symlinks=True)
        before = {_key(p) for p in _errors(copy, schemas, memo)}
        for shown, text in changes.items():
            target = copy / shown
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return [p for p in _errors(copy, schemas, memo) if _key(p) not in before]


def _errors(root: Path, schemas: Path, memo: LoadMemo) -> Iterator[Problem]:
    memo.content_ids = _content_ids(root)
    tree = load_tree(root, schemas, memo)
    problems = tree.problems + run_rules(RuleContext(tree.model, root))
    return (p for p in problems if p.severity == "error")


def _content_ids(root: Path) -> dict[str, str]:
    """A digest of each regular data file's bytes, by its shown path. Anything else (a link, a
    FIFO, a folder named like a file, a file past the reader's size limit) gets none, so the
    loader reads it afresh and reports it as it always does; nothing here opens it."""
    found: dict[str, str] = {}
    for folder in DATA_FOLDERS:
        for parent, _dirs, names in os.walk(root / folder, followlinks=False):  # a link loop ends here
            for name in names:
                path = Path(parent, name)
                try:
                    status = path.lstat()
                    if stat.S_ISREG(status.st_mode) and status.st_size <= MAX_FILE_BYTES:
                        digest = hashlib.sha256(path.read_bytes()).hexdigest()
                        found[path.relative_to(root).as_posix()] = digest
                except OSError:
                    continue
    return found


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
