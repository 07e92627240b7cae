"""The built wheel carries everything a program needs: from a folder of nothing but data, it validates,
builds the site and keeps the check-ins, with no file of this source tree in reach.

The wheel is built once (`python -m build`) and installed once into a fresh virtual environment
for the whole module. Tests never reach the internet, so the environment sees the locked
dependencies of the running one through a path file, which (unlike a site folder) runs none of
that folder's own path files: the editable install of cohortkit stays out of sight, and each test
checks that the cohortkit it ran is the wheel's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from fakegithub import FakeGitHub

REPO = Path(__file__).resolve().parent.parent
# Only what the wheel is built from: the package, its metadata and the schemas it ships.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "scripts", "schemas")
DATA = ("programs", "cohorts", "people", "docs/showcase")
MKDOCS_YML = """\
site_name: Fern Valley mentoring
site_url: https://mentoring.fernvalley.example.org/
docs_dir: build/docs
site_dir: site
strict: true
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
  - pymdownx.superfences
extra_css:
  - stylesheets/cohortkit.css
extra_javascript:
  - assets/roster.js
nav:
  - Home: index.md
  - Programs: programs/index.md
  - Cohort roster: cohorts/index.md
  - Open seats: opportunities.md
  - Showcase: showcase/index.md
  - People: people/index.md
  - How to join: join.md
  - Data reference: reference.md
not_in_nav: |
  /programs/
  /cohorts/
  /people/
  /metrics/
"""


class Installed:
    """A fresh virtual environment with the wheel installed in it."""

    def __init__(self, env: Path) -> None:
        self.env = env
        self.bin = env / "bin"

    def run(
        self, *args: str, cwd: Path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {
            key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "PYTHON"))
        }
        environment.update({"NO_MKDOCS_2_WARNING": "1", "PATH": f"{self.bin}:{os.environ['PATH']}"})
        environment.update(env or {})
        return subprocess.run(
            args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300, check=False
        )

    def cohortkit(
        self, *args: str, cwd: Path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return self.run(str(self.bin / "cohortkit"), *args, cwd=cwd, env=env)


def _build_wheel(out: Path) -> Path:
    source = out / "source"
    source.mkdir()
    for name in SOURCES:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(origin, source / name)
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out / "dist"), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = (out / "dist").glob("cohortkit-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("wheel")
    wheel = _build_wheel(work)
    env = work / "env"
    venv.EnvBuilder(with_pip=True).create(env)
    site_packages = Path(
        subprocess.run(
            [str(env / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site_packages / "locked-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = subprocess.run(
        [
            str(env / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert pip.returncode == 0, pip.stderr
    return Installed(env)


@pytest.fixture
def data_only(tmp_path: Path) -> Path:
    """A program's repository as a program keeps it: data, its slides and its mkdocs.yml."""
    root = tmp_path / "program"
    for name in DATA:
        shutil.copytree(REPO / name, root / name)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return root


def test_the_installed_cohortkit_is_the_wheels_not_this_source_tree(installed, tmp_path):
    where = installed.run(
        str(installed.bin / "python"), "-c", "import cohortkit; print(cohortkit.__file__)", cwd=tmp_path
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed.env)


def test_a_folder_of_only_data_validates_against_the_shipped_schemas(installed, data_only):
    done = installed.cohortkit("validate", "--today", "2026-11-23", cwd=data_only)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout
    assert not (data_only / "schemas").exists()


def test_a_folder_of_only_data_builds_its_site_with_the_shipped_pages_and_assets(installed, data_only):
    pages = installed.cohortkit("site", "build-pages", "--today", "2026-11-23", cwd=data_only)
    assert pages.returncode == 0, pages.stdout + pages.stderr
    built = installed.run(str(installed.bin / "python"), "-m", "mkdocs", "build", "--strict", cwd=data_only)
    assert built.returncode == 0, built.stdout + built.stderr
    site = data_only / "site"
    for shipped in (
        "join/index.html",
        "assets/roster.js",
        "stylesheets/cohortkit.css",
        "reference/index.html",
    ):
        assert (site / shipped).is_file(), shipped
    assert "Fern Valley mentoring" in (site / "index.html").read_text(encoding="utf-8")


def test_a_programs_own_docs_page_replaces_the_shipped_one(installed, data_only):
    (data_only / "docs" / "join.md").write_text("# Joining Fern Valley\n\nWrite to us.\n", encoding="utf-8")
    done = installed.cohortkit("site", "build-pages", "--today", "2026-11-23", cwd=data_only)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        (data_only / "build" / "docs" / "join.md")
        .read_text(encoding="utf-8")
        .startswith("# Joining Fern Valley")
    )


def test_a_folder_of_only_data_keeps_its_check_ins_on_the_fake_github(installed, data_only):
    with FakeGitHub("fernvalley", "mentoring") as fake:
        env = {"GITHUB_TOKEN": "test-token", "GITHUB_API_URL": fake.url}
        done = installed.cohortkit(
            "checkins",
            "--repo",
            "fernvalley/mentoring",
            "--today",
            "2026-11-23",
            "--pace",
            "0",
            "--bot-login",
            fake.actor,
            cwd=data_only,
            env=env,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        titles = [issue["title"] for issue in fake.issues()]
    assert any("check-in" in title for title in titles), titles


def test_the_installed_wheel_starts_a_new_program_and_builds_its_site(installed, tmp_path):
    done = installed.cohortkit(
        "init",
        str(tmp_path / "new"),
        "--name",
        "Fern Valley mentoring",
        "--coordinator",
        "tala-ramos",
        "--repo",
        "fernvalley/mentoring",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "new" / "site" / "join" / "index.html").is_file()
    # The logo and favicon templates ship too: the site has the program's own.
    assert (tmp_path / "new" / "site" / "assets" / "logo.svg").is_file()
    assert (tmp_path / "new" / "site" / "assets" / "favicon.svg").is_file()
    assert (tmp_path / "new" / ".github" / "ISSUE_TEMPLATE" / "mentee.yml").read_text().startswith("#")
    assert "reusable-intake.yml@v" in (tmp_path / "new" / ".github" / "workflows" / "intake.yml").read_text()


def test_the_installed_wheel_upgrades_a_program_made_on_older_pins(installed, tmp_path):
    root = tmp_path / "new"
    flags = ("--name", "Fern Valley", "--coordinator", "tala-ramos", "--repo", "fernvalley/mentoring")
    done = installed.cohortkit("init", str(root), *flags, "--no-build", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    pinned = root / "requirements" / "cohortkit.txt"
    release = pinned.read_text().rsplit("==", 1)[1].strip()
    pinned.write_text(pinned.read_text().replace(f"=={release}", "==0.0.1"))
    lock = root / "requirements" / "runtime.txt"
    shipped = lock.read_text()
    lock.write_text("# an older lock\n")
    done = installed.cohortkit("upgrade", "--root", str(root), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert pinned.read_text().endswith(f"cohortkit=={release}\n") and lock.read_text() == shipped
    assert installed.cohortkit("migrate", "--root", str(root), "--check", cwd=tmp_path).returncode == 0
