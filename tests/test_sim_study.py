"""The study command: many scenarios × variants as one job, one table, a ranking; clear errors."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from scenarios import ScenarioError, load_scenario
from simulator.budget import TooLarge
from simulator.cli import main
from simulator.experiment import compare
from simulator.results import KPI_NAMES
from simulator.study import TABLE_COLUMNS, load_study, ranking, run_study

ROOT = Path(__file__).resolve().parent.parent
DAYS = 20

GENERATED = f"""
title: Uji kecil
scenarios:
  extends: kelas_bimtek
  table:
    - {{name: kab_a, load.reports_per_year: 300}}
    - {{name: kab_b, load.reports_per_year: 500, sop.verifiers: 2}}
variants:
  sekarang: {{}}
  tiga verifikator: {{sop.verifiers: 3}}
  keyword: routing.policy=keyword
replications: 3
seed: 4
days: {DAYS}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_study(path)
    return [str(p) for p in caught.value.problems]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = write(tmp_path_factory.mktemp("study"), "kecil.yaml", GENERATED)
    return path, run_study(load_study(path), workers=1)


def test_each_row_of_a_generated_study_equals_a_separate_compare(generated):
    """Is a study just many comparisons, with the very same numbers?"""
    _, result = generated
    assert [s["name"] for s in result["scenarios"]] == ["kab_a", "kab_b"]
    rows = {
        "kab_a": {"load.reports_per_year": 300},
        "kab_b": {"load.reports_per_year": 500, "sop.verifiers": 2},
    }
    for entry in result["scenarios"]:
        row = rows[entry["name"]]
        alone = compare(
            load_scenario("kelas_bimtek", row),
            {
                "tiga verifikator": load_scenario("kelas_bimtek", {**row, "sop.verifiers": 3}),
                "keyword": load_scenario("kelas_bimtek", {**row, "routing.policy": "keyword"}),
            },
            3,
            4,
            baseline_name="sekarang",
            days=DAYS,
            workers=1,
        )
        for mine, theirs in zip(entry["variants"], alone["variants"], strict=True):
            assert mine["name"] == theirs["name"]
            assert json.dumps(mine["kpi"]) == json.dumps(theirs["kpi"])  # NaN == NaN here
            assert json.dumps(mine["difference"]) == json.dumps(theirs["difference"])


def test_a_folder_study_runs_every_scenario_file_in_it(tmp_path):
    kab = tmp_path / "kabupaten"
    kab.mkdir()
    write(kab, "kab_x.yaml", "extends: kelas_bimtek\nload:\n  reports_per_year: 200\n")
    write(kab, "kab_y.yaml", "extends: kelas_bimtek\nsop:\n  verifiers: 2\n")
    study = write(
        tmp_path,
        "folder.yaml",
        f"scenarios: {{folder: kabupaten}}\nvariants: {{a: {{}}, b: {{sop.verifiers: 3}}}}\n"
        f"replications: 2\ndays: {DAYS}\n",
    )
    result = run_study(load_study(study), workers=1)
    assert [s["name"] for s in result["scenarios"]] == ["kab_x", "kab_y"]
    assert all(len(s["variants"]) == 2 for s in result["scenarios"])


def test_the_table_of_a_study_can_be_a_csv_file(tmp_path):
    write(
        tmp_path,
        "loads.csv",
        "name,load.reports_per_year,sop.verifiers\nkab_p,250,1\nkab_q,400,2\n",
    )
    path = write(
        tmp_path,
        "csv.yaml",
        GENERATED.replace(
            "  table:\n    - {name: kab_a, load.reports_per_year: 300}\n"
            "    - {name: kab_b, load.reports_per_year: 500, sop.verifiers: 2}\n",
            "  table: loads.csv\n",
        ),
    )
    study = load_study(path)
    assert [(s.name, s.overrides) for s in study.scenarios] == [
        ("kab_p", {"load.reports_per_year": 250, "sop.verifiers": 1}),
        ("kab_q", {"load.reports_per_year": 400, "sop.verifiers": 2}),
    ]


def test_the_command_prints_one_table_and_a_ranking_and_writes_the_csv(generated, tmp_path):
    path, result = generated
    out = tmp_path / "tabel.csv"
    run = CliRunner().invoke(main, ["study", str(path), "--workers", "1", "--csv", str(out)])
    assert run.exit_code == 0, run.output
    assert "Ranking by followup_sla_met" in run.output and "kab_b" in run.output
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == TABLE_COLUMNS
    assert len(rows) == 2 * 3 * len(KPI_NAMES)
    first = result["scenarios"][0]["variants"][1]["kpi"]["followup_sla_met"]["mean"]
    mine = next(
        r for r in rows if r["variant"] == "tiga verifikator" and r["kpi"] == "followup_sla_met"
    )
    assert math.isclose(float(mine["mean"]), first)


def test_the_json_output_follows_its_schema(generated):
    path, _ = generated
    run = CliRunner().invoke(main, ["study", str(path), "--workers", "1", "--json"])
    assert run.exit_code == 0, run.output
    schema = json.loads(
        (ROOT / "docs" / "schemas" / "study.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(run.stdout), schema, cls=jsonschema.Draft202012Validator)


def test_the_ranking_puts_the_better_variant_first_for_either_direction():
    def entry(name, mean, diff):
        iv = {"mean": mean, "ci95_low": mean, "ci95_high": mean, "n": 3}
        d = None if diff is None else {"followup_sla_met": diff, "backlog_end": diff}
        return {"name": name, "kpi": {"followup_sla_met": iv, "backlog_end": iv}, "difference": d}

    real_gain = {"mean": 0.1, "ci95_low": 0.05, "ci95_high": 0.15}
    real_loss = {"mean": -0.1, "ci95_low": -0.15, "ci95_high": -0.05}
    scenarios = [
        {
            "variants": [
                entry("base", 0.7, None),
                entry("up", 0.8, real_gain),
                entry("down", 0.6, real_loss),
            ]
        }
    ]
    variants = [{"name": n} for n in ("base", "up", "down")]
    higher = ranking({"rank_by": "followup_sla_met", "variants": variants, "scenarios": scenarios})
    assert [e["variant"] for e in higher] == ["up", "base", "down"]
    assert (higher[0]["better_in"], higher[0]["worse_in"]) == (1, 0)
    lower = ranking({"rank_by": "backlog_end", "variants": variants, "scenarios": scenarios})
    assert [e["variant"] for e in lower] == ["down", "base", "up"]  # a smaller backlog is better
    assert (lower[0]["better_in"], lower[-1]["worse_in"]) == (1, 1)


# ------------------------------------------------------------------------------ mistakes
def test_a_typo_names_the_file_the_field_its_line_and_what_was_expected(tmp_path):
    path = write(tmp_path, "salah.yaml", GENERATED.replace("replications: 3", "replicatons: 3"))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:12: replicatons: unknown field; expected one of")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("rank_by: x", "rank_by: followup"), "rank_by: expected one of verification_sla_met"),
        (("seed: 4", "seed: empat"), "seed: expected a whole number ≥ 0, found 'empat'"),
        (
            ("  sekarang: {}", "  sekarang: [1, 2]"),
            "variants.sekarang: expected a mapping of PATH: VALUE",
        ),
        (
            ("  extends: kelas_bimtek", "  extends: tidak_ada"),
            "scenarios.extends: expected a built-in",
        ),
        (("{name: kab_a, ", "{"), "scenarios.table[0]: every row needs a name of its own"),
        (("keyword: routing.policy=keyword", "keyword: routing.policy"), "no scenario file"),
    ],
)
def test_each_mistake_in_a_study_file_is_named(tmp_path, change, expected):
    old, new = change
    text = GENERATED + "rank_by: x\n" if old == "rank_by: x" else GENERATED
    path = write(tmp_path, "salah.yaml", text.replace(old, new))
    try:
        study = load_study(path)
        run_study(study, workers=1)
    except ScenarioError as exc:
        found = "\n".join(str(p) for p in exc.problems)
    else:
        pytest.fail("no problem found")
    assert expected in found and str(path) in found


def test_a_changed_field_that_does_not_exist_names_scenario_variant_and_field(tmp_path):
    path = write(
        tmp_path, "salah.yaml", GENERATED.replace("{sop.verifiers: 3}", "{sop.verifierz: 3}")
    )
    with pytest.raises(ScenarioError) as caught:
        run_study(load_study(path), workers=1)
    assert any("kab_a / tiga verifikator: sop.verifierz" in str(p) for p in caught.value.problems)


def test_the_command_says_what_is_wrong_and_exits_2_without_traceback(tmp_path):
    path = write(tmp_path, "salah.yaml", GENERATED.replace("replications: 3", "replications: 0"))
    run = CliRunner().invoke(main, ["study", str(path)])
    assert run.exit_code == 2 and "replications: expected a whole number ≥ 1" in run.output
    assert "Traceback" not in run.output


def test_a_study_too_large_for_the_laptop_is_refused_before_it_runs(tmp_path):
    path = write(
        tmp_path,
        "besar.yaml",
        GENERATED.replace("load.reports_per_year: 500", "load.reports_per_year: 90000000"),
    )
    with pytest.raises(TooLarge, match="too large"):
        run_study(load_study(path), workers=1)
    run = CliRunner().invoke(main, ["study", str(path)])
    assert run.exit_code == 2 and "too large" in run.output
