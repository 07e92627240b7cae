"""A short program year end to end: the acceptance test of the whole system (benchmarks/year.py is the long one).

Thirty mentees and eight mentors in one intake, from the first sign-up to the
certificates, against the fake GitHub with its limits enforced and a fixed-seed
schedule of faults, a check-ins run killed midway and an hour another job of the token
nearly filled. Every workflow's command runs in the order its workflow runs it
(tests/yearreplay/replay.py); duplicates and losses are read from the fake's final
state, and certificates, badges and metrics are compared with the replay's own truth.
"""

from __future__ import annotations

import pytest
from yearreplay.audit import audit
from yearreplay.jobs import TOKEN
from yearreplay.replay import Replay
from yearreplay.world import YearSize, make_world


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    world = make_world(
        YearSize(mentees=30, mentors=8, intakes=1, seed=11, enrollment_days=28, quiet_mentors=0.4)
    )
    replay = Replay(world, tmp_path_factory.mktemp("year"), site_every=28, log=lambda _line: None)
    replay.fake.check_every = 10  # every kind of response is contract-checked, then one in ten
    replay.run()
    return replay, audit(replay)


def test_no_duplicate_and_no_loss_with_faults_all_term(replayed):
    replay, result = replayed
    assert replay.schedule is not None and replay.schedule.armed  # faults did happen
    assert replay.killed_on is not None and replay.crowded_on is not None
    assert result.checkins_expected > 0 and result.checkins_found >= result.checkins_expected
    assert result.duplicates == []
    assert result.lost == []


def test_every_step_ran_as_its_workflow_would_and_nothing_was_refused(replayed):
    replay, _ = replayed
    assert replay.jobs.failures == []
    assert replay.truth.rejected == []
    assert len(replay.truth.signed_up) == 30 + sum(1 for m in replay.world.mentors if m.signs_up)
    # Two joins of one cohort opened on one day: the second conflicted once the first was
    # merged, its author edited the issue as the review said, and the rebuilt one merged.
    assert replay.conflicts >= 1
    assert replay.truth.started and replay.truth.finished == replay.truth.started
    assert replay.fake.contract_violations == []


def test_quiet_mentors_are_replaced_by_matching_while_mentors_with_room_remain(replayed):
    replay, _ = replayed
    quiet_cohorts = {cohort for cohort, _ in replay.truth.quiet}
    assert len(quiet_cohorts) >= 2, "the seed should make mentors go quiet"
    replaced = set(replay.truth.replaced)
    assert replaced and replaced <= quiet_cohorts
    # Each replacement is a mentor who was not quiet, within their capacity (validate held it).
    for cohort, mentors in replay.truth.replaced.items():
        assert all((cohort, login) not in replay.truth.quiet for login in mentors)


def test_certificates_badges_and_metrics_equal_the_truth(replayed):
    replay, result = replayed
    assert result.certificates > 0 and result.badges == result.certificates
    assert result.metrics_compared > 0
    assert result.mismatches == []
    assert replay.truth.revoked is not None


def test_the_token_stayed_within_githubs_limits(replayed):
    replay, _ = replayed
    usage = replay.fake.usage(TOKEN)
    # The crowded hour: the fake refused writes past 500 in the hour, as GitHub would, and the
    # check-ins waited or stopped and finished in a later run (nothing was lost, above).
    assert usage.secondary_limited > 0
    assert max(usage.requests_by_hour.values()) <= 1000
    assert max(usage.writes_by_hour.values()) <= 500


def test_the_year_ends_in_the_site_make_site_builds_with_every_certificate(replayed):
    replay, _ = replayed
    assert replay.site is not None and (replay.site / "index.html").is_file()
    assert "Replay Mentoring" in (replay.site / "index.html").read_text(encoding="utf-8")
    earned = {(c["cohort"], c["person"].lower()) for c in replay.certificates if c["earned"]}
    published = {(p.parent.name, p.stem.lower()) for p in (replay.site / "certificates").glob("*/*.pdf")}
    assert earned and published == earned  # every earner published themselves in the replay
