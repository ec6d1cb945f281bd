"""The simulated clock of a workshop — the only code that reads wall time.

The clock stores anchors, never a running counter: (wall instant, simulated instant, speed, state).
The simulated instant is derived from wall time, so after a server restart it is exactly where it
would have been. With ``skip_closed`` the speed applies to office hours only and nights, weekends
and the scenario's holidays are skipped (one real minute = one simulated office hour at speed 60);
without it the clock runs through them. Every other function takes ``now`` (wall seconds).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from .context import NOT_STARTED, PAUSED, RUNNING, Workshop, get_workshop
from .db import write_txn
from .errors import NotAllowed, SandboxError
from .facilitators import require_owner


@dataclass(frozen=True)
class ClockSettings:
    """How the simulated clock runs in a workshop."""

    speed: float = 60.0  # simulated hours per real hour (60: one real minute = one simulated hour)
    skip_closed: bool = True  # jump over nights, weekends and holidays of the scenario's calendar
    start_at: float | None = (
        None  # simulated start instant; default: first opening on the start date
    )

    def __post_init__(self) -> None:
        if not 0 < self.speed <= 100_000:
            raise SandboxError("kecepatan_jam_harus_positif")


@dataclass(frozen=True)
class ClockStatus:
    """What the clock shows at one wall instant."""

    state: str  # belum_mulai | berjalan | jeda
    at: float  # simulated instant (hours since midnight of the start date)
    local_time: datetime  # the same instant in the region's time zone
    speed: float
    skip_closed: bool
    office_open: bool
    ended: bool


def wall_now() -> float:
    """Seconds since the epoch: the single reading of wall time in the sandbox."""
    return time.time()


def simulated_now(ws: Workshop, now: float) -> float:
    """The workshop's simulated instant at wall time ``now`` (never before what was processed)."""
    if ws.clock_state == NOT_STARTED:
        return ws.start_at
    t = ws.sim_anchor
    if ws.clock_state == RUNNING and ws.wall_anchor is not None:
        elapsed = max(0.0, now - ws.wall_anchor) / 3600.0 * ws.speed
        t = ws.calendar.add_working_hours(t, elapsed) if ws.skip_closed else t + elapsed
    return min(max(t, ws.processed_until), ws.end_at)


def clock_status(ws: Workshop, now: float) -> ClockStatus:
    """State, simulated instant and local time of the workshop's clock at ``now``."""
    t = simulated_now(ws, now)
    cal = ws.calendar
    return ClockStatus(
        ws.clock_state,
        t,
        cal.to_datetime(t),
        ws.speed,
        ws.skip_closed,
        cal.is_open(t),
        t >= ws.end_at,
    )


def _set_anchor(
    db: Database,
    ws: Workshop,
    *,
    state: str,
    wall: float | None,
    sim: float,
    speed: float | None = None,
) -> None:
    db.conn.execute(
        "UPDATE workshops SET clock_state = ?, wall_anchor = ?, sim_anchor = ?, speed = ? WHERE id = ?",
        [state, wall, sim, speed or ws.speed, ws.id],
    )


def _locked(db: Database, workshop_id: int, facilitator_id: int) -> Workshop:
    require_owner(db, workshop_id, facilitator_id)
    return get_workshop(db, workshop_id)


def start_clock(db: Database, workshop_id: int, *, facilitator_id: int, now: float) -> float:
    """Start the workshop: the clock runs from its start instant. Returns the simulated instant."""
    with write_txn(db):
        ws = _locked(db, workshop_id, facilitator_id)
        if ws.clock_state != NOT_STARTED:
            raise NotAllowed("jam_latihan_sudah_dimulai")
        _set_anchor(db, ws, state=RUNNING, wall=now, sim=ws.start_at)
    return ws.start_at


def pause_clock(db: Database, workshop_id: int, *, facilitator_id: int, now: float) -> float:
    """Stop simulated time (participants may still act, at the paused instant)."""
    with write_txn(db):
        ws = _locked(db, workshop_id, facilitator_id)
        if ws.clock_state != RUNNING:
            raise NotAllowed("jam_tidak_berjalan")
        t = simulated_now(ws, now)
        _set_anchor(db, ws, state=PAUSED, wall=now, sim=t)
    return t


def resume_clock(db: Database, workshop_id: int, *, facilitator_id: int, now: float) -> float:
    """Let simulated time run again from where it was paused."""
    with write_txn(db):
        ws = _locked(db, workshop_id, facilitator_id)
        if ws.clock_state != PAUSED:
            raise NotAllowed("jam_tidak_dijeda")
        _set_anchor(db, ws, state=RUNNING, wall=now, sim=ws.sim_anchor)
    return ws.sim_anchor


def jump_clock(
    db: Database, workshop_id: int, to: float | datetime, *, facilitator_id: int, now: float
) -> float:
    """Move the clock forward to an instant (a datetime is local time of the region, or aware).

    Everything due on the way happens at the next :func:`sandbox.agenda.advance`, in time order.
    """
    with write_txn(db):
        ws = _locked(db, workshop_id, facilitator_id)
        if ws.clock_state == NOT_STARTED:
            raise NotAllowed("mulai_latihan_dulu")
        target = ws.calendar.to_hours(to) if isinstance(to, datetime) else float(to)
        current = simulated_now(ws, now)
        if target < current - 1e-9:
            raise NotAllowed("jam_latihan_tidak_bisa")
        target = min(target, ws.end_at)
        _set_anchor(db, ws, state=ws.clock_state, wall=now, sim=target)
    return target


def set_speed(
    db: Database, workshop_id: int, speed: float, *, facilitator_id: int, now: float
) -> float:
    """Change the speed factor from now on (simulated hours per real hour)."""
    ClockSettings(speed=speed)  # validates
    with write_txn(db):
        ws = _locked(db, workshop_id, facilitator_id)
        t = simulated_now(ws, now)
        wall = now if ws.clock_state == RUNNING else ws.wall_anchor
        sim = t if ws.clock_state != NOT_STARTED else ws.sim_anchor
        _set_anchor(db, ws, state=ws.clock_state, wall=wall, sim=sim, speed=speed)
    return t
