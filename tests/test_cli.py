from __future__ import annotations

import pytest
from cohortkit import cli


def test_an_internal_error_is_one_line_not_a_traceback(monkeypatch, capsys, tmp_path):
    def broken(_args):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli.validate, "run", broken)
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
