"""GitHub's answers to listings, kept between runs so that a listing that has not changed costs nothing.

GitHub tags each answer with an ETag; a request that sends it back as
`If-None-Match` is answered `304 Not Modified` when nothing changed, and
such an answer does not count against the token's rate limit ("Best
practices for using the REST API"). An hourly run on a quiet hour reads the
same listings as the hour before: with this cache it re-reads none of them.

The file is a hint, never a source of truth: the server decides whether the
kept answer is still current, and a kept answer is used only with the ETag it
came with. A file that is missing, too large, not JSON or not of the expected
shape is ignored (the run reads everything, as without a cache); it is written
whole to a temporary file and renamed, so a run killed mid-write leaves the
old file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = 1
# A program of 1,000 cohorts keeps a few thousand pages; past these the oldest go first.
MAX_ENTRIES = 20_000
MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class KeptAnswer:
    etag: str
    data: Any  # the page's JSON, as GitHub sent it
    link: str  # the Link header: where the next page is


class ConditionalCache:
    """Answers by request (path and query), with the ETag each came with."""

    def __init__(self, path: Path | None = None, log: Any = None) -> None:
        self.path = path
        self.hits = 0  # requests answered 304
        self._entries: dict[str, KeptAnswer] = {}
        self._changed = False
        if path is not None:
            problem = self._load(path)
            if problem and log is not None:
                log(f"  conditional-request cache {path} ignored: {problem}; reading everything")

    @staticmethod
    def key(path: str, query: dict[str, str] | None) -> str:
        return path + ("?" + "&".join(f"{k}={query[k]}" for k in sorted(query)) if query else "")

    def kept_keys(self) -> list[str]:
        return list(self._entries)

    def get(self, key: str) -> KeptAnswer | None:
        return self._entries.get(key)

    def put(self, key: str, answer: KeptAnswer) -> None:
        # Re-inserted at the end: the dict's order is the order of last use.
        self._entries.pop(key, None)
        self._entries[key] = answer
        self._changed = True
        while len(self._entries) > MAX_ENTRIES:
            del self._entries[next(iter(self._entries))]

    def touch(self, key: str) -> None:
        """Records a 304: the kept answer is current, and stays among the newest."""
        self.hits += 1
        answer = self._entries.pop(key, None)
        if answer is not None:
            self._entries[key] = answer
            self._changed = True

    def save(self) -> None:
        if self.path is None or not self._changed:
            return
        document = {
            "format": FORMAT,
            "answers": {k: [a.etag, a.data, a.link] for k, a in self._entries.items()},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".etags-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                # dumps, not dump: dump streams through the pure-Python encoder, which is slower
                # on the megabytes of listings a year's issues make (about 1.6x measured).
                out.write(json.dumps(document, separators=(",", ":")))
            Path(temporary).replace(self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._changed = False

    def _load(self, path: Path) -> str | None:
        try:
            if not path.exists():
                return None
            if not path.is_file():
                return "not a regular file"
            if path.stat().st_size > MAX_FILE_BYTES:
                return f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB"
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
            return f"unreadable ({type(exc).__name__})"
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            return "not a cache this version wrote"
        answers = document.get("answers")
        if not isinstance(answers, dict):
            return "no answers"
        for key, value in answers.items():
            if (
                isinstance(value, list)
                and len(value) == 3
                and isinstance(value[0], str)
                and value[0]
                and isinstance(value[2], str)
            ):
                self._entries[key] = KeptAnswer(value[0], value[1], value[2])
        while len(self._entries) > MAX_ENTRIES:
            del self._entries[next(iter(self._entries))]
        return None
