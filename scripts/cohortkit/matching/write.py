"""The proposals written into the cohort files, round-trip, for a coordinator's pull request.

Each proposal becomes an active membership that starts empty (joined today),
appended to the cohort's `mentors` or `mentees` list by the same edit the
intake uses (`data/yamlwrite.py`), so comments, order and quoting stay as
people wrote them. Every edited file must read back with the new entries;
when a mentor is added, CODEOWNERS is regenerated from the edited model, as
`validate` requires. The caller writes, validates and restores.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from cohortkit.data.yamlwrite import add_membership_text, reads_back
from cohortkit.matching.result import Proposal


def edited_files(root: Path, proposals: Sequence[Proposal], joined: date) -> dict[Path, str]:
    """The new text of every cohort file the proposals touch (mentors before mentees, in order)."""
    by_file: dict[str, list[Proposal]] = {}
    for proposal in sorted(proposals, key=lambda p: (p.cohort_file, p.role != "mentor", p.login.lower())):
        by_file.setdefault(proposal.cohort_file, []).append(proposal)
    edited: dict[Path, str] = {}
    for file, group in by_file.items():
        path = root / file
        if path.is_symlink() or not path.is_file():
            raise ValueError(f"{file} is not a regular file")
        text = path.read_text(encoding="utf-8")
        expected = []
        for proposal in group:
            key = f"{proposal.role}s"
            text = add_membership_text(text, key, proposal.login, joined)
            expected.append(((key, -1, "person"), proposal.login))
        # Each list's last entry is its last proposal; the others were checked as they were added.
        last = {}
        for path_key, login in expected:
            last[path_key[0]] = (path_key, login)
        reads_back(text, list(last.values()), file)
        edited[path] = text
    return edited
