"""What participants and the facilitator see: case lists, one case with its history, the status.

Read-only: call :func:`sandbox.agenda.advance` first to bring the workshop up to now (the web
layer ticks on each request). Participants never see an answer key — nor, in assessment mode
before the reveal, an OPD bot's reply, which is written from the key's answer points. The
reporter's identity is hidden from everyone but the verifier once the case is set anonim or rahasia.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from scenarios import sla
from scenarios.lifecycle import STATES, allowed_actions

from .clock import ClockStatus, clock_status
from .context import Workshop, get_workshop
from .db import from_json, rows
from .errors import NotAllowed
from .facilitators import require_owner
from .participants import Participant, get_participant, participants_of
from .rubric import identity_parts
from .thread import SEALED, ThreadEntry, pending_messages, thread

HIDDEN = "(dirahasiakan)"
#: an OPD bot's reply as participants read it in assessment mode until the facilitator reveals
SEALED_REPLY = SEALED


@dataclass(frozen=True)
class Deadline:
    """A deadline with the working hours left at the last processed instant (negative: late)."""

    what: str  # verifikasi | tindak_lanjut | penyelesaian
    due: datetime
    working_hours_left: float


@dataclass(frozen=True)
class CaseView:
    """A case as one participant may see it."""

    id: str
    version: int
    state: str
    state_label: tuple[str, str]
    received: datetime
    channel: str
    report_title: str
    body: str
    chosen_subcategory: str
    chosen_agency: str
    kecamatan: str
    desa: str
    reporter: str
    contact: str
    title: str | None
    report_type: str | None
    category: str | None
    anonim: bool
    rahasia: bool
    assigned_opd: str | None
    copies: tuple[str, ...]
    hops: int
    viral: bool
    deadlines: tuple[Deadline, ...]
    actions: tuple[str, ...]
    anonymous_requested: bool = False  # the reporter asked to stay anonymous (LAPOR! shows it)
    confidential_requested: bool = False  # the reporter asked for the report to stay confidential
    urgent: bool = False  # the report states a threat to safety
    message_pending: bool = False  # the reporter's message waits for a public answer


def _mask(text: str, name: str) -> str:
    for part in identity_parts(name):
        text = re.sub(rf"\b{re.escape(part)}\b", "…", text, flags=re.I)
    return text


def _actions(row: dict[str, Any], role: str, opd: str | None, pending: bool) -> tuple[str, ...]:
    """What the lifecycle lets ``role`` do on the case — a penghubung only at their own OPD (a
    case moved to another OPD, or only copied to theirs, waits on someone else) — and the answer
    to a reporter's message for the desk holding the case."""
    if role == "observer" or (role == "penghubung" and row["assigned_opd"] != opd):
        return ()
    found = tuple(t.action for t in allowed_actions(row["state"], role))
    holder = "penghubung" if row["assigned_opd"] else "verifikator"
    return found + (("jawab_pesan",) if pending and role == holder else ())


def case_view(
    ws: Workshop,
    row: dict[str, Any],
    role: str,
    opd: str | None = None,
    pending: frozenset[str] | set[str] | dict[str, int] = frozenset(),
) -> CaseView:
    """One stored case as a participant in ``role`` (of ``opd``) sees it."""
    cal, at = ws.calendar, ws.processed_until
    protect = (row["anonim"] or row["rahasia"]) and role != "verifikator"
    deadlines = []
    if row["state"] in sla.AWAITING_VERIFICATION and row["verify_deadline"] is not None:
        deadlines.append(("verifikasi", row["verify_deadline"]))
    if row["state"] in sla.AT_OPD and row["followup_deadline"] is not None:
        deadlines.append(("tindak_lanjut", row["followup_deadline"]))
    if row["completion_deadline"] is not None and row["state"] not in sla.CLOSED:
        deadlines.append(("penyelesaian", row["completion_deadline"]))
    return CaseView(
        id=row["id"],
        version=row["version"],
        state=row["state"],
        state_label=(STATES[row["state"]].label_id, STATES[row["state"]].label_en),
        received=cal.to_datetime(row["arrives_at"]),
        channel=row["channel"],
        report_title=_mask(row["report_title"], row["reporter_name"])
        if protect
        else row["report_title"],
        body=_mask(row["body"], row["reporter_name"]) if protect else row["body"],
        chosen_subcategory=row["chosen_subcategory"],
        chosen_agency=row["chosen_agency"],
        kecamatan=row["kecamatan"],
        desa=row["desa"],
        reporter=HIDDEN if protect else row["reporter_name"],
        contact=HIDDEN if protect else row["reporter_contact"],
        title=row["title"],
        report_type=row["report_type"],
        category=row["category"],
        anonim=bool(row["anonim"]),
        rahasia=bool(row["rahasia"]),
        assigned_opd=row["assigned_opd"],
        copies=tuple(from_json(row["copies"], [])),
        hops=row["hops"],
        viral=bool(row["viral"]),
        deadlines=tuple(
            Deadline(
                w,
                cal.to_datetime(d),
                round(cal.working_hours_between(at, d) - cal.working_hours_between(d, at), 2),
            )
            for w, d in deadlines
        ),
        actions=_actions(row, role, opd, row["id"] in pending),
        anonymous_requested=bool(row.get("anonymous_requested")),
        confidential_requested=bool(row.get("confidential_requested")),
        urgent=bool(row.get("urgent")),
        message_pending=row["id"] in pending,
    )


_URGENT = """(SELECT k.urgent FROM answer_keys k WHERE k.workshop_id = cases.workshop_id
               AND k.case_id = cases.id) AS urgent"""


def _visible(db: Database, p: Participant) -> list[dict[str, Any]]:
    if p.role != "penghubung":
        return rows(
            db,
            f"SELECT *, {_URGENT} FROM cases WHERE workshop_id = ? AND arrived = 1 ORDER BY arrives_at, seq",  # noqa: S608
            [p.workshop_id],
        )
    return rows(
        db,
        f"""SELECT *, {_URGENT} FROM cases WHERE workshop_id = ? AND arrived = 1 AND (assigned_opd = ?
                       OR EXISTS (SELECT 1 FROM json_each(cases.copies) WHERE value = ?)
                       OR id IN (SELECT case_id FROM events WHERE workshop_id = ? AND actor_id = ? AND actor_kind = 'participant'))
                       ORDER BY arrives_at, seq""",  # noqa: S608 - a constant subquery
        [p.workshop_id, p.opd, p.opd, p.workshop_id, p.id],
    )


def list_cases(
    db: Database, workshop_id: int, *, participant_id: int, state: str | None = None
) -> list[CaseView]:
    """The cases a participant may see (a penghubung: at their OPD, copied to it, or handled by them)."""
    p = _member(db, workshop_id, participant_id)
    ws = get_workshop(db, workshop_id)
    pending = pending_messages(db, ws)
    return [
        case_view(ws, r, p.role, p.opd, pending)
        for r in _visible(db, p)
        if state is None or r["state"] == state
    ]


def _member(db: Database, workshop_id: int, participant_id: int) -> Participant:
    p = get_participant(db, participant_id)
    if p.workshop_id != workshop_id:
        raise NotAllowed(
            "peserta_bukan_bagian_latihan",
        )
    return p


def case_history(
    db: Database, workshop_id: int, case_id: str, *, participant_id: int
) -> list[dict[str, Any]]:
    """The case's events as the participant may see them (no answer key, no internal notes for observers)."""
    p = _member(db, workshop_id, participant_id)
    if not any(r["id"] == case_id for r in _visible(db, p)):
        return []
    ws = get_workshop(db, workshop_id)
    out = []
    for e in rows(
        db,
        """SELECT id, action, actor_label, actor_kind, from_state, to_state, sim_time, payload FROM events
                         WHERE workshop_id = ? AND run = ? AND case_id = ? AND action != 'petunjuk' ORDER BY id""",
        [ws.id, ws.run, case_id],
    ):
        payload = from_json(e.pop("payload"), {})
        if p.role == "observer":
            payload.pop("note", None)
        if e["actor_kind"] == "bot" and "reply" in payload and not ws.feedback_open:
            payload["reply"] = SEALED_REPLY  # a model answer: it would give the key away
        out.append({**e, **payload})
    return out


def case_thread(
    db: Database, workshop_id: int, case_id: str, *, participant_id: int
) -> list[ThreadEntry]:
    """The conversation on a case for a participant who may see the case (else empty); on an
    anonim/rahasia case only the verifier reads the reporter's name where a text gives it."""
    p = _member(db, workshop_id, participant_id)
    found = [r for r in _visible(db, p) if r["id"] == case_id]
    if not found:
        return []
    ws = get_workshop(db, workshop_id)
    entries = thread(db, ws, case_id, observer=p.role == "observer")
    row = found[0]
    if (row["anonim"] or row["rahasia"]) and p.role != "verifikator":
        name = row["reporter_name"]
        entries = [replace(e, text=_mask(e.text, name)) for e in entries]
    return entries


def thread_for_facilitator(
    db: Database, workshop_id: int, case_id: str, *, facilitator_id: int
) -> list[ThreadEntry]:
    """The whole conversation on a case, internal notes and sealed bot answers included (the
    workshop's facilitator only)."""
    require_owner(db, workshop_id, facilitator_id)
    return thread(db, get_workshop(db, workshop_id), case_id, reveal=True)


@dataclass(frozen=True)
class WorkshopStatus:
    """The facilitator's overview at one wall instant."""

    code: str
    title: str
    mode: str
    clock: ClockStatus
    total_cases: int
    arrived: int
    states: dict[str, int]
    participants: dict[str, int]
    bots: tuple[str, ...]  # desks played by bots
    next_arrival: datetime | None


def workshop_status(db: Database, workshop_id: int, now: float) -> WorkshopStatus:
    """Clock, caseload by state, who plays which desk and which desks the bots play."""
    ws = get_workshop(db, workshop_id)
    counts = rows(
        db,
        "SELECT arrived, state, COUNT(*) AS n FROM cases WHERE workshop_id = ? GROUP BY arrived, state",
        [ws.id],
    )
    people = participants_of(db, ws.id)
    roles: dict[str, int] = {}
    for p in people:
        roles[p.role] = roles.get(p.role, 0) + 1
    played = {p.opd for p in people if p.role == "penghubung"}
    bots = (() if "verifikator" in roles else ("verifikator",)) + tuple(
        o for o in ws.local_opds if o not in played
    )
    nxt = rows(
        db, "SELECT MIN(arrives_at) AS t FROM cases WHERE workshop_id = ? AND arrived = 0", [ws.id]
    )[0]["t"]
    return WorkshopStatus(
        ws.code,
        ws.title,
        ws.mode,
        clock_status(ws, now),
        sum(r["n"] for r in counts),
        sum(r["n"] for r in counts if r["arrived"]),
        {r["state"]: r["n"] for r in counts if r["arrived"]},
        roles,
        bots,
        ws.calendar.to_datetime(nxt) if nxt is not None else None,
    )
