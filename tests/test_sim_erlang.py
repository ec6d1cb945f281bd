"""Erlang C as the oracle, and the first guess of officers it gives a scenario."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenarios import load_scenario
from simulator.erlang import (
    erlang_b,
    first_guess,
    mean_wait,
    servers_needed,
    service_level,
    wait_probability,
)
from simulator.experiment import replicate, summarise


def test_textbook_mmc_values():
    """λ = 9/h, μ = 1/h, c = 10: Wq = 0.669 h, P(wait) = 0.669, P(W ≤ 15 min) = 0.479."""
    assert wait_probability(9.0, 10) == pytest.approx(0.669, abs=1e-3)
    assert mean_wait(9.0, 1.0, 10) == pytest.approx(0.669, abs=1e-3)
    assert service_level(9.0, 1.0, 10, 0.25) == pytest.approx(0.479, abs=1e-3)


def test_small_cases_by_hand():
    assert erlang_b(1.0, 1) == pytest.approx(0.5)
    assert wait_probability(0.5, 1) == pytest.approx(0.5)  # M/M/1: P(wait) = ρ
    assert mean_wait(0.5, 1.0, 1) == pytest.approx(1.0)  # ρ / (μ − λ)
    assert wait_probability(0.0, 3) == 0.0 and mean_wait(0.0, 1.0, 3) == 0.0


def test_unstable_or_unstaffed_queues():
    assert wait_probability(10.0, 10) == 1.0
    assert mean_wait(10.0, 1.0, 10) == math.inf
    assert service_level(12.0, 1.0, 10, 5.0) == 0.0
    assert wait_probability(1.0, 0) == 1.0


def test_large_call_centres_do_not_overflow():
    assert 0.0 < wait_probability(900.0, 1000) < 0.01
    assert 0.0 < wait_probability(9000.0, 9100) < 1.0


@given(st.floats(min_value=0.01, max_value=200), st.integers(min_value=1, max_value=300))
def test_wait_probability_is_a_probability_that_falls_with_more_officers(a, c):
    p = wait_probability(a, c)
    assert 0.0 <= p <= 1.0
    assert wait_probability(a, c + 1) <= p + 1e-12


@given(
    st.floats(min_value=0.1, max_value=50),
    st.floats(min_value=0.05, max_value=0.99),
    st.floats(min_value=0.0, max_value=4.0),
)
def test_servers_needed_is_the_smallest_that_reaches_the_target(lam, target, t):
    c = servers_needed(lam, 1.0, t, target)
    assert lam / c < 1 and service_level(lam, 1.0, c, t) >= target
    if c > max(1, math.floor(lam) + 1):
        assert service_level(lam, 1.0, c - 1, t) < target


def test_first_guess_of_the_textbook_desk():
    guess = first_guess(load_scenario("teori_mmc"))["LOKET"]
    assert guess.arrival_rate == pytest.approx(9.0, rel=1e-3)
    assert guess.service_rate == pytest.approx(1.0)
    assert guess.offered_load == pytest.approx(9.0, rel=1e-3)
    assert guess.officers == 10  # the smallest stable c; the 5 HK deadline is generous


def test_first_guess_covers_every_local_desk_and_the_verifiers():
    s = load_scenario("kelas_bimtek")
    guesses = first_guess(s)
    local = {c for c, o in s.opds.items() if o.tier in ("kabupaten", "kecamatan")}
    assert set(guesses) == local | {"VERIFIKASI"}
    assert all(g.officers >= 1 and g.utilization < 1 for g in guesses.values())
    assert guesses["PUPR"].arrivals_per_year > guesses["DINKES"].arrivals_per_year
    no_central = first_guess(load_scenario("kelas_bimtek", {"sop.verification": "none"}))
    assert "VERIFIKASI" not in no_central


def test_reports_for_another_tier_load_no_local_desk():
    """Does a load of land disputes (BPN's authority) keep any OPD busy? It should not."""
    s = load_scenario("kelas_bimtek", {"load.category_mix": {"agraria": 1}})
    guesses = first_guess(s)
    assert all(g.arrivals_per_year == 0 for code, g in guesses.items() if code != "VERIFIKASI")
    assert guesses["VERIFIKASI"].arrivals_per_year > 1000  # the verifier still reads them all


def test_more_load_never_needs_fewer_officers():
    light = first_guess(load_scenario("kelas_bimtek"))
    heavy = first_guess(load_scenario("kelas_bimtek", {"load.reports_per_year": 5000}))
    assert all(heavy[c].officers >= light[c].officers for c in light)
    assert heavy["PUPR"].officers > light["PUPR"].officers


def test_simulated_mmc_agrees_with_erlang_c():
    """The simulator's textbook desk waits as often as Erlang C says, within the interval."""
    runs = replicate(load_scenario("teori_mmc"), 4, 3, days=30, workers=2)
    loket = summarise(runs)["opd"]["LOKET"]
    waited = loket["waited_share"]
    assert waited["ci95_low"] <= wait_probability(9.0, 10) <= waited["ci95_high"]
    assert loket["utilization"]["mean"] == pytest.approx(0.9, abs=0.03)
