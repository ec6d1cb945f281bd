"""One guard for every CSV the project writes: a cell a spreadsheet would run as a formula is
written as text instead.

Excel and LibreOffice read a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or line
break before one of them) as a formula — ``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0`` — so a display
name, a report title or an OPD name from an uploaded scenario could run in the facilitator's
spreadsheet. Such text gets a leading apostrophe, which the spreadsheet shows as plain text (OWASP's
"CSV injection" advice). Numbers stay numbers: only text is ever quoted. The workshop exports
(:mod:`sandbox.export`), the planner's (:mod:`sandbox.planner.export`) and the simulator's command
line (:mod:`simulator.export`, :mod:`simulator.report`) all write their cells through
:func:`safe_cell`.
"""

from __future__ import annotations

import math
from typing import Any

#: first characters that make a spreadsheet read a cell as a formula (the full-width forms too,
#: which some locales' input methods turn into the ASCII ones)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> Any:
    """A value ready for a CSV cell: empty for None and non-finite numbers, text that would run
    as a formula prefixed with an apostrophe, anything else unchanged."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV row (a mapping of column to value) with every cell through :func:`safe_cell`."""
    return {k: safe_cell(v) for k, v in row.items()}
