"""Handing replications to worker processes: costliest first, in batches, the same results."""

from __future__ import annotations

import dataclasses
import json
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import load_scenario
from simulator import batching
from simulator.batching import BATCH_COST, batches, cost
from simulator.experiment import _jobs
from simulator.memo import digest, packed, received
from simulator.runner import ReplicationFailed, Runner, Task

DAYS = 20


def same(summary) -> str:
    """A run's summary as text, so that NaN (a KPI with no case) equals NaN."""
    return json.dumps(dataclasses.asdict(summary), sort_keys=True)


@pytest.fixture(scope="module")
def kelas():
    return load_scenario("kelas_bimtek")


@pytest.fixture(scope="module")
def sanggau():
    return load_scenario("sanggau")


def plan_of(scenarios, reps, workers):
    tasks = [t for s in scenarios for t in _jobs(s, reps, 1, None, None)]
    return tasks, batches(tasks, workers)


@settings(max_examples=40, deadline=None)
@given(
    loads=st.lists(st.integers(1, 20_000), min_size=1, max_size=5),
    reps=st.integers(1, 40),
    workers=st.integers(1, 8),
    keyword=st.booleans(),
)
def test_every_task_goes_out_once_costliest_first_in_batches_of_one_scenario(
    sanggau, loads, reps, workers, keyword
):
    scenarios = [
        load_scenario("sanggau", {"load.reports_per_year": n})
        if n != sanggau.load.reports_per_year
        else sanggau
        for n in loads
    ]
    tasks = [
        Task(s, i, 1, "keyword" if keyword and k == 0 else None, None)
        for k, s in enumerate(scenarios)
        for i in range(reps)
    ]
    plan = batches(tasks, workers)
    flat = [i for batch in plan for i in batch]
    assert sorted(flat) == list(range(len(tasks)))
    costs = [cost(tasks[i]) for i in flat]
    assert costs == sorted(costs, reverse=True)  # costliest first
    for batch in plan:
        assert len({id(tasks[i].scenario) for i in batch}) == 1
        if len(batch) > 1:
            assert sum(cost(tasks[i]) for i in batch) <= BATCH_COST
    if len(tasks) > 1:
        assert len(plan[-1]) == 1  # the last one out is a single cheap run


def test_a_small_kabupaten_goes_out_a_few_runs_at_a_time_and_ends_one_by_one(sanggau):
    variants = [sanggau, load_scenario("sanggau", {"sop.verifiers": 1})]
    tasks, plan = plan_of(variants, 30, 2)
    sizes = [len(b) for b in plan]
    assert max(sizes) > 1 and len(plan) < len(tasks) / 2
    assert sizes[-4:] == [1, 1, 1, 1]


def test_runs_that_read_the_text_go_out_first_and_alone(sanggau):
    keyword = load_scenario("sanggau", {"routing.policy": "keyword"})
    tasks, plan = plan_of([sanggau, keyword], 10, 2)
    assert all(tasks[i].scenario is keyword for batch in plan[:10] for i in batch)
    assert [len(b) for b in plan[:10]] == [1] * 10


@pytest.mark.parametrize("batch_cost", [1.0, 1e9])
def test_the_same_results_in_batches_of_one_and_in_one_batch(kelas, monkeypatch, batch_cost):
    """Does it matter to the numbers how the replications were grouped?"""
    variants = [kelas, load_scenario("kelas_bimtek", {"sop.verifiers": 2})]
    tasks = [t for s in variants for t in _jobs(s, 4, 3, None, DAYS)]
    here = Runner(1).run(tasks)
    monkeypatch.setattr(batching, "BATCH_COST", batch_cost)
    monkeypatch.setattr(batching, "SHARE_LEFT", 10.0)
    with Runner(2, processes=True) as pool:
        there = pool.run(tasks)
    assert [r.replication for r in there] == [t.replication for t in tasks]
    assert [same(r) for r in there] == [same(r) for r in here]


def test_a_task_failing_inside_a_batch_is_named(kelas, monkeypatch):
    monkeypatch.setattr(batching, "BATCH_COST", 1e9)
    monkeypatch.setattr(batching, "SHARE_LEFT", 10.0)
    tasks = [Task(kelas, i, 1, None, DAYS, "baik") for i in range(4)]
    tasks[2] = Task(kelas, 2, 1, "no-such-policy", DAYS, "rusak")
    assert batches(tasks, 2) == [[0, 1, 2, 3]]  # the failing task is inside a batch
    named = r"replication 2 .*variant 'rusak' failed"
    with pytest.raises(ReplicationFailed, match=named), Runner(2, processes=True) as pool:
        pool.run(tasks)


def test_a_packed_scenario_is_unpickled_once_per_process_with_its_digest(kelas):
    key, pickled = packed(kelas)
    assert key == digest(kelas)
    first, second = received(key, pickled), received(key, pickled)
    assert first is second and first is not kelas
    assert first == kelas and digest(first) == key
    assert pickle.loads(pickled) == kelas
