"""The caseload of a workshop: the shared generator's complaints stored as cases and answer keys.

Same scenario and seed → the same cases with the same answer keys (simulator.generator). The
public part of a complaint goes into ``cases``; its truth (true category and type, the answer key)
into ``answer_keys``, which only scoring, bots and facilitator functions read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from simulator.generator import AnswerKey, Complaint, generate, write_complaint

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
    "rule",
    "object",
    "why",
    "spans",
    "guidance",
    "facts",
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
    rule: str = ""  # the rule applied to the case's facts ("<sub-category>.<object>", …)
    object: str = ""
    why: tuple[str, ...] = ()  # the deciding phrases of the text
    spans: tuple[tuple[int, int], ...] = ()  # where they stand in the title + newline + body
    guidance: str | None = None  # arsipkan: where the reporter can go instead

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
            r.get("rule") or "",
            r.get("object") or "",
            _tuple(r.get("why")),
            tuple(tuple(x) for x in from_json(r.get("spans") or "[]", [])),
            r.get("guidance"),
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
    seed: int | None = None,
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
        k.rule,
        k.object,
        to_json(k.why),
        to_json(k.spans),
        k.guidance,
        to_json({**facts_of(c), "text_seed": seed}),
    )
    return case, key


def facts_of(c: Complaint) -> dict[str, Any]:
    """What the generator needs to write the case's text again (for another receipt time)."""
    return {
        "seq": c.seq,
        "object": c.object,
        "investigation": c.investigation,
        "out_of_scope_kind": c.out_of_scope_kind,
        "named_person": c.named_person,
        "lag_days": c.lag_days,
        "incident": c.incident,
        "text_variant": c.text_variant,
    }


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
    return insert_cases(
        db, (complaint_rows(ws.id, c, seed=ws.seed) for c in generate(ws.scenario, ws.seed))
    )


def stored_complaint(case: dict[str, Any], key: Key, **changes: Any) -> Complaint:
    """A stored case (its ``cases`` row) with its key, as the generator's complaint: its text as
    the participants read it. ``changes`` sets what the caller knows better (the instant of a new
    receipt, the facts a rewrite needs)."""
    fields: dict[str, Any] = {
        "id": case["id"],
        "seq": int(case["seq"]),
        "arrived_at": case["arrives_at"],
        "received": datetime.fromisoformat(case["received"]),
        "channel": case["channel"],
        "report_type": key.report_type,
        "category": key.category,
        "subcategory": key.subcategory,
        "chosen_subcategory": case["chosen_subcategory"],
        "chosen_agency": case["chosen_agency"],
        "kecamatan": case["kecamatan"],
        "desa": case["desa"],
        "reporter_name": case["reporter_name"],
        "reporter_contact": case["reporter_contact"],
        "anonymous_requested": bool(case["anonymous_requested"]),
        "confidential_requested": bool(case["confidential_requested"]),
        "occurred": date.fromisoformat(case["occurred"]),
        "title": case["report_title"] or "",
        "body": case["body"] or "",
        "key": AnswerKey(
            action=key.action,
            opd=key.opd,
            acceptable=key.acceptable,
            then=key.then,
            missing=key.missing,
            request=key.request,
            archive_reason=key.archive_reason,
            duplicate_of=key.duplicate_of,
            anonim=key.anonim,
            rahasia=key.rahasia,
            urgent=key.urgent,
            deadline_kind=key.deadline_kind,
            deadline_hk=key.deadline_hk,
            hard_kind=key.hard_kind,
            typical_misroutes=key.typical_misroutes,
            rule=key.rule,
            object=key.object,
            guidance=key.guidance,
        ),
    }
    fields.update(changes)
    return Complaint(**fields)


def rewrite_for_receipt(db: Database, ws: Workshop, case_id: str, at: float) -> None:
    """Write a case's text again for its receipt at instant ``at`` (inside the caller's
    transaction): "tadi pagi", "kemarin" and the letter's date then agree with the moment the
    participant receives it, and the key's deciding phrases with the new words. A case stored
    without its facts (an older workshop) keeps its text."""
    case = one(db, "SELECT * FROM cases WHERE workshop_id = ? AND id = ?", [ws.id, case_id])
    krow = one(
        db, "SELECT * FROM answer_keys WHERE workshop_id = ? AND case_id = ?", [ws.id, case_id]
    )
    facts = from_json(krow["facts"], None) if krow else None
    if case is None or krow is None or not facts or facts.get("text_seed") is None:
        return
    key = Key.from_row(krow)
    received = ws.calendar.to_datetime(at).replace(tzinfo=None)
    occurred = received.date() - timedelta(days=int(facts["lag_days"]))
    original_incident = None
    if key.duplicate_of:
        orig = one(
            db,
            "SELECT occurred FROM cases WHERE workshop_id = ? AND id = ?",
            [ws.id, key.duplicate_of],
        )
        okey = one(
            db,
            "SELECT facts FROM answer_keys WHERE workshop_id = ? AND case_id = ?",
            [ws.id, key.duplicate_of],
        )
        if orig is not None:
            occurred = min(date.fromisoformat(orig["occurred"]), received.date())
        if okey is not None:
            original_incident = (from_json(okey["facts"], None) or {}).get("incident")
    complaint = stored_complaint(
        case,
        key,
        seq=int(facts["seq"]),
        arrived_at=at,
        received=received,
        occurred=occurred,
        object=facts["object"],
        investigation=bool(facts["investigation"]),
        out_of_scope_kind=facts["out_of_scope_kind"],
        named_person=facts["named_person"],
        lag_days=int(facts["lag_days"]),
        text_variant=int(facts.get("text_variant", 0)),
    )
    written = write_complaint(
        ws.scenario, int(facts["text_seed"]), complaint, None, original_incident
    )
    k = written.key
    db.conn.execute(
        """UPDATE cases SET received = ?, occurred = ?, report_title = ?, body = ?
           WHERE workshop_id = ? AND id = ?""",
        [
            received.isoformat(timespec="minutes"),
            written.occurred.isoformat(),
            written.title,
            written.body,
            ws.id,
            case_id,
        ],
    )
    db.conn.execute(
        """UPDATE answer_keys SET why = ?, spans = ?, answer_points = ?, request = ?, facts = ?
           WHERE workshop_id = ? AND case_id = ?""",
        [
            to_json(k.why),
            to_json(k.spans),
            to_json(k.answer_points),
            k.request,
            to_json({**facts, "incident": written.incident}),
            ws.id,
            case_id,
        ],
    )


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


_LONG = (
    "answer_points",
    "typical_misroutes",
    "request",
    "facts",
    "spans",
)  # why stays: feedback quotes it


def keys_of(db: Database, workshop_id: int, *, full: bool = True) -> dict[str, Key]:
    """Every answer key of a workshop by case id (engine-internal; scoring leaves out the long texts)."""
    columns = "*" if full else ", ".join(f"NULL AS {c}" if c in _LONG else c for c in _KEY_COLUMNS)
    cur = db.conn.execute(f"SELECT {columns} FROM answer_keys WHERE workshop_id = ?", [workshop_id])  # noqa: S608
    names = [d[0] for d in cur.description]
    return {r[1]: Key.from_row(dict(zip(names, r, strict=True))) for r in cur.fetchall()}
