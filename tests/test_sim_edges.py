"""The simulator at its edges: no warm-up with no coordination, a desk past its capacity, cases
whose routing is not settled by the end, a warm-up longer than the run."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from click.testing import CliRunner

from sandbox import planner as pl
from scenarios import load_scenario
from simulator.cli import main as simulator_cli
from simulator.erlang import mean_wait
from simulator.experiment import replicate, run_replication, summarise
from simulator.model import RunWindowError, Simulation
from simulator.results import case_records, growing_queue, kpis, misrouted, opd_kpis, self_checks
from tests.planner_helpers import planner_db, small_spec
from web.testing import db_of, text


def mmc(officers: int = 10, per_hour: float = 9.0, **more):
    """The textbook desk (μ = 1/h, 24/7) with λ per hour and c officers, no warm-up."""
    return load_scenario(
        "teori_mmc",
        {
            "opds.LOKET.officers": officers,
            "load.reports_per_year": per_hour * 8760,
            "simulation.warmup_days": 0,
            **more,
        },
    )


# -- 10. a follow-on job is not a second visit ------------------------------------------------------
def test_with_no_warm_up_and_no_coordination_a_desk_waits_as_erlang_c_says():
    """Do jobs an officer takes straight on count as visits queued at time 0? (They did: 361 h.)"""
    runs = replicate(mmc(officers=3, per_hour=2.0), 6, 1, days=30, workers=1)
    loket = summarise(runs)["opd"]["LOKET"]
    theory = mean_wait(2.0, 1.0, 3)  # 0.444 h
    wait = loket["wait_hours"]
    assert wait["ci95_low"] <= theory <= wait["ci95_high"] and wait["mean"] < 1.0
    assert loket["handling_hours"]["mean"] == pytest.approx(1.0, rel=0.05)  # one service, whole
    sim = run_replication(mmc(officers=3, per_hour=2.0), 1, days=5)
    visits = sim.visits["LOKET"][0]  # one visit per case (a few still wait at the end)
    assert visits <= opd_kpis(sim)["LOKET"]["arrivals"] <= visits * 1.05


# -- 11. the overload warning comes from offered load -------------------------------------------------
def overload_warnings(result) -> list[str]:
    return [w for w in result["warnings"] if "offered load" in w or "keeps growing" in w]


def test_a_desk_past_its_capacity_is_warned_of_in_every_replication():
    """At ρ = 1.2 realised utilisation hovers at 0.999–1.0005 and warned 3 times in 10."""
    result = summarise(replicate(mmc(officers=10, per_hour=12.0), 10, 1, days=10, workers=1))
    (warning,) = overload_warnings(result)
    assert warning.startswith("LOKET: offered load 120% of capacity")
    assert warning.endswith("[in 10 of 10 replications]")


def test_a_desk_within_its_capacity_is_not_warned_of():
    result = summarise(replicate(mmc(officers=12, per_hour=9.0), 10, 1, days=10, workers=1))
    assert overload_warnings(result) == []


def test_a_queue_that_keeps_growing_is_told_apart_from_noise_and_a_start_from_empty():
    assert growing_queue([0, 2, 4, 6, 8, 10, 12, 14, 16]) == pytest.approx((2.0, 8.0, 14.0))
    assert growing_queue([5, 9, 4, 8, 6, 10, 5, 7, 9]) is None  # a busy but steady desk
    assert growing_queue([0, 6, 9, 10, 9, 11, 10, 9, 11]) is None  # filling up, then steady
    assert growing_queue([1, 2, 3, 4, 5]) is None  # too few days to tell


def test_the_cli_and_its_json_carry_the_warning(tmp_path):
    args = ["run", "teori_mmc", "-r", "2", "--days", "5", "--workers", "1"]
    args += ["--set", "load.reports_per_year=105120", "--set", "simulation.warmup_days=0"]
    plain = CliRunner().invoke(simulator_cli, args)
    assert plain.exit_code == 0, plain.output
    assert "LOKET: offered load 120% of capacity" in plain.output
    as_json = json.loads(CliRunner().invoke(simulator_cli, [*args, "--json"]).output)
    assert any(w.startswith("LOKET: offered load 120%") for w in as_json["warnings"])


def test_the_planner_page_shows_the_warning(app, fasil, tmp_path):
    """kelas_bimtek's DLH (one officer at 30% for ~160 reports a year) is offered 108%."""
    db = db_of(app)
    fid = db.execute("SELECT id FROM facilitators WHERE name = 'fasilitator'").fetchone()[0]
    job_id = pl.submit(db, fid, small_spec(days=20), "beban")
    db.close()
    pl.run_job(app.config["SANDBOX_DB"], job_id)
    page = text(fasil.get(f"/perencana/tugas/{job_id}"))
    assert re.search(r"DLH: offered load 1\d\d% of capacity", page), page[:2000]


# -- 12. misroutes counted once known; a warm-up longer than the run -----------------------------------
def test_a_disposition_still_waiting_for_triage_is_neither_right_nor_wrong():
    assert misrouted(0, "terdisposisi") is None
    assert misrouted(1, "terdisposisi") is True  # came back once, sent on again
    assert misrouted(0, "diproses") is False and misrouted(0, "diteruskan") is False
    sim = run_replication(load_scenario("kelas_bimtek"), 1, days=10)
    records = [r for r in case_records(sim) if r.in_window]
    routed = [r for r in records if r.first_disposed_at is not None]
    assert routed
    settled = [dataclasses.replace(r, final_state="diproses", hops=0) for r in routed]
    waiting = [dataclasses.replace(r, final_state="terdisposisi", hops=0) for r in routed]
    wrong = dataclasses.replace(routed[0], final_state="diproses", hops=1)
    assert kpis([wrong, *settled[1:]])["misroute_rate"] == pytest.approx(1 / len(routed))
    # cases still waiting at the OPD's door do not dilute the rate (they did: +0.25 pp)
    assert kpis([wrong, *settled[1:], *waiting])["misroute_rate"] == pytest.approx(1 / len(routed))


def test_a_warm_up_longer_than_the_run_is_an_error_not_a_silent_cut():
    sanggau = load_scenario("sanggau")  # warm-up 30 days
    with pytest.raises(
        RunWindowError, match=r"warm-up \(30 days.*shorter than the run \(20 days\)"
    ):
        Simulation(sanggau, 1, days=20)
    with pytest.raises(RunWindowError):
        Simulation(sanggau, 1, days=30)
    result = CliRunner().invoke(simulator_cli, ["run", "sanggau", "--days", "20", "-r", "2"])
    assert result.exit_code == 2 and "must be shorter than the run (20 days)" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_planner_refuses_a_run_shorter_than_the_warm_up(app, fasil, tmp_path):
    path, db, fid = planner_db(tmp_path)
    spec = small_spec(scenario_ref="sanggau", scenario_label="Sanggau", days=20)
    problems = pl.check_spec(spec)
    assert [p.path for p in problems] == ["days"] and "pemanasan (30 hari)" in problems[0].message
    db.close()
    r = fasil.post(
        "/perencana/baru?skenario=sanggau",
        data={"kind": "compare", "replications": "2", "seed": "1", "days": "20", "target": "90"},
    )
    assert r.status_code == 422
    assert "lebih dari masa pemanasan skenario (30 hari)" in text(r)


def test_self_checks_no_longer_read_realised_utilisation():
    """A desk busy at 95% but able to keep up is no overload."""
    sim = run_replication(mmc(officers=10, per_hour=9.5), 2, days=10)
    assert not [w for w in self_checks(sim, case_records(sim)) if "offered load" in w]
