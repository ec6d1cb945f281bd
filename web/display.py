"""How times, deadlines and labels read on a page: the scenario's zone, working hours left, colours
always paired with words."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask
from flask_babel import gettext as _

from scenarios.lifecycle import STATES

from .i18n import lang, pick

ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}  # Indonesia's zones by UTC offset in hours

URGENT_HOURS = 4.0  # working hours left below which a deadline shows as urgent


def when(value: datetime | None) -> str:
    """An instant in the scenario's own zone, e.g. ``05/06/2025 08:00 WIB``."""
    if value is None:
        return "–"
    return value.strftime("%d/%m/%Y %H:%M ") + (value.tzname() or "")


def sim_time(value: str | datetime | None) -> str:
    """A stored local ISO time (``2025-06-10T08:00+07:00``) as ``10/06/2025 08:00 WIB``."""
    if not value:
        return "–"
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    offset = moment.utcoffset()
    zone = ZONES.get(round(offset.total_seconds() / 3600)) if offset is not None else None
    return moment.strftime("%d/%m/%Y %H:%M") + (f" {zone or moment.tzname() or ''}".rstrip())


def when_iso(value: str | None) -> str:
    """A stored wall-clock ISO instant (e.g. a planner job's creation) in this laptop's own zone."""
    if not value:
        return "–"
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def scenario_name(ref: str) -> str:
    """A workshop's scenario as a facilitator reads it: a built-in name, or an upload's file name."""
    return ref.replace("\\", "/").rsplit("/", 1)[-1]


def state_label(state: str) -> str:
    """A lifecycle state's label in the user's language (the raw id if unknown)."""
    known = STATES.get(state)
    return pick((known.label_id, known.label_en)) if known else state


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
    app.jinja_env.filters.update(
        when=when,
        when_iso=when_iso,
        hours=hours,
        sim_time=sim_time,
        scenario_name=scenario_name,
    )
    app.jinja_env.globals.update(
        state_label=state_label,
        deadline_level=deadline_level,
        deadline_text=deadline_text,
        deadline_name=deadline_name,
    )
