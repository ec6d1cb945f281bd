"""The backtest's chart: weekly arrivals and backlog, history against the model, as SVG (pygal,
offline: no script, no web font, no comment), the way the planner draws its charts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pygal

from .svg import chart_style, render_svg

STYLE = chart_style(
    colors=("#000000", "#0072B2", "#56B4E9", "#56B4E9", "#D55E00", "#E69F00", "#E69F00")
)
#: the chart's words by key, in English; a page passes its own language's (web/planner_history.py)
WORDS = {
    "title": "Weekly: history and model (mean, 95% prediction interval)",
    "arr_h": "arrivals — history",
    "arr_m": "arrivals — model",
    "blg_h": "backlog — history",
    "blg_m": "backlog — model",
    "band": "model interval bounds",
}


def backtest_svg(
    result: Mapping[str, Any],
    words: Mapping[str, str] = WORDS,
    day: Callable[[str], str] = str,
) -> str:
    """Weekly arrivals and backlog (reports waiting on the government at each week's end) of the
    history beside the model's mean and 95% prediction bounds, in the caller's ``words``, each
    week's first day (ISO) written by ``day`` (the page's own date style)."""
    chart = pygal.Line(
        js=[],
        disable_xml_declaration=True,
        style=STYLE,
        title=words["title"],
        legend_at_bottom=True,
        show_dots=False,
        x_label_rotation=30,
        show_minor_x_labels=False,
        width=900,
        height=480,
    )
    weeks = [day(w) for w in result["week_starts"]]
    chart.x_labels = weeks
    chart.x_labels_major = weeks[::4]
    arr, blg = result["series"]["weekly_arrivals"], result["series"]["weekly_backlog"]
    chart.add(words["arr_h"], arr["history"], stroke_style={"width": 2})
    chart.add(words["arr_m"], arr["model_mean"])
    chart.add(
        words["band"], [max(v, 0) for v in arr["model_low"]], stroke_style={"dasharray": "3,3"}
    )
    chart.add(None, arr["model_high"], stroke_style={"dasharray": "3,3"})
    chart.add(words["blg_h"], blg["history"], stroke_style={"width": 2})
    chart.add(words["blg_m"], blg["model_mean"])
    chart.add(None, [max(v, 0) for v in blg["model_low"]], stroke_style={"dasharray": "3,3"})
    return render_svg(chart)
