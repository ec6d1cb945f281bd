"""Scores per case and per participant, computed from the event log, the replies and the keys.

A pure function of stored rows (no wall time): the routing decision against the answer key, the
classification at verification, timeliness against the SOP deadline in working time, the rubric
score of each tindak lanjut (or the facilitator's override), and penalties for bounces, hints,
misused bulk actions, closing without evidence and — severe — a leaked identity. Open work past its
deadline at the last processed instant counts as late for the participants holding that desk.
Bots are scored per case (for the debrief) but never ranked.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlite_utils import Database

from scenarios import sla

from .caseload import Key
from .context import Workshop, get_workshop
from .db import rows
from .judging import (
    MISTAKES,
    ROUTING_DECISIONS,
    RUBRIC_MISTAKES,
    destination,
    expected_label,
    routing_credit,
    timeliness_credit,
    why_text,
)
from .notes import Note, note
from .records import CaseResult, ScoreItem, Scores
from .rubric import ReplyFacts, find_identity
from .scoring_input import cached_scores, load_events, load_keys

_ON_TIME = {
    "verifikasi_terlambat": note("verifikasi_tepat_waktu"),
    "tindak_lanjut_terlambat": note("tindak_lanjut_tepat_waktu"),
}
_STILL_OPEN = {
    "verifikasi_terlambat": note("verifikasi_lewat"),
    "tindak_lanjut_terlambat": note("tindak_lanjut_lewat"),
}
#: the public texts scored by the rubric, with their notes
_SCORED_REPLIES = {
    "tindak_lanjut": note("jawaban_tindak_lanjut"),
    "jawab_pesan": note("jawaban_pesan"),
}
Row = dict[str, Any]


class _Walk:
    """What one case's walk through its events has seen so far."""

    def __init__(self) -> None:
        self.completed = False  # the reporter completed a held report
        self.decided: set[bool] = set()  # rounds (before/after completion) already decided
        self.paused = 0.0  # working hours on hold
        self.hold_start: float | None = None
        self.last_verify: Row | None = None
        self.last_dispose: Row | None = None
        self.first_disposed_at: float | None = None  # the follow-up clock starts here
        self.followed: set[int] = set()  # dispositions already followed up
        self.flagged: set[tuple[int, str]] = set()  # privacy penalties already given


class _Scorer:
    def __init__(self, db: Database, ws: Workshop, upto_event: int | None) -> None:
        self.w, self.cal = ws.weights, ws.calendar
        self.sop = ws.scenario.sop.deadlines
        self.scenario = ws.scenario
        self.keys = load_keys(db, ws)
        self.events = load_events(db, ws, upto_event)
        self.cases = {
            r["id"]: r
            for r in rows(
                db,
                """SELECT id, arrives_at, state, assigned_opd, hops, viral, verify_deadline,
                   reporter_name, reporter_contact FROM cases WHERE workshop_id = ? AND arrived = 1""",
                [ws.id],
            )
        }
        bound, params = ("AND event_id <= ?", [ws.id, upto_event]) if upto_event else ("", [ws.id])
        self.replies = rows(
            db,
            f"""SELECT id, case_id, event_id, participant_id, kind, auto_score, override_score, leak,
                override_comment, failed FROM replies WHERE workshop_id = ? {bound} ORDER BY id""",  # noqa: S608
            params,
        )
        people = rows(db, "SELECT id, role, opd FROM participants WHERE workshop_id = ?", [ws.id])
        self.verifiers = [p["id"] for p in people if p["role"] == "verifikator"]
        self.penghubung: dict[str, list[int]] = defaultdict(list)
        for p in people:
            if p["role"] == "penghubung":
                self.penghubung[p["opd"]].append(p["id"])
        self.at = ws.processed_until
        self.items: list[ScoreItem] = []
        self.results: dict[str, CaseResult] = {}

    # -- recording -------------------------------------------------------------------------------
    def add(
        self,
        pid: int | None,
        case_id: str,
        kind: str,
        points: float,
        max_points: float,
        mistakes: tuple[str, ...],
        said: Note | None,
        event_id: int | None,
    ) -> None:
        if pid is not None:
            item = ScoreItem(
                pid, case_id, kind, round(points, 3), max_points, mistakes, said, event_id
            )
            self.items.append(item)

    def penalty(
        self,
        pid: int | None,
        case_id: str,
        code: str,
        points: float,
        event_id: int | None,
        said: Note | None = None,
    ) -> None:
        mistakes = (code,) if code in MISTAKES else ()
        assert said is not None or mistakes, code  # without a note the mistake names the item
        self.add(pid, case_id, "penalty", -points, 0, mistakes, said, event_id)

    def timely(
        self,
        pid: int | None,
        case_id: str,
        credit: float,
        factor: float,
        late: str,
        event_id: int | None,
        said: Note | None = None,
    ) -> None:
        most = self.w.timeliness * factor
        on_time = credit >= 1
        said = said or (_ON_TIME[late] if on_time else None)
        self.add(
            pid,
            case_id,
            "timeliness",
            credit * most,
            most,
            () if on_time else (late,),
            said,
            event_id,
        )

    @staticmethod
    def pid(e: Row) -> int | None:
        return e["actor_id"] if e["actor_kind"] == "participant" else None

    # -- the walk ----------------------------------------------------------------------------------
    def run(self) -> Scores:
        per_case: dict[str | None, list[Row]] = defaultdict(list)
        for e in self.events:
            per_case[e["case_id"]].append(e)
        for case_id, case in self.cases.items():
            if case_id in self.keys:
                self.case(case, self.keys[case_id], per_case.get(case_id, []))
        self.replies_scored()
        return Scores(self.items, self.results, self.at)

    def case(self, case: Row, key: Key, events: list[Row]) -> None:
        w, cal, cid = self.w, self.cal, case["id"]
        res = self.results[cid] = CaseResult(
            cid, case["state"], key.action, key.expected(True), key.opd, hops=case["hops"]
        )
        seen = _Walk()
        factor = w.viral_timeliness_factor if case["viral"] else 1.0
        owners = (key.opd, *key.acceptable)
        for e in events:
            a, pid, p = e["action"], self.pid(e), e["payload"]
            if a == "verifikasi":
                seen.last_verify = e
                self.privacy(case, key, e, seen.flagged)
            elif (
                a in ROUTING_DECISIONS
                and e["from_state"] == "masuk"
                and seen.completed not in seen.decided
            ):
                seen.decided.add(seen.completed)
                self.decision(case, key, e, seen, res, factor)
            if a == "tunda":
                seen.hold_start = e["sim_at"]
            elif a == "lengkapi" and seen.hold_start is not None:
                seen.paused += cal.working_hours_between(seen.hold_start, e["sim_at"])
                seen.completed, seen.hold_start = True, None
            elif a == "disposisi":
                seen.last_dispose = e
                if seen.first_disposed_at is None:
                    seen.first_disposed_at = e["sim_at"]
            elif a == "kembalikan":
                disposer = seen.last_dispose
                if p.get("opd") in owners:
                    self.penalty(pid, cid, "salah_kembalikan", w.handling_error_penalty, e["id"])
                elif disposer is not None and self.pid(disposer) is not None:
                    self.penalty(self.pid(disposer), cid, "bolak_balik", w.bounce_penalty, e["id"])
                    res.mistakes.append("bolak_balik")
            elif a == "terima" and e["opd"] not in owners:
                self.penalty(pid, cid, "terima_salah_alamat", w.handling_error_penalty, e["id"])
            elif (
                a == "tindak_lanjut"
                and seen.last_dispose
                and seen.last_dispose["id"] not in seen.followed
            ):
                first = not seen.followed
                seen.followed.add(seen.last_dispose["id"])
                assert seen.first_disposed_at is not None  # set by the disposition just seen
                deadline = sla.followup_due(cal, seen.first_disposed_at, self.sop, key.urgent)
                credit = timeliness_credit(e["sim_at"], deadline, cal, w)
                if first:  # the case's follow-up SLA is its first follow-up's, as in the simulator
                    res.followup_on_time = credit >= 1.0
                self.timely(pid, cid, credit, factor, "tindak_lanjut_terlambat", e["id"])
            elif a == "tutup" and not p.get("evidence") and not _any_evidence(events):
                self.penalty(pid, cid, "tutup_tanpa_bukti", w.no_evidence_penalty, e["id"])
                res.mistakes.append("tutup_tanpa_bukti")
            elif a == "tutup" and self.answer_unfinished(cid, e["id"]):
                # the verifier reads the OPD's answer before closing: one still a template with
                # its [isian] is no answer to close on (weighed like closing without evidence)
                self.penalty(pid, cid, "tutup_jawaban_templat", w.no_evidence_penalty, e["id"])
                res.mistakes.append("tutup_jawaban_templat")
            elif a == "petunjuk":
                self.penalty(
                    pid, cid, "petunjuk", w.hint_penalty, e["id"], said=note("petunjuk_dipakai")
                )
        self.overdue(case, seen, factor)

    def answer_unfinished(self, case_id: str, before_event: int) -> bool:
        """Whether the case's last tindak lanjut before an event failed the rubric's template
        check (placeholders left, or the template unchanged)."""
        answers = [
            r
            for r in self.replies
            if r["case_id"] == case_id
            and r["kind"] == "tindak_lanjut"
            and r["event_id"] < before_event
        ]
        return bool(answers) and "isian" in answers[-1]["failed"].split()

    def privacy(self, case: Row, key: Key, e: Row, flagged: set[tuple[int, str]]) -> None:
        """Anonim/rahasia set as needed, and no reporter identity in the public title."""
        pid, p, cid = self.pid(e), e["payload"], case["id"]
        if pid is None:
            return
        for flag, needed in (("anonim", key.anonim), ("rahasia", key.rahasia)):
            if needed and not p.get(flag) and (pid, flag) not in flagged:
                flagged.add((pid, flag))
                self.penalty(pid, cid, f"{flag}_terlewat", self.w.privacy_flag_penalty, e["id"])
        if key.protect_identity and (pid, "judul") not in flagged:
            facts = ReplyFacts(
                "",
                reporter_name=case["reporter_name"],
                reporter_contact=case["reporter_contact"],
                protect_identity=True,
            )
            if find_identity(p.get("title", ""), facts):
                flagged.add((pid, "judul"))
                leak = note("judul_bocor")
                self.penalty(pid, cid, "identitas_bocor", self.w.leak_penalty, e["id"], leak)

    def decision(
        self, case: Row, key: Key, e: Row, seen: _Walk, res: CaseResult, factor: float
    ) -> None:
        """A routing decision: against the key, its classification and its timeliness."""
        w, pid, a, cid = self.w, self.pid(e), e["action"], case["id"]
        expected = key.expected(seen.completed)
        credit, mistakes = routing_credit(a, e["payload"], expected, key, w)
        if res.decision is None or seen.completed:
            res.decision, res.chosen, res.routing_credit = a, destination(a, e["payload"]), credit
            res.decided_by, res.decided_by_participant = e["actor_label"], pid
            res.mistakes.extend(mistakes)
        said = (
            note("tepat")
            if credit >= 1
            else note(
                "kunci", right=expected_label(expected, key), why=why_text(key, self.scenario)
            )
        )
        self.add(pid, cid, "routing", credit * w.routing, w.routing, mistakes, said, e["id"])
        if e["bulk_id"] is not None and credit < 1:
            self.penalty(pid, cid, "massal_keliru", w.bulk_misuse_penalty, e["id"])
        verified = seen.last_verify
        if a in ("disposisi", "bukan_wewenang") and verified is not None:
            v = verified["payload"]
            checks = (
                ("kategori_salah", v.get("category") == key.category),
                ("jenis_salah", v.get("report_type") == key.report_type),
            )
            points = w.classification * sum(ok for _, ok in checks) / 2
            wrong = tuple(m for m, ok in checks if not ok)
            self.add(
                self.pid(verified),
                cid,
                "classification",
                points,
                w.classification,
                wrong,
                note("klasifikasi"),
                verified["id"],
            )
        due = sla.verification_due(self.cal, case["arrives_at"], self.sop, seen.paused)
        credit = timeliness_credit(e["sim_at"], due, self.cal, w)
        # the case's verification SLA is its deciding action's: a hold pauses the clock and
        # decides nothing yet (the verifier's timeliness item above still counts the tunda)
        if a != "tunda" and (res.verification_on_time is None or seen.completed):
            res.verification_on_time = credit >= 1
        self.timely(pid, cid, credit, factor, "verifikasi_terlambat", e["id"])

    def overdue(self, case: Row, seen: _Walk, factor: float) -> None:
        """Open work past its deadline at the last processed instant: late for whoever holds the desk."""
        cid, res = case["id"], self.results[case["id"]]
        waiting = case["state"] == "masuk" and seen.completed not in seen.decided
        if waiting and case["verify_deadline"] is not None and case["verify_deadline"] < self.at:
            for pid in self.verifiers:
                self.timely(
                    pid,
                    cid,
                    0.0,
                    factor,
                    "verifikasi_terlambat",
                    None,
                    _STILL_OPEN["verifikasi_terlambat"],
                )
            if self.verifiers:
                res.verification_on_time = False
        last = seen.last_dispose
        if (
            case["state"] in sla.AT_OPD_BEFORE_FOLLOWUP
            and last is not None
            and last["id"] not in seen.followed
        ):
            people = self.penghubung.get(case["assigned_opd"], [])
            assert seen.first_disposed_at is not None  # a disposition was seen
            urgent = self.keys[cid].urgent
            due = sla.followup_due(self.cal, seen.first_disposed_at, self.sop, urgent)
            if people and due < self.at:
                for pid in people:
                    late = _STILL_OPEN["tindak_lanjut_terlambat"]
                    self.timely(pid, cid, 0.0, factor, "tindak_lanjut_terlambat", None, late)
                res.followup_on_time = False

    def replies_scored(self) -> None:
        """Each tindak lanjut by its rubric score or override; a leak in any public text is severe."""
        w = self.w
        for r in self.replies:
            res, pid, cid = self.results.get(r["case_id"]), r["participant_id"], r["case_id"]
            if r["kind"] in _SCORED_REPLIES:
                score = r["override_score"] if r["override_score"] is not None else r["auto_score"]
                if res is not None and r["kind"] == "tindak_lanjut":
                    res.reply_score = score
                failed = tuple(RUBRIC_MISTAKES[c] for c in r["failed"].split() if c != "identitas")
                said = _SCORED_REPLIES[r["kind"]]
                if r["override_score"] is not None and r["override_comment"]:
                    # the facilitator's comment reaches the participant with the score
                    said = note("komentar_fasilitator", note=said, comment=r["override_comment"])
                self.add(pid, cid, "reply", w.reply * score, w.reply, failed, said, r["event_id"])
            if r["leak"]:
                leak = note("identitas_bocor")
                self.penalty(pid, cid, "identitas_bocor", w.leak_penalty, r["event_id"], leak)
                if res is not None:
                    res.mistakes.append("identitas_bocor")


def _any_evidence(events: list[Row]) -> bool:
    return any(e["payload"].get("evidence") for e in events if e["action"] == "tindak_lanjut")


def score_workshop(db: Database, workshop_id: int, *, upto_event: int | None = None) -> Scores:
    """Every score item and case result of the workshop's current run (optionally up to an event).

    Call it outside a write transaction. Results are kept under a fingerprint of everything they
    depend on (see :mod:`sandbox.scoring_input`): treat the returned object as read-only.
    """
    ws = get_workshop(db, workshop_id)
    return cached_scores(db, ws, upto_event, lambda: _Scorer(db, ws, upto_event).run())
