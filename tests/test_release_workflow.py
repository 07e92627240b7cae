"""The release workflow: built from the tag with the locked tools, published by trusted publishing only."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from cohortkit import __version__

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))


def _step(job: str, name: str) -> dict:
    return next(s for s in WORKFLOW["jobs"][job]["steps"] if s.get("name") == name)


def test_it_runs_only_for_a_release_tag_and_only_publishing_may_mint_a_token():
    triggers = WORKFLOW[True]  # PyYAML reads the key `on` as True
    assert triggers == {"push": {"tags": ["v[0-9]+.[0-9]+.[0-9]+"]}}
    assert WORKFLOW["permissions"] == {}
    assert WORKFLOW["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert WORKFLOW["jobs"]["publish"]["permissions"] == {"id-token": "write"}
    assert WORKFLOW["jobs"]["publish"]["environment"]["name"] == "pypi"
    publish = [s["uses"] for s in WORKFLOW["jobs"]["publish"]["steps"]]
    assert any(u.startswith("pypa/gh-action-pypi-publish@") for u in publish)
    assert "secrets" not in (ROOT / ".github" / "workflows" / "release.yml").read_text()  # no stored token


def test_the_build_uses_the_locked_tools_without_isolation():
    assert (
        "--require-hashes -r requirements/build.txt"
        in _step("build", "Build tools (requirements/build.txt)")["run"]
    )
    assert "--no-isolation" in _step("build", "Build the wheel and sdist")["run"]
    assert "build==" in (ROOT / "requirements" / "build.txt").read_text()


@pytest.mark.parametrize(("tag", "passes"), [("v0.1.0", True), ("v0.1.1", False), ("v0.10", False)])
def test_the_tag_must_be_the_version_pyproject_and_the_package_declare(tmp_path, tag, passes):
    if shutil.which("bash") is None:
        pytest.skip("bash runs the step, as on ubuntu-latest")
    version = __version__
    tag = tag.replace("0.1.0", version) if passes else tag
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "scripts" / "cohortkit").mkdir(parents=True)
    shutil.copy(
        ROOT / "scripts" / "cohortkit" / "__init__.py", tmp_path / "scripts" / "cohortkit" / "__init__.py"
    )
    script = _step("build", "The tag is the version pyproject.toml and the package say")["run"]
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env={**os.environ, "TAG": tag}, capture_output=True, text=True
    )
    assert (done.returncode == 0) == passes, done.stdout + done.stderr
    if not passes:
        assert (
            f"tag {tag}, pyproject.toml {version} and cohortkit.__version__ {version} must agree"
            in done.stdout
        )
