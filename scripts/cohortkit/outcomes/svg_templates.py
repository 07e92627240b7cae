"""The Jinja2 environment for SVG templates (certificates, badge patches), a program's own first.

Templates are found like the site's page templates: a program's `templates/`
folder first, then the ones shipped in outcomes/templates/. Autoescaping is
on, for XML; `xml_text` also drops what XML 1.0 cannot carry at all (control
characters, lone surrogates), which escaping cannot make valid.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def svg_environment(template_dirs: Sequence[Path] = ()) -> Environment:
    return Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader([str(d) for d in template_dirs]),
                PackageLoader("cohortkit.outcomes", "templates"),
            ]
        ),
        autoescape=True,
        undefined=StrictUndefined,  # a misspelt name in a template fails, not the file
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def wrap(text: str, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of about `width` characters, at spaces; an ellipsis if cut."""
    words, found, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            found.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        found.append(current)
    if len(found) > lines:
        found = found[:lines]
        last = found[-1]
        found[-1] = (last if len(last) < width else last[: width - 1].rstrip()) + "…"
    return [line if len(line) <= width + 12 else line[: width + 11] + "…" for line in found]
