"""A workshop table as a facilitator opens it in a spreadsheet in their own locale.

The sandbox gives rows of codes and plain numbers (:func:`sandbox.export_rows`); here they get
translated headers and the user's number style. In Indonesian the CSV is separated by ``;`` with
decimal commas (what Excel with an Indonesian locale expects; a comma-separated file opens there
as one column); in English by ``,`` with decimal points. The ``.xlsx`` keeps numbers as numbers,
so any Excel shows them in its own locale. Both guard text against formulas
(:func:`simulator.spreadsheet.safe_cell`).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

from babel.numbers import format_decimal, get_decimal_symbol
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font

from sandbox.records import SCORE_KINDS
from simulator.spreadsheet import safe_cell

from .i18n import lang

HEADERS: dict[str, Any] = {
    # results
    "rank": _l("Peringkat"),
    "display_name": _l("Nama"),
    "alias": _l("Nama samaran"),
    "role": _l("Peran"),
    "opd": _l("OPD"),
    "team": _l("Tim"),
    "points": _l("Poin"),
    "max_points": _l("Poin maksimum"),
    "percent": _l("Persen"),
    "cases": _l("Kasus"),
    "mistakes": _l("Kesalahan"),
    # cases
    "case_id": _l("Nomor kasus"),
    "received": _l("Diterima"),
    "channel": _l("Kanal"),
    "report_title": _l("Judul dari pelapor"),
    "kecamatan": _l("Kecamatan"),
    "desa": _l("Desa"),
    "state": _l("Status"),
    "title": _l("Judul"),
    "category": _l("Kategori"),
    "assigned_opd": _l("OPD tujuan"),
    "hops": _l("Perpindahan"),
    "viral": _l("Viral"),
    "key_action": _l("Kunci: keputusan"),
    "key_opd": _l("Kunci: OPD"),
    "key_acceptable": _l("Kunci: OPD rekan"),
    "key_category": _l("Kunci: kategori"),
    "key_anonim": _l("Kunci: anonim"),
    "key_rahasia": _l("Kunci: rahasia"),
    "decision": _l("Keputusan"),
    "chosen": _l("Tujuan dipilih"),
    "decided_by": _l("Diputuskan oleh"),
    "routing_credit": _l("Nilai disposisi"),
    "verification_on_time": _l("Verifikasi tepat waktu"),
    "followup_on_time": _l("Tindak lanjut tepat waktu"),
    "reply_score": _l("Nilai jawaban"),
    # events
    "id": _l("Nomor"),
    "action": _l("Tindakan"),
    "actor_kind": _l("Jenis pelaku"),
    "actor_id": _l("Nomor pelaku"),
    "actor_role": _l("Peran pelaku"),
    "actor_label": _l("Pelaku"),
    "from_state": _l("Dari status"),
    "to_state": _l("Ke status"),
    "case_version": _l("Versi kasus"),
    "sim_at": _l("Jam simulasi (jam)"),
    "sim_time": _l("Waktu simulasi"),
    "real_at": _l("Waktu nyata"),
    "bulk_id": _l("Aksi massal"),
    "payload": _l("Rincian (JSON)"),
}
_KIND_HEADERS = {
    "routing": _l("Poin keputusan disposisi"),
    "classification": _l("Poin klasifikasi"),
    "timeliness": _l("Poin ketepatan waktu"),
    "reply": _l("Poin mutu jawaban"),
    "penalty": _l("Poin pengurangan"),
}
assert set(_KIND_HEADERS) == set(SCORE_KINDS)  # one header per kind of score item
HEADERS.update({f"{k}_points": v for k, v in _KIND_HEADERS.items()})


def header(column: str) -> str:
    """A column's name in the user's language (the column id when none is known)."""
    return str(HEADERS.get(column, column))


def _number(value: float | int) -> str:
    """A number as the locale writes it in a cell: no thousands separator, its own decimals."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return format_decimal(0.0 if value == 0 else value, format="0.######", locale=lang())


def csv_text(records: Sequence[dict[str, Any]]) -> str:
    """The rows as CSV text (BOM first) in the user's locale: separator, decimals and headers."""
    out = io.StringIO()
    out.write("\ufeff")
    if not records:
        return out.getvalue()
    columns = list(records[0])
    # where the decimal mark is a comma (Indonesian), Excel separates list items with ";"
    sep = ";" if get_decimal_symbol(lang()) == "," else ","
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow([safe_cell(header(c)) for c in columns])
    for row in records:
        writer.writerow(_csv_cell(row.get(c)) for c in columns)
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, (int, float)):
        return _number(value)
    return value


def xlsx_bytes(records: Sequence[dict[str, Any]], title: str) -> bytes:
    """The rows as an Excel workbook: a bold, frozen header row; numbers as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    columns = list(records[0]) if records else []
    sheet.append([safe_cell(header(c)) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in records:
        sheet.append([_xlsx_cell(row.get(c)) for c in columns])
    for cell in _text_cells(sheet.iter_rows(min_row=1)):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return safe_cell(value)


def _text_cells(rows: Iterable[Any]) -> Iterable[Any]:
    for row in rows:
        for cell in row:
            if isinstance(cell.value, str):
                yield cell
