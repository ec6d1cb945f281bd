"""The conversation on a case and the loop around it: what each desk reads, where a moved case
waits, an angry message that demands an answer, reasons required, the facilitator's comment."""

from __future__ import annotations

from datetime import datetime

import pytest

import sandbox as sb
from sandbox import verbs
from sandbox.agenda import perform
from sandbox.engine import CITIZEN
from sandbox.notes import render
from sandbox.testing import Wall, workshop_for_test


@pytest.fixture
def loop(tmp_path):
    """Ani (verifikator), Budi (DLH), Citra (DINKES) and Oki (observer) on Tuesday 10 June 08:00."""
    db, wall = sb.open_db(tmp_path / "sandbox.sqlite"), Wall()
    fid, ws = workshop_for_test(db, wall)
    people = {
        name: sb.join(db, ws.code, name, role, opd, now=wall.now).id
        for name, role, opd in (
            ("Ani", "verifikator", None),
            ("Budi", "penghubung", "DLH"),
            ("Citra", "penghubung", "DINKES"),
            ("Oki", "observer", None),
        )
    }
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    sb.jump_clock(db, ws.id, datetime(2025, 6, 10, 8, 0), facilitator_id=fid, now=wall.now)
    sb.pause_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    sb.advance(db, ws.id, wall.now)
    case = db.execute(
        "SELECT id FROM cases WHERE workshop_id = ? AND arrived = 1 AND state = 'masuk' ORDER BY seq",
        [ws.id],
    ).fetchone()[0]
    yield {"db": db, "ws": ws.id, "fid": fid, "now": wall.now, "case": case, **people}
    db.close()


def version(t):
    return t["db"].execute("SELECT version FROM cases WHERE id = ?", [t["case"]]).fetchone()[0]


def verify(t):
    sb.verify(
        t["db"],
        t["ws"],
        t["case"],
        title="Air sungai berbau",
        report_type="pengaduan",
        category="lhk",
        by=t["Ani"],
        expected_version=version(t),
        now=t["now"],
    )


def to_dlh_and_answered(t, reply="Jawaban tindak lanjut DLH."):
    db, ws, cid, now = t["db"], t["ws"], t["case"], t["now"]
    sb.dispose(db, ws, cid, "DLH", by=t["Ani"], expected_version=version(t), now=now)
    sb.accept(db, ws, cid, by=t["Budi"], expected_version=version(t), now=now)
    sb.initial_response(
        db,
        ws,
        cid,
        text="Laporan sedang kami periksa.",
        by=t["Budi"],
        expected_version=version(t),
        now=now,
    )
    sb.follow_up(
        db,
        ws,
        cid,
        reply=reply,
        internal_note="Catatan untuk tim DLH.",
        evidence=["foto_lokasi.jpg"],
        by=t["Budi"],
        expected_version=version(t),
        now=now,
    )


def thread_of(t, who):
    return sb.case_thread(t["db"], t["ws"], t["case"], participant_id=t[who])


def test_the_verifier_reads_the_hold_the_reporters_addition_and_the_opds_answer_before_closing(
    loop,
):
    t = loop
    verify(t)
    sb.tunda(
        t["db"],
        t["ws"],
        t["case"],
        missing=["lokasi"],
        message="Mohon sebutkan lokasi persisnya.",
        by=t["Ani"],
        expected_version=version(t),
        now=t["now"],
    )
    perform(
        t["db"],
        t["ws"],
        t["now"],
        lambda s: verbs.complete_in(
            s, t["case"], text="Lokasinya di belakang pasar <b>lama</b>.", actor=CITIZEN
        ),
    )
    to_dlh_and_answered(t)
    entries = thread_of(t, "Ani")
    assert [e.action for e in entries] == ["tunda", "lengkapi", "tanggapan_awal", "tindak_lanjut"]
    hold, added, first, answer = entries
    assert hold.text == "Mohon sebutkan lokasi persisnya." and hold.missing == ("lokasi",)
    assert added.from_reporter and "belakang pasar <b>lama</b>" in added.text  # escaped by the page
    assert answer.text == "Jawaban tindak lanjut DLH." and answer.evidence == ("foto_lokasi.jpg",)
    assert answer.note == "Catatan untuk tim DLH." and answer.sim_time.startswith(
        "2025-06-10T08:00"
    )
    assert (
        "tutup"
        in next(
            c for c in sb.list_cases(t["db"], t["ws"], participant_id=t["Ani"]) if c.id == t["case"]
        ).actions
    )
    assert [e.action for e in thread_of(t, "Budi")][-1] == "tindak_lanjut"
    assert all(e.note is None for e in thread_of(t, "Oki"))  # an observer reads no internal note
    assert thread_of(t, "Citra") == []  # another OPD never sees the case


def test_a_case_moved_to_another_opd_leaves_the_old_opds_waiting_list(loop):
    t = loop
    db, ws, cid, now = t["db"], t["ws"], t["case"], t["now"]
    verify(t)
    sb.dispose(db, ws, cid, "DLH", by=t["Ani"], expected_version=version(t), now=now)
    sb.return_case(
        db,
        ws,
        cid,
        reason="Bukan kewenangan DLH.",
        by=t["Budi"],
        expected_version=version(t),
        now=now,
    )
    sb.dispose(db, ws, cid, "DINKES", by=t["Ani"], expected_version=version(t), now=now)
    old = [c for c in sb.list_cases(db, ws, participant_id=t["Budi"]) if c.id == cid]
    new = [c for c in sb.list_cases(db, ws, participant_id=t["Citra"]) if c.id == cid]
    assert old and old[0].actions == ()  # still in Budi's history, no longer waiting on him
    assert set(new[0].actions) == {"terima", "kembalikan"}
    returned = [e for e in thread_of(t, "Ani") if e.action == "kembalikan"][0]
    assert returned.text == "Bukan kewenangan DLH." and returned.office == "DLH"


def test_an_angry_message_on_a_closed_case_demands_an_answer_that_is_scored(loop):
    t = loop
    db, ws, cid, now = t["db"], t["ws"], t["case"], t["now"]
    verify(t)
    to_dlh_and_answered(t)
    sb.close(
        db, ws, cid, evidence=["foto_lokasi.jpg"], by=t["Ani"], expected_version=version(t), now=now
    )
    done = sb.inject(db, ws, "tindak_lanjut_marah", facilitator_id=t["fid"], now=now, case_id=cid)
    assert done["action"] == "pesan_pelapor"
    budi = next(c for c in sb.list_cases(db, ws, participant_id=t["Budi"]) if c.id == cid)
    assert budi.state == "selesai" and budi.message_pending and budi.actions == ("jawab_pesan",)
    angry = thread_of(t, "Budi")[-1]
    assert angry.action == "pesan_pelapor" and angry.from_reporter and len(angry.text) > 20
    with pytest.raises(sb.NotAllowed):
        sb.answer_message(
            db, ws, cid, text="Maaf.", by=t["Ani"], expected_version=version(t), now=now
        )
    sb.answer_message(
        db,
        ws,
        cid,
        text="Mohon maaf, Bapak/Ibu. Tim DLH akan mengambil sampel air sungai lagi pada 12 Juni 2025.",
        by=t["Budi"],
        expected_version=version(t),
        now=now,
    )
    budi = next(c for c in sb.list_cases(db, ws, participant_id=t["Budi"]) if c.id == cid)
    assert not budi.message_pending and budi.actions == ()
    items = [i for i in sb.score_workshop(db, ws).by_participant()[t["Budi"]] if i.kind == "reply"]
    assert [i.note and i.note.code for i in items] == ["jawaban_tindak_lanjut", "jawaban_pesan"]
    assert items[1].points > 0
    with pytest.raises(sb.ActionRefused, match="Tidak ada pesan"):
        sb.answer_message(
            db, ws, cid, text="Lagi.", by=t["Budi"], expected_version=version(t), now=now
        )


def test_not_our_authority_needs_a_reason(loop):
    t = loop
    verify(t)
    with pytest.raises(sb.ActionRefused, match="Alasan bukan wewenang wajib diisi"):
        sb.forward(
            t["db"],
            t["ws"],
            t["case"],
            "BPN",
            reason=" ",
            by=t["Ani"],
            expected_version=version(t),
            now=t["now"],
        )


def test_the_facilitators_override_comment_reaches_the_participant(loop):
    t = loop
    db, ws = t["db"], t["ws"]
    verify(t)
    to_dlh_and_answered(t)
    reply = [
        r
        for r in sb.replies_for_facilitator(db, ws, facilitator_id=t["fid"], case_id=t["case"])
        if r["kind"] == "tindak_lanjut"
    ][0]
    sb.override_reply(
        db, ws, reply["id"], score=0.2, comment="Sebutkan tanggalnya.", facilitator_id=t["fid"]
    )
    notes = [
        render(i.note) if i.note else ""
        for i in sb.feedback_for_participant(db, ws, t["Budi"], case_id=t["case"])
        if i.kind == "reply"
    ]
    assert notes == ["Jawaban tindak lanjut — komentar fasilitator: Sebutkan tanggalnya."]


def test_the_reporters_request_for_anonymity_is_shown_on_the_case(loop):
    t = loop
    db, ws = t["db"], t["ws"]
    asked = {
        r[0]
        for r in db.execute(
            "SELECT id FROM cases WHERE workshop_id = ? AND arrived = 1 AND anonymous_requested = 1",
            [ws],
        )
    }
    seen = {c.id for c in sb.list_cases(db, ws, participant_id=t["Ani"]) if c.anonymous_requested}
    assert asked and seen == asked


def test_verify_and_dispose_is_one_step_and_asks_for_what_it_needs(loop):
    t = loop
    db, ws, cid, now = t["db"], t["ws"], t["case"], t["now"]
    with pytest.raises(sb.ActionRefused, match="Pilih jenis laporan dan kategori"):
        sb.verify_and_dispose(db, ws, cid, "DLH", by=t["Ani"], expected_version=version(t), now=now)
    sb.verify_and_dispose(
        db,
        ws,
        cid,
        "DLH",
        copies=["DINKES"],
        report_type="pengaduan",
        category="lhk",
        anonim=True,
        by=t["Ani"],
        expected_version=version(t),
        now=now,
    )
    actions = [
        r[0] for r in db.execute("SELECT action FROM events WHERE case_id = ? ORDER BY id", [cid])
    ]
    assert actions[-2:] == ["verifikasi", "disposisi"]
    row = db.execute("SELECT state, anonim, copies FROM cases WHERE id = ?", [cid]).fetchone()
    assert row == ("terdisposisi", 1, '["DINKES"]')
    citra = next(c for c in sb.list_cases(db, ws, participant_id=t["Citra"]) if c.id == cid)
    assert citra.copies == ("DINKES",) and citra.actions == ()  # a copy reads, the owner acts


def test_the_facilitator_reads_the_whole_thread_of_their_own_workshop_only(loop):
    t = loop
    verify(t)
    to_dlh_and_answered(t)
    entries = sb.thread_for_facilitator(t["db"], t["ws"], t["case"], facilitator_id=t["fid"])
    assert [e.action for e in entries] == ["tanggapan_awal", "tindak_lanjut"]
    assert entries[1].note == "Catatan untuk tim DLH."
    with pytest.raises(sb.SandboxError):
        sb.thread_for_facilitator(t["db"], t["ws"], t["case"], facilitator_id=t["fid"] + 99)


def test_an_urgent_report_is_due_sooner_where_the_sop_says_so(tmp_path):
    """Does the OPD get less time for a report that states a threat to safety? Only when the
    scenario's SOP sets sop.deadlines.urgent_followup below the ordinary follow-up limit."""
    from scenarios import load_scenario, sla

    d = load_scenario("kelas_bimtek").sop.deadlines
    assert sla.followup_days(d, urgent=True) == d.followup  # not set: the same limit
    short = load_scenario("kelas_bimtek", {"sop.deadlines.urgent_followup": 1}).sop.deadlines
    assert (sla.followup_days(short, True), sla.followup_days(short, False)) == (1, d.followup)

    db, wall = sb.open_db(tmp_path / "sandbox.sqlite"), Wall()
    fid, ws = workshop_for_test(db, wall, overrides={"sop.deadlines.urgent_followup": 1})
    ani = sb.join(db, ws.code, "Ani", "verifikator", now=wall.now).id
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    sb.jump_clock(db, ws.id, datetime(2025, 6, 10, 8, 0), facilitator_id=fid, now=wall.now)
    sb.advance(db, ws.id, wall.now)
    first, ordinary = (
        r[0]
        for r in db.execute(
            "SELECT id FROM cases WHERE workshop_id = ? AND arrived = 1 AND state = 'masuk' "
            "ORDER BY seq LIMIT 2",
            [ws.id],
        )
    )
    # the report states a threat to safety (its key says so; the case page marks it)
    db.execute("UPDATE answer_keys SET urgent = 1 WHERE case_id = ?", [first])
    db.execute("UPDATE answer_keys SET urgent = 0 WHERE case_id = ?", [ordinary])
    urgent = {first}
    due = {}
    for cid in (first, ordinary):
        v = db.execute("SELECT version FROM cases WHERE id = ?", [cid]).fetchone()[0]
        sb.verify_and_dispose(
            db,
            ws.id,
            cid,
            "DLH",
            report_type="pengaduan",
            category="lhk",
            by=ani,
            expected_version=v,
            now=wall.now,
        )
        view = next(c for c in sb.list_cases(db, ws.id, participant_id=ani) if c.id == cid)
        due[cid] = next(x.due for x in view.deadlines if x.what == "tindak_lanjut")
        assert view.urgent == (cid in urgent)
    assert due[first] < due[ordinary]
    db.close()


def test_closing_on_an_answer_still_a_template_is_a_mistake_of_the_verifier(loop):
    """The verifier reads the OPD's answer before closing: an answer with its [isian] left is
    no answer to close on."""
    t = loop
    db, ws, cid, now = t["db"], t["ws"], t["case"], t["now"]
    verify(t)
    to_dlh_and_answered(t, reply="Selamat pagi. DLH telah [tindakan nyata] pada [tanggal].")
    sb.close(db, ws, cid, evidence=["foto.jpg"], by=t["Ani"], expected_version=version(t), now=now)
    mistakes = [m for i in sb.score_workshop(db, ws).by_participant()[t["Ani"]] for m in i.mistakes]
    assert "tutup_jawaban_templat" in mistakes


def test_a_bot_desk_answers_the_angry_message_itself(tmp_path):
    """With nobody playing the desks, the message is answered by the bot holding the case."""
    db, wall = sb.open_db(tmp_path / "sandbox.sqlite"), Wall()
    fid, ws = workshop_for_test(db, wall)
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    sb.jump_clock(db, ws.id, datetime(2025, 6, 10, 8, 0), facilitator_id=fid, now=wall.now)
    sb.advance(db, ws.id, wall.now)
    cid = db.execute(
        "SELECT id FROM cases WHERE workshop_id = ? AND arrived = 1 AND state NOT IN "
        "('ditindaklanjuti', 'ditunda') ORDER BY seq DESC",
        [ws.id],
    ).fetchone()[0]
    sb.inject(db, ws.id, "tindak_lanjut_marah", facilitator_id=fid, now=wall.now, case_id=cid)
    sb.jump_clock(db, ws.id, datetime(2025, 6, 13, 15, 0), facilitator_id=fid, now=wall.now)
    sb.advance(db, ws.id, wall.now)
    entries = sb.thread_for_facilitator(db, ws.id, cid, facilitator_id=fid)
    asked = [i for i, e in enumerate(entries) if e.action == "pesan_pelapor"][-1]
    answers = [e for e in entries[asked:] if e.action in ("jawab_pesan", "tindak_lanjut")]
    assert answers[0].action == "jawab_pesan" and answers[0].who.startswith("Bot")
    db.close()
