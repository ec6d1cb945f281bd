"""What every chart of the project shares: pygal made safe to import, one look, and SVG that keeps
no script and no comment (pygal's comments hold web addresses; the pages work offline).
The planner's charts (sandbox.planner.charts) and the backtest's (simulator.backtest_chart) draw
with these."""

from __future__ import annotations

import re
import sys
from typing import Any

import pygal
from pygal.style import Style

# pygal appends a legacy import finder (for its map plugins, unused here) to sys.meta_path; on
# Python 3.11 every later import that no other finder resolves then raises an ImportWarning —
# an error under the test suite's -W error, noise in the server's log. Take it out again.
sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]

#: Okabe–Ito colours: told apart by colour-blind readers and in black-and-white print
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")


def chart_style(**changes: Any) -> Style:
    """The project's chart style (white, dark text, system fonts, Okabe–Ito colours), with
    ``changes`` (e.g. other colours or font sizes)."""
    look: dict[str, Any] = {
        "background": "white",
        "plot_background": "white",
        "foreground": "#222222",
        "foreground_strong": "#000000",
        "foreground_subtle": "#888888",
        "font_family": "system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
        "colors": COLOURS,
    }
    return Style(**(look | changes))


def clean_svg(svg: str) -> str:
    """The SVG without pygal's comments and its config script."""
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    return re.sub(r"<script\b.*?</script>", "", svg, flags=re.S)


def render_svg(chart: Any) -> str:
    """A pygal chart as clean SVG text."""
    return clean_svg(chart.render(is_unicode=True))
