"""axe-core's verdict on a page, as every browser test judges it: serious and critical violations, less Material's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

# axe-core impacts that fail the test; "moderate" and "minor" are reported by axe but tolerated.
BLOCKING_IMPACTS = {"serious", "critical"}
# Material's markup, not ours, with no setting to change it: the search overlay is a role="dialog" without
# an accessible name. Only that rule on that one element is set aside; everything else on the page counts.
MATERIAL_ISSUES = {("aria-dialog-name", ".md-search")}


def without_known_material_issues(violations: list[dict]) -> list[dict]:
    kept = []
    for violation in violations:
        nodes = [
            node
            for node in violation["nodes"]
            if (violation["id"], " ".join(map(str, node["target"]))) not in MATERIAL_ISSUES
        ]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


def blocking_violations(page: Page) -> str:
    """What axe finds on the page that fails a test, one violation and its first elements a line; "" when nothing."""
    from axe_playwright_python.sync_playwright import Axe  # bundles axe-core: no CDN

    results = Axe().run(page)
    blocking = [
        v
        for v in without_known_material_issues(results.response["violations"])
        if v["impact"] in BLOCKING_IMPACTS
    ]
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {', '.join(map(str, n['target']))}: {n['html'][:160]}" for n in v["nodes"][:5])
        for v in blocking
    )
