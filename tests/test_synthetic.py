"""The benchmark's data generator keeps producing trees that validate.

If a schema or a cross-file rule changes, this fails before the benchmark
starts measuring the error path instead of the clean one.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from cohortkit.validation.pipeline import validate_tree  # noqa: E402

from benchmarks.synthetic import write_program_tree  # noqa: E402


def test_small_tree_validates_without_errors(tmp_path: Path) -> None:
    write_program_tree(tmp_path, people=60, cohorts=8, programs=2, seed=0)
    tree, problems = validate_tree(tmp_path)
    errors = [p for p in problems if p.severity == "error"]
    assert errors == [], "\n".join(f"{p.file}:{p.line}:{p.col}: {p.text}" for p in errors[:20])
    assert tree.file_count == 2 + 8 + 60
    assert len(tree.model.cohorts) == 8
    statuses = Counter(c.status for c in tree.model.cohorts.values())
    assert statuses["active"] and statuses["forming"], statuses


def test_other_seeds_and_shapes_validate(tmp_path: Path) -> None:
    for seed, (people, cohorts, programs) in enumerate([(200, 40, 3), (30, 12, 1), (500, 30, 12)]):
        root = tmp_path / f"tree-{seed}"
        write_program_tree(root, people=people, cohorts=cohorts, programs=programs, seed=seed)
        _, problems = validate_tree(root)
        errors = [p for p in problems if p.severity == "error"]
        assert errors == [], f"seed {seed}: " + "\n".join(p.text for p in errors[:10])


def test_files_start_with_their_schema_line(tmp_path: Path) -> None:
    write_program_tree(tmp_path, people=20, cohorts=4, programs=1)
    program = next((tmp_path / "programs").glob("*.yaml"))
    cohort = next((tmp_path / "cohorts").glob("*/*.yaml"))
    person = next((tmp_path / "people").glob("*.yaml"))
    first = "# yaml-language-server: $schema="
    assert program.read_text().startswith(f"{first}../schemas/program.schema.json\n")
    assert cohort.read_text().startswith(f"{first}../../schemas/cohort.schema.json\n")
    assert person.read_text().startswith(f"{first}../schemas/person.schema.json\n")
    assert (tmp_path / "schemas" / "defs.schema.json").is_file()
    assert isinstance(yaml.safe_load(cohort.read_text()), dict)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    write_program_tree(tmp_path / "one", people=40, cohorts=6, programs=2, seed=7)
    write_program_tree(tmp_path / "two", people=40, cohorts=6, programs=2, seed=7)
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*.yaml")}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*.yaml")}
    assert one == two
