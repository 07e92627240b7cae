"""Sign-up issue forms: parsing, hostile answers, round-trip edits, and the command against the fake GitHub."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from cohortkit import cli
from cohortkit.data.load import load_tree
from cohortkit.data.yamlread import parse_yaml_text
from cohortkit.join.intake import prepare
from cohortkit.join.intake_files import add_mentee_text
from cohortkit.join.intake_form import (
    FIELDS,
    HELP_CHOICES,
    INTERACTION_CHOICES,
    REGION_CHOICES,
    ROLE_CHOICES,
    parse_form,
)
from cohortkit.join.intake_texts import md
from cohortkit.program.limits import agreement_missing
from fakegithub import FakeGitHub
from issue_forms import TEMPLATES, outputs_of, render, template

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)
OPEN_COHORT = "dsc-2027q1-sql-teaching"  # forming, taking mentees, free seats on TODAY
OPEN_COHORT_FILE = f"cohorts/2027-q1/{OPEN_COHORT}.yaml"
FULL_COHORT = "dsc-2026q4-r-teaching"  # active, no free seat
GOOD = {
    "Name": "Rosa Quintero",
    "Pronouns": "she/her",
    "Time zone": "America/Bogota",
    "Region": "South America",
    "Languages": "es, en",
    "Short bio": "Data librarian learning to teach the **SQL** lesson.",
    "Links": "Blog https://example.org/rosa\n[Code](https://example.org/rosa/code)",
    "Topics you are interested in": "sql, Git",
    "Roles": "mentee",
    "Programs": "dsc-mentoring-groups",
    "Tracks": "teaching",
    "Kind of help": "technical",
    "How you like to meet": ["async (chat, issues and email, in your own time)", "video (calls)"],
    "Eligibility facts": "instructor_training_completed: yes\nworkshops_taught: 0",
    "Cohort wanted": OPEN_COHORT,
    "Public profile": ["Show my profile by name on the program's site"],
    "Code of conduct": ["I agree to follow the code of conduct of the programs I take part in"],
}


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the example data to write into."""
    for folder in ("programs", "cohorts", "people", "schemas", "docs/showcase"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def written(tree: Path, answers: dict, login: str = "rosa-q", form: str = "mentee"):
    result = prepare(tree, login, 7, render(answers, form), TODAY)
    for shown, text in result.changes.items():
        (tree / shown).write_text(text, encoding="utf-8")
    return result


def read(tree: Path, shown: str) -> dict:
    data, problems = parse_yaml_text((tree / shown).read_text(encoding="utf-8"), shown)
    assert problems == []
    return data


# The forms and the parser agree


@pytest.mark.parametrize("form", ["mentee", "mentor"])
def test_every_field_of_the_forms_is_one_the_parser_reads(form):
    spec = template(form)
    assert spec["labels"] == ["intake"]
    for item in spec["body"]:
        if item["type"] == "markdown":
            continue
        label = item["attributes"]["label"]
        assert label in FIELDS, label
        options = item["attributes"].get("options", [])
        key = FIELDS[label]
        if key == "roles":
            assert set(options) <= set(ROLE_CHOICES)
        elif key == "help":
            assert tuple(options) == HELP_CHOICES
        elif key == "region":
            assert tuple(options) == REGION_CHOICES
        elif key == "interaction":
            assert [o["label"].split(" ")[0] for o in options] == list(INTERACTION_CHOICES)
        elif key == "mentor_capacity":
            assert all(0 <= int(o) <= 20 for o in options)


def test_the_enums_of_the_schema_are_the_choices_of_the_forms():
    person = json.loads((REPO / "schemas" / "person.schema.json").read_text())
    seeks = person["properties"]["seeks"]["properties"]
    assert tuple(seeks["help"]["enum"]) == HELP_CHOICES
    assert tuple(seeks["interaction"]["items"]["enum"]) == INTERACTION_CHOICES
    assert tuple(person["properties"]["region"]["enum"]) == REGION_CHOICES


def test_the_issue_forms_and_config_are_well_formed():
    config = yaml.safe_load((TEMPLATES / "config.yml").read_text())
    assert config["blank_issues_enabled"] is True
    assert config["contact_links"][0]["url"].endswith("/join/")
    for form in ("mentee", "mentor"):
        spec = template(form)
        ids = [item["id"] for item in spec["body"] if "id" in item]
        labels = [item["attributes"]["label"] for item in spec["body"] if item["type"] != "markdown"]
        assert len(ids) == len(set(ids)) and len(labels) == len(set(labels))
        conduct = next(i for i in spec["body"] if i.get("id") == "conduct")
        assert conduct["attributes"]["options"][0]["required"] is True
    assert "Cohort wanted" not in render({}, "mentor")  # coordinators place mentors
    assert "Cohorts you can mentor at once" in render({}, "mentor")


# Parsing


def test_a_form_with_every_answer_is_read_into_a_person():
    answers = parse_form(render(GOOD))
    assert answers.problems == []
    assert answers.person_values() == {
        "name": "Rosa Quintero",
        "pronouns": "she/her",
        "timezone": "America/Bogota",
        "region": "South America",
        "languages": ["es", "en"],
        "bio": "Data librarian learning to teach the **SQL** lesson.",
        "links": [
            {"title": "Blog", "url": "https://example.org/rosa"},
            {"title": "Code", "url": "https://example.org/rosa/code"},
        ],
        "interests": ["sql", "git"],
        "seeks": {
            "roles": ["mentee"],
            "programs": ["dsc-mentoring-groups"],
            "tracks": ["teaching"],
            "help": "technical",
            "interaction": ["async", "video"],
        },
        "attributes": {"instructor_training_completed": True, "workshops_taught": 0},
        "listed": True,
    }
    assert answers.cohort == OPEN_COHORT and answers.conduct


def test_no_response_means_no_answer_and_unticked_boxes_say_no():
    answers = parse_form(
        render({"Name": "Ana", "Time zone": "UTC", "Code of conduct": GOOD["Code of conduct"]})
    )
    assert answers.problems == []
    assert answers.person_values() == {"name": "Ana", "timezone": "UTC", "listed": False}
    assert answers.pronouns is None and answers.interaction is None and answers.cohort is None


def test_the_mentor_form_reads_roles_and_capacity():
    body = render(
        {**GOOD, "Roles": "mentor and mentee", "Cohorts you can mentor at once": "3", "Cohort wanted": ""},
        "mentor",
    )
    answers = parse_form(body)
    assert answers.problems == []
    assert answers.roles == ("mentor", "mentee") and answers.mentor_capacity == 3


def test_missing_required_answers_and_unticked_conduct_are_each_named():
    answers = parse_form(render({"Name": "", "Time zone": "", "Kind of help": "everything"}))
    said = {(p.label, p.message.split(";")[0]) for p in answers.problems}
    assert ("Name", "this answer is required") in said
    assert ("Time zone", "this answer is required") in said
    assert ("Code of conduct", "tick the box to agree to the code of conduct") in said
    assert ("Kind of help", "choose one of: technical, career, both") in said


def test_a_body_that_is_not_the_form_says_so():
    answers = parse_form("I would like to join!\n\nlogin: someone-else")
    assert [p.label for p in answers.problems] == [""]
    assert "sign-up form" in answers.problems[0].message


def test_other_headings_stay_in_the_answer_and_a_repeated_question_is_refused():
    bio = "First line\n### My projects\n- one"
    answers = parse_form(render({**GOOD, "Short bio": bio}))
    assert answers.bio == bio and answers.problems == []
    twice = parse_form(render(GOOD) + "\n\n### Time zone\n\nEurope/Berlin")
    assert [(p.label, "twice" in p.message) for p in twice.problems] == [("Time zone", True)]


def test_links_need_an_address_and_eligibility_facts_a_name():
    answers = parse_form(
        render({**GOOD, "Links": "my site example.org", "Eligibility facts": "Workshops Taught = 3"})
    )
    assert {p.label for p in answers.problems} == {"Links", "Eligibility facts"}


# Hostile answers


HOSTILE = [
    "foo\n  - bar: baz",
    "{a: b}",
    "[a, b]",
    "&x *x",
    "*alias",
    "!!python/object:os.system",
    "!!python/object/apply:os.system ['id']",
    "key: value",
    "- item",
    "# not a comment",
    "no",
    "on",
    "12:30",
    "~",
    "null",
    "1_000",
    "'single' and \"double\"",
    "---\nlogin: someone-else",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "**bold** _em_ `code` @octocat #1",
    "%TAG ! tag:evil",
    "a\\nb \\\\ \\u0000",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_in_a_name_and_a_bio_comes_out_as_inert_text(tree, value):
    result = written(tree, {**GOOD, "Name": value, "Short bio": value, "Pronouns": value[:40]})
    assert result.ok, result.problems
    data = read(tree, "people/rosa-q.yaml")
    one_line = " ".join(value.split())
    assert data["name"] == one_line and data["bio"] == value.strip()
    assert data["pronouns"] == " ".join(value[:40].split())
    assert data["login"] == "rosa-q"
    assert set(data) <= {*FIELDS.values(), "login", "seeks", "attributes"} - {"roles", "help"}
    assert cli.main(["validate", "--root", str(tree)]) == 0


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_where_an_id_or_address_belongs_is_refused_clearly(tree, value):
    answers = {**GOOD, "Time zone": value, "Languages": value, "Links": f"{value} https://x"}
    result = prepare(tree, "rosa-q", 7, render(answers), TODAY)
    assert not result.ok and result.changes == {}
    assert {p.label for p in result.problems} >= {"Time zone"}
    assert all(p.message for p in result.problems)


def test_control_and_invisible_characters_are_removed(tree):
    name = "Ro\x00sa\u202e\x1b[31m Q\u200fuin\ufefftero\x7f\x85"
    result = written(tree, {**GOOD, "Name": name, "Short bio": "a\x0bb\r\nc\u2028d\ud800"})
    assert result.ok, result.problems
    data = read(tree, "people/rosa-q.yaml")
    assert data["name"] == "Rosa[31m Quintero"
    assert data["bio"] == "ab\nc\nd"


def test_very_long_answers_are_refused_with_the_limit(tree):
    result = prepare(tree, "rosa-q", 7, render({**GOOD, "Short bio": "x" * 1500, "Name": "n" * 101}), TODAY)
    messages = {p.label: p.message for p in result.problems}
    assert "1500 characters long; at most 1000" in messages["Short bio"]
    assert "101 characters long; at most 100" in messages["Name"]
    huge = prepare(tree, "rosa-q", 7, render({**GOOD, "Short bio": "y" * 50_000}), TODAY)
    assert [p.label for p in huge.problems] == ["Short bio"] and "shorten" in huge.problems[0].message


def test_the_login_is_the_author_never_an_answer(tree):
    body = render(GOOD) + "\n\n### Login\n\nsomeone-else\n\n### login\n\nroot"
    result = prepare(tree, "rosa-q", 7, body, TODAY)
    assert result.ok and set(result.changes) == {"people/rosa-q.yaml", OPEN_COHORT_FILE}
    assert "someone-else" not in result.changes["people/rosa-q.yaml"].split("bio:")[0]
    for author in ("dependabot[bot]", "-bad", "a" * 40, ""):
        refused = prepare(tree, author, 7, render(GOOD), TODAY)
        assert not refused.ok and refused.changes == {}


def test_comment_text_is_shown_as_written():
    shown = md("[x](javascript:alert(1)) <b>hi</b> **bold** @octocat #12 `code`\n# heading")
    assert "<b>" not in shown and "&lt;b&gt;" in shown
    assert "\\[x\\]" in shown and "\\*\\*bold\\*\\*" in shown and "\\`code\\`" in shown
    assert "@octocat" not in shown and "\\#12" in shown and "\n" not in shown
    assert md("- item").startswith("\\-")


# Files written round-trip


def test_a_good_form_writes_a_person_and_a_seat_that_validate(tree):
    result = written(tree, GOOD)
    assert result.ok and result.new_person
    text = (tree / "people/rosa-q.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../schemas/person.schema.json\nlogin: rosa-q\n")
    mentee = read(tree, OPEN_COHORT_FILE)["mentees"][-1]
    assert mentee == {"person": "rosa-q", "joined": "2026-11-23", "outcome": "active"}
    assert cli.main(["validate", "--root", str(tree)]) == 0


def test_joining_keeps_the_cohort_files_comments_and_order(tree):
    path = tree / OPEN_COHORT_FILE
    original = path.read_text()
    commented = (
        original.replace("mentees:\n", "# Mentees, in the order they joined.\nmentees:  # newest last\n")
        .replace("format: online\n", "format: online  # no travel budget\n")
        .replace('time: "18:00"', "time: '18:00'")
        + "    # Mateo joined late\n# end of file\n"
    )
    path.write_text(commented)
    result = written(tree, GOOD)
    assert result.ok, result.problems
    after = path.read_text()
    expected = commented.replace(
        "    # Mateo joined late\n# end of file\n",
        "  - person: rosa-q\n    joined: 2026-11-23\n    outcome: active\n    # Mateo joined late\n# end of file\n",
    )
    assert after == expected


def test_an_empty_flow_list_of_mentees_grows_into_a_block_list():
    text = "id: c\nmentees: []  # none yet\nrepresentative: x\n"
    after = add_mentee_text(text, "ana", TODAY)
    assert yaml.safe_load(after)["mentees"] == [{"person": "ana", "joined": TODAY, "outcome": "active"}]
    assert "  - person: ana\n" in after and after.endswith("representative: x\n")


def test_signing_up_again_updates_the_file_and_loses_nothing(tree):
    path = tree / "people/adaeze-nwankwo.yaml"
    original = path.read_text()
    path.write_text(
        original.replace("pronouns: she/her\n", "pronouns: she/her  # as on GitHub\n")
        + "# Set by the coordinators:\nonboarded: 2026-01-10\nattributes:\n  project_maintainer: false\n"
    )
    answers = {
        "Name": "Adaeze N.",
        "Time zone": "Africa/Lagos",
        "Short bio": "Now also into docs.",
        "Roles": "mentee and mentor",
        "Eligibility facts": "workshops_taught: 2",
        "Public profile": GOOD["Public profile"],
        "Code of conduct": GOOD["Code of conduct"],
    }
    result = written(tree, answers, login="Adaeze-Nwankwo")  # logins ignore case
    assert result.ok, result.problems
    assert not result.new_person and set(result.changes) == {"people/adaeze-nwankwo.yaml"}
    text = path.read_text()
    assert "pronouns: she/her  # as on GitHub\n" in text and "# Set by the coordinators:\n" in text
    data = read(tree, "people/adaeze-nwankwo.yaml")
    assert data["login"] == "adaeze-nwankwo" and data["name"] == "Adaeze N."
    assert data["bio"] == "Now also into docs." and data["onboarded"] == "2026-01-10"
    assert data["languages"] == ["en", "ig"] and data["interests"] == ["observability"]  # kept
    assert data["seeks"]["roles"] == ["mentee", "mentor"] and data["seeks"]["help"] == "technical"
    assert data["attributes"] == {"project_maintainer": False, "workshops_taught": 2}
    assert "listed" not in data  # the default, so no line was added
    again = prepare(tree, "adaeze-nwankwo", 8, render(answers), TODAY)
    assert again.ok and again.changes == {}  # nothing left to change


@pytest.mark.parametrize(
    ("cohort", "roles", "expected"),
    [
        (FULL_COHORT, "mentee", "takes no new mentees now: the cohort is not taking mentees"),
        ("no-such-cohort", "mentee", "there is no cohort"),
        # Free seats, but its term's enrollment closed on 16 October.
        ("dsc-2026q4-nairobi-community", "mentee", "enrollment for this cohort closed on 2026-10-16"),
        (OPEN_COHORT, None, None),
    ],
)
def test_a_cohort_that_cannot_take_the_person_is_explained(tree, cohort, roles, expected):
    answers = {**GOOD, "Cohort wanted": cohort, **({"Roles": roles} if roles else {})}
    result = prepare(tree, "rosa-q", 7, render(answers), TODAY)
    if expected is None:
        assert result.ok
        return
    [problem] = result.problems
    assert problem.label == "Cohort wanted" and expected in problem.message
    assert OPEN_COHORT in problem.message  # the cohorts with free seats are named


def test_a_mentor_cannot_take_a_mentee_seat_and_eligibility_is_explained(tree):
    mentor_only = prepare(tree, "rosa-q", 7, render({**GOOD, "Roles": "mentor"}), TODAY)
    assert [p.label for p in mentor_only.problems] == ["Cohort wanted"]
    ineligible = prepare(tree, "rosa-q", 7, render({**GOOD, "Eligibility facts": ""}), TODAY)
    [problem] = ineligible.problems
    assert problem.label == "Cohort wanted" and "Eligibility facts" in problem.message


def test_every_problem_is_told_at_once_even_across_rules(tree):
    answers = {**GOOD, "Name": "n" * 150, "Time zone": "Mars/Olympus", "Programs": "nope-program"}
    result = prepare(tree, "rosa-q", 7, render(answers), TODAY)
    assert {p.label for p in result.problems} == {"Name", "Time zone", "Programs"}


# The command against the fake GitHub


@pytest.fixture
def fake(github):
    return github


def event_file(tmp_path: Path, fake: FakeGitHub, number: int, author: str = "rosa-q") -> Path:
    issue = fake.issue(number)
    issue["user"]["login"] = author
    event = {"action": "opened", "issue": issue, "repository": {"full_name": "acme/mentoring"}}
    path = tmp_path / f"event-{number}.json"
    path.write_text(json.dumps(event))
    return path


def intake(tree: Path, event: Path, *extra: str) -> int:
    return cli.main(
        [
            "intake",
            "--event",
            str(event),
            "--root",
            str(tree),
            "--today",
            TODAY.isoformat(),
            "--pace",
            "0",
            "--bot-login",
            "cohortkit-bot",  # the fake's token acts as this account
            *extra,
        ]
    )


def test_a_failing_form_gets_exactly_one_comment_even_when_run_twice(tree, tmp_path, fake, capsys):
    number = fake.add_issue(
        "Sign-up: mentee", render({**GOOD, "Time zone": "Mars/Olympus"}), by="rosa-q", labels=["intake"]
    )
    event = event_file(tmp_path, fake, number)
    assert intake(tree, event) == 1
    [comment] = fake.comments(number)
    assert "**Time zone**" in comment["body"] and "<!-- cohortkit:intake issue=" in comment["body"]
    assert not (tree / "people/rosa-q.yaml").exists()
    fake.reset_log()
    assert intake(tree, event) == 1
    assert len(fake.comments(number)) == 1 and not fake.requests_to("POST", "/repos")
    # Someone else copies the marker: still ours is the one that counts.
    fake.add_comment(number, comment["body"], by="mallory")
    assert intake(tree, event) == 1 and len(fake.comments(number)) == 2
    # The form is edited, still wrong in another way: the same comment is edited, never a second one.
    fake.state.issues[number].body = render({**GOOD, "Kind of help": "all of it"})
    fake.reset_log()
    assert intake(tree, event, "--dry-run") == 1 and fake.requests == []  # dry run: no request at all
    assert intake(tree, event) == 1
    assert not fake.requests_to("POST", "/repos")
    assert [r.path for r in fake.requests if r.method == "PATCH"] == [
        f"/repos/acme/mentoring/issues/comments/{comment['id']}"
    ]
    ours, theirs = fake.comments(number)
    assert ours["id"] == comment["id"] and theirs["user"]["login"] == "mallory"
    assert "**Kind of help**" in ours["body"] and "Time zone" not in ours["body"]
    assert theirs["body"] == comment["body"]  # someone else's copy is never touched
    fake.reset_log()
    assert intake(tree, event) == 1  # unchanged answers: nothing written at all
    assert all(r.method == "GET" for r in fake.requests)
    fake.assert_contract_ok()


def test_a_good_form_writes_files_that_validate_and_hands_over_the_pull_request(tree, tmp_path, fake):
    number = fake.add_issue("Sign-up: mentee", render(GOOD), by="rosa-q", labels=["intake"])
    output = tmp_path / "output.txt"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GITHUB_OUTPUT", str(output))
        assert intake(tree, event_file(tmp_path, fake, number)) == 0
    assert cli.main(["validate", "--root", str(tree)]) == 0
    found = outputs_of(output)
    assert found["result"] == "pull-request"
    assert found["branch"] == f"intake/rosa-q-{number}"
    assert found["files"] == f"{OPEN_COHORT_FILE} people/rosa-q.yaml"
    assert found["title"] == f"Add rosa-q (mentee, joining {OPEN_COHORT}) from sign-up #{number}"
    assert found["body"].rstrip().endswith(f"Closes #{number}")
    assert fake.comments(number) == []  # success needs no comment: the pull request links the issue
    assert (tree / "people/rosa-q.yaml").is_file()


def test_a_fixed_form_turns_the_earlier_comment_into_a_thank_you(tree, tmp_path, fake):
    number = fake.add_issue(
        "Sign-up: mentee", render({**GOOD, "Code of conduct": []}), by="rosa-q", labels=["intake"]
    )
    event = event_file(tmp_path, fake, number)
    assert intake(tree, event) == 1
    [comment] = fake.comments(number)
    assert "**Code of conduct**" in comment["body"]
    fake.state.issues[number].body = render(GOOD)
    assert intake(tree, event) == 0
    [edited] = fake.comments(number)
    assert edited["id"] == comment["id"] and "check out now" in edited["body"]
    assert f"intake/rosa-q-{number}" in edited["body"]


def test_outputs_cannot_be_forged_by_an_answer(tree, tmp_path, fake, monkeypatch):
    # The delimiter is random, so text that looks like an output line stays inside its value.
    name = "Rosa"
    bio = "ghadelimiter_x\nresult<<EOF\npull-request\nEOF\nbranch=main"
    number = fake.add_issue(
        "Sign-up", render({**GOOD, "Name": name, "Short bio": bio}), by="rosa-q", labels=["intake"]
    )
    output = tmp_path / "output.txt"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    assert intake(tree, event_file(tmp_path, fake, number)) == 0
    found = outputs_of(output)
    assert found["branch"] == f"intake/rosa-q-{number}"
    assert set(found) == {"result", "issue", "login", "branch", "title", "body", "files"}


def test_the_author_comes_from_the_issue_even_when_the_event_disagrees(tree, tmp_path, fake, capsys):
    number = fake.add_issue("Sign-up", render(GOOD), by="rosa-q", labels=["intake"])
    assert intake(tree, event_file(tmp_path, fake, number, author="mallory")) == 2
    assert "not mallory" in capsys.readouterr().err


def test_dry_run_writes_nothing_and_needs_no_token(tree, tmp_path, fake, monkeypatch, capsys):
    number = fake.add_issue("Sign-up", render(GOOD), by="rosa-q", labels=["intake"])
    event = event_file(tmp_path, fake, number)
    monkeypatch.delenv("GITHUB_TOKEN")
    fake.reset_log()
    assert intake(tree, event, "--dry-run") == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["result"] == "pull-request"
    assert "people/rosa-q.yaml" in json.loads(printed["files_preview"])
    assert not (tree / "people/rosa-q.yaml").exists() and fake.requests == []


def test_an_issue_that_is_not_a_sign_up_is_left_alone(tree, tmp_path, fake, capsys):
    number = fake.add_issue("A question", "### Name\n\nBob", by="bob")
    assert intake(tree, event_file(tmp_path, fake, number, author="bob")) == 0
    assert json.loads(capsys.readouterr().out)["result"] == "skipped"
    assert fake.comments(number) == [] and not list((tree / "people").glob("bob*"))


def test_a_rerun_after_the_issue_was_closed_does_nothing(tree, tmp_path, fake, capsys):
    number = fake.add_issue("Sign-up", render(GOOD), by="rosa-q", labels=["intake"])
    event = event_file(tmp_path, fake, number)
    fake.close_issue(number, by="rosa-q")
    assert intake(tree, event) == 0
    assert json.loads(capsys.readouterr().out)["result"] == "skipped"
    assert not (tree / "people/rosa-q.yaml").exists()


def test_a_missing_or_malformed_event_is_one_clear_line(tree, tmp_path, capsys):
    bad = tmp_path / "event.json"
    bad.write_text(json.dumps({"issue": {"number": "1"}}))
    assert cli.main(["intake", "--event", str(bad), "--root", str(tree)]) == 2
    assert "is not an issues event" in capsys.readouterr().err
    assert re.search(r"cannot read the event", _run_missing(tmp_path, capsys))


def _run_missing(tmp_path: Path, capsys) -> str:
    assert cli.main(["intake", "--event", str(tmp_path / "nope.json")]) == 2
    return capsys.readouterr().err


# The mentor agreement, agreed on the form

AGREEMENT = "I have read the mentor agreement of the programs I sign up for, and I agree to it"
MENTOR = {**GOOD, "Roles": "mentor", "Cohort wanted": "", "Mentor agreement": [AGREEMENT]}


def test_ticking_the_mentor_agreement_records_the_day_in_schema_order(tree):
    result = written(tree, MENTOR, form="mentor")
    assert result.ok, result.problems
    text = (tree / "people/rosa-q.yaml").read_text()
    assert read(tree, "people/rosa-q.yaml")["mentor_agreement"] == TODAY.isoformat()
    assert text.index("mentor_agreement:") > text.index("attributes:")  # where the schema puts it
    assert any("recorded as 2026-11-23" in note for note in result.notes)
    model = load_tree(tree).model
    person, program = model.people["rosa-q"], model.programs["dsc-mentoring-groups"]
    assert program.mentor_agreement_required and not agreement_missing(person, program, "mentor")


def test_the_first_day_agreed_stays_whatever_a_later_form_says(tree):
    written(tree, MENTOR, form="mentor")
    later = date(2027, 2, 1)
    for ticked in ([AGREEMENT], []):
        again = prepare(tree, "rosa-q", 8, render({**MENTOR, "Mentor agreement": ticked}, "mentor"), later)
        assert again.ok and again.changes == {}  # nothing else changed, so nothing to write


def test_an_unticked_agreement_records_nothing_and_tells_the_coordinators(tree):
    result = written(tree, {**MENTOR, "Mentor agreement": []}, form="mentor")
    assert result.ok, result.problems
    assert "mentor_agreement" not in read(tree, "people/rosa-q.yaml")
    [note] = result.notes
    assert "no mentor agreement recorded: dsc-mentoring-groups asks for one" in note


def test_only_a_mentor_can_agree_even_in_a_body_edited_to_say_so(tree):
    # The mentee form has no such question; an edited body that adds it records nothing for a mentee.
    body = render(GOOD) + f"\n\n### Mentor agreement\n\n- [X] {AGREEMENT}"
    result = prepare(tree, "rosa-q", 7, body, TODAY)
    assert result.ok, result.problems
    assert "mentor_agreement" not in result.changes["people/rosa-q.yaml"] and result.notes == []
