"""Two participants on one case, and a server restart in the middle of a workshop."""

from __future__ import annotations

import threading

import pytest

import sandbox as sb
from sandbox.testing import Wall, workshop_for_test


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "sandbox.sqlite"


@pytest.fixture
def running(db_path):
    """A started workshop with two verifiers and SIM-00001 (received 07:09) waiting."""
    db = sb.open_db(db_path)
    wall = Wall()
    fid, ws = workshop_for_test(db, wall)
    ani = sb.join(db, ws.code, "Ani", "verifikator", now=wall.now)
    citra = sb.join(db, ws.code, "Citra", "verifikator", now=wall.now)
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    wall.minutes(1)
    sb.advance(db, ws.id, wall.now)
    case = sb.list_cases(db, ws.id, participant_id=ani.id)[0]
    case = sb.verify(
        db,
        ws.id,
        case.id,
        title="Kartu KKS ditahan pendamping",
        report_type="pengaduan",
        category="sosial",
        by=ani.id,
        expected_version=case.version,
        now=wall.now,
    )
    yield {
        "db": db,
        "ws": ws,
        "fid": fid,
        "ani": ani,
        "citra": citra,
        "wall": wall,
        "version": case.version,
    }
    db.close()


def test_the_second_participant_gets_a_clear_conflict_and_nothing_is_overwritten(running, db_path):
    """Ani disposes SIM-00001 while Citra, who loaded the same version, archives it from another connection."""
    r = running
    other = sb.open_db(db_path)  # Citra's own connection
    try:
        sb.dispose(
            r["db"],
            r["ws"].id,
            "SIM-00001",
            "DINSOS",
            by=r["ani"].id,
            expected_version=r["version"],
            now=r["wall"].now,
        )
        with pytest.raises(sb.ConflictError) as err:
            sb.archive(
                other,
                r["ws"].id,
                "SIM-00001",
                reason="tidak jelas",
                by=r["citra"].id,
                expected_version=r["version"],
                now=r["wall"].now,
            )
    finally:
        other.close()
    assert "SIM-00001" in err.value.message_id and "Ani" in err.value.message_id
    assert "reload" in err.value.message_en
    db = r["db"]
    assert db.execute(
        "SELECT state, assigned_opd FROM cases WHERE id = 'SIM-00001'"
    ).fetchone() == ("terdisposisi", "DINSOS")
    decisions = db.execute(
        "SELECT action FROM events WHERE case_id = 'SIM-00001' AND action IN ('disposisi', 'arsipkan')"
    ).fetchall()
    assert decisions == [("disposisi",)]


def test_simultaneous_actions_from_two_threads_one_wins(running, db_path):
    r = running
    barrier = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def act(name: str, pid: int, fn) -> None:
        conn = sb.open_db(db_path)
        try:
            barrier.wait()
            fn(conn, pid)
            outcome[name] = "ok"
        except sb.ConflictError:
            outcome[name] = "conflict"
        finally:
            conn.close()

    ws, v, now = r["ws"].id, r["version"], r["wall"].now
    threads = [
        threading.Thread(
            target=act,
            args=(
                "ani",
                r["ani"].id,
                lambda c, p: sb.dispose(
                    c, ws, "SIM-00001", "DINSOS", by=p, expected_version=v, now=now
                ),
            ),
        ),
        threading.Thread(
            target=act,
            args=(
                "citra",
                r["citra"].id,
                lambda c, p: sb.forward(
                    c,
                    ws,
                    "SIM-00001",
                    "BPN",
                    reason="Sertifikat tanah: kewenangan Kantor Pertanahan",
                    by=p,
                    expected_version=v,
                    now=now,
                ),
            ),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome.values()) == ["conflict", "ok"]
    versions = r["db"].execute("SELECT version FROM cases WHERE id = 'SIM-00001'").fetchone()[0]
    assert versions == v + 1


def test_restart_mid_workshop_keeps_clock_and_state(running, db_path):
    """Close the database, reopen it: the simulated instant and every case are exactly as before."""
    r = running
    ws, wall = r["ws"], r["wall"]
    sb.dispose(
        r["db"],
        ws.id,
        "SIM-00001",
        "DINSOS",
        by=r["ani"].id,
        expected_version=r["version"],
        now=wall.now,
    )
    before_clock = sb.simulated_now(sb.get_workshop(r["db"], ws.id), wall.now + 90)
    before = r["db"].execute("SELECT * FROM cases ORDER BY id").fetchall()
    agenda = r["db"].execute("SELECT due_at, kind, case_id FROM agenda ORDER BY id").fetchall()
    r["db"].close()

    db = sb.open_db(db_path)  # the server comes back
    r["db"] = db
    assert sb.simulated_now(sb.get_workshop(db, ws.id), wall.now + 90) == before_clock
    assert db.execute("SELECT * FROM cases ORDER BY id").fetchall() == before
    assert db.execute("SELECT due_at, kind, case_id FROM agenda ORDER BY id").fetchall() == agenda
    assert [a[1] for a in agenda] == ["bot_triage"]  # the DINSOS bot has not looked yet
    assert (
        db.execute("SELECT state FROM cases WHERE id = 'SIM-00001'").fetchone()[0] == "terdisposisi"
    )
    wall.minutes(3)
    sb.advance(db, ws.id, wall.now)  # the bot picks up where it was
    assert db.execute("SELECT state FROM cases WHERE id = 'SIM-00001'").fetchone()[0] == "diproses"
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
