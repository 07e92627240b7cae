"""Render the Markdown fields of data files (bios, descriptions, summaries) to safe HTML.

Three layers, each enough on its own for what it covers:

1. Python-Markdown runs with its raw-HTML readers removed, so `<script>` in a
   bio is text, never a tag: the only elements that can appear are the ones
   Markdown itself makes.
2. A tree processor walks those elements before they are serialised and keeps
   an allow-list of tags and attributes; headings become bold paragraphs (a
   bio must not break the page's outline), links keep only http(s) and mailto
   targets, images only from the site itself or from hosts the program allows.
3. Python-Markdown's serialiser escapes text and attributes; character
   references in URLs are decoded before judging them, so `&#106;avascript:`
   is caught.

Working on the element tree rather than on an HTML string means there is no
second parser whose reading could differ from the browser's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from cohortkit.site.safe_text import unescape_fully

ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "a", "img", "hr"}
)
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    "ol": frozenset({"start"}),
}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters that start an inline construct anywhere, and ones that start a block at the start of a line.
_INLINE = re.compile(r"[\\`*_\[\]!<>&\n\r]")
_BLOCK_START = frozenset("#>-+*=0123456789 \t|:~")


def _is_plain(text: str) -> bool:
    return text[0] not in _BLOCK_START and _INLINE.search(text) is None


def _link_target(href: str) -> str | None:
    """The decoded link target if it is safe to follow: http(s), mailto, or within the site."""
    url = unescape_fully(href)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme:
        return url if parts.scheme.lower() in LINK_SCHEMES else None
    # No scheme: a path or fragment on this site, unless it is protocol-relative (//host).
    return None if parts.netloc or url.startswith(("//", "\\\\", "/\\", "\\/")) else url


def _image_source(src: str, image_hosts: frozenset[str]) -> str | None:
    url = unescape_fully(src)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.scheme and not parts.netloc and not url.startswith(("//", "\\")):
        return url  # served by the site itself
    if parts.scheme.lower() == "https" and (parts.hostname or "").lower() in image_hosts:
        return url
    return None


class _AllowList(Treeprocessor):
    def __init__(self, md: markdown.Markdown, image_hosts: frozenset[str]) -> None:
        super().__init__(md)
        self.image_hosts = image_hosts

    def run(self, root: etree.Element) -> None:
        self._clean_children(root)

    def _clean_children(self, parent: etree.Element) -> None:
        for child in list(parent):
            self._clean(parent, child)

    def _clean(self, parent: etree.Element, el: etree.Element) -> None:
        if el.tag in _HEADINGS:
            el.tag = "p"
            el.attrib.clear()
            strong = etree.Element("strong")
            strong.text, el.text = el.text, None
            strong.extend(list(el))
            for sub in list(el):
                el.remove(sub)
            el.append(strong)
        if el.tag == "img":
            self._image(parent, el)
            return
        if el.tag not in ALLOWED_TAGS:
            self._unwrap(parent, el)
            return
        allowed = ALLOWED_ATTRIBUTES.get(el.tag, frozenset())
        for name in list(el.attrib):
            if name not in allowed:
                del el.attrib[name]
        if el.tag == "a":
            target = _link_target(el.get("href", ""))
            if target is None:
                el.attrib.pop("href", None)
            else:
                el.set("href", target)
                if urlsplit(target).scheme:
                    el.set("rel", "nofollow noopener")
        self._clean_children(el)

    def _image(self, parent: etree.Element, el: etree.Element) -> None:
        source = _image_source(el.get("src", ""), self.image_hosts)
        alt = el.get("alt", "")
        if source is not None:
            el.attrib = {"src": source, "alt": alt, "loading": "lazy"}
            return
        # An image from another host would make the reader's browser call that host;
        # show a plain link to it instead (or only its description).
        link = etree.Element("a")
        link.text = alt or "image"
        link.tail = el.tail
        target = _link_target(el.get("src", ""))
        if target is not None and urlsplit(target).scheme in {"http", "https"}:
            link.set("href", target)
            link.set("rel", "nofollow noopener")
        index = list(parent).index(el)
        parent.remove(el)
        parent.insert(index, link)

    def _unwrap(self, parent: etree.Element, el: etree.Element) -> None:
        """Replace an element that is not allowed by its text and cleaned children."""
        index = list(parent).index(el)
        children = list(el)
        for child in children:
            self._clean(el, child)
        text = el.text or ""
        parent.remove(el)
        if index > 0:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        for offset, child in enumerate(list(el)):
            parent.insert(index + offset, child)
        tail = el.tail or ""
        if tail:
            kept = list(el)
            if kept:
                kept[-1].tail = (kept[-1].tail or "") + tail
            elif index > 0:
                parent[index - 1].tail = (parent[index - 1].tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


class _SafeExtension(markdown.Extension):
    def __init__(self, image_hosts: frozenset[str]) -> None:
        super().__init__()
        self.image_hosts = image_hosts

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Without these two readers, HTML in the source is escaped as text.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_AllowList(md, self.image_hosts), "cohortkit_allow_list", 0)


class MarkdownRenderer:
    """Renders untrusted Markdown to allow-listed HTML; one instance is reused for speed."""

    def __init__(self, image_hosts: Iterable[str] = ()) -> None:
        hosts = frozenset(h.lower() for h in image_hosts)
        self._md = markdown.Markdown(extensions=[_SafeExtension(hosts)], output_format="html")

    @lru_cache(maxsize=4096)  # noqa: B019 (one renderer lives for one build)
    def render(self, text: str) -> Markup:
        clean = _CONTROLS.sub("", text).strip()
        if not clean:
            return Markup("")
        if _is_plain(clean):
            # One line with nothing Markdown would act on: what convert() returns, without its cost.
            return Markup("<p>") + escape(clean) + Markup("</p>")
        self._md.reset()
        return Markup(self._md.convert(clean))
