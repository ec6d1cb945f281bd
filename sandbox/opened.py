"""Which cases a participant has opened, so the inbox can mark the others *baru* (new)."""

from __future__ import annotations

from sqlite_utils import Database

from .context import get_workshop
from .db import iso_utc, rows, write_txn


def mark_opened(
    db: Database, workshop_id: int, participant_id: int, case_id: str, *, now: float
) -> None:
    """Remember that the participant opened the case (the first time counts; later ones change nothing)."""
    run = get_workshop(db, workshop_id).run
    with write_txn(db):
        db.conn.execute(
            "INSERT OR IGNORE INTO opened_cases (participant_id, run, case_id, first_opened_at) "
            "VALUES (?, ?, ?, ?)",
            [participant_id, run, case_id, iso_utc(now)],
        )


def opened_cases(db: Database, workshop_id: int, participant_id: int) -> set[str]:
    """The ids of the cases the participant has opened in the workshop's current run."""
    run = get_workshop(db, workshop_id).run
    found = rows(
        db,
        "SELECT case_id FROM opened_cases WHERE participant_id = ? AND run = ?",
        [participant_id, run],
    )
    return {r["case_id"] for r in found}
