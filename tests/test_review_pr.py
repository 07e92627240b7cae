"""review-pr: the change in meaning of a pull request, and the verdict each change gets.

The attack scenarios are pairs of data trees (the example data as base, an
edited branch as head) and an author, each with the verdict it must get.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from cohortkit.cli import main
from cohortkit.data.load import load_tree
from cohortkit.join.review.report import as_markdown
from cohortkit.join.review.run import Review
from review_repo import DataRepo, membership_yaml, person_yaml

DEPLOY = "cohorts/2027-q1/cb-2027q1-deploy.yaml"  # forming, accepts mentees, 4 of 8 seats free
FIRST_BUG = "cohorts/2026-q4/cb-2026q4-first-bug.yaml"  # active, not accepting mentees
SPRING_DEPLOY = "cohorts/2026-q2/cb-2026q2-deploy.yaml"  # completed
DEPLOY_MENTORS = {"tomasz-nowak", "chidi-eze"}
CLOUDBRIDGE_COORDINATORS = {"ines-carvalho", "olu-adeyemi"}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> DataRepo:
    return DataRepo(tmp_path_factory.mktemp("review") / "repo")


def kinds(review: Review) -> list[tuple[str, str, str]]:
    return [(j.change.kind, j.change.subject, j.verdict) for j in review.judgements]


def newcomer_joins(repo: DataRepo, login: str = "zoe-newcomer") -> None:
    repo.write(f"people/{login}.yaml", person_yaml(login))
    repo.append(DEPLOY, membership_yaml(login))


# Allowed for the author alone


def test_newcomer_adding_their_file_and_joining_an_open_cohort_is_allowed(repo: DataRepo) -> None:
    repo.start("newcomer")
    newcomer_joins(repo)
    repo.commit()
    review = repo.review("zoe-newcomer")
    assert review.verdict == "allowed"
    assert kinds(review) == [
        ("membership-added", "zoe-newcomer", "allowed"),
        ("person-added", "zoe-newcomer", "allowed"),
    ]
    assert "4 free seats" in review.judgements[0].reason
    assert review.labels == ["join request", "cohort:cb-2027q1-deploy"]
    assert review.problems == []


def test_a_join_after_enrollment_closed_needs_the_coordinators_with_the_reason(repo: DataRepo) -> None:
    repo.start("late")
    newcomer_joins(repo)
    repo.commit()
    # Winter 2027's enrollment closes on 8 January; the cohort still has free seats on the 9th.
    late = repo.review("zoe-newcomer", today=date(2027, 1, 9))
    join = next(j for j in late.judgements if j.change.kind == "membership-added")
    assert join.verdict == "needs-review"
    assert (
        "enrollment for this cohort closed on 2027-01-08" in join.reason
        and "coordinators decide" in join.reason
    )
    coordinators = set(load_tree(repo.path).model.programs["cloudbridge-cohorts"].coordinators)
    assert set(join.reviewers) == coordinators and coordinators
    early = repo.review("zoe-newcomer", today=date(2026, 11, 15))
    assert (
        "opens on 2026-11-16"
        in next(j for j in early.judgements if j.change.kind == "membership-added").reason
    )


def test_rolling_admission_lets_a_late_join_through(repo: DataRepo) -> None:
    repo.start("rolling-base")
    repo.replace("programs/cloudbridge-cohorts.yaml", "\nterms:\n", "\nrolling_admission: true\nterms:\n")
    base = repo.commit("rolling admission")
    repo.start("rolling-join", at=base)
    newcomer_joins(repo)
    repo.commit()
    assert repo.review("zoe-newcomer", base=base, today=date(2027, 1, 9)).verdict == "allowed"


def test_login_case_does_not_matter(repo: DataRepo) -> None:
    repo.start("case")
    newcomer_joins(repo)
    repo.commit()
    assert repo.review("Zoe-Newcomer").verdict == "allowed"


def test_editing_ones_own_person_file_is_allowed(repo: DataRepo) -> None:
    repo.start("own-edit")
    repo.replace("people/maya-patel.yaml", "pronouns: she/her", "pronouns: she/they")
    repo.commit()
    review = repo.review("maya-patel")
    assert kinds(review) == [("person-changed", "maya-patel", "allowed")]
    assert review.judgements[0].change.fields == ("pronouns",)


def test_reformatting_and_reordering_is_no_change(repo: DataRepo) -> None:
    repo.start("reorder")
    text = repo.read(DEPLOY)
    repo.write(DEPLOY, text.replace("mentee_seats: 8", "mentee_seats:   8  # eight seats"))
    repo.commit()
    review = repo.review("mallory")
    assert review.judgements == [] and review.verdict == "allowed"


def test_ending_ones_own_membership_as_withdrawn_is_allowed(repo: DataRepo) -> None:
    repo.start("withdraw")
    repo.replace(
        DEPLOY,
        "  - person: tariq-rahman\n    joined: 2026-11-18\n    outcome: active\n",
        "  - person: tariq-rahman\n    joined: 2026-11-18\n    left: 2026-11-22\n    outcome: withdrawn\n",
    )
    repo.commit()
    review = repo.review("tariq-rahman")
    assert kinds(review) == [("membership-ended", "tariq-rahman", "allowed")]
    assert "withdrawn on 2026-11-22" in review.judgements[0].reason


# Attack scenarios: each a head, an author and the verdict it must get


def test_adding_someone_else_as_mentee_needs_the_mentors_and_asks_that_person(repo: DataRepo) -> None:
    repo.start("add-other")
    repo.append(DEPLOY, membership_yaml("maya-patel"))
    repo.commit()
    review = repo.review("mallory")
    assert kinds(review) == [("membership-added", "maya-patel", "needs-review")]
    assert set(review.reviewers) == DEPLOY_MENTORS | CLOUDBRIDGE_COORDINATORS
    assert review.mentions == ["maya-patel"]
    assert "needs mentor review" in review.labels


def test_promoting_oneself_to_mentor_needs_the_coordinators(repo: DataRepo) -> None:
    repo.start("self-mentor")
    extra = (
        "mentor_capacity: 1\nmentor_agreement: 2026-11-01\nattributes:\n  cloudbridge_merged_changes: 40\n"
    )
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer", extra=extra))
    repo.replace(DEPLOY, "mentees:\n", membership_yaml("zoe-newcomer") + "mentees:\n")
    repo.commit()
    review = repo.review("zoe-newcomer")
    assert kinds(review) == [
        ("membership-added", "zoe-newcomer", "needs-review"),
        ("person-added", "zoe-newcomer", "allowed"),
    ]
    assert review.judgements[0].change.role == "mentor"
    assert set(review.reviewers) == CLOUDBRIDGE_COORDINATORS
    assert review.verdict == "needs-review"


def test_raising_a_full_cohorts_capacity_to_get_in_needs_review(repo: DataRepo) -> None:
    repo.start("full-base")
    repo.replace(DEPLOY, "mentee_seats: 8", "mentee_seats: 4")
    full = repo.commit("the deploy cohort is full")
    repo.start("raise-seats", at=full)
    repo.replace(DEPLOY, "mentee_seats: 4", "mentee_seats: 5")
    newcomer_joins(repo)
    repo.commit()
    review = repo.review("zoe-newcomer", base=full)
    verdicts = {(j.change.kind, j.verdict) for j in review.judgements}
    assert ("cohort-changed", "needs-review") in verdicts
    assert ("membership-added", "needs-review") in verdicts
    join = next(j for j in review.judgements if j.change.kind == "membership-added")
    assert "all 4 seats are taken" in join.reason  # judged by the base's seats, not the head's
    assert review.verdict == "needs-review"


def test_opening_a_closed_cohort_to_get_in_needs_review(repo: DataRepo) -> None:
    repo.start("open-closed")
    repo.replace(FIRST_BUG, "accepting_mentees: false", "accepting_mentees: true")
    repo.replace(FIRST_BUG, "mentee_seats: 8", "mentee_seats: 9")
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer"))
    repo.replace(FIRST_BUG, "mentees:\n", "mentees:\n" + membership_yaml("zoe-newcomer", "2026-11-22"))
    repo.commit()
    review = repo.review("zoe-newcomer")
    assert review.verdict in ("needs-review", "rejected")
    join = [j for j in review.judgements if j.change.kind == "membership-added"]
    assert not join or "does not accept mentees" in join[0].reason
    assert all(j.verdict != "allowed" for j in review.judgements if j.change.kind != "person-added")


def test_removing_another_member_with_history_is_rejected(repo: DataRepo) -> None:
    repo.start("remove-other")
    repo.replace(
        FIRST_BUG,
        "  - person: maya-patel\n    joined: 2026-08-19\n    outcome: active\n    meetings_attended: 6\n",
        "",
    )
    repo.commit()
    review = repo.review("mallory")
    assert ("membership-removed", "maya-patel", "rejected") in kinds(review)
    assert review.verdict == "rejected"


def test_removing_a_member_who_has_no_history_yet_needs_review(repo: DataRepo) -> None:
    repo.start("remove-new")
    repo.replace(DEPLOY, "  - person: chloe-martin\n    joined: 2026-11-20\n    outcome: active\n", "")
    repo.commit()
    review = repo.review("mallory")
    assert kinds(review) == [("membership-removed", "chloe-martin", "needs-review")]
    assert review.mentions == ["chloe-martin"]


def test_rewriting_someone_elses_history_is_rejected(repo: DataRepo) -> None:
    repo.start("history")
    repo.replace(
        SPRING_DEPLOY,
        "    meetings_attended: 8\n    surveys_done: 1\n",
        "    meetings_attended: 0\n    surveys_done: 1\n",
    )
    repo.commit()
    review = repo.review("mallory")
    assert kinds(review) == [("membership-changed", "maya-patel", "rejected")]
    assert "rewrites maya-patel's history" in review.judgements[0].reason


def test_a_coordinator_correcting_history_needs_the_other_coordinators(repo: DataRepo) -> None:
    # As when `cohortkit attendance --write` records the meetings a member attended before leaving.
    repo.start("history")
    repo.replace(
        SPRING_DEPLOY,
        "    meetings_attended: 8\n    surveys_done: 1\n",
        "    meetings_attended: 9\n    surveys_done: 1\n",
    )
    repo.commit()
    review = repo.review("Ines-Carvalho")  # logins compare without case, as GitHub's do
    assert kinds(review) == [("membership-changed", "maya-patel", "needs-review")]
    assert review.judgements[0].reviewers == ("olu-adeyemi",)
    # A coordinator of another program is anyone else here.
    assert kinds(repo.review("priya-raman")) == [("membership-changed", "maya-patel", "rejected")]


def test_marking_someone_else_withdrawn_needs_the_mentors(repo: DataRepo) -> None:
    repo.start("withdraw-other")
    repo.replace(
        DEPLOY,
        "  - person: tariq-rahman\n    joined: 2026-11-18\n    outcome: active\n",
        "  - person: tariq-rahman\n    joined: 2026-11-18\n    left: 2026-11-22\n    outcome: withdrawn\n",
    )
    repo.commit()
    assert kinds(repo.review("mallory")) == [("membership-ended", "tariq-rahman", "needs-review")]


def test_editing_another_persons_file_is_rejected(repo: DataRepo) -> None:
    repo.start("edit-other")
    repo.replace("people/maya-patel.yaml", "pronouns: she/her", "pronouns: they/them")
    repo.commit()
    review = repo.review("mallory")
    assert kinds(review) == [("person-changed", "maya-patel", "rejected")]


def test_deleting_a_person_with_history_is_rejected_even_by_themselves(repo: DataRepo) -> None:
    repo.start("delete-person")
    (repo.path / "people/lena-hoffmann.yaml").unlink()
    repo.commit()
    review = repo.review("lena-hoffmann")
    assert review.verdict == "rejected"
    person = next(j for j in review.judgements if j.change.kind == "person-removed")
    assert "listed: false" in person.reason


def test_renaming_a_file_to_take_over_a_login_is_rejected(repo: DataRepo) -> None:
    repo.start("rename")
    text = repo.read("people/maya-patel.yaml").replace("login: maya-patel", "login: mallory")
    (repo.path / "people/maya-patel.yaml").unlink()
    repo.write("people/mallory.yaml", text)
    repo.commit()
    review = repo.review("mallory")
    assert review.verdict == "rejected"
    added = next(j for j in review.judgements if j.change.kind == "person-added")
    assert added.verdict == "rejected" and "renames maya-patel's person file" in added.reason


def test_a_symlink_in_a_data_folder_is_rejected_and_never_followed(repo: DataRepo) -> None:
    repo.start("symlink")
    (repo.path / "people/zoe-newcomer.yaml").symlink_to("/etc/passwd")
    repo.commit()
    review = repo.review("zoe-newcomer")
    assert review.verdict == "rejected"
    assert any("symbolic link" in p.message for p in review.problems)
    assert not any("root:" in p.message for p in review.problems)


def test_a_yaml_alias_bomb_is_rejected(repo: DataRepo) -> None:
    repo.start("bomb")
    bomb = "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n" for i in range(1, 12))
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer") + 'l0: &l0 ["boom"]\n' + bomb)
    repo.commit()
    review = repo.review("zoe-newcomer")
    assert review.verdict == "rejected"
    assert [j.change.kind for j in review.judgements] == ["invalid-file"]
    assert any("alias" in p.message or "anchor" in p.message for p in review.problems)


def test_a_huge_file_is_rejected_without_being_read(repo: DataRepo) -> None:
    repo.start("huge")
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer", extra="bio: " + "a" * 400_000 + "\n"))
    repo.commit()
    review = repo.review("zoe-newcomer")
    assert review.verdict == "rejected"
    assert any("larger than" in p.message for p in review.problems)


def test_html_in_a_name_stays_text_in_the_comment(repo: DataRepo) -> None:
    repo.start("html-name")
    name = "<img src=x onerror=alert(1)> @everyone #1"
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer", name=f"'{name}'"))
    repo.commit()
    review = repo.review("zoe-newcomer")
    # Their own file, their own name: allowed, and the site and the comment escape it.
    assert review.verdict == "allowed"
    comment = as_markdown(review)
    assert "<img" not in comment and "@everyone" not in comment


def test_a_path_with_markdown_cannot_inject_into_the_comment(repo: DataRepo) -> None:
    repo.start("path-md")
    repo.write("docs/x <b>@admins</b> [click](javascript:alert(1)).md", "hi\n")
    repo.commit()
    review = repo.review("mallory")
    assert review.verdict == "needs-review"
    comment = as_markdown(review)
    assert "<b>" not in comment and "@admins" not in comment


def test_a_workflow_change_mixed_into_a_join_request_is_rejected(repo: DataRepo) -> None:
    repo.start("mixed")
    newcomer_joins(repo)
    repo.write(".github/workflows/steal.yml", "on: push\n")
    repo.commit()
    review = repo.review("zoe-newcomer")
    assert review.verdict == "rejected"
    assert ("other-file", ".github/workflows/steal.yml", "rejected") in kinds(review)


def test_loosening_the_schema_in_the_head_does_not_loosen_the_review(repo: DataRepo) -> None:
    repo.start("schema")
    schema = repo.read("schemas/person.schema.json").replace(
        '"additionalProperties": false', '"additionalProperties": true'
    )
    repo.write("schemas/person.schema.json", schema)
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer", extra="is_admin: true\n"))
    repo.commit()
    review = repo.review("zoe-newcomer")
    assert review.verdict == "rejected"
    assert any(p.file == "people/zoe-newcomer.yaml" for p in review.problems)


def test_a_join_that_breaks_a_rule_is_rejected_by_the_validator(repo: DataRepo) -> None:
    repo.start("ineligible")
    # The Carpentries-like program's mentees must have completed instructor training.
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer"))
    repo.append("cohorts/2027-q1/dsc-2027q1-sql-teaching.yaml", membership_yaml("zoe-newcomer"))
    repo.commit()
    review = repo.review("zoe-newcomer")
    assert review.verdict == "rejected"
    assert any("requirement" in p.message for p in review.problems)


def test_an_edit_that_breaks_ones_own_file_is_rejected_not_a_deletion(repo: DataRepo) -> None:
    repo.start("broken-own")
    repo.replace("people/maya-patel.yaml", "timezone: America/Los_Angeles", "timezone: [oops")
    repo.commit()
    review = repo.review("maya-patel")
    assert [(j.change.kind, j.verdict) for j in review.judgements] == [("invalid-file", "rejected")]
    assert review.problems[0].line > 1


def test_editing_a_cohort_needs_its_mentors_or_coordinators(repo: DataRepo) -> None:
    repo.start("edit-cohort")
    repo.replace(DEPLOY, "mentee_seats: 8", "mentee_seats: 9")
    repo.commit()
    review = repo.review("tomasz-nowak")
    assert kinds(review) == [("cohort-changed", "cb-2027q1-deploy", "needs-review")]
    # The author, a mentor of the cohort, is not asked to approve their own change.
    assert set(review.reviewers) == {"chidi-eze"} | CLOUDBRIDGE_COORDINATORS


def test_editing_a_program_needs_its_coordinators(repo: DataRepo) -> None:
    repo.start("edit-program")
    repo.replace("programs/cloudbridge-cohorts.yaml", "mentee_active_cohorts: 2", "mentee_active_cohorts: 3")
    repo.commit()
    review = repo.review("mallory")
    assert kinds(review) == [("program-changed", "cloudbridge-cohorts", "needs-review")]
    assert set(review.reviewers) == CLOUDBRIDGE_COORDINATORS


def test_deleting_a_cohort_that_ran_is_rejected(repo: DataRepo) -> None:
    repo.start("delete-cohort")
    (repo.path / SPRING_DEPLOY).unlink()
    repo.commit()
    review = repo.review("ines-carvalho")
    assert review.verdict == "rejected"


def test_creating_someone_elses_person_file_needs_a_coordinator_and_asks_them(repo: DataRepo) -> None:
    repo.start("other-file")
    repo.write("people/someone-else.yaml", person_yaml("someone-else"))
    repo.commit()
    review = repo.review("mallory")
    assert kinds(review) == [("person-added", "someone-else", "needs-review")]
    assert review.mentions == ["someone-else"]


# The command


def test_cli_exit_codes_and_json(repo: DataRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.start("cli")
    newcomer_joins(repo)
    head = repo.commit()
    args = [
        "review-pr",
        "--today",
        "2026-11-23",
        "--root",
        str(repo.path),
        "--base",
        repo.base,
        "--head",
        head,
    ]
    assert main([*args, "--author", "zoe-newcomer", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verdict"] == "allowed" and report["head"] == head
    assert {c["kind"] for c in report["changes"]} == {"membership-added", "person-added"}
    assert main([*args, "--author", "mallory"]) == 1
    assert "needs review" in capsys.readouterr().out
    assert (
        main(["review-pr", "--root", str(repo.path), "--base", "nope", "--head", head, "--author", "x"]) == 2
    )
    assert "is not a commit" in capsys.readouterr().err


def test_review_never_writes_into_the_repository(repo: DataRepo) -> None:
    repo.start("untouched")
    newcomer_joins(repo)
    repo.commit()
    before = sorted(str(p) for p in repo.path.rglob("*") if ".git" not in p.parts)
    repo.review("zoe-newcomer")
    assert sorted(str(p) for p in repo.path.rglob("*") if ".git" not in p.parts) == before


# A second entry of the same person, role and cohort is a change like any other


def _base_with(repo: DataRepo, name: str, edit) -> str:
    repo.start(f"{name}-base")
    edit()
    return repo.commit(f"{name} base")


def test_a_withdrawn_mentee_adding_a_second_active_entry_is_not_allowed(repo: DataRepo) -> None:
    withdrawn = (
        "  - person: maya-patel\n    joined: 2026-08-19\n    left: 2026-09-30\n    outcome: withdrawn\n"
    )
    active = "  - person: maya-patel\n    joined: 2026-08-19\n    outcome: active\n"
    base = _base_with(repo, "withdrawn", lambda: repo.replace(FIRST_BUG, active, withdrawn))
    repo.start("rejoin", at=base)
    repo.replace(FIRST_BUG, withdrawn, withdrawn + membership_yaml("maya-patel", "2026-11-20"))
    repo.commit()
    review = repo.review("maya-patel", base=base)
    assert ("membership-added", "maya-patel", "needs-review") in kinds(review)
    assert review.verdict != "allowed"


def test_a_former_mentor_adding_themselves_as_mentor_again_needs_the_coordinators(repo: DataRepo) -> None:
    active = "  - person: lucas-ferreira\n    joined: 2026-08-31\n    outcome: active\n"
    ended = (
        "  - person: lucas-ferreira\n    joined: 2026-08-31\n    left: 2026-10-01\n    outcome: withdrawn\n"
    )
    base = _base_with(repo, "ex-mentor", lambda: repo.replace(FIRST_BUG, active, ended))
    repo.start("again", at=base)
    repo.replace(
        FIRST_BUG, ended, ended + "  - person: lucas-ferreira\n    joined: 2026-11-20\n    outcome: active\n"
    )
    repo.commit()
    review = repo.review("lucas-ferreira", base=base)
    [added] = [j for j in review.judgements if j.change.kind == "membership-added"]
    assert added.change.role == "mentor" and added.verdict == "needs-review"
    assert "coordinators approve mentors" in added.reason


def test_an_outsider_deleting_someones_second_entry_is_seen(repo: DataRepo) -> None:
    first = "  - person: maya-patel\n    joined: 2026-08-19\n    left: 2026-09-01\n    outcome: withdrawn\n"
    second = "  - person: maya-patel\n    joined: 2026-09-05\n    outcome: active\n"
    active = "  - person: maya-patel\n    joined: 2026-08-19\n    outcome: active\n"
    base = _base_with(repo, "two-entries", lambda: repo.replace(FIRST_BUG, active, first + second))
    repo.start("delete-second", at=base)
    repo.replace(FIRST_BUG, second, "")
    repo.commit()
    review = repo.review("zoe-newcomer", base=base)
    assert ("membership-removed", "maya-patel", "rejected") in kinds(review)


@pytest.mark.parametrize(
    "history",
    ["    meetings_attended: 6\n", "    surveys_done: 2\n", "    showcase_attended: true\n"],
)
def test_a_join_with_its_history_already_filled_in_needs_the_mentors(repo: DataRepo, history: str) -> None:
    repo.start("history")
    repo.write("people/zoe-newcomer.yaml", person_yaml("zoe-newcomer"))
    repo.append(DEPLOY, membership_yaml("zoe-newcomer") + history)
    repo.commit()
    review = repo.review("zoe-newcomer")
    join = next(j for j in review.judgements if j.change.kind == "membership-added")
    assert join.verdict == "needs-review" and "starts empty" in join.reason
    assert review.verdict != "allowed"


# Files under the data folders that the loader does not read are never "no change"


@pytest.mark.parametrize(
    "path",
    [
        "people/README.md",
        "people/.hidden.yaml",
        "cohorts/.github/run.sh",
        "programs/.x/y.yaml",
        "cohorts/2026-q4/.notes",
    ],
)
def test_a_file_the_loader_does_not_read_is_never_allowed(repo: DataRepo, path: str) -> None:
    repo.start("unread")
    repo.write(path, "<a href='https://phish.example'>Sign in</a>\n")
    repo.commit()
    alone = repo.review("zoe-newcomer")
    assert alone.verdict in ("needs-review", "rejected")
    assert any(j.change.kind == "other-file" and j.change.subject == path for j in alone.judgements)
    newcomer_joins(repo)
    repo.commit()
    mixed = repo.review("zoe-newcomer")
    assert mixed.verdict == "rejected"
    assert any("not a data file cohortkit reads" in j.reason for j in mixed.judgements)


# The merge result is judged, not the branch as it was cut


def test_a_join_is_judged_against_the_base_as_it_is_now(repo: DataRepo) -> None:
    repo.start("join-early")
    newcomer_joins(repo)
    head = repo.commit("join while seats were free")
    assert repo.review("zoe-newcomer", head=head).verdict == "allowed"
    # Meanwhile the default branch fills every seat of the cohort (4 of 8 were free).
    repo.start("main-fills", at=repo.base)
    for n in range(4):
        repo.write(f"people/filler-{n}.yaml", person_yaml(f"filler-{n}"))
        # At the top of the list, away from the pull request's lines, so the two merge cleanly.
        repo.replace(DEPLOY, "mentees:\n", "mentees:\n" + membership_yaml(f"filler-{n}"))
    moved = repo.commit("four more mentees")
    assert load_tree(repo.path).problems == []  # the new base is valid on its own
    review = repo.review("zoe-newcomer", base=moved, head=head)
    join = next(j for j in review.judgements if j.change.kind == "membership-added")
    assert join.verdict == "needs-review" and "all 8 seats are taken" in join.reason
    assert review.verdict != "allowed"
    # What was judged is the merge: the base's four fillers are not the pull request's changes.
    assert not any(j.change.subject.startswith("filler-") for j in review.judgements)


def test_a_pull_request_that_conflicts_with_the_base_is_not_judged_allowed(repo: DataRepo) -> None:
    repo.start("edit-a")
    repo.replace(DEPLOY, "mentee_seats: 8", "mentee_seats: 9")
    head = repo.commit()
    repo.start("edit-b", at=repo.base)
    repo.replace(DEPLOY, "mentee_seats: 8", "mentee_seats: 7")
    moved = repo.commit()
    review = repo.review("zoe-newcomer", base=moved, head=head)
    assert review.verdict == "rejected"
    assert any("conflicts with the base branch" in j.reason for j in review.judgements)


# CODEOWNERS regenerated from the data is part of the data change


def test_a_new_mentor_with_the_regenerated_codeowners_is_judged_as_the_join(repo: DataRepo) -> None:
    from cohortkit.program import codeowners

    repo.start("owners-base")
    repo.write(codeowners.PATH, codeowners.generate(load_tree(repo.path).model))
    base = repo.commit("CODEOWNERS")
    repo.start("new-mentor", at=base)
    # An eligible Cloudbridge mentor with room for one more cohort.
    repo.replace(DEPLOY, "mentors:\n", "mentors:\n" + membership_yaml("sofia-lindqvist", "2026-11-20"))
    repo.write(codeowners.PATH, codeowners.generate(load_tree(repo.path).model))
    repo.commit()
    review = repo.review("sofia-lindqvist", base=base)
    assert not any(j.change.kind == "other-file" for j in review.judgements), kinds(review)
    assert review.verdict == "needs-review"
    repo.start("hand-edited", at=base)
    repo.append(codeowners.PATH, "* @mallory\n")
    repo.commit()
    assert repo.review("mallory", base=base).verdict in ("needs-review", "rejected")
    assert any(j.change.kind == "other-file" for j in repo.review("mallory", base=base).judgements)


def test_an_intake_pull_request_is_judged_for_the_forms_author_and_only_from_the_workflows_bot(
    repo: DataRepo, capsys
) -> None:
    repo.start("intake/zoe-newcomer-7")
    newcomer_joins(repo)
    head = repo.commit()
    base = [
        "review-pr",
        "--today",
        "2026-11-23",
        "--root",
        str(repo.path),
        "--base",
        repo.base,
        "--head",
        head,
    ]
    branch = [
        "--head-ref",
        "intake/zoe-newcomer-7",
        "--head-repo",
        "acme/mentoring",
        "--repository",
        "acme/mentoring",
    ]
    bot = ["--author", "github-actions[bot]", "--author-type", "Bot"]
    assert main([*base, *bot, *branch, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["author"] == "zoe-newcomer"
    # Another bot, or the same branch name from a fork, acts for itself: someone else's join.
    other = ["--author", "helpful-bot[bot]", "--author-type", "Bot"]
    assert main([*base, *other, *branch, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["author"] == "helpful-bot[bot]"
    fork = [
        "--head-ref",
        "intake/zoe-newcomer-7",
        "--head-repo",
        "mallory/mentoring",
        "--repository",
        "acme/mentoring",
    ]
    assert main([*base, *bot, *fork, "--format", "json"]) == 1
