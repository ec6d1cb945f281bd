"""Facilitator console: first-run account, login, workshops from built-in or uploaded scenarios, clock,
dashboard, releases, injects, broadcasts shown in the app (nothing is sent outside) and role changes."""

from __future__ import annotations

from dataclasses import asdict
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

import sandbox as sb
from scenarios import builtin_names

from . import forms, security, uploads
from .auth import FACILITATOR, load_user, login_facilitator, role_required
from .db import get_db, now
from .forms import InjectForm
from .notes import message
from .participant import ROLES

bp = Blueprint("facilitator", __name__, url_prefix="/fasilitator")
CLOCK_OPS = {"start": sb.start_clock, "pause": sb.pause_clock, "resume": sb.resume_clock}


def own_workshop_as_stored(workshop_id: int) -> sb.Workshop:
    """The facilitator's own workshop as stored (another facilitator's is a 404)."""
    try:
        ws = sb.get_workshop(get_db(), workshop_id)
    except sb.NotFound:
        abort(404)
    if ws.facilitator_id != g.facilitator_id:
        abort(404)
    return ws


def own_workshop(workshop_id: int) -> sb.Workshop:
    """The facilitator's own workshop, brought up to now (another facilitator's is a 404)."""
    ws = own_workshop_as_stored(workshop_id)
    db = get_db()
    sb.advance(db, ws.id, now())
    return sb.get_workshop(db, ws.id)


def _back(workshop_id: int) -> Any:
    return redirect(url_for(".dashboard", workshop_id=workshop_id), 303)


@bp.route("/daftar", methods=["GET", "POST"])
def setup() -> Any:
    """Create a facilitator account — only from the laptop itself (localhost), never over Wi-Fi."""
    load_user()
    laptop = request.remote_addr in current_app.config["FACILITATOR_SETUP_HOSTS"]
    if not laptop or security.forwarded_without_trust():
        abort(403)
    form = forms.SetupForm()
    if form.validate_on_submit():
        try:
            fid = sb.create_facilitator(
                get_db(),
                form.name.data,
                form.password.data,
                now=now(),
                display_name=form.display_name.data,
            )
        except sb.SandboxError as exc:
            flash(message(exc), "error")
        else:
            login_facilitator(fid, form.name.data.strip())
            return redirect(url_for(".index"), 303)
    return render_template("facilitator/setup.html", form=form), 422 if form.errors else 200


@bp.route("/masuk", methods=["GET", "POST"])
def login() -> Any:
    """Log in with the facilitator's name and password (wrong attempts are throttled per address
    and per account; while throttled even the right password waits)."""
    load_user()
    form = forms.LoginForm()
    if form.validate_on_submit():
        db, address = get_db(), security.client_address()
        account = sb.account_key(form.name.data)
        per_address, per_account = (
            security.limit(sb.LOGIN_PER_ADDRESS.kind),
            security.limit(sb.LOGIN_PER_ACCOUNT.kind),
        )
        try:
            sb.check_attempts(db, per_address, address, now=now())
            sb.check_attempts(db, per_account, account, now=now())
        except sb.Throttled as exc:
            flash(message(exc), "error")
            page = render_template("facilitator/login.html", form=form)
            return security.retry_after(current_app.make_response((page, 429)), exc)
        try:
            fid = sb.authenticate(db, form.name.data, form.password.data)
        except sb.AuthError as exc:
            sb.record_attempt(db, per_address, address, now=now())
            sb.record_attempt(db, per_account, account, now=now())
            flash(message(exc), "error")
            return render_template("facilitator/login.html", form=form), 401
        sb.clear_attempts(db, per_account, account)
        login_facilitator(fid, form.name.data.strip())
        return redirect(url_for(".index"), 303)
    return render_template("facilitator/login.html", form=form), 422 if form.errors else 200


@bp.route("/keluar", methods=["POST"])
@role_required(FACILITATOR)
def logout() -> Any:
    """Log the facilitator out: every session of the account ends, on every device."""
    sb.end_sessions(get_db(), g.facilitator_id)
    session.clear()
    return redirect(url_for("public.home"), 303)


@bp.route("/", methods=["GET", "POST"])
@role_required(FACILITATOR)
def index() -> Any:
    """List the facilitator's workshops; create one from a built-in scenario or an uploaded file.

    An uploaded file is validated first: every problem is shown (file, line, field, message) and
    nothing is created until the file is valid.
    """
    db = get_db()
    form = forms.WorkshopForm().offer([n for n in builtin_names() if n != "template"])
    checked = None
    if form.validate_on_submit():
        ref = form.scenario.data
        upload = form.upload.data
        if upload is not None and getattr(upload, "filename", ""):
            checked = uploads.check_upload(upload)
            if checked.error:
                form.upload.errors = [checked.error]
            elif checked.path is not None:
                ref = str(checked.path)
        if checked is None or checked.path is not None:
            try:
                ws = sb.create_workshop(
                    db,
                    facilitator_id=g.facilitator_id,
                    scenario_ref=ref,
                    seed=int(form.seed.data),
                    mode=form.mode.data,
                    title=form.title.data or None,
                    now=now(),
                )
            except sb.SandboxError as exc:
                if checked is not None and checked.path is not None:
                    checked.path.unlink(missing_ok=True)
                flash(message(exc), "error")
            else:
                flash(_("Latihan dibuat. Kode bergabung: %(code)s", code=ws.code), "ok")
                return _back(ws.id)
    workshops = sb.list_workshops(db, facilitator_id=g.facilitator_id)
    failed = bool(form.errors) or bool(checked and (checked.problems or checked.error))
    return render_template(
        "facilitator/index.html",
        form=form,
        workshops=workshops,
        problems=checked.problems if checked else [],
        upload_name=checked.name if checked else "",
    ), 422 if failed else 200


@bp.route("/latihan/<int:workshop_id>")
@role_required(FACILITATOR)
def dashboard(workshop_id: int) -> str:
    """Show the workshop's join code, clock, cases per state and participants."""
    ws = own_workshop(workshop_id)
    db = get_db()
    status = sb.workshop_status(db, ws.id, now())
    people = sb.participants_of(db, ws.id)
    template = (
        "facilitator/_status.html" if request.args.get("fragment") else "facilitator/dashboard.html"
    )
    return render_template(
        template,
        ws=ws,
        status=status,
        people=people,
        poll=True,
        speed_form=forms.SpeedForm(speed=str(ws.speed)),
        jump_form=forms.JumpForm(),
        release_form=forms.ReleaseForm(),
        clock_form=forms.ClockForm(),
        inject_form=InjectForm().offer(ws.scenario, ws.local_opds),
        broadcast_form=forms.BroadcastForm(),
        broadcasts=sb.broadcasts(db, ws.id),
        role_form=forms.AssignRoleForm().offer(people, ROLES, ws.scenario, ws.local_opds),
    )


@bp.route("/latihan/<int:workshop_id>/jam", methods=["POST"])
@role_required(FACILITATOR)
def clock(workshop_id: int) -> Any:
    """Start, pause or resume the workshop clock."""
    ws = own_workshop(workshop_id)
    form = forms.ClockForm()
    if form.validate_on_submit() and form.op.data in CLOCK_OPS:
        try:
            CLOCK_OPS[form.op.data](get_db(), ws.id, facilitator_id=g.facilitator_id, now=now())
        except sb.SandboxError as exc:
            flash(message(exc), "error")
    else:
        flash(_("Perintah jam tidak dikenal."), "error")
    return _back(ws.id)


@bp.route("/latihan/<int:workshop_id>/kecepatan", methods=["POST"])
@role_required(FACILITATOR)
def speed(workshop_id: int) -> Any:
    """Change the clock's speed (simulated hours per real hour)."""
    ws = own_workshop(workshop_id)
    form = forms.SpeedForm()
    if not form.validate_on_submit():
        for error in form.speed.errors:
            flash(str(error), "error")
        return _back(ws.id)
    try:
        sb.set_speed(
            get_db(),
            ws.id,
            float(form.speed.data.replace(",", ".")),
            facilitator_id=g.facilitator_id,
            now=now(),
        )
    except sb.SandboxError as exc:
        flash(message(exc), "error")
    return _back(ws.id)


@bp.route("/latihan/<int:workshop_id>/lompat", methods=["POST"])
@role_required(FACILITATOR)
def jump(workshop_id: int) -> Any:
    """Jump the clock forward to a local date and time of the scenario."""
    ws = own_workshop(workshop_id)
    form = forms.JumpForm()
    if not form.validate_on_submit():
        for error in form.to.errors:
            flash(str(error), "error")
        return _back(ws.id)
    to = forms.parse_local(form.to.data)
    try:
        sb.jump_clock(get_db(), ws.id, to, facilitator_id=g.facilitator_id, now=now())
    except sb.SandboxError as exc:
        flash(message(exc), "error")
    return _back(ws.id)


@bp.route("/latihan/<int:workshop_id>/rilis", methods=["POST"])
@role_required(FACILITATOR)
def release(workshop_id: int) -> Any:
    """Let the next batch of cases arrive now."""
    ws = own_workshop(workshop_id)
    form = forms.ReleaseForm()
    if not form.validate_on_submit():
        for error in form.count.errors:
            flash(str(error), "error")
        return _back(ws.id)
    try:
        ids = sb.release_batch(
            get_db(), ws.id, int(form.count.data), facilitator_id=g.facilitator_id, now=now()
        )
    except sb.SandboxError as exc:
        flash(message(exc), "error")
    else:
        flash(_("%(n)s kasus dirilis.", n=len(ids)), "ok")
    return _back(ws.id)


@bp.route("/latihan/<int:workshop_id>/kunci/<case_id>")
@role_required(FACILITATOR)
def answer_key(workshop_id: int, case_id: str) -> str:
    """Show a case's hidden answer key (the facilitator's eyes only)."""
    ws = own_workshop(workshop_id)
    try:
        explained = sb.explain_key(get_db(), ws.id, case_id, facilitator_id=g.facilitator_id)
    except sb.NotFound:
        abort(404)
    thread = sb.thread_for_facilitator(get_db(), ws.id, case_id, facilitator_id=g.facilitator_id)
    return render_template(
        "facilitator/answer_key.html",
        ws=ws,
        key=asdict(explained.key),
        explained=explained,
        thread=thread,
    )


def done_message(kind: str, result: dict[str, Any]) -> str:
    """What an inject did, in the user's language."""
    if kind == "lonjakan":
        return _("%(n)s laporan tambahan akan masuk.", n=len(result.get("cases", ())))
    if kind == "viral":
        return _("Kasus %(case)s kini viral.", case=result.get("case"))
    if kind == "petugas_absen":
        return _("Petugas %(opd)s absen; bot OPD itu menunggu.", opd=result.get("opd"))
    return _("Pelapor kasus %(case)s mengirim pesan marah.", case=result.get("case"))


@bp.route("/latihan/<int:workshop_id>/kejadian", methods=["POST"])
@role_required(FACILITATOR)
def inject(workshop_id: int) -> Any:
    """Inject an event into the running workshop: a surge, a viral case, an absent officer, an angry citizen."""
    ws = own_workshop(workshop_id)
    form = InjectForm().offer(ws.scenario, ws.local_opds)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for(".dashboard", workshop_id=ws.id), 303)
    kind = form.kind.data
    try:
        result = sb.inject(
            get_db(),
            ws.id,
            kind,
            facilitator_id=g.facilitator_id,
            now=now(),
            case_id=(form.case_id.data or "").strip().upper() or None,
            count=int(form.count.data),
            category=form.category.data or None,
            opd=form.opd.data or None,
            working_days=int(form.working_days.data),
        )
    except sb.SandboxError as exc:
        flash(message(exc), "error")
    else:
        flash(done_message(kind, result), "ok")
    return redirect(url_for(".dashboard", workshop_id=ws.id), 303)


@bp.route("/latihan/<int:workshop_id>/siaran", methods=["POST"])
@role_required(FACILITATOR)
def broadcast(workshop_id: int) -> Any:
    """Post a short message that every participant sees on their pages (never sent outside)."""
    ws = own_workshop(workshop_id)
    form = forms.BroadcastForm()
    if not form.validate_on_submit():
        for error in form.text.errors:
            flash(str(error), "error")
        return _back(ws.id)
    try:
        sb.broadcast(get_db(), ws.id, form.text.data, facilitator_id=g.facilitator_id, now=now())
    except sb.SandboxError as exc:
        flash(message(exc), "error")
    else:
        flash(_("Pesan dikirim ke semua peserta latihan ini."), "ok")
    return _back(ws.id)


@bp.route("/latihan/<int:workshop_id>/peran", methods=["POST"])
@role_required(FACILITATOR)
def assign_role(workshop_id: int) -> Any:
    """Change a participant's role, OPD (for a penghubung) and team."""
    ws = own_workshop(workshop_id)
    db = get_db()
    form = forms.AssignRoleForm().offer(
        sb.participants_of(db, ws.id), ROLES, ws.scenario, ws.local_opds
    )
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return _back(ws.id)
    role = form.role.data
    try:
        p = sb.assign_role(
            db,
            ws.id,
            int(form.participant.data),
            role,
            (form.opd.data or None) if role == "penghubung" else None,
            form.team.data or None,
            facilitator_id=g.facilitator_id,
            now=now(),
        )
    except sb.SandboxError as exc:
        flash(message(exc), "error")
    else:
        flash(_("Peran %(name)s diubah.", name=p.display_name), "ok")
    return _back(ws.id)
