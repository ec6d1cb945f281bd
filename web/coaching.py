"""Practice-mode coaching for a participant: hints that cost points, feedback right after acting,
reply templates on the tindak lanjut form, their own score with its history by case, and the
leaderboard as the facilitator lets them see it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

import sandbox as sb

from .auth import PARTICIPANT, role_required
from .db import get_db, now
from .display import number
from .notes import message, note_text
from .participant import bp, current_workshop, find_case
from .replies import hints_open


@bp.route("/kasus/<case_id>/petunjuk", methods=["POST"])
@role_required(PARTICIPANT)
def ask_hint(case_id: str) -> Any:
    """Take a hint on a case (practice mode; it costs points, as the button says)."""
    ws = current_workshop()
    find_case(ws, case_id)
    form = FlaskForm()
    if form.validate_on_submit() and hints_open(ws):
        try:
            h = sb.hint(get_db(), ws.id, case_id, by=g.participant.id, now=now())
        except sb.SandboxError as exc:
            flash(message(exc), "error")
        else:
            text = note_text(h.text)
            flash(
                _(
                    "Petunjuk %(level)s (−%(cost)s poin): %(text)s",
                    level=h.level,
                    cost=number(h.cost),
                    text=text,
                ),
                "hint",
            )
    else:
        flash(_("Petunjuk hanya tersedia pada mode latihan."), "error")
    return redirect(url_for(".case", case_id=case_id), 303)


@bp.route("/skor")
@role_required(PARTICIPANT)
def score() -> str:
    """Show the participant's own score items by case (when feedback is open)."""
    ws = current_workshop()
    items, closed = [], None
    try:
        items = sb.feedback_for_participant(get_db(), ws.id, g.participant.id)
    except sb.NotAllowed as exc:
        closed = message(exc)
    by_case: dict[str, list[sb.ScoreItem]] = defaultdict(list)
    for item in items:
        by_case[item.case_id or ""].append(item)
    total = (round(sum(i.points for i in items), 2), round(sum(i.max_points for i in items), 2))
    return render_template(
        "participant/score.html",
        ws=ws,
        by_case=sorted(by_case.items()),
        closed=closed,
        total=total,
    )


@bp.route("/umpan-balik")
@role_required(PARTICIPANT)
def feedback_sheet() -> str:
    """Show the participant's own printable feedback sheet: each skill with their own examples."""
    ws = current_workshop()
    sheet, closed = [], None
    try:
        sheet = sb.feedback_sheet(get_db(), ws.id, g.participant.id)
    except sb.NotAllowed as exc:
        closed = message(exc)
    return render_template(
        "participant/feedback.html", ws=ws, person=g.participant, sheet=sheet, closed=closed
    )


@bp.route("/akses-api")
@role_required(PARTICIPANT)
def api_access() -> str:
    """Show the participant's bearer token for /api/v1 (for those who drive the trainer by script)."""
    ws = current_workshop()
    return render_template("participant/api.html", api_token=f"{ws.code}.{g.participant.token}")


@bp.route("/peringkat")
@role_required(PARTICIPANT)
def board() -> str:
    """Show the leaderboard as the facilitator lets participants see it (aliases, frozen or hidden)."""
    ws = current_workshop()
    shown = sb.leaderboard(get_db(), ws.id)
    return render_template("participant/leaderboard.html", ws=ws, board=shown, me=g.participant.id)
