"""Participant pages: join with a workshop code, the inbox by deadline, a case and its actions."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

import sandbox as sb

from . import actions, forms, security
from .auth import PARTICIPANT, load_user, login_participant, role_required
from .db import get_db, now
from .inbox import DUE, SORT, InboxQuery, select
from .notes import message
from .replies import case_coaching, prefill_reply

bp = Blueprint("participant", __name__, url_prefix="/peserta")
ROLES = {
    "verifikator": _l("Verifikator (admin instansi)"),
    "penghubung": _l("Admin penghubung OPD"),
    "observer": _l("Pengamat"),
}


def current_workshop() -> sb.Workshop:
    """The participant's workshop, brought up to its simulated now."""
    db = get_db()
    sb.advance(db, g.participant.workshop_id, now())
    return sb.get_workshop(db, g.participant.workshop_id)


def find_case(ws: sb.Workshop, case_id: str) -> sb.CaseView:
    """A case the participant may see, else 404 (another desk's work stays invisible)."""
    for c in sb.list_cases(get_db(), ws.id, participant_id=g.participant.id):
        if c.id == case_id:
            return c
    abort(404)


def _throttled(exc: sb.Throttled, code: str) -> Any:
    flash(message(exc), "error")
    form = forms.JoinForm(formdata=None, code="")
    form.role.choices = {k: str(v) for k, v in ROLES.items()}
    form.opd.choices = {"": "–"}
    page = render_template("participant/join.html", form=form, workshop=None, code="")
    return security.retry_after(current_app.make_response((page, 429)), exc)


@bp.route("/gabung", methods=["GET", "POST"])
def join() -> Any:
    """Join a workshop: the code first, then a display name, a role and (for a penghubung) the OPD.

    Codes that match no workshop are throttled per address (a code cannot be guessed by trying),
    and so are joins (a script cannot fill a workshop with made-up participants)."""
    load_user()
    db = get_db()
    code = (request.values.get("kode") or request.form.get("code") or "").strip().upper()
    ws = None
    address = security.client_address()
    bad_codes = security.limit(sb.BAD_CODES_PER_ADDRESS.kind)
    if code:
        try:
            sb.check_attempts(db, bad_codes, address, now=now())
            ws = sb.workshop_by_code(db, code)
        except sb.Throttled as exc:
            return _throttled(exc, code)
        except sb.NotFound as exc:
            sb.record_attempt(db, bad_codes, address, now=now())
            flash(message(exc), "error")
    form = forms.JoinForm(code=code)
    form.role.choices = {k: str(v) for k, v in ROLES.items()}
    form.opd.choices = {
        "": "–",
        **{o: f"{o} – {ws.scenario.opds[o].name}" for o in (ws.local_opds if ws else ())},
    }
    if ws is not None and form.validate_on_submit():
        opd = (form.opd.data or None) if form.role.data == "penghubung" else None
        joins = security.limit(sb.JOINS_PER_ADDRESS.kind)
        try:
            sb.check_attempts(db, joins, address, now=now())
            p = sb.join(db, ws.code, form.display_name.data, form.role.data, opd, now=now())
        except sb.Throttled as exc:
            return _throttled(exc, code)
        except sb.SandboxError as exc:
            flash(message(exc), "error")
        else:
            sb.record_attempt(db, joins, address, now=now())
            login_participant(p)
            flash(_("Selamat datang, %(name)s.", name=p.display_name), "ok")
            return redirect(url_for(".inbox"))
    status = 422 if form.errors else 200
    return render_template("participant/join.html", form=form, workshop=ws, code=code), status


@bp.route("/keluar", methods=["POST"])
@role_required(PARTICIPANT)
def logout() -> Any:
    """Leave the workshop on this device: the participant gets a new token, so this session and
    the API token end (the account stays for the facilitator's records)."""
    sb.new_token(get_db(), g.participant.id)
    session.clear()
    return redirect(url_for("public.home"))


@bp.route("/")
@role_required(PARTICIPANT)
def inbox() -> str:
    """List the cases at the participant's desk (least working time left first), new ones
    marked; search, filter by state or deadline, sort. The list refreshes itself (poll.js)."""
    ws = current_workshop()
    db = get_db()
    cases = sb.list_cases(db, ws.id, participant_id=g.participant.id)
    clock = sb.clock_status(ws, now())
    query = InboxQuery.from_args(request.args)
    shown = select(cases, query, clock.local_time.date())
    opened = sb.opened_cases(db, ws.id, g.participant.id)
    waiting = [c for c in shown if c.actions]
    fresh = sum(1 for c in cases if c.actions and c.id not in opened)
    template = (
        "participant/_inbox_list.html" if request.args.get("fragment") else "participant/inbox.html"
    )
    return render_template(
        template,
        ws=ws,
        waiting=waiting,
        others=[c for c in shown if not c.actions],
        opened=opened,
        fresh=fresh,
        total=len(cases),
        query=query,
        states=sorted({c.state for c in cases}),
        due_choices=DUE,
        sort_choices=SORT,
        clock=clock,
        poll=True,
        broadcasts=sb.broadcasts(db, ws.id),
    )


@bp.route("/kasus/<case_id>")
@role_required(PARTICIPANT)
def case(case_id: str) -> str:
    """Show one case as the citizen wrote it, its history and the actions its state allows."""
    ws = current_workshop()
    c = find_case(ws, case_id)
    sb.mark_opened(get_db(), ws.id, g.participant.id, c.id, now=now())
    return _render_case(ws, c, {})


def _render_case(ws: sb.Workshop, c: sb.CaseView, bound: dict[str, Any], status: int = 200) -> Any:
    shown = {a: bound.get(a) or actions.make_form(a, ws, c) for a in actions.offered(c)}
    history = sb.case_history(get_db(), ws.id, c.id, participant_id=g.participant.id)
    coaching = case_coaching(ws, c)
    if "tindak_lanjut" not in bound:
        coaching["prefilled"] = prefill_reply(shown.get("tindak_lanjut"), ws, c)
    return render_template(
        "participant/case.html",
        ws=ws,
        case=c,
        forms=shown,
        history=history,
        thread=sb.case_thread(get_db(), ws.id, c.id, participant_id=g.participant.id),
        label=actions.label,
        scenario=ws.scenario,
        broadcasts=sb.broadcasts(get_db(), ws.id),
        **coaching,
    ), status


@bp.route("/kasus/<case_id>/<action>", methods=["GET", "POST"])
@role_required(PARTICIPANT)
def act(case_id: str, action: str) -> Any:
    """Take an action on a case; a refusal or a conflict comes back as a message in the user's language.

    The engine decides, not this view: a stale version is a conflict naming who changed the case,
    an action its state does not allow is refused with the actions that are open.
    """
    if action not in actions.ACTIONS:
        abort(404)
    if request.method == "GET":  # e.g. the language switch on a page answering a refused form
        return redirect(url_for(".case", case_id=case_id, lang=request.args.get("lang")))
    ws = current_workshop()
    c = find_case(ws, case_id)
    form = actions.make_form(action, ws, c, bound=True)
    if not form.validate_on_submit():
        flash(_("Periksa isian formulir: ada yang belum benar."), "error")
        return _render_case(ws, c, {action: form}, 422)
    try:
        actions.perform(
            get_db(), ws, case_id, action, form, participant_id=g.participant.id, now=now()
        )
    except sb.ConflictError as exc:
        flash(message(exc), "error")
        return redirect(url_for(".case", case_id=case_id), 303)
    except sb.SandboxError as exc:
        flash(message(exc), "error")
        return _render_case(ws, c, {action: form}, 422)
    flash(_("Tersimpan: %(action)s.", action=actions.label(action)), "ok")
    return redirect(url_for(".case", case_id=case_id), 303)
