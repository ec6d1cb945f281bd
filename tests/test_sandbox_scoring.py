"""Scoring rules: partial credit, wrong tier, holds, duplicates, timeliness, leaks and evidence."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sandbox as sb
from sandbox.caseload import Key
from sandbox.judging import routing_credit, timeliness_credit
from sandbox.testing import Wall, workshop_for_test
from scenarios import load_scenario
from scenarios.timebase import calendar_for

W = sb.ScoringWeights()


def key(action="disposisi", opd="DLH", acceptable=("DINKES",), **kw) -> Key:
    """An answer key with readable defaults (an ordinary DLH complaint with DINKES as co-owner)."""
    values = dict(
        case_id="SIM-00009",
        category="lhk",
        subcategory="pencemaran",
        report_type="pengaduan",
        action=action,
        opd=opd,
        acceptable=tuple(acceptable),
        then=None,
        missing=(),
        request=None,
        archive_reason=None,
        duplicate_of=None,
        anonim=False,
        rahasia=False,
        urgent=False,
        deadline_kind="pengaduan",
        deadline_hk=14,
        answer_points=(),
        hard_kind="biasa",
        typical_misroutes=(),
    )
    values.update(kw)
    return Key(**values)


@pytest.mark.parametrize(
    ("action", "payload", "credit", "mistakes"),
    [
        ("disposisi", {"opd": "DLH"}, 1.0, ()),
        ("disposisi", {"opd": "DINKES"}, 0.5, ()),
        ("disposisi", {"opd": "PUPR"}, 0.0, ("salah_opd",)),
        ("disposisi", {"opd": "DLH", "copies": ["DINKES"]}, 1.0, ()),
        # a wrong lead with a tembusan to the owner: the co-owner credit; copies to all: nothing
        ("disposisi", {"opd": "PUPR", "copies": ["DLH"]}, 0.5, ("salah_opd",)),
        ("disposisi", {"opd": "PUPR", "copies": ["DLH", "SATPOLPP"]}, 0.0, ("salah_opd",)),
        ("bukan_wewenang", {"office": "DLHK_PROV"}, 0.0, ("salah_tingkat",)),
        ("arsipkan", {"reason": "x"}, 0.0, ("arsip_keliru",)),
        ("tunda", {"missing": ["lokasi"]}, 0.0, ("tunda_tidak_perlu",)),
    ],
)
def test_disposition_against_the_owner_and_co_owner(action, payload, credit, mistakes):
    assert routing_credit(action, payload, "disposisi", key(), W) == (credit, mistakes)


def test_a_wrong_tier_earns_nothing_even_towards_the_right_office():
    """Is disposing a land title to a kabupaten OPD worth anything? No: the tier is wrong."""
    k = key("bukan_wewenang", "BPN", ())
    assert routing_credit("disposisi", {"opd": "PUPR"}, "bukan_wewenang", k, W) == (
        0.0,
        ("salah_tingkat",),
    )
    assert routing_credit("bukan_wewenang", {"office": "BPN"}, "bukan_wewenang", k, W) == (1.0, ())
    assert routing_credit("bukan_wewenang", {"office": "KPH"}, "bukan_wewenang", k, W) == (
        0.0,
        ("salah_instansi_tujuan",),
    )
    assert routing_credit("arsipkan", {}, "bukan_wewenang", k, W) == (
        0.0,
        ("arsip_bukan_teruskan",),
    )


def test_holds_are_scored_by_what_they_ask_for():
    k = key("tunda", then="disposisi", missing=("lokasi", "rincian"))
    assert routing_credit("tunda", {"missing": ["lokasi", "rincian"]}, "tunda", k, W) == (1.0, ())
    assert routing_credit("tunda", {"missing": ["lokasi"]}, "tunda", k, W) == (
        0.75,
        ("tunda_kurang_lengkap",),
    )
    assert routing_credit("disposisi", {"opd": "DLH"}, "tunda", k, W) == (
        0.5,
        ("tidak_minta_kelengkapan",),
    )
    assert routing_credit("arsipkan", {}, "tunda", k, W) == (0.0, ("arsip_bukan_tunda",))


def test_duplicates_and_out_of_scope():
    dup = key("duplikat", duplicate_of="SIM-00001")
    assert routing_credit("duplikat", {"original": "SIM-00001"}, "duplikat", dup, W) == (1.0, ())
    assert routing_credit("duplikat", {"original": "SIM-00002"}, "duplikat", dup, W) == (
        0.5,
        ("duplikat_induk_salah",),
    )
    assert routing_credit("disposisi", {"opd": "DLH"}, "duplikat", dup, W) == (
        0.0,
        ("duplikat_terlewat",),
    )
    oos = key("arsipkan", None, ())
    assert routing_credit("arsipkan", {"reason": "perdata"}, "arsipkan", oos, W) == (1.0, ())
    assert routing_credit("disposisi", {"opd": "DLH"}, "arsipkan", oos, W) == (
        0.0,
        ("luar_lingkup_diproses",),
    )


def test_weights_are_passed_in_not_hard_coded():
    stingy = sb.ScoringWeights(co_owner_credit=0.25)
    assert routing_credit("disposisi", {"opd": "DINKES"}, "disposisi", key(), stingy)[0] == 0.25
    with pytest.raises(ValueError, match="unknown scoring weight"):
        sb.ScoringWeights.from_mapping({"routng": 3})


@pytest.fixture(scope="module")
def cal():
    return calendar_for(load_scenario("kelas_bimtek", {"simulation.start": "2025-06-05"}))


def test_timeliness_is_measured_in_working_time(cal):
    deadline = cal.deadline_working_days(
        cal.to_hours(datetime(2025, 6, 5, 19, 11)), 3
    )  # Thu 12 Jun 16:00
    assert timeliness_credit(deadline - 1, deadline, cal, W) == 1.0
    friday_noon = cal.to_hours(datetime(2025, 6, 13, 12, 0))  # 4.5 working hours late
    assert timeliness_credit(friday_noon, deadline, cal, W) == pytest.approx(
        1 - 4.5 / (3 * cal.hours_per_working_day)
    )
    saturday = cal.to_hours(datetime(2025, 6, 14, 10, 0))  # a full working day late, not two
    assert timeliness_credit(saturday, deadline, cal, W) == pytest.approx(
        1 - 9.0 / (3 * cal.hours_per_working_day)
    )
    assert timeliness_credit(deadline + 24 * 7, deadline, cal, W) == 0.0


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 400), st.floats(0, 200))
def test_timeliness_credit_is_bounded_and_never_rewards_waiting(cal, deadline, late):
    a = timeliness_credit(deadline + late, deadline, cal, W)
    b = timeliness_credit(deadline + late + 5, deadline, cal, W)
    assert 0.0 <= b <= a <= 1.0


@pytest.fixture
def tuesday(tmp_path):
    """Ani (verifikator) and Budi (DLH) on Tuesday 10 June 08:00, after the long weekend."""
    db = sb.open_db(tmp_path / "sandbox.sqlite")
    wall = Wall()
    fid, ws = workshop_for_test(db, wall)
    ani = sb.join(db, ws.code, "Ani", "verifikator", now=wall.now)
    budi = sb.join(db, ws.code, "Budi", "penghubung", "DLH", now=wall.now)
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    sb.jump_clock(db, ws.id, datetime(2025, 6, 10, 8, 0), facilitator_id=fid, now=wall.now)
    sb.advance(db, ws.id, wall.now)
    yield {"db": db, "ws": ws, "fid": fid, "ani": ani, "budi": budi, "wall": wall}
    db.close()


def version(db, case_id):
    return db.execute("SELECT version FROM cases WHERE id = ?", [case_id]).fetchone()[0]


def items_of(db, ws, pid, case_id):
    return [
        i
        for i in sb.score_workshop(db, ws.id).by_participant().get(pid, [])
        if i.case_id == case_id
    ]


def test_a_leak_in_an_initial_response_is_severe_and_closing_needs_evidence(tuesday):
    """SIM-00008 asked for anonymity; Budi names the reporter in his first response."""
    db, ws, ani, budi, now = (
        tuesday["db"],
        tuesday["ws"],
        tuesday["ani"].id,
        tuesday["budi"].id,
        tuesday["wall"].now,
    )
    name = db.execute("SELECT reporter_name FROM cases WHERE id = 'SIM-00008'").fetchone()[0]
    e = sb.verify(
        db,
        ws.id,
        "SIM-00008",
        title="Sungai berbau",
        report_type="informasi",
        category="lhk",
        anonim=True,
        by=ani,
        expected_version=version(db, "SIM-00008"),
        now=now,
    )
    sb.dispose(db, ws.id, "SIM-00008", "DLH", by=ani, expected_version=e.version, now=now)
    e = sb.accept(db, ws.id, "SIM-00008", by=budi, expected_version=e.version + 1, now=now)
    e = sb.initial_response(
        db,
        ws.id,
        "SIM-00008",
        text=f"Baik Bapak/Ibu {name}, kami cek.",
        by=budi,
        expected_version=e.version,
        now=now,
    )
    e = sb.follow_up(
        db,
        ws.id,
        "SIM-00008",
        reply="Sudah kami cek.",
        by=budi,
        expected_version=e.version,
        now=now,
    )
    sb.close(db, ws.id, "SIM-00008", evidence=[], by=ani, expected_version=e.version, now=now)
    budi_items = items_of(db, ws, budi, "SIM-00008")
    assert any(i.points == -20.0 and "identitas_bocor" in i.mistakes for i in budi_items)
    ani_items = items_of(db, ws, ani, "SIM-00008")
    assert any(i.points == -3.0 and "tutup_tanpa_bukti" in i.mistakes for i in ani_items)
    assert not any("anonim_terlewat" in i.mistakes for i in ani_items)


def test_a_title_naming_the_reporter_of_an_anonymous_case_is_a_leak(tuesday):
    db, ws, ani, now = tuesday["db"], tuesday["ws"], tuesday["ani"].id, tuesday["wall"].now
    name = db.execute("SELECT reporter_name FROM cases WHERE id = 'SIM-00008'").fetchone()[0]
    sb.verify(
        db,
        ws.id,
        "SIM-00008",
        title=f"Laporan {name}",
        report_type="informasi",
        category="lhk",
        anonim=False,
        by=ani,
        expected_version=version(db, "SIM-00008"),
        now=now,
    )
    mistakes = {m for i in items_of(db, ws, ani, "SIM-00008") for m in i.mistakes}
    assert {"identitas_bocor", "anonim_terlewat"} <= mistakes


def test_open_work_past_its_deadline_counts_as_late_for_the_desk(tuesday):
    """Nobody verifies SIM-00002 (due Thu 12 June 16:00); on Friday it is late for Ani."""
    db, ws, fid, ani, wall = (
        tuesday["db"],
        tuesday["ws"],
        tuesday["fid"],
        tuesday["ani"].id,
        tuesday["wall"],
    )
    sb.jump_clock(db, ws.id, datetime(2025, 6, 13, 12, 0), facilitator_id=fid, now=wall.now)
    sb.advance(db, ws.id, wall.now)
    late = [i for i in items_of(db, ws, ani, "SIM-00002") if i.kind == "timeliness"]
    assert late and late[0].points == 0.0 and late[0].mistakes == ("verifikasi_terlambat",)
    e = sb.tunda(
        db,
        ws.id,
        "SIM-00002",
        missing=["waktu"],
        message="Sejak kapan?",
        by=ani,
        expected_version=version(db, "SIM-00002"),
        now=wall.now,
    )
    done = [i for i in items_of(db, ws, ani, "SIM-00002") if i.kind == "timeliness"][0]
    cal = ws.calendar
    deadline = cal.deadline_working_days(cal.to_hours(datetime(2025, 6, 5, 19, 11)), 3)
    assert done.points == pytest.approx(
        5.0 * timeliness_credit(e.sim_at, deadline, cal, W), abs=1e-3
    )
    assert 0 < done.points < 5.0


def test_bulk_misuse_is_scored_per_wrong_case(tuesday):
    db, ws, ani, now = tuesday["db"], tuesday["ws"], tuesday["ani"].id, tuesday["wall"].now
    picked = {}
    for cid, cat in (("SIM-00004", "trantibum"), ("SIM-00006", "pupr")):  # SATPOLPP's and PUPR's
        e = sb.verify(
            db,
            ws.id,
            cid,
            title="x",
            report_type="pengaduan",
            category=cat,
            by=ani,
            expected_version=version(db, cid),
            now=now,
        )
        picked[cid] = e.version
    results = sb.bulk(db, ws.id, "disposisi", picked, by=ani, now=now, opd="PUPR")
    assert [r.ok for r in results] == [True, True]
    scored = sb.score_workshop(db, ws.id).by_participant()[ani]
    assert [i.case_id for i in scored if "massal_keliru" in i.mistakes] == ["SIM-00004"]


def test_scores_are_a_pure_function_of_the_log(tuesday):
    db, ws = tuesday["db"], tuesday["ws"]
    assert sb.score_workshop(db, ws.id).items == sb.score_workshop(db, ws.id).items
    assert date(2025, 6, 10) == ws.calendar.date_of(sb.get_workshop(db, ws.id).processed_until)
