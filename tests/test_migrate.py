"""Upgrades never lose data: validate names the data version and the changes, migrate makes them round-trip."""

from __future__ import annotations

import os

import pytest
from cohortkit.cli import main
from cohortkit.data import versions
from cohortkit.data.migrate import plan_text
from cohortkit.data.migration_steps import Edit, MoveKey, WrapInList
from cohortkit.data.yamlwrite import dump, load
from cohortkit.support.atomic_file import write_atomically
from future_version import FUTURE, REPO, copy_example, make_old_tree, register, snapshot


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# The shipped changelog


def test_the_example_data_goes_through_migrate_byte_for_byte(tmp_path, capsys):
    root = copy_example(tmp_path)
    before = snapshot(root)
    assert run(capsys, "migrate", "--root", str(root), "--check") == (
        0,
        f"the data is in data version {versions.CHANGELOG.current}; nothing to migrate\n",
    )
    assert run(capsys, "migrate", "--root", str(root))[0] == 0
    assert snapshot(root) == before  # no marker written either: data without one is current


def test_every_example_file_round_trips_through_the_editor_byte_for_byte():
    # What a migration step does not touch it keeps exactly: the editor reproduces each file.
    files = sorted(p for folder in ("programs", "cohorts", "people") for p in (REPO / folder).rglob("*.yaml"))
    assert len(files) > 100
    changed = [str(p) for p in files if dump(load(p.read_text(encoding="utf-8"))) != p.read_text("utf-8")]
    assert changed == []


def test_the_shipped_changelog_starts_at_version_1_with_nothing_to_migrate():
    log = versions.CHANGELOG
    assert log.versions[0].number == 1 and log.versions[0].steps == ()
    assert log.read_by("0.1.0") == 1 and log.releases(log.current).endswith("and later")


def test_the_upgrade_page_lists_the_data_versions_as_the_changelog_says():
    page = (REPO / "docs" / "upgrading.md").read_text(encoding="utf-8")
    assert versions.markdown_table() in page, "paste versions.markdown_table() into docs/upgrading.md"


@pytest.mark.parametrize(
    ("numbers", "releases", "said"),
    [
        ((1, 3), ("0.1.0", "0.2.0"), "numbered 1, 2, 3"),
        ((1, 2), ("0.2.0", "0.1.0"), "later cohortkit release"),
    ],
)
def test_a_changelog_with_a_gap_or_a_release_going_back_is_refused(numbers, releases, said):
    with pytest.raises(ValueError, match=said):
        versions.Changelog(
            tuple(versions.DataVersion(n, r, "x") for n, r in zip(numbers, releases, strict=True))
        )


# A future version (tests/future_version.py)


def test_an_old_tree_is_told_what_changes_then_migrates_into_the_example_data_and_validates(
    tmp_path, capsys, monkeypatch
):
    register(monkeypatch)
    root = tmp_path / "old"
    root.mkdir()
    today = make_old_tree(root)
    old = snapshot(root)

    code, said = run(capsys, "validate", "--root", str(root))
    assert code == 1
    lines = said.splitlines()
    assert lines[0] == (
        "cohortkit.yml:2:15: the data is written for data version 1 (cohortkit 0.0.1 until 0.1.0); "
        "cohortkit 0.1.0 reads data version 2 (run cohortkit migrate: it makes the "
        f"{len(lines) - 3} changes listed and sets cohortkit.yml to 2; the schema checks run once "
        "the data is migrated)"
    )
    assert "then, by hand (data version 2): say in each cohort's description" in lines[1]
    assert (
        "people/aiko-mori.yaml:5:1: data version 2: 'time_zone' is now 'timezone' (cohortkit migrate rewrites it)"
        in lines
    )
    assert any(": data version 2: format: 'remote' is now 'online'" in line for line in lines)
    assert any(": data version 2: 'languages' is now a list" in line for line in lines)
    assert not any("unknown key" in line or "missing required" in line for line in lines)  # no pile-up
    checked = lines[-1].split(" files checked")[0]
    assert lines[-1].endswith(
        f"; {checked} files left out of the cross-file checks until their own errors are fixed"
    )

    code, said = run(capsys, "migrate", "--root", str(root), "--check")
    assert code == 1 and "would change (data version 1 to 2); run cohortkit migrate" in said
    assert snapshot(root) == old

    code, said = run(capsys, "migrate", "--root", str(root))
    assert code == 0, said
    assert "cohortkit.yml: data_version becomes 2" in said
    assert "by hand (data version 2): say in each cohort's description" in said
    after = snapshot(root)
    assert {shown: after[shown] for shown in today} == today  # the example data, byte for byte
    assert after["cohortkit.yml"] == b"# the data's format\ndata_version: 2\n"
    assert run(capsys, "validate", "--root", str(root), "--today", "2026-12-01")[0] == 0

    # Idempotent: again, nothing changes.
    assert run(capsys, "migrate", "--root", str(root))[1].endswith("nothing to migrate\n")
    assert snapshot(root) == after


def test_the_example_data_is_already_in_the_future_version(tmp_path, capsys, monkeypatch):
    register(monkeypatch)
    root = copy_example(tmp_path)
    before = snapshot(root)
    code, said = run(capsys, "migrate", "--root", str(root), "--from", "1")
    assert code == 0 and "migrated 0 files from data version 1 to 2" in said
    after = snapshot(root)
    assert after.pop("cohortkit.yml").endswith(b"data_version: 2\n")
    assert after == before


def test_without_the_marker_a_file_in_an_old_form_gets_the_step_as_its_fix(tmp_path, capsys, monkeypatch):
    register(monkeypatch)
    root = copy_example(tmp_path)
    person = root / "people" / "aiko-mori.yaml"
    person.write_text(person.read_text().replace("timezone:", "time_zone:"))
    code, said = run(capsys, "validate", "--root", str(root))
    assert code == 1
    assert (
        "people/aiko-mori.yaml:5:1: unknown key 'time_zone' (data version 2 (cohortkit 0.1.0 and later): "
        "'time_zone' is now 'timezone'; cohortkit migrate --from 1 rewrites it)"
    ) in said.splitlines()
    cohort = root / "cohorts" / "2026-q2" / "cb-2026q2-deploy.yaml"
    cohort.write_text(cohort.read_text().replace("format: online", "format: remote"))
    said = run(capsys, "validate", "--root", str(root))[1]
    assert (
        "cohorts/2026-q2/cb-2026q2-deploy.yaml:28:9: format: 'remote' is not one of online, in-person, "
        "hybrid (data version 2 (cohortkit 0.1.0 and later): format: 'remote' is now 'online'; "
        "cohortkit migrate --from 1 rewrites it)"
    ) in said.splitlines()
    # Where no step would help, the schema's own advice stands.
    assert "people/aiko-mori.yaml:2:1: missing required key 'timezone' (add 'timezone:'" in said


def test_a_change_that_cannot_be_made_mechanically_is_refused_at_its_line(tmp_path, capsys, monkeypatch):
    register(monkeypatch)
    root = tmp_path / "old"
    root.mkdir()
    make_old_tree(root)
    person = root / "people" / "aiko-mori.yaml"
    person.write_text(person.read_text() + "timezone: Asia/Tokyo\n")
    before = snapshot(root)
    code, said = run(capsys, "migrate", "--root", str(root))
    assert code == 1
    assert (
        "people/aiko-mori.yaml:5:1: data version 2: 'time_zone' is now 'timezone', and cannot be moved: "
        "both 'time_zone' and 'timezone' are given (keep one of the two as 'timezone', then run "
        "cohortkit migrate again)"
    ) in said.splitlines()
    assert "nothing was written" in said
    assert snapshot(root) == before


def test_a_hostile_tree_is_refused_file_by_file_and_nothing_changes(tmp_path, capsys, monkeypatch):
    register(monkeypatch)
    root = tmp_path / "old"
    root.mkdir()
    make_old_tree(root)
    (root / "people" / "dup-keys.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/person.schema.json\n"
        "login: dup-keys\nname: A\nname: B\ntime_zone: UTC\n"
    )
    (root / "people" / "alias-bomb.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/person.schema.json\n"
        "login: &a alias-bomb\nname: *a\ntime_zone: UTC\n"
    )
    outside = tmp_path / "outside.yaml"
    outside.write_text("login: linked\ntime_zone: UTC\n")
    (root / "people" / "linked.yaml").symlink_to(outside)
    (root / "people" / "huge.yaml").write_text("time_zone: UTC\nbio: " + "x" * 300_000 + "\n")
    os.mkfifo(root / "people" / "pipe.yaml")  # opened, it would wait forever for a writer
    before = snapshot(root)
    code, said = run(capsys, "migrate", "--root", str(root))
    assert code == 1
    lines = said.splitlines()
    assert any(line.startswith("people/dup-keys.yaml:4:1: duplicate key 'name'") for line in lines), said
    assert any(
        line.startswith("people/alias-bomb.yaml:2:8: YAML anchors (&name) are not allowed") for line in lines
    ), said
    assert any(
        line.startswith("people/linked.yaml:1:1: data files must not be symbolic links") for line in lines
    )
    assert any(line.startswith("people/huge.yaml:1:1: file is larger than the 256 KiB") for line in lines)
    assert any(line.startswith("people/pipe.yaml:1:1: not a regular file (a named pipe") for line in lines)
    assert "Traceback" not in said and "nothing was written" in said
    assert snapshot(root) == before and outside.read_text() == "login: linked\ntime_zone: UTC\n"


def test_comments_quoting_order_and_line_ends_are_kept(tmp_path, capsys, monkeypatch):
    register(monkeypatch)
    root = tmp_path / "old"
    (root / "people").mkdir(parents=True)
    (root / "cohortkit.yml").write_text("data_version: 1\n")
    text = (
        "# yaml-language-server: $schema=../schemas/person.schema.json\r\n"
        "# Ana's profile\r\n"
        "login: ana-lima\r\n"
        "name: 'Ana Lima'  # as she writes it\r\n"
        "# where she lives\r\n"
        'time_zone: "America/Sao_Paulo"  # quoted\r\n'
        "languages: pt  # only one\r\n"
    )
    (root / "people" / "ana-lima.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert run(capsys, "migrate", "--root", str(root))[0] == 0
    expected = text.replace('time_zone: "America', 'timezone: "America').replace(
        # The comment stays on its key's line, at its column.
        "languages: pt  # only one\r\n",
        "languages:     # only one\r\n  - pt\r\n",
    )
    assert (root / "people" / "ana-lima.yaml").read_bytes() == b"\xef\xbb\xbf" + expected.encode()
    assert run(capsys, "validate", "--root", str(root))[0] == 0


def test_another_indentation_is_kept_where_the_editor_can_reproduce_it(tmp_path, capsys, monkeypatch):
    register(monkeypatch)
    root = tmp_path / "old"
    (root / "people").mkdir(parents=True)
    text = (
        "# yaml-language-server: $schema=../schemas/person.schema.json\n"
        "login: ana-lima\nname: Ana Lima\ntime_zone: UTC\nlanguages:\n- pt\n- en\n"
        "seeks:\n  roles:\n  - mentee\n"
    )
    (root / "people" / "ana-lima.yaml").write_text(text)
    code, said = run(capsys, "migrate", "--root", str(root), "--from", "1")
    assert code == 0 and "indentation" not in said
    assert (root / "people" / "ana-lima.yaml").read_text() == text.replace("time_zone", "timezone")


def test_a_step_can_move_a_key_into_a_mapping_keeping_its_comment():
    step = MoveKey("cohort", (), "meeting_time", "time", into=("meeting",))
    text = "id: c\nmeeting:\n  cadence: weekly\nmeeting_time: '17:00'  # local time\nformat: online\n"
    plan = plan_text("cohorts/t/c.yaml", "cohort", text, [versions.DataVersion(2, "0.2.0", "x", (step,))])
    assert plan.after == "id: c\nmeeting:\n  cadence: weekly\n  time: '17:00'  # local time\nformat: online\n"
    assert [(c.line, c.col, c.message) for c in plan.changes] == [
        (4, 1, "data version 2: 'meeting_time' is now 'meeting.time'")
    ]
    assert step.describe() == "moves cohort files' `meeting_time` to `meeting.time`"


def test_steps_do_nothing_to_data_already_in_the_new_form():
    document = {"timezone": "UTC", "languages": ["pt"], "mentors": [{"person": "a"}]}
    for step in FUTURE.versions[1].steps:
        assert step.apply(document) == []
    assert document == {"timezone": "UTC", "languages": ["pt"], "mentors": [{"person": "a"}]}


class _Treacherous:
    """A step that changes ruamel's nodes otherwise than PyYAML's reading: the read-back must catch it."""

    kind = "person"

    def describe(self) -> str:
        return "misbehaves"

    def apply(self, document):
        if "name" not in document:
            return []
        document["name"] = "someone else" if type(document) is not dict else document["name"]
        return [Edit(("name",), False, "the name changes")]


def test_a_rewrite_that_does_not_read_back_as_meant_is_never_written():
    text = "login: ana\nname: Ana\n"
    plan = plan_text(
        "people/ana.yaml", "person", text, [versions.DataVersion(2, "0.2.0", "x", (_Treacherous(),))]
    )
    assert plan.after is None
    assert [r.message for r in plan.refusals] == [
        "the rewrite would not read back as the same data, so it is not written"
    ]


def test_wrap_in_list_says_what_it_does():
    assert WrapInList("person", ("seeks",), "roles").describe() == (
        "makes person files' `seeks.roles` a list of the one value it held"
    )


# The marker


@pytest.mark.parametrize(
    ("marker", "said"),
    [
        (
            "data_version: one\n",
            "cohortkit.yml:1:15: data_version should be a whole number from 1, not 'one'",
        ),
        ("data_version: 1\ncolour: red\n", "cohortkit.yml:2:1: unknown key 'colour'"),
        ("data_version: 1\ndata_version: 2\n", "cohortkit.yml:2:1: duplicate key 'data_version'"),
        (
            "data_version: 7\n",
            "cohortkit.yml:1:15: the data is written for data version 7, newer than cohortkit",
        ),
    ],
)
def test_a_wrong_marker_is_named_at_its_line(tmp_path, capsys, marker, said):
    root = copy_example(tmp_path)
    (root / "cohortkit.yml").write_text(marker)
    code, output = run(capsys, "validate", "--root", str(root))
    assert code == 1 and said in output, output


def test_a_marker_that_is_a_link_is_refused_and_never_written_through(tmp_path, capsys, monkeypatch):
    register(monkeypatch)
    root = copy_example(tmp_path / "tree")
    target = tmp_path / "elsewhere.yml"
    target.write_text("data_version: 1\n")
    (root / "cohortkit.yml").symlink_to(target)
    assert (
        "cohortkit.yml:1:1: cohortkit.yml is a symbolic link"
        in run(capsys, "validate", "--root", str(root))[1]
    )
    code, said = run(capsys, "migrate", "--root", str(root), "--from", "1")
    assert code == 1 and "nothing was written" in said
    assert target.read_text() == "data_version: 1\n"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("--to", "9"), "data version 9 is not one this cohortkit knows (1 to 2)"),
        (("--from", "2", "--to", "1"), "migrate moves data forward only, not to 1"),
    ],
)
def test_versions_that_do_not_exist_or_go_back_are_refused_in_one_line(
    tmp_path, capsys, monkeypatch, argv, said
):
    register(monkeypatch)
    root = copy_example(tmp_path)
    code, output = run(capsys, "migrate", "--root", str(root), *argv)
    assert code == 2 and said in output and "Traceback" not in output


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("--from", "0"), "data version 0 is not one this cohortkit knows (1 to 1)"),
        (("--to", "0"), "data version 0 is not one this cohortkit knows (1 to 1)"),
        (("--from", "-1"), "data version -1 is not one this cohortkit knows (1 to 1)"),
        (("--to", "-3"), "data version -3 is not one this cohortkit knows (1 to 1)"),
        (("--from", "2"), "data version 2 is not one this cohortkit knows (1 to 1)"),
        (("--from", "x"), "--from takes a data version number such as 1, not 'x'"),
        (("--to", "1.5"), "--to takes a data version number such as 1, not '1.5'"),
    ],
)
@pytest.mark.parametrize("check", [(), ("--check",)])
def test_a_version_that_is_not_one_is_refused_in_one_plain_line(tmp_path, capsys, argv, said, check):
    root = copy_example(tmp_path)
    (root / "cohortkit.yml").write_text("data_version: 1\n")
    before = snapshot(root)
    assert run(capsys, "migrate", "--root", str(root), *check, *argv) == (2, f"cohortkit: {said}\n")
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("marker", "said"),
    [
        (
            'data_version: "1"\n',
            "cohortkit.yml:1:15: data_version should be a whole number from 1, not '1' (write the data "
            "version the files are written in (cohortkit migrate --from N sets it, once the files are in "
            "that version))",
        ),
        (
            "data_version: [\n",
            # Found at the end of the file, placed at the last thing written: the '[' left open.
            "cohortkit.yml:1:15: YAML syntax error at the end of the file: did not find expected node "
            "content (check the last lines for a quote, bracket or indentation left unfinished)",
        ),
    ],
)
@pytest.mark.parametrize("check", [(), ("--check",)])
def test_a_marker_that_does_not_say_the_version_is_named_once_at_its_line(
    tmp_path, capsys, marker, said, check
):
    root = copy_example(tmp_path)
    (root / "cohortkit.yml").write_text(marker)
    before = snapshot(root)
    assert run(capsys, "migrate", "--root", str(root), *check) == (1, f"{said}\n")
    assert snapshot(root) == before


def test_check_says_the_marker_would_change_and_writes_nothing(tmp_path, capsys, monkeypatch):
    register(monkeypatch)
    root = copy_example(tmp_path)
    before = snapshot(root)
    assert run(capsys, "migrate", "--root", str(root), "--check", "--from", "1") == (
        1,
        "cohortkit.yml: data_version would become 2\n"
        "by hand (data version 2): say in each cohort's description whether its online meetings are "
        "recorded\n"
        "0 files would change (data version 1 to 2); run cohortkit migrate\n",
    )
    assert snapshot(root) == before


def test_an_atomic_write_removes_a_planted_link_rather_than_writing_through_it(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    (tmp_path / ".data.yaml.tmp").symlink_to(victim)
    write_atomically(tmp_path / "data.yaml", b"new\n")
    assert victim.read_text() == "keep me" and (tmp_path / "data.yaml").read_bytes() == b"new\n"
    assert not os.path.lexists(tmp_path / ".data.yaml.tmp")


def test_a_file_without_a_final_line_break_is_not_called_restyled():
    plan = plan_text("people/ana.yaml", "person", "login: ana\ntime_zone: UTC", FUTURE.versions[1:])
    assert (plan.after, plan.restyled) == ("login: ana\ntimezone: UTC\n", False)


def test_validate_on_old_data_names_what_migrate_would_refuse_and_the_markers_own_mistakes(
    tmp_path, capsys, monkeypatch
):
    register(monkeypatch)
    root = tmp_path / "old"
    root.mkdir()
    make_old_tree(root)
    (root / "cohortkit.yml").write_text("data_version: 1\nextra: yes\n")
    person = root / "people" / "aiko-mori.yaml"
    person.write_text(person.read_text() + "timezone: Asia/Tokyo\n")
    lines = run(capsys, "validate", "--root", str(root))[1].splitlines()
    assert any(line.startswith("cohortkit.yml:2:1: unknown key 'extra'") for line in lines)
    assert any(
        line.startswith(
            "people/aiko-mori.yaml:5:1: data version 2: 'time_zone' is now 'timezone', and cannot"
        )
        for line in lines
    )
