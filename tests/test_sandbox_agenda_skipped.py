"""An agenda step the world has moved past is logged as skipped, with no translation stored."""

from __future__ import annotations

import sandbox as sb
from sandbox import agenda, bots
from sandbox.db import write_txn
from sandbox.testing import Wall, workshop_for_test


def test_a_refused_agenda_step_is_logged_with_the_indonesian_message_only(tmp_path, monkeypatch):
    db, wall = sb.open_db(tmp_path / "sandbox.sqlite"), Wall()
    fid, ws = workshop_for_test(db, wall)
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)

    def refuse(s, case_id, due_at, **payload):
        raise sb.ActionRefused("kasus_tidak_ada", case_id="SIM-00001")

    monkeypatch.setitem(bots.HANDLERS, "uji_tolak", refuse)
    with write_txn(db):
        s = agenda.open_session(db, ws.id, wall.now)
        item = {"kind": "uji_tolak", "case_id": None, "due_at": s.sim, "payload": "{}"}
        agenda._carry_out(s, item)
    logged = sb.export_json(db, ws.id, facilitator_id=fid)["events"]
    skipped = [e for e in logged if e["action"] == "agenda_dilewati"]
    assert [e["payload"] for e in skipped] == [
        {"kind": "uji_tolak", "code": "kasus_tidak_ada", "reason": "Kasus SIM-00001 tidak ada."}
    ]
    db.close()
