"""The one formatter of the trainer: numbers, shares, points, dates and times in the user's locale
(Babel), and the labels of the domain's codes translated with gettext.

Domain code (scenarios, sandbox) returns codes and numbers; a page never shows a code where a word
is meant. Each code's Indonesian label lives where the code is defined (the lifecycle's states and
actions in :mod:`scenarios.lifecycle`, mistakes in :mod:`sandbox.judging`, score kinds and event
verbs in :mod:`sandbox.records`); here it becomes the gettext message id, and the English catalogue
holds its translation (``tests/test_web_i18n.py`` keeps the catalogue in step with those tables).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from flask import Flask
from flask_babel import gettext as _
from flask_babel import pgettext

from sandbox.feedback_sheet import SKILLS
from sandbox.judging import MISTAKES
from sandbox.notes import NOTES
from sandbox.planner import KPI_LABELS
from sandbox.records import EVENT_VERBS, SCORE_KINDS
from sandbox.rubric import CHECKS
from scenarios import ScenarioError, builtin_names, load_scenario
from scenarios.lifecycle import STATES, TRANSITIONS
from simulator.results import BACKLOG_STAGES

from .i18n import lang

ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}  # Indonesia's zones by UTC offset in hours

URGENT_HOURS = 4.0  # working hours left below which a deadline shows as urgent

# ---- numbers ---------------------------------------------------------------------------------


def _clean(value: float, places: int) -> float:
    """``value`` rounded, with no negative zero ("-0,0" reads as a loss that is not there)."""
    rounded = round(float(value), places)
    return 0.0 if rounded == 0 else rounded


def decimal(value: float | None, places: int = 1) -> str:
    """A number with exactly ``places`` decimals in the user's style: ``1.234,5`` / ``1,234.5``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(_clean(value, places), format=pattern, locale=lang())


def number(value: float | None, places: int = 2) -> str:
    """A number with up to ``places`` decimals, trailing zeros dropped: ``62``, ``3,43``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "#" * places if places else "")
    return format_decimal(_clean(value, places), format=pattern, locale=lang())


def signed(value: float, places: int = 1) -> str:
    """A difference with its sign: ``+1,5`` / ``−0,4``; one that rounds to zero has none (``0,0``)."""
    text = decimal(abs(value), places)
    if _clean(value, places) == 0:
        return text
    return ("+" if value > 0 else "−") + text


def percent(share: float | None, places: int = 1) -> str:
    """A share (0–1) as a percentage in the user's style: ``73,8%`` / ``73.8%``."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    pattern = "#,##0" + ("." + "0" * places if places else "") + "%"
    return format_percent(_clean(share, places + 2), format=pattern, locale=lang())


def points(got: float, out_of: float | None = None) -> str:
    """Score points (``62 / 154``), signed the way the scorer gave them."""
    text = number(got)
    return text if out_of is None else f"{text} / {number(out_of)}"


def hours(value: float) -> str:
    """Working hours with one decimal, without sign (the words say late or left)."""
    return decimal(abs(value), 1)


# ---- dates and times -------------------------------------------------------------------------


def long_date(value: date | datetime | str | None) -> str:
    """A date written out in the user's language: ``5 Juni 2025`` / ``June 5, 2025``."""
    if not value:
        return "–"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, "long", locale=lang())


def short_date(value: date | str) -> str:
    """A day as the pages write days, ``06/01/2025`` (as in :func:`sim_time`)."""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def when(value: datetime | None) -> str:
    """An instant in the scenario's own zone, e.g. ``05/06/2025 08:00 WIB``."""
    if value is None:
        return "–"
    return sim_time(value)


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


@lru_cache(maxsize=64)
def scenario_title(ref: str) -> str:
    """A built-in scenario by its title ("Kabupaten Sanggau (sintetis)"); an upload by its file
    name (its title is the uploader's to choose)."""
    if ref in builtin_names():
        try:
            return load_scenario(ref).scenario.title
        except ScenarioError:
            pass
    return scenario_name(ref)


# ---- labels of the domain's codes ------------------------------------------------------------

_ACTION_LABELS: dict[str, str] = {}
for _t in TRANSITIONS:
    _ACTION_LABELS.setdefault(_t.action, _t.label_id)


#: the gettext context of the domain's labels ("Masuk" the state is not "Masuk" the login)
CONTEXT = "kode"


def code_label(text: str) -> str:
    """A label the domain defines in Indonesian (a state, an action, a skill…), translated."""
    return pgettext(CONTEXT, text)


def _label(table: dict[str, str], code: str | None) -> str:
    if not code:
        return "–"
    known = table.get(code)
    return code_label(known) if known else code.replace("_", " ")


def state_label(state: str | None) -> str:
    """A lifecycle state's label in the user's language."""
    return _label({k: s.label_id for k, s in STATES.items()}, state)


def action_label(action: str | None) -> str:
    """What happened in a case's history: a lifecycle action or another event, in words."""
    if action in EVENT_VERBS:
        return code_label(EVENT_VERBS[action][0])
    return _label(_ACTION_LABELS, action)


def score_kind(kind: str | None) -> str:
    """The name of a kind of score item (disposisi, klasifikasi, ketepatan waktu, …)."""
    return _label({k: v[0] for k, v in SCORE_KINDS.items()}, kind)


def mistake_label(code: str | None) -> str:
    """A mistake code as the debrief names it."""
    return _label({k: v[0] for k, v in MISTAKES.items()}, code)


def check_label(code: str | None) -> str:
    """A reply rubric check's name (salam, isian, unit, …)."""
    return _label({k: v[0] for k, v in CHECKS.items()}, code)


def mistakes(codes: Any) -> str:
    """Several mistake codes in words, or a dash."""
    return ", ".join(mistake_label(c) for c in codes or ()) or "–"


def bilingual(pair: tuple[str, str] | list[str]) -> str:
    """Text written in both languages at its source (a scenario's YAML): the half in the user's
    language. The engine's own texts are notes (codes), worded by :mod:`web.notes`."""
    return pair[1] if lang() == "en" else pair[0]


def domain_messages() -> Iterator[tuple[str, str]]:
    """Every (Indonesian label, English label) of the code tables above, for the catalogue test."""
    yield from ((s.label_id, s.label_en) for s in STATES.values())
    yield from ((t.label_id, t.label_en) for t in TRANSITIONS)
    yield from EVENT_VERBS.values()
    yield from SCORE_KINDS.values()
    yield from MISTAKES.values()
    yield from NOTES.values()
    yield from CHECKS.values()
    for label_id, label_en, _unit in KPI_LABELS.values():
        yield label_id, label_en
    for _code, _states, label_id, label_en in BACKLOG_STAGES:
        yield label_id, label_en
    for skill in SKILLS.values():
        yield skill.label_id, skill.label_en
        yield skill.practise_id, skill.practise_en


# ---- deadlines -------------------------------------------------------------------------------


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
        long_date=long_date,
        short_date=short_date,
        scenario_name=scenario_name,
        scenario_title=scenario_title,
        decimal=decimal,
        number=number,
        percent=percent,
        state_label=state_label,
        action_label=action_label,
        score_kind=score_kind,
        mistake_label=mistake_label,
        check_label=check_label,
        mistakes=mistakes,
        bilingual=bilingual,
        label=code_label,
    )
    app.jinja_env.globals.update(
        state_label=state_label,
        action_label=action_label,
        points=points,
        bilingual=bilingual,
        deadline_level=deadline_level,
        deadline_text=deadline_text,
        deadline_name=deadline_name,
    )
