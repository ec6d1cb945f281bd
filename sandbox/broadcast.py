"""Broadcasts: a short message from the facilitator to every participant of a workshop.

Messages live in the workshop database (table ``broadcasts``) and are shown on the participants'
pages only: nothing is ever sent outside the sandbox (no e-mail, SMS or chat).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from .clock import simulated_now
from .context import get_workshop
from .db import iso_utc, rows, write_txn
from .errors import SandboxError
from .facilitators import require_owner

MAX_TEXT = 280


@dataclass(frozen=True)
class Broadcast:
    """One facilitator message: its text and when it was sent (simulated local time and real time)."""

    id: int
    workshop_id: int
    text: str
    sim_at: float
    local_time: datetime
    real_at: str


def broadcast(
    db: Database, workshop_id: int, text: str, *, facilitator_id: int, now: float
) -> Broadcast:
    """Post ``text`` to everyone in the workshop (whitespace collapsed, at most 280 characters)."""
    require_owner(db, workshop_id, facilitator_id)
    clean = " ".join((text or "").split())
    if not clean or len(clean) > MAX_TEXT:
        raise SandboxError(
            "pesan_siaran_wajib_diisi",
            max_text=MAX_TEXT,
        )
    ws = get_workshop(db, workshop_id)
    sim_at = simulated_now(ws, now)
    with write_txn(db):
        cur = db.conn.execute(
            """INSERT INTO broadcasts (workshop_id, facilitator_id, text, sim_at, real_at)
               VALUES (?, ?, ?, ?, ?)""",
            [ws.id, facilitator_id, clean, sim_at, iso_utc(now)],
        )
    return Broadcast(
        int(cur.lastrowid), ws.id, clean, sim_at, ws.calendar.to_datetime(sim_at), iso_utc(now)
    )


def broadcasts(db: Database, workshop_id: int) -> list[Broadcast]:
    """The workshop's broadcasts, newest first."""
    ws = get_workshop(db, workshop_id)
    return [
        Broadcast(
            r["id"],
            ws.id,
            r["text"],
            r["sim_at"],
            ws.calendar.to_datetime(r["sim_at"]),
            r["real_at"],
        )
        for r in rows(
            db,
            "SELECT id, text, sim_at, real_at FROM broadcasts WHERE workshop_id = ? ORDER BY id DESC",
            [ws.id],
        )
    ]
