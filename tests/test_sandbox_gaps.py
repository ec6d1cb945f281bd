"""Broadcasts to participants and role changes by the facilitator (sandbox functions)."""

from __future__ import annotations

import json

import pytest

import sandbox as sb
from sandbox.testing import PASSWORD, Wall, workshop_for_test


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A kelas_bimtek workshop with two participants (built once, copied per test)."""
    path = tmp_path_factory.mktemp("gaps") / "sandbox.sqlite"
    db = sb.open_db(path)
    wall = Wall()
    fid, ws = workshop_for_test(db, wall)
    other = sb.create_facilitator(db, "lain", PASSWORD, now=wall.now)
    ani = sb.join(db, ws.code, "Ani", "verifikator", now=wall.now)
    budi = sb.join(db, ws.code, "Budi", "observer", now=wall.now)
    db.close()
    return path, {"fid": fid, "ws": ws.id, "other": other, "ani": ani.id, "budi": budi.id}


@pytest.fixture
def world(template, tmp_path):
    target = tmp_path / "sandbox.sqlite"
    target.write_bytes(template[0].read_bytes())
    db = sb.open_db(target)
    yield db, template[1], Wall()
    db.close()


def test_broadcasts_are_stored_and_read_newest_first(world):
    db, ids, wall = world
    first = sb.broadcast(
        db, ids["ws"], "  Istirahat   10 menit ", facilitator_id=ids["fid"], now=wall.now
    )
    assert first.text == "Istirahat 10 menit"
    sb.broadcast(db, ids["ws"], "Lanjut lagi", facilitator_id=ids["fid"], now=wall.minutes(10))
    found = sb.broadcasts(db, ids["ws"])
    assert [b.text for b in found] == ["Lanjut lagi", "Istirahat 10 menit"]
    assert found[0].local_time.tzname() == "WIB"


def test_a_broadcast_needs_text_and_the_owner(world):
    db, ids, wall = world
    with pytest.raises(sb.SandboxError, match="wajib diisi"):
        sb.broadcast(db, ids["ws"], "   ", facilitator_id=ids["fid"], now=wall.now)
    with pytest.raises(sb.SandboxError):
        sb.broadcast(db, ids["ws"], "x" * 281, facilitator_id=ids["fid"], now=wall.now)
    with pytest.raises(sb.NotAllowed):
        sb.broadcast(db, ids["ws"], "Halo", facilitator_id=ids["other"], now=wall.now)
    assert sb.broadcasts(db, ids["ws"]) == []


def test_assign_role_changes_role_opd_and_team_and_logs_an_event(world):
    db, ids, wall = world
    ws = sb.get_workshop(db, ids["ws"])
    opd = ws.local_opds[0]
    p = sb.assign_role(
        db, ws.id, ids["budi"], "penghubung", opd, "Tim A", facilitator_id=ids["fid"], now=wall.now
    )
    assert (p.role, p.opd, p.team) == ("penghubung", opd, "Tim A")
    event = next(iter(db.query("SELECT * FROM events WHERE action = 'peran_diubah'")))
    assert event["actor_kind"] == "facilitator" and event["case_id"] is None
    payload = json.loads(event["payload"])
    assert payload["from"]["role"] == "observer" and payload["to"]["opd"] == opd
    p = sb.assign_role(
        db, ws.id, ids["budi"], "verifikator", facilitator_id=ids["fid"], now=wall.now
    )
    assert (p.role, p.opd, p.team) == ("verifikator", None, None)


def test_assign_role_validates_the_opd_the_role_and_the_workshop(world):
    db, ids, wall = world
    kw = {"facilitator_id": ids["fid"], "now": wall.now}
    with pytest.raises(sb.SandboxError, match="Penghubung harus memilih OPD"):
        sb.assign_role(db, ids["ws"], ids["ani"], "penghubung", "KEMENTERIAN_X", **kw)
    with pytest.raises(sb.SandboxError, match="Hanya penghubung"):
        sb.assign_role(db, ids["ws"], ids["ani"], "verifikator", "DLH", **kw)
    with pytest.raises(sb.SandboxError, match="Peran harus"):
        sb.assign_role(db, ids["ws"], ids["ani"], "raja", **kw)
    with pytest.raises(sb.NotFound):
        sb.assign_role(db, ids["ws"], 9999, "observer", **kw)
    with pytest.raises(sb.NotAllowed):
        sb.assign_role(
            db, ids["ws"], ids["ani"], "observer", facilitator_id=ids["other"], now=wall.now
        )
    assert sb.participants_of(db, ids["ws"])[0].role == "verifikator"
    assert not list(db.query("SELECT id FROM events WHERE action = 'peran_diubah'"))


def test_the_broadcast_table_comes_from_a_new_named_migration(world):
    db, _ids, _wall = world
    assert "broadcasts" in db.table_names()
    applied = [r["name"] for r in db.query("SELECT name FROM _sqlite_migrations ORDER BY id")]
    # its own migration right after the one before it (later features add theirs after it)
    assert applied.index("0010_broadcasts") == applied.index("0009_counterfactuals") + 1
