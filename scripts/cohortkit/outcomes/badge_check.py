"""Checking an Open Badges 2.0 hosted assertion as a verifier would, revocation and scope included.

The reference validator has reported revoked hosted assertions as valid; here
revocation is checked on the hosted copy, which is the one that counts. The
documents come through `fetch`, so this module does no networking of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from cohortkit.outcomes.badges import CONTEXT

Fetch = Callable[[str], Mapping[str, Any]]
REQUIRED = {
    "Assertion": ("id", "recipient", "badge", "verification", "issuedOn"),
    "BadgeClass": ("id", "name", "description", "image", "criteria", "issuer"),
    "Issuer": ("id", "name", "url"),
}


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems


def verify(assertion: Mapping[str, Any], fetch: Fetch, now: datetime, recipient: str = "") -> Verdict:
    verdict = Verdict()
    _shape(assertion, "Assertion", verdict)
    if verdict.problems:
        return verdict
    verification = assertion.get("verification")
    kind = verification.get("type") if isinstance(verification, Mapping) else None
    if kind not in ("HostedBadge", "hosted"):
        verdict.problems.append(
            f"verification type {kind!r} is not hosted; only hosted assertions are checked"
        )
        return verdict
    # The hosted copy is the assertion: a file someone hands over may have been edited.
    hosted = fetch(str(assertion["id"]))
    if hosted.get("id") != assertion["id"]:
        verdict.problems.append("the assertion served at its id has another id")
        return verdict
    if _strip(hosted) != _strip(assertion):
        verdict.problems.append("the assertion given differs from the one served at its id")
    assertion = hosted
    if assertion.get("revoked") is True:
        reason = assertion.get("revocationReason") or "no reason given"
        verdict.problems.append(f"revoked by the issuer: {reason}")
    expires = _time(assertion.get("expires"))
    if expires is not None and expires <= now:
        verdict.problems.append(f"expired on {assertion['expires']}")
    badge = fetch(str(assertion["badge"]))
    _shape(badge, "BadgeClass", verdict)
    if badge.get("id") != assertion["badge"]:
        verdict.problems.append("the BadgeClass served at the assertion's badge address has another id")
    issuer = fetch(str(badge.get("issuer", "")))
    _shape(issuer, "Issuer", verdict)
    _scope(str(assertion["id"]), issuer, verdict)
    if recipient:
        _recipient(assertion.get("recipient"), recipient, verdict)
    if verdict.valid:
        verdict.facts.append(
            f"{badge.get('name')}, issued by {issuer.get('name')} on {assertion.get('issuedOn')}"
        )
    return verdict


def _shape(document: Any, kind: str, verdict: Verdict) -> None:
    if not isinstance(document, Mapping):
        verdict.problems.append(f"the {kind} is not a JSON object")
        return
    if document.get("@context") != CONTEXT:
        verdict.problems.append(f"the {kind}'s @context is not {CONTEXT}")
    if document.get("type") != kind:
        verdict.problems.append(f"type {document.get('type')!r} where {kind} was expected")
    missing = [name for name in REQUIRED[kind] if name not in document]
    if missing:
        verdict.problems.append(f"the {kind} lacks {', '.join(missing)}")


def _scope(assertion_id: str, issuer: Mapping[str, Any], verdict: Verdict) -> None:
    """OB 2.0 hosted verification: the assertion's address must be one its issuer allows."""
    policy = issuer.get("verification")
    policy = policy if isinstance(policy, Mapping) else {}
    starts = policy.get("startsWith")
    origins = policy.get("allowedOrigins")
    if starts:
        prefixes = [starts] if isinstance(starts, str) else [str(s) for s in starts]
        if not any(assertion_id.startswith(prefix) for prefix in prefixes):
            verdict.problems.append(f"the assertion is not under the issuer's address {prefixes[0]!r}")
    elif origins:
        allowed = [origins] if isinstance(origins, str) else [str(o) for o in origins]
        if urlsplit(assertion_id).netloc not in allowed:
            verdict.problems.append("the assertion's host is not one the issuer allows")
    elif urlsplit(assertion_id).netloc != urlsplit(str(issuer.get("id", ""))).netloc:
        verdict.problems.append("the assertion is not on the issuer's host")


def _recipient(recipient: Any, claimed: str, verdict: Verdict) -> None:
    if not isinstance(recipient, Mapping):
        verdict.problems.append("the assertion names no recipient")
        return
    identity = str(recipient.get("identity", ""))
    if recipient.get("hashed"):
        algorithm, _, digest = identity.partition("$")
        if algorithm not in ("sha256",):
            verdict.problems.append(f"recipient hashed with {algorithm!r}, which is not checked")
            return
        matches = hashlib.sha256((claimed + str(recipient.get("salt", ""))).encode()).hexdigest() == digest
    else:
        matches = identity == claimed
    if not matches:
        verdict.problems.append(f"the badge was not issued to {claimed}")


def _strip(document: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "@context"}


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
