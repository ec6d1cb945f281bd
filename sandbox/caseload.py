"""The caseload of a workshop: the shared generator's complaints stored as cases and answer keys.

Same scenario and seed → the same cases with the same answer keys (simulator.generator). The
public part of a complaint goes into ``cases``; its truth (true category and type, the answer key)
into ``answer_keys``, which only scoring, bots and facilitator functions read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from simulator.generator import Complaint, generate

from .context import Workshop
from .db import from_json, one, to_json

_CASE_COLUMNS = (
    "workshop_id",
    "id",
    "seq",
    "origin",
    "arrives_at",
    "channel",
    "received",
    "chosen_subcategory",
    "chosen_agency",
    "kecamatan",
    "desa",
    "reporter_name",
    "reporter_contact",
    "anonymous_requested",
    "confidential_requested",
    "occurred",
    "report_title",
    "body",
)
_KEY_COLUMNS = (
    "workshop_id",
    "case_id",
    "category",
    "subcategory",
    "report_type",
    "action",
    "opd",
    "acceptable",
    "then_action",
    "missing",
    "request",
    "archive_reason",
    "duplicate_of",
    "anonim",
    "rahasia",
    "urgent",
    "deadline_kind",
    "deadline_hk",
    "answer_points",
    "hard_kind",
    "typical_misroutes",
)


@dataclass(frozen=True)
class Key:
    """A case's answer key as the engine reads it (never shown to participants)."""

    case_id: str
    category: str
    subcategory: str
    report_type: str
    action: str
    opd: str | None
    acceptable: tuple[str, ...]
    then: str | None
    missing: tuple[str, ...]
    request: str | None
    archive_reason: str | None
    duplicate_of: str | None
    anonim: bool
    rahasia: bool
    urgent: bool
    deadline_kind: str
    deadline_hk: int
    answer_points: tuple[str, ...]
    hard_kind: str
    typical_misroutes: tuple[str, ...]

    @property
    def protect_identity(self) -> bool:
        """The reporter's identity must not appear in any public text."""
        return self.anonim or self.rahasia

    def expected(self, completed_hold: bool) -> str:
        """The right routing action now: after the reporter completed a held report, ``then``."""
        if self.action == "tunda" and completed_hold:
            return self.then or "disposisi"
        return self.action

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> Key:
        """A key from its ``answer_keys`` row."""
        return cls(
            r["case_id"],
            r["category"],
            r["subcategory"],
            r["report_type"],
            r["action"],
            r["opd"],
            _tuple(r["acceptable"]),
            r["then_action"],
            _tuple(r["missing"]),
            r["request"],
            r["archive_reason"],
            r["duplicate_of"],
            bool(r["anonim"]),
            bool(r["rahasia"]),
            bool(r["urgent"]),
            r["deadline_kind"],
            int(r["deadline_hk"]),
            _tuple(r["answer_points"]),
            r["hard_kind"],
            _tuple(r["typical_misroutes"]),
        )


def _tuple(text: str | None) -> tuple[str, ...]:
    return () if text in (None, "[]") else tuple(from_json(text))


def complaint_rows(
    workshop_id: int,
    c: Complaint,
    *,
    case_id: str | None = None,
    arrives_at: float | None = None,
    origin: str = "generator",
    seq: int | None = None,
) -> tuple[tuple, tuple]:
    """The ``cases`` and ``answer_keys`` rows of one generated complaint."""
    cid = case_id or c.id
    k = c.key
    case = (
        workshop_id,
        cid,
        c.seq if seq is None else seq,
        origin,
        c.arrived_at if arrives_at is None else arrives_at,
        c.channel,
        c.received.isoformat(timespec="minutes"),
        c.chosen_subcategory,
        c.chosen_agency,
        c.kecamatan,
        c.desa,
        c.reporter_name,
        c.reporter_contact,
        int(c.anonymous_requested),
        int(c.confidential_requested),
        c.occurred.isoformat(),
        c.title,
        c.body,
    )
    key = (
        workshop_id,
        cid,
        c.category,
        c.subcategory,
        c.report_type,
        k.action,
        k.opd,
        to_json(k.acceptable),
        k.then,
        to_json(k.missing),
        k.request,
        k.archive_reason,
        k.duplicate_of,
        int(k.anonim),
        int(k.rahasia),
        int(k.urgent),
        k.deadline_kind,
        k.deadline_hk,
        to_json(k.answer_points),
        k.hard_kind,
        to_json(k.typical_misroutes),
    )
    return case, key


def insert_cases(db: Database, pairs: Iterable[tuple[tuple, tuple]]) -> int:
    """Store case and key rows (inside the caller's transaction); returns how many."""
    pairs = list(pairs)
    db.conn.executemany(
        f"INSERT INTO cases ({', '.join(_CASE_COLUMNS)}) VALUES ({', '.join('?' * len(_CASE_COLUMNS))})",  # noqa: S608
        [p[0] for p in pairs],
    )
    db.conn.executemany(
        f"INSERT INTO answer_keys ({', '.join(_KEY_COLUMNS)}) VALUES ({', '.join('?' * len(_KEY_COLUMNS))})",  # noqa: S608
        [p[1] for p in pairs],
    )
    return len(pairs)


def materialise(db: Database, ws: Workshop) -> int:
    """Generate the workshop's caseload (scenario + seed, over its days) into the database."""
    return insert_cases(db, (complaint_rows(ws.id, c) for c in generate(ws.scenario, ws.seed)))


def key_of(db: Database, workshop_id: int, case_id: str) -> Key:
    """The answer key of one case (engine-internal)."""
    row = one(
        db,
        "SELECT * FROM answer_keys WHERE workshop_id = ? AND case_id = ?",
        [workshop_id, case_id],
    )
    if row is None:
        raise KeyError(case_id)
    return Key.from_row(row)


_LONG = ("answer_points", "typical_misroutes", "request")


def keys_of(db: Database, workshop_id: int, *, full: bool = True) -> dict[str, Key]:
    """Every answer key of a workshop by case id (engine-internal; scoring leaves out the long texts)."""
    columns = "*" if full else ", ".join(f"NULL AS {c}" if c in _LONG else c for c in _KEY_COLUMNS)
    cur = db.conn.execute(f"SELECT {columns} FROM answer_keys WHERE workshop_id = ?", [workshop_id])  # noqa: S608
    names = [d[0] for d in cur.description]
    return {r[1]: Key.from_row(dict(zip(names, r, strict=True))) for r in cur.fetchall()}
