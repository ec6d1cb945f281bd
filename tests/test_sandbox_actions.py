"""Who may do what, when: the lifecycle as rule book, roles, modes, injects, reset and replay."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest

import sandbox as sb
from sandbox.testing import Wall, workshop_for_test
from scenarios.authority import case_text


@pytest.fixture
def fresh_db(tmp_path):
    db = sb.open_db(tmp_path / "sandbox.sqlite")
    yield db
    db.close()


@pytest.fixture
def tuesday(fresh_db):
    """Ani (verifikator), Budi (DLH) and Oki (observer) on Tuesday 10 June 08:00."""
    db, wall = fresh_db, Wall()
    fid, ws = workshop_for_test(db, wall)
    people = {
        name: sb.join(db, ws.code, name, role, opd, now=wall.now)
        for name, role, opd in (
            ("Ani", "verifikator", None),
            ("Budi", "penghubung", "DLH"),
            ("Oki", "observer", None),
        )
    }
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    sb.jump_clock(db, ws.id, datetime(2025, 6, 10, 8, 0), facilitator_id=fid, now=wall.now)
    sb.advance(db, ws.id, wall.now)
    return {"db": db, "ws": ws, "fid": fid, "wall": wall, **{k: v.id for k, v in people.items()}}


def version(db, case_id):
    return db.execute("SELECT version FROM cases WHERE id = ?", [case_id]).fetchone()[0]


def verified(t, case_id, category="lhk"):
    db = t["db"]
    return sb.verify(
        db,
        t["ws"].id,
        case_id,
        title="Judul",
        report_type="pengaduan",
        category=category,
        by=t["Ani"],
        expected_version=version(db, case_id),
        now=t["wall"].now,
    ).version


def test_participants_act_only_once_the_workshop_has_started(fresh_db):
    wall = Wall()
    fid, ws = workshop_for_test(fresh_db, wall)
    ani = sb.join(fresh_db, ws.code, "Ani", "verifikator", now=wall.now)
    with pytest.raises(sb.NotAllowed, match="belum dimulai"):
        sb.archive(
            fresh_db, ws.id, "SIM-00001", reason="x", by=ani.id, expected_version=1, now=wall.now
        )


def test_join_needs_a_known_code_a_free_name_and_an_opd_for_a_penghubung(tuesday):
    db, code = tuesday["db"], tuesday["ws"].code
    with pytest.raises(sb.NotFound):
        sb.join(db, "ZZZZZZ", "Dewi", "verifikator", now=0)
    with pytest.raises(sb.SandboxError, match="sudah dipakai"):
        sb.join(db, code.lower(), "Ani", "verifikator", now=0)
    with pytest.raises(sb.SandboxError, match="Penghubung harus memilih OPD"):
        sb.join(db, code, "Dewi", "penghubung", "BPN", now=0)  # BPN is another tier's office


def test_a_penghubung_cannot_verify_and_an_observer_cannot_act(tuesday):
    db, ws, now = tuesday["db"], tuesday["ws"].id, tuesday["wall"].now
    with pytest.raises(sb.NotAllowed):
        sb.verify(
            db,
            ws,
            "SIM-00011",
            title="x",
            report_type="pengaduan",
            category="lhk",
            by=tuesday["Budi"],
            expected_version=version(db, "SIM-00011"),
            now=now,
        )
    with pytest.raises(sb.NotAllowed, match="Pengamat"):
        sb.archive(
            db,
            ws,
            "SIM-00011",
            reason="x",
            by=tuesday["Oki"],
            expected_version=version(db, "SIM-00011"),
            now=now,
        )


def test_can_a_penghubung_respond_after_returning_the_case(tuesday):
    """No: once returned, the case is back with the verifier and no longer at the OPD."""
    db, ws, now = tuesday["db"], tuesday["ws"].id, tuesday["wall"].now
    v = verified(tuesday, "SIM-00006", "pupr")
    e = sb.dispose(db, ws, "SIM-00006", "DLH", by=tuesday["Ani"], expected_version=v, now=now)
    e = sb.return_case(
        db,
        ws,
        "SIM-00006",
        reason="Jalan rusak: PUPR",
        by=tuesday["Budi"],
        expected_version=e.version,
        now=now,
    )
    with pytest.raises(sb.NotAllowed, match="tidak sedang di OPD Anda"):
        sb.initial_response(
            db,
            ws,
            "SIM-00006",
            text="Kami tangani",
            by=tuesday["Budi"],
            expected_version=e.version,
            now=now,
        )
    assert db.execute("SELECT state, hops FROM cases WHERE id = 'SIM-00006'").fetchone() == (
        "dikembalikan",
        1,
    )


def test_the_lifecycle_refuses_what_its_table_does_not_allow(tuesday):
    db, ws, now = tuesday["db"], tuesday["ws"].id, tuesday["wall"].now
    v = verified(tuesday, "SIM-00011")
    e = sb.archive(
        db, ws, "SIM-00011", reason="tidak jelas", by=tuesday["Ani"], expected_version=v, now=now
    )
    with pytest.raises(sb.ActionRefused, match="Aksi yang tersedia: tidak ada"):
        sb.tunda(
            db,
            ws,
            "SIM-00011",
            missing=["lokasi"],
            message="?",
            by=tuesday["Ani"],
            expected_version=e.version,
            now=now,
        )


def test_dispose_needs_verification_and_a_kabupaten_opd(tuesday):
    db, ws, now, ani = tuesday["db"], tuesday["ws"].id, tuesday["wall"].now, tuesday["Ani"]
    with pytest.raises(sb.ActionRefused, match="Verifikasi kasus SIM-00014 dulu"):
        sb.dispose(
            db, ws, "SIM-00014", "DLH", by=ani, expected_version=version(db, "SIM-00014"), now=now
        )
    v = verified(tuesday, "SIM-00014")
    with pytest.raises(sb.ActionRefused, match="bukan wewenang"):
        sb.dispose(db, ws, "SIM-00014", "DLHK_PROV", by=ani, expected_version=v, now=now)
    with pytest.raises(sb.ActionRefused, match="gunakan disposisi"):
        sb.forward(db, ws, "SIM-00014", "DLH", by=ani, expected_version=v, now=now)
    e = sb.dispose(
        db, ws, "SIM-00014", "DLH", copies=["DINKES", "DLH"], by=ani, expected_version=v, now=now
    )
    assert e.payload["copies"] == ["DINKES"]


def test_a_stale_version_is_a_conflict_even_for_one_person(tuesday):
    db, ws, now = tuesday["db"], tuesday["ws"].id, tuesday["wall"].now
    v = version(db, "SIM-00014")
    verified(tuesday, "SIM-00014")
    with pytest.raises(sb.ConflictError, match="muat ulang"):
        sb.archive(db, ws, "SIM-00014", reason="x", by=tuesday["Ani"], expected_version=v, now=now)


def test_bulk_reports_each_case_and_refuses_bulk_replies(tuesday):
    db, ws, now = tuesday["db"], tuesday["ws"].id, tuesday["wall"].now
    v = verified(tuesday, "SIM-00014")
    results = sb.bulk(
        db,
        ws,
        "disposisi",
        {"SIM-00014": v, "SIM-00011": version(db, "SIM-00011")},
        by=tuesday["Ani"],
        now=now,
        opd="DLH",
    )
    assert [(r.case_id, r.ok) for r in results] == [("SIM-00014", True), ("SIM-00011", False)]
    assert "Verifikasi" in results[1].message
    with pytest.raises(sb.NotAllowed, match="massal"):
        sb.bulk(db, ws, "tindak_lanjut", {}, by=tuesday["Budi"], now=now)


def test_injects_surge_viral_absence_and_angry_citizen(tuesday):
    db, ws, fid, wall = tuesday["db"], tuesday["ws"].id, tuesday["fid"], tuesday["wall"]
    surge = sb.inject(
        db,
        ws,
        "lonjakan",
        facilitator_id=fid,
        now=wall.now,
        count=3,
        category="lhk",
        within_hours=1,
    )
    assert surge["cases"] == ["INJ-0001", "INJ-0002", "INJ-0003"]
    sb.inject(db, ws, "viral", facilitator_id=fid, now=wall.now, case_id="SIM-00014")
    absent = sb.inject(
        db, ws, "petugas_absen", facilitator_id=fid, now=wall.now, opd="PUPR", working_days=2
    )
    assert ws_local(tuesday, absent["until"]) == datetime(2025, 6, 12, 16, 0)
    angry = sb.inject(
        db, ws, "tindak_lanjut_marah", facilitator_id=fid, now=wall.now, case_id="SIM-00014"
    )
    assert angry["action"] == "pesan_pelapor"  # not followed up yet: a message, the state stays
    wall.minutes(2)
    sb.advance(db, ws, wall.now)
    arrived = db.execute(
        "SELECT COUNT(*) FROM cases WHERE origin = 'inject' AND arrived = 1"
    ).fetchone()[0]
    assert arrived == 3
    assert db.execute("SELECT viral FROM cases WHERE id = 'SIM-00014'").fetchone()[0] == 1


def ws_local(t, instant):
    return t["ws"].calendar.to_datetime(instant).replace(tzinfo=None)


def test_an_absent_officer_delays_the_opd_bot(tuesday):
    db, ws, fid, wall = tuesday["db"], tuesday["ws"].id, tuesday["fid"], tuesday["wall"]
    sb.inject(db, ws, "petugas_absen", facilitator_id=fid, now=wall.now, opd="PUPR", working_days=2)
    v = verified(tuesday, "SIM-00006", "pupr")
    sb.dispose(db, ws, "SIM-00006", "PUPR", by=tuesday["Ani"], expected_version=v, now=wall.now)
    due = db.execute(
        "SELECT due_at FROM agenda WHERE kind = 'bot_triage' AND case_id = 'SIM-00006'"
    ).fetchone()[0]
    assert ws_local(tuesday, due) > datetime(2025, 6, 13, 7, 30)


def test_release_batch_brings_future_cases_in_now(tuesday):
    db, ws, fid, wall = tuesday["db"], tuesday["ws"].id, tuesday["fid"], tuesday["wall"]
    released = sb.release_batch(db, ws, 2, facilitator_id=fid, now=wall.now)
    assert released == ["SIM-00016", "SIM-00017"]
    assert (
        db.execute(
            "SELECT SUM(arrived) FROM cases WHERE id IN ('SIM-00016', 'SIM-00017')"
        ).fetchone()[0]
        == 2
    )


def test_assessment_mode_has_no_hints_and_feedback_waits_for_the_reveal(tuesday):
    db, ws, fid, now = tuesday["db"], tuesday["ws"].id, tuesday["fid"], tuesday["wall"].now
    sb.set_mode(db, ws, "assessment", facilitator_id=fid)
    with pytest.raises(sb.NotAllowed, match="mode latihan"):
        sb.hint(db, ws, "SIM-00014", by=tuesday["Ani"], now=now)
    with pytest.raises(sb.NotAllowed, match="Umpan balik"):
        sb.feedback_for_participant(db, ws, tuesday["Ani"])
    sb.reveal_feedback(db, ws, facilitator_id=fid)
    assert sb.feedback_for_participant(db, ws, tuesday["Ani"]) == []


def test_only_the_owner_sees_the_answer_key(tuesday, fresh_db):
    other = sb.create_facilitator(fresh_db, "lain", "sandi-lain-123", now=0)
    with pytest.raises(sb.NotAllowed):
        sb.answer_key_for_facilitator(fresh_db, tuesday["ws"].id, "SIM-00014", facilitator_id=other)
    key = sb.answer_key_for_facilitator(
        fresh_db, tuesday["ws"].id, "SIM-00014", facilitator_id=tuesday["fid"]
    )
    assert (key.action, key.opd, key.acceptable) == ("disposisi", "DLH", ("DINKES",))


def test_passwords_are_hashed_and_checked(fresh_db):
    fid = sb.create_facilitator(fresh_db, "Sari", "panjang-sekali", now=0)
    stored = fresh_db.execute(
        "SELECT password_hash FROM facilitators WHERE id = ?", [fid]
    ).fetchone()[0]
    assert stored.startswith("scrypt$") and "panjang-sekali" not in stored
    assert sb.authenticate(fresh_db, "sari", "panjang-sekali") == fid
    with pytest.raises(sb.AuthError):
        sb.authenticate(fresh_db, "Sari", "salah-sandi")


def test_reset_starts_a_new_run_and_keeps_the_old_log(tuesday):
    db, ws, fid = tuesday["db"], tuesday["ws"], tuesday["fid"]
    verified(tuesday, "SIM-00014")
    before = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    fresh = sb.reset_workshop(db, ws.id, facilitator_id=fid)
    assert fresh.run == 2 and fresh.clock_state == "belum_mulai"
    assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before
    assert db.execute("SELECT COUNT(*) FROM cases WHERE arrived = 1").fetchone()[0] == 0
    assert sb.score_workshop(db, ws.id).items == []
    copy = sb.clone_workshop(db, ws.id, facilitator_id=fid, now=0)
    assert copy.code != ws.code and copy.seed == ws.seed and copy.start_date == ws.start_date


def test_bots_replay_exactly_given_the_seed(tmp_path):
    """Two workshops, same scenario and seed, nobody playing: the same events at the same instants."""
    logs = []
    for n in range(2):
        db = sb.open_db(tmp_path / f"s{n}.sqlite")
        wall = Wall()
        fid, ws = workshop_for_test(db, wall)
        sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
        for _ in range(12):
            sb.advance(db, ws.id, wall.minutes(3))
        logs.append(
            db.execute(
                "SELECT case_id, action, actor_label, round(sim_at, 6) FROM events ORDER BY id"
            ).fetchall()
        )
        db.close()
    assert logs[0] == logs[1] and len(logs[0]) > 60


def test_a_released_case_is_written_for_the_moment_it_arrives(tuesday):
    """Is a case released at 08:00 on 10 June received then, and do its time words agree?"""
    db, ws, fid, wall = tuesday["db"], tuesday["ws"], tuesday["fid"], tuesday["wall"]
    before = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT id, received, occurred, body FROM cases WHERE arrived = 0 ORDER BY arrives_at, seq LIMIT 6"
        )
    }
    released = sb.release_batch(db, ws.id, 6, facilitator_id=fid, now=wall.now)
    changed = 0
    for case_id in released:
        received, occurred, body = db.execute(
            "SELECT received, occurred, body FROM cases WHERE id = ?", [case_id]
        ).fetchone()
        why, spans = db.execute(
            "SELECT why, spans FROM answer_keys WHERE case_id = ?", [case_id]
        ).fetchone()
        title = db.execute("SELECT report_title FROM cases WHERE id = ?", [case_id]).fetchone()[0]
        assert received.startswith("2025-06-10T08:00")
        assert date.fromisoformat(occurred) <= date(2025, 6, 10)
        text = case_text(title or "", body)
        said = {w.lower() for w in json.loads(why)}
        assert all(text[a:b].lower() in said for a, b in json.loads(spans))
        assert not re.search(r"\btadi (siang|sore|malam)\b", body.lower())  # it is 08:00
        changed += (received, body) != (before[case_id][0], before[case_id][2])
    assert changed == len(released)
