"""The personal feedback sheet, the cases a participant has opened, a facilitator's display name:
engine functions, tested without Flask."""

from __future__ import annotations

from datetime import datetime

import pytest

import sandbox as sb
from sandbox.feedback_sheet import SKILLS, skill_of
from sandbox.notes import render
from sandbox.records import ScoreItem
from web.testing import seeded_db


@pytest.fixture
def ws(tmp_path):
    """The seeded workshop with Ani (verifikator) after the first cases arrived."""
    seed = seeded_db(tmp_path / "db.sqlite")
    db = sb.open_db(tmp_path / "db.sqlite")
    w = seed["ws"]
    ani = sb.join(db, w["code"], "Ani", "verifikator", now=sb.wall_now())
    sb.advance(db, w["id"], sb.wall_now())
    yield db, w, ani, seed
    db.close()


def item(kind, *mistakes, points=0.0, max_points=5.0):
    return ScoreItem(1, "SIM-00001", kind, points, max_points, mistakes, None)


def test_each_score_item_speaks_about_one_skill():
    assert skill_of(item("classification")) == "verifikasi"
    assert skill_of(item("routing", "salah_tingkat")) == "disposisi"
    assert skill_of(item("timeliness", "verifikasi_terlambat")) == "waktu"
    assert skill_of(item("reply", "jawaban_generik")) == "jawaban"
    assert skill_of(item("penalty", "anonim_terlewat", max_points=0)) == "anonimitas"
    assert skill_of(item("penalty", "bolak_balik", max_points=0)) == "disposisi"
    assert list(SKILLS) == ["verifikasi", "disposisi", "anonimitas", "waktu", "jawaban"]


def test_the_sheet_has_every_skill_with_own_examples_and_what_to_practise(ws):
    db, w, ani, _ = ws
    fid, now = w["facilitator_id"], sb.wall_now()
    sb.jump_clock(db, w["id"], datetime(2025, 6, 13, 15), facilitator_id=fid, now=now)
    sb.advance(db, w["id"], now)  # the verification deadlines pass unmet
    sheet = sb.feedback_sheet(db, w["id"], ani.id)
    assert [s.skill.code for s in sheet] == list(SKILLS)
    late = next(s for s in sheet if s.skill.code == "waktu")
    assert late.max_points > 0 and late.needs_practice and late.examples
    assert all(e.case_id.startswith("SIM-") and render(e.why) for e in late.examples)
    assert len(late.examples) <= 3


def test_in_assessment_only_the_facilitator_sees_the_sheet_before_the_reveal(ws):
    db, w, ani, seed = ws
    sb.set_mode(db, w["id"], "assessment", facilitator_id=w["facilitator_id"])
    with pytest.raises(sb.NotAllowed):
        sb.feedback_sheet(db, w["id"], ani.id)
    assert sb.feedback_sheet(db, w["id"], ani.id, facilitator_id=w["facilitator_id"])
    with pytest.raises(sb.SandboxError):
        sb.feedback_sheet(db, w["id"], ani.id, facilitator_id=seed["other_ws"]["facilitator_id"])


def test_a_case_counts_as_opened_once_and_only_for_its_reader(ws):
    db, w, ani, _ = ws
    budi = sb.join(db, w["code"], "Budi", "verifikator", now=sb.wall_now())
    assert sb.opened_cases(db, w["id"], ani.id) == set()
    for _ in range(2):
        sb.mark_opened(db, w["id"], ani.id, "SIM-00001", now=sb.wall_now())
    assert sb.opened_cases(db, w["id"], ani.id) == {"SIM-00001"}
    assert sb.opened_cases(db, w["id"], budi.id) == set()


def test_certificates_are_signed_with_the_display_name_else_the_login_name(ws):
    db, w, _, _ = ws
    fid = w["facilitator_id"]
    assert sb.display_name(db, fid) == "fasilitator"
    sb.set_display_name(db, fid, "  Dra. Siti Aminah  ")
    assert sb.display_name(db, fid) == "Dra. Siti Aminah"
    sb.set_display_name(db, fid, "")
    assert sb.display_name(db, fid) == "fasilitator"
    other = sb.create_facilitator(
        db, "rina", "kata-sandi-8", now=sb.wall_now(), display_name="Bu Rina"
    )
    assert sb.display_name(db, other) == "Bu Rina"
