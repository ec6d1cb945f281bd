"""The simulated clock: speed, skipping closed time, pause, jump, and derivation from wall time."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sandbox as sb
from sandbox.testing import Wall, workshop_for_test


@pytest.fixture
def setup(tmp_path):
    db, wall = sb.open_db(tmp_path / "sandbox.sqlite"), Wall()
    yield db, wall
    db.close()


def local(ws, t):
    return ws.calendar.to_datetime(t).replace(tzinfo=None)


def test_one_real_minute_is_one_office_hour_and_nights_are_skipped(setup):
    db, wall = setup
    fid, ws = workshop_for_test(db, wall)
    assert local(ws, ws.start_at) == datetime(2025, 6, 5, 7, 30)  # the first opening
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    ws = sb.get_workshop(db, ws.id)
    assert local(ws, sb.simulated_now(ws, wall.now + 30)) == datetime(2025, 6, 5, 8, 0)
    assert local(ws, sb.simulated_now(ws, wall.now + 8.5 * 60)) == datetime(2025, 6, 5, 16, 0)
    assert local(ws, sb.simulated_now(ws, wall.now + 9 * 60)) == datetime(2025, 6, 10, 8, 0)


def test_without_skipping_the_clock_runs_through_the_night(setup):
    db, wall = setup
    fid, ws = workshop_for_test(db, wall, clock=sb.ClockSettings(speed=24.0, skip_closed=False))
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    ws = sb.get_workshop(db, ws.id)
    assert local(ws, sb.simulated_now(ws, wall.now + 3600)) == datetime(
        2025, 6, 6, 7, 30
    )  # a day per hour


def test_pause_resume_jump_and_speed(setup):
    db, wall = setup
    fid, ws = workshop_for_test(db, wall)
    with pytest.raises(sb.NotAllowed):
        sb.pause_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    paused_at = sb.pause_clock(
        db, ws.id, facilitator_id=fid, now=wall.minutes(1)
    )  # one office hour on
    assert local(ws, paused_at) == datetime(2025, 6, 5, 8, 30)
    assert (
        sb.simulated_now(sb.get_workshop(db, ws.id), wall.minutes(600)) == paused_at
    )  # paused: time stands still
    sb.resume_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    sb.set_speed(db, ws.id, 120.0, facilitator_id=fid, now=wall.now)
    assert local(ws, sb.simulated_now(sb.get_workshop(db, ws.id), wall.minutes(0.5))) == datetime(
        2025, 6, 5, 9, 30
    )
    sb.jump_clock(db, ws.id, datetime(2025, 6, 11, 13, 0), facilitator_id=fid, now=wall.now)
    with pytest.raises(sb.NotAllowed, match="mundur"):
        sb.jump_clock(db, ws.id, datetime(2025, 6, 10, 9, 0), facilitator_id=fid, now=wall.now)
    assert sb.clock_status(sb.get_workshop(db, ws.id), wall.now).local_time.replace(
        tzinfo=None
    ) == datetime(2025, 6, 11, 13, 0)


def test_the_clock_stops_at_the_end_of_the_workshop(setup):
    db, wall = setup
    fid, ws = workshop_for_test(db, wall, days=3)
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    status = sb.clock_status(sb.get_workshop(db, ws.id), wall.now + 10**7)
    assert status.ended and local(ws, status.at) == datetime(2025, 6, 8, 0, 0)


def test_only_the_owner_runs_the_clock(setup):
    db, wall = setup
    fid, ws = workshop_for_test(db, wall)
    other = sb.create_facilitator(db, "lain", "sandi-lain-123", now=wall.now)
    with pytest.raises(sb.NotAllowed, match="pemilik"):
        sb.start_clock(db, ws.id, facilitator_id=other, now=wall.now)


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    db, wall = sb.open_db(tmp_path_factory.mktemp("clock") / "s.sqlite"), Wall()
    fid, ws = workshop_for_test(db, wall)
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    return sb.get_workshop(db, ws.id), wall.now


@settings(max_examples=80, deadline=None)
@given(st.floats(0, 3 * 86400), st.floats(0, 86400))
def test_simulated_time_never_runs_backwards_and_ends_in_office_hours(started, a, b):
    ws, t0 = started
    s1, s2 = sb.simulated_now(ws, t0 + a), sb.simulated_now(ws, t0 + a + b)
    assert s1 <= s2 <= ws.end_at
    assert ws.calendar.is_open(s2) or ws.calendar.is_open(s2 - 1e-6) or s2 == ws.end_at
