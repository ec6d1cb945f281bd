"""The roles nobody plays: the verifier bot, OPD bots and scripted citizens.

After every event :func:`react` puts the world's next step on the agenda: a bot verifies a new
report when no participant is verifikator; an OPD nobody plays accepts, returns a misrouted case
or answers within the scenario's handling times (triage, coordination, handling, stretched by the
officer's time share, in office hours, after any absence); the reporter completes a held report or
replies to a follow-up with the scenario's shares and delays; the system archives an expired hold
and auto-closes a follow-up. The bots act through the same verbs as people. Each decision draws
from its own generator (seed, case, step, version), so a workshop replays exactly.
"""

from __future__ import annotations

from typing import Any

from scenarios import Dist, sla
from scenarios.routing import RoutingCase, RoutingContext, make_policy
from simulator.dists import sample

from . import verbs
from .db import rows
from .engine import CITIZEN, SYSTEM, VERIFIER_BOT, Event, Session, opd_bot
from .texts import (
    bot_followup,
    bot_initial_response,
    bot_message_answer,
    citizen_completion,
    citizen_dissatisfied,
)
from .thread import pending_messages

MAX_REPLY_ROUNDS = 3
_ROUTERS: dict[int, tuple[Any, RoutingContext, Any]] = {}


def _router(s: Session) -> tuple[RoutingContext, Any]:
    sc = s.scenario
    hit = _ROUTERS.get(id(sc))
    if hit is None or hit[0] is not sc:
        hit = _ROUTERS[id(sc)] = (sc, RoutingContext(sc), make_policy(sc))
    return hit[1], hit[2]


def absent_until(s: Session, opd: str) -> float | None:
    """Until when the facilitator made the OPD's officer absent (None if not)."""
    found = rows(
        s.db,
        """SELECT MAX(json_extract(payload, '$.until')) AS u FROM events WHERE workshop_id = ? AND run = ?
                          AND action = 'petugas_absen' AND json_extract(payload, '$.opd') = ?""",
        [s.ws.id, s.ws.run, opd],
    )
    return found[0]["u"] if found else None


def _due(
    s: Session,
    t: float,
    effort: Dist,
    share: float,
    rng: Any,
    opd: str | None = None,
    extra_days: float = 0.0,
) -> float:
    """When a desk finishes work started at ``t``: office hours only, stretched by the time share."""
    start = s.cal.next_open(t)
    until = absent_until(s, opd) if opd else None
    if until is not None and until > start:
        start = s.cal.next_open(until)
    hours = sample(effort, rng) / share + extra_days * s.cal.hours_per_working_day
    return s.cal.add_working_hours(start, hours)


def react(s: Session, e: Event) -> None:
    """Schedule what bots, citizens and the system do after ``e``."""
    if e.case_id is None:
        return
    sop, cit = s.scenario.sop, s.scenario.citizen
    rng = s.rng("react", e.case_id, e.action, e.version)
    if e.action in ("masuk", "lengkapi", "kembalikan") and not s.verifier_played:
        s.schedule(
            "bot_verify",
            _due(s, e.sim_at, sop.verification_handling, sop.verifier_time_share, rng),
            e.case_id,
        )
    elif e.action == "disposisi" and e.payload["opd"] not in s.played_opds:
        opd = s.scenario.opds[e.payload["opd"]]
        s.schedule(
            "bot_triage",
            _due(s, e.sim_at, opd.triage, opd.time_share, rng, e.payload["opd"]),
            e.case_id,
            opd=e.payload["opd"],
        )
    elif e.action == "balas":
        code = s.case(e.case_id)["assigned_opd"]
        if code and code not in s.played_opds:
            opd = s.scenario.opds[code]
            s.schedule(
                "bot_answer",
                _due(s, e.sim_at, opd.handling, opd.time_share, rng, code),
                e.case_id,
                opd=code,
            )
    elif e.action == "tunda":
        expiry = sla.clarification_due(s.cal, e.sim_at, s.scenario, s.key(e.case_id).category)
        if rng.random() < cit.clarification_reply_share:
            reply = e.sim_at + sample(cit.clarification_reply_delay, rng)
            if reply < expiry:
                s.schedule("citizen_complete", reply, e.case_id)
                return
        s.schedule("hold_expiry", expiry, e.case_id)
    elif e.action == "tindak_lanjut":
        close_at = sla.auto_close_due(s.cal, e.sim_at, sop.deadlines)
        rounds = s.case(e.case_id)["reply_rounds"]
        if rounds < MAX_REPLY_ROUNDS and rng.random() < cit.dissatisfied_share:
            reply = e.sim_at + sample(cit.dissatisfied_delay, rng)
            if reply < close_at:
                s.schedule("citizen_reply", reply, e.case_id, followup=e.id)
                return
        s.schedule("auto_close", close_at, e.case_id, followup=e.id)


# -- what happens when an agenda item falls due ----------------------------------------------------
def bot_verify(s: Session, case_id: str, at: float) -> None:
    """The verifier bot verifies and decides a report (routing with the scenario's policy)."""
    case = s.case(case_id)
    if s.verifier_played or case["state"] not in sla.AWAITING_VERIFICATION:
        return
    key, bot = s.key(case_id), VERIFIER_BOT
    if not case["verified"]:
        verbs.verify_in(
            s,
            case_id,
            title=case["report_title"] or case_id,
            report_type=key.report_type,
            category=key.category,
            subcategory=key.subcategory,
            anonim=key.anonim,
            rahasia=key.rahasia,
            actor=bot,
            expected_version=case["version"],
            at=at,
        )
        case = s.case(case_id)
    expected = key.expected(bool(case["completed_hold"]))
    if expected == "tunda" and case["state"] != "masuk":
        expected = key.then or "disposisi"
    v = case["version"]
    if expected == "tunda":
        verbs.tunda_in(
            s,
            case_id,
            missing=key.missing or ("rincian",),
            actor=bot,
            expected_version=v,
            at=at,
            message=key.request or "Mohon lengkapi laporan Anda agar dapat kami tindak lanjuti.",
        )
    elif expected == "arsipkan":
        verbs.archive_in(
            s,
            case_id,
            reason=key.archive_reason or "Di luar lingkup layanan publik",
            actor=bot,
            expected_version=v,
            at=at,
        )
    elif expected == "duplikat" and key.duplicate_of and _arrived(s, key.duplicate_of):
        verbs.duplicate_in(s, case_id, key.duplicate_of, actor=bot, expected_version=v, at=at)
    else:
        _route(s, case, key, at)


def _arrived(s: Session, case_id: str) -> bool:
    found = rows(
        s.db, "SELECT arrived FROM cases WHERE workshop_id = ? AND id = ?", [s.ws.id, case_id]
    )
    return bool(found and found[0]["arrived"])


def _route(s: Session, case: dict[str, Any], key: Any, at: float) -> None:
    ctx, policy = _router(s)
    if key.opd is None:  # nothing to route to (e.g. archive keys reached here by a hold): archive
        verbs.archive_in(
            s,
            case["id"],
            reason=key.archive_reason or "Di luar lingkup layanan publik",
            actor=VERIFIER_BOT,
            expected_version=case["version"],
            at=at,
        )
        return
    if case["hops"] >= s.scenario.sop.max_hops:
        dest = key.opd  # the coordination team settles ping-pong
    else:
        rc = RoutingCase(
            key.subcategory,
            case["kecamatan"],
            case["chosen_subcategory"],
            case["chosen_agency"],
            f"{case['report_title']}\n{case['body']}",
            key.opd,
            key.acceptable,
            tuple(case["tried"]),
        )
        dest = policy.choose(rc, ctx, s.rng("route", case["id"], case["version"]))
    if dest in ctx.local:
        verbs.dispose_in(
            s, case["id"], dest, actor=VERIFIER_BOT, expected_version=case["version"], at=at
        )
    else:
        verbs.forward_in(
            s,
            case["id"],
            dest,
            reason="Bukan kewenangan pemerintah kabupaten",
            actor=VERIFIER_BOT,
            expected_version=case["version"],
            at=at,
        )


def bot_triage(s: Session, case_id: str, at: float, opd: str) -> None:
    """An OPD bot accepts a disposition that is its own (with an initial response) or returns it."""
    case = s.case(case_id)
    if opd in s.played_opds or case["state"] != "terdisposisi" or case["assigned_opd"] != opd:
        return
    key, bot = s.key(case_id), opd_bot(opd)
    if opd not in (key.opd, *key.acceptable):
        name = s.scenario.opds[opd].name
        verbs.return_in(
            s,
            case_id,
            reason=f"Bukan kewenangan {name}; mohon didisposisikan ke instansi yang berwenang.",
            actor=bot,
            expected_version=case["version"],
            at=at,
        )
        return
    event = verbs.accept_in(s, case_id, actor=bot, expected_version=case["version"], at=at)
    verbs.respond_in(
        s,
        case_id,
        text=bot_initial_response(s.scenario.opds[opd].name),
        actor=bot,
        expected_version=event.version,
        at=at,
    )
    o = s.scenario.opds[opd]
    rng = s.rng("answer", case_id, event.version)
    s.schedule(
        "bot_answer",
        _due(s, at, o.handling, o.time_share, rng, opd, sample(o.coordination, rng)),
        case_id,
        opd=opd,
    )


def bot_answer(s: Session, case_id: str, at: float, opd: str) -> None:
    """An OPD bot posts its tindak lanjut."""
    case = s.case(case_id)
    if (
        opd in s.played_opds
        or case["state"] not in ("diproses", "ditanggapi_pelapor")
        or case["assigned_opd"] != opd
    ):
        return
    key = s.key(case_id)
    text = bot_followup(s.scenario.opds[opd].name, case, key.answer_points, s.cal.to_datetime(at))
    verbs.follow_up_in(
        s,
        case_id,
        reply=text,
        internal_note="Dijawab oleh bot OPD (simulasi).",
        evidence=["laporan_penanganan.pdf"],
        actor=opd_bot(opd),
        expected_version=case["version"],
        at=at,
    )


def citizen_complete(s: Session, case_id: str, at: float) -> None:
    """The reporter sends what the hold asked for."""
    case = s.case(case_id)
    if case["state"] == "ditunda":
        verbs.complete_in(s, case_id, text=citizen_completion(case), actor=CITIZEN, at=at)


def hold_expiry(s: Session, case_id: str, at: float) -> None:
    """No completion within the waiting time: the system archives the report."""
    if s.case(case_id)["state"] == "ditunda":
        verbs.expire_in(s, case_id, actor=SYSTEM, at=at)


def citizen_reply(s: Session, case_id: str, at: float, followup: int) -> None:
    """A dissatisfied reporter answers the follow-up."""
    case = s.case(case_id)
    if case["state"] == "ditindaklanjuti" and case["last_followup_event"] == followup:
        rng = s.rng("dissatisfied", case_id, followup)
        verbs.citizen_reply_in(s, case_id, text=citizen_dissatisfied(rng), actor=CITIZEN, at=at)


def auto_close(s: Session, case_id: str, at: float, followup: int) -> None:
    """No reply to the follow-up within the SOP's HK: the case closes itself."""
    case = s.case(case_id)
    if case["state"] == "ditindaklanjuti" and case["last_followup_event"] == followup:
        verbs.auto_close_in(s, case_id, actor=SYSTEM, at=at)


def after_message(s: Session, case_id: str, at: float) -> None:
    """A reporter's message waits for a public answer: a bot holding the case answers it within its
    handling time (a desk a participant plays answers it themselves)."""
    case = s.case(case_id)
    code = case["assigned_opd"]
    if code and code not in s.played_opds:
        o = s.scenario.opds[code]
        rng = s.rng("message", case_id, case["version"])
        due = _due(s, at, o.triage, o.time_share, rng, code)
        s.schedule("bot_answer_message", due, case_id)
    elif not code and not s.verifier_played:
        rng = s.rng("message", case_id, case["version"])
        due = _due(
            s, at, s.scenario.sop.verification_handling, s.scenario.sop.verifier_time_share, rng
        )
        s.schedule("bot_answer_message", due, case_id)


def bot_answer_message(s: Session, case_id: str, at: float) -> None:
    """The bot holding a case answers the reporter's waiting message."""
    case = s.case(case_id)
    code = case["assigned_opd"]
    bot = opd_bot(code) if code else VERIFIER_BOT
    if (code and code in s.played_opds) or (not code and s.verifier_played):
        return
    if case_id not in pending_messages(s.db, s.ws, case_id):
        return
    name = s.scenario.opds[code].name if code in s.scenario.opds else s.scenario.region.name
    verbs.answer_message_in(
        s,
        case_id,
        text=bot_message_answer(name, case),
        actor=bot,
        expected_version=case["version"],
        at=at,
    )


HANDLERS = {
    "bot_answer_message": bot_answer_message,
    "bot_verify": bot_verify,
    "bot_triage": bot_triage,
    "bot_answer": bot_answer,
    "citizen_complete": citizen_complete,
    "hold_expiry": hold_expiry,
    "citizen_reply": citizen_reply,
    "auto_close": auto_close,
}
