"""The schemas' copy for editors, in a repository that has no schemas/ of its own.

Every data file's first line names its schema for yaml-language-server (VS Code's
YAML extension, Neovim, Helix): completion and checking as you type. A program's
repository judges its files by the schemas inside the installed cohortkit, which no
relative path can name, so `cohortkit schemas` copies them into `.cohortkit/schemas/`
(git-ignored, rewritten by `make` at every install, so it follows the pinned release).
It writes nothing into a repository with schemas of its own: those are what judge it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cohortkit.data.datatree import DATA_FOLDERS, EDITOR_SCHEMAS, OWN_SCHEMAS, schema_folder_of
from cohortkit.data.schemas import packaged_schema_dir
from cohortkit.errors import CohortkitError
from cohortkit.support.atomic_file import write_atomically
from cohortkit.support.in_the_way import obstacles


@dataclass
class EditorSchemas:
    folder: str  # relative to the root, as shown
    own: bool = False  # the repository has schemas/ of its own; nothing was written
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def write_editor_schemas(root: Path) -> EditorSchemas:
    """Make `.cohortkit/schemas/` hold exactly the installed release's schemas; idempotent."""
    if not root.is_dir():
        raise CohortkitError(f"{root} is not a folder: give --root the program's repository")
    if not any((root / folder).is_dir() for folder in DATA_FOLDERS):
        raise CohortkitError(
            f"no data folders in {root}: expected programs/, cohorts/ and people/ "
            "(use --root to point at the repository)"
        )
    if schema_folder_of(root) == OWN_SCHEMAS:
        return EditorSchemas(OWN_SCHEMAS, own=True)
    target = root / EDITOR_SCHEMAS
    shipped = {path.name: path.read_bytes() for path in sorted(packaged_schema_dir().glob("*.schema.json"))}
    if not shipped:
        raise CohortkitError(
            f"cohortkit's schemas are missing from its installation ({packaged_schema_dir()})"
        )
    # Before anything is written: a link on the way could make the copy land anywhere on the
    # machine, and renaming a file over a folder fails halfway.
    for shown, kind in obstacles(root, [f"{EDITOR_SCHEMAS}/{name}" for name in shipped]):
        what = "is a folder" if kind == "folder" else "is not a folder (a link or a file)"
        raise CohortkitError(
            f"{shown} {what}; remove it and run cohortkit schemas again: "
            + ("the folder holds" if kind == "folder" else "it holds")
            + " only a generated copy of the schemas"
        )
    result = EditorSchemas(EDITOR_SCHEMAS)
    target.mkdir(parents=True, exist_ok=True)
    for name, data in shipped.items():
        path = target / name
        if not (path.is_file() and not path.is_symlink() and path.read_bytes() == data):
            write_atomically(path, data)
            result.written.append(f"{EDITOR_SCHEMAS}/{name}")
    for stale in sorted(target.glob("*.schema.json")):
        if stale.name not in shipped:  # a schema an older release had
            stale.unlink()
            result.removed.append(f"{EDITOR_SCHEMAS}/{stale.name}")
    return result
