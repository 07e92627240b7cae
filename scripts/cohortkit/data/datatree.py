"""Where data files live: programs/, cohorts/<term>/ and people/ under a root."""

from __future__ import annotations

from dataclasses import dataclass

from cohortkit.data.problems import Problem
from cohortkit.data.schemas import Kind
from cohortkit.data.treenode import TreeNode
from cohortkit.errors import CohortkitError

DATA_FOLDERS: dict[str, Kind] = {"programs": "program", "cohorts": "cohort", "people": "person"}
# Files a data folder may hold besides data: editor and git leftovers are skipped.
_IGNORED_NAMES = {"README.md", ".gitkeep"}
# A repository with a schemas/ folder of its own (cohortkit's, or a program's override) is
# judged by it, and its files' first line names it. A program's repository has none: there
# `cohortkit schemas` writes the installed release's schemas here (git-ignored), for editors.
OWN_SCHEMAS = "schemas"
EDITOR_SCHEMAS = ".cohortkit/schemas"


@dataclass(frozen=True, slots=True)
class DataFile:
    kind: Kind
    path: TreeNode
    shown: str  # relative to the root, with forward slashes, as shown in messages
    stem: str
    term_folder: str | None = None
    schema_folder: str = OWN_SCHEMAS  # where this tree's schemas are for editors (schema_folder_of)

    @property
    def schema_header(self) -> str:
        """The first line that lets editors find the schema (yaml-language-server)."""
        return self.header_for(self.schema_folder)

    def header_for(self, folder: str) -> str:
        up = "../" * (self.shown.count("/"))
        return f"# yaml-language-server: $schema={up}{folder}/{self.kind}.schema.json"

    def names_its_schema(self, first_line: str) -> bool:
        """Either folder will do: a repository may gain or drop schemas/ of its own later."""
        return first_line.strip() in {self.header_for(OWN_SCHEMAS), self.header_for(EDITOR_SCHEMAS)}


def schema_folder_of(root: TreeNode) -> str:
    """The folder new files' first line names: the tree's own schemas/, else the editors' copy."""
    own = root / OWN_SCHEMAS
    return OWN_SCHEMAS if own.is_dir() and not own.is_symlink() else EDITOR_SCHEMAS


def discover(root: TreeNode) -> tuple[list[DataFile], list[Problem]]:
    """List the data files under `root`, and problems with files in the wrong place."""
    if not root.is_dir():
        raise CohortkitError(f"{root} is not a folder")
    if not any((root / folder).is_dir() for folder in DATA_FOLDERS):
        raise CohortkitError(
            f"no data folders in {root}: expected programs/, cohorts/ and people/ (use --root to point at the repository)"
        )
    files: list[DataFile] = []
    problems: list[Problem] = []
    schemas = schema_folder_of(root)
    for folder, kind in DATA_FOLDERS.items():
        base = root / folder
        if base.is_symlink():
            problems.append(
                _misplaced(
                    folder,
                    "a data folder must not be a symbolic link",
                    "replace the link with a real folder",
                )
            )
            continue
        if not base.is_dir():
            continue
        for entry in _sorted(base):
            if kind == "cohort" and entry.is_dir() and not entry.is_symlink():
                for inner in _sorted(entry):
                    _add(inner, f"{folder}/{entry.name}", kind, entry.name, files, problems, schemas)
            elif kind == "cohort" and entry.suffix in {".yaml", ".yml"}:
                problems.append(
                    _misplaced(
                        f"{folder}/{entry.name}",
                        "a cohort file must be in the folder of its term",
                        "move it to cohorts/<term id>/ where <term id> is the cohort's term",
                    )
                )
            else:
                _add(entry, folder, kind, None, files, problems, schemas)
    problems.extend(_duplicate_ids(files))
    return files, problems


def _duplicate_ids(files: list[DataFile]) -> list[Problem]:
    """Ids are file names; two files may not claim one id (logins ignore case).

    Both files are named: in a pull request either one may be the new one.
    """
    claims: dict[tuple[Kind, str], list[DataFile]] = {}
    for data_file in files:
        stem = data_file.stem.lower() if data_file.kind == "person" else data_file.stem
        claims.setdefault((data_file.kind, stem), []).append(data_file)
    problems = []
    for (kind, _), claimants in claims.items():
        for data_file in claimants if len(claimants) > 1 else ():
            others = ", ".join(other.shown for other in claimants if other is not data_file)
            problems.append(
                Problem(
                    data_file.shown,
                    f"{kind} id {data_file.stem!r} is also claimed by {others}",
                    "identity",
                    line=1,
                    col=1,
                    fix="ids (GitHub logins for people, ignoring case) must be unique: keep one of the files",
                )
            )
    return problems


def _add(
    entry: TreeNode,
    parent: str,
    kind: Kind,
    term: str | None,
    files: list[DataFile],
    problems: list[Problem],
    schemas: str,
) -> None:
    shown = f"{parent}/{entry.name}"
    if entry.name.startswith(".") or entry.name in _IGNORED_NAMES:
        return
    if entry.is_symlink():
        # A link could point anywhere on the machine that runs validation.
        problems.append(
            _misplaced(
                shown,
                "data files must not be symbolic links",
                "replace the link with the file itself",
            )
        )
    elif entry.is_dir():
        problems.append(
            _misplaced(
                shown,
                "unexpected folder in a data folder",
                "data files go directly in programs/, people/ or cohorts/<term>/",
            )
        )
    elif not entry.is_file():
        # A named pipe would block the reader forever; a socket or device is never data.
        problems.append(
            _misplaced(
                shown,
                "not a regular file (a named pipe, socket or device)",
                "replace it with an ordinary file, or delete it",
            )
        )
    elif entry.suffix == ".yml":
        problems.append(
            _misplaced(shown, "data files end in .yaml, not .yml", f"rename it to {entry.stem}.yaml")
        )
    elif entry.suffix != ".yaml":
        problems.append(
            _misplaced(
                shown,
                "not a data file: only .yaml files belong here",
                "move it out of the data folder",
            )
        )
    else:
        files.append(DataFile(kind, entry, shown, entry.stem, term, schemas))


def _sorted(folder: TreeNode) -> list[TreeNode]:
    return sorted(folder.iterdir(), key=lambda entry: entry.name)


def _misplaced(shown: str, message: str, fix: str) -> Problem:
    return Problem(shown, message, "layout", line=1, col=1, fix=fix)
