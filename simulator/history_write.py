"""Writing a history: format (a), the event log, and format (b), the per-report table with
Indonesian headers (:mod:`simulator.history` reads both)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import IO, Any

from scenarios.lifecycle import STATES

from .history import ARRIVAL, EVENT_COLUMNS, TABLE_COLUMNS
from .spreadsheet import safe_cell


def write_events(history_rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    """Format (a) as CSV; returns the number of rows."""
    w = csv.writer(out)
    w.writerow(EVENT_COLUMNS)
    n = 0
    for r in history_rows:
        w.writerow([safe_cell(r.get(c)) for c in EVENT_COLUMNS])
        n += 1
    return n


def table_rows(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Format (b) rows from format (a) rows (timestamps as ISO text with offset)."""
    reports: dict[str, dict[str, Any]] = {}
    for e in events:
        r = reports.setdefault(
            e["case_id"],
            {
                "id": e["case_id"],
                "channel": e.get("channel"),
                "category": e.get("category"),
                "report_type": e.get("report_type"),
                "status": "masuk",
            },
        )
        act, when = e["activity"], _local_text(e["timestamp"])
        if act == ARRIVAL:
            r["received"] = when
        elif act == "disposisi":
            r.setdefault("disposed", when)
            r["unit"] = e["resource"]
            r["status"] = "terdisposisi"
        elif act == "terima":
            r.setdefault("response", when)
            r["status"] = "diproses"
        elif act == "tindak_lanjut":
            r.setdefault("followup", when)
            r["status"] = "ditindaklanjuti"
        elif act in ("bukan_wewenang", "arsipkan", "duplikat", "selesai_otomatis", "kedaluwarsa"):
            r["closed"] = when
            r["status"] = {
                "bukan_wewenang": "diteruskan",
                "duplikat": "digabung",
                "selesai_otomatis": "selesai",
            }.get(act, "diarsipkan")
            if act == "bukan_wewenang":
                r["unit"] = e["resource"]
        elif act == "tunda":
            r["status"] = "ditunda"
        elif act == "lengkapi":
            r["status"] = "masuk"
        elif act == "kembalikan":
            r["status"] = "dikembalikan"
    return list(reports.values())


def _local_text(stamp: str) -> str:
    """An instance's export shows local time without the offset."""
    return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M:%S")


def write_table(
    rows: Iterable[Mapping[str, Any]], out: IO[str], columns: Mapping[str, str] | None = None
) -> int:
    """Format (b) as CSV with Indonesian headers (``columns`` renames them); returns the count.
    The status is written as its Indonesian label."""
    mapping = {**TABLE_COLUMNS, **(columns or {})}
    w = csv.writer(out)
    w.writerow([mapping[f] for f in TABLE_COLUMNS])
    n = 0
    for r in rows:
        cells = {**r, "status": STATES[r["status"]].label_id}
        w.writerow([safe_cell(cells.get(f)) for f in TABLE_COLUMNS])
        n += 1
    return n
