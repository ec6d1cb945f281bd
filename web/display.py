"""How times, deadlines and labels read on a page: the scenario's zone, working hours left, colours
always paired with words."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask
from flask_babel import gettext as _

from .i18n import lang

URGENT_HOURS = 4.0  # working hours left below which a deadline shows as urgent


def when(value: datetime | None) -> str:
    """An instant in the scenario's own zone, e.g. ``05/06/2025 08:00 WIB``."""
    if value is None:
        return "–"
    return value.strftime("%d/%m/%Y %H:%M ") + (value.tzname() or "")


def hours(value: float) -> str:
    """Working hours with one decimal, in the user's number style."""
    text = f"{abs(value):.1f}"
    return text if lang() == "en" else text.replace(".", ",")


def deadline_level(left: float) -> str:
    """'late', 'urgent' or 'ok' for the CSS class (the text says the same in words)."""
    if left < 0:
        return "late"
    return "urgent" if left <= URGENT_HOURS else "ok"


def deadline_text(left: float) -> str:
    """Working time left (or overdue) in words."""
    if left < 0:
        return _("Terlambat %(h)s jam kerja", h=hours(left))
    if left <= URGENT_HOURS:
        return _("Mendesak: sisa %(h)s jam kerja", h=hours(left))
    return _("Sisa %(h)s jam kerja", h=hours(left))


def deadline_name(what: str) -> str:
    """The name of a deadline kind (verifikasi, tindak_lanjut, penyelesaian)."""
    names = {
        "verifikasi": _("Batas verifikasi"),
        "tindak_lanjut": _("Batas tindak lanjut"),
        "penyelesaian": _("Batas penyelesaian"),
    }
    return names.get(what, what)


def first_deadline(case: Any) -> float:
    """Sort key of a case in an inbox: the least working time left first, no deadline last."""
    return min((d.working_hours_left for d in case.deadlines), default=float("inf"))


def init_app(app: Flask) -> None:
    """Register the filters and helpers for templates."""
    app.jinja_env.filters.update(when=when, hours=hours)
    app.jinja_env.globals.update(
        deadline_level=deadline_level, deadline_text=deadline_text, deadline_name=deadline_name
    )
