"""Cross-file rules, one at a time, on models built in code."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from cohortkit.data.model import Cohort, Model
from cohortkit.validation.rules import RuleContext, run_rules
from factories import PROGRAM, D, cohort, person


def check(*cohorts: Cohort, people=("mo", "mia", "ana", "bo", "cy")) -> list[tuple[str, str]]:
    everyone = {login: person(login) for login in people}
    model = Model(
        programs={"p": PROGRAM},
        cohorts={c.id: c for c in cohorts},
        people=everyone,
        present_programs=frozenset({"p"}),
        present_cohorts=frozenset(c.id for c in cohorts),
        present_people=frozenset(everyone),
    )
    return [(p.file, p.message) for p in run_rules(RuleContext(model, Path())) if p.severity == "error"]


def test_a_clean_model_has_no_problems():
    assert check(cohort("c1")) == []


def test_a_mentee_over_the_active_cohort_limit_is_flagged_in_the_later_cohort():
    early = cohort("c1")
    late = cohort("c2", start=D("2026-01-19"), end=D("2026-03-27"))
    problems = check(early, late)
    assert len(problems) == 1
    assert problems[0][0] == "cohorts/2026-q1/c2.yaml"
    assert "ana would be mentee of 2 running cohorts" in problems[0][1]


def test_completed_cohorts_do_not_count_toward_limits():
    done = cohort("c1", status="completed", accepting_mentees=False)
    done = replace(
        done, mentors=(), mentees=(replace(done.mentees[0], outcome="completed", left=D("2026-03-20")),)
    )
    assert check(done, cohort("c2")) == []


def test_a_persons_own_mentor_capacity_lowers_the_program_limit():
    cohorts = (cohort("c1", mentees=()), cohort("c2", mentees=()))
    model_people = ("mo",)
    assert check(*cohorts, people=model_people) == []
    everyone = {"mo": person("mo", mentor_capacity=1)}
    model = Model(
        {"p": PROGRAM},
        {c.id: c for c in cohorts},
        everyone,
        frozenset({"p"}),
        frozenset({"c1", "c2"}),
        frozenset(everyone),
    )
    messages = [p.message for p in run_rules(RuleContext(model, Path()))]
    assert any("their mentor_capacity is 1" in m for m in messages)


def test_too_many_mentees_for_the_mentors():
    problems = check(cohort("c1", mentees=("ana", "bo", "cy")))
    assert any("3 active mentees for 1 active mentor(s)" in m for _, m in problems)


def test_nobody_mentors_and_learns_in_one_cohort():
    problems = check(cohort("c1", mentors=("mo",), mentees=("mo",)))
    assert any("both a mentor and a mentee" in m for _, m in problems)


def test_eligibility_is_an_error_while_forming_and_a_warning_for_members_of_a_running_cohort():
    experienced = {"workshops_taught": 4}
    forming = cohort("c1")
    everyone = {"mo": person("mo"), "ana": person("ana", attributes=experienced)}
    for status, severity in (("forming", "error"), ("active", "warning")):
        model = Model(
            {"p": PROGRAM},
            {"c1": replace(forming, status=status)},
            everyone,
            frozenset({"p"}),
            frozenset({"c1"}),
            frozenset(everyone),
        )
        found = [
            p
            for p in run_rules(RuleContext(model, Path()))
            if "does not meet a mentee requirement" in p.message
        ]
        assert [p.severity for p in found] == [severity], status


def test_a_member_whose_file_is_missing_is_reported_as_history_loss():
    problems = check(cohort("c1"), people=("mo",))
    assert problems == [
        ("cohorts/2026-q1/c1.yaml", "'ana' has no file people/ana.yaml"),
    ]


def test_a_broken_person_file_does_not_cascade_into_reference_errors():
    everyone = {"mo": person("mo")}
    model = Model(
        {"p": PROGRAM},
        {"c1": cohort("c1")},
        everyone,
        frozenset({"p"}),
        frozenset({"c1"}),
        frozenset({"mo", "ana"}),
    )
    assert run_rules(RuleContext(model, Path())) == []


def test_a_mentor_leaving_is_a_warning_not_an_error():
    active = cohort("c1", status="active")
    left = replace(active.mentors[0], outcome="withdrawn", left=D("2026-02-01"))
    everyone = {login: person(login) for login in ("mo", "ana")}
    model = Model(
        {"p": PROGRAM},
        {"c1": replace(active, mentors=(left,))},
        everyone,
        frozenset({"p"}),
        frozenset({"c1"}),
        frozenset(everyone),
    )
    problems = run_rules(RuleContext(model, Path()))
    assert [p.severity for p in problems] == ["warning"]
    assert "0 active mentor(s)" in problems[0].message


def test_a_mentor_leaving_a_full_cohort_warns_but_a_mentee_joining_one_is_an_error():
    full = cohort("c1", mentors=("mo", "mia"), mentees=("ana", "bo", "cy"), status="active")
    departed = replace(full.mentors[1], outcome="withdrawn", left=D("2026-02-01"))
    after_departure = replace(full, mentors=(full.mentors[0], departed))
    model_people = ("mo", "mia", "ana", "bo", "cy")
    assert check(after_departure, people=model_people) == []
    late_joiner = replace(after_departure.mentees[2], joined=D("2026-02-10"))
    joined_later = replace(after_departure, mentees=(*after_departure.mentees[:2], late_joiner))
    assert any(
        "3 active mentees for 1 active mentor(s)" in m for _, m in check(joined_later, people=model_people)
    )
