"""The Jinja2 environment for site templates, and the escaping boundary in front of it.

Templates are files loaded by name from a search path: a repository's own
`templates/` folder first, then the ones shipped in this package, so a program
can replace any page (or the shared macros) by adding a file of the same name.

Templates never see a raw string from a data file. `wrap` hands them read-only
views in which every string is a `Text`: already escaped for Markdown and HTML
(see safe_text), and carrying its original in `.raw` for the two filters that
need it (`markdown` and `href`). Jinja's own filters that build markup (join,
`~`, macros) therefore only ever combine escaped pieces. Strings a template
computes itself, and numbers, are escaped by `finalize`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from cohortkit.site import links
from cohortkit.site.languages import language_name
from cohortkit.site.safe_markdown import MarkdownRenderer
from cohortkit.site.safe_text import escape_text, safe_href

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class Text(Markup):
    """An escaped data string that remembers the original, for Markdown rendering and URLs."""

    raw: str

    def __new__(cls, raw: str) -> Text:
        text = super().__new__(cls, escape_text(raw))
        text.raw = raw
        return text


class View:
    """A read-only view of a model object for templates, its attributes wrapped on first read.

    Each attribute is wrapped once and stored on the view, so the thousands of
    reads a build makes after that are plain instance lookups.
    """

    __slots__ = ("__dict__", "_target", "_wrapper")

    def __init__(self, target: object, wrapper: Wrapper) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_wrapper", wrapper)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = self._wrapper.wrap(getattr(self._target, name))
        self.__dict__[name] = value
        return value

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("template views are read-only")

    def __bool__(self) -> bool:
        return True


class Wrapper:
    """Wraps values for templates, once per object and string for the whole build.

    The same program, term and topic names appear on thousands of pages; keeping
    one escaped copy and one view per model object makes wrapping nearly free.
    """

    def __init__(self) -> None:
        self._texts: dict[str, Text] = {}
        self._views: dict[int, tuple[object, View]] = {}  # the object is kept so its id stays unique

    def wrap(self, value: Any) -> Any:
        """What a template may see of a value: escaped text, views, and plain numbers and dates."""
        if isinstance(value, Markup):  # already safe: rendered Markdown, or a Text
            return value
        if isinstance(value, str):
            text = self._texts.get(value)
            if text is None:
                text = self._texts[value] = Text(value)
            return text
        if value is None or isinstance(value, bool | int | float | date):
            return value
        if isinstance(value, Mapping):
            return {key: self.wrap(item) for key, item in value.items()}
        if isinstance(value, list | tuple | frozenset | set):
            return tuple(self.wrap(item) for item in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            known = self._views.get(id(value))
            if known is None:
                known = self._views[id(value)] = (value, View(value, self))
            return known[1]
        raise TypeError(f"templates may not see a {type(value).__name__}")


def wrap(value: Any) -> Any:
    """Wrap one value with a fresh wrapper (for tests and one-off rendering)."""
    return Wrapper().wrap(value)


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup) or hasattr(value, "__html__"):
        return value
    if value is None:
        return ""
    if isinstance(value, date):
        return Markup(value.isoformat())
    return escape_text(str(value))


def long_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def short_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def _raw(value: Any) -> str:
    if isinstance(value, Text):
        return value.raw
    if isinstance(value, Markup):
        raise TypeError("markdown/href filters take data text, not markup")
    return str(value)


class Filters:
    def __init__(self, renderer: MarkdownRenderer) -> None:
        self.renderer = renderer

    def markdown(self, value: Any) -> Markup:
        return self.renderer.render(_raw(value)) if value else Markup("")


def _front_matter_text(value: Any) -> Markup:
    """For a YAML double-quoted title that Material prints as HTML without escaping it.

    Markdown never reads front matter, so only HTML's specials, YAML's escape
    character and line breaks need replacing; the tab title stays readable.
    """
    flat = " ".join(_raw(value).split())
    return Markup(str(escape(flat)).replace("\\", "&#92;"))


def _language(value: Any) -> str:
    return language_name(_raw(value))


def _href(value: Any) -> Markup:
    return safe_href(_raw(value))


class CurrentPage:
    """The page being rendered, for `url()`; set by the renderer before each page.

    Kept here rather than in the template context so that the shared macros can
    be imported without context, and so compiled once per build instead of per page.
    """

    def __init__(self) -> None:
        self.path = "index.md"

    def url(self, target: Any) -> Markup:
        """A relative URL from the current page to a page path or site file.

        Page paths are built from ids quoted as URL path segments (links.py), so
        the result holds nothing HTML or Markdown would act on.
        """
        return escape(links.relative(self.path, _raw(target)))


def make_environment(
    template_dirs: Sequence[Path], renderer: MarkdownRenderer, current: CurrentPage
) -> Environment:
    loader = ChoiceLoader(
        [
            FileSystemLoader([str(d) for d in template_dirs]),
            PackageLoader("cohortkit.site", "templates"),
        ]
    )
    env = Environment(
        loader=loader,
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,  # a misspelt name in a template fails the build, not the page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    filters = Filters(renderer)
    env.filters.update(
        markdown=filters.markdown,
        href=_href,
        language=_language,
        front_matter=_front_matter_text,
        long_date=long_date,
        short_date=short_date,
        plural=plural,
        e=escape_text,
        escape=escape_text,
    )
    env.globals.update(
        url=current.url,
        pages={
            "home": links.HOME,
            "programs": links.PROGRAMS,
            "roster": links.ROSTER,
            "people": links.PEOPLE,
            "showcase": links.SHOWCASE,
            "opportunities": links.OPPORTUNITIES,
            "opportunities_json": links.OPPORTUNITIES_JSON,
            "reference": links.REFERENCE,
            "join": links.JOIN,
        },
    )
    return env
