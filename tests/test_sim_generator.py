"""The synthetic complaint stream: determinism, answer-key consistency, and mixes that match the
scenario within statistical tolerance."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.authority import objects_of, resolve_office
from scenarios.intensity import intensity_of
from scenarios.model import LOCAL_TIERS
from simulator.generator import generate


def within(observed: int, n: int, p: float, z: float = 4.5) -> bool:
    """Is a binomial count consistent with probability p (|z| below the bound)?"""
    sd = math.sqrt(n * p * (1 - p)) or 1e-9
    return abs(observed - n * p) <= z * sd


def test_same_seed_same_stream_different_seed_differs(mini_scenario):
    a = list(generate(mini_scenario, 11, count=60))
    b = list(generate(mini_scenario, 11, count=60))
    c = list(generate(mini_scenario, 12, count=60))
    assert a == b
    assert [x.body for x in a] != [x.body for x in c]
    assert [x.arrived_at for x in a] != [x.arrived_at for x in c]


def test_text_does_not_shift_the_other_draws(mini_scenario):
    with_text = list(generate(mini_scenario, 5, count=300))
    without = list(generate(mini_scenario, 5, count=300, with_text=False))
    strip = [
        replace(
            c,
            title="",
            body="",
            incident={},
            text_variant=0,
            key=replace(c.key, answer_points=(), request=None, why=(), spans=()),
        )
        for c in with_text
    ]
    assert strip == without
    assert all(c.title and c.body for c in with_text)


def test_answer_keys_are_consistent(mini_scenario):
    """Does every key follow from its case's facts: the object's owner, its tier, its rule?"""
    s = mini_scenario
    seen = {}
    for c in generate(s, 3, count=3000, with_text=False):
        k = c.key
        route = k.then if k.action == "tunda" else k.action
        if k.action == "tunda":
            assert k.missing and k.then in ("disposisi", "bukan_wewenang")
        if c.out_of_scope_kind is None and route in ("disposisi", "bukan_wewenang"):
            obj = objects_of(s.categories[c.category].subcategories[c.subcategory])[c.object]
            assert k.rule == f"{c.subcategory}.{c.object}"
            assert k.opd == resolve_office(s, obj.owner, c.kecamatan, obj.fallback)
        if route == "disposisi":
            assert s.opds[k.opd].tier in LOCAL_TIERS
            assert all(s.opds[o].tier in LOCAL_TIERS for o in k.acceptable)
        elif route == "bukan_wewenang":
            assert s.opds[k.opd].tier not in LOCAL_TIERS
            if c.out_of_scope_kind is not None:
                assert k.opd == s.out_of_scope[c.out_of_scope_kind].owner == "POLRES"
        elif route == "duplikat":
            original = seen[k.duplicate_of]
            assert (original.subcategory, original.kecamatan, original.desa, original.object) == (
                c.subcategory,
                c.kecamatan,
                c.desa,
                c.object,
            )
            assert original.report_type == "pengaduan" and original.key.action != "tunda"
        else:
            assert route == "arsipkan" and k.archive_reason
            assert s.out_of_scope[c.out_of_scope_kind].owner is None
        expected_hk = {"pengaduan": 14, "investigasi": 60, "aspirasi": 5, "informasi": 5}[
            k.deadline_kind
        ]
        assert k.deadline_hk == expected_hk
        assert k.rahasia >= c.confidential_requested and k.anonim == c.anonymous_requested
        assert c.occurred <= c.received.date()
        seen[c.id] = c


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_stream_is_ordered_and_inside_the_period(mini_scenario, seed):
    cases = list(generate(mini_scenario, seed, days=20, with_text=False))
    times = [c.arrived_at for c in cases]
    assert times == sorted(times)
    assert all(0 <= t < 20 * 24 for t in times)
    assert len({c.id for c in cases}) == len(cases)


def test_yearly_count_and_category_mix_match_the_scenario(mini_scenario):
    s = mini_scenario
    expected = intensity_of(s).expected_per_subcategory(s.simulation.start, 365)
    mu = sum(expected.values())
    totals = []
    by_cat: Counter[str] = Counter()
    for seed in range(8):
        cases = list(generate(s, seed, days=365, with_text=False))
        totals.append(len(cases))
        by_cat.update(c.category for c in cases if c.key.hard_kind != "duplikat")
    mean = sum(totals) / len(totals)
    assert abs(mean - mu) <= 4.5 * math.sqrt(mu / len(totals)), (mean, mu)
    n = sum(by_cat.values())
    exp_cat = Counter()
    for sub, e in expected.items():
        exp_cat[intensity_of(s).category_of[sub]] += e / mu
    for cat, p in exp_cat.items():
        assert within(by_cat[cat], n, p), (cat, by_cat[cat], n * p)


def test_hard_case_and_channel_shares_match(mini_scenario):
    s = mini_scenario
    cases = list(generate(s, 9, count=20000, with_text=False))
    n = len(cases)
    kinds = Counter(c.key.hard_kind for c in cases)
    load = s.load
    assert within(kinds["luar_lingkup"], n, load.out_of_scope_share)
    assert within(kinds["tidak_lengkap"], n, load.incomplete_share)
    assert within(kinds["duplikat"], n, load.duplicate_share, z=6)  # none before the first cases
    channels = Counter(c.channel for c in cases)
    total_w = sum(load.channel_mix.values())
    for ch, w in load.channel_mix.items():
        assert within(channels[ch], n, w / total_w), ch
    anon = sum(c.anonymous_requested for c in cases)
    assert within(anon, n, load.anonymous_share)


def test_arrivals_follow_the_hourly_profile(mini_scenario):
    cases = list(generate(mini_scenario, 4, count=20000, with_text=False))
    hours = Counter(int(c.arrived_at) % 24 for c in cases)
    prof = mini_scenario.load.hourly_profile
    n = len(cases)
    for h in (3, 9, 14, 22):
        assert within(hours[h], n, prof[h] / sum(prof)), h


def test_surge_multiplies_its_sub_category_only(write_scenario):
    from scenarios import load_scenario
    from tests.conftest import MINI

    path = write_scenario(
        MINI.replace("reports_per_year: 1000", "reports_per_year: 20000")
        + """\
  surges:
    - {label: Musim asap, categories: [karhutla], start: "07-01", end: "09-29", multiplier: 4}
"""
    )
    s = load_scenario(path)
    cases = list(generate(s, 2, days=365, with_text=False))

    def in_window(c):
        return (7, 1) <= (c.received.month, c.received.day) <= (9, 29)

    def ratio(sub):
        """(rate inside / rate outside the window, its standard error from Poisson counts)."""
        inside = sum(1 for c in cases if c.subcategory == sub and in_window(c))
        outside = sum(1 for c in cases if c.subcategory == sub and not in_window(c))
        days_in = 91
        r = (inside / days_in) / (outside / (365 - days_in))
        return r, r * math.sqrt(1 / inside + 1 / outside)

    r, se = ratio("karhutla")
    assert abs(r - 4.0) < 4.5 * se, (r, se)
    r, se = ratio("jalan_rusak")
    assert abs(r - 1.0) < 4.5 * se, (r, se)


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_reporter_choice_accuracy_extremes(write_scenario, share):
    from scenarios import load_scenario
    from tests.conftest import MINI

    s = load_scenario(write_scenario(MINI + f"  reporter_choice_accuracy: {share}\n"))
    cases = list(generate(s, 1, count=400, with_text=False))
    right = sum(c.chosen_subcategory == c.subcategory for c in cases)
    assert right == (len(cases) if share == 1.0 else 0) or (
        share == 0.0 and right < len(cases) * 0.05
    )


def test_reports_draw_reporters_from_a_pool_of_the_size_it_has():
    """Do the flow model's reports (drawn without the name pool) name people who exist in it?"""
    from simulator.generator import NAME_POOL_SIZE, _name_pool

    assert len(_name_pool()) == NAME_POOL_SIZE
