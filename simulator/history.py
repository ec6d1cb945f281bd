"""A kabupaten's history of reports: the two exchange formats, and reading them (cells and
timestamps: :mod:`simulator.history_cells`; writing: :mod:`simulator.history_write`).

**(a) Event log** — one row per status change, the shape of ``python -m simulator run --events``
with three optional columns: ``case_id, activity, timestamp, resource, category, channel,
report_type``. ``activity`` is ``masuk`` (the report arrives) or one of the lifecycle's action
names (:data:`scenarios.lifecycle.ACTIONS`: ``disposisi``, ``terima``, ``kembalikan``,
``tindak_lanjut`` …); ``timestamp`` is ISO 8601 with the zone's offset; ``resource`` is the unit
(OPD code or name). pm4py's column names and Indonesian ones (``id_laporan, aktivitas, waktu,
unit, kategori, kanal, jenis``) are read too.

**(b) Per-report table** — one row per report as an instance exports it, with Indonesian headers
(:data:`TABLE_COLUMNS`, adjustable by a column mapping). It carries no returns: the return rate
cannot be estimated from it.

Both are read from CSV (comma or semicolon, UTF-8 with or without BOM) or ``.xlsx``. A row that
cannot be used is rejected with its row number (as a spreadsheet numbers it, the header being row
1) and the reason; a row used after a repair (another time zone, an Excel date serial, rows out of
order) gets a note. Nothing is dropped silently: ``rows_read = rows_used + rows_rejected``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from scenarios import Scenario
from scenarios.calendar import WorkCalendar
from scenarios.lifecycle import ACTIONS, INITIAL_STATE, STATES, TRANSITIONS
from scenarios.timebase import calendar_for

from .history_cells import HistoryError, norm, parse_time, read_rows

ARRIVAL = "masuk"  # the activity of a report's arrival (a state, not an action)
#: the verifier's decisions on a new report: the lifecycle's actions from its first state
DECISIONS: tuple[str, ...] = tuple(t.action for t in TRANSITIONS if t.source == INITIAL_STATE)
#: routing a report: to an OPD, to another tier's office, or to the wrong one
ROUTINGS = ("disposisi", "bukan_wewenang", "teruskan_keliru")
#: a routing undone: returned by the OPD, or by the wrong office of another tier
RETURNS = ("kembalikan", "teruskan_keliru")
ACTIVITIES: tuple[str, ...] = (ARRIVAL, *ACTIONS)
#: activities whose unit is no OPD (the reporter or the system acts)
UNITLESS = frozenset({ARRIVAL, "lengkapi", "kedaluwarsa", "selesai_otomatis", "balas"})
#: activities that name the unit they concern (an OPD, or the office a report is forwarded to)
NEEDS_UNIT = frozenset(
    {
        "disposisi",
        "bukan_wewenang",
        "terima",
        "kembalikan",
        "tanggapan_awal",
        "tindak_lanjut",
        "proses_ulang",
    }
)
EVENT_COLUMNS = (
    "case_id",
    "activity",
    "timestamp",
    "resource",
    "category",
    "channel",
    "report_type",
)
_EVENT_ALIASES = {
    "case_id": ("case_id", "case:concept:name", "id_laporan", "nomor_laporan", "report_id", "id"),
    "activity": ("activity", "concept:name", "aktivitas", "tindakan"),
    "timestamp": ("timestamp", "time:timestamp", "waktu", "tanggal"),
    "resource": ("resource", "org:resource", "unit", "instansi", "opd"),
    "category": ("category", "kategori"),
    "channel": ("channel", "kanal"),
    "report_type": ("report_type", "jenis", "jenis_laporan"),
}
#: format (b): field -> default Indonesian header
TABLE_COLUMNS: dict[str, str] = {
    "id": "Nomor Laporan",
    "received": "Tanggal Laporan",
    "channel": "Kanal",
    "category": "Kategori",
    "report_type": "Jenis Laporan",
    "unit": "Instansi Tujuan",
    "disposed": "Tanggal Disposisi",
    "response": "Tanggal Tanggapan",
    "followup": "Tanggal Tindak Lanjut",
    "closed": "Tanggal Selesai",
    "status": "Status",
}
#: final status of a report (format b) -> the action that ended it
_STATUS_ACTION = {
    "selesai": "selesai_otomatis",
    "diteruskan": "bukan_wewenang",
    "diarsipkan": "arsipkan",
    "digabung": "duplikat",
}
MAX_ROWS = 500_000
MAX_UPLOAD_BYTES = (
    8 * 1024 * 1024
)  #: largest history file the planner page takes (the CLI has no limit)


@dataclass(frozen=True, slots=True)
class Issue:
    """A row rejected (``rejected=True``) or used with a note."""

    row: int
    rejected: bool
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {'rejected' if self.rejected else 'note'}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Event:
    """One status change: instant in hours since local midnight of the history's first day."""

    case_id: str
    activity: str
    at: float
    unit: str
    row: int


@dataclass(slots=True)
class HistoryCase:
    """One report and its status changes in time order."""

    id: str
    category: str | None = None
    channel: str | None = None
    report_type: str | None = None
    events: list[Event] = field(default_factory=list)

    @property
    def arrived_at(self) -> float | None:
        """Instant of the arrival row (None when the history has none for this report)."""
        return next((e.at for e in self.events if e.activity == ARRIVAL), None)


@dataclass
class History:
    """A read history: its reports, its period and every row's fate."""

    cases: dict[str, HistoryCase]
    start: date
    days: int
    cal: WorkCalendar
    rows_read: int
    rows_rejected: int
    issues: list[Issue]
    source: str = "events"  # or "table"

    @property
    def rows_used(self) -> int:
        return self.rows_read - self.rows_rejected

    @property
    def end(self) -> float:
        """End of the period in hours since its start."""
        return self.days * 24.0

    def totals(self) -> str:
        """The one-line account of the rows."""
        notes = sum(not i.rejected for i in self.issues)
        return (
            f"{self.rows_read} rows read, {self.rows_used} used, {self.rows_rejected} rejected"
            f" ({notes} notes); {len(self.cases)} reports, {self.start} + {self.days} days"
        )


# ---------------------------------------------------------------------------- units, categories
class _Names:
    """The scenario's units and categories by code or name, case-insensitively."""

    def __init__(self, s: Scenario) -> None:
        self.units = {norm(c): c for c in s.opds}
        self.units.update({norm(o.name): c for c, o in s.opds.items()})
        self.units.update({norm(w): w.upper() for w in ("verifikasi",)})
        self.categories = {norm(c): c for c in s.categories}
        self.categories.update({norm(c.label): code for code, c in s.categories.items()})

    def unit(self, text: Any) -> tuple[str | None, str | None]:
        key = norm(text)
        if key in self.units:
            return self.units[key], None
        close = difflib.get_close_matches(key, list(self.units), n=1, cutoff=0.8)
        hint = f" (did you mean {self.units[close[0]]}?)" if close else ""
        return None, f"unknown unit {str(text)!r}{hint}"

    def category(self, text: Any) -> str | None:
        return self.categories.get(norm(text)) if text not in (None, "") else None


# ---------------------------------------------------------------------------- the reader
def _columns(header: list[str], aliases: Mapping[str, Iterable[str]]) -> dict[str, int]:
    index = {norm(h): i for i, h in enumerate(header)}
    out = {}
    for name, names in aliases.items():
        for a in names:
            if norm(a) in index:
                out[name] = index[norm(a)]
                break
    return out


def read_history(
    path: Path | str,
    scenario: Scenario,
    *,
    columns: Mapping[str, str] | None = None,
    data: bytes | None = None,
    period: tuple[date, int] | None = None,
) -> History:
    """Read a history file (format a or b, told apart by its header) against a scenario's units,
    categories and calendar. ``columns`` maps format (b) fields to other headers; ``period``
    (first day, days) fixes the period, else it runs from the first arrival's day to the last
    row's."""
    header, rows = read_rows(path, data)
    tz = calendar_for(scenario).tzinfo
    names = _Names(scenario)
    ev_cols = _columns(header, _EVENT_ALIASES)
    if {"case_id", "activity", "timestamp"} <= set(ev_cols):
        return _read_events(rows, ev_cols, scenario, names, tz).history("events", period)
    mapping = {**TABLE_COLUMNS, **(columns or {})}
    tab_cols = _columns(header, {f: (h,) for f, h in mapping.items()})
    missing = [mapping[f] for f in ("id", "received") if f not in tab_cols]
    if missing:
        raise HistoryError(
            "neither an event log (columns case_id, activity, timestamp) nor a per-report table "
            f"(missing column {', '.join(repr(m) for m in missing)}; found {', '.join(header)})"
        )
    return _read_table(rows, tab_cols, scenario, names, tz).history("table", period)


class _Collector:
    """Rows turned into events, with every rejection and note on record."""

    def __init__(self, scenario: Scenario, names: _Names, tz: timezone) -> None:
        self.s, self.names, self.tz = scenario, names, tz
        self.issues: list[Issue] = []
        self.read = self.rejected = 0
        self.raw: list[tuple[str, str, datetime, str, int]] = []
        self.attrs: dict[str, dict[str, str | None]] = {}
        self.seen: dict[tuple[str, str, datetime, str], int] = {}

    def reject(self, row: int, reason: str) -> None:
        self.rejected += 1
        self.issues.append(Issue(row, True, reason))

    def note(self, row: int, reason: str) -> None:
        self.issues.append(Issue(row, False, reason))

    def attributes(self, row: int, case_id: str, cells: Mapping[str, Any]) -> None:
        a = self.attrs.setdefault(case_id, {"category": None, "channel": None, "report_type": None})
        cat = cells.get("category")
        if cat not in (None, ""):
            code = self.names.category(cat)
            if code is None:
                self.note(row, f"unknown category {str(cat)!r} ignored")
            else:
                a["category"] = code
        for f in ("channel", "report_type"):
            v = cells.get(f)
            if v not in (None, ""):
                a[f] = str(v).strip().lower()

    def event(self, row: int, case_id: str, activity: str, when: Any, unit: Any) -> bool:
        """One status change; False (and a rejection) when it cannot be used."""
        dt, note, error = parse_time(when, self.tz)
        if error:
            self.reject(row, f"{activity}: {error}")
            return False
        code = ""
        if activity not in UNITLESS and unit not in (None, ""):
            code, problem = self.names.unit(unit)
            if code is None:
                self.reject(row, problem or "unknown unit")
                return False
        elif activity in NEEDS_UNIT:
            self.reject(row, f"{activity}: no unit given")
            return False
        assert dt is not None
        key = (case_id, activity, dt, code)
        if key in self.seen:
            self.reject(row, f"duplicate of row {self.seen[key]}")
            return False
        self.seen[key] = row
        if note:
            self.note(row, note)
        self.raw.append((case_id, activity, dt, code, row))
        return True

    def history(self, source: str, period: tuple[date, int] | None = None) -> History:
        arrivals = [dt for _, a, dt, _, _ in self.raw if a == ARRIVAL]
        if period is not None:
            first, days = period
        elif not arrivals:
            raise HistoryError("no usable arrival (masuk) row: nothing to fit")
        else:
            first = min(arrivals).date()
            last = max(dt for _, _, dt, _, _ in self.raw).date()
            days = (last - first).days + 1
        cal = calendar_for(self.s, first)
        cases: dict[str, HistoryCase] = {}
        last_at: dict[str, float] = {}
        for case_id, activity, dt, code, row in self.raw:
            t = cal.to_hours(dt)
            if t < 0 or t > days * 24.0:
                self.reject(row, f"{activity} outside the history's period")
                continue
            a = self.attrs.get(case_id, {})
            case = cases.setdefault(case_id, HistoryCase(case_id, **a))
            if case_id in last_at and t < last_at[case_id] - 1e-9:
                self.note(row, "earlier than the report's previous row: put in time order")
            last_at[case_id] = max(t, last_at.get(case_id, t))
            case.events.append(Event(case_id, activity, t, code, row))
        for case in cases.values():
            case.events.sort(key=lambda e: (e.at, e.activity != ARRIVAL))
            arrived = case.arrived_at
            if arrived is None:
                for e in case.events:
                    self.note(
                        e.row, "the report has no arrival (masuk) row: used for durations only"
                    )
                continue
            early = [e for e in case.events if e.at < arrived - 1e-9]
            for e in early:
                self.reject(e.row, f"{e.activity} before the report arrived")
            if early:
                case.events = [e for e in case.events if e not in early]
        self.issues.sort(key=lambda i: (i.row, not i.rejected))
        return History(cases, first, days, cal, self.read, self.rejected, self.issues, source)


def _cell(row: list[Any], cols: Mapping[str, int], name: str) -> Any:
    i = cols.get(name)
    if i is None or i >= len(row):
        return None
    v = row[i]
    return v.strip() if isinstance(v, str) else v


def _read_events(
    rows: Iterable, cols: dict[str, int], scenario: Scenario, names: _Names, tz: timezone
) -> _Collector:
    col = _Collector(scenario, names, tz)
    for n, row in rows:
        if not any(v not in (None, "") for v in row):
            continue  # a blank line is no row
        col.read += 1
        if col.read > MAX_ROWS:
            raise HistoryError(f"more than {MAX_ROWS} rows: split the history")
        case_id = str(_cell(row, cols, "case_id") or "").strip()
        activity = norm(_cell(row, cols, "activity"))
        if not case_id:
            col.reject(n, "no report id")
            continue
        if activity not in ACTIVITIES:
            close = difflib.get_close_matches(activity, ACTIVITIES, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            col.reject(n, f"unknown activity {activity!r}{hint}")
            continue
        cells = {f: _cell(row, cols, f) for f in ("category", "channel", "report_type")}
        if col.event(
            n, case_id, activity, _cell(row, cols, "timestamp"), _cell(row, cols, "resource")
        ):
            col.attributes(n, case_id, cells)
    return col


def _status(text: Any) -> str | None:
    key = norm(text)
    for sid, st in STATES.items():
        if key in (sid, norm(st.label_id), norm(st.label_en)):
            return sid
    return None


def _read_table(
    rows: Iterable, cols: dict[str, int], scenario: Scenario, names: _Names, tz: timezone
) -> _Collector:
    col = _Collector(scenario, names, tz)
    for n, row in rows:
        if not any(v not in (None, "") for v in row):
            continue
        col.read += 1
        if col.read > MAX_ROWS:
            raise HistoryError(f"more than {MAX_ROWS} rows: split the history")
        case_id = str(_cell(row, cols, "id") or "").strip()
        if not case_id:
            col.reject(n, "no report number")
            continue
        if case_id in col.attrs:
            col.reject(n, f"report {case_id} appears twice")
            continue
        before = col.rejected
        if not col.event(n, case_id, ARRIVAL, _cell(row, cols, "received"), None):
            continue
        col.attributes(
            n, case_id, {f: _cell(row, cols, f) for f in ("category", "channel", "report_type")}
        )
        unit = _cell(row, cols, "unit")
        status_text = _cell(row, cols, "status")
        status = _status(status_text) if status_text not in (None, "") else None
        if status_text not in (None, "") and status is None:
            col.note(n, f"unknown status {str(status_text)!r}: the report is read as open")
        steps = [
            ("disposisi", "disposed"),
            ("terima", "response"),
            ("tindak_lanjut", "followup"),
        ]
        if status == "diteruskan":
            steps = []
        for activity, f in steps:
            if _cell(row, cols, f) not in (None, ""):
                col.event(n, case_id, activity, _cell(row, cols, f), unit)
        end_action = _STATUS_ACTION.get(status or "")
        if end_action:
            when = _cell(row, cols, "closed") or _cell(row, cols, "disposed")
            col.event(n, case_id, end_action, when, unit)
        elif status == "ditunda":
            col.event(
                n,
                case_id,
                "tunda",
                _cell(row, cols, "closed") or _cell(row, cols, "received"),
                None,
            )
        if col.rejected > before:  # one cell failed: the row counts once as rejected
            col.rejected = before + 1
    return col
