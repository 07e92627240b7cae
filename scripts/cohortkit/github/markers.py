"""Hidden markers: how the tool finds its own issues and comments again.

Every issue or comment the tool writes carries one HTML comment such as
`<!-- cohortkit:checkin cohort=git-teaching period=2026-03-04 -->`, invisible
on GitHub. A rerun after a crash finds what was already written by its marker
instead of writing it twice. Markers are only trusted on issues that also
carry the tool's own label, which people without triage rights cannot set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VALUE = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
_MARKER = re.compile(
    r"<!-- cohortkit:(?P<kind>[a-z-]{1,30})(?P<attrs>(?: [a-z]{1,20}=[A-Za-z0-9._:-]{1,100}){0,8}) -->"
)


@dataclass(frozen=True, slots=True)
class Marker:
    kind: str
    attrs: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        return dict(self.attrs).get(name)

    def text(self) -> str:
        attrs = "".join(f" {name}={value}" for name, value in self.attrs)
        return f"<!-- cohortkit:{self.kind}{attrs} -->"


def marker(kind: str, **attrs: str) -> Marker:
    for name, value in attrs.items():
        if not _VALUE.match(value):
            raise ValueError(f"marker value for {name} is not marker-safe: {value!r}")
    return Marker(kind, tuple(sorted(attrs.items())))


def find_markers(body: str | None) -> list[Marker]:
    found = []
    for match in _MARKER.finditer(body or ""):
        pairs = tuple(sorted(tuple(pair.split("=", 1)) for pair in match["attrs"].split()))
        found.append(Marker(match["kind"], pairs))
    return found


def first_marker(body: str | None, kind: str) -> Marker | None:
    return next((m for m in find_markers(body) if m.kind == kind), None)
