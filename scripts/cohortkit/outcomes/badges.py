"""Goal badges as Open Badges 2.0 hosted files: an issuer per program, a BadgeClass per cohort goal and role, an Assertion per earner.

Hosted verification means the files are the proof: a verifier fetches the
assertion at its id, then its BadgeClass and the issuer, all on the site. Every
project of a GitHub Pages owner shares one origin (`owner.github.io`), so the
issuer scopes verification to the site's own path (`startsWith`), not to the
origin, and another project on the same origin cannot issue in its name.

Ids are page addresses derived from ids in the data, so they are the same in
every build. The recipient is the earner's GitHub profile address, hashed with
a salt (`url` identity); the salt is derived from the award, so it too is
stable. An award withdrawn in the data (`badge_revoked:` on the membership)
is still served, as `revoked: true` with the reason: a missing file would
look like a broken site, not a decision.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from jinja2 import Environment

from cohortkit.data.model import Cohort, Membership, Model, Program
from cohortkit.outcomes.certificates import Assessment, assess
from cohortkit.outcomes.palette import program_colours
from cohortkit.outcomes.svg_templates import svg_environment, wrap, xml_text
from cohortkit.program.pages import absolute_url, path_segment

CONTEXT = "https://w3id.org/openbadges/v2"
BADGES = "badges"


def issuer_path(program_id: str) -> str:
    return f"{BADGES}/issuers/{path_segment(program_id)}.json"


def badge_class_path(cohort_id: str, role: str) -> str:
    return f"{BADGES}/classes/{path_segment(cohort_id)}-{path_segment(role)}.json"


def badge_image_path(cohort_id: str, role: str) -> str:
    return f"{BADGES}/images/{path_segment(cohort_id)}-{path_segment(role)}.svg"


def assertion_path(cohort_id: str, role: str, login: str) -> str:
    return f"{BADGES}/assertions/{path_segment(cohort_id)}-{path_segment(role)}-{path_segment(login.lower())}.json"


def recipient_url(login: str) -> str:
    """The earner's identity: their GitHub profile, which is what they published about themselves."""
    return f"https://github.com/{login.lower()}"


def salted_identity(identity: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Award:
    """One earned goal badge: whose, for which cohort and role, and whether it was withdrawn."""

    assessment: Assessment
    revoked: str  # the reason, when the award was withdrawn; "" otherwise

    @property
    def cohort(self) -> Cohort:
        return self.assessment.cohort

    @property
    def program(self) -> Program:
        return self.assessment.program

    @property
    def membership(self) -> Membership:
        return self.assessment.membership


def awards(model: Model, assessed: Iterable[Assessment] | None = None) -> list[Award]:
    """Goal badges for listed earners of completed cohorts, withdrawn ones included (marked).

    `assessed`: the model's certificate assessments, when the caller has them already.
    """
    found = []
    for a in assess(model) if assessed is None else assessed:
        if a.person is None or not a.person.listed:
            continue
        revoked = a.membership.badge_revoked
        if a.earned or revoked:
            found.append(Award(a, revoked))
    return found


class BadgeFiles:
    """The JSON documents and SVG images of every award, keyed by their path on the site."""

    def __init__(
        self,
        model: Model,
        site_url: str,
        awarded: list[Award] | None = None,
        template_dirs: Sequence[Path] = (),
    ) -> None:
        """`site_url`: where the site is published; hosted badges need it (ids are absolute addresses)."""
        self.awarded = awards(model) if awarded is None else awarded
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.env = svg_environment(template_dirs)

    def files(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for award in self.awarded:
            cohort, role, program = award.cohort, award.membership.role, award.program
            found.setdefault(issuer_path(program.id), _json(self.issuer(program)))
            found.setdefault(badge_class_path(cohort.id, role), _json(self.badge_class(award)))
            found.setdefault(badge_image_path(cohort.id, role), badge_svg(award, self.env))
            found[assertion_path(cohort.id, role, award.membership.person)] = _json(self.assertion(award))
        return found

    def url(self, path: str) -> str:
        return absolute_url(self.site_url, path)

    def issuer(self, program: Program) -> dict[str, Any]:
        document: dict[str, Any] = {
            "@context": CONTEXT,
            "type": "Issuer",
            "id": self.url(issuer_path(program.id)),
            "name": program.name,
            "url": self.site_url,
            "description": program.summary,
        }
        # Hosted assertions of this issuer live under the site's own path, and only there.
        document["verification"] = {"type": "VerificationObject", "startsWith": self.site_url}
        return document

    def badge_class(self, award: Award) -> dict[str, Any]:
        cohort, program, role = award.cohort, award.program, award.membership.role
        criteria = program.certificates.get(role, ())
        return {
            "@context": CONTEXT,
            "type": "BadgeClass",
            "id": self.url(badge_class_path(cohort.id, role)),
            "name": f"{cohort.title}: {role}",
            "description": f"Took part as a {role} in {cohort.title} ({program.name}), whose goal was: {cohort.goal.task}",
            "image": self.url(badge_image_path(cohort.id, role)),
            "criteria": {"narrative": "\n".join(f"- {c.text}" for c in criteria)},
            "issuer": self.url(issuer_path(program.id)),
            "tags": [program.id, cohort.topic, role],
        }

    def assertion(self, award: Award) -> dict[str, Any]:
        cohort, membership = award.cohort, award.membership
        salt = hashlib.sha256(
            f"{cohort.id}:{membership.role}:{membership.person.lower()}".encode()
        ).hexdigest()[:16]
        issued = membership.left or cohort.end
        document: dict[str, Any] = {
            "@context": CONTEXT,
            "type": "Assertion",
            "id": self.url(assertion_path(cohort.id, membership.role, membership.person)),
            "recipient": {
                "type": "url",
                "hashed": True,
                "salt": salt,
                "identity": salted_identity(recipient_url(membership.person), salt),
            },
            "badge": self.url(badge_class_path(cohort.id, membership.role)),
            "verification": {"type": "HostedBadge"},
            "issuedOn": datetime.combine(issued, time(), tzinfo=UTC).isoformat().replace("+00:00", "Z"),
        }
        if award.revoked:
            document["revoked"] = True
            document["revocationReason"] = award.revoked
        return document


def _json(document: dict[str, Any]) -> str:
    # ensure_ascii: every non-ASCII character and every "<" is escaped text in the file, never markup.
    return json.dumps(document, indent=2, ensure_ascii=True).replace("<", "\\u003c") + "\n"


def badge_svg(award: Award, env: Environment | None = None) -> str:
    """The award's patch from the badge template: the cohort's title and goal, the role, the program's colours."""
    cohort, program, role = award.cohort, award.program, award.membership.role
    title = xml_text(cohort.title)
    return (
        (env or svg_environment())
        .get_template("badge.svg.j2")
        .render(
            label=f"{title}: {role}",
            program=wrap(xml_text(program.name), 34, 1)[0],
            title_lines=wrap(title, 20, 2),
            goal_lines=wrap(xml_text(cohort.goal.task), 30, 3),
            role=xml_text(role).upper(),
            colours=program_colours(program),
        )
    )
