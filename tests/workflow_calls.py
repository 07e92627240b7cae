"""Checks on callers of cohortkit's reusable workflows, shared by this repository's tests and init's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"
SHA_PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
LEVELS = {"none": 0, "read": 1, "write": 2}


def load(path: Path) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as True; workflows mean the text.
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in document:
        document["on"] = document.pop(True)
    return document


def reusable_names() -> list[str]:
    return sorted(path.name for path in WORKFLOWS.glob("reusable-*.yml"))


def called(uses: str, remote: str | None) -> Path:
    """The reusable workflow a job's `uses:` names, in this repository (remote: `OWNER/REPO@vX.Y.Z` expected)."""
    if remote is None:
        assert uses.startswith("./.github/workflows/reusable-"), uses
        return WORKFLOWS / uses.removeprefix("./.github/workflows/")
    repo, _, tag = remote.partition("@")
    prefix = f"{repo}/.github/workflows/reusable-"
    assert uses.startswith(prefix) and uses.endswith(f".yml@{tag}"), uses
    return WORKFLOWS / uses.removeprefix(f"{repo}/.github/workflows/").removesuffix(f"@{tag}")


def granted(permissions: dict[str, str]) -> dict[str, int]:
    return {scope: LEVELS[level] for scope, level in permissions.items()}


def check_caller(path: Path, remote: str | None = None) -> list[Path]:
    """Assert each calling job names a reusable workflow, passes only inputs it declares (and all it
    requires), inherits no secrets, and grants at least what every called job asks, no more than all
    of them together; returns the workflows it calls."""
    document = load(path)
    assert document.get("permissions") == {}, f"{path.name}: permissions: {{}} at the top"
    # A caller holding the group its called workflow asks for waits on itself: GitHub cancels the run.
    group = str((document.get("concurrency") or {}).get("group", ""))
    assert not group.startswith("cohortkit-"), f"{path.name}: the reusable workflows' groups are cohortkit-*"
    calls = []
    for name, job in document["jobs"].items():
        if "uses" not in job:
            continue
        target = called(job["uses"], remote)
        assert target.is_file(), f"{path.name}: {job['uses']} is not a reusable workflow here"
        calls.append(target)
        reusable = load(target)
        declared = (reusable["on"]["workflow_call"] or {}).get("inputs", {}) or {}
        given = set(job.get("with", {}))
        assert given <= set(declared), f"{path.name}: {name} passes {given - set(declared)}"
        required = {key for key, spec in declared.items() if spec.get("required")}
        assert required <= given, f"{path.name}: {name} lacks {required - given}"
        assert "secrets" not in job, f"{path.name}: {name} passes secrets"
        caller = granted(job.get("permissions", {}))
        needed: dict[str, int] = {}
        for inner in reusable["jobs"].values():
            for scope, level in granted(inner.get("permissions", {})).items():
                assert caller.get(scope, 0) >= level, f"{path.name}: {name} lacks {scope}: for {target.name}"
                needed[scope] = max(needed.get(scope, 0), level)
        assert caller == needed, f"{path.name}: {name} grants {caller}, its jobs need {needed}"
    return calls
