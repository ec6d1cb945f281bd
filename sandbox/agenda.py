"""The agenda: what happens as the simulated clock passes — arrivals, bots, citizens, the system.

:func:`advance` (the tick) brings a workshop up to its simulated *now*: every case whose arrival
instant has passed arrives, and every agenda item that fell due is carried out, all in time order
and each stamped with its own simulated instant (a night skipped by the clock is still lived
through in order). :func:`perform` ticks, then runs one action in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlite_utils import Database

from scenarios import sla

from . import bots
from .context import NOT_STARTED, get_workshop
from .db import from_json, one, rows, write_txn
from .engine import CITIZEN, SYSTEM, Session
from .errors import NotAllowed, SandboxError

T = TypeVar("T")


@dataclass(frozen=True)
class AdvanceReport:
    """What one tick did."""

    at: float  # simulated instant reached
    local_time: datetime
    arrived: int  # cases that arrived
    handled: int  # agenda items carried out (bots, citizens, system)
    states: dict[str, int]  # arrived cases by state


def open_session(db: Database, workshop_id: int, now: float) -> Session:
    """A write session on a workshop at wall time ``now`` with bots and citizens reacting."""
    s = Session(db, get_workshop(db, workshop_id), now)
    s.react = bots.react
    return s


def arrive(s: Session, case_id: str, at: float) -> None:
    """A report arrives: it becomes visible, its verification deadline starts, bots react."""
    row = one(
        s.db, "SELECT channel FROM cases WHERE workshop_id = ? AND id = ?", [s.ws.id, case_id]
    )
    event = s.log(
        case_id,
        "masuk",
        CITIZEN,
        to_state="masuk",
        version=1,
        at=at,
        payload={"channel": row["channel"]},
    )
    s.db.conn.execute(
        "UPDATE cases SET arrived = 1, version = 1, verify_deadline = ?, last_event_id = ? WHERE workshop_id = ? AND id = ?",
        [
            sla.verification_due(s.cal, at, s.scenario.sop.deadlines),
            event.id,
            s.ws.id,
            case_id,
        ],
    )
    s.react(s, event)


def catch_up(s: Session) -> tuple[int, int]:
    """Carry out arrivals and agenda items due up to the session's instant; (arrived, handled)."""
    if s.ws.clock_state == NOT_STARTED:
        return 0, 0
    arrived = handled = 0
    while True:
        nxt = one(
            s.db,
            "SELECT id, arrives_at FROM cases WHERE workshop_id = ? AND arrived = 0 ORDER BY arrives_at, seq LIMIT 1",
            [s.ws.id],
        )
        item = one(
            s.db,
            "SELECT * FROM agenda WHERE workshop_id = ? ORDER BY due_at, id LIMIT 1",
            [s.ws.id],
        )
        if (
            nxt
            and nxt["arrives_at"] <= s.sim
            and (item is None or nxt["arrives_at"] <= item["due_at"])
        ):
            arrive(s, nxt["id"], nxt["arrives_at"])
            arrived += 1
        elif item and item["due_at"] <= s.sim:
            s.db.conn.execute("DELETE FROM agenda WHERE id = ?", [item["id"]])
            _carry_out(s, item)
            handled += 1
        else:
            break
    s.db.conn.execute(
        "UPDATE workshops SET processed_until = MAX(processed_until, ?) WHERE id = ?",
        [s.sim, s.ws.id],
    )
    return arrived, handled


def _carry_out(s: Session, item: dict) -> None:
    handler = bots.HANDLERS[item["kind"]]
    try:
        with s.db.atomic():
            handler(s, item["case_id"], item["due_at"], **from_json(item["payload"], {}))
    except (
        SandboxError
    ) as exc:  # the world moved on (e.g. a participant acted first): note it, go on
        s.log(
            item["case_id"],
            "agenda_dilewati",
            SYSTEM,
            at=item["due_at"],
            # the error's code and Indonesian message id, never a translation
            payload={"kind": item["kind"], "code": exc.code, "reason": exc.message_id},
        )


def advance(db: Database, workshop_id: int, now: float) -> AdvanceReport:
    """The tick: bring the workshop up to its simulated now (call it on every page or timer)."""
    with write_txn(db):
        s = open_session(db, workshop_id, now)
        arrived, handled = catch_up(s)
    counts = rows(
        db,
        "SELECT state, COUNT(*) AS n FROM cases WHERE workshop_id = ? AND arrived = 1 GROUP BY state",
        [workshop_id],
    )
    return AdvanceReport(
        s.sim, s.cal.to_datetime(s.sim), arrived, handled, {r["state"]: r["n"] for r in counts}
    )


def perform(db: Database, workshop_id: int, now: float, fn: Callable[[Session], T]) -> T:
    """Tick, then run ``fn`` in its own transaction (a refused action never undoes the tick)."""
    advance(db, workshop_id, now)
    with write_txn(db):
        s = open_session(db, workshop_id, now)
        if s.ws.clock_state == NOT_STARTED:
            raise NotAllowed("latihan_belum_dimulai")
        catch_up(s)
        return fn(s)
