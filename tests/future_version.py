"""A data version 2 for tests only, and the version 1 ("old") form of the example data it migrates from.

The shipped changelog has one version (no schema change so far was
incompatible), so the tests pretend otherwise: version 1 wrote `time_zone`
for a person's time zone, a lone language as text rather than a list, and a
cohort's `format: remote`; version 2 (today's format) rewrites all three.
Turning the example data into that old form and migrating it must give the
example data back, byte for byte.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from cohortkit.data import versions
from cohortkit.data.migration_steps import MoveKey, ReplaceValue, WrapInList

REPO = Path(__file__).resolve().parent.parent
DATA = ("programs", "cohorts", "people")

V1 = versions.DataVersion(1, "0.0.1", "The old format of these tests.")
V2 = versions.DataVersion(
    2,
    "0.1.0",
    "A person's `time_zone` is `timezone`; `languages` is always a list; `format: remote` is `online`.",
    (
        MoveKey("person", (), "time_zone", "timezone"),
        WrapInList("person", (), "languages"),
        ReplaceValue("cohort", (), "format", "remote", "online"),
    ),
    by_hand=("say in each cohort's description whether its online meetings are recorded",),
)
FUTURE = versions.Changelog((V1, V2))


def register(monkeypatch: pytest.MonkeyPatch) -> versions.Changelog:
    monkeypatch.setattr(versions, "CHANGELOG", FUTURE)
    return FUTURE


def copy_example(root: Path) -> Path:
    for folder in DATA:
        shutil.copytree(REPO / folder, root / folder)
    shutil.copytree(REPO / "docs" / "showcase", root / "docs" / "showcase")  # the slides cohorts name
    return root


def old_form(shown: str, text: str) -> str:
    """An example file as version 1 wrote it."""
    if shown.startswith("people/"):
        text = re.sub(r"(?m)^timezone:", "time_zone:", text)
        return re.sub(r"(?m)^languages:\n  - ([^\n]+)\n(?!  - )", r"languages: \1\n", text)
    if shown.startswith("cohorts/"):
        return re.sub(r"(?m)^format: online$", "format: remote", text)
    return text


def make_old_tree(root: Path) -> dict[str, bytes]:
    """The example data in version 1's form under `root`, marked so; returns today's bytes of each file."""
    copy_example(root)
    today = {}
    for path in sorted(p for folder in DATA for p in (root / folder).rglob("*.yaml")):
        shown = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        today[shown] = text.encode("utf-8")
        path.write_text(old_form(shown, text), encoding="utf-8", newline="\n")
    (root / "cohortkit.yml").write_text("# the data's format\ndata_version: 1\n", encoding="utf-8")
    return today


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }
