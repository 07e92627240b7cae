"""The package's shape is checked, not remembered: layers, cycles, module size, the map."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "cohortkit"
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))
MAX_LINES = 400


def lint_imports(package_parent: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over the package found first on the path, with the project's contracts."""
    environment = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_package_keeps_every_import_contract() -> None:
    result = lint_imports(ROOT / "scripts")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "named"),
    [
        # a library layer calling up into the command line
        ("data/model.py", "import cohortkit.commands.validate", "cohortkit.data.model -> cohortkit.commands"),
        # one capability importing another
        ("join/welcome.py", "import cohortkit.site.links", "cohortkit.join.welcome -> cohortkit.site.links"),
        # the site reaching GitHub
        (
            "site/views.py",
            "import cohortkit.github.client",
            "cohortkit.site.views -> cohortkit.github.client",
        ),
        # github/ knowing about programs
        (
            "github/markers.py",
            "import cohortkit.data.model",
            "cohortkit.github.markers -> cohortkit.data.model",
        ),
        # two modules of one folder importing each other
        (
            "site/zones.py",
            "import cohortkit.site.views",
            "cohortkit.site.\nIt could be made acyclic by removing 1 dependency:\n\n- .zones -> .views",
        ),
    ],
)
def test_a_wrong_import_fails_with_a_message_that_names_it(
    tmp_path: Path, module: str, bad_import: str, named: str
) -> None:
    copy = tmp_path / "cohortkit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{bad_import}  # noqa\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and named in result.stdout, result.stdout


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these (at most {MAX_LINES} lines each): {long}"


def test_every_module_says_what_it_owns_in_its_docstring() -> None:
    silent = [
        str(p.relative_to(PACKAGE))
        for p in modules()
        if p.name != "__main__.py" and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert silent == []


def test_the_architecture_map_names_every_folder_and_only_folders_that_exist() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    missing = sorted(name for name in folders if f"`{name}/`" not in text)
    assert missing == [], f"docs/architecture.md says nothing of {missing}"
    named = {
        line.split("`")[1].rstrip("/")
        for line in text.splitlines()
        if line.startswith("**`") and line.split("`")[1].endswith("/")
    }
    assert named <= folders, f"docs/architecture.md describes folders that do not exist: {named - folders}"
