"""Charts of a planner result as SVG, drawn on the server with pygal: no JavaScript, no CDN, no
request leaves the venue's network. Names from uploaded scenarios and variant names are
untrusted text; pygal escapes them, and the output keeps no script and no comment.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pygal

from simulator.model import VERIFY_DESK
from simulator.svg import chart_style, render_svg

CHARTS = ("backlog", "sla_opd", "utilization", "ttfr")
TOP_OPDS = 15
STYLE = chart_style(
    opacity=".85",
    opacity_hover=".95",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=18,
    value_font_size=12,
    tooltip_font_size=13,
)
#: the words a chart needs, by key (the page supplies them in its language): backlog_title,
#: backlog_compare, reports, sla_opd, utilization, ttfr, ttfr_y, staffing, current, erlang,
#: simulated, officers, no_data; ``stage:<code>`` for a backlog stage, ``kpi:<name>`` for a KPI
WORDS = (
    "backlog_title",
    "backlog_compare",
    "reports",
    "sla_opd",
    "utilization",
    "ttfr",
    "ttfr_y",
    "staffing",
    "current",
    "erlang",
    "simulated",
    "officers",
    "no_data",
)


@dataclass(frozen=True)
class ChartText:
    """How a chart speaks: its words (see :data:`WORDS`) and how it writes a number with a given
    count of decimals — both in the page's language, given by the caller."""

    words: Mapping[str, str]
    number: Callable[[float, int], str]

    def word(self, key: str) -> str:
        """A word by key (the key itself when the caller gave none)."""
        return self.words.get(key, key)


def _num(x: Any) -> float | None:
    """A value pygal can draw (None for missing: NaN, or null from stored JSON)."""
    if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x):
        return float(x)
    return None


def _percent(t: ChartText) -> Callable[[float | None], str]:
    return lambda x: "–" if x is None else t.number(x, 0 if x >= 10 or x == 0 else 1) + "%"


def _count(t: ChartText) -> Callable[[float | None], str]:
    return lambda x: "–" if x is None else t.number(x, 0 if x == int(x) else 1)


def _chart(kind: type, t: ChartText, title: str, **config: Any) -> Any:
    return kind(
        js=[],  # the default loads a script from the internet; the pages must work offline
        disable_xml_declaration=True,
        style=STYLE,
        title=title,
        no_data_text=t.word("no_data"),
        legend_at_bottom=True,
        truncate_legend=40,
        truncate_label=24,
        width=900,
        height=480,
        **config,
    )


def _variants(result: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(result.get("variants") or [])


def _backlog_chart(base: Mapping[str, Any], t: ChartText, title: str) -> Any:
    return _chart(
        pygal.Line,
        t,
        title,
        x_label_rotation=30,
        show_minor_x_labels=False,
        x_labels_major_every=max(1, len(base["dates"]) // 10),
        show_dots=False,
        include_x_axis=True,  # the y axis starts at 0
        stroke_style={"width": 2.5},
        y_title=t.word("reports"),
        value_formatter=_count(t),
    )


def _backlog(result: Mapping[str, Any], t: ChartText) -> str:
    """One variant: its open reports by stage; several: each variant's government backlog."""
    variants = _variants(result)
    if len(variants) == 1:
        return _stages(result, t, 0)
    base = variants[0]["charts"]["backlog"]
    chart = _backlog_chart(base, t, t.word("backlog_compare"))
    chart.x_labels = base["dates"]
    for v in variants:
        series = v["charts"]["backlog"]["stages"]
        total = [
            (_num(a) or 0.0) + (_num(b) or 0.0)
            for a, b in zip(series.get("verifikasi", []), series.get("opd", []), strict=False)
        ]
        chart.add(v["name"], total)
    return render_svg(chart)


def _stages(result: Mapping[str, Any], t: ChartText, index: int) -> str:
    """Open reports of one variant by stage, day by day."""
    variants = _variants(result)
    if not 0 <= index < len(variants):
        raise ValueError(f"no variant {index}; the result has {len(variants)}")
    backlog = variants[index]["charts"]["backlog"]
    chart = _backlog_chart(backlog, t, chart_title("stages", t, result, index))
    chart.x_labels = backlog["dates"]
    for code, values in backlog["stages"].items():
        chart.add(t.word(f"stage:{code}"), [_num(x) for x in values])
    return render_svg(chart)


def _desk_bars(result: Mapping[str, Any], t: ChartText, figure: str, title: str) -> str:
    variants = _variants(result)
    base_opd = variants[0]["opd"]
    desks = [c for c in base_opd if c != VERIFY_DESK]
    if figure == "followup_sla_met":
        desks = sorted(desks, key=lambda c: -(_num(base_opd[c]["arrivals"]["mean"]) or 0.0))
        desks = desks[:TOP_OPDS]
    else:  # the busiest desks across variants (44 bars per variant cannot be read)
        desks = sorted(
            desks,
            key=lambda c: (
                -max(_num(v["opd"].get(c, {}).get(figure, {}).get("mean")) or 0.0 for v in variants)
            ),
        )[:TOP_OPDS]
        desks += [VERIFY_DESK] if VERIFY_DESK in base_opd else []
    chart = _chart(
        pygal.Bar,
        t,
        title,
        x_label_rotation=30,
        value_formatter=_percent(t),
        y_title="%",
    )
    chart.x_labels = desks
    for v in variants:
        values = []
        for code in desks:
            mean = _num(v["opd"].get(code, {}).get(figure, {}).get("mean"))
            values.append(None if mean is None else 100 * mean)
        chart.add(v["name"], values)
    return render_svg(chart)


def _ttfr(result: Mapping[str, Any], t: ChartText) -> str:
    variants = _variants(result)
    edges = variants[0]["charts"]["ttfr"]["edges"]
    labels = [
        f"{t.number(a, 0)}–{t.number(b, 0)}" for a, b in zip(edges, edges[1:], strict=False)
    ] + [f"≥ {t.number(edges[-1], 0)}"]
    chart = _chart(
        pygal.Bar,
        t,
        t.word("ttfr"),
        y_title=t.word("ttfr_y"),
        value_formatter=_count(t),
    )
    chart.x_labels = labels
    for v in variants:
        chart.add(v["name"], [_num(x) for x in v["charts"]["ttfr"]["counts"]])
    return render_svg(chart)


def _staffing(result: Mapping[str, Any], t: ChartText) -> str:
    desks = result.get("desks") or {}
    chart = _chart(
        pygal.Bar,
        t,
        t.word("staffing"),
        x_label_rotation=30,
        y_title=t.word("officers"),
        value_formatter=lambda x: t.number(x, 0),
    )
    chart.x_labels = list(desks)
    for key, field in (
        ("current", "current"),
        ("erlang", "erlang_c_guess"),
        ("simulated", "officers"),
    ):
        chart.add(t.word(key), [_num(d.get(field)) for d in desks.values()])
    return render_svg(chart)


def chart_svg(result: Mapping[str, Any], which: str, t: ChartText, variant: int = 0) -> str:
    """One chart of a job's result as an SVG string: ``backlog``, ``sla_opd``, ``utilization``
    or ``ttfr`` of a comparison, or ``stages`` (variant number ``variant``'s open reports by
    stage); for a staffing result only ``utilization`` (officers now, the Erlang-C guess and the
    simulated answer per desk). Raises ValueError for anything else."""
    if which not in (*CHARTS, "stages"):
        raise ValueError(f"unknown chart {which!r}; choose one of {', '.join(CHARTS)}")
    if "desks" in result and "variants" not in result:
        if which != "utilization":
            raise ValueError(f"a staffing result has no {which!r} chart, only 'utilization'")
        return _staffing(result, t)
    if not _variants(result):
        raise ValueError("the result has no variants to draw")
    if which == "backlog":
        return _backlog(result, t)
    if which == "stages":
        return _stages(result, t, variant)
    if which == "sla_opd":
        return _desk_bars(result, t, "followup_sla_met", t.word("sla_opd"))
    if which == "utilization":
        return _desk_bars(result, t, "utilization", t.word("utilization"))
    return _ttfr(result, t)


def chart_title(
    which: str, t: ChartText, result: Mapping[str, Any] | None = None, variant: int = 0
) -> str:
    """The label of a chart for a page's heading or alt text (given the result, it names what
    that result's chart shows: the comparison's backlog, or one variant's stages)."""
    variants = _variants(result) if result is not None else []
    if which == "backlog" and len(variants) > 1:
        return t.word("backlog_compare")
    if which == "stages":
        title = t.word("backlog_title")
        return f"{title}: «{variants[variant]['name']}»" if variants else title
    key = {"backlog": "backlog_title", "sla_opd": "sla_opd"}.get(which, which)
    return t.word(key) if key in WORDS else t.word(f"kpi:{which}")
