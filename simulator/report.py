"""How experiment results are shown: aligned text tables with intervals, JSON, CSV, event logs.

Pure formatting over the dicts of :mod:`simulator.experiment` and :mod:`simulator.staffing`; the
commands in :mod:`simulator.cli_run` only choose which one to call.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

from scenarios import sla
from scenarios.lifecycle import GOVERNMENT_STATES, STATES

from .experiment import SHARES
from .model import Simulation
from .results import KPI_NAMES, as_rows, case_records
from .spreadsheet import safe_cell, safe_row

PERCENT = SHARES | {"utilization"}  # shown as percent
UNITS = {
    "ttfr_working_hours": "working h",
    "ttr_working_days": "HK",
    "wait_hours": "h",
    "handling_hours": "working h",
    "hops_per_case": "hops",
    "escalations_per_case": "",
    "arrivals": "cases",
    "backlog_end": "cases",
}
EVENT_HEADERS = {
    "plain": ("case_id", "activity", "timestamp", "resource"),
    "pm4py": ("case:concept:name", "concept:name", "time:timestamp", "org:resource"),
}
INTERVAL_FIELDS = ("mean", "ci95_low", "ci95_high", "n")


# ------------------------------------------------------------------------------ JSON
def clean(obj: Any) -> Any:
    """Plain JSON values: NaN and infinities become None, tuples lists, keys strings, dates ISO."""
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Mapping):
        return {str(k): clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    return obj


def to_json(obj: Any) -> str:
    """One JSON document (NaN as null), readable and UTF-8 friendly."""
    return json.dumps(clean(obj), ensure_ascii=False, indent=2, allow_nan=False, default=str)


# ------------------------------------------------------------------------------ numbers
def _is_nan(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_value(name: str, x: float | None, signed: bool = False) -> str:
    """A KPI value in its unit: shares as percent, counts and times with sensible decimals."""
    if _is_nan(x):
        return "–"
    sign = "+" if signed else ""
    if name in PERCENT:
        return f"{x * 100:{sign}.1f}" + (" pp" if signed else "%")
    if name in ("arrivals", "backlog_end") or name.endswith("_missed"):
        return f"{x:{sign},.1f}"
    return f"{x:{sign}.2f}"


def fmt_interval(name: str, iv: Mapping[str, float] | None, signed: bool = False) -> str:
    """``mean [low, high]`` of an interval dict; ``mean`` alone when the interval is unknown."""
    if not iv:
        return "–"
    mean = fmt_value(name, iv["mean"], signed)
    if _is_nan(iv["ci95_low"]):
        return mean
    lo, hi = (
        fmt_value(name, iv[k], signed).replace("%", "").replace(" pp", "")
        for k in ("ci95_low", "ci95_high")
    )
    return f"{mean} [{lo}, {hi}]"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], left: int = 1) -> str:
    """An aligned text table; the first ``left`` columns are left-aligned, the rest right."""
    rows = [list(headers), *map(list, rows)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(headers))]

    def line(r: list[str]) -> str:
        cells = [
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    out = [line(rows[0]), "  ".join("─" * w for w in widths)]
    return "\n".join(out + [line(r) for r in rows[1:]])


def _unit(name: str) -> str:
    unit = UNITS.get(name, "")
    return f"{name} ({unit})" if unit else name


# ------------------------------------------------------------------------------ tables
def header(result: Mapping[str, Any]) -> str:
    """The first lines of a report: scenario, policy, period, replications, seed, overrides."""
    text = (
        f"{result.get('title') or result['scenario']} [{result['scenario']}] — policy "
        f"{result['policy']}, {result['days']} days (warm-up {result.get('warmup_days', '?')}), "
        f"{result['replications']} replications, seed {result['seed']}"
    )
    overrides = result.get("overrides") or {}
    return text + "".join(f"\n  --set {k}={v}" for k, v in overrides.items())


def render_kpis(kpi: Mapping[str, Mapping[str, float]]) -> str:
    """The KPI table of one summary: mean and 95% interval per KPI."""
    rows = [(_unit(name), fmt_interval(name, kpi[name])) for name in KPI_NAMES if name in kpi]
    return table(("KPI", "mean [95% interval]"), rows)


OPD_COLUMNS = ("arrivals", "wait_hours", "handling_hours", "utilization", "followup_sla_met")


def render_opds(opd: Mapping[str, Mapping[str, Mapping[str, float]]]) -> str:
    """Per desk figures (desks that saw no case in any replication are left out)."""
    shown = {
        c: f
        for c, f in opd.items()
        if not _is_nan(f["arrivals"]["mean"]) and f["arrivals"]["mean"] > 0
    }
    rows = [
        (code, *(fmt_interval(col, figs.get(col)) for col in OPD_COLUMNS))
        for code, figs in shown.items()
    ]
    text = table(("desk", *(_unit(c) for c in OPD_COLUMNS)), rows)
    hidden = len(opd) - len(shown)
    return text + (f"\n({hidden} desks received no case and are not shown)" if hidden else "")


def render_warnings(warnings: Sequence[str]) -> str:
    """The self-check warnings, or a line saying there were none."""
    return (
        "\n".join(["Warnings:", *(f"  ! {w}" for w in warnings)])
        if warnings
        else "Self-checks: all well."
    )


def render_run(result: Mapping[str, Any]) -> str:
    """The default output of ``run``."""
    return "\n\n".join(
        [
            header(result),
            render_kpis(result["kpi"]),
            render_opds(result["opd"]),
            render_warnings(result["warnings"]),
        ]
    )


def render_compare(result: Mapping[str, Any]) -> str:
    """Each variant's KPIs, then the paired differences against the baseline."""
    variants = result["variants"]
    names = [v["name"] for v in variants]
    means = table(
        ("KPI", *names),
        [(_unit(k), *(fmt_interval(k, v["kpi"].get(k)) for v in variants)) for k in KPI_NAMES],
    )
    others = [v for v in variants if v["difference"] is not None]
    diffs = table(
        ("KPI", *(f"{v['name']} − {result['baseline']}" for v in others)),
        [(_unit(k), *(_diff_cell(k, v["difference"][k]) for v in others)) for k in KPI_NAMES],
    )
    warnings = [f"{v['name']}: {w}" for v in variants for w in v["warnings"]]
    return "\n\n".join(
        [
            header(result),
            "Means [95% interval]",
            means,
            "Paired differences [95% interval]; * = the interval excludes 0 (a real difference)",
            diffs,
            render_warnings(warnings),
        ]
    )


def _diff_cell(name: str, iv: Mapping[str, float]) -> str:
    text = fmt_interval(name, iv, signed=True)
    low, high = iv["ci95_low"], iv["ci95_high"]
    star = not _is_nan(low) and (low > 0 or high < 0)
    return text + (" *" if star else "  ")


SWEEP_KPIS = sla.kpis_shown("sweep")


def render_sweep(result: Mapping[str, Any], names: Sequence[str] = SWEEP_KPIS) -> str:
    """One row per grid point, selected KPIs as columns."""
    paths = list(result["grid"])
    rows = [
        (*(str(p["point"][k]) for k in paths), *(fmt_interval(n, p["kpi"].get(n)) for n in names))
        for p in result["points"]
    ]
    warnings = [f"{_point_label(p['point'])}: {w}" for p in result["points"] for w in p["warnings"]]
    return "\n\n".join(
        [
            header(result),
            table((*paths, *(_unit(n) for n in names)), rows, left=len(paths)),
            render_warnings(warnings),
        ]
    )


def _point_label(point: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in point.items())


def render_staffing(result: Mapping[str, Any]) -> str:
    """Per desk: officers now, the Erlang-C guess, the simulated answer and its utilisation."""
    t = result["target"]
    kpi = t["kpi"]
    rows = []
    for code, d in result["desks"].items():
        changed = "" if d["officers"] == d["current"] else f"{d['officers'] - d['current']:+d}"
        rows.append(
            (
                code,
                str(d["current"]),
                str(d["erlang_c_guess"]),
                str(d["officers"]),
                changed,
                fmt_interval("utilization", d["utilization"]),
                fmt_interval(kpi, d["target_share"]),
            )
        )
    answer = "answer" if result["met"] else "last tried"
    desks = table(("desk", "now", "Erlang C", answer, "change", "utilization", kpi), rows)
    v = result["verification"]
    lines = [
        header(result),
        f"Target: {kpi} {t['direction']} {fmt_value(kpi, t['value'])} "
        f"({'95% interval bound' if t['criterion'] == 'lower' else 'mean'}), no desk overloaded",
        desks,
        f"{kpi} with this staffing: {fmt_interval(kpi, result['kpi'][kpi])}",
        f"Verification run (seed {v['seed']}): {fmt_interval(kpi, v['kpi'])} — "
        f"{'holds' if v['met'] else 'does NOT hold'}",
        f"Result: {result['message']} after {result['iterations']} of at most "
        f"{result['max_iterations']} configurations.",
        render_warnings(result["warnings"]),
    ]
    return "\n\n".join(lines)


# ------------------------------------------------------------------------------ files
def write_intervals_csv(
    path: Path, rows: Iterable[tuple[Sequence[str], Mapping[str, float]]], keys: Sequence[str]
) -> None:
    """Rows of (key columns, interval) as CSV with mean, ci95_low, ci95_high, n."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([*keys, *INTERVAL_FIELDS])
        for key, iv in rows:
            w.writerow([*map(safe_cell, key), *(safe_cell(iv[k]) for k in INTERVAL_FIELDS)])


def write_run_csv(directory: Path, result: Mapping[str, Any], sim: Simulation) -> list[Path]:
    """kpi.csv and opd.csv (all replications), cases.csv and daily.csv (replication 0)."""
    directory.mkdir(parents=True, exist_ok=True)
    kpi_path, opd_path = directory / "kpi.csv", directory / "opd.csv"
    write_intervals_csv(kpi_path, (((k,), iv) for k, iv in result["kpi"].items()), ("kpi",))
    write_intervals_csv(
        opd_path,
        (((code, f), iv) for code, figs in result["opd"].items() for f, iv in figs.items()),
        ("opd", "figure"),
    )
    cases_path = directory / "cases.csv"
    rows = as_rows(case_records(sim))
    with cases_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else ["id"])
        w.writeheader()
        w.writerows(safe_row(r) for r in rows)
    daily_path = directory / "daily.csv"
    with daily_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["day", "date", *STATES, "backlog"])
        for i, counts in enumerate(sim.daily):
            w.writerow(
                [
                    i + 1,
                    sim.cal.date_of(i * 24.0).isoformat(),
                    *(counts.get(s, 0) for s in STATES),
                    sum(counts.get(s, 0) for s in GOVERNMENT_STATES),
                ]
            )
    return [kpi_path, opd_path, cases_path, daily_path]


def write_events(sim: Simulation, out: IO[str], header_style: str = "plain") -> int:
    """The event log of a run recorded with ``record_events=True``, as CSV; returns the count."""
    if sim.events is None:
        raise ValueError("the run was not recorded with record_events=True")
    w = csv.writer(out)
    w.writerow(EVENT_HEADERS[header_style])
    for case_id, activity, t, resource in sim.events:
        when = sim.cal.to_datetime(t).isoformat(timespec="seconds")
        w.writerow([safe_cell(v) for v in (case_id, activity, when, resource)])
    return len(sim.events)
