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

from cohortkit.program.calendar import CADENCE_DAYS, WEEKDAYS
from cohortkit.program.date_words import long_date, short_date
from cohortkit.site import links
from cohortkit.site.languages import language_name
from cohortkit.site.safe_markdown import MarkdownRenderer
from cohortkit.site.safe_text import escape_text, safe_href


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


def noun(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word for a count, without the count (for a figure shown apart from its label)."""
    return singular if count == 1 else (plural_form or singular + "s")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count:,} {noun(count, singular, plural_form)}"


def plural_range(value: Any, singular: str, plural_form: str | None = None) -> str:
    """A `Range` (min, max) with its noun: "1 mentor", "2 to 4 mentors"."""
    low, high = int(value.min), int(value.max)
    if low == high:
        return plural(low, singular, plural_form)
    return f"{low:,} to {high:,} {noun(high, singular, plural_form)}"


# Words for the values data files choose from a list (the schemas' enums), as readers see them.
FORMAT_WORDS = {"online": "online", "in-person": "in person", "hybrid": "in person and online"}
OUTCOME_WORDS = {
    "active": "active",
    "completed": "completed",
    "withdrawn": "withdrawn",
    "did-not-complete": "did not complete",
}
HELP_WORDS = {"technical": "technical help", "career": "career help", "both": "technical and career help"}
ROLE_PLURALS = {"mentor": "mentors", "mentee": "mentees", "representative": "cohort representatives"}
_HOW_MANY = {2: "two", 3: "three", 4: "four"}
_HOW_OFTEN = {2: "other", 3: "third", 4: "fourth"}


def cadence_words(cadence: str) -> str:
    """How often a cadence meets, from the calendar's own spacing: "every two weeks"."""
    weeks, days = divmod(CADENCE_DAYS.get(cadence, 7), 7)
    if days:
        return f"every {weeks * 7 + days} days"
    return "every week" if weeks == 1 else f"every {_HOW_MANY.get(weeks, str(weeks))} weeks"


def meeting_days(cadence: str, weekday: str) -> str:
    """The days a cohort meets: "every Tuesday", "every other Wednesday", "every fourth Thursday"."""
    weeks, days = divmod(CADENCE_DAYS.get(cadence, 7), 7)
    if days or weekday not in WEEKDAYS:
        return f"{cadence_words(cadence)} on {weekday.capitalize()}s"
    if weeks == 1:
        return f"every {weekday.capitalize()}"
    return f"every {_HOW_OFTEN.get(weeks, f'{weeks}th')} {weekday.capitalize()}"


def word_list(words: Sequence[str], conjunction: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def role_plural(role: str) -> str:
    return ROLE_PLURALS.get(role, role)


def raw_text(value: Any) -> str:
    if isinstance(value, Text):
        return value.raw
    if isinstance(value, Markup):
        raise TypeError("markdown/href filters take data text, not markup")
    return str(value)


class Filters:
    def __init__(self, renderer: MarkdownRenderer) -> None:
        self.renderer = renderer

    def markdown(self, value: Any) -> Markup:
        return self.renderer.render(raw_text(value)) if value else Markup("")


def _front_matter_text(value: Any) -> Markup:
    """For a YAML double-quoted title that Material prints as HTML without escaping it.

    Markdown never reads front matter, so only HTML's specials, YAML's escape
    character and line breaks need replacing; the tab title stays readable.
    """
    flat = " ".join(raw_text(value).split())
    return Markup(str(escape(flat)).replace("\\", "&#92;"))


def _language(value: Any) -> str:
    return language_name(raw_text(value))


def _href(value: Any) -> Markup:
    return safe_href(raw_text(value))


def _words(table: Mapping[str, str]) -> Any:
    """A filter showing a listed value (a schema enum) as words; a value not in the table as written."""

    def shown(value: Any) -> str:
        raw = raw_text(value)
        return table.get(raw, raw)

    return shown


def _cadence(value: Any) -> str:
    return cadence_words(raw_text(value))


def _meeting_days(meeting: Any) -> str:
    return meeting_days(raw_text(meeting.cadence), raw_text(meeting.weekday))


def _role_plural(value: Any) -> str:
    return role_plural(raw_text(value))


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
        return escape(links.relative(self.path, raw_text(target)))


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
        plural_range=plural_range,
        noun=noun,
        format_words=_words(FORMAT_WORDS),
        outcome_words=_words(OUTCOME_WORDS),
        help_words=_words(HELP_WORDS),
        role_plural=_role_plural,
        cadence_words=_cadence,
        meeting_days=_meeting_days,
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
