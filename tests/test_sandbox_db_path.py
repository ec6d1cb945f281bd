"""One database variable: the trainer and `python -m sandbox` open the file `sandbox.db.db_path` names."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import sandbox.db
from sandbox.cli import main
from sandbox.db import db_path

OLD, NEW = "LAPOR_SANDBOX_DB", "SANDBOX_DB"


@pytest.fixture
def env(monkeypatch):
    """A clean environment, and a process that has not yet been told about the old name."""
    monkeypatch.delenv(OLD, raising=False)
    monkeypatch.delenv(NEW, raising=False)
    monkeypatch.setattr(sandbox.db, "_told", set())
    return monkeypatch


def test_sandbox_db_names_the_file_without_a_word(env, tmp_path, capsys):
    env.setenv(NEW, str(tmp_path / "a.sqlite"))
    assert db_path() == tmp_path / "a.sqlite"
    assert capsys.readouterr().err == ""


def test_without_a_variable_the_default_is_used(env, tmp_path):
    assert db_path() == Path("instance") / "sandbox.sqlite"
    assert db_path(default=tmp_path / "d.sqlite") == tmp_path / "d.sqlite"


def test_the_old_name_still_works_and_says_once_that_it_is_deprecated(env, tmp_path, capsys):
    env.setenv(OLD, str(tmp_path / "old.sqlite"))
    assert db_path() == tmp_path / "old.sqlite"
    assert db_path() == tmp_path / "old.sqlite"
    err = capsys.readouterr().err
    assert err.count("LAPOR_SANDBOX_DB is deprecated, set SANDBOX_DB instead") == 1


def test_when_both_are_set_sandbox_db_wins_and_the_message_says_so(env, tmp_path, capsys):
    env.setenv(OLD, str(tmp_path / "old.sqlite"))
    env.setenv(NEW, str(tmp_path / "new.sqlite"))
    assert db_path() == tmp_path / "new.sqlite"
    assert "LAPOR_SANDBOX_DB is ignored: SANDBOX_DB is set" in capsys.readouterr().err


def test_an_explicit_file_beats_both_variables(env, tmp_path, capsys):
    env.setenv(OLD, str(tmp_path / "old.sqlite"))
    env.setenv(NEW, str(tmp_path / "new.sqlite"))
    assert db_path(tmp_path / "mine.sqlite") == tmp_path / "mine.sqlite"
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("name", [NEW, OLD])
def test_cli_and_trainer_open_the_same_file(env, tmp_path, name):
    """Can a facilitator's `python -m sandbox` see the workshops the trainer serves?"""
    import web

    file = tmp_path / "shared.sqlite"
    env.setenv(name, str(file))
    app = web.create_app({"INSTANCE_PATH": str(tmp_path / "instance")})
    result = CliRunner().invoke(
        main, ["facilitator", "budi"], env={"LAPOR_PASSWORD": "sandi-yang-panjang"}
    )
    assert result.exit_code == 0, result.output
    assert app.config["SANDBOX_DB"] == str(file)
    assert file.exists() and not (tmp_path / "instance" / "sandbox.sqlite").exists()
