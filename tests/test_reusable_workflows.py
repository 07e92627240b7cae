"""The reusable workflows programs call, and this repository's own workflows as thin callers of them."""

from __future__ import annotations

import re

import pytest
from workflow_calls import SHA_PINNED, WORKFLOWS, check_caller, load, reusable_names

CALLERS = {
    "validate.yml": "reusable-validate.yml",
    "review.yml": "reusable-review.yml",
    "review-comment.yml": "reusable-review-comment.yml",
    "review-rejudge.yml": "reusable-review-rejudge.yml",
    "checkins.yml": "reusable-checkins.yml",
    "welcome.yml": "reusable-welcome.yml",
    "intake.yml": "reusable-intake.yml",
    "site.yml": "reusable-site.yml",
    "match.yml": "reusable-match.yml",
}
INSTALL_STEP = "Install cohortkit (from the checkout's lock files)"
REVIEW_STEP = "Review comment, labels and review requests"


def steps(name: str) -> list[dict]:
    return [step for job in load(WORKFLOWS / name)["jobs"].values() for step in job.get("steps", [])]


def test_every_reusable_workflow_has_a_caller_here():
    assert sorted(CALLERS.values()) == reusable_names()


@pytest.mark.parametrize("name", reusable_names())
def test_a_reusable_workflow_is_called_only_and_grants_per_job(name):
    document = load(WORKFLOWS / name)
    assert list(document["on"]) == ["workflow_call"]
    assert document["permissions"] == {}
    for job in document["jobs"].values():
        assert "permissions" in job and "write-all" not in str(job["permissions"])
    # A literal group of its own: `github.workflow` would be the caller's name, and the same group
    # in caller and called workflow is a deadlock GitHub cancels.
    group = str((document.get("concurrency") or {}).get("group", "cohortkit-"))
    assert group.startswith("cohortkit-") and "github.workflow" not in group


@pytest.mark.parametrize("name", reusable_names())
def test_a_reusable_workflow_pins_every_action_and_keeps_expressions_out_of_run(name):
    for step in steps(name):
        if "uses" in step:
            assert SHA_PINNED.match(step["uses"]), step["uses"]
        # Event values and inputs reach a shell only through env: (no template injection).
        assert "${{" not in step.get("run", ""), step.get("name")
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_every_reusable_workflow_installs_cohortkit_the_same_way():
    installs = {name: [s for s in steps(name) if s.get("name") == INSTALL_STEP] for name in reusable_names()}
    assert all(len(found) == 1 for found in installs.values()), installs
    assert len({repr(found) for found in installs.values()}) == 1


def test_the_untrusted_review_reads_the_head_only_as_objects_and_the_privileged_ones_never_check_it_out():
    review = steps("reusable-review.yml")
    (checkout,) = [s for s in review if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    (job,) = load(WORKFLOWS / "reusable-review.yml")["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    for privileged in ("reusable-review-comment.yml", "reusable-review-rejudge.yml", "reusable-intake.yml"):
        for step in steps(privileged):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert "head" not in str(step["with"].get("ref", "")), privileged
    # The artifact is downloaded after the install, outside the workspace.
    comment = [s.get("name") or s.get("uses", "") for s in steps("reusable-review-comment.yml")]
    download = next(i for i, s in enumerate(comment) if s.startswith("actions/download-artifact@"))
    assert comment.index(INSTALL_STEP) < download


@pytest.mark.parametrize(("caller", "reusable"), sorted(CALLERS.items()))
def test_this_repositorys_workflow_is_a_thin_caller(caller, reusable):
    assert [path.name for path in check_caller(WORKFLOWS / caller)] == [reusable]
    text = (WORKFLOWS / caller).read_text(encoding="utf-8")
    assert not re.search(r"^\s+run:", text, re.M) or caller == "validate.yml"  # validate also runs make test


def test_the_match_workflow_reads_the_check_ins_first_and_reviews_the_pull_request_it_opens():
    match = {step.get("name") or step["uses"].split("@")[0]: step for step in steps("reusable-match.yml")}
    order = list(match)
    progress, proposals = (
        match["Read the check-ins back (who went quiet)"],
        match["Match and write the proposals"],
    )
    pull, review = match["Push the branch and open or update the pull request"], match[REVIEW_STEP]
    assert order.index(INSTALL_STEP) < order.index(progress["name"]) < order.index(proposals["name"])
    assert order.index(proposals["name"]) < order.index(pull["name"]) < order.index(REVIEW_STEP)
    # Matching reads the snapshot this job just wrote, so who is quiet is today's.
    assert '--out "$RUNNER_TEMP/progress.json"' in progress["run"]
    assert '--progress "$RUNNER_TEMP/progress.json"' in proposals["run"]
    # The site's cached snapshot only spares requests, and this job never writes that cache.
    assert "actions/cache/restore" in order and "actions/cache" not in order
    # The token's pull request starts no review workflow: the same review step as the intake's,
    # run whenever a pull request was pushed, with that pull request's number and head.
    [intake_review] = [s for s in steps("reusable-intake.yml") if s.get("name") == REVIEW_STEP]
    assert review["run"] == intake_review["run"] and review["if"] == pull["if"]
    assert review["env"]["NUMBER"] == "${{ steps.pull.outputs.number }}"
    assert review["env"]["HEAD_SHA"] == "${{ steps.pull.outputs.head }}"
    assert "issues" in load(WORKFLOWS / "reusable-match.yml")["jobs"]["match"]["permissions"]
