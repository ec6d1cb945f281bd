"""The debrief (after-action review) a facilitator shows at the end of a workshop.

Built from the event log and the scores: the confusion matrix of chosen vs correct destination,
the most common mistakes, one participant's timeline, exemplary and weak replies side by side, and
the counterfactual — the same caseload (same scenario and seed) run through the simulator under
each routing policy, next to the KPIs the participants (with their bots) achieved.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from scenarios.lifecycle import GOVERNMENT_STATES
from scenarios.routing import REGISTRY
from simulator.model import Simulation
from simulator.results import case_records, kpis, misrouted

from .context import get_workshop, scenario_of
from .db import from_json, rows, to_json, write_txn
from .facilitators import require_owner
from .judging import MISTAKES
from .records import Scores
from .scoring import score_workshop

COMPARED_KPIS = (
    "arrivals",
    "verification_sla_met",
    "followup_sla_met",
    "misroute_rate",
    "hops_per_case",
    "forwarded_share",
    "archived_share",
    "auto_closed_share",
    "backlog_end",
)
_DECISION_COLUMNS = {"tunda": "TUNDA", "arsipkan": "ARSIP", "duplikat": "DUPLIKAT"}


@dataclass
class Debrief:
    """Everything the facilitator's debrief screen shows."""

    confusion: dict[str, dict[str, int]]  # correct destination → chosen → count
    mistakes: list[tuple[str, str, str, int]]  # code, label_id, label_en, count (most common first)
    replies: list[tuple[dict[str, Any], dict[str, Any] | None]]  # (exemplary, weak) side by side
    kpis: dict[str, float | None]  # what the participants (and their bots) achieved
    counterfactual: dict[str, dict[str, float | None]]  # policy → KPIs on the same caseload
    timeline: list[dict[str, Any]] = field(default_factory=list)  # of one participant, if asked


def confusion_matrix(
    scores: Scores, *, participants_only: bool = True
) -> dict[str, dict[str, int]]:
    """Chosen vs correct destination of each first routing decision on cases that had to be routed."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in scores.cases.values():
        if (
            r.decision is None
            or r.key_route not in ("disposisi", "bukan_wewenang")
            or r.key_opd is None
        ):
            continue
        if participants_only and r.decided_by_participant is None:
            continue
        if r.decision == "tunda" and r.key_action == "tunda":
            continue  # rightly on hold, not routed yet
        chosen = (
            r.chosen
            if r.decision in ("disposisi", "bukan_wewenang")
            else _DECISION_COLUMNS[r.decision]
        )
        out[r.key_opd][chosen or "?"] += 1
    return {k: dict(v) for k, v in sorted(out.items())}


def common_mistakes(scores: Scores, limit: int = 10) -> list[tuple[str, str, str, int]]:
    """The participants' most common mistakes with their labels."""
    counts = Counter(m for item in scores.items for m in item.mistakes)
    return [(code, *MISTAKES.get(code, (code, code)), n) for code, n in counts.most_common(limit)]


def participant_timeline(
    db: Database, workshop_id: int, participant_id: int, scores: Scores
) -> list[dict[str, Any]]:
    """One participant's actions in order, each with what it scored."""
    ws = get_workshop(db, workshop_id)
    by_event: dict[int, list] = defaultdict(list)
    for item in scores.by_participant().get(participant_id, []):
        if item.event_id is not None:
            by_event[item.event_id].append(item)
    out = []
    for e in rows(
        db,
        """SELECT id, case_id, action, sim_time, real_at, from_state, to_state FROM events
                         WHERE workshop_id = ? AND run = ? AND actor_kind = 'participant' AND actor_id = ? ORDER BY id""",
        [ws.id, ws.run, participant_id],
    ):
        items = by_event.get(e["id"], [])
        out.append(
            {
                **e,
                "points": round(sum(i.points for i in items), 2),
                "max_points": sum(i.max_points for i in items),
                "mistakes": [m for i in items for m in i.mistakes],
                # a wrong decision's key and why: the deciding words of the report, the rule
                "why": [
                    (i.note_id, i.note_en)
                    for i in items
                    if i.kind == "routing" and i.points < i.max_points
                ],
            }
        )
    return out


def reply_samples(
    db: Database, workshop_id: int, k: int = 3
) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """The participants' best and weakest tindak lanjut side by side (with the key's answer points)."""

    def pick(order: str, exclude: list[int]) -> list[dict[str, Any]]:
        found = rows(
            db,
            f"""SELECT r.id, r.case_id, r.participant_id, p.display_name, r.public_text, r.checks,
            r.auto_score, r.override_score, r.override_comment, r.leak, c.report_title,
            COALESCE(r.override_score, r.auto_score) AS score, a.answer_points FROM replies r
            JOIN participants p ON p.id = r.participant_id
            JOIN cases c ON c.workshop_id = r.workshop_id AND c.id = r.case_id
            JOIN answer_keys a ON a.workshop_id = r.workshop_id AND a.case_id = r.case_id
            WHERE r.workshop_id = ? AND r.kind = 'tindak_lanjut' AND r.id NOT IN ({",".join("?" * len(exclude))})
            ORDER BY score {order}, r.id LIMIT ?""",  # noqa: S608
            [workshop_id, *exclude, k],
        )
        for r in found:
            r["checks"] = from_json(r["checks"], [])
            r["answer_points"] = from_json(r["answer_points"], [])
        return found

    best = pick("DESC", [])
    weak = pick("ASC", [r["id"] for r in best])
    return [(b, weak[i] if i < len(weak) else None) for i, b in enumerate(best)]


def _share(flags: list[bool | None]) -> float | None:
    known = [f for f in flags if f is not None]
    return sum(known) / len(known) if known else None


def workshop_kpis(db: Database, workshop_id: int, scores: Scores) -> dict[str, float | None]:
    """The simulator's KPIs, measured on the workshop's own cases."""
    ws = get_workshop(db, workshop_id)
    cases = rows(
        db,
        "SELECT id, state, hops, verify_deadline, disposed_at, forwarded_to FROM cases WHERE workshop_id = ? AND arrived = 1",
        [ws.id],
    )
    autos = {
        r["case_id"]
        for r in rows(
            db,
            "SELECT case_id FROM events WHERE workshop_id = ? AND run = ? AND action = 'selesai_otomatis'",
            [ws.id, ws.run],
        )
    }
    n = len(cases)
    verif: list[bool | None] = []
    for c in cases:
        r = scores.cases.get(c["id"])
        on_time = r.verification_on_time if r is not None else None
        if (
            on_time is None
            and c["state"] == "masuk"
            and c["verify_deadline"] is not None
            and c["verify_deadline"] < scores.at
        ):
            on_time = False
        verif.append(on_time)
    routed = [c for c in cases if c["disposed_at"] is not None or c["forwarded_to"] is not None]
    known = [c for c in routed if misrouted(c["hops"], c["state"]) is not None]  # as the simulator
    return {
        "arrivals": float(n),
        "verification_sla_met": _share(verif),
        "followup_sla_met": _share(
            [scores.cases[c["id"]].followup_on_time for c in cases if c["id"] in scores.cases]
        ),
        "misroute_rate": _share([misrouted(c["hops"], c["state"]) for c in routed]),
        "hops_per_case": sum(c["hops"] for c in known) / len(known) if known else None,
        "forwarded_share": sum(c["state"] == "diteruskan" for c in cases) / n if n else None,
        "archived_share": sum(c["state"] == "diarsipkan" for c in cases) / n if n else None,
        "auto_closed_share": len(autos) / n if n else None,
        "backlog_end": float(sum(c["state"] in GOVERNMENT_STATES for c in cases)),
    }


def counterfactual(db: Database, workshop_id: int) -> dict[str, dict[str, float | None]]:
    """KPIs of the same caseload under each routing policy, over the whole simulated days so far (cached)."""
    ws = get_workshop(db, workshop_id)
    days = min(ws.days, max(1, math.ceil(ws.processed_until / 24.0)))
    cached = rows(
        db,
        "SELECT policy, kpis FROM counterfactuals WHERE workshop_id = ? AND days = ?",
        [ws.id, days],
    )
    if cached:
        return {r["policy"]: from_json(r["kpis"]) for r in cached}
    scenario = scenario_of(
        ws.scenario_ref,
        json.dumps({**ws.scenario_overrides, "simulation.warmup_days": 0}, sort_keys=True),
    )
    out = {}
    for name in REGISTRY:
        k = kpis(case_records(Simulation(scenario, ws.seed, policy=name, days=days).run()))
        out[name] = {m: (None if v != v else v) for m, v in k.items() if m in COMPARED_KPIS}
    with write_txn(db):
        db.conn.executemany(
            "INSERT OR REPLACE INTO counterfactuals (workshop_id, days, policy, kpis) VALUES (?, ?, ?, ?)",
            [(ws.id, days, name, to_json(v)) for name, v in out.items()],
        )
    return out


def debrief(
    db: Database,
    workshop_id: int,
    *,
    facilitator_id: int,
    participant_id: int | None = None,
    with_counterfactual: bool = True,
) -> Debrief:
    """The debrief of the workshop's current run (facilitator only: it shows the answer keys' verdicts)."""
    require_owner(db, workshop_id, facilitator_id)
    scores = score_workshop(db, workshop_id)
    return Debrief(
        confusion=confusion_matrix(scores),
        mistakes=common_mistakes(scores),
        replies=reply_samples(db, workshop_id),
        kpis=workshop_kpis(db, workshop_id, scores),
        counterfactual=counterfactual(db, workshop_id) if with_counterfactual else {},
        timeline=participant_timeline(db, workshop_id, participant_id, scores)
        if participant_id is not None
        else [],
    )
