"""The year's result, read independently: the fake's final state against the replay's ground truth.

Duplicates and losses are counted from the issues and comments the fake holds at the
end (titles, labels, authors), never from cohortkit's hidden markers or its tracking
record; a check-in is keyed by its cohort label and the number in its title. The
certificates, badges and metrics cohortkit computes at the end are compared with
what the replay itself decided (who attended which meeting, who withdrew, who went
quiet), so a count read wrongly from GitHub anywhere on the way shows up here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yearreplay.replay import Replay
from yearreplay.world import COHORT_WEEKS

_CERTIFICATE_MEETINGS = 6
_GREETED = re.compile(r"Welcome @([A-Za-z0-9-]+)!")  # the welcome's first words
_COMPLETES_WITH = COHORT_WEEKS // 2


@dataclass
class Audit:
    checkins_expected: int = 0
    checkins_found: int = 0
    duplicates: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)  # certificates, badges, metrics against the truth
    certificates: int = 0
    badges: int = 0
    metrics_compared: int = 0

    @property
    def ok(self) -> bool:
        return not (self.duplicates or self.lost or self.mismatches)


def _labels(issue: dict[str, Any]) -> set[str]:
    return {label["name"] for label in issue["labels"]}


def audit(replay: Replay) -> Audit:
    result = Audit()
    _count_checkins(replay, result)
    _count_other_writes(replay, result)
    _compare_certificates(replay, result)
    _compare_badges(replay, result)
    _compare_metrics(replay, result)
    return result


def _count_checkins(replay: Replay, result: Audit) -> None:
    found: Counter[tuple[str, int]] = Counter()
    for issue in replay.fake.issues():
        if "check-in" in _labels(issue) and issue["user"]["login"] == replay.fake.actor:
            cohort = next((n[7:] for n in _labels(issue) if n.startswith("cohort:")), "")
            found[(cohort, int(issue["title"].rsplit("check-in ", 1)[1].split(" ")[0]))] += 1
    result.checkins_found = sum(found.values())
    for key, count in sorted(found.items()):
        if count > 1:
            result.duplicates.append(f"check-in {key[1]} of {key[0]}: {count} issues")
    for cohort in sorted(replay.truth.started):
        for number in range(1, COHORT_WEEKS + 1):
            result.checkins_expected += 1
            if found[(cohort, number)] == 0:
                result.lost.append(f"check-in {number} of {cohort}: no issue")


def _count_other_writes(replay: Replay, result: Audit) -> None:
    """Tracking issues, welcomes, missed notes and review comments: each at most once."""
    fake, bot = replay.fake, replay.fake.actor
    tracking: Counter[str] = Counter()
    # Keyed by cohort label and the login the welcome greets ("Welcome @login!", its first
    # words): terms reuse cohort titles ("Docs, group 1"), so a mentor who leads that group
    # every term is rightly welcomed once per term, and people share names, so two Rosa
    # Kims in one cohort rightly get two welcomes of one title.
    welcomes: Counter[tuple[str, str]] = Counter()
    for issue in fake.issues():
        if issue["user"]["login"] != bot:
            continue
        labels = _labels(issue)
        cohort_label = next((n for n in labels if n.startswith("cohort:")), "")
        if "tracking" in labels:
            tracking[cohort_label or issue["title"]] += 1
        if "welcome" in labels:
            greeted = _GREETED.match(issue["body"] or "")
            welcomes[(cohort_label, greeted[1].lower() if greeted else issue["title"])] += 1
    for cohort, mentees in sorted(replay.truth.placed.items()):
        for login in sorted(mentees):
            if welcomes[(f"cohort:{cohort}", login.lower())] == 0:
                result.lost.append(f"welcome of {login} to {cohort}: none")
    for cohort in sorted(replay.truth.started):
        if tracking[f"cohort:{cohort}"] == 0:
            result.lost.append(f"tracking issue of {cohort}: none")
    result.duplicates += [f"tracking issue of {k}: {n}" for k, n in tracking.items() if n > 1]
    result.duplicates += [f"welcome {t!r} in {c}: {n}" for (c, t), n in welcomes.items() if n > 1]
    for issue in fake.issues(include_pulls=True):
        bodies = Counter(
            comment["body"].split("\n", 1)[0]
            for comment in fake.comments(issue["number"])
            if comment["user"]["login"] == bot
        )
        result.duplicates += [
            f"#{issue['number']} comment {first[:60]!r}: {n}" for first, n in bodies.items() if n > 1
        ]


def _expected_earners(replay: Replay) -> set[tuple[str, str, str]]:
    truth, world = replay.truth, replay.world
    agreed = {m.login for m in world.mentors if m.signs_up is None}  # the form does not ask for it
    earners = set()
    for cohort in truth.finished:
        for login in truth.placed.get(cohort, set()):
            if (cohort, login) not in truth.withdrawn and truth.ticks[
                (cohort, login)
            ] >= _CERTIFICATE_MEETINGS:
                earners.add((cohort, login, "mentee"))
        earners |= {
            (cohort, login, "mentor") for login in truth.mentors_at_end.get(cohort, set()) if login in agreed
        }
    return earners


def _compare_certificates(replay: Replay, result: Audit) -> None:
    listed = {(c["cohort"], c["person"], c["role"]) for c in replay.certificates if c["earned"]}
    expected = _expected_earners(replay)
    result.certificates = len(listed)
    result.mismatches += [f"certificate not expected: {e}" for e in sorted(listed - expected)]
    result.mismatches += [f"certificate missing: {e}" for e in sorted(expected - listed)]


def _compare_badges(replay: Replay, result: Audit) -> None:
    """Every earner's goal badge is published; the revoked one says so, with its reason."""
    pages = replay.work / "site-pages"
    assertions = sorted(pages.glob("badges/**/assertions/**/*.json")) or sorted(
        pages.glob("badges/**/*.json")
    )
    found: dict[str, dict[str, Any]] = {}
    for path in assertions:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("type") == "Assertion":
            found[path.stem] = document
    result.badges = len(found)
    # Published as <cohort>-<role>-<login in lower case>: every earner's, and nobody else's.
    earners = {f"{c['cohort']}-{c['role']}-{c['person'].lower()}" for c in replay.certificates if c["earned"]}
    result.mismatches += [f"goal badge missing: {name}" for name in sorted(earners - set(found))]
    result.mismatches += [f"goal badge not expected: {name}" for name in sorted(set(found) - earners)]
    if replay.truth.revoked is not None:
        cohort, login, reason = replay.truth.revoked
        revoked = [d for d in found.values() if d.get("revoked")]
        if len(revoked) != 1 or revoked[0].get("revocationReason") != reason:
            result.mismatches.append(
                f"badge of {login} in {cohort}: {len(revoked)} revoked, expected 1 with its reason"
            )


def _truth_term(replay: Replay, term_id: str) -> dict[str, int]:
    truth = replay.truth
    cohorts = [c for c in truth.placed if c in replay.world.cohorts[term_id]]
    places = sum(len(truth.placed[c]) for c in cohorts)
    withdrawn = sum(1 for c, login in truth.withdrawn if c in cohorts)
    completed = sum(
        1
        for c in cohorts
        for login in truth.placed[c]
        if (c, login) not in truth.withdrawn and truth.ticks[(c, login)] >= _COMPLETES_WITH
    )
    return {
        "places": places,
        "withdrawn": withdrawn,
        "completed": completed,
        "did-not-complete": places - withdrawn - completed,
    }


def _compare_metrics(replay: Replay, result: Audit) -> None:
    if not replay.metrics:
        result.mismatches.append("no metrics were published")
        return
    last = replay.metrics[max(replay.metrics)]
    [program] = last["programs"]
    for term in program["terms"]:
        if term["id"] not in replay.world.cohorts:
            continue
        truth = _truth_term(replay, term["id"])
        for name, value in truth.items():
            figure = term["figures"].get(name, {})
            shown = figure.get("value")
            result.metrics_compared += 1
            if shown is not None and shown != value:
                result.mismatches.append(f"metrics {term['id']} {name}: published {shown}, truth {value}")
            elif shown is None and figure.get("shown") == "fewer than 5" and not 1 <= value <= 4:
                result.mismatches.append(f"metrics {term['id']} {name}: 'fewer than 5', truth {value}")


def write_json(path: Path, replay: Replay, result: Audit) -> None:
    path.write_text(
        json.dumps(
            {"audit": result.__dict__, "days": [u.__dict__ for u in replay.usage]}, default=str, indent=1
        )
    )
