"""`cohortkit verify-badge` against our own hosted files, served on 127.0.0.1: valid, revoked, out of scope, tampered."""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cohortkit.cli import main
from cohortkit.outcomes.badges import BadgeFiles, awards, recipient_url
from cohortkit.validation.pipeline import validate_tree

ROOT = Path(__file__).resolve().parents[1]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args, **kwargs) -> None:
        pass


@pytest.fixture(scope="module")
def model():
    tree, _ = validate_tree(ROOT)
    return tree.model


@pytest.fixture
def served(tmp_path):
    """A static server on 127.0.0.1; yields (base url, folder) for a project site under /mentoring/."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", tmp_path
    finally:
        server.shutdown()


def publish(model, base: str, folder: Path, project: str = "mentoring") -> dict[str, str]:
    site = f"{base}{project}/"
    files = BadgeFiles(model, site).files()
    for path, text in files.items():
        target = folder / project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return {path: site + path for path in files}


def first_assertion(urls: dict[str, str]) -> tuple[str, str]:
    path = sorted(p for p in urls if "/assertions/" in p)[0]
    return path, urls[path]


def test_a_valid_badge_verifies_and_names_its_recipient(model, served, capsys):
    base, folder = served
    urls = publish(model, base, folder)
    path, url = first_assertion(urls)
    login = next(
        a.membership.person for a in awards(model) if path.endswith(f"-{a.membership.person.lower()}.json")
    )
    assert main(["verify-badge", url, "--recipient", recipient_url(login)]) == 0
    assert capsys.readouterr().out.startswith("valid: ")
    assert main(["verify-badge", url, "--recipient", "https://github.com/someone-else"]) == 1
    assert "was not issued to https://github.com/someone-else" in capsys.readouterr().out


def test_a_revoked_badge_does_not_verify_and_says_why(model, served, capsys):
    base, folder = served
    award = awards(model)[0]
    revoked = replace(award.membership, badge_revoked="Awarded by mistake")
    cohort = award.cohort
    members = {"mentor": "mentors", "mentee": "mentees"}[revoked.role]
    changed_cohort = replace(
        cohort, **{members: tuple(revoked if m is award.membership else m for m in getattr(cohort, members))}
    )
    changed = replace(model, cohorts={**model.cohorts, cohort.id: changed_cohort})
    urls = publish(changed, base, folder)
    url = next(u for p, u in urls.items() if p.endswith(f"-{revoked.role}-{revoked.person.lower()}.json"))
    assert main(["verify-badge", url]) == 1
    assert "revoked by the issuer: Awarded by mistake" in capsys.readouterr().out


def test_another_project_on_the_same_origin_cannot_issue_in_the_programs_name(model, served, capsys):
    base, folder = served
    urls = publish(model, base, folder)
    path, _ = first_assertion(urls)
    # Another project of the same Pages owner copies the assertion under its own path.
    forged = json.loads((folder / "mentoring" / path).read_text(encoding="utf-8"))
    forged["id"] = f"{base}other-project/{path}"
    target = folder / "other-project" / path
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(forged), encoding="utf-8")
    assert main(["verify-badge", forged["id"]]) == 1
    assert "not under the issuer's address" in capsys.readouterr().out


def test_a_saved_copy_is_checked_against_the_hosted_one(model, served, capsys, tmp_path_factory):
    base, folder = served
    urls = publish(model, base, folder)
    path, _ = first_assertion(urls)
    copy = json.loads((folder / "mentoring" / path).read_text(encoding="utf-8"))
    saved = tmp_path_factory.mktemp("saved") / "badge.json"
    saved.write_text(json.dumps(copy), encoding="utf-8")
    assert main(["verify-badge", str(saved)]) == 0
    capsys.readouterr()
    copy["issuedOn"] = "2020-01-01T00:00:00Z"  # edited by whoever handed it over
    saved.write_text(json.dumps(copy), encoding="utf-8")
    assert main(["verify-badge", str(saved)]) == 1
    assert "differs from the one served" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content", [b"", b"[]", b"{nope", b"\xff", b'{"type": "Assertion"}', b"x" * 2_000_000]
)
def test_anything_that_is_not_an_assertion_is_refused_in_one_line(content, tmp_path, capsys):
    saved = tmp_path / "badge.json"
    saved.write_bytes(content)
    code = main(["verify-badge", str(saved)])
    captured = capsys.readouterr()
    assert code in (1, 2) and "Traceback" not in captured.err + captured.out
    assert (captured.err + captured.out).strip()


def test_an_unreachable_address_is_an_error_not_a_crash(capsys):
    assert main(["verify-badge", "http://127.0.0.1:9/badge.json"]) == 2
    assert "could not fetch" in capsys.readouterr().err
