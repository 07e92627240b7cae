from __future__ import annotations

import pytest
from cohortkit import cli
from cohortkit.commands import validate as validate_command


def test_an_internal_error_is_one_line_not_a_traceback(monkeypatch, capsys, tmp_path):
    def broken(_args):
        raise RuntimeError("boom")

    monkeypatch.setattr(validate_command, "run", broken)
    monkeypatch.delenv("COHORTKIT_DEBUG", raising=False)
    assert cli.main(["validate", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError: boom)" in err and "Traceback" not in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["validate", "--format", "xml"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_version(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert capsys.readouterr().out.startswith("cohortkit ")


def test_a_command_loads_only_its_own_module():
    """Starting is cheap: cairo (certificates), networkx (matching) and PyGithub stay unloaded."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom cohortkit import cli\ntry:\n    cli.main(['validate', '--help'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('cairocffi', 'networkx', 'github', 'cohortkit.commands.match') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_every_command_is_listed_and_loads(capsys):
    parser = cli.build_parser()  # all of them, as the documentation and completion see them
    choices = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(choices) == {name for name, *_ in cli.COMMANDS}
    for name in choices:
        with pytest.raises(SystemExit) as stop:
            cli.main([name, "--help"])
        assert stop.value.code == 0
        assert f"usage: cohortkit {name}" in capsys.readouterr().out
