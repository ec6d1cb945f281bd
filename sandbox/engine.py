"""The engine room: one write session on one workshop at one instant, and the change primitive.

Every action — by a participant, a bot, a scripted citizen or the system — ends in
:meth:`Session.change`: the optimistic version check, the lifecycle's ``apply`` (the rule book),
the update of the case's current state and the append to the event log, all inside the caller's
transaction. Nothing else writes a case.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from scenarios.lifecycle import STATES, TransitionError, allowed_actions, apply
from simulator.rng import stream

from .caseload import Key, key_of
from .clock import simulated_now
from .context import Workshop
from .db import from_json, iso_utc, one, to_json
from .errors import ActionRefused, ConflictError, NotAllowed, NotFound
from .participants import get_participant, played_desks


@dataclass(frozen=True)
class Actor:
    """Who acts: a participant, a bot, a scripted citizen, the system or the facilitator."""

    kind: str  # participant | bot | citizen | system | facilitator
    role: str  # lifecycle actor: verifikator | penghubung | pelapor | sistem (or fasilitator)
    label: str
    participant_id: int | None = None
    opd: str | None = None


SYSTEM = Actor("system", "sistem", "Sistem")
CITIZEN = Actor("citizen", "pelapor", "Pelapor (simulasi)")
VERIFIER_BOT = Actor("bot", "verifikator", "Bot verifikator")
FACILITATOR = Actor("facilitator", "fasilitator", "Fasilitator")


def opd_bot(code: str) -> Actor:
    """The bot playing the penghubung of an OPD nobody plays."""
    return Actor("bot", "penghubung", f"Bot {code}", opd=code)


@dataclass(frozen=True)
class Event:
    """One appended entry of the event log, as the caller needs it back."""

    id: int
    case_id: str | None
    action: str
    from_state: str | None
    to_state: str | None
    version: int | None
    sim_at: float
    actor: Actor
    payload: dict[str, Any] = field(default_factory=dict)


def _refusal(state: str, action: str, role: str) -> ActionRefused:
    open_ = allowed_actions(state, role)
    label = STATES[state].label_id if state in STATES else state
    label_en = STATES[state].label_en if state in STATES else state
    ids = ", ".join(t.label_id for t in open_) or "tidak ada"
    ens = ", ".join(t.label_en for t in open_) or "none"
    return ActionRefused(
        "aksi_tidak_boleh",
        action=action,
        role=role,
        state=(label, label_en),  # the lifecycle's own labels
        available=(ids, ens),
    )


class Session:
    """A write session: the workshop, its simulated instant and wall time, inside one transaction."""

    def __init__(self, db: Database, ws: Workshop, now: float) -> None:
        self.db, self.ws, self.now = db, ws, now
        self.sim = simulated_now(ws, now)
        self.real_iso = iso_utc(now)
        self.scenario = ws.scenario
        self.cal = ws.calendar
        self.react: Callable[[Session, Event], None] = lambda s, e: None
        self._played: tuple[bool, frozenset[str]] | None = None

    # -- who plays what ------------------------------------------------------------------
    @property
    def verifier_played(self) -> bool:
        """Whether a participant plays the verification desk."""
        return self._desks()[0]

    @property
    def played_opds(self) -> frozenset[str]:
        """OPDs with a penghubung participant (the others are bots)."""
        return self._desks()[1]

    def _desks(self) -> tuple[bool, frozenset[str]]:
        if self._played is None:
            self._played = played_desks(self.db, self.ws.id)
        return self._played

    def actor_for(self, participant_id: int) -> Actor:
        """The actor of a participant of this workshop (observers may not act)."""
        p = get_participant(self.db, participant_id)
        if p.workshop_id != self.ws.id:
            raise NotAllowed(
                "peserta_bukan_bagian_latihan",
            )
        if p.role == "observer":
            raise NotAllowed("pengamat_hanya_dapat_melihat")
        return Actor("participant", p.role, p.display_name, p.id, p.opd)

    # -- reading -----------------------------------------------------------------------------
    def case(self, case_id: str) -> dict[str, Any]:
        """A case that has arrived (a case still in the future is not found)."""
        row = one(
            self.db, "SELECT * FROM cases WHERE workshop_id = ? AND id = ?", [self.ws.id, case_id]
        )
        if row is None or not row["arrived"]:
            raise NotFound(
                "kasus_tidak_ada_belum",
                case_id=case_id,
            )
        row["tried"] = from_json(row["tried"], [])
        return row

    def key(self, case_id: str) -> Key:
        """The answer key of a case (engine-internal: bots and scoring)."""
        return key_of(self.db, self.ws.id, case_id)

    def rng(self, *labels: object) -> random.Random:
        """A generator for one decision, fixed by the seed and the labels (case, step, version)."""
        return stream(self.ws.seed, "sandbox", *labels)

    # -- writing -----------------------------------------------------------------------------
    def log(
        self,
        case_id: str | None,
        action: str,
        actor: Actor,
        *,
        from_state: str | None = None,
        to_state: str | None = None,
        version: int | None = None,
        at: float | None = None,
        payload: dict[str, Any] | None = None,
        bulk_id: int | None = None,
    ) -> Event:
        """Append one entry to the event log (real time now, simulated time ``at`` or now)."""
        t = self.sim if at is None else at
        payload = payload or {}
        cur = self.db.conn.execute(
            """INSERT INTO events (workshop_id, run, case_id, action, actor_kind, actor_id, actor_role,
               actor_label, opd, from_state, to_state, case_version, sim_at, sim_time, real_at, bulk_id, payload)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                self.ws.id,
                self.ws.run,
                case_id,
                action,
                actor.kind,
                actor.participant_id,
                actor.role,
                actor.label,
                actor.opd,
                from_state,
                to_state,
                version,
                t,
                self.cal.to_datetime(t).isoformat(timespec="minutes"),
                self.real_iso,
                bulk_id,
                to_json(payload),
            ],
        )
        return Event(
            int(cur.lastrowid), case_id, action, from_state, to_state, version, t, actor, payload
        )

    def change(
        self,
        case: dict[str, Any],
        action: str,
        actor: Actor,
        *,
        expected_version: int | None,
        fields: dict[str, Any] | None = None,
        payload: dict[str, Any] | None = None,
        at: float | None = None,
        transition: bool = True,
        bulk_id: int | None = None,
    ) -> Event:
        """Check the version and the lifecycle, update the case and append the event; then react."""
        if expected_version is not None and case["version"] != expected_version:
            last = (
                one(
                    self.db,
                    "SELECT actor_label, action FROM events WHERE id = ?",
                    [case["last_event_id"]],
                )
                or {}
            )
            raise ConflictError(
                case["id"],
                expected_version,
                case["version"],
                last.get("actor_label", "?"),
                last.get("action", "?"),
            )
        source = case["state"]
        if transition:
            try:
                target = apply(source, action, actor.role)
            except TransitionError:
                raise _refusal(source, action, actor.role) from None
        else:
            target = source
        values = {
            k: to_json(v) if isinstance(v, (list, tuple, dict)) else v
            for k, v in (fields or {}).items()
        }
        values["state"] = target
        event = self.log(
            case["id"],
            action,
            actor,
            from_state=source,
            to_state=target,
            version=case["version"] + 1,
            at=at,
            payload=payload,
            bulk_id=bulk_id,
        )
        values["last_event_id"] = event.id
        sets = ", ".join(f"{k} = ?" for k in values)
        cur = self.db.conn.execute(
            f"UPDATE cases SET {sets}, version = version + 1 WHERE workshop_id = ? AND id = ? AND version = ?",  # noqa: S608
            [*values.values(), self.ws.id, case["id"], case["version"]],
        )
        if cur.rowcount != 1:  # cannot happen inside BEGIN IMMEDIATE; never overwrite silently
            raise ConflictError(case["id"], case["version"], case["version"] + 1, "?", "?")
        case.update(fields or {})
        case["state"], case["version"], case["last_event_id"] = (
            target,
            case["version"] + 1,
            event.id,
        )
        self.react(self, event)
        return event

    def schedule(self, kind: str, due: float, case_id: str | None = None, **payload: Any) -> None:
        """Put something on the agenda for simulated instant ``due``."""
        self.db.conn.execute(
            "INSERT INTO agenda (workshop_id, due_at, kind, case_id, payload) VALUES (?, ?, ?, ?, ?)",
            [self.ws.id, due, kind, case_id, to_json(payload)],
        )

    def at_or_now(self, at: float | None) -> float:
        """The simulated instant of an action (bots act at their agenda instant)."""
        return self.sim if at is None else at
