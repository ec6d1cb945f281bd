"""Reports whose every fact is certain are not drawn (simulator.generator._alike).

The textbook M/M/c has one kecamatan, one channel, one type, one object and no share strictly
between nothing and all: the flow model's reports there are its sub-category's facts at each
arrival, with no attribute draw. These tests hold those facts to the drawn ones, the runs to the
runs on drawn reports, and every uncertain fact to the drawing path.
"""

from __future__ import annotations

import pytest

from scenarios import load_scenario
from simulator.generator import _alike, generate, reports
from simulator.model import Simulation
from simulator.results import case_records

FLOW_FACTS = (
    "id",
    "seq",
    "arrived_at",
    "channel",
    "report_type",
    "category",
    "subcategory",
    "chosen_subcategory",
    "chosen_agency",
    "kecamatan",
    "desa",
    "key",
    "object",
    "investigation",
)


def _facts(report) -> tuple:
    return tuple(getattr(report, name) for name in FLOW_FACTS)


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"load.reporter_choice_accuracy": 0.0},
        {"load.reporter_choice_accuracy": 1.0},
        {"load.type_mix": {"aspirasi": 1}, "load.urgent_share": 0.5},  # only complaints are urgent
    ],
)
@pytest.mark.parametrize("seed", [1, 8])
def test_certain_reports_carry_the_very_facts_the_draws_give(overrides, seed):
    s = load_scenario("teori_mmc", {"simulation.days": 20, **overrides})
    assert _alike(s) is not None
    certain = list(reports(s, seed))
    drawn = list(generate(s, seed, with_text=False))
    assert len(certain) == len(drawn) > 3000
    assert [_facts(r) for r in certain] == [_facts(c) for c in drawn]
    assert {(r.reporter, r.lag, r.contact) for r in certain} == {(None, None, None)}


@pytest.mark.parametrize(
    "overrides",
    [
        {"load.urgent_share": 0.1},
        {"load.anonymous_share": 0.2},
        {"load.confidential_share": 1.0},
        {"load.private_person_share": 0.05},
        {"load.duplicate_share": 0.05},
        {"load.incomplete_share": 0.1},
        {"load.type_mix": {"pengaduan": 3, "aspirasi": 1}},
        {"load.channel_mix": {"web": 3, "sms": 1}},
        {"region.kecamatan": {"Loket": ["Antrean", "Serambi"]}},
        {"region.kecamatan": {"Loket": ["Antrean"], "Pojok": ["Ujung"]}},
        {"categories.lainnya.subcategories.lainnya.investigation_share": 0.3},
    ],
)
def test_any_uncertain_fact_keeps_the_draws(overrides):
    s = load_scenario("teori_mmc", {"simulation.days": 20, **overrides})
    assert _alike(s) is None
    assert all(r.reporter is not None for r in reports(s, 3))


def test_a_kabupaten_is_drawn():
    assert _alike(load_scenario("sanggau")) is None


def test_a_run_on_certain_reports_is_the_run_on_drawn_ones():
    """Same event log, daily counts and case records whether the facts were drawn or not."""
    s = load_scenario("teori_mmc", {"simulation.days": 12, "simulation.warmup_days": 2})
    certain = Simulation(s, 5, record_events=True).run()
    drawn = Simulation(s, 5, record_events=True, given=list(generate(s, 5, with_text=False))).run()
    assert certain.events == drawn.events
    assert certain.daily == drawn.daily
    assert case_records(certain) == case_records(drawn)
