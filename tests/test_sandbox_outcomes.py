"""Is this case late? One answer: the trainer's stored deadlines, its scoring and its records
against the simulator's deadlines and records, for drawn case histories."""

from __future__ import annotations

import itertools
import math
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sandbox as sb
from sandbox.agenda import arrive
from sandbox.context import get_workshop
from sandbox.db import open_db, write_txn
from sandbox.engine import CITIZEN, SYSTEM, VERIFIER_BOT, Session, opd_bot
from sandbox.outcomes import counterfactual_records, workshop_records
from sandbox.testing import Wall, workshop_for_test
from sandbox.verbs import opd as opd_verbs
from sandbox.verbs import reporter, verifier
from scenarios import sla
from simulator.model import Case, Limits
from simulator.results import kpis, record_of

# first days near Indonesian holidays: Nyepi and Idul Fitri with cuti bersama (2025-03-28 …
# 04-07), Waisak and Ascension (05-12 … 05-30), Christmas and New Year
STARTS = (date(2025, 3, 24), date(2025, 5, 8), date(2025, 12, 22), date(2025, 6, 5))
_SERIAL = itertools.count()  # one facilitator per drawn history
gap = st.floats(0.05, 120.0)  # calendar hours between two steps


@pytest.fixture(scope="module")
def db():
    return open_db(":memory:")


history = st.fixed_dictionaries(
    {
        "start": st.sampled_from(STARTS),
        "arrival": st.floats(0.0, 96.0),
        # None: no hold; else the gap to the tunda, how it ends, the gap to that end
        "hold": st.none()
        | st.tuples(gap, st.sampled_from(["lengkapi", "kedaluwarsa", "still"]), gap),
        "verify": gap,
        "bounces": st.lists(st.tuples(gap, gap), max_size=2),  # wrong OPD, then its return
        "dispose": gap,
        "accept": st.none() | gap,
        "followup": st.none() | gap,
        "reopen": st.none() | st.tuples(gap, gap),  # the reporter replies, the OPD answers again
        "end": gap,
    }
)


def _play(db, h: dict) -> tuple:
    """Play history ``h`` in a fresh workshop through the trainer's verbs; returns the workshop,
    the case id, its key and the simulator's ``Case`` for the same history."""
    _, ws = workshop_for_test(db, Wall(), days=30, start=h["start"], name=f"f{next(_SERIAL)}")
    s = Session(db, ws, Wall().now)
    cid = next(
        r[0]
        for r in db.execute(
            """SELECT c.id FROM cases c JOIN answer_keys a ON a.workshop_id = c.workshop_id
               AND a.case_id = c.id WHERE c.workshop_id = ? AND a.action = 'disposisi'
               AND a.acceptable = '[]' ORDER BY c.seq""",
            [ws.id],
        ).fetchall()
    )
    key = s.key(cid)
    wrong = next(c for c in ws.local_opds if c != key.opd)
    t = h["arrival"]
    db.execute("UPDATE cases SET arrives_at = ? WHERE workshop_id = ? AND id = ?", [t, ws.id, cid])
    cal = ws.calendar
    channel, kecamatan = db.execute(
        "SELECT channel, kecamatan FROM cases WHERE workshop_id = ? AND id = ?", [ws.id, cid]
    ).fetchone()
    sim = Case(
        SimpleNamespace(
            id=cid,
            category=key.category,
            subcategory=key.subcategory,
            report_type=key.report_type,
            channel=channel,
            kecamatan=kecamatan,
            key=SimpleNamespace(
                urgent=False,
                action=key.action,
                then=key.then,
                opd=key.opd,
                hard_kind=key.hard_kind,
                deadline_hk=key.deadline_hk,
            ),
        ),
        t,
        None,
        Limits(cal, ws.scenario.sop.deadlines),
    )

    # the simulator's bookkeeping of the same steps (simulator/model.py: set_state, respond,
    # _end_hold, _route, _dispose, _triage, _accept, _post, _reopened)
    def step(state: str, at: float, respond: bool = False) -> None:
        sim.state = state
        if respond and sim.first_response_at is None:
            sim.first_response_at = at
        if state in sla.CLOSED:
            sim.closed_at = at
            sim.resolved_at = sim.resolved_at if sim.resolved_at is not None else at

    with write_txn(db):
        arrive(s, cid, t)
        if h["hold"] is not None:
            before, outcome, after = h["hold"]
            t += before
            verifier.tunda_in(
                s,
                cid,
                missing=["lokasi"],
                message="Mohon sebutkan lokasinya.",
                actor=VERIFIER_BOT,
                expected_version=None,
                at=t,
            )
            step("ditunda", t, respond=True)
            sim.hold_started = t
            if outcome != "still":
                t += after
                sim.paused_wh += cal.working_hours_between(sim.hold_started, t)
                sim.hold_started = None
                if outcome == "kedaluwarsa":
                    reporter.expire_in(s, cid, actor=SYSTEM, at=t)
                    sim.verified_at = t
                    step("diarsipkan", t)
                    return ws, cid, key, sim, t + h["end"]
                reporter.complete_in(s, cid, text="Di depan pasar.", actor=CITIZEN, at=t)
                step("masuk", t)
            else:
                return ws, cid, key, sim, t + after
        t += h["verify"]
        verifier.verify_in(
            s,
            cid,
            title="Laporan",
            report_type=key.report_type,
            category=key.category,
            subcategory=key.subcategory,
            actor=VERIFIER_BOT,
            expected_version=None,
            at=t,
        )
        for there, back in h["bounces"]:
            t += there
            verifier.dispose_in(s, cid, wrong, actor=VERIFIER_BOT, expected_version=None, at=t)
            if sim.verified_at is None:
                sim.verified_at = t
            if sim.first_disposed_at is None:
                sim.first_disposed_at = t
            step("terdisposisi", t)
            t += back
            opd_verbs.return_in(
                s,
                cid,
                reason="Bukan kewenangan kami.",
                actor=opd_bot(wrong),
                expected_version=None,
                at=t,
            )
            sim.hops += 1
            step("dikembalikan", t)
        t += h["dispose"]
        verifier.dispose_in(s, cid, key.opd, actor=VERIFIER_BOT, expected_version=None, at=t)
        if sim.verified_at is None:
            sim.verified_at = t
        if sim.first_disposed_at is None:
            sim.first_disposed_at = t
        step("terdisposisi", t)
        if h["accept"] is None:
            return ws, cid, key, sim, t + h["end"]
        t += h["accept"]
        opd_verbs.accept_in(s, cid, actor=opd_bot(key.opd), expected_version=None, at=t)
        sim.accepted_at, sim.handled_by = t, key.opd
        step("diproses", t, respond=True)
        rounds = [h["followup"]] if h["followup"] is not None else []
        if rounds and h["reopen"] is not None:
            rounds.append(h["reopen"])
        for k, g in enumerate(rounds):
            if k:  # the reporter replied to the last follow-up
                t += g[0]
                reporter.citizen_reply_in(s, cid, text="Belum beres.", actor=CITIZEN, at=t)
                sim.rounds += 1
                step("ditanggapi_pelapor", t)
                g = g[1]
            t += g
            opd_verbs.follow_up_in(
                s,
                cid,
                reply="Sudah kami periksa dan perbaiki minggu ini.",
                actor=opd_bot(key.opd),
                expected_version=None,
                at=t,
            )
            if sim.followup_at is None:
                sim.followup_at = t
            sim.last_followup_at = sim.resolved_at = t
            step("ditindaklanjuti", t, respond=True)
    return ws, cid, key, sim, t + h["end"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(h=history)
def test_the_trainer_and_the_simulator_give_the_same_deadlines_and_sla_outcomes(db, h):
    ws, cid, key, sim, end = _play(db, h)
    db.execute("UPDATE workshops SET processed_until = ? WHERE id = ?", [end, ws.id])
    ws = get_workshop(db, ws.id)
    cal, d = ws.calendar, ws.scenario.sop.deadlines
    row = db.execute(
        "SELECT verify_deadline, followup_deadline, completion_deadline, state FROM cases "
        "WHERE workshop_id = ? AND id = ?",
        [ws.id, cid],
    ).fetchone()
    mine = record_of(sim, cal=cal, deadlines=d, end=end, in_window=True)
    trainer = next(r for r in workshop_records(db, ws.id) if r.id == cid)
    # the record built from the event log is the simulator's record of the same journey
    assert trainer == mine
    assert row[3] == sim.state
    # the deadlines the trainer stored are the simulator's
    if sim.hold_started is None:
        assert row[0] == pytest.approx(sla.verification_due(cal, sim.arrived_at, d, sim.paused_wh))
        assert row[0] == pytest.approx(cal.add_working_hours(sim.verify_deadline, sim.paused_wh))
    if sim.first_disposed_at is not None:
        assert row[1] == pytest.approx(sim.fu_deadline)
        completion = sla.completion_due(cal, sim.arrived_at, key.deadline_hk, sim.paused_wh)
        assert row[2] == pytest.approx(completion)
    # and the trainer's scoring judges the case as the simulator's record does
    res = sb.score_workshop(db, ws.id).cases[cid]
    if res.verification_on_time is not None:
        assert res.verification_on_time == mine.verification_sla_met
    if res.followup_on_time is not None:
        assert res.followup_on_time == mine.followup_sla_met
    elif sim.first_disposed_at is not None and sim.state in sla.AT_OPD_BEFORE_FOLLOWUP:
        assert mine.followup_sla_met is not False or sim.fu_deadline <= end


def test_a_bounce_does_not_restart_the_follow_up_clock(db):
    """Does a case returned by the wrong OPD get a fresh five days at the right one? No: the
    follow-up clock runs from the first disposition, in the trainer as in the simulator."""
    h = {
        "start": date(2025, 6, 5),
        "arrival": 10.0,
        "hold": None,
        "verify": 1.0,
        "bounces": [(1.0, 150.0)],
        "dispose": 1.0,
        "accept": 1.0,
        "followup": 150.0,
        "reopen": None,
        "end": 1.0,
    }
    ws, cid, key, sim, end = _play(db, h)
    db.execute("UPDATE workshops SET processed_until = ? WHERE id = ?", [end, ws.id])
    cal, d = ws.calendar, ws.scenario.sop.deadlines
    first = sim.first_disposed_at
    last_disposed = first + 1.0 + 150.0 + 1.0
    assert sim.followup_at > sla.followup_due(cal, first, d)  # late from the first disposition
    assert sim.followup_at < sla.followup_due(cal, last_disposed, d)  # on time from the last
    rec = next(r for r in workshop_records(db, ws.id) if r.id == cid)
    assert rec.followup_sla_met is False
    assert sb.score_workshop(db, ws.id).cases[cid].followup_on_time is False


def test_debrief_kpis_are_kpis_of_the_records_and_the_counterfactual_plays_the_same_cases():
    """Do the debrief's figures come from the simulator's kpis() of the workshop's own records,
    and does each policy's counterfactual run exactly the participants' cases?"""
    db, wall = open_db(":memory:"), sb.wall_now()
    fid = sb.create_facilitator(db, "fasilitator", "kata-sandi-latihan", now=wall)
    ws = sb.create_workshop(
        db,
        facilitator_id=fid,
        scenario_ref="kelas_bimtek",
        seed=3,
        start_date=date(2025, 6, 5),
        now=wall,
    )
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall)
    sb.jump_clock(db, ws.id, datetime(2025, 6, 12, 8, 0), facilitator_id=fid, now=wall)
    sb.advance(db, ws.id, wall)  # everything due on the way happens, bots included
    ws_id = ws.id
    records = workshop_records(db, ws_id)
    arrived = {
        r[0]
        for r in db.execute("SELECT id FROM cases WHERE workshop_id = ? AND arrived = 1", [ws_id])
    }
    assert {r.id for r in records} == arrived and len(arrived) > 5
    d = sb.debrief(db, ws_id, facilitator_id=fid)
    want = kpis(records)
    for name, value in d.kpis.items():
        assert (value is None and math.isnan(want[name])) or value == pytest.approx(want[name])
    for policy in d.counterfactual:
        assert {r.id for r in counterfactual_records(db, ws_id, policy)} == arrived
        assert d.counterfactual[policy]["arrivals"] == len(arrived)
