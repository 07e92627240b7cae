"""Fuzzing review-pr: whatever a branch changes under the data folders, the review shows it.

A throwaway repository of the example data (tests/review_repo.py) gets, per
example, a branch with one to three random edits: a field of a person changed,
a membership added, removed, duplicated or edited, a second entry for one person,
a cohort or program field edited, a new person file, a file deleted, garbage
appended to a file, and files the loader does not read (README.md, a dot-file, a
dot-folder with a script, a .yml, a nested folder). Data files are edited as
documents and written back with PyYAML, which is no change in meaning by itself,
so every edit is a change the review must see.

Properties: every path the branch changes under programs/, cohorts/ or people/ (but
files whose document is the same, edits that undid each other, which the review
rightly calls no change) is named by a judgement (its change's file, or its subject for files the loader
does not read); a branch that changes anything gets at least one judgement; the
verdict is the strictest of the judgements, so never "allowed" when one is not.

Git is slow, so `make test` draws few examples; COHORTKIT_FUZZ_EXAMPLES scales them.
"""

from __future__ import annotations

import copy
import itertools
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from cohortkit.data.datatree import DATA_FOLDERS
from cohortkit.data.yamlread import parse_yaml_text
from cohortkit.join.review.run import Review
from cohortkit.join.review.verdicts import STRICTNESS
from fuzzing import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from review_repo import REPO_ROOT, DataRepo, person_yaml

# A review of this repository takes well under a second; the bound leaves room for a busy machine.
MAX_SECONDS = 10.0


def _files(folder: str) -> list[str]:
    return sorted(p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / folder).rglob("*.yaml"))


PEOPLE, COHORTS, PROGRAMS = _files("people"), _files("cohorts"), _files("programs")
LOGINS = [Path(p).stem for p in PEOPLE]
AUTHORS = [*LOGINS[:6], "mallory", "zoe-newcomer", "tomasz-nowak", "ines-carvalho"]
_counter = itertools.count()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> DataRepo:
    return DataRepo(tmp_path_factory.mktemp("fuzz-review") / "repo")


# Edits. Each takes the repository and a source of fresh values, and edits the work tree.

Edit = Callable[[DataRepo], None]


class Described:
    """An edit that says what it does, so that a failing example reads as the edits it made."""

    def __init__(self, run: Edit, text: str) -> None:
        self.run, self.text = run, text

    def __call__(self, repo: DataRepo) -> None:
        self.run(repo)

    def __repr__(self) -> str:
        return self.text


def _load(repo: DataRepo, relative: str) -> dict[str, Any] | None:
    path = repo.path / relative
    if not path.is_file():
        return None  # an earlier edit of this example deleted it
    data, problems = parse_yaml_text(path.read_text(encoding="utf-8", errors="replace"), relative)
    return data if isinstance(data, dict) and not problems else None


def _save(repo: DataRepo, relative: str, data: dict[str, Any]) -> None:
    header = repo.read(relative).split("\n", 1)[0]
    repo.write(
        relative, header + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10000)
    )


def _fresh(value: Any, unique: str) -> Any:
    """A value of the same kind as `value` that differs from it."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1 if value < 50 else value - 1
    if isinstance(value, list):
        return [*value, f"x{unique}"] if not value or isinstance(value[0], str) else value[:-1]
    return f"{value} {unique}" if isinstance(value, str) else f"fuzz {unique}"


@st.composite
def person_field(draw: st.DrawFn) -> Edit:
    target = draw(st.sampled_from(PEOPLE))
    name = draw(
        st.sampled_from(
            [
                "name",
                "pronouns",
                "bio",
                "timezone",
                "region",
                "languages",
                "listed",
                "interests",
                "mentor_capacity",
            ]
        )
    )
    unique = draw(st.integers(0, 999))

    def edit(repo: DataRepo) -> None:
        data = _load(repo, target)
        if data is None:
            return
        if name == "mentor_capacity" and name not in data:
            data[name] = 1
        else:
            data[name] = _fresh(data.get(name), str(unique))
        _save(repo, target, data)

    return Described(edit, f"person_field({target!r}, {name!r}, {unique})")


def _members(data: dict[str, Any], role: str) -> list[dict[str, Any]]:
    members = data.setdefault(role, [])
    return members if isinstance(members, list) else []


@st.composite
def membership(draw: st.DrawFn) -> Edit:
    """Add, remove, duplicate or edit an entry, move it to the other role, or give a person a second one."""
    target, role = draw(st.sampled_from(COHORTS)), draw(st.sampled_from(["mentors", "mentees"]))
    action = draw(st.sampled_from(["add", "add-new", "remove", "duplicate", "second", "edit", "other-role"]))
    login, pick = draw(st.sampled_from(LOGINS)), draw(st.integers(0, 20))
    entry_field = draw(st.sampled_from(["outcome", "meetings_attended", "note", "left", "joined", "person"]))
    unique = draw(st.integers(0, 999))

    def edit(repo: DataRepo) -> None:
        data = _load(repo, target)
        if data is None:
            return
        members = _members(data, role)
        if action in {"add", "add-new"} or not members:
            who = login if action == "add" else f"newcomer-{unique}"
            members.append({"person": who, "joined": "2026-11-20", "outcome": "active"})
            if action == "add-new":
                repo.write(f"people/{who}.yaml", person_yaml(who))
        else:
            chosen = members[pick % len(members)]
            if action == "remove":
                members.remove(chosen)
            elif action == "duplicate":
                members.append(copy.deepcopy(chosen))
            elif action == "other-role":
                members.remove(chosen)
                _members(data, "mentees" if role == "mentors" else "mentors").append(chosen)
            elif action == "second":
                members.append({"person": chosen["person"], "joined": "2026-11-21", "outcome": "active"})
            elif entry_field == "outcome":
                chosen["outcome"] = "withdrawn" if chosen.get("outcome") != "withdrawn" else "active"
            elif entry_field in {"left", "joined"}:
                chosen[entry_field] = (
                    "2026-11-22" if chosen.get(entry_field) != "2026-11-22" else "2026-11-21"
                )
            else:
                chosen[entry_field] = _fresh(
                    chosen.get(entry_field, 0 if entry_field == "meetings_attended" else ""), str(unique)
                )
        _save(repo, target, data)

    return Described(
        edit,
        f"membership({target!r}, {role!r}, {action!r}, login={login!r}, pick={pick}, field={entry_field!r}, {unique})",
    )


@st.composite
def record_field(draw: st.DrawFn) -> Edit:
    """A field of a cohort or a program."""
    target = draw(st.sampled_from(COHORTS + PROGRAMS))
    names = (
        ["title", "summary", "mentee_seats", "accepting_mentees", "status", "needs", "location", "format"]
        if target.startswith("cohorts/")
        else ["name", "summary", "description", "rolling_admission", "image_hosts", "code_of_conduct"]
    )
    name, unique = draw(st.sampled_from(names)), draw(st.integers(0, 999))

    def edit(repo: DataRepo) -> None:
        data = _load(repo, target)
        if data is None:
            return
        if name == "status":
            data[name] = "completed" if data.get(name) != "completed" else "active"
        elif name == "format":
            data[name] = "in-person" if data.get(name) != "in-person" else "online"
        elif name == "image_hosts":
            data[name] = [*data.get(name, []), f"img{unique}.example.org"]
        else:
            data[name] = _fresh(data.get(name, False if name == "rolling_admission" else None), str(unique))
        _save(repo, target, data)

    return Described(edit, f"record_field({target!r}, {name!r}, {unique})")


UNREAD = [
    "people/README.md", "people/.hidden", "people/.hidden.yaml", "cohorts/.tools/run.sh", "programs/notes.txt",
    "people/x.yml", "cohorts/2026-q4/sub/inner.yaml", "people/.gitkeep", "cohorts/README.md", "people/a b.yaml",
    "programs/.github/workflows/x.yml",
]  # fmt: skip


@st.composite
def other_file(draw: st.DrawFn) -> Edit:
    """A file under a data folder that the loader does not read, added or changed."""
    path, unique = draw(st.sampled_from(UNREAD)), draw(st.integers(0, 999))

    def edit(repo: DataRepo) -> None:
        repo.write(path, f"#!/bin/sh\necho {unique}\n")

    return Described(edit, f"other_file({path!r}, {unique})")


@st.composite
def delete_or_break(draw: st.DrawFn) -> Edit:
    """A data file deleted, renamed (to another name, or to .yml), made invalid with garbage,
    or a new person file."""
    target, action = (
        draw(st.sampled_from(PEOPLE + COHORTS + PROGRAMS)),
        # A rename that changes only the case of a person file is left to the known-bug test below.
        draw(st.sampled_from(["delete", "garbage", "new", "rename", "rename-yml"])),
    )
    garbage = draw(
        st.sampled_from(["\n: x\n", "\nlogin: [\n", "\nunknown_key: 1\n", "\n\x00\n", "\nname: &a x\n"])
    )
    unique = draw(st.integers(0, 999))

    def edit(repo: DataRepo) -> None:
        path = repo.path / target
        if action == "new":
            repo.write(f"people/fuzz-{unique}.yaml", person_yaml(f"fuzz-{unique}"))
        elif not path.is_file():
            return
        elif action == "delete":
            path.unlink()
        elif action.startswith("rename"):
            name = {"rename-case": path.stem.upper(), "rename": f"{path.stem}-{unique}"}.get(
                action, path.stem
            )
            path.rename(path.with_name(name + (".yml" if action == "rename-yml" else ".yaml")))
        else:
            path.write_bytes(path.read_bytes() + garbage.encode())

    return Described(edit, f"delete_or_break({target!r}, {action!r}, {garbage!r}, {unique})")


edits = st.lists(
    st.one_of(person_field(), membership(), record_field(), other_file(), delete_or_break()),
    min_size=1,
    max_size=3,
)


# The property.


def changed_paths(repo: DataRepo, head: str) -> list[str]:
    raw = repo.git("diff", "--name-only", "--no-renames", "-z", repo.base, head, "--")
    return [path for path in raw.split("\0") if path]


def document_at(repo: DataRepo, rev: str, path: str) -> Any:
    """The parsed document of `path` at `rev`, or None when it is absent or does not read cleanly."""
    shown = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=repo.path, capture_output=True, check=False)
    if shown.returncode != 0:
        return None
    data, problems = parse_yaml_text(shown.stdout.decode("utf-8", errors="replace"), path)
    return None if problems else data


def same_meaning(repo: DataRepo, head: str, path: str) -> bool:
    """Edits that undo each other leave a file reformatted, which is no change (and no judgement)."""
    before = document_at(repo, repo.base, path)
    return before is not None and before == document_at(repo, head, path)


def names(review: Review) -> set[str]:
    """Paths and subjects the review names, including both files of a rename."""
    found = set()
    for j in review.judgements:
        found |= {j.change.file, j.change.subject}
        found |= {getattr(record, "file", "") for record in (j.change.before, j.change.after)}
    return found - {""}


@fuzz_settings(15, share=0.1)
@given(edits, st.sampled_from(AUTHORS))
def test_every_change_under_the_data_folders_is_in_the_review(
    repo: DataRepo, edit_list: list[Edit], author: str
) -> None:
    repo.start(f"fuzz-{next(_counter)}")
    for edit in edit_list:
        edit(repo)
    head = repo.commit()
    started = time.perf_counter()
    review = repo.review(author, head=head)
    seconds = time.perf_counter() - started
    assert seconds < MAX_SECONDS, f"review took {seconds:.1f} s"
    changed = [path for path in changed_paths(repo, head) if not same_meaning(repo, head, path)]
    shown = [(j.change.kind, j.change.file, j.verdict) for j in review.judgements]
    if changed:
        assert review.judgements, f"{changed} changed, and the review has no judgement"
    for path in changed:
        if path.split("/", 1)[0] in DATA_FOLDERS:
            assert path in names(review), f"{path} changed, and no judgement names it: {shown}"
    strictest = max((STRICTNESS[j.verdict] for j in review.judgements), default=0)
    assert STRICTNESS[review.verdict] == strictest, (review.verdict, shown)
    if review.verdict == "allowed":
        assert all(j.verdict == "allowed" for j in review.judgements), shown


def test_a_rename_by_case_names_the_old_path_too(repo: DataRepo) -> None:
    """Found by this fuzz: people/adaeze-nwankwo.yaml renamed to people/ADAEZE-NWANKWO.yaml."""
    repo.start(f"fuzz-{next(_counter)}")
    old = repo.path / "people/adaeze-nwankwo.yaml"
    new = old.with_name("ADAEZE-NWANKWO.yaml")
    old.rename(new)
    new.write_text(new.read_text(encoding="utf-8").replace("login: adaeze-nwankwo", "login: ADAEZE-NWANKWO"))
    review = repo.review("adaeze-nwankwo", head=repo.commit())
    assert "people/ADAEZE-NWANKWO.yaml" in names(review)
    assert "people/adaeze-nwankwo.yaml" in names(review), [
        (j.change.kind, j.change.file) for j in review.judgements
    ]
    assert review.verdict == "needs-review"  # a rename is a maintainer's to approve
