"""A complete bimtek exercise through the Python API, from creation to debrief.

Kelas bimtek, seed 3, starting Thursday 5 June 2025: Friday 6 June is Idul Adha, then the weekend,
then Monday 9 June is cuti bersama — the clock must skip all four days. Ani verifies, Budi is the
penghubung of DLH, bots play the seven other OPDs and the citizens.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

import sandbox as sb
from sandbox.notes import render
from sandbox.testing import GENERIC_REPLY, Scripted, Wall, workshop_for_test
from scenarios.routing import REGISTRY

WIB_CLOSE = (16, 0)


@pytest.fixture
def fresh_db(tmp_path):
    db = sb.open_db(tmp_path / "sandbox.sqlite")
    yield db
    db.close()


def staged(action: str, office: str, **flags: bool):
    """A staged verifier step: verify (with the key's flags unless overridden), then route."""

    def step(db, ws, c, k, pid, now):
        chosen = {"anonim": k.anonim, "rahasia": k.rahasia, **flags}
        v = sb.verify(
            db,
            ws,
            c.id,
            title=c.report_title,
            report_type=k.report_type,
            category=k.category,
            by=pid,
            expected_version=c.version,
            now=now,
            **chosen,
        )
        if action == "disposisi":
            sb.dispose(db, ws, c.id, office, by=pid, expected_version=v.version, now=now)
        else:
            reason = "Kewenangan instansi lain"
            sb.forward(
                db, ws, c.id, office, reason=reason, by=pid, expected_version=v.version, now=now
            )

    return step


def tunda_asking(*missing: str):
    def step(db, ws, c, k, pid, now):
        sb.tunda(
            db,
            ws,
            c.id,
            missing=missing,
            message="Mohon sebutkan lokasinya.",
            by=pid,
            expected_version=c.version,
            now=now,
        )

    return step


def item(scores, pid, case_id, kind):
    found = [i for i in scores.by_participant()[pid] if i.case_id == case_id and i.kind == kind]
    assert found, f"no {kind} item for {case_id}"
    return found


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    """The exercise, played once for all the assertions below."""
    db = sb.open_db(tmp_path_factory.mktemp("ws") / "sandbox.sqlite")
    wall = Wall()
    fid, ws = workshop_for_test(db, wall)
    ani = sb.join(db, ws.code, "Ani", "verifikator", now=wall.now)
    budi = sb.join(db, ws.code, "Budi", "penghubung", "DLH", team="Sukamaju", now=wall.now)
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    first = {}
    wall.minutes(1)
    sb.advance(db, ws.id, wall.now)
    first["visible_to_ani"] = [c.id for c in sb.list_cases(db, ws.id, participant_id=ani.id)]
    first["visible_to_budi"] = [c.id for c in sb.list_cases(db, ws.id, participant_id=budi.id)]
    verifier = Scripted(
        db,
        ws.id,
        ani.id,
        fid,
        plan={
            "SIM-00014": staged("disposisi", "DINKES"),  # the co-owner: partial credit
            "SIM-00019": staged(
                "disposisi", "PUPR"
            ),  # a land title kept local: wrong tier, bounced
            "SIM-00003": staged("bukan_wewenang", "DLHK_PROV", rahasia=False),  # acceptable office
            "SIM-00008": staged("disposisi", "DLH", anonim=False),  # anonim forgotten
            "SIM-00009": tunda_asking("lokasi"),  # asks for one of the two missing elements
        },
    )
    penghubung = Scripted(
        db,
        ws.id,
        budi.id,
        fid,
        replies={
            # Ani forgot anonim, so Budi sees the name — and writes it: the classic leak.
            "SIM-00008": lambda c: f"Terima kasih Bapak/Ibu {c.reporter}, laporan sudah kami cek.",
            "SIM-00018": lambda c: GENERIC_REPLY,
        },
    )
    verifier.work(wall.now)
    first["after_weekend"] = hint = None
    while True:
        wall.minutes(1)  # one real minute = one simulated office hour
        report = sb.advance(db, ws.id, wall.now)
        if first["after_weekend"] is None and report.local_time.date() > date(2025, 6, 5):
            first["after_weekend"] = report.local_time
            first["deadlines"] = {
                c.id: c.deadlines for c in sb.list_cases(db, ws.id, participant_id=ani.id)
            }
            hint = sb.hint(db, ws.id, "SIM-00015", by=ani.id, now=wall.now)  # before deciding it
        verifier.work(wall.now)
        penghubung.work(wall.now)
        if report.at >= ws.end_at:
            break
    closing = [c for c in sb.list_cases(db, ws.id, participant_id=ani.id) if c.id == "SIM-00018"][0]
    if closing.state == "ditindaklanjuti":
        sb.close(
            db,
            ws.id,
            "SIM-00018",
            evidence=[],
            by=ani.id,
            expected_version=closing.version,
            now=wall.now,
        )
    played = {
        "db": db,
        "ws": ws,
        "fid": fid,
        "ani": ani,
        "budi": budi,
        "wall": wall,
        "first": first,
        "hint": hint,
        "scores": sb.score_workshop(db, ws.id),
    }
    yield played
    db.close()


def test_cases_arrive_with_the_clock_and_only_the_verifier_sees_new_ones(workshop):
    first = workshop["first"]
    assert first["visible_to_ani"] == ["SIM-00001"]  # received 07:09, the clock is at 08:30
    assert first["visible_to_budi"] == []


def test_the_clock_skips_idul_adha_the_weekend_and_cuti_bersama(workshop):
    t = workshop["first"]["after_weekend"]
    assert t.date() == date(2025, 6, 10) and t.strftime("%a") == "Tue"
    assert (t.hour, t.minute) == (8, 0)  # nine office hours: 8.5 on Thursday, 0.5 on Tuesday


def test_deadlines_are_counted_in_working_days_across_the_holidays(workshop):
    """Can a report received on Thursday evening be late before the Thursday after? No: 3 HK end then."""
    due = {d.what: d.due for d in workshop["first"]["deadlines"]["SIM-00002"]}
    assert due["verifikasi"].replace(tzinfo=None) == datetime(2025, 6, 12, *WIB_CLOSE)


def test_bots_keep_office_hours_and_stay_home_on_holidays(workshop):
    db, ws = workshop["db"], workshop["ws"]
    cal = ws.calendar
    bot_events = db.execute(
        "SELECT sim_at, actor_label FROM events WHERE actor_kind = 'bot'"
    ).fetchall()
    assert bot_events, "bots played the other OPDs"
    for t, who in bot_events:
        assert cal.is_open(t) or cal.is_open(t - 1e-6), (who, cal.to_datetime(t))
        assert cal.date_of(t) not in (
            date(2025, 6, 6),
            date(2025, 6, 7),
            date(2025, 6, 8),
            date(2025, 6, 9),
        )
    labels = {who for _, who in bot_events}
    assert "Bot verifikator" not in labels  # Ani plays the verification desk
    assert "Bot DLH" not in labels  # Budi plays DLH
    assert {"Bot PUPR", "Bot DINSOS"} <= labels


def test_scripted_citizens_complete_held_reports_and_reply(workshop):
    db = workshop["db"]
    actions = {
        a for (a,) in db.execute("SELECT DISTINCT action FROM events WHERE actor_kind = 'citizen'")
    }
    assert {"masuk", "lengkapi"} <= actions


def test_co_owner_earns_partial_credit_and_a_wrong_tier_none(workshop):
    scores, ani = workshop["scores"], workshop["ani"].id
    assert item(scores, ani, "SIM-00014", "routing")[0].points == 5.0
    wrong = item(scores, ani, "SIM-00019", "routing")[0]
    assert wrong.points == 0.0 and "salah_tingkat" in wrong.mistakes
    bounce = [i for i in item(scores, ani, "SIM-00019", "penalty") if "bolak_balik" in i.mistakes]
    assert bounce and bounce[0].points == -3.0
    assert (
        workshop["db"].execute("SELECT state FROM cases WHERE id = 'SIM-00019'").fetchone()[0]
        == "diteruskan"
    )


def test_forgotten_privacy_flags_and_an_incomplete_tunda_cost_points(workshop):
    scores, ani = workshop["scores"], workshop["ani"].id
    assert item(scores, ani, "SIM-00003", "routing")[0].points == 5.0  # DLHK_PROV is acceptable
    assert any("rahasia_terlewat" in i.mistakes for i in item(scores, ani, "SIM-00003", "penalty"))
    assert any("anonim_terlewat" in i.mistakes for i in item(scores, ani, "SIM-00008", "penalty"))
    held = item(scores, ani, "SIM-00009", "routing")[0]
    assert held.points == 7.5 and held.mistakes == ("tunda_kurang_lengkap",)


def test_identity_leak_is_a_severe_error_and_generic_replies_score_low(workshop):
    scores, budi = workshop["scores"], workshop["budi"].id
    leak = [
        i for i in item(scores, budi, "SIM-00008", "penalty") if "identitas_bocor" in i.mistakes
    ]
    assert leak and leak[0].points == -20.0
    assert item(scores, budi, "SIM-00008", "reply")[0].points == 0.0
    assert item(scores, budi, "SIM-00018", "reply")[0].points < 3.0
    assert item(scores, budi, "SIM-00025", "reply")[0].points == 10.0


def test_hint_costs_points(workshop):
    scores, ani = workshop["scores"], workshop["ani"].id
    assert workshop["hint"].level == 1 and workshop["hint"].cost == 2.0
    assert any(i.points == -2.0 for i in item(scores, ani, "SIM-00015", "penalty"))


def test_verifier_closes_with_the_evidence_of_the_follow_up(workshop):
    db, scores = workshop["db"], workshop["scores"]
    assert db.execute("SELECT state FROM cases WHERE id = 'SIM-00018'").fetchone()[0] == "selesai"
    assert not any("tutup_tanpa_bukti" in i.mistakes for i in scores.items)


def test_everyone_acted_on_time(workshop):
    scores = workshop["scores"]
    late = [i for i in scores.items if i.kind == "timeliness" and i.points < i.max_points]
    assert late == []


def test_feedback_in_practice_mode_names_the_key_after_acting(workshop):
    items = sb.feedback_for_participant(
        workshop["db"], workshop["ws"].id, workshop["ani"].id, case_id="SIM-00014"
    )
    routing = [i for i in items if i.kind == "routing"][0]
    assert routing.note is not None and routing.note.code == "kunci"  # a code, not a sentence
    said = render(routing.note)  # the CLI's Indonesian
    assert said.startswith("Kunci: disposisi ke DLH (rekan: DINKES). ")
    assert "Dinas Lingkungan Hidup" in said  # the rule, with the office's name
    assert "Laporan menyebut “" in said  # and the report's deciding words
    english = render(routing.note, "en")
    assert english.startswith("Key: dispose to DLH (co-owners: DINKES). ")
    assert "The report says “" in english and "Kunci" not in english


def test_leaderboard_uses_aliases_and_ranks_both(workshop):
    board = sb.leaderboard(workshop["db"], workshop["ws"].id)
    assert {s.name for s in board.rows} == {workshop["ani"].alias, workshop["budi"].alias}
    assert [s.rank for s in board.rows] == [1, 2]
    assert board.teams[0].name == "Sukamaju"


def test_debrief_shows_confusion_mistakes_timeline_replies_and_counterfactual(workshop):
    d = sb.debrief(
        workshop["db"],
        workshop["ws"].id,
        facilitator_id=workshop["fid"],
        participant_id=workshop["ani"].id,
    )
    assert d.confusion["DLH"]["DINKES"] == 1
    assert d.confusion["BPN"]["PUPR"] == 1
    assert d.confusion["KPH"]["DLHK_PROV"] == 1
    codes = [m[0] for m in d.mistakes]
    assert {"identitas_bocor", "salah_tingkat", "bolak_balik", "rahasia_terlewat"} <= set(codes)
    assert d.timeline[0]["case_id"] == "SIM-00001" and d.timeline[0]["action"] == "verifikasi"
    assert [e["id"] for e in d.timeline] == sorted(e["id"] for e in d.timeline)
    best, weak = d.replies[0]
    assert best["score"] == 1.0 and weak is not None and weak["score"] == 0.0
    assert set(d.counterfactual) == set(REGISTRY)
    assert d.kpis["arrivals"] == 48.0
    assert d.counterfactual["perfect"]["arrivals"] == 48.0  # the same caseload as the participants'
    assert d.counterfactual["perfect"]["misroute_rate"] == 0.0


def test_event_log_is_append_only(workshop):
    db = workshop["db"]
    with pytest.raises(Exception, match="append-only"):
        db.execute("UPDATE events SET actor_label = 'x' WHERE id = 1")
    with pytest.raises(Exception, match="append-only"):
        db.execute("DELETE FROM events WHERE id = 1")


def test_the_facilitator_overrides_a_reply_score_with_a_comment(workshop):
    db, ws, fid, budi = workshop["db"], workshop["ws"].id, workshop["fid"], workshop["budi"].id
    generic = [
        r
        for r in sb.replies_for_facilitator(db, ws, facilitator_id=fid, case_id="SIM-00018")
        if r["kind"] == "tindak_lanjut"
    ][0]
    assert generic["auto_score"] < 0.3 and any(not c.passed for c in generic["checks"])
    sb.override_reply(
        db, ws, generic["id"], score=0.5, comment="Singkat, tapi sopan.", facilitator_id=fid
    )
    rescored = [
        i
        for i in sb.score_workshop(db, ws).by_participant()[budi]
        if i.case_id == "SIM-00018" and i.kind == "reply"
    ]
    assert rescored[0].points == 5.0
    with pytest.raises(sb.SandboxError):
        sb.override_reply(db, ws, generic["id"], score=1.5, comment="", facilitator_id=fid)
