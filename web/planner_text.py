"""What a planner comparison means, in sentences in the user's language: the sandbox judges each
headline KPI (:func:`sandbox.planner.judgements`, codes and numbers); here it is worded with
gettext and its numbers written by the one formatter (web/display.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import pgettext

from sandbox import planner as pl
from simulator.results import BACKLOG_STAGES as STAGES

from . import display


def kpi_word(name: str) -> str:
    """A KPI's (or desk figure's) label, lower case, in the user's language."""
    known = pl.KPI_LABELS.get(name)
    return display.code_label(known[0]) if known else name


def value(x: float, unit: str, places: int = 1) -> str:
    """A KPI value with its unit: 71% / 4,9 jam kerja / 5 kasus."""
    number = display.decimal(x, places)
    if unit == "share":
        return display.percent(x, places)
    if unit == "hours":
        return _("%(x)s jam kerja", x=number)
    if unit == "days":
        return _("%(x)s hari kerja", x=number)
    if unit == "cases":
        return _("%(x)s kasus", x=number)
    return number


def difference(d: float, unit: str, places: int = 1, sign: bool = True) -> str:
    """A difference with its unit: +3 poin / −0,4 jam (shares in percentage points); one that
    rounds to zero has no sign."""
    scale = 100.0 if unit == "share" else 1.0
    number = display.signed(d * scale, places) if sign else display.decimal(abs(d) * scale, places)
    if unit not in ("share", "hours", "days", "cases"):
        return number
    if number.lstrip("+−") == display.decimal(1, 0):  # English says "1 point", not "1 points"
        return {
            "share": lambda: pgettext("satu", "%(x)s poin", x=number),
            "hours": lambda: pgettext("satu", "%(x)s jam", x=number),
            "days": lambda: pgettext("satu", "%(x)s hari", x=number),
            "cases": lambda: pgettext("satu", "%(x)s kasus", x=number),
        }[unit]()
    return {
        "share": lambda: _("%(x)s poin", x=number),
        "hours": lambda: _("%(x)s jam", x=number),
        "days": lambda: _("%(x)s hari", x=number),
        "cases": lambda: _("%(x)s kasus", x=number),
    }[unit]()


def sentence(j: pl.Judgement) -> str:
    """One judgement in a sentence."""
    name, label = j.variant, kpi_word(j.kpi)
    if j.kind == "incomparable":
        return _(
            "«%(name)s»: %(label)s tidak dapat dibandingkan (terlalu sedikit kasus atau replikasi).",
            name=name,
            label=label,
        )
    if j.kind == "unchanged":
        return _(
            "«%(name)s» tidak mengubah %(label)s (sama di setiap replikasi).",
            name=name,
            label=label,
        )
    pm = "±" + difference(j.half or 0.0, j.unit, j.decimals, sign=False)
    if j.kind == "unclear":
        d = difference(j.mean or 0.0, j.unit, j.decimals)
        return _(
            "«%(name)s» tidak terbukti mengubah %(label)s (selisih %(d)s, %(pm)s).",
            name=name,
            label=label,
            d=d,
            pm=pm,
        )
    a, b = value(j.base or 0.0, j.unit, j.decimals), value(j.value or 0.0, j.unit, j.decimals)
    args = {"name": name, "label": label, "a": a, "b": b, "pm": pm}
    if j.unit in ("hours", "days"):  # a time is lengthened or shortened, not raised
        if j.up:
            return _("«%(name)s» memperlama %(label)s dari %(a)s menjadi %(b)s (%(pm)s).", **args)
        return _("«%(name)s» mempersingkat %(label)s dari %(a)s menjadi %(b)s (%(pm)s).", **args)
    if j.up:
        return _("«%(name)s» menaikkan %(label)s dari %(a)s menjadi %(b)s (%(pm)s).", **args)
    return _("«%(name)s» menurunkan %(label)s dari %(a)s menjadi %(b)s (%(pm)s).", **args)


def sentences(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per non-baseline variant and headline KPI: ``{"variant", "kpi", "text", "clear",
    "better"}`` — ``clear`` when the paired interval excludes 0, ``better`` whether the change
    is an improvement (None when unclear)."""
    return [
        {
            "variant": j.variant,
            "kpi": j.kpi,
            "text": sentence(j),
            "clear": j.clear,
            "better": j.better,
        }
        for j in pl.judgements(result)
    ]


def chart_text() -> pl.ChartText:
    """The words and number style of the planner's charts, in the user's language."""
    words = {
        "backlog_title": _("Laporan terbuka per tahap (akhir hari)"),
        "backlog_compare": _("Tunggakan pemerintah (menunggu verifikasi + di OPD), akhir hari"),
        "reports": _("laporan"),
        "sla_opd": _("Tindak lanjut tepat waktu per OPD"),
        "utilization": _("Utilisasi per meja"),
        "ttfr": _("Waktu tanggapan pertama (jam kerja)"),
        "ttfr_y": _("laporan per replikasi"),
        "staffing": _("Petugas per meja"),
        "current": _("sekarang"),
        "erlang": _("tebakan Erlang C"),
        "simulated": _("hasil simulasi"),
        "officers": _("petugas"),
        "no_data": _("Tidak ada data"),
    }
    words.update({f"stage:{code}": display.code_label(label) for code, _s, label, _e in STAGES})
    words.update({f"kpi:{name}": kpi_word(name) for name in pl.KPI_LABELS})
    return pl.ChartText(words, display.decimal)
