"""Attendance flows from the check-ins into the cohort files: counts only grow, files keep their comments."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cohortkit.checkins.attendance import plan
from cohortkit.cli import main
from cohortkit.validation.pipeline import validate_tree

ROOT = Path(__file__).resolve().parents[1]
COHORT = "reps-2026h1-andes"
FILE = "cohorts/2026-h1/reps-2026h1-andes.yaml"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    for folder in ("programs", "cohorts", "people", "schemas", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / ".github").mkdir()
    shutil.copy(ROOT / ".github" / "CODEOWNERS", tmp_path / ".github" / "CODEOWNERS")
    return tmp_path


def held(period: str, *attended: str) -> dict:
    return {"period": period, "outcome": "held", "attended": list(attended)}


def snapshot(checkins: list[dict], events: list[dict] | None = None) -> dict:
    return {"version": 1, "cohorts": {COHORT: {"checkins": checkins, "events": events or []}}}


def test_counts_are_raised_to_what_the_check_ins_show_and_never_lowered(example):
    tree, _ = validate_tree(example)
    # Seven held check-ins: Andrés (6 on file) ticked in six, Matías (4 on file) in five, Lucía (5) in one.
    checkins = [
        held(f"2026-0{m}-1{d}", "andres-villalobos", "MATIAS-GONZALEZ")
        for m, d in ((1, 5), (2, 2), (3, 2), (4, 9), (5, 7))
    ]
    checkins.append(held("2026-06-04", "andres-villalobos", "lucia-paredes"))
    checkins.append(held("2026-06-11"))  # held, nobody's box ticked
    checkins.append({"period": "2026-06-18", "outcome": "missed", "attended": ["matias-gonzalez"]})
    changes = {(c.membership.person, c.field): (c.old, c.new) for c in plan(tree.model, snapshot(checkins))}
    assert changes[("matias-gonzalez", "meetings_attended")] == (4, 5)  # the missed one does not count
    assert ("andres-villalobos", "meetings_attended") not in changes  # 6 on file, 6 shown
    assert ("lucia-paredes", "meetings_attended") not in changes  # 5 on file, 1 shown: never lowered
    # The mentor held all seven, within her membership (6 on file).
    assert changes[("carla-mamani", "meetings_attended")] == (6, 7)


def test_events_attended_are_added_and_a_showcase_sets_showcase_attended(example):
    tree, _ = validate_tree(example)
    events = [
        {"event": "circle-survey", "state": "closed", "attended": ["matias-gonzalez", "valeria-rios"]},
        {"event": "yearly-touch-base", "state": "open", "attended": ["matias-gonzalez"]},  # not done yet
        {"event": "no-such-event", "state": "closed", "attended": ["matias-gonzalez"]},
    ]
    changes = {(c.membership.person, c.field): c.new for c in plan(tree.model, snapshot([], events))}
    assert changes[("matias-gonzalez", "events_attended")] == ["circle-survey"]
    assert changes[("valeria-rios", "events_attended")] == ["circle-survey"]
    assert ("carla-mamani", "events_attended") not in changes  # already has what is shown


def test_write_edits_the_file_round_trip_and_certificates_follow(example, capsys):
    path = example / FILE
    original = path.read_text(encoding="utf-8")
    first, rest = original.split("\n", 1)  # the schema line stays first
    path.write_text(f"{first}\n# Andes circle: kept by the coordinators\n{rest}", encoding="utf-8")
    checkins = [held(f"2026-0{m}-01", "matias-gonzalez") for m in range(1, 6)]
    progress = example / "progress.json"
    progress.write_text(json.dumps(snapshot(checkins)), encoding="utf-8")
    assert main(["certificates", "--root", str(example), "--term", "2026-h1"]) == 0
    assert "missing  Matías González" in capsys.readouterr().out
    assert main(["attendance", "--root", str(example), "--progress", str(progress)]) == 0
    assert "# Andes circle" in path.read_text(encoding="utf-8").split("\n")[1]  # a dry run writes nothing
    assert "meetings_attended 4 -> 5" in capsys.readouterr().out
    assert main(["attendance", "--root", str(example), "--progress", str(progress), "--write"]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.split("\n")[1] == "# Andes circle: kept by the coordinators"  # comments kept
    assert text.count("meetings_attended: 5") >= 1
    assert main(["validate", "--root", str(example)]) == 0
    capsys.readouterr()
    assert main(["certificates", "--root", str(example), "--term", "2026-h1"]) == 0
    assert "earned   Matías González (matias-gonzalez), mentee" in capsys.readouterr().out
    # A second run has nothing left to do.
    assert main(["attendance", "--root", str(example), "--progress", str(progress), "--write"]) == 0
    assert "already say everything" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"[]", b'{"cohorts": []}', b"\xff\xfe", b'{"cohorts": {"reps-2026h1-andes": 5}}'],
)
def test_a_broken_snapshot_changes_nothing_and_says_so(example, capsys, content):
    progress = example / "progress.json"
    progress.write_bytes(content)
    before = (example / FILE).read_bytes()
    code = main(["attendance", "--root", str(example), "--progress", str(progress), "--write"])
    assert (example / FILE).read_bytes() == before
    err = capsys.readouterr().err
    assert code in (0, 2) and "Traceback" not in err
    if code == 2:
        assert "progress.json" in err and "cohortkit progress" in err


def test_hostile_values_in_a_snapshot_are_ignored(example):
    tree, _ = validate_tree(example)
    hostile = snapshot(
        [
            {"period": "not a date", "outcome": "held", "attended": "matias-gonzalez"},
            {"period": None, "outcome": "held", "attended": [None, 5, {"x": 1}]},
            "a string",
        ],
        [{"event": ["circle-survey"], "state": "closed", "attended": ["matias-gonzalez"]}],
    )
    assert plan(tree.model, hostile) == []


def test_ticks_in_an_event_issue_reach_the_snapshot_even_after_it_was_closed(example):
    from datetime import date

    from cohortkit.checkins.progress import build_snapshot
    from cohortkit.github.markers import marker
    from cohortkit.github.values import IssueInfo

    tree, _ = validate_tree(example)
    body = (
        "### Attendance\n\n- [x] @matias-gonzalez\n- [ ] @valeria-rios\n- [x] @someone-else\n\n"
        + marker("event", cohort=COHORT, event="circle-survey").text()
    )
    issue = IssueInfo(
        7, "survey", body, "closed", "completed", ("cohortkit",), (), "bot", "carla-mamani", "u"
    )
    taken = build_snapshot(tree.model, [issue], date(2026, 7, 10), "acme/mentoring")
    (event,) = taken["cohorts"][COHORT]["events"]
    assert event["attended"] == ["matias-gonzalez"]  # only the cohort's members count
    changes = {(c.membership.person, c.field): c.new for c in plan(tree.model, taken)}
    assert changes[("matias-gonzalez", "events_attended")] == ["circle-survey"]
