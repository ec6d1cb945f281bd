"""The sandbox command line: a thin layer over the API, clear user errors, documented commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sandbox.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run(tmp_path):
    env = {
        "SANDBOX_DB": str(tmp_path / "cli.sqlite"),
        "LAPOR_PASSWORD": "sandi-fasilitator",
        "LAPOR_FACILITATOR": "budi",
    }

    def invoke(*args: str, ok: bool = True):
        result = CliRunner().invoke(main, list(args), env=env)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


@pytest.fixture
def code(run):
    run("facilitator", "budi")
    out = run(
        "create", "kelas_bimtek", "--seed", "3", "--start", "2025-06-05", "--mode", "assessment"
    ).output
    return re.search(r"kode (\w{6})", out).group(1)


def test_create_start_advance_status_and_leaderboard(run, code):
    assert code in run("list").output
    assert "belum_mulai" in run("status", code).output
    assert "start" in run("start", code).output
    out = run("advance", code, "--to", "2025-06-10 09:00").output
    assert "Tue 10 Jun 2025 09:00 WIB" in out and "kasus masuk" in out
    status = run("status", code).output
    assert "15/48 masuk" in status and "bot: verifikator, PUPR" in status
    # an assessment: participants see no standings before the reveal
    assert run("leaderboard", code).output.startswith("Mode penilaian: peringkat tampil setelah")
    assert "jeda" not in run("pause", code).output


def test_export_writes_csv_with_a_bom_and_json(run, code, tmp_path):
    run("start", code)
    run("advance", code, "--hours", "12")
    out = tmp_path / "kasus.csv"
    assert "baris" in run("export", code, "--table", "cases", "--out", str(out)).output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert '"answer_keys"' in run("export", code, "--format", "json").output


def test_debrief_reset_and_clone(run, code):
    run("start", code)
    run("advance", code, "--hours", "3")
    assert '"confusion"' in run("debrief", code, "--no-counterfactual").output
    assert "putaran 2" in run("reset", code).output
    new = re.search(r"kode (\w{6})", run("clone", code).output).group(1)
    assert new != code


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "NOPE00"), "Kode latihan 'NOPE00' tidak dikenal"),
        (("create", "no_such_scenario", "--seed", "1"), "tidak ditemukan"),
        (("create", "kelas_bimtek", "--mode", "ujian"), "Invalid value"),
        (("start", "{code}", "--password", "salah-sandi"), "kata sandi salah"),
        (("pause", "{code}"), "tidak sedang berjalan"),
        (("advance", "{code}", "--hours", "2"), "Mulai latihan dulu"),
    ],
)
def test_user_errors_exit_non_zero_without_a_traceback(run, code, args, message):
    result = run(*(a.format(code=code) for a in args), ok=False)
    assert result.exit_code != 0
    assert message in result.output
    assert (
        "Traceback" not in result.output
        and result.exception is None
        or isinstance(result.exception, SystemExit)
    )


def test_every_command_has_an_example_and_is_documented():
    docs = (ROOT / "docs" / "sandbox.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert "Example: python -m sandbox" in (command.help or ""), name
        assert f"python -m sandbox {name}" in docs, f"'python -m sandbox {name}' is not documented"
