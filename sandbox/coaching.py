"""Practice mode: hints that cost points, and feedback after each case.

A hint is logged in the event log (and scored as a penalty). Feedback shows a participant how their
own actions on a case were scored — in practice mode as soon as they acted, in assessment mode only
after the facilitator reveals. It names the key's answer for a decision already taken.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from .agenda import perform
from .context import get_workshop
from .db import one
from .engine import Session
from .errors import NotAllowed
from .judging import why_text
from .notes import Note, note
from .records import ScoreItem
from .scoring import score_workshop

MAX_HINTS = 2


@dataclass(frozen=True)
class Hint:
    """A hint and what it cost."""

    level: int
    text: Note
    cost: float


def _verifier_hint(s: Session, case: dict, level: int) -> Note:
    """Level 1 points to the report's deciding words and what decides, without the office;
    level 2 names the rule and the office (the key's why)."""
    key = s.key(case["id"])
    if key.action in ("tunda", "duplikat") and level == 1:
        return note(f"petunjuk.{key.action}")
    return why_text(key, s.scenario, name_owner=level >= 2)


def hint(db: Database, workshop_id: int, case_id: str, *, by: int, now: float) -> Hint:
    """A hint on a case (practice mode only); each one costs the workshop's hint penalty."""
    ws = get_workshop(db, workshop_id)
    if ws.mode != "practice":
        raise NotAllowed(
            "petunjuk_hanya_tersedia_pada",
        )

    def give(s: Session) -> Hint:
        actor = s.actor_for(by)
        case = s.case(case_id)
        taken = one(
            db,
            """SELECT COUNT(*) AS n FROM events WHERE workshop_id = ? AND run = ? AND case_id = ?
                           AND action = 'petunjuk' AND actor_id = ?""",
            [ws.id, ws.run, case_id, by],
        )["n"]
        if taken >= MAX_HINTS:
            raise NotAllowed("petunjuk_kasus_sudah_habis")
        level = taken + 1
        if actor.role == "verifikator":
            text = _verifier_hint(s, case, level)
        elif level == 1:
            text = note("petunjuk.jawaban_baik")
        else:
            text = note("petunjuk.poin", points="; ".join(s.key(case_id).answer_points))
        s.log(
            case_id,
            "petunjuk",
            actor,
            from_state=case["state"],
            to_state=case["state"],
            version=case["version"],
            payload={"level": level},
        )
        return Hint(level, text, s.ws.weights.hint_penalty)

    return perform(db, workshop_id, now, give)


def feedback_for_participant(
    db: Database, workshop_id: int, participant_id: int, *, case_id: str | None = None
) -> list[ScoreItem]:
    """How the participant's own actions were scored (practice: always; assessment: once revealed)."""
    ws = get_workshop(db, workshop_id)
    if not ws.feedback_open:
        raise NotAllowed(
            "umpan_balik_dibuka_setelah",
        )
    items = score_workshop(db, workshop_id).by_participant().get(participant_id, [])
    return [i for i in items if case_id is None or i.case_id == case_id]
