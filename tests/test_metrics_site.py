"""The metrics pages of the example data, built as `make site` builds them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cohortkit.cli import main

from tests.site_helpers import mkdocs_build, parse_html, repo_copy

TODAY = "2026-12-01"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = repo_copy(tmp_path_factory.mktemp("metrics-site"))
    assert main(["site", "build-pages", "--root", str(root), "--today", TODAY]) == 0
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


def test_the_pages_and_metrics_json_are_published(built):
    site = built / "site"
    for path in (
        "metrics/index.html",
        "metrics.json",
        "metrics/nimbus-mentorship/index.html",
        "metrics/nimbus-mentorship/2026-term-2/index.html",
        "metrics/cloudbridge-cohorts/people.svg",
    ):
        assert (site / path).is_file(), path
    document = json.loads((site / "metrics.json").read_text(encoding="utf-8"))
    assert {p["id"] for p in document["programs"]} == {
        "cloudbridge-cohorts",
        "dsc-mentoring-groups",
        "lantern-reps-mentoring",
        "nimbus-mentorship",
    }


def test_a_target_met_and_a_target_missed_are_visible(built):
    page = (built / "site" / "metrics" / "cloudbridge-cohorts" / "index.html").read_text(encoding="utf-8")
    assert 'class="ck-verdict ck-verdict--met"' in page
    assert 'class="ck-verdict ck-verdict--missed"' in page
    document = json.loads((built / "site" / "metrics.json").read_text(encoding="utf-8"))
    verdicts = {t["verdict"] for p in document["programs"] for y in p["years"] for t in y.get("targets", ())}
    assert {"met", "missed"} <= verdicts


def test_no_count_under_5_is_published(built):
    document = json.loads((built / "site" / "metrics.json").read_text(encoding="utf-8"))

    def figures(value):
        if isinstance(value, dict):
            if set(value) <= {"value", "shown"} and "value" in value:
                yield value
            for item in value.values():
                yield from figures(item)
        elif isinstance(value, list):
            for item in value:
                yield from figures(item)

    found = list(figures(document))
    assert found and all(f["value"] is None or f["value"] == 0 or f["value"] >= 5 for f in found)
    assert any(f.get("shown") == "fewer than 5" for f in found) and any(
        f.get("shown") == "withheld" for f in found
    )


def test_charts_are_inline_beside_their_tables_and_follow_the_colour_scheme(built):
    html = built / "site" / "metrics" / "cloudbridge-cohorts" / "index.html"
    text = html.read_text(encoding="utf-8")
    assert text.count("<svg aria-hidden") == 3
    for chart in re.findall(r'<div class="ck-chart" id="[^"]+">.*?</table>', text, flags=re.DOTALL):
        assert "<figcaption" in chart and "<svg" in chart and "<table" in chart
    assert "#000000" not in text and "currentColor" in text
    charts = re.findall(r'<div class="ck-chart".*?</table>', text, flags=re.DOTALL)
    assert len(charts) == 3 and not any("<script" in c or "<image" in c for c in charts)
    assert parse_html(html).elements  # the page, charts included, parses as HTML


def test_a_second_build_writes_the_same_bytes(built, tmp_path):
    again = repo_copy(tmp_path / "again")
    assert main(["site", "build-pages", "--root", str(again), "--today", TODAY]) == 0
    for path in sorted((built / "build" / "docs" / "metrics").rglob("*")):
        if path.is_file():
            twin = again / "build" / "docs" / path.relative_to(built / "build" / "docs")
            assert twin.read_bytes() == path.read_bytes(), path
    assert (again / "build/docs/metrics.json").read_bytes() == (
        built / "build/docs/metrics.json"
    ).read_bytes()


def test_unlisted_people_are_never_named(built):
    from cohortkit.validation.pipeline import validate_tree

    tree, _ = validate_tree(built)
    unlisted = [p for p in tree.model.people.values() if not p.listed]
    assert unlisted
    pages = [p.read_text(encoding="utf-8") for p in (built / "build" / "docs" / "metrics").rglob("*.md")]
    pages.append((built / "build" / "docs" / "metrics.json").read_text(encoding="utf-8"))
    for person in unlisted:
        assert not any(person.login in page or person.name in page for page in pages)
