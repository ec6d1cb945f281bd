"""Leaderboard aliases, teams, freeze and hide; exports as Excel opens them."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest

import sandbox as sb
from sandbox.testing import Wall, workshop_for_test


@pytest.fixture
def game(tmp_path):
    """Two verifiers in a team each, on Tuesday 10 June 08:00; Ani has decided one case right."""
    db, wall = sb.open_db(tmp_path / "sandbox.sqlite"), Wall()
    fid, ws = workshop_for_test(db, wall)
    ani = sb.join(db, ws.code, "Ani", "verifikator", team="Timur", alias="Elang", now=wall.now)
    citra = sb.join(db, ws.code, "Citra", "verifikator", team="Barat", now=wall.now)
    sb.join(db, ws.code, "Oki", "observer", now=wall.now)
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    sb.jump_clock(db, ws.id, datetime(2025, 6, 10, 8, 0), facilitator_id=fid, now=wall.now)
    sb.advance(db, ws.id, wall.now)
    g = {"db": db, "ws": ws.id, "fid": fid, "ani": ani, "citra": citra, "now": wall.now}
    cat = db.execute("SELECT category FROM answer_keys WHERE case_id = 'SIM-00012'").fetchone()[0]
    sb.verify(
        db,
        ws.id,
        "SIM-00012",
        title="Laporan pencurian",
        report_type="pengaduan",
        category=cat,
        by=ani.id,
        expected_version=1,
        now=wall.now,
    )
    v = db.execute("SELECT version FROM cases WHERE id = 'SIM-00012'").fetchone()[0]
    sb.forward(
        db,
        ws.id,
        "SIM-00012",
        "POLRES",
        reason="Dugaan tindak pidana",
        by=ani.id,
        expected_version=v,
        now=wall.now,
    )  # a crime: forwarding to Polres is right
    yield g
    db.close()


def archive(g, who, case_id):
    v = g["db"].execute("SELECT version FROM cases WHERE id = ?", [case_id]).fetchone()[0]
    sb.archive(
        g["db"],
        g["ws"],
        case_id,
        reason="Di luar lingkup",
        by=who.id,
        expected_version=v,
        now=g["now"],
    )


def test_participants_see_aliases_the_facilitator_sees_names(game):
    board = sb.leaderboard(game["db"], game["ws"])
    assert [(s.rank, s.name) for s in board.rows] == [(1, "Elang"), (2, game["citra"].alias)]
    assert all(s.role != "observer" for s in board.rows)
    live = sb.leaderboard(game["db"], game["ws"], for_facilitator=True)
    assert [s.name for s in live.rows] == ["Ani", "Citra"]
    sb.use_aliases(game["db"], game["ws"], facilitator_id=game["fid"], aliases=False)
    assert sb.leaderboard(game["db"], game["ws"]).rows[0].name == "Ani"


def test_teams_add_up_their_members(game):
    teams = sb.leaderboard(game["db"], game["ws"]).teams
    assert [(t.rank, t.name) for t in teams] == [(1, "Timur"), (2, "Barat")]
    assert teams[0].points == sb.leaderboard(game["db"], game["ws"]).rows[0].points


def test_a_frozen_leaderboard_stops_for_participants_only(game):
    frozen_at = sb.freeze_leaderboard(game["db"], game["ws"], facilitator_id=game["fid"])
    assert frozen_at > 0
    archive(game, game["citra"], "SIM-00004")  # wrong (SATPOLPP's), but on time: her points move
    participants = sb.leaderboard(game["db"], game["ws"])
    live = sb.leaderboard(game["db"], game["ws"], for_facilitator=True)
    citra_then = [s for s in participants.rows if s.name == game["citra"].alias][0]
    citra_now = [s for s in live.rows if s.name == "Citra"][0]
    assert participants.frozen and citra_then.points == 0.0 and citra_now.points > 0
    sb.unfreeze_leaderboard(game["db"], game["ws"], facilitator_id=game["fid"])
    assert not sb.leaderboard(game["db"], game["ws"]).frozen


def test_a_hidden_leaderboard_shows_participants_nothing(game):
    sb.hide_leaderboard(game["db"], game["ws"], facilitator_id=game["fid"])
    board = sb.leaderboard(game["db"], game["ws"])
    assert board.hidden and board.rows == () and board.teams == ()
    assert sb.leaderboard(game["db"], game["ws"], for_facilitator=True).rows


def test_csv_exports_have_a_bom_and_read_back_with_the_csv_module(game, tmp_path):
    for table in ("results", "cases", "events"):
        path = tmp_path / f"{table}.csv"
        n = sb.export_csv(game["db"], game["ws"], table, path, facilitator_id=game["fid"])
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and not raw.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
        with open(path, encoding="utf-8-sig", newline="") as fh:
            records = list(csv.DictReader(fh))
        assert len(records) == n > 0
    results = list(
        csv.DictReader(io.StringIO((tmp_path / "results.csv").read_text(encoding="utf-8-sig")))
    )
    assert results[0]["display_name"] == "Ani" and results[0]["rank"] == "1"
    cases = list(
        csv.DictReader(io.StringIO((tmp_path / "cases.csv").read_text(encoding="utf-8-sig")))
    )
    forwarded = [r for r in cases if r["case_id"] == "SIM-00012"][0]
    assert forwarded["key_action"] == "bukan_wewenang" and forwarded["routing_credit"] == "1.0"


def test_json_export_holds_everything_and_is_strict_json(game):
    doc = sb.export_json(game["db"], game["ws"], facilitator_id=game["fid"])
    assert {
        "workshop",
        "participants",
        "results",
        "cases",
        "answer_keys",
        "replies",
        "score_items",
        "events",
    } <= set(doc)
    text = json.dumps(doc, default=str, allow_nan=False)
    assert "token" not in json.dumps(doc["participants"])
    assert json.loads(text)["workshop"]["code"] == doc["workshop"]["code"]
