"""The debrief (after-action review) page: where routing went wrong, which replies taught most,
what the routing policies would have achieved on the same caseload, one participant's timeline.

Charts are drawn on the server as HTML tables with shaded cells and their numbers (no JavaScript).
"""

from __future__ import annotations

import math
from typing import Any

from flask import g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

import sandbox as sb
from scenarios import sla

from .auth import FACILITATOR, role_required
from .db import get_db
from .display import decimal, percent
from .facilitator import bp, own_workshop
from .planner_text import kpi_word

SHADES = 5  # heat levels of a matrix cell besides 0
_KIND = {"share": "share", "cases": "count"}


def _kpi_label(name: str) -> str:
    """A KPI's label in the page's language (the one table's), capitalised."""
    text = kpi_word(name)
    return text[:1].upper() + text[1:]


#: the KPIs set side by side, from the KPI table (scenarios.sla): label, and how a value reads —
#: a share as a percentage, a count whole, anything else with two decimals
KPIS: dict[str, tuple[Any, str]] = {
    name: (LazyString(_kpi_label, name), _KIND.get(sla.KPI_BY_NAME[name].unit, "ratio"))
    for name in sla.kpis_shown("debrief")
}
POLICIES = {
    "perfect": _l("Selalu tepat"),
    "verifier": _l("Verifikator biasa"),
    "category-table": _l("Tabel kategori"),
    "keyword": _l("Kata kunci"),
    "least-loaded": _l("Antrean terpendek"),
    "reporter-selected": _l("Pilihan pelapor"),
    "suggestion": _l("Saran otomatis"),
}


def matrix(confusion: dict[str, dict[str, int]]) -> dict[str, Any]:
    """Rows (correct OPD), columns (chosen) and cells with count, shade level and hit/miss."""
    rows = sorted(confusion)
    cols = rows + sorted({c for chosen in confusion.values() for c in chosen} - set(rows))
    top = max((n for chosen in confusion.values() for n in chosen.values()), default=0)
    cells = {
        (r, c): (n, math.ceil(SHADES * n / top) if n else 0, r == c)
        for r in rows
        for c in cols
        for n in [confusion[r].get(c, 0)]
    }
    totals = {r: sum(confusion[r].values()) for r in rows}
    return {"rows": rows, "cols": cols, "cells": cells, "totals": totals}


def number(value: float | None, kind: str) -> str:
    """A KPI for the table: a share as a percentage, a count whole, a ratio with two decimals."""
    if value is None:
        return "–"
    if kind == "share":
        return percent(value, 0)
    return decimal(value, 0 if kind == "count" else 2)


def reply_pairs(
    samples: list[tuple[dict[str, Any], dict[str, Any] | None]],
) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Exemplary next to weak replies, best first against weakest first.

    With few replies the sandbox puts them all on the exemplary side; split them in halves here.
    """
    found = {r["id"]: r for pair in samples for r in pair if r is not None}
    ranked = sorted(found.values(), key=lambda r: (-r["score"], r["id"]))
    half = math.ceil(len(ranked) / 2)
    best, weak = ranked[:half], list(reversed(ranked[half:]))
    return [(b, weak[i] if i < len(weak) else None) for i, b in enumerate(best)]


@bp.route("/latihan/<int:workshop_id>/debrief")
@role_required(FACILITATOR)
def debrief(workshop_id: int) -> str:
    """Show the debrief: confusion matrix, common mistakes, replies, counterfactual, a timeline."""
    ws = own_workshop(workshop_id)
    db = get_db()
    people = [p for p in sb.participants_of(db, ws.id) if p.role != "observer"]
    chosen = request.args.get("peserta", type=int)
    person = next((p for p in people if p.id == chosen), None)
    review = sb.debrief(
        db, ws.id, facilitator_id=g.facilitator_id, participant_id=person.id if person else None
    )
    policies = [(name, POLICIES.get(name, name)) for name in review.counterfactual]
    return render_template(
        "facilitator/debrief.html",
        ws=ws,
        review=review,
        grid=matrix(review.confusion),
        pairs=reply_pairs(review.replies),
        kpis=KPIS,
        policies=policies,
        number=number,
        people=people,
        person=person,
    )
