"""What stands where files are to be written: a link or a file where a folder goes, a folder where a file goes.

Checked before anything is written, so a refusal leaves the tree as it was. A link
on the way (planted in a fork, say) would carry the writes anywhere on the machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Obstacle = tuple[str, Literal["link", "file", "folder"]]  # the path relative to the root, and what is there


def obstacles(root: Path, paths: list[str]) -> list[Obstacle]:
    """Each obstacle once, in the order the paths meet them."""
    found: dict[str, Obstacle] = {}
    for path in paths:
        where = root
        for part in Path(path).parts[:-1]:
            where = where / part
            shown = where.relative_to(root).as_posix()
            if where.is_symlink():
                found.setdefault(shown, (shown, "link"))
                break
            if where.exists() and not where.is_dir():
                found.setdefault(shown, (shown, "file"))
                break
        target = root / path
        if target.is_dir() and not target.is_symlink():
            found.setdefault(path, (path, "folder"))
    return list(found.values())
