"""Backtest: does the (fitted) scenario reproduce the history it came from?

The scenario is simulated over the history's period with replications; each replication's run is
turned into a history (:mod:`simulator.history_sim`) and read back, so the history and the model
are measured by the *same* code (:func:`history_kpis`). Each KPI of the history is set beside
the model's 95% **prediction** interval — where one more period of the model would fall, mean ±
t·sd·√(1 + 1/R) over R replications — not the narrower interval of the model's mean: the history
is one period, not an average of many. With a dozen KPIs about one in twenty may fall outside by
chance alone.

The KPIs are those a history shows, read from its status changes with the shared time rules of
:mod:`scenarios.sla` (the same as a run's, docs/model.md). Weekly series cover whole weeks from
the first day.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from statistics import fmean, stdev
from typing import Any

from scenarios import Scenario
from scenarios.lifecycle import TRANSITIONS
from scenarios.sla import (
    FIRST_RESPONSE_ACTIONS,
    RESOLVED,
    VERIFICATION_DECISIONS,
    WAITING_ON_GOVERNMENT,
    followup_due,
    sla_met,
    verification_due,
)

from .experiment import run_replication
from .history import ARRIVAL, Event, History, read_history
from .history_sim import history_rows
from .history_write import write_events
from .stats import t_quantile

_TARGET = {t.action: t.target for t in TRANSITIONS}
KPI_UNITS = {
    "arrivals": "reports",
    "verification_sla_met": "share",
    "followup_sla_met": "share",
    "ttfr_p50": "working h",
    "ttfr_p90": "working h",
    "resolution_p50": "HK",
    "resolution_p90": "HK",
    "backlog_mean": "reports",
    "backlog_end": "reports",
}


def _quantile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    xs = sorted(values)
    pos = q * (len(xs) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _replay(evs: Sequence[Event], arrived: float, end: float, instants: Sequence[float]) -> dict:
    """Walk a report's status changes: its state at each of ``instants`` and at ``end`` (None
    before it arrived), whether it is on hold at the end, and when it was last resolved
    (entered a resolved state of :data:`scenarios.sla.RESOLVED` and stayed)."""
    state, k, resolved_at = ARRIVAL, 0, None
    states: list[str | None] = []
    for instant in [*instants, end]:
        while k < len(evs) and evs[k].at <= instant:
            e = evs[k]
            was = state
            state = ARRIVAL if e.activity == ARRIVAL else _TARGET.get(e.activity, state)
            if state not in RESOLVED:
                resolved_at = None
            elif was not in RESOLVED:
                resolved_at = e.at
            k += 1
        states.append(state if instant >= arrived else None)
    return {"states": states, "on_hold": state == "ditunda", "resolved_at": resolved_at}


def history_kpis(h: History, s: Scenario) -> dict[str, Any]:
    """The KPIs of a history: SLA shares, time to first response and to resolution quantiles,
    weekly arrivals and backlog (reports waiting on the government at each week's end), and
    per-OPD load (dispositions received). The time rules are the shared ones
    (:mod:`scenarios.sla`): verification from arrival, paused while on hold; follow-up from the
    first disposition; an SLA counts once its outcome is known at the end."""
    cal, end = h.cal, h.end
    dl = s.sop.deadlines
    verified, followed = [], []
    ttfr, ttr = [], []
    weeks = max(1, h.days // 7)  # whole weeks (a last partial week would look like a drop)
    week_ends = [(w + 1) * 168.0 for w in range(weeks)]
    arrivals_weekly = [0] * weeks
    backlog_weekly = [0] * weeks
    arrivals = backlog_end = 0
    load: Counter = Counter()
    for c in h.cases.values():
        arrived = c.arrived_at
        if arrived is None:
            continue
        arrivals += 1
        if arrived < weeks * 168.0:
            arrivals_weekly[int(arrived // 168)] += 1
        evs = c.events
        walk = _replay(evs, arrived, end, week_ends)
        if not walk["on_hold"]:  # still on hold at the end: its deadline is not known yet
            paused = sum(
                cal.working_hours_between(a.at, b.at)
                for a, b in zip(evs, evs[1:], strict=False)
                if a.activity == "tunda" and b.activity in ("lengkapi", "kedaluwarsa")
            )
            decided = next((e.at for e in evs if e.activity in VERIFICATION_DECISIONS), None)
            met = sla_met(decided, verification_due(cal, arrived, dl, paused), end)
            if met is not None:
                verified.append(met)
        first_disp = next((e.at for e in evs if e.activity == "disposisi"), None)
        if first_disp is not None:
            fu = next((e.at for e in evs if e.activity == "tindak_lanjut"), None)
            met = sla_met(fu, followup_due(cal, first_disp, dl), end)
            if met is not None:
                followed.append(met)
        first = next((e.at for e in evs if e.activity in FIRST_RESPONSE_ACTIONS), None)
        if first is not None:
            ttfr.append(cal.working_hours_between(arrived, first))
        if walk["resolved_at"] is not None:
            ttr.append(cal.working_days_between(arrived, walk["resolved_at"]))
        for e in evs:
            if e.activity == "disposisi":
                load[e.unit] += 1
        *weekly, last = walk["states"]
        for w, state in enumerate(weekly):
            backlog_weekly[w] += state in WAITING_ON_GOVERNMENT
        backlog_end += last in WAITING_ON_GOVERNMENT
    return {
        "arrivals": float(arrivals),
        "verification_sla_met": _share(verified),
        "followup_sla_met": _share(followed),
        "ttfr_p50": _quantile(ttfr, 0.5),
        "ttfr_p90": _quantile(ttfr, 0.9),
        "resolution_p50": _quantile(ttr, 0.5),
        "resolution_p90": _quantile(ttr, 0.9),
        "backlog_mean": fmean(backlog_weekly),
        "backlog_end": float(backlog_end),
        "weekly_arrivals": arrivals_weekly,
        "weekly_backlog": backlog_weekly,
        "opd_load": dict(load),
    }


def simulated_histories(
    s: Scenario, start: date, days: int, replications: int, seed: int
) -> Iterator[History]:
    """``replications`` simulated periods of ``days`` from ``start`` (the scenario's own start),
    each written as a history and read back as one."""
    for i in range(replications):
        sim = run_replication(s, seed, i, days=days, record_events=True)
        buf = io.StringIO()
        write_events(history_rows(sim), buf)
        yield read_history(
            "model.csv", s, data=buf.getvalue().encode("utf-8"), period=(start, days)
        )


def model_histories(s: Scenario, h: History, replications: int, seed: int) -> list[dict[str, Any]]:
    """The KPIs of ``replications`` simulated periods of the history's length from its first day."""
    return [
        history_kpis(mh, s) for mh in simulated_histories(s, h.start, h.days, replications, seed)
    ]


LEVEL = 0.95  # each KPI's prediction interval, and the whole table's joint band


def prediction_interval(
    values: Sequence[float], level: float = LEVEL
) -> tuple[float, float, float]:
    """(mean, low, high): where one more value would fall with probability ``level`` (Student t)."""
    n = len(values)
    m = fmean(values)
    if n < 2:
        return m, m, m
    half = t_quantile(0.5 + level / 2, n - 1) * stdev(values) * math.sqrt(1 + 1 / n)
    return m, m - half, m + half


def _band(unit: str, values: list[float], level: float) -> tuple[float, float, float]:
    m, lo, hi = prediction_interval(values, level)
    if unit == "share":
        lo, hi = max(lo, 0.0), min(hi, 1.0)
    return m, max(lo, 0.0), hi


def _row(name: str, unit: str, hist: float | None, model: list[float]) -> dict[str, Any]:
    values = [v for v in model if v is not None]
    if hist is None or not values:
        return {"kpi": name, "unit": unit, "history": hist, "model": None, "inside": None}
    m, lo, hi = _band(unit, values, LEVEL)
    inside = lo - 1e-9 <= hist <= hi + 1e-9
    return {
        "kpi": name,
        "unit": unit,
        "history": hist,
        "model": [m, lo, hi],
        "inside": inside,
        "values": values,
    }


def _joint(rows: list[dict[str, Any]]) -> float:
    """Mark each row against the table's joint band: with k KPIs, each at 1 − 0.05/k (Bonferroni),
    so that a model that is right leaves ALL of them inside with probability ≥ 95%; one KPI
    outside its own 95% interval among 17 is what chance alone does about half the time."""
    marked = [r for r in rows if r["inside"] is not None]
    level = 1 - (1 - LEVEL) / max(len(marked), 1)
    for r in rows:
        values = r.pop("values", None)
        if values is None:
            r["joint"], r["inside_joint"] = None, None
            continue
        _, lo, hi = _band(r["unit"], values, level)
        r["joint"] = [lo, hi]
        r["inside_joint"] = lo - 1e-9 <= r["history"] <= hi + 1e-9
    return level


def backtest(s: Scenario, h: History, *, replications: int = 10, seed: int = 1) -> dict[str, Any]:
    """The history's KPIs beside the model's prediction intervals, and the weekly series."""
    if s.simulation.start != h.start:
        raise ValueError(
            f"the scenario starts on {s.simulation.start}, the history on {h.start}: "
            "backtest the scenario written by `fit` (or set simulation.start)"
        )
    hist = history_kpis(h, s)
    runs = model_histories(s, h, replications, seed)
    rows = [_row(k, u, hist[k], [r[k] for r in runs]) for k, u in KPI_UNITS.items()]
    for code, n in sorted(hist["opd_load"].items(), key=lambda x: -x[1]):
        if code in s.opds and s.opds[code].tier in ("kabupaten", "kecamatan"):
            rows.append(
                _row(
                    f"load {code}",
                    "dispositions",
                    float(n),
                    [r["opd_load"].get(code, 0) for r in runs],
                )
            )
    weeks = len(hist["weekly_arrivals"])
    series = {}
    for key in ("weekly_arrivals", "weekly_backlog"):
        per_week = [[r[key][w] for r in runs] for w in range(weeks)]
        series[key] = {
            "history": hist[key],
            "model_mean": [fmean(v) for v in per_week],
            "model_low": [prediction_interval(v)[1] for v in per_week],
            "model_high": [prediction_interval(v)[2] for v in per_week],
        }
    joint_level = _joint(rows)
    marked = [r for r in rows if r["inside"] is not None]
    return {
        "command": "backtest",
        "scenario": s.scenario.name,
        "start": h.start.isoformat(),
        "days": h.days,
        "week_starts": [(h.start + timedelta(days=7 * w)).isoformat() for w in range(weeks)],
        "replications": replications,
        "seed": seed,
        "kpis": rows,
        "inside": sum(r["inside"] for r in marked),
        "marked": len(marked),
        "joint_level": joint_level,
        "inside_joint": sum(r["inside_joint"] for r in marked),
        "series": series,
    }


def _fmt(x: float | None, unit: str) -> str:
    if x is None:
        return "–"
    if unit == "share":
        return f"{x:.1%}"
    return f"{x:.1f}" if abs(x) < 100 else f"{x:.0f}"


def render_backtest(result: dict[str, Any]) -> str:
    """The backtest table for a terminal."""
    lines = [
        f"Backtest of {result['scenario']} over {result['start']} + {result['days']} days, "
        f"{result['replications']} replications, seed {result['seed']}",
        "",
        f"{'KPI':<26} {'history':>10}   {'model mean [95% prediction]':<32} verdict",
    ]
    for r in result["kpis"]:
        u = r["unit"]
        if r["model"] is None:
            model, verdict = "–", "–"
        else:
            m, lo, hi = r["model"]
            model = f"{_fmt(m, u)} [{_fmt(lo, u)}, {_fmt(hi, u)}]"
            verdict = "inside" if r["inside"] else "OUTSIDE"
        lines.append(f"{r['kpi']:<26} {_fmt(r['history'], u):>10}   {model:<32} {verdict}")
    lines.append("")
    lines.append(
        f"{result['inside']} of {result['marked']} KPIs inside the model's 95% prediction "
        f"interval (about {0.05 * result['marked']:.1f} outside would be chance alone)."
    )
    outside = [r["kpi"] for r in result["kpis"] if r.get("inside_joint") is False]
    lines.append(
        f"Joint check: {result['inside_joint']} of {result['marked']} inside the table's joint 95% "
        f"band (each KPI at {result['joint_level']:.2%}, Bonferroni)"
        + (
            f"; outside: {', '.join(outside)} — more than chance: the model misses these."
            if outside
            else " — no KPI is off by more than chance, taken together."
        )
    )
    return "\n".join(lines)
