"""The KPI table and the time rules are defined once: everything else reads them."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from scenarios import load_scenario, sla
from scenarios.lifecycle import STATES, TERMINAL_STATES, TRANSITIONS
from scenarios.timebase import calendar_for

ROOT = Path(__file__).resolve().parent.parent


def test_every_kpi_has_labels_a_known_unit_and_a_side():
    names = [k.name for k in sla.KPIS]
    assert len(names) == len(set(names))
    for k in (*sla.KPIS, *sla.DESK_FIGURES):
        assert k.label_id and k.label_en and k.label_id != k.label_en or k.name == "arrivals"
        assert k.unit in sla.KIND_OF_UNIT and k.better in (-1, 0, 1)
        assert k.kind in ("fraction", "duration", "count", "ratio")
    assert sla.SLA_KPIS == ("verification_sla_met", "followup_sla_met", "completion_sla_met")
    assert all(sla.KPI_BY_NAME[n].higher_is_better for n in sla.SLA_KPIS)


def test_the_simulator_computes_exactly_the_kpis_of_the_table():
    from simulator.model import Simulation
    from simulator.results import case_records, kpis

    s = load_scenario("kelas_bimtek", {"simulation.days": 20, "simulation.warmup_days": 2})
    assert tuple(kpis(case_records(Simulation(s, 1).run()))) == sla.KPI_NAMES


def test_every_list_of_kpis_derives_from_the_table():
    from sandbox.planner import text
    from simulator import experiment, report, results, staffing

    assert results.KPI_NAMES == sla.KPI_NAMES
    assert set(text.KPI_LABELS) == set(sla.MEASURES)
    assert text.HEADLINE_KPIS == sla.kpis_shown("headline")
    assert set(text.BETTER) == {k.name for k in sla.KPIS if k.better}
    assert set(staffing.DIRECTION) == set(sla.kpis_shown("target"))
    assert report.SWEEP_KPIS == sla.kpis_shown("sweep")
    debrief = importlib.import_module("sandbox.debrief")  # the package's name is the function
    assert debrief.COMPARED_KPIS == sla.kpis_shown("debrief")
    assert experiment.SHARES == {
        n for n, m in sla.MEASURES.items() if m.unit == "share" and n != "utilization"
    }


@pytest.mark.parametrize("path", sorted((ROOT / "docs" / "schemas").glob("*.json")))
def test_the_json_schemas_list_the_kpi_table(path):
    """Is each schema's KPI part what `make docs` writes from the table?"""
    from simulator.schemas import render

    text = path.read_text(encoding="utf-8")
    assert render(text) == text, f"{path.name} is behind the KPI table: run `make docs`"


def test_docs_model_lists_every_kpi():
    doc = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z_]+)`", doc, flags=re.M))
    for k in sla.KPIS:
        assert k.name in listed or f"`{k.name}`" in doc, f"docs/model.md does not define {k.name}"


def test_state_groups_name_lifecycle_states():
    groups = (
        sla.AWAITING_VERIFICATION,
        sla.ON_HOLD,
        sla.AT_OPD,
        sla.AWAITING_REPORTER,
        sla.FOLLOWED_UP,
        sla.CLOSED,
        sla.OPEN,
    )
    for g in groups:
        assert set(g) <= set(STATES)
    assert set(sla.OPEN) | set(sla.CLOSED) == set(STATES)
    assert set(sla.CLOSED) == TERMINAL_STATES
    # the open states a planner's backlog chart shows are disjoint and cover every open state
    stages = (sla.AWAITING_VERIFICATION, sla.ON_HOLD, sla.AT_OPD, sla.AWAITING_REPORTER)
    assert sorted(s for g in stages for s in g) == sorted(sla.OPEN)


def test_deadlines_by_kind_and_category():
    """Which limit holds a report: 60 HK when it needs investigation, 5 for aspirasi and
    informasi; a DLH report on hold waits three days, another ten."""
    s = load_scenario("kelas_bimtek")
    d = s.sop.deadlines
    assert sla.completion_days(d, sla.completion_kind("pengaduan", True)) == 60
    assert sla.completion_days(d, sla.completion_kind("pengaduan")) == 14
    assert sla.completion_days(d, sla.completion_kind("aspirasi", True)) == 5
    assert sla.completion_days(d, sla.completion_kind("informasi")) == 5
    with pytest.raises(ValueError):
        sla.completion_kind("keluhan")
    assert sla.clarification_days(s, "lhk") == 3
    assert sla.clarification_days(s, "pupr") == d.clarification_wait == 10
    cal = calendar_for(s)
    t = 10.0
    assert sla.verification_due(cal, t, d, 8.0) == cal.add_working_hours(
        cal.deadline_working_days(t, d.verification), 8.0
    )
    assert sla.completion_due(cal, t, 14) == cal.deadline_working_days(t, 14)


def test_sla_met_is_unknown_until_done_or_due():
    assert sla.sla_met(None, None, 100.0) is None
    assert sla.sla_met(None, 200.0, 100.0) is None
    assert sla.sla_met(None, 50.0, 100.0) is False
    assert sla.sla_met(40.0, 50.0, 100.0) is True
    assert sla.sla_met(60.0, 50.0, 100.0) is False


def test_a_forward_counts_as_a_first_response_whether_right_or_wrong():
    """The model answers the reporter (Desk.respond) when it forwards, rightly or to the wrong
    office of another tier; a history read back (bukan_wewenang, teruskan_keliru) counts the
    same actions, so its time to first response is the model's."""
    assert {"bukan_wewenang", "teruskan_keliru"} <= sla.FIRST_RESPONSE_ACTIONS
    actions = {t.action for t in TRANSITIONS}
    assert sla.FIRST_RESPONSE_ACTIONS <= actions
