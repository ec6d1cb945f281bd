"""The cells of a history file: rows from CSV or .xlsx, and timestamps in the forms instances
export them (ISO with an offset, ``… WITA``, dd/mm/yyyy, an Excel datetime or date serial)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from scenarios.calendar import TIMEZONES

EXCEL_EPOCH = datetime(1899, 12, 30)  # day 0 of Excel's (1900) date serials


class HistoryError(ValueError):
    """A history file that cannot be read at all (not its rows: those are rejected one by one)."""


def norm(text: Any) -> str:
    """A header, unit or code as compared: lower case, runs of spaces and underscores as one _."""
    return re.sub(r"[\s_]+", "_", str(text or "").strip().lower())


def read_rows(
    path: Path | str, data: bytes | None = None
) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """The header and the (row number, cells) of a CSV or .xlsx file (the first sheet)."""
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HistoryError(f"{path.name}: not UTF-8 text (save the CSV as UTF-8)") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise HistoryError(f"{path.name}: the file is empty")
    return [h.strip() for h in header], ((i, row) for i, row in enumerate(reader, start=2))


def _xlsx_rows(data: bytes) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    import openpyxl  # read .xlsx histories (requirements.txt)

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is no workbook
        raise HistoryError(f"not a readable .xlsx workbook ({type(exc).__name__})") from None
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise HistoryError("the first sheet is empty")
    return [str(h or "").strip() for h in header], (
        (i, list(r)) for i, r in enumerate(rows, start=2)
    )


_ZONE_WORDS = {name: hours for name, hours in TIMEZONES.items()}
_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y",
)


def parse_time(value: Any, tz: timezone) -> tuple[datetime | None, str | None, str | None]:
    """(aware local datetime, note, error) of a cell: ISO with offset, ``… WITA``, dd/mm/yyyy,
    an Excel datetime or a date serial. A naive time is read in the region's zone ``tz``."""
    note = None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None, "missing timestamp"
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, int | float) or re.fullmatch(r"\d{5}(\.\d+)?", str(value).strip()):
        serial = float(value)
        if not 20000 < serial < 80000:
            return None, None, f"a number that is no date: {value!r}"
        dt = EXCEL_EPOCH + timedelta(days=serial)
        dt = dt.replace(microsecond=0)
        note = f"Excel date serial {serial} read as {dt:%Y-%m-%d %H:%M}"
    else:
        text = str(value).strip()
        zone = None
        m = re.fullmatch(r"(.*\S)\s+(WIB|WITA|WIT)", text, re.IGNORECASE)
        if m:
            text, zone = m.group(1), m.group(2).upper()
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            dt = None
            for fmt in _FORMATS:
                try:
                    dt = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            if dt is None:
                return None, None, f"unreadable timestamp {str(value)!r}"
        if zone is not None:
            dt = dt.replace(tzinfo=timezone(timedelta(hours=_ZONE_WORDS[zone]), zone))
    if dt.tzinfo is None:
        return dt.replace(tzinfo=tz), note, None
    if dt.utcoffset() != tz.utcoffset(None):
        note = f"time zone {dt.strftime('%z')} converted to {tz.tzname(None)}"
    return dt.astimezone(tz), note, None
