"""Exports of a workshop: CSV (UTF-8 with BOM, so Excel opens it) of results, cases and the event
log, and JSON of everything. Facilitator only: the case export carries the answer keys.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from sqlite_utils import Database

from simulator.spreadsheet import safe_row

from .caseload import keys_of
from .context import get_workshop
from .db import from_json, rows
from .facilitators import require_owner
from .leaderboard import standings
from .participants import participants_of
from .records import SCORE_KINDS, Scores
from .scoring import score_workshop

TABLES = ("results", "cases", "events")


def results_rows(db: Database, workshop_id: int, scores: Scores) -> list[dict[str, Any]]:
    """One row per participant: points by kind, rank, mistakes."""
    ranks = {s.participant_id: s.rank for s in standings(db, workshop_id, scores, aliases=False)[0]}
    by = scores.by_participant()
    out = []
    for p in participants_of(db, workshop_id):
        items = by.get(p.id, [])
        kinds = {k: round(sum(i.points for i in items if i.kind == k), 2) for k in SCORE_KINDS}
        total, mx = (
            round(sum(i.points for i in items), 2),
            round(sum(i.max_points for i in items), 2),
        )
        out.append(
            {
                "rank": ranks.get(p.id),
                "display_name": p.display_name,
                "alias": p.alias,
                "role": p.role,
                "opd": p.opd or "",
                "team": p.team or "",
                "points": total,
                "max_points": mx,
                "percent": round(100 * total / mx, 1) if mx else None,
                **{f"{k}_points": v for k, v in kinds.items()},
                "cases": len({i.case_id for i in items if i.case_id}),
                "mistakes": " ".join(m for i in items for m in i.mistakes),
            }
        )
    return sorted(out, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["display_name"]))


def case_rows(db: Database, workshop_id: int, scores: Scores) -> list[dict[str, Any]]:
    """One row per arrived case: what happened and how it compares with the answer key."""
    ws = get_workshop(db, workshop_id)
    keys = keys_of(db, workshop_id)
    out = []
    for c in rows(
        db,
        "SELECT * FROM cases WHERE workshop_id = ? AND arrived = 1 ORDER BY arrives_at, seq",
        [workshop_id],
    ):
        r, k = scores.cases.get(c["id"]), keys.get(c["id"])
        out.append(
            {
                "case_id": c["id"],
                "received": ws.calendar.to_datetime(c["arrives_at"]).isoformat(timespec="minutes"),
                "channel": c["channel"],
                "report_title": c["report_title"],
                "kecamatan": c["kecamatan"],
                "desa": c["desa"],
                "state": c["state"],
                "title": c["title"] or "",
                "category": c["category"] or "",
                "assigned_opd": c["assigned_opd"] or "",
                "hops": c["hops"],
                "viral": c["viral"],
                "key_action": k.action if k else "",
                "key_opd": (k.opd or "") if k else "",
                "key_acceptable": " ".join(k.acceptable) if k else "",
                "key_category": k.category if k else "",
                "key_anonim": int(k.anonim) if k else "",
                "key_rahasia": int(k.rahasia) if k else "",
                "decision": (r.decision or "") if r else "",
                "chosen": (r.chosen or "") if r else "",
                "decided_by": (r.decided_by or "") if r else "",
                "routing_credit": r.routing_credit if r else None,
                "verification_on_time": r.verification_on_time if r else None,
                "followup_on_time": r.followup_on_time if r else None,
                "reply_score": r.reply_score if r else None,
                "mistakes": " ".join(r.mistakes) if r else "",
            }
        )
    return out


def event_rows(db: Database, workshop_id: int) -> list[dict[str, Any]]:
    """The event log of the current run, oldest first (payload as JSON text)."""
    ws = get_workshop(db, workshop_id)
    return rows(
        db,
        """SELECT id, case_id, action, actor_kind, actor_id, actor_role, actor_label, opd, from_state, to_state,
                       case_version, sim_at, sim_time, real_at, bulk_id, payload FROM events
                       WHERE workshop_id = ? AND run = ? ORDER BY id""",
        [ws.id, ws.run],
    )


def write_csv(records: Iterable[dict[str, Any]], out: TextIO | str | Path) -> None:
    """Write rows as CSV in UTF-8 with a BOM (Excel detects the encoding), header from the first row;
    text a spreadsheet would run as a formula is written as text (:func:`simulator.spreadsheet.safe_cell`)."""
    records = list(records)
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8-sig", newline="") as fh:
            write_csv(records, fh)
        return
    if (getattr(out, "encoding", None) or "").lower().replace("_", "-") != "utf-8-sig":
        out.write("\ufeff")  # a utf-8-sig stream writes its own BOM
    if not records:
        return  # a BOM and nothing else: no rows, no header to guess
    fields = list(records[0])
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(safe_row(r) for r in records)


def export_rows(
    db: Database, workshop_id: int, table: str, *, facilitator_id: int
) -> list[dict[str, Any]]:
    """The rows of one table (results | cases | events): codes and plain numbers, for a CSV or
    a spreadsheet in any locale."""
    require_owner(db, workshop_id, facilitator_id)
    if table not in TABLES:
        raise ValueError(f"table must be one of {TABLES}")
    if table == "events":
        return event_rows(db, workshop_id)
    scores = score_workshop(db, workshop_id)
    if table == "results":
        return results_rows(db, workshop_id, scores)
    return case_rows(db, workshop_id, scores)


def export_csv(
    db: Database, workshop_id: int, table: str, out: TextIO | str | Path, *, facilitator_id: int
) -> int:
    """Write one table (results | cases | events) as CSV; returns the number of rows."""
    records = export_rows(db, workshop_id, table, facilitator_id=facilitator_id)
    write_csv(records, out)
    return len(records)


def export_json(db: Database, workshop_id: int, *, facilitator_id: int) -> dict[str, Any]:
    """Everything about the workshop as one JSON-ready document."""
    require_owner(db, workshop_id, facilitator_id)
    ws = get_workshop(db, workshop_id)
    scores = score_workshop(db, workshop_id)
    events = event_rows(db, workshop_id)
    for e in events:
        e["payload"] = from_json(e["payload"], {})
    settings = {f.name: getattr(ws, f.name) for f in dataclasses.fields(ws)}
    settings.update(weights=ws.weights.as_dict(), start_date=ws.start_date.isoformat())
    replies = rows(db, "SELECT * FROM replies WHERE workshop_id = ? ORDER BY id", [workshop_id])
    for r in replies:
        r["checks"] = from_json(r["checks"], [])
    return {
        "workshop": settings,
        "participants": [
            {k: v for k, v in dataclasses.asdict(p).items() if k != "token"}
            for p in participants_of(db, workshop_id)
        ],
        "results": results_rows(db, workshop_id, scores),
        "cases": case_rows(db, workshop_id, scores),
        "answer_keys": {cid: dataclasses.asdict(k) for cid, k in keys_of(db, workshop_id).items()},
        "replies": replies,
        "score_items": [dataclasses.asdict(i) for i in scores.items],
        "events": events,
    }
