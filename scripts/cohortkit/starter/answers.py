"""What a new program is started from, checked before any file is written.

Every answer ends up inside YAML or a workflow file, so each is held to the
form its place needs (a GitHub login, owner/name, a web address, one of
Material's colour names or #rrggbb) and refused with a sentence saying what to type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cohortkit.errors import CohortkitError
from cohortkit.starter.colours import MATERIAL_ACCENT, MATERIAL_PRIMARY, Shades
from cohortkit.starter.colours import check_colour as site_colour

# GitHub's login syntax, as schemas/defs.schema.json states it.
LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
# GitHub's rules: an owner is a login (no leading, trailing or doubled hyphen); a name is
# letters, digits, '.', '_' and '-', but never '.' or '..', and '.git' is not part of it.
REPOSITORY = re.compile(
    r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/(?!\.{1,2}$)(?![^/]*\.git$)[A-Za-z0-9._-]{1,100}$"
)
SITE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%/-]*)?$")
PALETTES = {"primary": MATERIAL_PRIMARY, "accent": MATERIAL_ACCENT}
MAX_NAME = 80


@dataclass(frozen=True)
class Answers:
    name: str
    coordinators: tuple[str, ...]
    repository: str  # owner/name on GitHub
    site_url: str  # ends with "/"
    primary: str = "indigo"  # a Material palette name, or #rrggbb
    accent: str = "amber"

    @property
    def program_id(self) -> str:
        return slug(self.name)

    @property
    def colours(self) -> Shades:
        return Shades(
            site_colour(self.primary, MATERIAL_PRIMARY, "primary"),
            site_colour(self.accent, MATERIAL_ACCENT, "accent"),
        )


def slug(text: str) -> str:
    """An id for the program from its name: lower-case ASCII words joined by hyphens."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.lower())
    return "-".join(words)[:60].strip("-") or "program"


def check_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise CohortkitError("the program needs a name (--name), such as 'Fern Valley mentoring'")
    if len(name) > MAX_NAME:
        raise CohortkitError(f"the program's name is {len(name)} characters long; keep it to {MAX_NAME}")
    hidden = next((c for c in name if unicodedata.category(c).startswith("C")), None)
    if hidden is not None:
        # Control and format characters (a right-to-left override, say) change how text around them reads.
        raise CohortkitError(
            f"the program's name holds an invisible character (U+{ord(hidden):04X}); write it as plain text"
        )
    if "<" in name or ">" in name or re.search(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);", name):
        # Material prints site_name into every page's header as HTML, unescaped: these would be markup.
        raise CohortkitError(
            "the program's name cannot hold < or > or an HTML entity such as &amp;: the site prints it as HTML"
        )
    return name


def check_coordinators(values: list[str]) -> tuple[str, ...]:
    logins = [login.strip().lstrip("@") for value in values for login in re.split(r"[\s,]+", value)]
    logins = [login for login in logins if login]
    if not logins:
        raise CohortkitError("name at least one coordinator by GitHub login (--coordinator LOGIN)")
    for login in logins:
        if not LOGIN.match(login):
            raise CohortkitError(f"{login!r} is not a GitHub login (letters, digits and single hyphens)")
    unique = list(dict.fromkeys(login.lower() for login in logins))
    if len(unique) < len(logins):
        raise CohortkitError("each coordinator should be named once")
    return tuple(logins)


def check_repository(value: str) -> str:
    if not REPOSITORY.match(value.strip()):
        raise CohortkitError(f"{value!r} is not a GitHub repository written as OWNER/NAME (--repo)")
    return value.strip()


def check_site_url(value: str) -> str:
    url = value.strip()
    if not SITE_URL.match(url):
        raise CohortkitError(
            f"{value!r} is not a web address such as https://mentoring.example.org/ (--site-url)"
        )
    return url if url.endswith("/") else url + "/"


def check_colour(value: str, what: str) -> str:
    """One of Material's palette names for `what` ("primary" or "accent"), or #rrggbb (see colours.py)."""
    return site_colour(value, PALETTES[what], what).value


def default_site_url(repository: str) -> str:
    """GitHub Pages' address for a repository, where the site workflow publishes it."""
    owner, name = repository.split("/")
    if name.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{name}/"
