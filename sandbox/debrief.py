"""The debrief (after-action review) a facilitator shows at the end of a workshop.

Built from the event log and the scores: the confusion matrix of chosen vs correct destination,
the most common mistakes, one participant's timeline, exemplary and weak replies side by side, and
the counterfactual — the same caseload (same scenario and seed) run through the simulator under
each routing policy, next to the KPIs the participants (with their bots) achieved.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from scenarios import sla
from scenarios.routing import REGISTRY
from simulator.results import CaseRecord, kpis

from .context import get_workshop
from .db import from_json, rows, to_json, write_txn
from .facilitators import require_owner
from .judging import MISTAKES
from .outcomes import counterfactual_records, workshop_records
from .records import Scores
from .rubric import Check
from .scoring import score_workshop

#: the KPIs the debrief sets side by side (scenarios.sla.KPIS, shown "debrief")
COMPARED_KPIS = sla.kpis_shown("debrief")
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
                "why": [i.note for i in items if i.kind == "routing" and i.points < i.max_points],
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
            r["checks"] = [Check.from_json(c) for c in from_json(r["checks"], [])]
            r["answer_points"] = from_json(r["answer_points"], [])
        return found

    best = pick("DESC", [])
    weak = pick("ASC", [r["id"] for r in best])
    return [(b, weak[i] if i < len(weak) else None) for i, b in enumerate(best)]


def compared(records: list[CaseRecord]) -> dict[str, float | None]:
    """The compared KPIs of some case records (:func:`simulator.results.kpis`; unknown = None)."""
    k = kpis(records)
    return {m: (None if k[m] != k[m] else k[m]) for m in COMPARED_KPIS}


def workshop_kpis(db: Database, workshop_id: int) -> dict[str, float | None]:
    """The simulator's KPIs, measured on the workshop's own cases: the records built from its
    event log (:func:`sandbox.outcomes.workshop_records`)."""
    return compared(workshop_records(db, workshop_id))


def counterfactual(db: Database, workshop_id: int) -> dict[str, dict[str, float | None]]:
    """KPIs of the workshop's own arrived cases under each routing policy, up to the last
    processed instant (cached per instant: more cases and more time are another entry)."""
    ws = get_workshop(db, workshop_id)
    days = round(ws.processed_until / 24.0, 9)
    cached = rows(
        db,
        "SELECT policy, kpis FROM counterfactuals WHERE workshop_id = ? AND days = ?",
        [ws.id, days],
    )
    if cached:
        return {r["policy"]: from_json(r["kpis"]) for r in cached}
    out = {name: compared(counterfactual_records(db, ws.id, name)) for name in REGISTRY}
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
        kpis=workshop_kpis(db, workshop_id),
        counterfactual=counterfactual(db, workshop_id) if with_counterfactual else {},
        timeline=participant_timeline(db, workshop_id, participant_id, scores)
        if participant_id is not None
        else [],
    )
