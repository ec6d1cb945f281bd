"""What the facilitator does during a workshop: release cases, inject events, override a reply score.

Injects (crisis-exercise style): ``lonjakan`` (a surge of extra reports), ``viral`` (a case goes
viral: double timeliness weight), ``petugas_absen`` (an OPD officer away for some working days —
its bot waits), ``tindak_lanjut_marah`` (a citizen's angry follow-up: on a followed-up case a reply that reopens the
dialogue; on any other case, a closed one too, a message the desk holding it must answer in public,
scored like a tindak lanjut). Each is in the event log.
The answer key leaves the engine only through :func:`answer_key_for_facilitator`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from sqlite_utils import Database

from scenarios.authority import case_text
from simulator.generator import generate, write_complaint
from simulator.rng import derive_seed

from . import verbs
from .agenda import advance, catch_up, open_session
from .bots import after_message
from .caseload import Key, complaint_rows, insert_cases, key_of, rewrite_for_receipt
from .context import get_workshop
from .db import from_json, one, rows, write_txn
from .engine import CITIZEN, FACILITATOR, Session
from .errors import NotAllowed, NotFound, SandboxError
from .facilitators import require_owner
from .judging import expected_label, why_text
from .notes import Note
from .rubric import Check
from .texts import citizen_angry

INJECTS = ("lonjakan", "viral", "petugas_absen", "tindak_lanjut_marah")


def _facilitated(db: Database, workshop_id: int, facilitator_id: int, now: float, fn: Any) -> Any:
    require_owner(db, workshop_id, facilitator_id)
    advance(db, workshop_id, now)
    with write_txn(db):
        s = open_session(db, workshop_id, now)
        if s.ws.clock_state == "belum_mulai":
            raise NotAllowed("mulai_latihan_dulu")
        result = fn(s)
        catch_up(s)
        return result


def release_batch(
    db: Database, workshop_id: int, count: int, *, facilitator_id: int, now: float
) -> list[str]:
    """Let the next ``count`` future cases arrive now (their deadlines start now)."""

    def release(s: Session) -> list[str]:
        ids = [
            r["id"]
            for r in rows(
                db,
                """SELECT id FROM cases WHERE workshop_id = ? AND arrived = 0
                                            ORDER BY arrives_at, seq LIMIT ?""",
                [s.ws.id, int(count)],
            )
        ]
        db.conn.executemany(
            "UPDATE cases SET arrives_at = ? WHERE workshop_id = ? AND id = ?",
            [(s.sim, s.ws.id, i) for i in ids],
        )
        for i in ids:  # received now: the text's time words must say so
            rewrite_for_receipt(db, s.ws, i, s.sim)
        s.log(None, "rilis_batch", FACILITATOR, payload={"cases": ids})
        return ids

    return _facilitated(db, workshop_id, facilitator_id, now, release)


def inject(
    db: Database,
    workshop_id: int,
    kind: str,
    *,
    facilitator_id: int,
    now: float,
    case_id: str | None = None,
    count: int = 5,
    category: str | None = None,
    within_hours: float = 2.0,
    opd: str | None = None,
    working_days: int = 2,
) -> dict[str, Any]:
    """Inject an event into the running workshop; returns what it did."""
    if kind not in INJECTS:
        raise SandboxError(
            "jenis_kejadian_harus_salah",
            injects=", ".join(INJECTS),
        )

    def run(s: Session) -> dict[str, Any]:
        if kind == "lonjakan":
            return _surge(s, count, category, within_hours)
        if kind == "petugas_absen":
            if opd not in s.ws.local_opds:
                raise SandboxError("opd_tidak_dikenal", opd=opd)
            until = s.cal.deadline_working_days(s.sim, working_days)
            s.log(
                None,
                "petugas_absen",
                FACILITATOR,
                payload={"opd": opd, "until": until, "working_days": working_days},
            )
            return {"opd": opd, "until": until}
        case = s.case(case_id or "")
        if kind == "viral":
            db.conn.execute(
                "UPDATE cases SET viral = 1 WHERE workshop_id = ? AND id = ?", [s.ws.id, case["id"]]
            )
            s.log(
                case["id"],
                "viral",
                FACILITATOR,
                from_state=case["state"],
                to_state=case["state"],
                version=case["version"],
            )
            return {"case": case["id"]}
        text = citizen_angry(s.rng("marah", case["id"], case["version"]))
        if case["state"] == "ditindaklanjuti":  # the reporter replies: the dialogue reopens
            event = verbs.citizen_reply_in(s, case["id"], text=text, actor=CITIZEN)
        else:  # any other state, closed ones too: a message that demands a public answer
            event = verbs.message_in(s, case["id"], text=text, actor=CITIZEN)
            after_message(s, case["id"], event.sim_at)
        return {"case": case["id"], "event": event.id, "action": event.action}

    return _facilitated(db, workshop_id, facilitator_id, now, run)


def _surge(s: Session, count: int, category: str | None, within_hours: float) -> dict[str, Any]:
    if category is not None and category not in s.scenario.categories:
        raise SandboxError("kategori_tidak_dikenal", category=category)
    done = one(
        s.db,
        "SELECT COUNT(*) AS n FROM cases WHERE workshop_id = ? AND origin = 'inject'",
        [s.ws.id],
    )["n"]
    top = one(s.db, "SELECT MAX(seq) AS m FROM cases WHERE workshop_id = ?", [s.ws.id])["m"] or 0
    seed = derive_seed(s.ws.seed, "lonjakan", done)
    source = generate(s.scenario, seed, count=max(200, count * 40))
    fits = (
        c
        for c in source
        if c.key.action != "duplikat" and (category is None or c.category == category)
    )
    pairs, ids = [], []
    for i, c in enumerate(itertools.islice(fits, count)):
        case_id = f"INJ-{done + i + 1:04d}"
        t = s.sim + (i + 1) / (count + 1) * within_hours
        received = s.cal.to_datetime(t).replace(tzinfo=None)
        c = replace(c, received=received, occurred=received.date() - timedelta(days=c.lag_days))
        c = write_complaint(s.scenario, seed, c)  # its time words agree with when it arrives
        pairs.append(
            complaint_rows(
                s.ws.id,
                c,
                case_id=case_id,
                arrives_at=t,
                origin="inject",
                seq=top + i + 1,
                seed=seed,
            )
        )
        ids.append(case_id)
    insert_cases(s.db, pairs)
    s.log(None, "lonjakan", FACILITATOR, payload={"cases": ids, "category": category})
    return {"cases": ids}


def override_reply(
    db: Database,
    workshop_id: int,
    reply_id: int,
    *,
    score: float,
    comment: str,
    facilitator_id: int,
) -> None:
    """Replace the rubric's score of a reply (0–1) with the facilitator's, with a comment."""
    require_owner(db, workshop_id, facilitator_id)
    if not 0.0 <= score <= 1.0:
        raise SandboxError("nilai_harus_antara")
    with write_txn(db):
        cur = db.conn.execute(
            "UPDATE replies SET override_score = ?, override_comment = ?, override_by = ? WHERE id = ? AND workshop_id = ?",
            [score, comment.strip(), facilitator_id, reply_id, workshop_id],
        )
        if cur.rowcount != 1:
            raise NotFound("jawaban_tidak_ada", reply_id=reply_id)


def replies_for_facilitator(
    db: Database, workshop_id: int, *, facilitator_id: int, case_id: str | None = None
) -> list[dict[str, Any]]:
    """Every public text with its rubric checks, score and override (to review and override)."""
    require_owner(db, workshop_id, facilitator_id)
    where, params = ("AND case_id = ?", [workshop_id, case_id]) if case_id else ("", [workshop_id])
    found = rows(db, f"SELECT * FROM replies WHERE workshop_id = ? {where} ORDER BY id", params)  # noqa: S608
    for r in found:
        r["checks"] = [Check.from_json(c) for c in from_json(r["checks"], [])]
    return found


def answer_key_for_facilitator(
    db: Database, workshop_id: int, case_id: str, *, facilitator_id: int
) -> Key:
    """The hidden answer key of a case — for the workshop's facilitator only."""
    require_owner(db, workshop_id, facilitator_id)
    try:
        return key_of(db, workshop_id, case_id)
    except KeyError:
        raise NotFound("kasus_tidak_ada", case_id=case_id) from None


@dataclass(frozen=True)
class KeyExplained:
    """A case's answer key as the facilitator reads it: the decision, why, and the report's
    text with its deciding phrases marked."""

    key: Key
    decision: Note
    why: Note
    office_name: str | None
    pieces: tuple[tuple[str, bool], ...]  # the title + newline + body, in runs; True = deciding


def explain_key(
    db: Database, workshop_id: int, case_id: str, *, facilitator_id: int
) -> KeyExplained:
    """The key of a case with its why (for the workshop's facilitator only)."""
    key = answer_key_for_facilitator(db, workshop_id, case_id, facilitator_id=facilitator_id)
    ws = get_workshop(db, workshop_id)
    case = one(
        db,
        "SELECT report_title, body FROM cases WHERE workshop_id = ? AND id = ?",
        [workshop_id, case_id],
    )
    text = case_text(case["report_title"] or "", case["body"] or "") if case else ""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for a, b in key.spans:
        if a < at or b > len(text):
            continue
        pieces += [(text[at:a], False), (text[a:b], True)]
        at = b
    pieces.append((text[at:], False))
    office = ws.scenario.opds.get(key.opd or "")
    return KeyExplained(
        key,
        expected_label(key.action, key),
        why_text(key, ws.scenario),
        office.name if office else None,
        tuple(p for p in pieces if p[0]),
    )
