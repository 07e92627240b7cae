"""The example-file corpus, turned into tests by itself.

tests/example-files/ holds:

- base/: a small, complete, valid data tree that every case starts from.
- valid/<case>/: files copied over a fresh copy of base (same relative
  paths); the result must validate with no problem at all, not even a warning.
- invalid/<case>/: the same kind of overlay, plus an expect.yaml (not copied)
  that says what the validator must report:

      delete: [people/x.yaml]          # optional: paths removed from the copy
      generate:                        # optional: files that cannot sit in the repo
        - {path: people/big.yaml, kind: oversize}
      problems:                        # every one must be reported
        - file: people/x.yaml
          line: 4
          message: "a substring of problem.text"   # text is "message (fix)"
          col: 3                       # optional
          rule: schema                 # optional
          severity: error              # optional
      exact: true                      # optional: no other errors allowed
      max_seconds: 2                   # optional: validation must finish this fast
      known_bug: "what is wrong"       # optional: the validator does not do this yet;
                                       # the case is a strict xfail until it does

A valid case may also have an expect.yaml, with delete and generate only.

Generators (kind:) write what a repository file cannot comfortably hold:
oversize, alias-bomb, symlink (target:), and invalid-utf8 / control
(codepoint:) / bom / crlf, which rewrite a file copied from base or the
overlay; invalid-utf8 and control replace the marker {{here}} in it.

Adding a case is adding a folder: nothing in this module changes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from cohortkit.data.datatree import DataFile
from cohortkit.data.problems import Problem
from cohortkit.data.yamlread import MAX_FILE_BYTES
from cohortkit.validation.pipeline import validate_tree

EXAMPLES = Path(__file__).parent / "example-files"
BASE = EXAMPLES / "base"
EXPECT = "expect.yaml"
MARKER = b"{{here}}"
REPO = Path(__file__).resolve().parent.parent
_EXPECT_KEYS = {"delete", "generate", "problems", "exact", "max_seconds", "known_bug"}
_PROBLEM_KEYS = {"file", "line", "message", "col", "rule", "severity"}


@dataclass
class Case:
    kind: str  # "valid" or "invalid"
    name: str
    folder: Path
    spec: dict[str, Any] = field(default_factory=dict)

    @property
    def expected(self) -> list[dict[str, Any]]:
        return list(self.spec.get("problems") or [])


def _load_case(kind: str, folder: Path) -> Case:
    expect = folder / EXPECT
    spec: dict[str, Any] = {}
    if expect.is_file():
        spec = yaml.safe_load(expect.read_text(encoding="utf-8")) or {}
        unknown = set(spec) - _EXPECT_KEYS
        assert not unknown, f"{expect}: unknown keys {sorted(unknown)}"
    return Case(kind, folder.name, folder, spec)


def _cases(kind: str) -> list[Case]:
    folder = EXAMPLES / kind
    return [_load_case(kind, sub) for sub in sorted(folder.iterdir()) if sub.is_dir()]


VALID = _cases("valid")
INVALID = _cases("invalid")


def _params(cases: list[Case]) -> list[Any]:
    """One test per case; a case with known_bug is expected to fail until the bug is fixed."""
    return [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(reason=case.spec["known_bug"], strict=True)]
            if case.spec.get("known_bug")
            else [],
        )
        for case in cases
    ]


# Building a case's tree.


def build_tree(case: Case, dest: Path) -> Path:
    """Copy base, lay the case's files over it, then delete and generate."""
    shutil.copytree(BASE, dest)
    for source in sorted(case.folder.rglob("*")):
        relative = source.relative_to(case.folder)
        if source.is_dir() or relative.as_posix() == EXPECT:
            continue
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for relative in case.spec.get("delete") or []:
        target = dest / relative
        assert target.exists(), f"case {case.name}: delete: {relative} is not in the tree"
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    for entry in case.spec.get("generate") or []:
        _generate(dest, entry, case.name)
    return dest


def _header(relative: str) -> bytes:
    """The schema modeline a data file at `relative` must start with."""
    kind = {"programs": "program", "cohorts": "cohort", "people": "person"}[relative.split("/")[0]]
    data_file = DataFile(kind, Path(relative), relative, Path(relative).stem)  # type: ignore[arg-type]
    return (data_file.schema_header + "\n").encode()


def _oversize(relative: str) -> bytes:
    head = _header(relative) + f"login: {Path(relative).stem}\nname: Big\ntimezone: UTC\n".encode()
    filler = b"# " + b"x" * 78 + b"\n"
    return head + filler * (MAX_FILE_BYTES // len(filler) + 2)


def _alias_bomb(relative: str) -> bytes:
    """Billion laughs: nine levels of nine aliases each, about 10**9 strings if expanded."""
    lines = [_header(relative).decode().rstrip("\n"), 'a0: &a0 "lol"']
    for level in range(1, 10):
        refs = ", ".join(f"*a{level - 1}" for _ in range(9))
        lines.append(f"a{level}: &a{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def _rewrite(path: Path, case: str, replacement: bytes | None = None) -> bytes:
    assert path.is_file(), f"case {case}: {path.name} must exist (in base or the overlay) to be rewritten"
    content = path.read_bytes()
    if replacement is not None:
        assert MARKER in content, f"case {case}: {path} has no {MARKER.decode()} marker to replace"
        content = content.replace(MARKER, replacement, 1)
    return content


def _generate(root: Path, entry: dict[str, Any], case: str) -> None:
    relative = entry["path"]
    kind = entry["kind"]
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "oversize":
        target.write_bytes(_oversize(relative))
    elif kind == "alias-bomb":
        target.write_bytes(_alias_bomb(relative))
    elif kind == "symlink":
        if target.exists() or target.is_symlink():
            target.unlink()
        try:
            target.symlink_to(entry["target"])
        except OSError as exc:  # Windows without the privilege to create links
            pytest.skip(f"cannot create a symbolic link here: {exc}")
    elif kind == "invalid-utf8":
        target.write_bytes(_rewrite(target, case, b"\xff\xfe"))
    elif kind == "control":
        target.write_bytes(_rewrite(target, case, chr(entry["codepoint"]).encode()))
    elif kind == "bom":
        target.write_bytes(b"\xef\xbb\xbf" + _rewrite(target, case))
    elif kind == "crlf":
        target.write_bytes(_rewrite(target, case).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    else:
        pytest.fail(f"case {case}: unknown generator kind {kind!r}")


# Comparing what was found with what was expected.


def _shown(problems: list[Problem]) -> str:
    ordered = sorted(problems, key=Problem.sort_key)
    lines = [f"  {p.file}:{p.line}:{p.col}: [{p.severity} {p.rule}] {p.text}" for p in ordered]
    return "\n".join(lines) or "  (none)"


def _matches(problem: Problem, expected: dict[str, Any]) -> bool:
    return (
        problem.file == expected["file"]
        and problem.line == expected["line"]
        and expected["message"] in problem.text
        and expected.get("col", problem.col) == problem.col
        and expected.get("rule", problem.rule) == problem.rule
        and expected.get("severity", problem.severity) == problem.severity
    )


def _run(case: Case, tmp_path: Path) -> tuple[list[Problem], float]:
    root = build_tree(case, tmp_path / "tree")
    started = time.perf_counter()
    _, problems = validate_tree(root)
    return problems, time.perf_counter() - started


def _base_case() -> Case:
    return next(c for c in VALID if c.name == "base")


def test_base_is_complete_and_clean(tmp_path: Path) -> None:
    tree, problems = validate_tree(build_tree(_base_case(), tmp_path / "tree"))
    assert problems == [], "base must validate cleanly:\n" + _shown(problems)
    model = tree.model
    assert len(model.programs) == 1
    assert {c.status for c in model.cohorts.values()} >= {"forming", "active", "completed"}
    assert len(model.people) >= 8


@pytest.mark.parametrize("case", _params(VALID))
def test_valid_example(case: Case, tmp_path: Path) -> None:
    assert not case.expected, f"valid case {case.name} must not expect problems"
    problems, _ = _run(case, tmp_path)
    assert problems == [], f"valid case {case.name} reported problems:\n" + _shown(problems)


@pytest.mark.parametrize("case", _params(INVALID))
def test_invalid_example(case: Case, tmp_path: Path) -> None:
    assert case.expected, f"invalid case {case.name}: expect.yaml lists no problems"
    for expected in case.expected:
        assert {"file", "line", "message"} <= set(expected), (
            f"{case.name}: {expected} needs file, line, message"
        )
        assert not set(expected) - _PROBLEM_KEYS, f"{case.name}: unknown keys in {expected}"
    problems, seconds = _run(case, tmp_path)
    found = f"\nfound:\n{_shown(problems)}"
    unmatched = list(problems)
    for expected in case.expected:
        hit = next((p for p in unmatched if _matches(p, expected)), None)
        want = f"{expected['file']}:{expected['line']}: ...{expected['message']}..."
        assert hit is not None, f"case {case.name}: expected problem not reported:\n  {want}{found}"
        unmatched.remove(hit)
    if case.spec.get("exact"):
        extra = [p for p in unmatched if p.severity == "error"]
        assert not extra, f"case {case.name}: unexpected errors:\n{_shown(extra)}{found}"
    if "max_seconds" in case.spec:
        assert seconds < case.spec["max_seconds"], f"case {case.name}: took {seconds:.2f}s"


def test_corpus_is_large_enough() -> None:
    assert len(INVALID) >= 35
    assert any(c.name == "base" for c in VALID), "the empty overlay 'valid/base' must exist"


# The real command line, in a subprocess.


def _cli(root: Path, fmt: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "scripts"), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        # A fixed day inside the base term: ended-but-still-active warnings depend on the date.
        [
            sys.executable,
            "-m",
            "cohortkit",
            "validate",
            "--root",
            str(root),
            "--format",
            fmt,
            "--today",
            "2026-03-01",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


CLI_CASE = "unknown-key-did-you-mean"


def _cli_case() -> Case:
    return next(c for c in INVALID if c.name == CLI_CASE)


def test_cli_github_annotations(tmp_path: Path) -> None:
    case = _cli_case()
    root = build_tree(case, tmp_path / "tree")
    result = _cli(root, "github")
    assert result.returncode == 1, result.stdout + result.stderr
    expected = case.expected[0]
    prefix = f"::error file={expected['file']},line={expected['line']},col="
    lines = [line for line in result.stdout.splitlines() if line.startswith(prefix)]
    assert lines, f"no annotation starting {prefix!r} in:\n{result.stdout}"
    assert expected["message"] in lines[0].split("::", 2)[2]
    assert result.stdout.rstrip().splitlines()[-1].startswith("::notice ")


def test_cli_json(tmp_path: Path) -> None:
    case = _cli_case()
    result = _cli(build_tree(case, tmp_path / "tree"), "json")
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["errors"] >= 1
    expected = case.expected[0]
    assert any(
        p["file"] == expected["file"]
        and p["line"] == expected["line"]
        and expected["message"] in f"{p['message']} ({p['fix']})"
        for p in report["problems"]
    ), json.dumps(report["problems"], indent=2)


def test_cli_base_exits_zero(tmp_path: Path) -> None:
    result = _cli(build_tree(_base_case(), tmp_path / "tree"), "text")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("0 errors, 0 warnings")


def test_cli_root_without_data_folders(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = _cli(tmp_path / "empty", "text")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cohortkit: no data folders in")
