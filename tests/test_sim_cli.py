"""The run, compare, sweep and staffing commands: output shapes, files and user errors."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from simulator.cli import main
from simulator.results import KPI_NAMES

ROOT = Path(__file__).resolve().parent.parent
SMALL = ["--days", "20", "-r", "2", "--seed", "3", "--workers", "1", "--no-progress"]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def strict_json(text: str):
    """JSON as a strict reader sees it: NaN or Infinity are errors, not numbers."""

    def refuse(name: str):
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


def validate(doc: dict, command: str) -> None:
    schema = json.loads(
        (ROOT / "docs" / "schemas" / f"{command}.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)


@pytest.fixture(scope="module")
def run_json():
    result = invoke("run", "kelas_bimtek", *SMALL, "--json")
    assert result.exit_code == 0, result.output
    return strict_json(result.stdout)


def test_run_json_matches_its_schema(run_json):
    validate(run_json, "run")
    assert run_json["scenario"] == "kelas_bimtek" and run_json["replications"] == 2
    assert run_json["days"] == 20 and run_json["policy"] == "verifier"
    assert set(KPI_NAMES) <= set(run_json["kpi"])


def test_kpis_without_cases_become_null():
    """The textbook desk has no verification stage: its verification SLA is null, never NaN."""
    result = invoke("run", "teori_mmc", "--days", "8", "-r", "2", "--workers", "1", "--json")
    assert result.exit_code == 0, result.output
    doc = strict_json(result.stdout)
    validate(doc, "run")
    assert doc["kpi"]["verification_sla_met"] == {
        "mean": None,
        "ci95_low": None,
        "ci95_high": None,
        "n": 0,
    }


def test_run_prints_a_table_with_intervals_by_default():
    result = invoke("run", "kelas_bimtek", *SMALL)
    assert result.exit_code == 0, result.output
    assert "mean [95% interval]" in result.stdout
    assert "followup_sla_met" in result.stdout and "VERIFIKASI" in result.stdout


def test_run_writes_csv_files_and_an_event_log(tmp_path):
    events = tmp_path / "events.csv"
    result = invoke(
        "run",
        "kelas_bimtek",
        *SMALL,
        "--csv",
        str(tmp_path / "out"),
        "--events",
        str(events),
        "--events-header",
        "pm4py",
    )
    assert result.exit_code == 0, result.output
    for name in ("kpi.csv", "opd.csv", "cases.csv", "daily.csv"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    with (tmp_path / "out" / "kpi.csv").open(encoding="utf-8") as f:
        kpis = {row["kpi"]: row for row in csv.DictReader(f)}
    assert set(KPI_NAMES) <= set(kpis)
    with (tmp_path / "out" / "daily.csv").open(encoding="utf-8") as f:
        daily = list(csv.DictReader(f))
    assert len(daily) >= 19 and {"day", "date", "masuk", "selesai", "backlog"} <= set(daily[0])
    with events.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["case:concept:name", "concept:name", "time:timestamp", "org:resource"]
    first = datetime.fromisoformat(rows[0]["time:timestamp"])
    assert first.utcoffset().total_seconds() == 7 * 3600  # WIB, local time with its offset
    with (tmp_path / "out" / "cases.csv").open(encoding="utf-8") as f:
        case_ids = {row["id"] for row in csv.DictReader(f)}
    assert {r["case:concept:name"] for r in rows} <= case_ids  # both are replication 0


def test_compare_json_matches_its_schema_and_a_null_change_differs_by_zero():
    result = invoke(
        "compare",
        "kelas_bimtek",
        *SMALL,
        "--json",
        "--variant",
        "sama:sop.verifiers=1",
        "--variant",
        "keyword:routing.policy=keyword",
    )
    assert result.exit_code == 0, result.output
    doc = strict_json(result.stdout)
    validate(doc, "compare")
    assert [v["name"] for v in doc["variants"]] == ["baseline", "sama", "keyword"]
    same = doc["variants"][1]["difference"]
    assert all(iv["mean"] in (0.0, None) for iv in same.values())
    assert doc["variants"][2]["policy"] == "keyword"


def test_compare_table_shows_paired_differences():
    result = invoke(
        "compare", "kelas_bimtek", *SMALL, "--variant", "perfect:routing.policy=perfect"
    )
    assert result.exit_code == 0, result.output
    assert "Paired differences" in result.stdout and "perfect − baseline" in result.stdout


def test_compare_takes_a_variant_file_that_extends_the_base(tmp_path):
    variant = tmp_path / "dua_verifikator.yaml"
    variant.write_text("extends: kelas_bimtek\nsop:\n  verifiers: 2\n", encoding="utf-8")
    result = invoke("compare", "kelas_bimtek", *SMALL, "--json", "--variant", str(variant))
    assert result.exit_code == 0, result.output
    assert strict_json(result.stdout)["variants"][1]["name"] == "dua_verifikator"


def test_sweep_json_matches_its_schema():
    result = invoke(
        "sweep",
        "kelas_bimtek",
        "--days",
        "10",
        "-r",
        "2",
        "--workers",
        "1",
        "--json",
        "--grid",
        "sop.verifiers=1,2",
        "--grid",
        "opds.DLH.officers=1,2",
    )
    assert result.exit_code == 0, result.output
    doc = strict_json(result.stdout)
    validate(doc, "sweep")
    assert len(doc["points"]) == 4 and doc["grid"] == {
        "sop.verifiers": [1, 2],
        "opds.DLH.officers": [1, 2],
    }


def test_staffing_json_matches_its_schema():
    result = invoke(
        "staffing",
        "kelas_bimtek",
        *SMALL,
        "--json",
        "--target",
        "followup_sla_met=0.6",
        "--criterion",
        "mean",
        "--max-iterations",
        "8",
    )
    assert result.exit_code == 0, result.output
    doc = strict_json(result.stdout)
    validate(doc, "staffing")
    assert doc["target"] == {
        "kpi": "followup_sla_met",
        "value": 0.6,
        "direction": ">=",
        "criterion": "mean",
    }
    assert doc["iterations"] <= 8


def test_staffing_table_names_guess_and_answer():
    result = invoke(
        "staffing",
        "kelas_bimtek",
        *SMALL,
        "--target",
        "followup_sla_met=0.6",
        "--criterion",
        "mean",
        "--max-iterations",
        "4",
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Erlang C" in out and "Verification run" in out
    assert "answer" in out or "last tried" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "kabupaten_entah"], "no scenario file or built-in"),
        (["run", "kelas_bimtek", "--set", "sop.verifiers"], "PATH=VALUE"),
        (["run", "kelas_bimtek", "--set", "sop.verifiers=banyak"], "sop.verifiers"),
        (["run", "kelas_bimtek", "--policy", "dukun"], "dukun"),
        (["run", "kelas_bimtek", "--replications", "0"], "replications"),
        (["compare", "kelas_bimtek", "--variant", "x:"], "empty variant"),
        (["compare", "kelas_bimtek", "--variant", "x:routing.policy=dukun"], "dukun"),
        (["compare", "kabupaten_entah", "--variant", "x:sop.verifiers=2"], "no scenario file"),
        (["sweep", "kelas_bimtek", "--grid", "sop.verifiers"], "PATH=V1,V2"),
        (["sweep", "kelas_bimtek", "--grid", "sop.verifiers=1,-1"], "sop.verifiers"),
        (["staffing", "kelas_bimtek", "--target", "misroute_rate=0.1"], "KPI=VALUE"),
        (["staffing", "kelas_bimtek", "--target", "followup_sla_met=tinggi"], "number"),
        (["staffing", "kelas_bimtek", "-r", "1"], "at least 2 replications"),
    ],
)
def test_user_errors_exit_2_with_a_message_and_no_traceback(args, message):
    result = invoke(*args, "--workers", "1")
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_every_command_has_an_example_in_its_help():
    for name, command in main.commands.items():
        assert f"Example: python -m simulator {name}" in command.help, name


def test_the_commands_run_from_any_folder_on_a_downloaded_variant_file(tmp_path):
    """`make` installs the project into its venv, so a planner's downloaded variant file runs
    where it was saved — no PYTHONPATH, no need to stand in the repository."""
    import subprocess
    import sys

    variant = tmp_path / "unduhan" / "kelas-plus-1-verifikator.yaml"
    variant.parent.mkdir()
    variant.write_text("extends: kelas_bimtek\nsop:\n  verifiers: 2\n", encoding="utf-8")
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "simulator", "run", variant.name, *SMALL, "--json"],
        cwd=variant.parent,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["scenario"] == "kelas_bimtek"
