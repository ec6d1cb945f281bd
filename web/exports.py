"""Taking the workshop home: CSV (UTF-8 with BOM, for Excel) and JSON downloads, a printable
results page and participation certificates (print CSS; no JavaScript needed to print)."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, abort, g, render_template, request

import sandbox as sb

from . import sheets
from .auth import FACILITATOR, role_required
from .db import get_db
from .facilitator import bp, own_workshop

TABLES = {"hasil": "results", "kasus": "cases", "log": "events"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/latihan/<int:workshop_id>/ekspor")
@role_required(FACILITATOR)
def exports(workshop_id: int) -> str:
    """List the downloads and printable pages of the workshop."""
    ws = own_workshop(workshop_id)
    return render_template("facilitator/exports.html", ws=ws, tables=TABLES)


@bp.route("/latihan/<int:workshop_id>/ekspor/<table>.csv")
@role_required(FACILITATOR)
def export_table(workshop_id: int, table: str) -> Response:
    """Download results, cases or the event log as CSV (UTF-8 with a BOM) in the user's locale:
    ``;`` and decimal commas in Indonesian, ``,`` and decimal points in English."""
    ws = own_workshop(workshop_id)
    if table not in TABLES:
        abort(404)
    records = sb.export_rows(get_db(), ws.id, TABLES[table], facilitator_id=g.facilitator_id)
    body = sheets.csv_text(records).encode("utf-8")
    return _download(body, "text/csv", f"lapor-{ws.code}-{table}.csv")


@bp.route("/latihan/<int:workshop_id>/ekspor/<table>.xlsx")
@role_required(FACILITATOR)
def export_xlsx(workshop_id: int, table: str) -> Response:
    """Download results, cases or the event log as an Excel workbook (numbers stay numbers)."""
    ws = own_workshop(workshop_id)
    if table not in TABLES:
        abort(404)
    records = sb.export_rows(get_db(), ws.id, TABLES[table], facilitator_id=g.facilitator_id)
    return _download(sheets.xlsx_bytes(records, table), XLSX, f"lapor-{ws.code}-{table}.xlsx")


@bp.route("/latihan/<int:workshop_id>/ekspor.json")
@role_required(FACILITATOR)
def export_all(workshop_id: int) -> Response:
    """Download everything about the workshop as one JSON document."""
    ws = own_workshop(workshop_id)
    data = sb.export_json(get_db(), ws.id, facilitator_id=g.facilitator_id)
    body = json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    return _download(body, "application/json", f"lapor-{ws.code}.json")


def _standings(ws: sb.Workshop) -> tuple[list[sb.Participant], dict[int, sb.Standing]]:
    db = get_db()
    board = sb.leaderboard(db, ws.id, for_facilitator=True)
    return sb.participants_of(db, ws.id), {s.participant_id: s for s in board.rows}


@bp.route("/latihan/<int:workshop_id>/hasil")
@role_required(FACILITATOR)
def results(workshop_id: int) -> str:
    """Show the results of every participant on one printable page."""
    ws = own_workshop(workshop_id)
    people, standing = _standings(ws)
    ranked = sorted(
        people,
        key=lambda p: (
            p.id not in standing,
            getattr(standing.get(p.id), "rank", 0),
            p.display_name,
        ),
    )
    return render_template("facilitator/results.html", ws=ws, people=ranked, standing=standing)


@bp.route("/latihan/<int:workshop_id>/umpan-balik-peserta")
@role_required(FACILITATOR)
def feedback_sheets(workshop_id: int) -> Any:
    """Show every participant's feedback sheet (or one, ``?peserta=``), a page each in print."""
    ws = own_workshop(workshop_id)
    db = get_db()
    everyone = [p for p in sb.participants_of(db, ws.id) if p.role != "observer"]
    chosen = request.args.get("peserta", type=int)
    people = [p for p in everyone if chosen is None or p.id == chosen]
    if chosen is not None and not people:
        abort(404)
    sheets = [
        (p, sb.feedback_sheet(db, ws.id, p.id, facilitator_id=g.facilitator_id)) for p in people
    ]
    return render_template(
        "facilitator/feedback_sheets.html", ws=ws, sheets=sheets, everyone=everyone, chosen=chosen
    )


@bp.route("/latihan/<int:workshop_id>/sertifikat")
@role_required(FACILITATOR)
def certificates(workshop_id: int) -> Any:
    """Show a participation certificate per participant (or one, ``?peserta=``), a page each in print."""
    ws = own_workshop(workshop_id)
    people, standing = _standings(ws)
    chosen = request.args.get("peserta", type=int)
    if chosen is not None:
        people = [p for p in people if p.id == chosen]
        if not people:
            abort(404)
    return render_template(
        "facilitator/certificates.html",
        ws=ws,
        people=people,
        standing=standing,
        facilitator=sb.display_name(get_db(), ws.facilitator_id),
    )
