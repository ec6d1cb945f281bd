"""Reviewing the participants' work: the leaderboard and what participants see of it, revealing
the feedback, switching the mode, overriding a reply's score.

Participants see what ``sandbox.leaderboard`` gives them (hidden, frozen, aliases); the
facilitator always sees the live board with display names. The rubric scores every public reply; the facilitator reads them next to the case's answer key
and may replace a score with their own and a comment (``sandbox.override_reply``).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

import sandbox as sb

# Listed in sandbox.__all__ but not imported by sandbox/__init__.py: read from its module.
from sandbox.facilitation import replies_for_facilitator

from .auth import FACILITATOR, role_required
from .db import get_db
from .facilitator import bp, own_workshop
from .forms import ModeForm, OpForm, OverrideForm
from .notes import message

SWITCHES = {
    "freeze": lambda db, ws, fid: sb.freeze_leaderboard(db, ws.id, facilitator_id=fid),
    "unfreeze": lambda db, ws, fid: sb.unfreeze_leaderboard(db, ws.id, facilitator_id=fid),
    "hide": lambda db, ws, fid: sb.hide_leaderboard(db, ws.id, facilitator_id=fid, hidden=True),
    "show": lambda db, ws, fid: sb.hide_leaderboard(db, ws.id, facilitator_id=fid, hidden=False),
    "aliases": lambda db, ws, fid: sb.use_aliases(db, ws.id, facilitator_id=fid, aliases=True),
    "names": lambda db, ws, fid: sb.use_aliases(db, ws.id, facilitator_id=fid, aliases=False),
}


@bp.route("/latihan/<int:workshop_id>/peringkat")
@role_required(FACILITATOR)
def leaderboard(workshop_id: int) -> str:
    """Show the live leaderboard with display names, and the switches for what participants see."""
    ws = own_workshop(workshop_id)
    board = sb.leaderboard(get_db(), ws.id, for_facilitator=True)
    return render_template("facilitator/leaderboard.html", ws=ws, board=board, form=OpForm())


@bp.route("/latihan/<int:workshop_id>/peringkat", methods=["POST"])
@role_required(FACILITATOR)
def switch_leaderboard(workshop_id: int) -> Any:
    """Freeze or unfreeze, hide or show, and use aliases or names on the participants' board."""
    ws = own_workshop(workshop_id)
    form = OpForm()
    if not form.validate_on_submit() or form.op.data not in SWITCHES:
        flash(_("Perintah papan peringkat tidak dikenal."), "error")
    else:
        try:
            SWITCHES[form.op.data](get_db(), ws, g.facilitator_id)
        except sb.SandboxError as exc:
            flash(message(exc), "error")
        else:
            flash(_("Papan peringkat peserta diperbarui."), "ok")
    return redirect(url_for(".leaderboard", workshop_id=ws.id), 303)


def _back(ws: sb.Workshop) -> Any:
    return redirect(url_for(".review", workshop_id=ws.id), 303)


@bp.route("/latihan/<int:workshop_id>/penilaian")
@role_required(FACILITATOR)
def review(workshop_id: int) -> str:
    """List every public reply with its rubric checks and score, each with a form to override it."""
    ws = own_workshop(workshop_id)
    replies = replies_for_facilitator(get_db(), ws.id, facilitator_id=g.facilitator_id)
    return render_template(
        "facilitator/review.html",
        ws=ws,
        replies=replies,
        op_form=OpForm(),
        mode_form=ModeForm(mode=ws.mode).offer(),
        override_forms={
            r["id"]: OverrideForm(formdata=None, prefix=f"r{r['id']}") for r in replies
        },
    )


@bp.route("/latihan/<int:workshop_id>/umpan-balik", methods=["POST"])
@role_required(FACILITATOR)
def reveal(workshop_id: int) -> Any:
    """Open (or close again) the participants' feedback and answers in assessment mode."""
    ws = own_workshop(workshop_id)
    form = OpForm()
    if not form.validate_on_submit() or form.op.data not in ("reveal", "hide"):
        flash(_("Perintah umpan balik tidak dikenal."), "error")
        return _back(ws)
    shown = form.op.data == "reveal"
    sb.reveal_feedback(get_db(), ws.id, facilitator_id=g.facilitator_id, revealed=shown)
    flash(_("Umpan balik dibuka untuk peserta.") if shown else _("Umpan balik ditutup lagi."), "ok")
    return _back(ws)


@bp.route("/latihan/<int:workshop_id>/mode", methods=["POST"])
@role_required(FACILITATOR)
def switch_mode(workshop_id: int) -> Any:
    """Switch the workshop between practice and assessment."""
    ws = own_workshop(workshop_id)
    form = ModeForm().offer()
    if not form.validate_on_submit():
        for error in form.mode.errors:
            flash(str(error), "error")
        return _back(ws)
    try:
        sb.set_mode(get_db(), ws.id, form.mode.data, facilitator_id=g.facilitator_id)
    except sb.SandboxError as exc:
        flash(message(exc), "error")
    else:
        flash(_("Mode latihan diubah."), "ok")
    return _back(ws)


@bp.route("/latihan/<int:workshop_id>/penilaian/<int:reply_id>", methods=["POST"])
@role_required(FACILITATOR)
def override(workshop_id: int, reply_id: int) -> Any:
    """Replace the rubric's score of one reply with the facilitator's, with a comment."""
    ws = own_workshop(workshop_id)
    form = OverrideForm(prefix=f"r{reply_id}")
    if not form.validate_on_submit():
        for error in [*form.score.errors, *form.comment.errors]:
            flash(str(error), "error")
        return _back(ws)
    try:
        sb.override_reply(
            get_db(),
            ws.id,
            reply_id,
            score=float(form.score.data.replace(",", ".")) / 100,
            comment=form.comment.data,
            facilitator_id=g.facilitator_id,
        )
    except sb.NotFound:
        abort(404)
    except sb.SandboxError as exc:
        flash(message(exc), "error")
    else:
        flash(_("Nilai jawaban #%(id)s diganti.", id=reply_id), "ok")
    return _back(ws)
