"""What a case page adds for a participant: reply templates for the tindak lanjut form (placeholders
filled from the case), the hint offer and feedback on their own actions on the case.

Replies go to Indonesian citizens, so the template texts are Bahasa Indonesia whatever the page's
language (only their names are translated). The leak rule is taught here: on an anonim or rahasia
case a template using ``{nama_pelapor}`` is never offered — naming the reporter in a public reply
is a severe error. What only the participant knows stays in [square brackets] to be rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

import sandbox as sb
from sandbox import reply_templates

from .db import get_db, now
from .notes import message


@dataclass(frozen=True)
class ReplyTemplate:
    """A named reply skeleton with ``{placeholders}`` (its text lives in the sandbox, which scores it)."""

    key: str
    name: Any  # lazy translation
    text: str

    @property
    def names_reporter(self) -> bool:
        """Whether the template addresses the reporter by name."""
        return reply_templates.NAME in self.text


_NAMES = {
    "umum": _l("Jawaban lengkap (aman untuk anonim/rahasia)"),
    "sapaan_nama": _l("Jawaban dengan sapaan nama pelapor"),
    "jadwal": _l("Penanganan bertahap (menunggu anggaran atau jadwal)"),
}
TEMPLATES = tuple(
    ReplyTemplate(k, _NAMES.get(k, k), text) for k, text in reply_templates.TEMPLATES.items()
)


def protected(case: sb.CaseView) -> bool:
    """Whether the case hides its reporter (anonim or rahasia)."""
    return case.anonim or case.rahasia


def offered(case: sb.CaseView) -> list[ReplyTemplate]:
    """The templates fit for this case: none naming the reporter on an anonim/rahasia case."""
    return [t for t in TEMPLATES if not (t.names_reporter and protected(case))]


def fill(
    key: str | None, case: sb.CaseView, scenario: Any, at: datetime | None = None
) -> str | None:
    """The template's text with the case's facts in place and the greeting of the simulated
    local time ``at``, or None if it is not offered here."""
    template = next((t for t in offered(case) if t.key == key), None)
    if template is None:
        return None
    opd = case.assigned_opd or ""
    values = {
        "nomor_kasus": case.id,
        "judul": case.title or case.report_title,
        "lokasi": f"{case.desa}, {case.kecamatan}",
        "opd": scenario.opds[opd].name if opd in scenario.opds else opd,
        "nama_pelapor": "" if protected(case) else case.reporter,
    }
    return reply_templates.fill(template.key, values, at)


def hints_open(ws: sb.Workshop) -> bool:
    """Hints are for practice mode and for participants who act (not observers)."""
    return ws.mode == "practice" and g.participant.role != "observer"


def case_coaching(ws: sb.Workshop, case: sb.CaseView) -> dict[str, Any]:
    """What the case page adds: the hint offer, this case's own feedback, the reply templates."""
    feedback, closed = [], None
    try:
        feedback = sb.feedback_for_participant(get_db(), ws.id, g.participant.id, case_id=case.id)
    except sb.NotAllowed as exc:
        closed = message(exc)
    return {
        "hint_form": FlaskForm() if hints_open(ws) else None,
        "hint_cost": ws.weights.hint_penalty,
        "feedback": feedback,
        "feedback_closed": closed,
        "templates": offered(case),
        "protected": protected(case),
        "chosen_template": request.args.get("templat"),
    }


def prefill_reply(form: Any, ws: sb.Workshop, case: sb.CaseView) -> bool:
    """Put the chosen template (``?templat=``) into an unbound tindak lanjut form; True if done."""
    at = sb.clock_status(ws, now()).local_time
    text = fill(request.args.get("templat"), case, ws.scenario, at)
    if text is None or form is None:
        return False
    form.reply.data = text
    return True
