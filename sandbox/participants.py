"""Participants: join a workshop with its code and a display name (no e-mail), in a role.

A display name is kept without invisible characters and may not pass for one already in the
workshop (:mod:`sandbox.names`). Leaving gives the participant a new token, so the cookie and API
token held so far stop working.

Roles: ``verifikator`` (admin instansi), ``penghubung`` of one OPD, ``observer`` (reads, never
acts, is not ranked). Teams are optional. Every desk nobody plays is played by a bot.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlite_utils import Database

from .context import workshop_by_code
from .db import iso_utc, one, rows, write_txn
from .errors import NotFound, SandboxError
from .names import check_new_name, clean_name

ROLES = ("verifikator", "penghubung", "observer")
ALIASES = (
    "Anggrek",
    "Cendrawasih",
    "Komodo",
    "Rafflesia",
    "Jalak Bali",
    "Anoa",
    "Tarsius",
    "Maleo",
    "Enggang",
    "Kasuari",
    "Bekantan",
    "Pesut",
    "Dugong",
    "Elang Jawa",
    "Melati",
    "Kenanga",
    "Cempaka",
    "Kantong Semar",
    "Edelweis",
    "Badak Jawa",
    "Merak Hijau",
    "Kakatua",
    "Nuri",
    "Rangkong",
    "Banteng",
    "Rusa Timor",
    "Kuskus",
    "Cenderawasih Botak",
    "Lutung",
    "Siamang",
)
MAX_NAME = 40


@dataclass(frozen=True)
class Participant:
    """Someone in a workshop: display name, leaderboard alias, role, OPD and team."""

    id: int
    workshop_id: int
    display_name: str
    alias: str
    role: str
    opd: str | None
    team: str | None
    token: str
    joined_at: str

    @property
    def label(self) -> str:
        """How the participant appears in the event log."""
        where = f" {self.opd}" if self.opd else ""
        return f"{self.display_name} ({self.role}{where})"


def join(
    db: Database,
    code: str,
    display_name: str,
    role: str,
    opd: str | None = None,
    *,
    team: str | None = None,
    alias: str | None = None,
    now: float,
) -> Participant:
    """Join the workshop with code ``code``; a penghubung names the OPD they play."""
    ws = workshop_by_code(db, code)
    name = clean_name(display_name)
    if not name or len(name) > MAX_NAME:
        raise SandboxError(
            "nama_tampilan_wajib_diisi",
            max_name=MAX_NAME,
        )
    if role not in ROLES:
        raise SandboxError(
            "peran_harus_salah_satu",
            roles=", ".join(ROLES),
        )
    if role == "penghubung":
        local = ws.local_opds
        if opd not in local:
            raise SandboxError(
                "penghubung_harus_memilih_opd",
                local=", ".join(local),
            )
    elif opd is not None:
        raise SandboxError("hanya_penghubung_memilih_opd")
    with write_txn(db):
        taken = rows(db, "SELECT display_name FROM participants WHERE workshop_id = ?", [ws.id])
        check_new_name(name, [r["display_name"] for r in taken])
        n = one(db, "SELECT COUNT(*) AS n FROM participants WHERE workshop_id = ?", [ws.id])["n"]
        chosen = (alias or "").strip() or ALIASES[n % len(ALIASES)] + (
            f" {n // len(ALIASES) + 1}" if n >= len(ALIASES) else ""
        )
        cur = db.conn.execute(
            """INSERT INTO participants (workshop_id, display_name, alias, role, opd, team, token, joined_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                ws.id,
                name,
                chosen,
                role,
                opd,
                (team or "").strip() or None,
                secrets.token_urlsafe(16),
                iso_utc(now),
            ],
        )
    return get_participant(db, int(cur.lastrowid))


def get_participant(db: Database, participant_id: int) -> Participant:
    """A participant by id."""
    row = one(db, "SELECT * FROM participants WHERE id = ?", [participant_id])
    if row is None:
        raise NotFound("peserta_tidak_ada", participant_id=participant_id)
    return Participant(**row)


def new_token(db: Database, participant_id: int) -> Participant:
    """Give the participant a new token: the session and API token held so far stop working
    (leaving a device; the account stays for the facilitator's records)."""
    with write_txn(db):
        db.conn.execute(
            "UPDATE participants SET token = ? WHERE id = ?",
            [secrets.token_urlsafe(16), participant_id],
        )
    return get_participant(db, participant_id)


def participant_by_token(db: Database, token: str) -> Participant:
    """The participant holding a session token (for the web pages)."""
    row = one(db, "SELECT * FROM participants WHERE token = ?", [token])
    if row is None:
        raise NotFound("sesi_peserta_tidak_dikenal")
    return Participant(**row)


def participants_of(db: Database, workshop_id: int) -> list[Participant]:
    """Everyone in a workshop, in joining order."""
    return [
        Participant(**r)
        for r in rows(
            db, "SELECT * FROM participants WHERE workshop_id = ? ORDER BY id", [workshop_id]
        )
    ]


def played_desks(db: Database, workshop_id: int) -> tuple[bool, frozenset[str]]:
    """(is the verification desk played by someone, which OPDs have a penghubung participant)."""
    found = rows(
        db,
        "SELECT DISTINCT role, opd FROM participants WHERE workshop_id = ? AND role != 'observer'",
        [workshop_id],
    )
    return any(r["role"] == "verifikator" for r in found), frozenset(
        r["opd"] for r in found if r["role"] == "penghubung"
    )
