"""The data folders of a git revision, read from the object store, never from a checkout.

`review-pr` judges a pull request's head, which a stranger wrote. Nothing of the
head is ever checked out or run: its tree is listed with `git ls-tree` and its
blobs are read with `git cat-file`, then written as plain files into a private
folder for the loader. A symbolic link becomes a link to nowhere (so the loader
reports it without anything following it), a submodule an empty folder (reported
as an unexpected folder), and a blob over the size limit is never read whole.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cohortkit.datatree import DATA_FOLDERS
from cohortkit.errors import CohortkitError
from cohortkit.yamlread import MAX_FILE_BYTES

_BLOB, _EXECUTABLE, _SYMLINK, _SUBMODULE = "100644", "100755", "120000", "160000"
# Where an exported symbolic link points: a path that exists on no machine.
_NOWHERE = "/nonexistent/cohortkit-refused-link"


@dataclass(frozen=True, slots=True)
class Entry:
    """One path of a revision's tree: its mode, blob id and size."""

    path: str
    mode: str
    sha: str
    size: int

    @property
    def is_symlink(self) -> bool:
        return self.mode == _SYMLINK

    @property
    def is_submodule(self) -> bool:
        return self.mode == _SUBMODULE


@dataclass(frozen=True, slots=True)
class Changed:
    """A path that differs between two revisions (no rename detection: a rename is a delete and an add)."""

    path: str
    status: str  # A added, D deleted, M modified, T type changed


class Git:
    """Read-only access to one repository's objects."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo

    def _run(self, *args: str, stdin: bytes | None = None) -> bytes:
        try:
            done = subprocess.run(
                ["git", "-C", str(self.repo), *args],
                input=stdin,
                capture_output=True,
                check=False,
                # Never let a hostile repository configure what git runs for us.
                env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"},
            )
        except FileNotFoundError as exc:
            raise CohortkitError("git is not installed; review-pr reads revisions with git") from exc
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise CohortkitError(f"git {args[0]} failed: {message[-1] if message else done.returncode}")
        return done.stdout

    def resolve(self, rev: str) -> str:
        if rev.startswith("-"):
            raise CohortkitError(f"{rev!r} is not a revision")
        try:
            return self._run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
        except CohortkitError as exc:
            raise CohortkitError(
                f"{rev!r} is not a commit in {self.repo} (fetch it first, for example "
                f"git fetch origin pull/<number>/head)"
            ) from exc

    def entries(self, commit: str, folders: Iterable[str] = DATA_FOLDERS) -> dict[str, Entry]:
        """Every path under `folders` at `commit`, with mode, blob id and size."""
        raw = self._run("ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", *folders)
        found: dict[str, Entry] = {}
        for record in raw.split(b"\0"):
            if not record:
                continue
            meta, _, path_bytes = record.partition(b"\t")
            mode, _kind, sha, size = meta.decode().split()
            path = path_bytes.decode("utf-8", "surrogateescape")
            found[path] = Entry(path, mode, sha, int(size) if size.isdigit() else 0)
        return found

    def changed(self, base: str, head: str) -> list[Changed]:
        """Every path the head changes, data or not."""
        raw = self._run("diff", "--name-status", "--no-renames", "-z", base, head, "--")
        fields = [f.decode("utf-8", "surrogateescape") for f in raw.split(b"\0") if f]
        return [Changed(path, status[0]) for status, path in zip(fields[::2], fields[1::2], strict=True)]

    def blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """The contents of many blobs in one `git cat-file --batch` process."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        raw = self._run("cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in wanted).encode())
        contents: dict[str, bytes] = {}
        offset = 0
        for sha in wanted:
            header_end = raw.index(b"\n", offset)
            _sha, _kind, size = raw[offset:header_end].decode().split()
            start = header_end + 1
            contents[sha] = raw[start : start + int(size)]
            offset = start + int(size) + 1
        return contents


def export(git: Git, entries: Mapping[str, Entry], dest: Path, known: Collection[str] = ()) -> None:
    """Write the data files of `entries` under `dest` as the loader expects them on disk.

    Paths in `known` are files whose outcome the caller already has (same path and
    blob in the other revision): they are created empty, never read.
    """
    readable = [
        e.sha for e in entries.values() if _is_file(e) and e.size <= MAX_FILE_BYTES and e.path not in known
    ]
    contents = git.blobs(readable)
    made: set[Path] = set()
    for entry in entries.values():
        target = dest / entry.path
        if not _inside(target, dest):
            continue  # git never stores such paths; a hand-made object might
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if entry.is_symlink:
            target.symlink_to(_NOWHERE)
        elif entry.is_submodule:
            target.mkdir(exist_ok=True)
        elif entry.path in known:
            target.touch()
        elif entry.size > MAX_FILE_BYTES:
            # Enough bytes for the loader to report the size, without reading the blob.
            target.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
        else:
            target.write_bytes(contents[entry.sha])


def _is_file(entry: Entry) -> bool:
    return entry.mode in (_BLOB, _EXECUTABLE)


def _inside(path: Path, root: Path) -> bool:
    return ".." not in Path(os.path.relpath(path, root)).parts
