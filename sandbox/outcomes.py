"""The trainer's results are the simulator's records.

A workshop's event log is walked, case by case, into the same :class:`~simulator.results.CaseRecord`
the simulator writes for its own cases (by the same :func:`~simulator.results.record_of`, so by the
same time rules of :mod:`scenarios.sla`), and its KPIs are the simulator's
:func:`~simulator.results.kpis` of those records. The debrief's counterfactual runs exactly the
workshop's arrived cases (same ids, same arrival instants) through the simulator under each
routing policy (:func:`counterfactual_records`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from scenarios import sla
from scenarios.calendar import WorkCalendar
from scenarios.lifecycle import INITIAL_STATE, TERMINAL_STATES
from simulator.model import Simulation
from simulator.results import CaseRecord, case_records, record_of

from .caseload import Key, keys_of, stored_complaint
from .context import Workshop, get_workshop, scenario_of
from .db import rows

_CASES = """SELECT id, seq, arrives_at, state, channel, received, chosen_subcategory,
    chosen_agency, kecamatan, desa, reporter_name, reporter_contact, anonymous_requested,
    confidential_requested, occurred, report_title, body
    FROM cases WHERE workshop_id = ? AND arrived = 1 ORDER BY arrives_at, seq, id"""


@dataclass
class _Report:
    """What a record needs of the report itself: the truth of the answer key."""

    id: str
    category: str
    subcategory: str
    report_type: str
    channel: str
    kecamatan: str
    key: Key


@dataclass
class Walk:
    """One case's journey read from the event log (the fields of the simulator's ``Case`` that
    a record reads; see :class:`simulator.results.Journey`)."""

    c: _Report
    route: str
    arrived_at: float
    state: str = INITIAL_STATE
    handled_by: str | None = None
    verified_at: float | None = None
    first_disposed_at: float | None = None
    accepted_at: float | None = None
    first_response_at: float | None = None
    followup_at: float | None = None
    last_followup_at: float | None = None
    resolved_at: float | None = None
    closed_at: float | None = None
    hops: int = 0
    escalations: int = 0  # the trainer has no escalation ladder
    rounds: int = 0
    auto_closed: bool = False
    paused_wh: float = 0.0
    hold_started: float | None = None

    def see(
        self, action: str, to_state: str | None, at: float, opd: str | None, cal: WorkCalendar
    ) -> None:
        """Take one event of the case into account (events in log order)."""
        if action in sla.VERIFICATION_DECISIONS and self.verified_at is None:
            self.verified_at = at
        if action in sla.FIRST_RESPONSE_ACTIONS and self.first_response_at is None:
            self.first_response_at = at
        if action == "tunda":
            self.hold_started = at
        elif action in ("lengkapi", "kedaluwarsa") and self.hold_started is not None:
            self.paused_wh += cal.working_hours_between(self.hold_started, at)
            self.hold_started = None
        if action == "disposisi" and self.first_disposed_at is None:
            self.first_disposed_at = at
        elif action == "terima":
            self.accepted_at, self.handled_by = at, opd
        elif action == "kembalikan":
            self.hops += 1
        elif action == "balas":
            self.rounds += 1
        elif action == "selesai_otomatis":
            self.auto_closed = True
        elif action == "tindak_lanjut":
            if self.followup_at is None:
                self.followup_at = at
            self.last_followup_at = self.resolved_at = at
        if to_state is not None and to_state != self.state:
            self.state = to_state
            if to_state in TERMINAL_STATES:
                self.closed_at = at
                if self.resolved_at is None:
                    self.resolved_at = at


def walks(db: Database, ws: Workshop) -> list[Walk]:
    """Every arrived case of the workshop's current run, walked through its events."""
    keys = keys_of(db, ws.id, full=False)
    cal = ws.calendar
    out: dict[str, Walk] = {}
    for r in rows(db, _CASES, [ws.id]):
        key = keys.get(r["id"])
        if key is None:
            continue
        report = _Report(
            r["id"],
            key.category,
            key.subcategory,
            key.report_type,
            r["channel"] or "",
            r["kecamatan"] or "",
            key,
        )
        out[r["id"]] = Walk(report, key.expected(True), r["arrives_at"])
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in rows(
        db,
        """SELECT case_id, action, to_state, sim_at, opd FROM events
           WHERE workshop_id = ? AND run = ? AND case_id IS NOT NULL ORDER BY id""",
        [ws.id, ws.run],
    ):
        events[e["case_id"]].append(e)
    for case_id, walk in out.items():
        for e in events.get(case_id, ()):
            walk.see(e["action"], e["to_state"], e["sim_at"], e["opd"], cal)
    return list(out.values())


def workshop_records(db: Database, workshop_id: int) -> list[CaseRecord]:
    """The simulator's records of the workshop's arrived cases, as known at the last processed
    instant (every case counts: a workshop has no warm-up)."""
    ws = get_workshop(db, workshop_id)
    cal, deadlines, end = ws.calendar, ws.scenario.sop.deadlines, ws.processed_until
    return [
        record_of(w, cal=cal, deadlines=deadlines, end=end, in_window=True) for w in walks(db, ws)
    ]


def counterfactual_records(db: Database, workshop_id: int, policy: str) -> list[CaseRecord]:
    """The workshop's arrived cases — the same ids at the same instants — run through the
    simulator under routing ``policy`` up to the last processed instant, with the simulated
    verifier and OPDs in the participants' place."""
    ws = get_workshop(db, workshop_id)
    keys = keys_of(db, ws.id, full=False)
    cases = [
        stored_complaint(r, keys[r["id"]]) for r in rows(db, _CASES, [ws.id]) if r["id"] in keys
    ]
    overrides = {
        **ws.scenario_overrides,
        "simulation.warmup_days": 0,
        "simulation.backlog_cases": 0,  # instants as the workshop's: no earlier calendar start
    }
    scenario = scenario_of(ws.scenario_ref, json.dumps(overrides, sort_keys=True))
    days = max(ws.processed_until, 1e-6) / 24.0
    sim = Simulation(scenario, ws.seed, policy=policy, days=days, given=cases).run()
    return case_records(sim)
