"""Replications, intervals, paired comparisons, sweeps and the staffing search."""

from __future__ import annotations

import math
import multiprocessing
import os
import pickle
import signal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenarios import load_scenario
from simulator.experiment import (
    Runner,
    WorkerLost,
    _jobs,
    compare,
    replicate,
    replication_seed,
    summarise,
    sweep,
)
from simulator.results import KPI_NAMES
from simulator.rng import derive_seed
from simulator.staffing import staffing, with_staff
from simulator.stats import mean_ci, paired_difference, t_quantile
from tests.sim_helpers import replication_that_never_ends

DAYS = 20  # a short classroom period keeps every test quick


def same(a: float, b: float) -> bool:
    """Equal, counting NaN as equal to NaN (a KPI with no case)."""
    return (math.isnan(a) and math.isnan(b)) or a == b


def same_summaries(xs, ys) -> bool:
    return len(xs) == len(ys) and all(
        x.seed == y.seed
        and x.warnings == y.warnings
        and x.flow == y.flow
        and all(same(x.kpi[k], y.kpi[k]) for k in x.kpi)
        and all(same(v, y.opd[c][f]) for c, figs in x.opd.items() for f, v in figs.items())
        for x, y in zip(xs, ys, strict=True)
    )


@pytest.fixture(scope="module")
def kelas():
    return load_scenario("kelas_bimtek")


@pytest.fixture(scope="module")
def kelas_runs(kelas):
    return replicate(kelas, 3, 11, days=DAYS, workers=1)


# ------------------------------------------------------------------------------ t quantiles
@pytest.mark.parametrize(
    ("df", "expected"),
    [
        (1, 12.7062),
        (2, 4.3027),
        (3, 3.1824),
        (4, 2.7764),
        (5, 2.5706),
        (9, 2.2622),
        (10, 2.2281),
        (20, 2.0860),
        (29, 2.0452),
        (30, 2.0423),
        (40, 2.0211),
        (60, 2.0003),
        (120, 1.9799),
        (5000, 1.9604),
        (math.inf, 1.9600),
    ],
)
def test_t_quantile_matches_the_table(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)


def test_t_quantile_other_levels_and_symmetry():
    assert t_quantile(0.995, 7) == pytest.approx(3.4995, abs=1e-4)
    assert t_quantile(0.95, 12) == pytest.approx(1.7823, abs=1e-4)
    assert t_quantile(0.025, 5) == pytest.approx(-t_quantile(0.975, 5))
    assert t_quantile(0.5, 3) == 0.0


@given(st.integers(min_value=1, max_value=1500))
def test_t_quantile_falls_towards_the_normal_as_df_grows(df):
    assert t_quantile(0.975, df) > t_quantile(0.975, df + 1) > 1.959963


def test_t_quantile_rejects_nonsense():
    with pytest.raises(ValueError):
        t_quantile(1.0, 5)
    with pytest.raises(ValueError):
        t_quantile(0.975, 2.5)


# ------------------------------------------------------------------------------ intervals
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=40))
def test_interval_contains_the_mean(values):
    iv = mean_ci(values)
    assert iv.n == len(values)
    assert iv.ci95_low <= iv.mean <= iv.ci95_high


def test_interval_narrows_with_more_replications():
    base = [0.81, 0.78, 0.86, 0.74, 0.80, 0.83]
    few, many = mean_ci(base[:3]), mean_ci(base * 5)
    assert many.ci95_high - many.ci95_low < (few.ci95_high - few.ci95_low) / 3


def test_nan_replications_are_dropped_and_counted():
    iv = mean_ci([0.5, float("nan"), 0.7, None])
    assert iv.n == 2 and iv.mean == pytest.approx(0.6)
    one = mean_ci([0.5, float("nan")])
    assert one.n == 1 and one.mean == 0.5 and math.isnan(one.ci95_low)
    assert mean_ci([float("nan")]).n == 0 and math.isnan(mean_ci([]).mean)


def test_paired_difference_uses_only_complete_pairs():
    iv = paired_difference([1.0, 2.0, float("nan"), 4.0], [1.5, 2.5, 9.0, 4.5])
    assert iv.n == 3 and iv.mean == pytest.approx(0.5) and iv.ci95_low == pytest.approx(0.5)
    with pytest.raises(ValueError):
        paired_difference([1.0], [1.0, 2.0])


# ------------------------------------------------------------------------------ replications
def test_scenarios_survive_pickling_for_worker_processes(kelas):
    assert pickle.loads(pickle.dumps(kelas)) == kelas


def test_replications_use_derived_seeds(kelas_runs):
    assert [r.seed for r in kelas_runs] == [derive_seed(11, "rep", i) for i in range(3)]
    assert [r.seed for r in kelas_runs] == [replication_seed(11, i) for i in range(3)]
    assert len({r.kpi["arrivals"] for r in kelas_runs}) > 1  # replications differ


def test_a_variant_that_changes_nothing_replays_the_same_replications(kelas, kelas_runs):
    """Common random numbers: the same seed gives the very same replications."""
    unchanged = load_scenario(
        "kelas_bimtek", {"sop.verifiers": 1, "scenario.description": "salinan"}
    )
    assert same_summaries(replicate(unchanged, 3, 11, days=DAYS, workers=1), kelas_runs)


def test_worker_processes_give_the_same_results_as_one_process(kelas, kelas_runs):
    assert same_summaries(replicate(kelas, 3, 11, days=DAYS, workers=2), kelas_runs)


class Stop(Exception):
    pass


def test_a_worker_process_killed_mid_run_stops_the_run_with_a_clear_error(kelas, monkeypatch):
    """What does a run do when the system (say, its out-of-memory killer) takes a worker?"""
    monkeypatch.setattr("simulator.runner.run_task", replication_that_never_ends)

    def kill_the_workers(done, total):  # called while no replication finishes
        for child in multiprocessing.active_children():
            os.kill(child.pid, signal.SIGKILL)

    runner = Runner(2, processes=True, on_result=kill_the_workers)
    runner.wait_seconds = 0.02
    with pytest.raises(WorkerLost, match="stopped unexpectedly"), runner:
        runner.run(_jobs(kelas, 3, 1, None, DAYS))
    assert runner._pool is None and not multiprocessing.active_children()


def test_a_callback_stops_a_replication_in_progress_and_its_worker_processes(kelas, monkeypatch):
    """Can a caller cancel while a replication is still running (not only between them)?"""
    monkeypatch.setattr("simulator.runner.run_task", replication_that_never_ends)
    seen = []

    def cancel(done, total):
        seen.append((done, total))
        raise Stop

    runner = Runner(1, processes=True, on_result=cancel)
    runner.wait_seconds = 0.02
    with pytest.raises(Stop), runner:
        runner.run(_jobs(kelas, 2, 1, None, DAYS))
    assert seen == [(0, 2)]  # no replication finished; the call came from the wait
    assert runner._pool is None and not multiprocessing.active_children()


def test_summary_has_every_kpi_and_desk_with_intervals(kelas_runs):
    summary = summarise(kelas_runs)
    assert set(KPI_NAMES) <= set(summary["kpi"])
    arrivals = summary["kpi"]["arrivals"]
    assert arrivals["n"] == 3 and arrivals["ci95_low"] <= arrivals["mean"] <= arrivals["ci95_high"]
    assert {"PUPR", "VERIFIKASI"} <= set(summary["opd"])
    for figs in summary["opd"].values():
        assert {"arrivals", "wait_hours", "handling_hours", "utilization"} <= set(figs)
    share = summary["kpi"]["followup_sla_met"]
    assert 0.0 <= share["ci95_low"] and share["ci95_high"] <= 1.0  # clipped to the possible range


def test_interval_of_a_kpi_narrows_with_more_replications(kelas, kelas_runs):
    more = summarise(replicate(kelas, 8, 11, days=DAYS, workers=1))["kpi"]["arrivals"]
    few = summarise(kelas_runs)["kpi"]["arrivals"]
    assert more["ci95_high"] - more["ci95_low"] < few["ci95_high"] - few["ci95_low"]


def test_compare_of_a_scenario_with_itself_gives_zero_differences(kelas):
    result = compare(kelas, {"copy": kelas}, 2, 5, days=DAYS, workers=1)
    assert [v["name"] for v in result["variants"]] == ["baseline", "copy"]
    assert result["variants"][0]["difference"] is None
    for name, iv in result["variants"][1]["difference"].items():
        if iv["n"]:
            assert iv["mean"] == 0.0 and iv["ci95_low"] == 0.0 and iv["ci95_high"] == 0.0, name


def test_compare_pairs_replications_of_a_real_change(kelas):
    faster = load_scenario("kelas_bimtek", {"routing.policy": "perfect"})
    result = compare(kelas, {"perfect": faster}, 2, 5, days=DAYS, workers=1)
    diff = result["variants"][1]["difference"]
    assert diff["arrivals"]["mean"] == 0.0  # same reports in both (common random numbers)
    assert diff["misroute_rate"]["mean"] < 0


def test_sweep_runs_every_grid_point_in_order():
    result = sweep(
        "kelas_bimtek",
        {"sop.verifiers": [1, 2], "opds.PUPR.officers": [1, 3]},
        2,
        3,
        days=10,
        workers=1,
    )
    assert [p["point"] for p in result["points"]] == [
        {"sop.verifiers": 1, "opds.PUPR.officers": 1},
        {"sop.verifiers": 1, "opds.PUPR.officers": 3},
        {"sop.verifiers": 2, "opds.PUPR.officers": 1},
        {"sop.verifiers": 2, "opds.PUPR.officers": 3},
    ]
    arrivals = {p["kpi"]["arrivals"]["mean"] for p in result["points"]}
    assert len(arrivals) == 1  # every point sees the same reports


def test_bad_requests_are_refused_before_running(kelas):
    with pytest.raises(ValueError, match="unknown routing policy"):
        replicate(kelas, 2, 1, policy="dukun", workers=1)
    with pytest.raises(ValueError, match="replications"):
        replicate(kelas, 0, 1, workers=1)
    with pytest.raises(ValueError, match="cannot staff"):
        staffing(kelas, "misroute_rate", 0.1)


# ------------------------------------------------------------------------------ staffing
def test_with_staff_changes_only_the_named_desks(kelas):
    changed = with_staff(kelas, {"PUPR": 4, "VERIFIKASI": 2})
    assert changed.opds["PUPR"].officers == 4 and changed.sop.verifiers == 2
    assert changed.opds["DLH"] == kelas.opds["DLH"]


def test_staffing_keeps_the_erlang_c_officers_a_heavy_desk_needs():
    """Can the search staff the textbook desk below what its load needs? (a = 9 needs ≥ 10)"""
    mmc = load_scenario("teori_mmc")
    result = staffing(mmc, "followup_sla_met", 0.9, replications=2, seed=1, days=10, workers=1)
    loket = result["desks"]["LOKET"]
    assert loket["erlang_c_guess"] == 10
    assert loket["officers"] >= loket["erlang_c_guess"]
    assert result["met"] and result["verified"]
    assert result["verification"]["kpi"]["ci95_low"] >= 0.9


def test_staffing_meets_a_reachable_target_in_its_own_verification_run(kelas):
    result = staffing(
        kelas,
        "followup_sla_met",
        0.6,
        replications=3,
        seed=2,
        days=DAYS,
        criterion="mean",
        workers=1,
    )
    assert result["met"] and result["verified"], result["message"]
    assert result["verification"]["kpi"]["mean"] >= 0.6
    for desk in result["desks"].values():
        assert desk["officers"] >= max(1, math.floor(desk["offered_load"]) + 1)


def test_staffing_says_when_a_target_is_out_of_reach():
    """Can officers beat a same-day follow-up deadline when coordination takes days? No."""
    same_day = load_scenario("kelas_bimtek", {"sop.deadlines.followup": 0})
    result = staffing(
        same_day,
        "followup_sla_met",
        0.99,
        replications=2,
        seed=2,
        days=DAYS,
        max_iterations=6,
        workers=1,
    )
    assert not result["met"] and not result["verified"]
    assert result["iterations"] <= 6
    assert "unreachable" in result["message"] or "max_iterations" in result["message"]
