"""Hostile strings in every text field of every data file come out of the built site inert.

The tree is the example-file base with every string the schemas allow to be
free text replaced by a payload that tries HTML, Markdown, attr_list, link
schemes, remote images, and breaking out of <title>. The test then builds
the real site with MkDocs and reads every page as a browser's parser would.
"""

from __future__ import annotations

import html
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from cohortkit.data.schemas import load_schemas
from cohortkit.site import SiteOptions, render_site, write_pages
from cohortkit.site.safe_markdown import MarkdownRenderer
from cohortkit.site.safe_text import escape_text, external_url
from cohortkit.validation.pipeline import validate_tree

from tests.site_helpers import BASE, REPO, Page, copy_tree, mkdocs_build, parse_html

LINE = (
    "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) "
    "![t](https://evil.example/t.png) { onclick=alert(4) } **b** _i_ `c` # h | p | "
    "&#106;avascript:alert(5) </title><script>alert(6)</script> \"' --> <!-- {: #id .cls }"
)
MARKDOWN = (
    LINE
    + "\n\n<iframe src=https://evil.example/></iframe>\n\n[y](&#106;avascript:alert(7))\n\n"
    + '<a href="javascript:alert(8)">a</a>\n\n> quote <svg onload=alert(9)>\n\n- [z](vbscript:alert(10))\n\n'
    + "![u](//evil.example/u.png)\n\n[r]: javascript:alert(11)\n\n[r]\n\n# Heading\n\n[ok](https://ok.example/)"
)
URL = "https://evil.example/'onmouseover='alert(12)'&x=1"
# Values that must keep their meaning for the cross-file rules to pass.
_KEEP = {"timezone", "attributes", "eligibility", "equals", "attribute", "metric", "at", "kind", "for"}
_KINDS = {"programs": "program", "cohorts": "cohort", "people": "person"}


def _replace_strings(node: Any, accept) -> Any:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _KEEP:
                continue
            if isinstance(value, str):
                for candidate in (MARKDOWN, LINE, URL):
                    node[key] = candidate
                    if accept():
                        break
                else:
                    node[key] = value
            else:
                _replace_strings(value, accept)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, str):
                for candidate in (MARKDOWN, LINE, URL):
                    node[index] = candidate
                    if accept():
                        break
                else:
                    node[index] = value
            else:
                _replace_strings(value, accept)
    return node


def _make_hostile(root: Path) -> None:
    schemas = load_schemas(root / "schemas")
    for folder, kind in _KINDS.items():
        for path in sorted((root / folder).rglob("*.yaml")):
            header = path.read_text(encoding="utf-8").split("\n", 1)[0]
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            _replace_strings(document, lambda d=document, k=kind, p=path: not schemas.check(k, d, str(p)))
            path.write_text(
                header + "\n" + yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
                encoding="utf-8",
            )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    copy_tree(BASE, root)
    shutil.copytree(
        REPO / "docs", root / "docs", dirs_exist_ok=True, ignore=shutil.ignore_patterns("showcase")
    )
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    _make_hostile(root)
    tree, problems = validate_tree(root)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert not errors, errors
    pages = render_site(tree.model, SiteOptions(today=date(2026, 3, 2), schema_dir=root / "schemas"))
    write_pages(root / "build" / "docs", pages, root / "docs")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


def test_payloads_reached_many_fields(hostile_site):
    text = "".join(p.read_text(encoding="utf-8") for p in (hostile_site / "cohorts").rglob("*.yaml"))
    assert text.count("alert(1)") >= 10


def _built_pages(root: Path) -> list[Path]:
    return sorted((root / "site").rglob("*.html"))


def test_no_script_no_handler_no_dangerous_url(hostile_site):
    pages = _built_pages(hostile_site)
    assert len(pages) > 10
    for path in pages:
        page = parse_html(path)
        for script in page.scripts:
            assert "alert" not in script, path
        for element in page.elements:
            assert element.tag not in {"iframe", "object", "embed", "base", "svg"} or not any(
                "alert" in v for v in element.attrs.values()
            ), (path, element)
            for name, value in element.attrs.items():
                assert not name.startswith("on"), (path, element)
                if name in {"href", "src", "action", "formaction", "srcset"}:
                    scheme = urlsplit(value.strip()).scheme.lower()
                    assert scheme in {"", "http", "https", "mailto"}, (path, element)
                    if "alert" in value and not value.startswith("#"):
                        # A hostile URL may stay a link to its own host, never code.
                        assert scheme in {"http", "https"}, (path, element)


def test_no_image_from_another_host(hostile_site):
    for path in _built_pages(hostile_site):
        for element in parse_html(path).elements:
            if element.tag == "img":
                src = element.attrs.get("src", "")
                assert not urlsplit(src).scheme and not src.startswith("//"), (path, element)


def test_title_cannot_be_broken_out_of(hostile_site):
    for path in _built_pages(hostile_site):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"<title>(.*?)</title>", text, re.S)
        assert match and "<" not in match.group(1), path


def test_markdown_syntax_in_plain_fields_stays_text(hostile_site):
    page = (hostile_site / "site" / "cohorts" / "shell-teaching" / "index.html").read_text(encoding="utf-8")
    # The plain-text title carried **b** and [x](...): shown as written, not as bold or a link.
    assert "**b**" in html.unescape(page)
    assert "<strong>b</strong>" not in page.split('<div class="ck-prose">')[0]


def test_escape_text_leaves_nothing_for_markdown_or_html():
    escaped = escape_text(LINE)
    assert not re.search(r"[<>\"'`*_\[\]{}()#|!]", escaped.replace("&#", ""))
    assert html.unescape(str(escaped)) == LINE


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "&#106;avascript:alert(1)",
        " JAVASCRIPT:x",
        "java\tscript:x",
        "data:text/html,x",
        "//evil",
    ],
)
def test_external_urls_must_be_http(url):
    assert external_url(url) is None


def test_markdown_renderer_allow_list():
    rendered = MarkdownRenderer().render(MARKDOWN)
    assert "<script" not in rendered and "<iframe" not in rendered and "<svg" not in rendered
    page = Page()
    page.feed(str(rendered))
    assert {e.tag for e in page.elements} <= {
        "p",
        "a",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "ul",
        "li",
    }
    for element in page.elements:
        assert not any(name.startswith("on") for name in element.attrs)
        assert urlsplit(element.attrs.get("href", "")).scheme in {"", "https"}
    assert "<h1" not in rendered
    assert 'href="https://ok.example/"' in rendered
    assert "<img" not in rendered
    allowed = MarkdownRenderer(["evil.example"]).render("![t](https://evil.example/t.png)")
    assert '<img alt="t"' in allowed
