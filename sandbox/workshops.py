"""Workshops (latihan): create, list, clone and reset; the facilitator's settings.

A workshop is a scenario + a seed + a mode (practice: hints and feedback after each case;
assessment: feedback only once the facilitator reveals) + scoring weights + clock settings. Its
caseload is generated when it is created and stored with the answer keys.
"""

from __future__ import annotations

import json
import secrets
from datetime import date
from typing import Any

from sqlite_utils import Database

from scenarios import ScenarioError
from scenarios.timebase import calendar_for

from .caseload import materialise
from .clock import ClockSettings
from .context import MODES, NOT_STARTED, Workshop, get_workshop, scenario_of
from .db import iso_utc, one, rows, to_json, write_txn
from .errors import NotAllowed, SandboxError
from .facilitators import require_owner
from .weights import ScoringWeights, weights_for

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _new_code(db: Database) -> str:
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
        if one(db, "SELECT 1 AS x FROM workshops WHERE code = ?", [code]) is None:
            return code


def _load(ref: str, overrides: dict[str, Any]) -> Any:
    try:
        return scenario_of(ref, json.dumps(overrides, sort_keys=True))
    except FileNotFoundError:
        raise SandboxError("skenario_tidak_ditemukan", ref=ref) from None
    except ScenarioError as exc:
        raise SandboxError("skenario_tidak_valid", ref=ref, exc=exc) from None


def create_workshop(
    db: Database,
    *,
    facilitator_id: int,
    scenario_ref: str,
    seed: int,
    mode: str = "practice",
    title: str | None = None,
    start_date: date | None = None,
    days: int | None = None,
    clock: ClockSettings | None = None,
    weights: ScoringWeights | None = None,
    overrides: dict[str, Any] | None = None,
    code: str | None = None,
    now: float,
) -> Workshop:
    """A new workshop owned by ``facilitator_id``, its caseload generated (clock not started)."""
    if mode not in MODES:
        raise SandboxError(
            "mode_harus_salah_satu",
            modes=", ".join(MODES),
        )
    if one(db, "SELECT id FROM facilitators WHERE id = ?", [facilitator_id]) is None:
        raise NotAllowed("fasilitator_tidak_dikenal")
    overrides = dict(overrides or {})
    base = _load(scenario_ref, overrides)
    start = start_date or base.simulation.start
    n_days = int(days or base.simulation.days)
    if n_days < 1:
        raise SandboxError("lama_latihan_minimal_hari")
    full = {**overrides, "simulation.start": start.isoformat(), "simulation.days": n_days}
    scenario = _load(scenario_ref, full)
    clock = clock or ClockSettings()
    start_at = (
        clock.start_at if clock.start_at is not None else calendar_for(scenario).next_open(0.0)
    )
    code = (code or _new_code(db)).strip().upper()
    with write_txn(db):
        if one(db, "SELECT 1 AS x FROM workshops WHERE code = ?", [code]):
            raise SandboxError("kode_sudah_dipakai", code=code)
        cur = db.conn.execute(
            """INSERT INTO workshops (uid, code, title, facilitator_id, scenario_ref, overrides, seed, mode,
               weights, start_date, days, speed, skip_closed, start_at, end_at, clock_state,
               sim_anchor, processed_until, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                secrets.token_hex(16),
                code,
                title or f"Latihan {scenario.scenario.title}",
                facilitator_id,
                scenario_ref,
                to_json(overrides),
                int(seed),
                mode,
                to_json((weights or weights_for(scenario)).as_dict()),
                start.isoformat(),
                n_days,
                clock.speed,
                int(clock.skip_closed),
                start_at,
                n_days * 24.0,
                NOT_STARTED,
                start_at,
                start_at,
                iso_utc(now),
            ],
        )
        ws = get_workshop(db, int(cur.lastrowid))
        materialise(db, ws)
    return ws


def list_workshops(db: Database, *, facilitator_id: int | None = None) -> list[Workshop]:
    """Workshops, newest first (only one facilitator's if given)."""
    if facilitator_id is None:
        found = rows(db, "SELECT * FROM workshops ORDER BY id DESC")
    else:
        found = rows(
            db,
            "SELECT * FROM workshops WHERE facilitator_id = ? ORDER BY id DESC",
            [facilitator_id],
        )
    return [Workshop.from_row(r) for r in found]


def clone_workshop(
    db: Database,
    workshop_id: int,
    *,
    facilitator_id: int,
    now: float,
    seed: int | None = None,
    title: str | None = None,
) -> Workshop:
    """A fresh workshop with the same scenario, mode, weights and clock settings (no participants)."""
    require_owner(db, workshop_id, facilitator_id)
    ws = get_workshop(db, workshop_id)
    return create_workshop(
        db,
        facilitator_id=facilitator_id,
        scenario_ref=ws.scenario_ref,
        seed=ws.seed if seed is None else seed,
        mode=ws.mode,
        title=title or f"{ws.title} (salinan)",
        start_date=ws.start_date,
        days=ws.days,
        clock=ClockSettings(speed=ws.speed, skip_closed=ws.skip_closed, start_at=ws.start_at),
        weights=ws.weights,
        overrides=ws.overrides,
        now=now,
    )


def reset_workshop(
    db: Database, workshop_id: int, *, facilitator_id: int, keep_participants: bool = True
) -> Workshop:
    """Start the workshop over: a new run with the same caseload; the old run stays in the event log."""
    require_owner(db, workshop_id, facilitator_id)
    with write_txn(db):
        ws = get_workshop(db, workshop_id)
        for table in (
            "agenda",
            "replies",
            "cases",
            "answer_keys",
        ):  # the counterfactual stays valid
            db.conn.execute(f"DELETE FROM {table} WHERE workshop_id = ?", [ws.id])  # noqa: S608
        if not keep_participants:
            db.conn.execute("DELETE FROM participants WHERE workshop_id = ?", [ws.id])
        db.conn.execute(
            """UPDATE workshops SET run = run + 1, clock_state = ?, wall_anchor = NULL, sim_anchor = start_at,
               processed_until = start_at, revealed = 0, leaderboard_frozen_event = NULL WHERE id = ?""",
            [NOT_STARTED, ws.id],
        )
        ws = get_workshop(db, workshop_id)
        materialise(db, ws)
    return ws


def _set(db: Database, workshop_id: int, facilitator_id: int, column: str, value: Any) -> Workshop:
    require_owner(db, workshop_id, facilitator_id)
    with write_txn(db):
        db.conn.execute(f"UPDATE workshops SET {column} = ? WHERE id = ?", [value, workshop_id])  # noqa: S608
    return get_workshop(db, workshop_id)


def reveal_feedback(
    db: Database, workshop_id: int, *, facilitator_id: int, revealed: bool = True
) -> Workshop:
    """Assessment mode: open (or close again) the participants' feedback."""
    return _set(db, workshop_id, facilitator_id, "revealed", int(revealed))


def set_mode(db: Database, workshop_id: int, mode: str, *, facilitator_id: int) -> Workshop:
    """Switch between practice and assessment."""
    if mode not in MODES:
        raise SandboxError(
            "mode_harus_salah_satu",
            modes=", ".join(MODES),
        )
    return _set(db, workshop_id, facilitator_id, "mode", mode)
