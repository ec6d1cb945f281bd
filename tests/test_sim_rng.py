"""Per-case random streams and the run's timer agenda: the plumbing the flow model's speed rests on."""

from __future__ import annotations

import math
import random
import statistics

import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import Dist
from simulator.agenda import Agenda
from simulator.dists import sample, sampler
from simulator.rng import _GAMMA, _MASK64, CaseStream, _start_state, case_streams, derive_seed


def test_a_case_gets_the_same_stream_whatever_else_the_run_did():
    """Common random numbers: case 17's draws depend on (seed, 17) only, not on creation order."""
    first = case_streams(5)
    a = [first(n) for n in range(40)][17]
    other = case_streams(5)
    other(3), other(99)
    b = other(17)
    assert [a.random() for _ in range(20)] == [b.random() for _ in range(20)]
    assert case_streams(6)(17).random() != case_streams(5)(17).random()
    assert (
        case_streams(5)(-3).random() != case_streams(5)(3).random()
    )  # backlog numbers are negative


@given(st.integers(0, 2**40), st.integers(-(10**6), 10**7))
def test_a_case_stream_starts_where_the_seed_and_the_case_number_put_it(seed, number):
    """case_streams writes the starting state out for speed; it must stay _start_state's."""
    z = (derive_seed(seed, "case") + number * _GAMMA) & _MASK64
    assert case_streams(seed)(number).getstate() == CaseStream(state=_start_state(z)).getstate()


def test_the_distribution_methods_of_random_work_on_a_case_stream():
    rng = case_streams(1)(1)
    for _ in range(200):
        assert 0.0 <= rng.random() < 1.0
        assert rng.choice("abc") in "abc"
        assert 0 <= rng.randrange(10**7) < 10**7
        assert rng.getrandbits(70) < 2**70
        assert rng.expovariate(2.0) >= 0.0
        assert rng.gammavariate(0.5, 2.0) >= 0.0
        assert rng.lognormvariate(0.0, 1.0) > 0.0
        assert 1.0 <= rng.triangular(1.0, 3.0, 2.0) <= 3.0
    assert sorted(rng.sample(range(10), 10)) == list(range(10))
    assert 1 <= rng.randint(1, 6) <= 6
    assert 2.0 <= rng.uniform(2.0, 5.0) <= 5.0
    assert set(rng.choices("ab", weights=[1, 0], k=20)) == {"a"}
    deck = list(range(20))
    rng.shuffle(deck)
    assert sorted(deck) == list(range(20))
    assert math.isfinite(rng.gauss(0.0, 1.0))
    state = rng.getstate()
    ahead = [rng.random() for _ in range(5)]
    rng.setstate(state)
    assert [rng.random() for _ in range(5)] == ahead


@pytest.mark.parametrize(
    "method, args",
    [
        ("normalvariate", (0.0, 1.0)),
        ("normalvariate", (-1.5, 0.3)),
        ("lognormvariate", (0.2, 0.9)),
        ("expovariate", (1.0,)),
        ("expovariate", (0.4,)),
    ],
)
def test_a_case_streams_own_distribution_methods_draw_what_random_random_draws(method, args):
    """CaseStream inlines its generator into the normal and exponential draws: the values must
    be those of random.Random's own methods on the same stream, bit for bit (golden results and
    common random numbers rest on it)."""
    own, reference = CaseStream(99), CaseStream(99)
    if method == "lognormvariate":  # random.Random's own, on the inherited normal draw

        def inherited(rng, mu, sigma):
            return math.exp(random.Random.normalvariate(rng, mu, sigma))
    else:
        inherited = getattr(random.Random, method)
    for _ in range(5000):
        assert getattr(own, method)(*args) == inherited(reference, *args)
    assert own.getstate() == reference.getstate()


@pytest.mark.parametrize(
    "method, args",
    [
        ("choice", ("abcdefg",)),
        ("randrange", (10**7,)),
        ("randint", (3, 9)),
        ("uniform", (1.0, 2.0)),
        ("triangular", (0.0, 4.0, 1.0)),
        ("gammavariate", (0.5, 2.0)),
        ("gammavariate", (3.0, 1.0)),
        ("sample", (range(50), 5)),
        ("gauss", (1.0, 2.0)),
    ],
)
def test_the_other_methods_are_random_randoms_own_code_on_the_stream(method, args):
    """Not a random.Random subclass (see below), yet the same draws as one would give."""
    own, reference = CaseStream(7), CaseStream(7)
    for _ in range(500):
        assert getattr(own, method)(*args) == getattr(random.Random, method)(reference, *args)
    assert own.getstate() == reference.getstate()


def test_a_case_stream_is_small():
    """A run makes one per case: no 2.5 kB Mersenne Twister state inside each (as a
    random.Random subclass would carry)."""
    import tracemalloc

    make = case_streams(3)
    tracemalloc.start()
    kept = [make(n) for n in range(2000)]
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(kept) == 2000
    assert size / 2000 < 400, f"{size / 2000:.0f} bytes per stream"
    assert not isinstance(kept[0], random.Random)


def test_case_streams_look_uniform_and_independent_across_cases():
    """First draws of 20,000 consecutive cases: mean, spread and lag-1 correlation of U(0, 1)."""
    streams = case_streams(2024)
    x = [streams(n).random() for n in range(20000)]
    n = len(x)
    assert abs(statistics.fmean(x) - 0.5) < 4.5 * math.sqrt(1 / 12 / n)
    assert abs(statistics.pvariance(x) - 1 / 12) < 0.004
    assert abs(statistics.correlation(x[:-1], x[1:])) < 4.5 / math.sqrt(n)
    deciles = [0] * 10
    for v in x:
        deciles[int(v * 10)] += 1
    assert max(abs(c - n / 10) for c in deciles) < 4.5 * math.sqrt(n * 0.09)


@settings(max_examples=30, deadline=None)
@given(
    dist=st.sampled_from(["fixed", "exponential", "lognormal", "gamma", "uniform", "triangular"]),
    mean=st.floats(0.0, 50.0),
    cv=st.floats(0.0, 2.0),
    lo=st.floats(0.0, 5.0),
    hi=st.one_of(st.none(), st.floats(5.0, 100.0)),
    seed=st.integers(0, 10**6),
)
def test_a_ready_sampler_draws_exactly_what_sample_draws(dist, mean, cv, lo, hi, seed):
    d = Dist(dist=dist, mean=mean, cv=cv if dist != "uniform" else min(cv, 0.5), min=lo, max=hi)
    draw = sampler(d)
    a, b = CaseStream(seed), CaseStream(seed)
    for _ in range(5):
        x = draw(a)
        assert x == sample(d, b)
        assert x >= lo and (hi is None or x <= hi)


def test_timers_fire_in_time_order_and_ties_in_setting_order():
    env = simpy.Environment()
    agenda, fired = Agenda(env), []

    def note(label):
        fired.append((env.now, label))

    agenda.at(5.0, note, "b")
    agenda.at(5.0, note, "c")
    agenda.at(2.0, note, "a")  # earlier than the pending wake-up: SimPy must wake sooner
    agenda.at(-1.0, note, "now")  # past instants mean now
    env.run(until=10)
    assert fired == [(0.0, "now"), (2.0, "a"), (5.0, "b"), (5.0, "c")]


def test_a_timer_set_while_firing_for_now_fires_at_once_and_later_ones_wake_simpy():
    env = simpy.Environment()
    agenda, fired = Agenda(env), []

    def chain(k):
        fired.append((env.now, k))
        if k < 3:
            agenda.at(env.now + (0.0 if k == 1 else 1.5), chain, k + 1)

    agenda.at(1.0, chain, 1)
    env.run(until=10)
    assert fired == [(1.0, 1), (1.0, 2), (2.5, 3)]
    assert len(agenda) == 0


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3)), max_size=40))
def test_timers_set_in_any_order_fire_by_instant_then_setting_order(plan):
    """Timers in time order take the agenda's lane, the others its heap: whatever the mix, they
    fire sorted by (instant, order set), also those set while firing."""
    env = simpy.Environment()
    agenda, fired, expected = Agenda(env), [], []

    def note(label, later):
        fired.append((env.now, label))
        if later:  # a timer set while firing, for now or later
            agenda.at(env.now + later - 1, note, f"{label}+", 0)
            expected.append((max(env.now, env.now + later - 1), f"{label}+"))

    for i, (t, later) in enumerate(plan):
        agenda.at(float(t), note, str(i), later)
        expected.append((float(t), str(i)))
    env.run(until=100)
    order = {label: k for k, (_, label) in enumerate(expected)}
    assert fired == sorted(expected, key=lambda e: (e[0], order[e[1]]))
    assert len(agenda) == 0


@pytest.mark.parametrize("horizon", [3.0, 1000.0])
def test_timers_past_the_end_of_the_run_never_fire(horizon):
    env = simpy.Environment()
    agenda, fired = Agenda(env), []
    for t in (1.0, 2.0, 500.0, 2000.0):
        agenda.at(t, fired.append, t)
    env.run(until=horizon)
    assert fired == [t for t in (1.0, 2.0, 500.0, 2000.0) if t < horizon]


@pytest.mark.parametrize("cv", [0.0, 5e-155, 1e-200])
def test_a_gamma_with_a_vanishing_spread_draws_its_mean(cv):
    """1/cv² overflows for such a cv: the draw is the mean, not a ValueError from gammavariate."""
    d = Dist(dist="gamma", mean=2.5, cv=cv, min=0.0, max=None)
    assert {sample(d, CaseStream(s)) for s in range(5)} == {2.5}
