"""What the reporter and the system do to a case: complete a hold, reply, expire, auto-close, message."""

from __future__ import annotations

from typing import Any

from scenarios import sla

from ..engine import Actor, Event, Session


def _hold_ended(s: Session, case: dict[str, Any], t: float) -> dict[str, Any]:
    """The fields of a case whose hold ends at ``t``: its time on hold counted, and its
    verification (and any completion) limit moved by it (scenarios.sla)."""
    paused = (
        s.cal.working_hours_between(case["hold_started"], t)
        if case["hold_started"] is not None
        else 0.0
    )
    return {
        "hold_started": None,
        "paused_wh": case["paused_wh"] + paused,
        "verify_deadline": sla.verification_due(
            s.cal, case["arrives_at"], s.scenario.sop.deadlines, case["paused_wh"] + paused
        ),
        # a case verified before its hold: its completion limit moves by the hold too
        "completion_deadline": s.cal.add_working_hours(case["completion_deadline"], paused)
        if case["completion_deadline"] is not None
        else None,
    }


def complete_in(
    s: Session, case_id: str, *, text: str, actor: Actor, at: float | None = None
) -> Event:
    """Pelapor melengkapi: the held report is completed and back with the verifier (clock resumes)."""
    case = s.case(case_id)
    return s.change(
        case,
        "lengkapi",
        actor,
        expected_version=None,
        at=at,
        fields={"completed_hold": 1, **_hold_ended(s, case, s.at_or_now(at))},
        payload={"text": text},
    )


def expire_in(s: Session, case_id: str, *, actor: Actor, at: float | None = None) -> Event:
    """Kedaluwarsa: no completion within the waiting time — archived automatically."""
    case = s.case(case_id)
    t = s.at_or_now(at)
    return s.change(
        case,
        "kedaluwarsa",
        actor,
        expected_version=None,
        at=at,
        fields={"closed_at": t, **_hold_ended(s, case, t)},
    )


def citizen_reply_in(
    s: Session, case_id: str, *, text: str, actor: Actor, at: float | None = None
) -> Event:
    """Pelapor menanggapi: the reporter answers a follow-up (the dialogue reopens)."""
    case = s.case(case_id)
    return s.change(
        case,
        "balas",
        actor,
        expected_version=None,
        at=at,
        fields={"reply_rounds": case["reply_rounds"] + 1},
        payload={"text": text},
    )


def auto_close_in(s: Session, case_id: str, *, actor: Actor, at: float | None = None) -> Event:
    """Selesai otomatis: a follow-up without reply closes itself after the SOP's HK."""
    case = s.case(case_id)
    return s.change(
        case,
        "selesai_otomatis",
        actor,
        expected_version=None,
        at=at,
        fields={"closed_at": s.at_or_now(at)},
    )


def message_in(
    s: Session, case_id: str, *, text: str, actor: Actor, at: float | None = None
) -> Event:
    """A message on the case (e.g. an angry follow-up) that changes nothing in its state."""
    case = s.case(case_id)
    return s.log(
        case_id,
        "pesan_pelapor",
        actor,
        from_state=case["state"],
        to_state=case["state"],
        version=case["version"],
        at=at,
        payload={"text": text},
    )
