"""Chart data of a run (backlog by stage, time to first response) and progress of experiments."""

from __future__ import annotations

import pytest

from scenarios import load_scenario
from scenarios.lifecycle import STATES
from simulator.experiment import Runner, _jobs, compare, replicate, run_replication, summarise
from simulator.results import BACKLOG_STAGES, TTFR_EDGES, case_records, ttfr_histogram
from simulator.staffing import staffing


@pytest.fixture(scope="module")
def bimtek():
    return load_scenario("kelas_bimtek", {"simulation.warmup_days": 3})


def test_every_open_state_belongs_to_exactly_one_backlog_stage():
    grouped = [s for _, states, *_ in BACKLOG_STAGES for s in states]
    open_states = [s.id for s in STATES.values() if not s.terminal]
    assert sorted(grouped) == sorted(open_states)


def test_the_backlog_covers_each_day_after_the_warm_up_and_adds_up_to_the_open_cases(bimtek):
    (summary,) = replicate(bimtek, 1, seed=3, days=12, workers=1)
    assert len(summary.backlog_dates) == 12 - 3
    assert summary.backlog_dates[0] == "2025-02-06"  # start 2025-02-03 + 3 warm-up days
    sim = run_replication(bimtek, 3, 0, days=12)
    last = {code: series[-1] for code, series in summary.backlog.items()}
    open_now = sum(n for state, n in sim.state_counts.items() if not STATES[state].terminal)
    assert sum(last.values()) == open_now
    assert last["tunda"] == sim.state_counts.get("ditunda", 0)


def test_the_ttfr_histogram_counts_every_answered_case_of_the_window_once(bimtek):
    sim = run_replication(bimtek, 5, 0, days=12)
    records = case_records(sim)
    counts = ttfr_histogram(records)
    answered = [r for r in records if r.in_window and r.ttfr_working_hours is not None]
    assert len(counts) == len(TTFR_EDGES) and sum(counts) == len(answered) > 0
    overflow = sum(r.ttfr_working_hours >= TTFR_EDGES[-1] for r in answered)
    assert counts[-1] == overflow


def test_charts_average_the_replications(bimtek):
    summaries = replicate(bimtek, 3, seed=1, days=8, workers=1)
    charts = summarise(summaries)["charts"]
    assert charts["ttfr"]["edges"] == list(TTFR_EDGES)
    first_bin = [s.ttfr_counts[0] for s in summaries]
    assert charts["ttfr"]["counts"][0] == pytest.approx(sum(first_bin) / 3)
    opd_day_1 = [s.backlog["opd"][1] for s in summaries]
    assert charts["backlog"]["stages"]["opd"][1] == pytest.approx(sum(opd_day_1) / 3)
    assert len(charts["backlog"]["dates"]) == 5


def test_compare_reports_each_finished_replication(bimtek):
    seen = []
    compare(
        bimtek, {"dua": bimtek}, 2, 1, days=5, workers=1, on_result=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


class Stop(Exception):
    pass


@pytest.mark.parametrize("processes", [False, True], ids=["in-process", "worker-process"])
def test_a_raising_callback_stops_the_run_and_propagates(bimtek, processes):
    seen = []

    def stop_at_two(done, total):
        seen.append(done)
        if done == 2:
            raise Stop

    runner = Runner(1, processes=processes, on_result=stop_at_two)
    runner.wait_seconds = 600  # only finished replications call back here, not the wait
    with pytest.raises(Stop), runner:
        runner.run(_jobs(bimtek, 5, 1, None, 5))
    assert seen == [1, 2]
    assert runner._pool is None  # the worker processes are gone


def test_staffing_reports_progress_with_a_growing_best_estimate_of_the_total(bimtek):
    seen = []
    result = staffing(
        bimtek,
        "followup_sla_met",
        0.5,
        replications=2,
        days=10,
        workers=1,
        criterion="mean",
        on_result=lambda d, t: seen.append((d, t)),
    )
    done = [d for d, _ in seen]
    totals = [t for _, t in seen]
    assert done == list(range(1, len(seen) + 1))
    assert all(t >= d for d, t in seen) and totals == sorted(totals)
    assert seen[-1] == (len(seen), len(seen))
    assert len(seen) == 2 * (result["iterations"] + 1)  # every configuration tried + the check
