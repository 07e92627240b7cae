"""The data folders of a git revision, read from the object store, never from a checkout.

`review-pr` judges a pull request's head, which a stranger wrote. Nothing of the
head is ever checked out or run: its tree is listed with `git ls-tree` and its
blobs are read with `git cat-file` into a folder-like view for the loader
(GitTree), with nothing written to disk: a symbolic link is reported and never
followed, a submodule shows as an unexpected folder, and a blob over the size
limit is never read.
"""

from __future__ import annotations

import base64
import io
import os
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from cohortkit.data.yamlread import MAX_FILE_BYTES
from cohortkit.errors import CohortkitError

_BLOB, _EXECUTABLE, _SYMLINK, _SUBMODULE = "100644", "100755", "120000", "160000"


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
    """Access to one repository's objects: reads, and merges made in the object store only."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo

    def _run(self, *args: str, stdin: bytes | None = None) -> bytes:
        return self._run_status(*args, stdin=stdin)[1]

    def _run_status(
        self, *args: str, stdin: bytes | None = None, allowed: tuple[int, ...] = (0,)
    ) -> tuple[int, bytes]:
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
        if done.returncode not in allowed:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            verb = next(a for a in args if not a.startswith("-") and "=" not in a)  # never the auth header
            raise CohortkitError(f"git {verb} failed: {message[-1] if message else done.returncode}")
        return done.returncode, done.stdout

    def merge_tree(self, base: str, head: str) -> tuple[str, list[str]]:
        """The tree that merging `head` into `base` would make, and the paths that conflict.

        `git merge-tree --write-tree` (git 2.38 or newer) merges in the object store
        only: new tree and blob objects, no checkout, no work tree, no ref moved.
        """
        code, out = self._run_status(
            "merge-tree", "--write-tree", "--no-messages", "--name-only", "-z", base, head, allowed=(0, 1)
        )
        fields = [f.decode("utf-8", "surrogateescape") for f in out.split(b"\0") if f]
        if not fields:
            raise CohortkitError("git merge-tree gave no tree (cohortkit needs git 2.38 or newer)")
        return fields[0], fields[1:] if code == 1 else []

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

    def merge_base(self, base: str, head: str) -> str:
        """Where the head branched from the base: what GitHub diffs a pull request against."""
        return self._run("merge-base", base, head).decode().strip()

    def has_commit(self, sha: str) -> bool:
        try:
            self._run("cat-file", "-e", f"{sha}^{{commit}}")
        except CohortkitError:
            return False
        return True

    def fetch(self, refspec: str, token: str = "") -> None:
        """Fetch objects (never a checkout); the token, when given, is sent as a header, not stored."""
        auth = []
        if token:
            basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
            auth = ["-c", f"http.extraHeader=Authorization: basic {basic}"]
        self._run(*auth, "fetch", "--no-tags", "--quiet", "origin", refspec)

    def entries(self, commit: str) -> dict[str, Entry]:
        """Every path at `commit` (data, and the images cohorts point at), with mode, blob id and size."""
        raw = self._run("ls-tree", "-r", "-l", "-z", "--full-tree", commit)
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


class GitTree:
    """A revision's files as the loader reads them, straight from git's object store.

    Blobs are fetched in one batch by `prefetch`; a blob over the size limit is
    never fetched, and reads as a file just over the limit so the loader reports it.
    """

    def __init__(self, git: Git, commit: str, entries: Mapping[str, Entry]) -> None:
        self.git, self.commit, self.entries = git, commit, entries
        self.children: dict[str, set[str]] = {"": set()}
        for path in entries:
            parts = path.split("/")
            for depth in range(len(parts)):
                parent = "/".join(parts[:depth])
                self.children.setdefault(parent, set()).add(parts[depth])
        self._contents: dict[str, bytes] = {}

    def prefetch(self, paths: Iterable[str]) -> None:
        wanted = [self.entries[p] for p in paths if p in self.entries and _is_file(self.entries[p])]
        small = [e for e in wanted if e.size <= MAX_FILE_BYTES]
        blobs = self.git.blobs(e.sha for e in small)
        self._contents.update({e.path: blobs[e.sha] for e in small})

    def content(self, path: str) -> bytes:
        entry = self.entries[path]
        if entry.size > MAX_FILE_BYTES:
            return b"#" * (MAX_FILE_BYTES + 1)
        if path not in self._contents:
            self.prefetch([path])
        return self._contents[path]

    def root(self) -> GitNode:
        return GitNode(self, "")


class GitNode:
    """One path of a GitTree, with the part of pathlib's interface the loader uses (TreeNode)."""

    # Plain string work, as pathlib does it: PurePosixPath costs a second per large review.
    def __init__(self, tree: GitTree, path: str) -> None:
        self.tree, self.path = tree, path
        self.name = path.rpartition("/")[2]
        dot = self.name.rfind(".")
        has_suffix = 0 < dot < len(self.name) - 1
        self.suffix = self.name[dot:] if has_suffix else ""
        self.stem = self.name[:dot] if has_suffix else self.name

    def __truediv__(self, key: str) -> GitNode:
        return GitNode(self.tree, f"{self.path}/{key}" if self.path else key)

    def __str__(self) -> str:
        return f"{self.tree.commit[:12]}:{self.path}"

    def is_dir(self) -> bool:
        entry = self.tree.entries.get(self.path)
        # A submodule shows as a folder, which the loader reports as unexpected.
        return (entry is None and self.path in self.tree.children) or (
            entry is not None and entry.is_submodule
        )

    def is_file(self) -> bool:
        entry = self.tree.entries.get(self.path)
        return entry is not None and _is_file(entry)

    def is_symlink(self) -> bool:
        entry = self.tree.entries.get(self.path)
        return entry is not None and entry.is_symlink

    def iterdir(self) -> Iterator[GitNode]:
        if self.tree.entries.get(self.path) is not None:
            return  # a submodule's contents are not part of this repository
        for name in sorted(self.tree.children.get(self.path, ())):
            yield self / name

    def open(self, mode: Literal["rb"]) -> IO[bytes]:
        if not self.is_file():
            raise IsADirectoryError(f"{self} is not a file")
        return io.BytesIO(self.tree.content(self.path))


def _is_file(entry: Entry) -> bool:
    return entry.mode in (_BLOB, _EXECUTABLE)
