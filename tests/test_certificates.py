"""Certificates: every written criterion is measured on the record, none can be skipped, and a miss says by how much."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from cohortkit.cli import main
from cohortkit.data.model import Criterion, Event, Membership, Model
from cohortkit.outcomes.certificates import assess, measure
from cohortkit.validation.rules import RuleContext, run_rules
from factories import PROGRAM, D, cohort, person
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
POWER = Event("power-check-in", "touch-base", "Power check-in", ("mentor",), at="midpoint")
CRITERIA = {
    "mentor": (
        Criterion("Onboarding", "onboarded", 1),
        Criterion("Agreement", "mentor_agreement", 1),
        Criterion("Regular meetings", "meetings_attended", 4),
        Criterion("Power check-in", "event_attended", 1, "power-check-in"),
    ),
    "mentee": (
        Criterion("Two meetings", "meetings_attended", 2),
        Criterion("Showcase", "showcase_attended", 1),
        Criterion("Survey", "surveys_done", 1),
    ),
}
PROGRAM_WITH = replace(PROGRAM, events=(POWER,), certificates=CRITERIA)


def member(login: str, role: str, **record) -> Membership:
    return Membership(
        login, role, 0, D("2026-01-12"), record.pop("outcome", "completed"), D("2026-04-30"), **record
    )


def model_of(*cohorts, people=None, program=PROGRAM_WITH) -> Model:
    people = people or {login: person(login) for login in ("mo", "ana", "bo", "cy")}
    found = {c.id: c for c in cohorts}
    return Model({"p": program}, found, people, frozenset({"p"}), frozenset(found), frozenset(people))


def test_a_member_who_met_every_criterion_earns_one_and_a_miss_says_by_how_much():
    finished = cohort(
        "c1",
        status="completed",
        mentors=(),
        mentees=(),
    )
    finished = replace(
        finished,
        mentees=(
            member("ana", "mentee", meetings_attended=3, showcase_attended=True, surveys_done=1),
            member("bo", "mentee", meetings_attended=1, showcase_attended=True, surveys_done=0),
        ),
    )
    by_login = {a.login: a for a in assess(model_of(finished))}
    assert by_login["ana"].earned and not by_login["ana"].missing
    bo = by_login["bo"]
    assert not bo.earned
    assert [(r.criterion.text, r.value, r.short_by) for r in bo.missing] == [
        ("Two meetings", 1, 1),
        ("Survey", 0, 1),
    ]


def test_mentor_criteria_read_the_person_file_and_the_events_attended():
    people = {
        "mo": person("mo", onboarded=D("2026-01-02"), mentor_agreement=D("2026-01-02")),
        "cy": person("cy", onboarded=D("2026-01-02")),
    }
    finished = replace(
        cohort("c1", status="completed", mentors=(), mentees=()),
        mentors=(
            member("mo", "mentor", meetings_attended=5, events_attended=("power-check-in",)),
            member("cy", "mentor", meetings_attended=5),
        ),
    )
    by_login = {a.login: a for a in assess(model_of(finished, people=people))}
    assert by_login["mo"].earned
    assert [r.criterion.text for r in by_login["cy"].missing] == ["Agreement", "Power check-in"]


def test_only_finished_cohorts_and_roles_with_criteria_are_judged_and_a_withdrawal_earns_nothing():
    running = replace(
        cohort("c1", status="active", mentors=(), mentees=()), mentees=(member("ana", "mentee"),)
    )
    done = replace(
        cohort("c2", status="completed", mentors=(), mentees=()),
        mentees=(
            member(
                "bo",
                "mentee",
                outcome="withdrawn",
                meetings_attended=9,
                showcase_attended=True,
                surveys_done=3,
            ),
        ),
    )
    found = assess(model_of(running, done))
    assert [(a.cohort.id, a.login, a.earned, a.reason) for a in found] == [
        ("c2", "bo", False, "withdrew from the cohort")
    ]
    no_mentee_criteria = replace(PROGRAM_WITH, certificates={"mentor": CRITERIA["mentor"]})
    assert assess(model_of(done, program=no_mentee_criteria)) == []


def test_a_metric_this_version_does_not_know_is_never_met():
    assert measure(Criterion("?", "future_metric", 0), member("ana", "mentee"), None) == -1
    finished = replace(
        cohort("c1", status="completed", mentors=(), mentees=()), mentees=(member("ana", "mentee"),)
    )
    strange = replace(PROGRAM_WITH, certificates={"mentee": (Criterion("?", "future_metric", 0),)})
    assert not assess(model_of(finished, program=strange))[0].earned


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 30),
    st.booleans(),
    st.integers(0, 5),
    st.lists(st.sampled_from(["two", "three", "power-check-in"]), unique=True),
    st.lists(
        st.tuples(
            st.sampled_from(["meetings_attended", "surveys_done", "showcase_attended", "event_attended"]),
            st.integers(0, 10),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_earned_exactly_when_every_criterion_is_met(meetings, showcase, surveys, events, wanted):
    criteria = tuple(
        Criterion(f"c{i}", metric, minimum, "power-check-in" if metric == "event_attended" else "")
        for i, (metric, minimum) in enumerate(wanted)
    )
    record = member(
        "ana",
        "mentee",
        meetings_attended=meetings,
        showcase_attended=showcase,
        surveys_done=surveys,
        events_attended=tuple(events),
    )
    finished = replace(cohort("c1", status="completed", mentors=(), mentees=()), mentees=(record,))
    (found,) = assess(model_of(finished, program=replace(PROGRAM_WITH, certificates={"mentee": criteria})))
    values = {
        "meetings_attended": meetings,
        "surveys_done": surveys,
        "showcase_attended": int(showcase),
        "event_attended": int("power-check-in" in events),
    }
    assert found.earned == all(values[c.metric] >= c.min for c in criteria)
    assert len(found.results) == len(criteria)  # no criterion is ever skipped


def rule_problems(model: Model) -> list[str]:
    return [p.message for p in run_rules(RuleContext(model, Path(), None)) if p.rule == "references"]


def test_the_rules_check_every_event_a_criterion_or_a_record_names():
    wrong = replace(
        PROGRAM_WITH,
        certificates={
            "mentor": (Criterion("Gala", "event_attended", 1, "gala"),),
            "mentee": (Criterion("Odd", "meetings_attended", 1, "power-check-in"),),
        },
    )
    finished = replace(
        cohort("c1", status="completed", mentors=(), mentees=()),
        mentees=(member("ana", "mentee", events_attended=("power-check-in", "picnic")),),
    )
    problems = rule_problems(model_of(finished, program=wrong))
    assert any("names event 'gala', which is not in events:" in p for p in problems)
    assert any("names an event, but its metric is 'meetings_attended'" in p for p in problems)
    assert any("event 'picnic' in events_attended is not an event of program 'p'" in p for p in problems)
    assert not any("power-check-in' in events_attended" in p for p in problems)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    for folder in ("programs", "cohorts", "people", "schemas", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, tmp_path / name)
    if (ROOT / ".github" / "CODEOWNERS").exists():
        (tmp_path / ".github").mkdir()
        shutil.copy(ROOT / ".github" / "CODEOWNERS", tmp_path / ".github" / "CODEOWNERS")
    return tmp_path


def test_the_command_lists_earners_and_misses_for_every_program_of_the_example_data(example, capsys):
    assert main(["certificates", "--root", str(example), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    programs = {p.stem for p in (example / "programs").glob("*.yaml")}
    assert {a["program"] for a in found if a["earned"]} == programs  # an earner in every program
    misses = [a for a in found if not a["earned"] and not a["reason"]]
    assert misses and all(any(not c["met"] and c["short_by"] >= 1 for c in a["criteria"]) for a in misses)
    assert main(["certificates", "--root", str(example), "--term", "2026-h1"]) == 0
    text = capsys.readouterr().out
    assert "earned   Carla Mamani (carla-mamani), mentor" in text
    assert "- Take part in at least five circle meetings: 4 of 5, 1 short" in text
    assert "4 of 6 earned a certificate" in text


def test_the_command_refuses_data_with_problems(example, capsys):
    program = example / "programs" / "dsc-mentoring-groups.yaml"
    program.write_text(
        program.read_text(encoding="utf-8").replace("event: power-check-in", "event: nowhere"),
        encoding="utf-8",
    )
    assert main(["certificates", "--root", str(example)]) == 1
    assert "run cohortkit validate" in capsys.readouterr().err


def test_an_event_criterion_without_its_event_is_refused_with_the_line_and_the_fix(example, capsys):
    program = example / "programs" / "dsc-mentoring-groups.yaml"
    program.write_text(
        program.read_text(encoding="utf-8").replace("      event: power-check-in\n", ""), encoding="utf-8"
    )
    assert main(["validate", "--root", str(example)]) == 1
    out = capsys.readouterr().out
    assert (
        "programs/dsc-mentoring-groups.yaml:" in out
        and "missing required key 'event'" in out
        and "add 'event:'" in out
    )


def test_a_login_written_with_capitals_is_the_same_person_for_certificates_badges_and_feeds(example, capsys):
    # GitHub logins ignore case, and so does the model (it keys people lowered). The year replay
    # found members written "Bjrn-Mensah26" read as having no person file: a mentor's signed
    # agreement counted 0 and no goal badge was published for them.
    deploy = example / "cohorts" / "2026-q2" / "cb-2026q2-deploy.yaml"
    deploy.write_text(deploy.read_text().replace("person: aiko-mori", "person: Aiko-Mori"))
    person_file = example / "people" / "aiko-mori.yaml"
    (example / "people" / "Aiko-Mori.yaml").write_text(
        person_file.read_text().replace("login: aiko-mori", "login: Aiko-Mori")
    )
    person_file.unlink()
    assert main(["certificates", "--root", str(example), "--format", "json"]) == 0
    [aiko] = [
        a
        for a in json.loads(capsys.readouterr().out)
        if a["cohort"] == "cb-2026q2-deploy" and a["person"] == "Aiko-Mori"
    ]
    assert aiko["earned"], aiko
    out = example / "pages"
    assert (
        main(["site", "build-pages", "--root", str(example), "--out", str(out), "--today", "2026-11-23"]) == 0
    )
    assert (out / "badges" / "assertions" / "cb-2026q2-deploy-mentor-aiko-mori.json").is_file()
    assert list((out / "certificates" / "cb-2026q2-deploy").glob("*iko-*ori*"))
