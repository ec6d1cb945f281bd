"""A planner result as files: CSV and JSON, and each variant as a scenario YAML that the command
line runs to the very numbers the page showed."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sandbox.planner import Variant, result_csv, result_json, variant_filename, variant_yaml
from simulator.results import KPI_NAMES
from tests.planner_helpers import finished_job, small_spec, small_staffing_spec

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    return finished_job(tmp_path_factory.mktemp("export"))


def test_the_csv_has_a_row_per_variant_and_kpi_then_per_desk_figure(job):
    rows = list(csv.DictReader(io.StringIO(result_csv(job.result))))
    kpi = [r for r in rows if r["section"] == "kpi"]
    # a leading + could start a formula in a spreadsheet: such a name is written with a quote
    assert [(r["variant"], r["figure"]) for r in kpi] == [
        (v, k) for v in ("SOP sekarang", "'+1 verifikator") for k in KPI_NAMES
    ]
    baseline, variant = kpi[2], kpi[len(KPI_NAMES) + 2]
    assert baseline["figure"] == variant["figure"] == "followup_sla_met"
    assert baseline["difference"] == ""  # the baseline is not compared with itself
    diff = job.result["variants"][1]["difference"]["followup_sla_met"]
    assert float(variant["difference"]) == pytest.approx(diff["mean"])
    assert float(variant["mean"]) == pytest.approx(
        job.result["variants"][1]["kpi"]["followup_sla_met"]["mean"]
    )
    opd = [r for r in rows if r["section"] == "opd"]
    assert {r["desk"] for r in opd} >= {"PUPR", "VERIFIKASI"}
    assert {"utilization", "followup_sla_met"} <= {r["figure"] for r in opd}
    assert len(rows) == len(kpi) + len(opd)


def test_names_that_a_spreadsheet_would_run_as_formulas_are_quoted(job):
    evil = json.loads(result_json(job.result))
    evil["variants"][1]["name"] = '=HYPERLINK("http://x")'
    rows = list(csv.DictReader(io.StringIO(result_csv(evil))))
    assert {r["variant"] for r in rows} == {"SOP sekarang", '\'=HYPERLINK("http://x")'}


def test_the_json_is_strict_json_with_nulls_for_unknown_values(job):
    result = dict(job.result)
    result["variants"] = [dict(v) for v in result["variants"]]
    result["variants"][0]["kpi"] = {**result["variants"][0]["kpi"], "arrivals": {"mean": math.nan}}
    text = result_json(result)
    doc = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert doc["variants"][0]["kpi"]["arrivals"]["mean"] is None
    assert doc["variants"][1]["name"] == "+1 verifikator"


def _cli_run(file: Path, spec, cwd: Path) -> dict:
    days = ["--days", str(spec.days)] if spec.days else []
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "run",
            str(file),
            "--replications",
            str(spec.replications),
            "--seed",
            str(spec.seed),
            *days,
            "--workers",
            "1",
            "--no-progress",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    return json.loads(out.stdout)


def _assert_same_kpis(cli: dict, variant: dict) -> None:
    for name in KPI_NAMES:
        assert cli["kpi"][name]["mean"] == variant["kpi"][name]["mean"], name
        assert cli["kpi"][name]["ci95_low"] == variant["kpi"][name]["ci95_low"], name


def test_a_variant_of_a_built_in_runs_from_the_command_line_to_the_same_numbers(job, tmp_path):
    text = variant_yaml(job.spec, "+1 verifikator")
    assert yaml.safe_load(text) == {"extends": "kelas_bimtek", "sop": {"verifiers": 2}}
    command = "python -m simulator run kelas-bimtek-plus-1-verifikator.yaml --replications 2 --seed 7 --days 10 --json"
    assert f"#   {command}" in text.splitlines()
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    file = elsewhere / variant_filename(job.spec, "+1 verifikator")
    file.write_text(text, encoding="utf-8")
    cli = _cli_run(file, job.spec, cwd=tmp_path)  # not the repository, not the file's folder
    assert cli["policy"] == job.result["variants"][1]["policy"]
    _assert_same_kpis(cli, job.result["variants"][1])


def test_a_variant_of_an_uploaded_scenario_is_self_contained_and_reproduces_too(tmp_path):
    upload = tmp_path / "instance" / "scenarios" / "5c1d.yaml"
    upload.parent.mkdir(parents=True)
    upload.write_text(
        "extends: kelas_bimtek\nscenario: {name: kami, title: Kabupaten Kami}\n"
        "opds:\n  PUPR: {officers: 2}\n",
        encoding="utf-8",
    )
    spec = small_spec(
        scenario_ref=str(upload),
        scenario_label="kabupaten-kami.yaml",
        variants=(
            Variant("sekarang", {}),
            Variant("kata kunci", {"routing.policy": "keyword", "opds.DLH.officers": 2}),
        ),
    )
    job = finished_job(tmp_path / "db", spec)
    assert job.status == "done", job.message
    text = variant_yaml(spec, "kata kunci")
    raw = yaml.safe_load(text)
    assert "extends" not in raw and raw["opds"]["PUPR"]["officers"] == 2
    assert raw["opds"]["DLH"]["officers"] == 2 and raw["routing"]["policy"] == "keyword"
    assert str(tmp_path) not in text  # no server path in the file a planner downloads
    file = tmp_path / "unduhan" / variant_filename(spec, "kata kunci")
    file.parent.mkdir()
    file.write_text(text, encoding="utf-8")
    upload.unlink()  # the downloaded file stands on its own
    _assert_same_kpis(_cli_run(file, spec, cwd=tmp_path), job.result["variants"][1])


def test_the_command_names_the_file_as_it_is_downloaded(job):
    text = variant_yaml(job.spec, "SOP sekarang", filename="simulasi-1-varian-1.yaml")
    assert "python -m simulator run simulasi-1-varian-1.yaml --replications 2" in text
    assert yaml.safe_load(text) == {"extends": "kelas_bimtek"}


def test_a_staffing_variant_reproduces_the_search_from_the_command_line(tmp_path):
    spec = small_staffing_spec()
    job = finished_job(tmp_path, spec)
    assert job.status == "done", job.message
    file = tmp_path / variant_filename(spec, "dua verifikator")
    file.write_text(variant_yaml(spec, "dua verifikator"), encoding="utf-8")
    command = next(line for line in file.read_text().splitlines() if "python -m" in line)
    args = command.split("python -m ", 1)[1].split()
    assert args[:3] == ["simulator", "staffing", file.name]
    out = subprocess.run(
        [sys.executable, "-m", *args, "--workers", "1", "--no-progress"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    cli = json.loads(out.stdout)
    assert {c: d["officers"] for c, d in cli["desks"].items()} == {
        c: d["officers"] for c, d in job.result["desks"].items()
    }
    assert cli["kpi"]["followup_sla_met"] == job.result["kpi"]["followup_sla_met"]


def test_an_unknown_variant_has_no_yaml(job):
    with pytest.raises(KeyError):
        variant_yaml(job.spec, "tidak ada")
