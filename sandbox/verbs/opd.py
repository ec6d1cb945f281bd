"""Verbs of an OPD desk (admin penghubung): accept, return, respond, follow up, resume, answer a
message; and the replies the rubric scores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..db import from_json, to_json
from ..engine import Actor, Event, Session
from ..errors import ActionRefused, NotAllowed
from ..reply_templates import filled_all
from ..rubric import ReplyFacts, check_reply
from ..thread import pending_messages
from .checks import require_at_desk, require_text


def accept_in(
    s: Session,
    case_id: str,
    *,
    actor: Actor,
    expected_version: int | None,
    at: float | None = None,
    bulk_id: int | None = None,
) -> Event:
    """Terima: the OPD accepts the disposition."""
    case = s.case(case_id)
    require_at_desk(case, actor)
    return s.change(
        case, "terima", actor, expected_version=expected_version, at=at, bulk_id=bulk_id
    )


def return_in(
    s: Session,
    case_id: str,
    *,
    reason: str,
    actor: Actor,
    expected_version: int | None,
    at: float | None = None,
) -> Event:
    """Kembalikan: the OPD returns a case that is not its authority (one more hop)."""
    case = s.case(case_id)
    require_at_desk(case, actor)
    reason = require_text(reason, "Alasan pengembalian", "A reason for returning")
    opd = case["assigned_opd"]
    return s.change(
        case,
        "kembalikan",
        actor,
        expected_version=expected_version,
        at=at,
        fields={
            "assigned_opd": None,
            "hops": case["hops"] + 1,
            "tried": [*case["tried"], opd],
        },
        payload={"opd": opd, "reason": reason},
    )


def respond_in(
    s: Session,
    case_id: str,
    *,
    text: str,
    actor: Actor,
    expected_version: int | None,
    at: float | None = None,
) -> Event:
    """Tanggapan awal: the OPD's first public response while it handles the case."""
    case = s.case(case_id)
    require_at_desk(case, actor)
    text = require_text(text, "Tanggapan", "A response")
    event = s.change(
        case,
        "tanggapan_awal",
        actor,
        expected_version=expected_version,
        at=at,
        payload={"text": text},
    )
    record_reply(s, case, event, "tanggapan_awal", text, None)
    return event


def follow_up_in(
    s: Session,
    case_id: str,
    *,
    reply: str,
    internal_note: str = "",
    evidence: Sequence[str] = (),
    actor: Actor,
    expected_version: int | None,
    at: float | None = None,
) -> Event:
    """Tindak lanjut: the public reply (scored by the rubric) and an internal note, with evidence."""
    case = s.case(case_id)
    require_at_desk(case, actor)
    reply = require_text(reply, "Jawaban tindak lanjut", "A follow-up reply")
    proof = [e.strip() for e in evidence if e.strip()]
    t = s.at_or_now(at)
    event = s.change(
        case,
        "tindak_lanjut",
        actor,
        expected_version=expected_version,
        at=at,
        fields={
            "followup_at": case["followup_at"] if case["followup_at"] is not None else t,
            "evidence": proof,
        },
        payload={"reply": reply, "note": internal_note.strip(), "evidence": proof},
    )
    s.db.conn.execute(
        "UPDATE cases SET last_followup_event = ? WHERE workshop_id = ? AND id = ?",
        [event.id, s.ws.id, case_id],
    )
    record_reply(s, case, event, "tindak_lanjut", reply, internal_note.strip() or None)
    return event


def resume_in(
    s: Session, case_id: str, *, actor: Actor, expected_version: int | None, at: float | None = None
) -> Event:
    """Proses kembali: the OPD reopens handling after the reporter replied."""
    case = s.case(case_id)
    require_at_desk(case, actor)
    return s.change(case, "proses_ulang", actor, expected_version=expected_version, at=at)


def answer_message_in(
    s: Session,
    case_id: str,
    *,
    text: str,
    actor: Actor,
    expected_version: int | None,
    at: float | None = None,
) -> Event:
    """Jawab pesan pelapor: the desk holding the case answers the reporter's message (an angry
    follow-up on a closed case, say) in public; the case's state stays, the answer is scored."""
    case = s.case(case_id)
    if case_id not in pending_messages(s.db, s.ws, case_id):
        raise ActionRefused(
            "tidak_ada_pesan_pelapor",
            case_id=case_id,
        )
    holder = "penghubung" if case["assigned_opd"] else "verifikator"
    if actor.role != holder:
        raise NotAllowed(
            "pesan_dijawab_opd" if holder == "penghubung" else "pesan_dijawab_verifikator"
        )
    require_at_desk(case, actor)
    text = require_text(text, "Jawaban kepada pelapor", "An answer to the reporter")
    event = s.change(
        case,
        "jawab_pesan",
        actor,
        expected_version=expected_version,
        transition=False,
        at=at,
        payload={"text": text},
    )
    record_reply(s, case, event, "jawab_pesan", text, None)
    return event


def reply_facts(s: Session, case: dict[str, Any], protect: bool) -> ReplyFacts:
    """What the rubric needs to know about a case: its text and places, the key's points, the
    offices that answer for it, the templates filled for it and the answers already given."""
    sc = s.scenario
    units = tuple(x for code, o in sc.opds.items() for x in (code, o.name))
    public = (
        sc.region.name,
        sc.region.province,
        *sc.region.kecamatan,
        *(d for ds in sc.region.kecamatan.values() for d in ds),
        *sc.region.rivers,
        *sc.region.roads,
    )
    key = s.key(case["id"])
    copies = from_json(case["copies"], []) if isinstance(case["copies"], str) else case["copies"]
    owner_codes = dict.fromkeys(
        c for c in (key.opd, *key.acceptable, case["assigned_opd"], *(copies or ())) if c
    )
    owners = tuple(x for c in owner_codes for x in (c, sc.opds[c].name if c in sc.opds else c))
    opd = case["assigned_opd"]
    values = {
        "nomor_kasus": case["id"],
        "judul": case["title"] or case["report_title"],
        "lokasi": f"{case['desa']}, {case['kecamatan']}",
        "opd": sc.opds[opd].name if opd in sc.opds else (opd or ""),
        "nama_pelapor": case["reporter_name"],
    }
    earlier = tuple(
        r[0]
        for r in s.db.conn.execute(
            "SELECT public_text FROM replies WHERE workshop_id = ? AND case_id = ? ORDER BY id",
            [s.ws.id, case["id"]],
        )
    )
    return ReplyFacts(
        report_text=f"{case['report_title']}\n{case['title'] or ''}\n{case['body']}",
        places=(case["desa"], case["kecamatan"]),
        units=units,
        reporter_name=case["reporter_name"],
        reporter_contact=case["reporter_contact"],
        protect_identity=protect,
        public_words=public,
        answer_points=key.answer_points,
        owners=owners,
        templates=filled_all(values),
        earlier=earlier,
    )


def record_reply(
    s: Session, case: dict[str, Any], event: Event, kind: str, text: str, note: str | None
) -> None:
    """Store a public text with its rubric result (the leak check uses the answer key's truth)."""
    result = check_reply(text, reply_facts(s, case, s.key(case["id"]).protect_identity))
    checks = [c.as_json() for c in result.checks]  # codes and parameters, no sentence
    s.db.conn.execute(
        """INSERT INTO replies (workshop_id, case_id, event_id, participant_id, actor_label, kind, public_text,
           internal_note, sim_at, checks, failed, auto_score, leak) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            s.ws.id,
            case["id"],
            event.id,
            event.actor.participant_id,
            event.actor.label,
            kind,
            text,
            note,
            event.sim_at,
            to_json(checks),
            # a leak is the lesson of a leaked reply (its score is zero): the other misses stay in checks
            "identitas" if result.leak else " ".join(c.id for c in result.checks if not c.passed),
            result.score,
            int(result.leak),
        ],
    )
