"""JSON API under /api/v1 for participants: their cases with Open311 field names, and the actions.

Authentication is a per-participant header, ``Authorization: Bearer <KODE>.<token>`` (shown on the
participant's score page), never the session cookie — which is why this blueprint is exempt from
CSRF: a forged cross-site request cannot add the header. Errors answer ``{"error": {...}}`` with
the message in the request's language (``?lang=en``). An action's JSON body is an object whose
values are text, numbers, true/false or lists of those; anything else is a 400, never a crash.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify, request
from flask.wrappers import Response
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

import sandbox as sb
from scenarios.lifecycle import TERMINAL_STATES

from . import actions
from .db import get_db, now
from .display import bilingual, state_label
from .notes import message

bp = Blueprint("api", __name__, url_prefix="/api/v1")
STATUS = {sb.ConflictError: 409, sb.NotAllowed: 403, sb.NotFound: 404, sb.ActionRefused: 422}


def _error(status: int, code: str, text: str, **extra: Any) -> tuple[Response, int]:
    return jsonify(error={"code": code, "message": text, **extra}), status


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def open311(case: sb.CaseView, ws: sb.Workshop, updated: Any = None) -> dict[str, Any]:
    """A case in Open311 GeoReport v2 names, with the sandbox's own fields beside them."""
    deadlines = sorted(case.deadlines, key=lambda d: d.due)
    return {
        "service_request_id": case.id,
        "service_code": case.category,
        "service_name": bilingual(
            (
                ws.scenario.categories[case.category].label,
                ws.scenario.categories[case.category].label_en,
            )
        )
        if case.category
        else None,
        "agency_responsible": case.assigned_opd,
        "status": "closed" if case.state in TERMINAL_STATES else "open",
        "status_notes": state_label(case.state),
        "requested_datetime": _iso(case.received),
        "updated_datetime": _iso(updated),
        "expected_datetime": _iso(deadlines[0].due) if deadlines else None,
        "address": f"{case.desa}, {case.kecamatan}",
        "description": case.body,
        "title": case.title or case.report_title,
        "state": case.state,
        "version": case.version,
        "deadlines": [
            {"kind": d.what, "due": _iso(d.due), "working_hours_left": d.working_hours_left}
            for d in deadlines
        ],
        "actions": list(actions.offered(case)),
    }


@bp.before_request
def authenticate() -> Any:
    """Find the participant from the bearer token, or answer 401."""
    header = request.headers.get("Authorization", "")
    code, _sep, token = header.removeprefix("Bearer ").strip().partition(".")
    g.participant = None
    if header.startswith("Bearer ") and token:
        try:
            ws = sb.workshop_by_code(get_db(), code)
        except sb.NotFound:
            ws = None
        g.participant = (
            next((p for p in sb.participants_of(get_db(), ws.id) if p.token == token), None)
            if ws
            else None
        )
    if g.participant is None:
        return _error(
            401,
            "unauthorized",
            _("Token API tidak valid. Lihat token Anda di halaman skor peserta."),
        )
    sb.advance(get_db(), g.participant.workshop_id, now())
    g.ws = sb.get_workshop(get_db(), g.participant.workshop_id)
    return None


def _find(case_id: str) -> sb.CaseView | None:
    return next(
        (
            c
            for c in sb.list_cases(get_db(), g.ws.id, participant_id=g.participant.id)
            if c.id == case_id
        ),
        None,
    )


@bp.route("/cases")
def list_requests() -> Response:
    """List the caller's visible cases (optionally ``?state=``)."""
    cases = sb.list_cases(
        get_db(), g.ws.id, participant_id=g.participant.id, state=request.args.get("state") or None
    )
    return jsonify([open311(c, g.ws) for c in cases])


@bp.route("/cases/<case_id>")
def get_request(case_id: str) -> Any:
    """One case with its history (updated_datetime is its last event)."""
    case = _find(case_id)
    if case is None:
        return _error(
            404, "not_found", _("Halaman atau kasus ini tidak ada atau tidak terlihat oleh Anda.")
        )
    history = sb.case_history(get_db(), g.ws.id, case_id, participant_id=g.participant.id)
    updated = (
        history[-1]["sim_time"] if history else None
    )  # already ISO 8601 in the scenario's zone
    return jsonify({**open311(case, g.ws), "updated_datetime": updated, "history": history})


SCALARS = (str, int, float)


def _cell(value: Any) -> str:
    if isinstance(value, bool):  # before int: a bool is an int
        return "true" if value else "false"
    return str(value)


def form_data(body: Any) -> MultiDict | None:
    """A JSON object as form data (a list gives a field several values); None if it is not an
    object of text, numbers, true/false and lists of them."""
    if not isinstance(body, dict):
        return None
    out: MultiDict = MultiDict()
    for key, value in body.items():
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, (*SCALARS, bool)) for v in values):
            return None
        for v in values:
            out.add(str(key), _cell(v))
    return out


def _bad_body() -> tuple[Response, int]:
    return _error(
        400,
        "bad_request",
        _(
            "Badan permintaan harus objek JSON berisi teks, angka, true/false atau daftar nilai itu."
        ),
    )


@bp.route("/cases/<case_id>/<action>", methods=["POST"])
def post_action(case_id: str, action: str) -> Any:
    """Take an action with a JSON body holding the form's fields and ``expected_version``."""
    case = _find(case_id)
    if case is None or action not in actions.ACTIONS:
        return _error(
            404, "not_found", _("Halaman atau kasus ini tidak ada atau tidak terlihat oleh Anda.")
        )
    if request.is_json:
        data = form_data(request.get_json(silent=True))
        if data is None:
            return _bad_body()
    else:
        data = request.form
    form = actions.make_form(
        action, g.ws, case, bound=True, prefix="", meta={"csrf": False}, formdata=data
    )
    if not form.validate():
        fields = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return _error(
            422, "invalid", _("Periksa isian formulir: ada yang belum benar."), fields=fields
        )
    try:
        event = actions.perform(
            get_db(), g.ws, case_id, action, form, participant_id=g.participant.id, now=now()
        )
    except sb.SandboxError as exc:
        kind = next((k for k in STATUS if isinstance(exc, k)), None)
        return _error(STATUS.get(kind, 400), type(exc).__name__, message(exc))
    updated = _find(case_id)
    return jsonify(
        open311(updated, g.ws, g.ws.calendar.to_datetime(event.sim_at))
        if updated
        else {"service_request_id": case_id}
    ), 200
