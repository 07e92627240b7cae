"""Screen YAML text before it is loaded: refused raw characters, anchors, tags and deep nesting."""

from __future__ import annotations

import re
from typing import Any

import yaml

from cohortkit.data.problems import Problem
from cohortkit.data.yamldepth import bracket_depth_bound, first_too_deep, nesting_bound
from cohortkit.data.yamlloader import LIBYAML, FastSafeLoader

# Data files need a handful of levels; a hostile file nested thousands deep
# would crash libyaml's composer (C recursion) or overflow Python's stack.
MAX_DEPTH = 40
# libyaml (PyYAML 6.0.3's bundled build) stops at 1000 levels of block and flow nesting together;
# a text that cannot nest half as deep never meets that limit, so libyaml's events measure it.
_LIBYAML_SAFE_DEPTH = 500
# Cheap tests that let most files skip the event scan below. An anchor or a tag
# can only start after a space, '[', '{' or ','; deep nesting needs many brackets, deep
# indentation, or compact "- - - -" / "? ? ?" runs. Aliases need no scan: the
# constructor refuses any node it meets twice.
# Each regular expression runs only when a substring test (far cheaper) says it can match.
_MAYBE_ANCHOR_OR_TAG = re.compile(r"(?:^|[\s\[{,])[&!][^\s]", re.MULTILINE)
_DEEP_INDENT = " " * 24
_MAYBE_DEEP_INDENT = re.compile(r"^ {24,}\S", re.MULTILINE)
# Spelled out rather than as (?:[-?][ \t]+){4,}, which runs four times slower.
_MAYBE_COMPACT_RUN = re.compile(r"[-?][ \t]+[-?][ \t]+[-?][ \t]+[-?][ \t]")
_MAX_UNSCANNED_BRACKETS = 24
# Raw characters libyaml cannot take as they are: NEL and the Unicode line and paragraph separators,
# which it counts as line ends where editors, git and GitHub do not (every later line number would
# be off, and in quotes the character would reach the data), and lone surrogates, which cannot even
# be encoded for it (a file read as UTF-8 has none; text from JSON can).
# Also the bidirectional embeddings, overrides and isolates: they make a name or a login display in
# an order other than the one it has ("Trojan Source"). The marks (U+200E, U+200F) stay allowed.
_RAW_REFUSED = re.compile("[\x85\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_RAW_NAMES = {
    "\x85": "a next-line character",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}


def screen_text(text: str, shown_path: str) -> Problem | None:
    """The first problem that must stop `text` before the YAML loader sees it, or None.

    `text` has its line ends normalised to LF already.
    """
    if not text.isascii():
        refused = _RAW_REFUSED.search(text)
        if refused:
            return _raw_character_problem(text, refused.start(), shown_path)
    many_brackets = text.count("[") + text.count("{") > _MAX_UNSCANNED_BRACKETS
    maybe_deep = (_DEEP_INDENT in text and _MAYBE_DEEP_INDENT.search(text)) or _MAYBE_COMPACT_RUN.search(text)
    brackets = bracket_depth_bound(text) if many_brackets else 0
    # The event scan below measures nesting exactly, in C. Only a text that could reach libyaml's
    # own nesting limit is measured before libyaml sees it, with the pure-Python scanner (that
    # limit would answer first); the scanner reads a large file for seconds, so it comes last.
    if (maybe_deep or brackets > MAX_DEPTH) and (
        not LIBYAML or nesting_bound(text, brackets) >= _LIBYAML_SAFE_DEPTH
    ):
        too_deep = first_too_deep(text, MAX_DEPTH)
        if too_deep:
            return too_deep_problem(shown_path, *too_deep)
    if many_brackets or maybe_deep or (("&" in text or "!" in text) and _MAYBE_ANCHOR_OR_TAG.search(text)):
        return _scan_events(text, shown_path)
    return None


def _scan_events(text: str, shown_path: str) -> Problem | None:
    """Refuse anchors (even unused: they exist only to be aliased), tags and deep nesting.

    libyaml's parser produces events without recursing, so this is safe on any
    input; only composing nodes from them recurses.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=FastSafeLoader):
            mark = event.start_mark
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    return too_deep_problem(shown_path, line, col)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if getattr(event, "tag", None) is not None:
                # Explicit tags (!!binary, !!set, !custom) make values no schema expects.
                return _event_problem(
                    shown_path,
                    mark,
                    "YAML tags (!name or !!name) are not allowed in data files",
                    "remove the tag; if the text starts with '!', put it in quotes",
                )
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                what = "aliases (*name)" if isinstance(event, yaml.AliasEvent) else "anchors (&name)"
                return _event_problem(
                    shown_path,
                    mark,
                    f"YAML {what} are not allowed in data files",
                    "write the value out in full; if '&' or '*' is part of a text, put the text in quotes",
                )
    except yaml.YAMLError:
        return None  # A syntax error: the full parse reports it with its position.
    return None


def too_deep_problem(shown_path: str, line: int, col: int) -> Problem:
    return Problem(
        shown_path,
        f"the data is nested more than {MAX_DEPTH} levels deep",
        "yaml",
        line=line,
        col=col,
        fix="data files need only a few levels; remove the extra brackets or indentation",
    )


def _event_problem(shown_path: str, mark: Any, message: str, fix: str) -> Problem:
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(shown_path, message, "yaml", line=line, col=col, fix=fix)


def _raw_character_problem(text: str, offset: int, shown_path: str) -> Problem:
    before = text[:offset]
    line = before.count("\n") + 1
    col = offset - (before.rfind("\n") + 1) + 1
    character = text[offset]
    code = f"U+{ord(character):04X}"
    if character in _RAW_NAMES:
        return Problem(
            shown_path,
            f"the file contains {_RAW_NAMES[character]} ({code}), which YAML reads as a line break "
            "but editors do not show as one",
            "yaml",
            line=line,
            col=col,
            fix="delete the invisible character, or replace it with an ordinary line break",
        )
    if character in _BIDI_CONTROLS:
        return Problem(
            shown_path,
            f"the text contains a bidirectional control ({code}), which makes it display in an order "
            "other than the one it has",
            "yaml",
            line=line,
            col=col,
            fix="delete the invisible character; right-to-left text needs none",
        )
    return Problem(
        shown_path,
        f"the text contains a lone surrogate ({code}), which is not a character",
        "yaml",
        line=line,
        col=col,
        fix="delete it; text must be valid Unicode",
    )
