"""Open Badges 2.0 hosted files: the specification's required fields, the scope rule, the identity hash, revocation."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cohortkit.outcomes.badges import CONTEXT, BadgeFiles, awards, recipient_url
from cohortkit.site.render import SiteOptions, render_site
from cohortkit.validation.pipeline import validate_tree

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://acme.github.io/mentoring/"  # a project site: its origin is shared with every other project


@pytest.fixture(scope="module")
def model():
    tree, problems = validate_tree(ROOT)
    assert not [p for p in problems if p.severity == "error"]
    return tree.model


@pytest.fixture(scope="module")
def files(model) -> dict[str, dict]:
    return {
        path: json.loads(text)
        for path, text in BadgeFiles(model, SITE).files().items()
        if path.endswith(".json")
    }


def of_type(files: dict[str, dict], kind: str) -> list[dict]:
    return [doc for doc in files.values() if doc["type"] == kind]


def test_every_document_has_the_fields_the_specification_requires(files):
    required = {
        "Issuer": {"@context", "type", "id", "name", "url"},
        "BadgeClass": {"@context", "type", "id", "name", "description", "image", "criteria", "issuer"},
        "Assertion": {"@context", "type", "id", "recipient", "badge", "verification", "issuedOn"},
    }
    for kind, fields in required.items():
        documents = of_type(files, kind)
        assert documents, kind
        for doc in documents:
            assert fields <= doc.keys(), (kind, fields - doc.keys())
            assert doc["@context"] == CONTEXT
    for doc in of_type(files, "Assertion"):
        assert doc["verification"] == {"type": "HostedBadge"}
        assert {"type", "identity", "hashed", "salt"} <= doc["recipient"].keys() and doc["recipient"][
            "type"
        ] == "url"
        assert doc["issuedOn"].endswith("Z") and date.fromisoformat(doc["issuedOn"][:10])


def test_every_id_is_where_the_file_is_served_and_links_resolve(files):
    for path, doc in files.items():
        assert doc["id"] == SITE + path
    ids = {doc["id"] for doc in files.values()}
    for doc in of_type(files, "Assertion"):
        assert doc["badge"] in ids
    for doc in of_type(files, "BadgeClass"):
        assert doc["issuer"] in ids and doc["image"].startswith(SITE) and doc["image"].endswith(".svg")


def test_verification_is_scoped_to_the_sites_path_not_its_shared_origin(files):
    by_id = {doc["id"]: doc for doc in files.values()}
    for assertion in of_type(files, "Assertion"):
        issuer = by_id[by_id[assertion["badge"]]["issuer"]]
        scope = issuer["verification"]["startsWith"]
        assert scope == SITE and scope != "https://acme.github.io/"
        assert assertion["id"].startswith(scope)


def test_the_recipient_is_the_hashed_github_profile_with_its_salt(files, model):
    earned = {(a.cohort.id, a.membership.role, a.membership.person.lower()) for a in awards(model)}
    for assertion in of_type(files, "Assertion"):
        name = assertion["id"].rsplit("/", 1)[1].removesuffix(".json")
        login = next(login for cohort, role, login in earned if name == f"{cohort}-{role}-{login}")
        recipient = assertion["recipient"]
        digest = hashlib.sha256((recipient_url(login) + recipient["salt"]).encode()).hexdigest()
        assert recipient["identity"] == f"sha256${digest}" and recipient["hashed"] is True
        assert login not in json.dumps(recipient)  # the identity is never in clear


def test_ids_and_files_are_the_same_in_every_build(model):
    assert BadgeFiles(model, SITE).files() == BadgeFiles(model, SITE).files()


def test_unlisted_earners_get_no_public_badge(model, files):
    unlisted = {login for login, p in model.people.items() if not p.listed}
    assert unlisted
    for assertion in of_type(files, "Assertion"):
        assert not any(assertion["id"].endswith(f"-{login}.json") for login in unlisted)


def test_a_withdrawn_award_is_served_revoked_with_its_reason_and_not_shown(model):
    award = next(a for a in awards(model) if a.membership.role == "mentee")
    cohort = award.cohort
    revoked = replace(award.membership, badge_revoked="Awarded by mistake")
    mentees = tuple(revoked if m is award.membership else m for m in cohort.mentees)
    changed = replace(model, cohorts={**model.cohorts, cohort.id: replace(cohort, mentees=mentees)})
    files = BadgeFiles(changed, SITE).files()
    path = next(p for p in files if p.endswith(f"{cohort.id}-mentee-{revoked.person.lower()}.json"))
    doc = json.loads(files[path])
    assert doc["revoked"] is True and doc["revocationReason"] == "Awarded by mistake"
    pages = render_site(changed, SiteOptions(today=date(2026, 11, 23), site_url=SITE))
    profile = pages[f"people/{revoked.person.lower()}.md"]
    assert path not in profile and path in pages


def test_hostile_titles_stay_text_in_svg_and_json(model):
    award = awards(model)[0]
    hostile = '</text><script>alert(1)</script> & "quotes" \x07'
    cohort = replace(award.cohort, title=hostile)
    changed = replace(model, cohorts={**model.cohorts, cohort.id: cohort})
    files = BadgeFiles(changed, SITE).files()
    svg = next(text for path, text in files.items() if path.endswith(".svg") and cohort.id in path)
    tree = ET.fromstring(svg)
    assert not [e for e in tree.iter() if e.tag.endswith("script")]
    texts = [e.text for e in tree.iter() if e.tag.endswith("text") and e.text]
    assert any(t.startswith("</text><script>") for t in texts)
    badge_class = next(text for path, text in files.items() if "/classes/" in path and cohort.id in path)
    assert "<" not in badge_class and json.loads(badge_class)["name"].startswith(hostile[:-2])


def test_without_the_sites_address_no_badge_is_published(model):
    pages = render_site(model, SiteOptions(today=date(2026, 11, 23)))
    assert not [p for p in pages if p.startswith("badges/")]
    with_address = render_site(model, SiteOptions(today=date(2026, 11, 23), site_url=SITE))
    assert [p for p in with_address if p.startswith("badges/assertions/")]
