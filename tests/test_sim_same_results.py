"""Do runs give the very same results by seed after a change that should not alter behaviour?

A speed-up of the flow (desks that sleep while idle, timers instead of daily processes...) must
leave every run as it was. These runs cover the built-in scenarios and the SOP modes; each is
pinned by a digest of its event log (every step of every case, with its instant and desk: the
check times show in when officers start their jobs), of its per-day counts, and by its KPIs and
per-desk figures, recorded from the code before the change in ``tests/data/sim_same_results.json``.

When a change is *meant* to alter results (a new rule, a new KPI), record again and say why in
the commit and in docs/model.md: ``.venv/bin/python tests/test_sim_same_results.py --record``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

if __name__ == "__main__":  # run as a script to record: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scenarios import load_scenario
from simulator.model import Simulation
from simulator.results import case_records, kpis, opd_kpis, self_checks

DATA = Path(__file__).parent / "data" / "sim_same_results.json"

# name -> (scenario, overrides, seed, days)
RUNS: dict[str, tuple[str, dict[str, Any], int, int | None]] = {
    "sanggau": ("sanggau", {}, 11, None),
    "sanggau_decentralised": ("sanggau", {"sop.verification": "decentralised"}, 12, 200),
    "sanggau_approval_backlog": (
        "sanggau",
        {
            "sop.approval.enabled": True,
            "simulation.backlog_cases": 25,
            "load.reports_per_year": 900,
        },
        13,
        150,
    ),
    "sanggau_keyword": ("sanggau", {"routing.policy": "keyword"}, 14, 120),
    "kelas_bimtek": ("kelas_bimtek", {}, 15, None),
    "kutai_timur": ("kutai_timur", {}, 16, None),
    "aceh_utara": ("aceh_utara", {}, 17, None),
    "kotawaringin_barat": ("kotawaringin_barat", {}, 18, None),
    "teori_mmc": ("teori_mmc", {}, 19, 15),
}


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _digest(value: Any) -> str:
    return hashlib.sha256(_text(value).encode()).hexdigest()


def fingerprint(name: str) -> dict[str, Any]:
    """What one pinned run gives: digests of its event log and daily counts, its KPIs, its
    per-desk figures and its self-check warnings."""
    scenario, overrides, seed, days = RUNS[name]
    sim = Simulation(load_scenario(scenario, overrides), seed, days=days, record_events=True).run()
    records = case_records(sim)
    assert sim.events is not None
    return {
        "cases": len(sim.cases),
        "events": _digest(sim.events),
        "daily": _digest([sim.daily, sim.queue_daily]),
        "kpis": kpis(records),
        "desks": opd_kpis(sim),
        "warnings": self_checks(sim, records),
    }


@pytest.fixture(scope="module")
def recorded() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(RUNS))
def test_a_run_gives_the_results_recorded_before_the_change(name, recorded):
    """Same seed, same scenario: the same steps at the same instants, the same figures."""
    want, got = recorded[name], fingerprint(name)
    assert got["cases"] == want["cases"]
    assert got["events"] == want["events"], "the flow changed: a step moved or another came"
    assert got["daily"] == want["daily"], "the end-of-day counts changed"
    assert got["warnings"] == want["warnings"]
    # as JSON text: a KPI with no cases to count is NaN, which equals nothing, not even itself
    assert _text(got["desks"]) == _text(want["desks"])
    assert _text(got["kpis"]) == _text(want["kpis"])


if __name__ == "__main__":
    if "--record" not in sys.argv:
        sys.exit("usage: python tests/test_sim_same_results.py --record")
    DATA.write_text(
        json.dumps({name: fingerprint(name) for name in sorted(RUNS)}, indent=1, sort_keys=True)
        + "\n",
        encoding="utf-8",
    )
    print(f"recorded {len(RUNS)} runs in {DATA}")
