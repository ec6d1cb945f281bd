"""Does the simulator move cases only along the lifecycle's TRANSITIONS?"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import load_scenario
from scenarios.lifecycle import INITIAL_STATE, TERMINAL_STATES, TRANSITIONS
from simulator.model import Simulation

LEGAL = {(t.source, t.target) for t in TRANSITIONS}
SHORT = {"simulation.days": 45, "simulation.warmup_days": 5}


def replay(sim: Simulation) -> dict[str, str]:
    """Each case's state changes in order, checked against TRANSITIONS; the final states."""
    assert sim.state_trace is not None
    state: dict[str, str] = {}
    for case_id, was, now, _ in sim.state_trace:
        before = state.get(case_id, INITIAL_STATE)
        assert was == before, f"{case_id}: left {was!r} but was in {before!r}"
        assert (was, now) in LEGAL, f"{case_id}: {was} → {now} is no transition of the lifecycle"
        assert was not in TERMINAL_STATES, f"{case_id}: moved on from the terminal {was}"
        state[case_id] = now
    return state


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"sop.verification": "decentralised"},
        {"sop.verification": "none"},
        {"sop.approval.enabled": True, "citizen.dissatisfied_share": 0.5},
        {"routing.policy": "reporter-selected", "sop.max_hops": 1},
        {"simulation.backlog_cases": 10, "load.incomplete_share": 0.4},
    ],
)
def test_every_state_change_of_a_run_is_a_legal_transition(overrides):
    sim = Simulation(load_scenario("kelas_bimtek", {**SHORT, **overrides}), 3).trace_states()
    final = replay(sim.run())
    changed = {c.c.id: c.state for c in sim.cases if c.c.id in final}
    assert final == changed  # the trace ends where each case ended
    assert len(sim.state_trace) > len(sim.cases)  # the run did move cases
    kinds = {(was, now) for _, was, now, _ in sim.state_trace}
    assert ("terdisposisi", "diproses") in kinds


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    scenario=st.sampled_from(["kelas_bimtek", "sanggau"]),
    policy=st.sampled_from(["verifier", "keyword", "least-loaded", "reporter-selected"]),
)
def test_random_runs_follow_the_lifecycle(seed, scenario, policy):
    overrides = {**SHORT, "simulation.days": 30, "load.reports_per_year": 1500}
    sim = Simulation(load_scenario(scenario, overrides), seed, policy=policy).trace_states()
    replay(sim.run())


def test_tracing_is_off_by_default_and_changes_nothing():
    s = load_scenario("kelas_bimtek", SHORT)
    plain = Simulation(s, 9, record_events=True).run()
    traced = Simulation(s, 9, record_events=True).trace_states().run()
    assert plain.state_trace is None
    assert plain.events == traced.events
