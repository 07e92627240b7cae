"""How deeply a YAML text nests, measured before libyaml sees it.

libyaml's composer recurses (a few hundred thousand levels crash it), and
libyaml itself has, since PyYAML 6.0.3's bundled build, a nesting limit of its
own whose scanner error ("exceeded maximum nesting depth") arrives before any
event at our limit could. So the depth is measured here, with PyYAML's
pure-Python scanner: it recurses nowhere, has no limit, knows quoting,
comments and block scalars exactly, and stops at the first level too many.
It runs only for texts a cheap test says could be deep.
"""

from __future__ import annotations

import re

import yaml
from yaml.scanner import Scanner
from yaml.tokens import (
    BlockEndToken,
    BlockMappingStartToken,
    BlockSequenceStartToken,
    FlowMappingEndToken,
    FlowMappingStartToken,
    FlowSequenceEndToken,
    FlowSequenceStartToken,
    StreamEndToken,
)

_OPENING = (BlockMappingStartToken, BlockSequenceStartToken, FlowMappingStartToken, FlowSequenceStartToken)
_CLOSING = (BlockEndToken, FlowMappingEndToken, FlowSequenceEndToken)
_BRACKET = re.compile(r"[\[\]{}]")
# Where a line's block collections can start: after its indentation and its indicators
# ("- ", "? ", ": ", "--- "), in any mix (and a byte order mark, which libyaml skips).
_BLOCK_PREFIX = re.compile("^(?:[ \t\ufeff]|[-?:](?=[ \t]|$)|---)*", re.MULTILINE)


class _PureScanner(yaml.reader.Reader, Scanner):
    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        Scanner.__init__(self)


def bracket_depth_bound(text: str) -> int:
    """The deepest run of opening brackets, counting every bracket (quoted ones too).

    A cheap first look: real data rarely nests brackets at all, so a low figure
    here lets the file skip the exact scan. It can be fooled (a quoted ']' lowers
    it), which is why libyaml's own nesting error is also reported as ours.
    """
    depth = deepest = 0
    for match in _BRACKET.finditer(text):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


def nesting_bound(text: str, brackets: int | None = None) -> int:
    """A cheap upper bound of how deeply `text` nests, fooled only as `bracket_depth_bound` is.

    A block collection inside another starts at a greater column, or at the same column
    once (a sequence as a mapping's value), so block nesting is at most twice the widest
    prefix of indentation and indicators, plus the mapping a compact entry starts;
    flow nesting adds at most the bracket bound (`brackets`, when already counted).
    Lines end in LF (parse_yaml_text has replaced CR and CR LF).
    """
    widest = max(map(len, _BLOCK_PREFIX.findall(text)), default=0)
    return 2 * widest + 4 + (bracket_depth_bound(text) if brackets is None else brackets)


def first_too_deep(text: str, limit: int) -> tuple[int, int] | None:
    """The 1-based (line, column) where nesting first passes `limit`, or None.

    A syntax error or a character YAML does not allow ends the scan with None: the
    real parse reports it, at its place.
    """
    depth = 0
    try:
        # The reader refuses a character YAML does not allow (a NUL) as soon as it is made.
        scanner = _PureScanner(text)
        while True:
            token = scanner.get_token()  # type: ignore[no-untyped-call]  # PyYAML ships no annotations here
            if isinstance(token, StreamEndToken):
                return None
            if isinstance(token, _OPENING):
                depth += 1
                if depth > limit:
                    mark = token.start_mark
                    return mark.line + 1, mark.column + 1
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.YAMLError:
        return None
