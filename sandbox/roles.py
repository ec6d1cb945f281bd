"""The facilitator changes a participant's role, OPD or team during a workshop (logged as an event).

The same rules as joining: a ``penghubung`` plays one of the kabupaten's own OPDs, nobody else
names an OPD. The desk a participant leaves is played by a bot from then on.
"""

from __future__ import annotations

from sqlite_utils import Database

from .agenda import advance
from .context import get_workshop
from .db import write_txn
from .engine import FACILITATOR, Session
from .errors import NotFound, SandboxError
from .facilitators import require_owner
from .participants import MAX_NAME, ROLES, Participant, get_participant


def assign_role(
    db: Database,
    workshop_id: int,
    participant_id: int,
    role: str,
    opd: str | None = None,
    team: str | None = None,
    *,
    facilitator_id: int,
    now: float,
) -> Participant:
    """Give a participant of the workshop a new role (and OPD for a penghubung) and team."""
    require_owner(db, workshop_id, facilitator_id)
    try:
        before = get_participant(db, participant_id)
    except NotFound:
        before = None
    if before is None or before.workshop_id != workshop_id:
        raise NotFound(
            "peserta_tidak_ada_latihan",
            participant_id=participant_id,
        )
    if role not in ROLES:
        raise SandboxError(
            "peran_harus_salah_satu",
            roles=", ".join(ROLES),
        )
    ws = get_workshop(db, workshop_id)
    opd = (opd or "").strip() or None
    if role == "penghubung":
        if opd not in ws.local_opds:
            raise SandboxError(
                "penghubung_harus_memilih_opd",
                local=", ".join(ws.local_opds),
            )
    elif opd is not None:
        raise SandboxError("hanya_penghubung_memilih_opd")
    team = " ".join((team or "").split()) or None
    if team is not None and len(team) > MAX_NAME:
        raise SandboxError(
            "nama_tim_maks_karakter",
            max_name=MAX_NAME,
        )
    advance(db, workshop_id, now)
    with write_txn(db):
        s = Session(db, get_workshop(db, workshop_id), now)
        db.conn.execute(
            "UPDATE participants SET role = ?, opd = ?, team = ? WHERE id = ?",
            [role, opd, team, participant_id],
        )
        s.log(
            None,
            "peran_diubah",
            FACILITATOR,
            payload={
                "participant": participant_id,
                "from": {"role": before.role, "opd": before.opd, "team": before.team},
                "to": {"role": role, "opd": opd, "team": team},
            },
        )
    return get_participant(db, participant_id)
