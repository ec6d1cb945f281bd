"""The case actions a participant can take from a page or the API: form, label and sandbox call.

One table serves the HTML forms and the JSON API, so both validate the same fields and call the
same public sandbox functions. The lifecycle (via ``CaseView.actions``) decides what is offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlite_utils import Database

import sandbox as sb
from sandbox.notes import NOTES
from scenarios.lifecycle import MISSING_ELEMENTS
from scenarios.model import REPORT_TYPES

from . import forms
from .display import action_label, bilingual, code_label

VERIFY = "verifikasi"


def _evidence(text: str | None) -> list[str]:
    return [e.strip() for e in (text or "").split(",") if e.strip()]


@dataclass(frozen=True)
class Action:
    """A participant action: its form and how it calls the sandbox with the form's data."""

    form: type[forms.ActionForm]
    call: Callable[..., sb.Event]


ACTIONS: dict[str, Action] = {
    VERIFY: Action(
        forms.VerifyForm,
        lambda db, w, c, f, **kw: sb.verify(
            db,
            w,
            c,
            title=f.title.data,
            report_type=f.report_type.data,
            category=f.category.data,
            anonim=bool(f.anonim.data),
            rahasia=bool(f.rahasia.data),
            **kw,
        ),
    ),
    "disposisi": Action(
        forms.DisposeForm,
        lambda db, w, c, f, **kw: sb.verify_and_dispose(
            db,
            w,
            c,
            f.opd.data,
            copies=f.copies.data or (),
            title=f.title.data,
            report_type=f.report_type.data,
            category=f.category.data,
            anonim=bool(f.anonim.data),
            rahasia=bool(f.rahasia.data),
            **kw,
        ),
    ),
    "jawab_pesan": Action(
        forms.AnswerForm,
        lambda db, w, c, f, **kw: sb.answer_message(db, w, c, text=f.text.data, **kw),
    ),
    "bukan_wewenang": Action(
        forms.ForwardForm,
        lambda db, w, c, f, **kw: sb.forward(
            db, w, c, f.office.data, reason=f.reason.data or "", **kw
        ),
    ),
    "arsipkan": Action(
        forms.ReasonForm, lambda db, w, c, f, **kw: sb.archive(db, w, c, reason=f.reason.data, **kw)
    ),
    "duplikat": Action(
        forms.DuplicateForm,
        lambda db, w, c, f, **kw: sb.mark_duplicate(
            db, w, c, f.original_id.data.strip().upper(), **kw
        ),
    ),
    "tunda": Action(
        forms.TundaForm,
        lambda db, w, c, f, **kw: sb.tunda(
            db, w, c, missing=f.missing.data, message=f.message.data, **kw
        ),
    ),
    "terima": Action(forms.ActionForm, lambda db, w, c, f, **kw: sb.accept(db, w, c, **kw)),
    "kembalikan": Action(
        forms.ReasonForm,
        lambda db, w, c, f, **kw: sb.return_case(db, w, c, reason=f.reason.data, **kw),
    ),
    "tanggapan_awal": Action(
        forms.TextForm,
        lambda db, w, c, f, **kw: sb.initial_response(db, w, c, text=f.text.data, **kw),
    ),
    "tindak_lanjut": Action(
        forms.FollowUpForm,
        lambda db, w, c, f, **kw: sb.follow_up(
            db,
            w,
            c,
            reply=f.reply.data,
            internal_note=f.internal_note.data or "",
            evidence=_evidence(f.evidence.data),
            **kw,
        ),
    ),
    "proses_ulang": Action(forms.ActionForm, lambda db, w, c, f, **kw: sb.resume(db, w, c, **kw)),
    "tutup": Action(
        forms.EvidenceForm,
        lambda db, w, c, f, **kw: sb.close(db, w, c, evidence=_evidence(f.evidence.data), **kw),
    ),
}


def label(action: str) -> str:
    """The action's label in the user's language."""
    if action == VERIFY:
        return str(_l("Verifikasi (judul, jenis, kategori, anonim/rahasia)"))
    return action_label(action)


def offered(case: sb.CaseView) -> tuple[str, ...]:
    """The actions to show for a case: what the lifecycle allows, verification first while routing."""
    extra = (VERIFY,) if "disposisi" in case.actions else ()
    return extra + tuple(a for a in case.actions if a in ACTIONS)


def make_form(
    action: str,
    ws: sb.Workshop,
    case: sb.CaseView,
    *,
    bound: bool = False,
    prefix: str | None = None,
    **kw: Any,
) -> forms.ActionForm:
    """The action's form with choices from the scenario; ``bound`` reads the request's data."""
    cls, name = ACTIONS[action].form, action if prefix is None else prefix
    form = cls(prefix=name, **kw) if bound else cls(formdata=None, prefix=name, **kw)
    scenario = ws.scenario
    pick = {"": str(forms.PICK)}  # selects start at "— pilih —": nothing is chosen for the user
    if isinstance(form, (forms.VerifyForm, forms.DisposeForm)):
        form.report_type.choices = {**pick, **{t: t for t in REPORT_TYPES}}
        form.category.choices = {
            **pick,
            **{code: bilingual((c.label, c.label_en)) for code, c in scenario.categories.items()},
        }
        if not bound:
            form.title.data = case.title or case.report_title
            form.report_type.data = case.report_type or ""
            form.category.data = case.category or ""
            form.anonim.data, form.rahasia.data = case.anonim, case.rahasia
    if isinstance(form, forms.DisposeForm):
        opds = {code: f"{code} – {scenario.opds[code].name}" for code in ws.local_opds}
        form.opd.choices = {**pick, **opds}
        form.copies.choices = opds
    elif isinstance(form, forms.ForwardForm):
        form.office.choices = {
            **pick,
            **{
                code: f"{code} – {o.name}"
                for code, o in scenario.opds.items()
                if code not in ws.local_opds
            },
        }
    elif isinstance(form, forms.TundaForm):
        form.missing.choices = {k: code_label(NOTES[f"kurang.{k}"][0]) for k in MISSING_ELEMENTS}
    if isinstance(form, forms.ReasonForm) and action == "kembalikan":
        form.reason.label.text = str(_l("Alasan pengembalian"))
    if not bound:
        form.expected_version.data = str(case.version)
    return form


def perform(
    db: Database,
    ws: sb.Workshop,
    case_id: str,
    action: str,
    form: forms.ActionForm,
    *,
    participant_id: int,
    now: float,
) -> sb.Event:
    """Run a validated action through the sandbox (raises :class:`sandbox.SandboxError`)."""
    return ACTIONS[action].call(
        db,
        ws.id,
        case_id,
        form,
        by=participant_id,
        expected_version=int(form.expected_version.data),
        now=now,
    )
