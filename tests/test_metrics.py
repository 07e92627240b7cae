"""The metrics of a small hand-made data tree, computed again here without the model, and the command."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from cohortkit.cli import main
from cohortkit.outcomes.metrics_report import wilson

from tests.site_helpers import REPO

# Two terms of one program. Mentee a1 comes back in term 2 as a mentor; a2 is a mentee in both.
TERMS = {
    "2025-t1": ("2025-01-06", "2025-03-28"),
    "2025-t2": ("2025-04-07", "2025-06-27"),
}
COHORTS = {
    "c1": (
        "2025-t1",
        ("m1", "m2"),
        {f"a{i}": "completed" for i in range(1, 7)} | {"a7": "withdrawn", "a8": "did-not-complete"},
    ),
    "c2": (
        "2025-t2",
        ("m1", "a1"),
        {"a2": "completed"} | {f"b{i}": "completed" for i in range(1, 8)} | {"b8": "withdrawn"},
    ),
}
REGIONS = {"a": "Africa", "b": "South America", "m": "Europe"}
ZONES = {"a": "Africa/Nairobi", "b": "America/Bogota", "m": "Europe/Berlin"}


def _write(root: Path, relative: str, kind: str, doc: dict) -> None:
    depth = "../" * relative.count("/")
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    header = f"# yaml-language-server: $schema={depth}schemas/{kind}.schema.json\n"
    path.write_text(header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def write_tree(root: Path) -> Path:
    (root / "schemas").mkdir(parents=True)
    for schema in (REPO / "schemas").iterdir():
        (root / "schemas" / schema.name).write_bytes(schema.read_bytes())
    program = {
        "id": "p",
        "name": "Hand-made program",
        "summary": "Two terms.",
        "coordinators": ["m1"],
        "code_of_conduct": "https://example.org/coc",
        "roles": {
            "mentor": {"title": "Mentor", "responsibilities": ["Lead"]},
            "mentee": {"title": "Mentee", "responsibilities": ["Learn"]},
        },
        "sizes": {
            "mentees_per_mentor": 5,
            "mentees_per_cohort": {"min": 1, "max": 10},
            "mentors_per_cohort": {"min": 1, "max": 3},
        },
        "duration_weeks": {"min": 8, "max": 12},
        "cadences": ["weekly"],
        "limits": {"mentee_active_cohorts": 1, "mentor_active_cohorts": 2},
        "terms": [
            {
                "id": t,
                "name": f"Term {t}",
                "enrollment_opens": "2024-11-01",
                "enrollment_closes": start,
                "start": start,
                "end": end,
            }
            for t, (start, end) in TERMS.items()
        ],
        "topics": [{"id": "git", "name": "Git"}],
        "targets": {"mentees_a_year": 12, "mentors_a_year": 10, "max_did_not_complete_percent": 30},
    }
    _write(root, "programs/p.yaml", "program", program)
    people = set()
    for cid, (term, mentors, mentees) in COHORTS.items():
        start, end = TERMS[term]

        def members(logins, outcomes, end=end):
            return [
                {"person": login, "joined": "2024-12-01", "left": end, "outcome": outcomes[login]}
                for login in logins
            ]

        people |= set(mentors) | set(mentees)
        _write(
            root,
            f"cohorts/{term}/{cid}.yaml",
            "cohort",
            {
                "id": cid,
                "program": "p",
                "term": term,
                "title": cid,
                "goal": {
                    "task": "t",
                    "specific": "s",
                    "measurable": "m",
                    "achievable": "a",
                    "relevant": "r",
                    "due": end,
                },
                "topic": "git",
                "outline": [{"week": 1, "title": "Start"}],
                "status": "completed",
                "start": start,
                "end": end,
                "meeting": {"cadence": "weekly", "weekday": "monday", "time": "15:00", "timezone": "UTC"},
                "format": "online",
                "accepting_mentees": False,
                "mentee_seats": 10,
                "mentors": members(mentors, dict.fromkeys(mentors, "completed")),
                "mentees": members(mentees, mentees),
            },
        )
    for login in sorted(people):
        doc = {
            "login": login,
            "name": login.upper(),
            "timezone": ZONES[login[0]],
            "region": REGIONS[login[0]],
        }
        if login == "b3":
            doc["listed"] = False  # counted like everyone else, and never named
        _write(root, f"people/{login}.yaml", "person", doc)
    return root


def independent() -> dict:
    """The figures, counted straight from the tables above."""
    terms = {}
    for term in TERMS:
        cohorts = [c for c in COHORTS.values() if c[0] == term]
        outcomes = Counter(o for _, _, mentees in cohorts for o in mentees.values())
        mentees = {p for _, _, ms in cohorts for p in ms}
        mentors = {p for _, ms, _ in cohorts for p in ms}
        terms[term] = {"outcomes": outcomes, "mentees": mentees, "mentors": mentors}
    year = {
        "places": sum(sum(t["outcomes"].values()) for t in terms.values()),
        "outcomes": sum((t["outcomes"] for t in terms.values()), Counter()),
        "mentees": set().union(*(t["mentees"] for t in terms.values())),
        "mentors": set().union(*(t["mentors"] for t in terms.values())),
    }
    return {"terms": terms, "year": year}


@pytest.fixture(scope="module")
def document(tmp_path_factory, capsys_module=None) -> dict:
    root = write_tree(tmp_path_factory.mktemp("metrics"))
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["metrics", "--root", str(root), "--format", "json", "--today", "2026-01-15"]) == 0
    return json.loads(out.getvalue())


def _agrees(published: dict, true: int) -> bool:
    """A published figure is the true count, or hidden for the right reason."""
    if published["value"] is not None:
        return published["value"] == true
    if published["shown"] == "fewer than 5":
        return 1 <= true <= 4
    return published["shown"] == "withheld" and true >= 5


def test_every_figure_is_the_count_or_hidden_for_the_right_reason(document):
    expected = independent()
    [program] = document["programs"]
    for term in program["terms"]:
        want = expected["terms"][term["id"]]
        figures = term["figures"]
        assert _agrees(figures["mentees"], len(want["mentees"]))
        assert _agrees(figures["mentors"], len(want["mentors"]))
        assert _agrees(figures["places"], sum(want["outcomes"].values()))
        for outcome in ("completed", "withdrawn", "did-not-complete", "active"):
            assert _agrees(figures[outcome], want["outcomes"][outcome]), (term["id"], outcome)
    [year] = program["years"]
    want = expected["year"]
    assert year["figures"]["places"] == {"value": 17}
    assert year["figures"]["mentees"] == {"value": len(want["mentees"])} == {"value": 16}
    assert _agrees(year["figures"]["mentors"], 3)
    assert _agrees(year["figures"]["completed"], 14)
    assert _agrees(year["figures"]["withdrawn"], 2) and year["figures"]["withdrawn"]["value"] is None
    assert year["over"] is True


def test_the_hand_counted_figures(document):
    [program] = document["programs"]
    first, second = program["terms"]
    assert first["figures"]["places"] == {"value": 8}
    assert first["figures"]["mentees"] == {"value": 8}
    assert second["figures"]["places"] == {"value": 9}
    assert second["figures"]["mentees"] == {"value": 9}
    # Two mentors a term, three in the year (a1 came back as one): all fewer than 5.
    assert first["figures"]["mentors"] == {"value": None, "shown": "fewer than 5"}
    assert program["mentees_who_became_mentors"] == {"value": None, "shown": "fewer than 5"}
    # Everyone counted: 8 + 8 new mentees, m1, m2 (a1 was a mentee first); b3 is not listed and counts.
    assert program["people"] == {"value": 18}
    assert second["previous"] == first["name"]
    # Nairobi (UTC+3) and Berlin (UTC+1 in January) are both in the middle band, which ends at UTC+3.
    west, middle, east = first["time_zones"].values()
    assert west == east == {"value": 0} and _agrees(middle, 10)
    # The year: 16 from Africa and South America, 2 mentors from Europe (fewer than 5). Africa's 8 or
    # South America's 8 is withheld, so that the total less the others cannot give the 2 away.
    regions = program["years"][0]["regions"]
    assert regions["Europe"] == {"value": None, "shown": "fewer than 5"}
    assert {"value": None, "shown": "withheld"} in (regions["Africa"], regions["South America"])


def test_targets_are_judged_on_the_published_figures(document):
    [program] = document["programs"]
    [year] = program["years"]
    verdicts = {t["target"]: t for t in year["targets"]}
    assert verdicts["mentees_a_year"]["verdict"] == "met"  # 16 of at least 12
    assert verdicts["mentors_a_year"]["verdict"] == "missed"  # fewer than 5, against at least 10
    # One did not complete of 17 settled places: fewer than 5 of 17 is at most 23.5%, under 30%.
    assert verdicts["max_did_not_complete_percent"]["verdict"] == "met"


def test_rates_carry_counts_and_a_wilson_interval():
    low, high = wilson(14, 17)
    # The Wilson score interval for 14 of 17, as statistics references give it: 59.0% to 93.8%.
    assert round(low, 1) == 59.0 and round(high, 1) == 93.8
    assert wilson(0, 9)[0] == 0.0 and wilson(9, 9)[1] == 100.0


def test_nobody_is_named(document, tmp_path):
    text = json.dumps(document)
    for login in ("a1", "b3", "m1", "A1", "B3"):
        assert f'"{login}"' not in text


def test_text_output_and_a_bad_progress_file(tmp_path, capsys):
    root = write_tree(tmp_path / "tree")
    assert main(["metrics", "--root", str(root), "--today", "2026-01-15"]) == 0
    out = capsys.readouterr().out
    assert "Hand-made program (p)" in out and "target mentees a year at least 12: 16, met" in out
    bad = tmp_path / "progress.json"
    bad.write_text("{not json")
    assert main(["metrics", "--root", str(root), "--progress", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "progress.json" in err and "Traceback" not in err
