"""Fit a scenario from a kabupaten's history: each estimate with its sample size and interval.

What is estimated and which scenario field it sets (fields of docs/scenarios.md):

| estimate | from | field |
|---|---|---|
| yearly volume | arrivals ÷ the period's expected share of a year (profiles applied) | ``load.reports_per_year`` |
| hour / weekday / month profile | arrivals per hour, per weekday ÷ weekdays in the period, per month ÷ its days | ``load.*_profile`` (month: only for a period covering every month) |
| category, channel, type shares | counts | ``load.category_mix``, ``channel_mix``, ``type_mix`` |
| tunda, archive, duplicate shares | first decisions | ``load.incomplete_share``, ``out_of_scope_share``, ``duplicate_share`` |
| completion after tunda, dissatisfied replies | ``lengkapi`` ÷ holds; ``balas`` ÷ follow-ups | ``citizen.clarification_reply_share``, ``dissatisfied_share`` |
| routing right the first time | routed reports never returned | ``routing.accuracy`` |
| checks of the app per day | clustering of each OPD's action times on its day | ``opds.X.checks_per_day`` |
| response (disposisi → terima) | MLE, censored | reported; the model makes it from the checks, the load and the efforts |
| follow-up (terima → tindak lanjut) | MLE, censored; less the wait for a check and the base's effort | ``opds.X.coordination`` |
| routing per category, return rate per OPD, forward and auto-close shares | counts | reported only (no field holds them) |

All times are working hours of the scenario's calendar (holidays and *cuti bersama* included).
An estimate on fewer than :data:`FEW` observations carries a warning; with fewer than
:data:`TOO_FEW` the base's value is kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from scenarios import Scenario
from scenarios.intensity import HOURS_PER_YEAR
from scenarios.model import CHANNELS, LOCAL_TIERS, REPORT_TYPES

from .fit_checks import estimate_checks
from .fit_data import opd_data
from .fit_dists import DurationFit, fit_duration, poisson_interval, wilson
from .history import RETURNS, ROUTINGS, History

FEW = 30
#: durations that start in the same block of time are correlated (they wait in the same queue):
#: their interval counts blocks, not cases (a cluster-robust variance)
BLOCK_HOURS = 28 * 24.0
TOO_FEW = 5
#: estimates a per-report table cannot give: it shows a report's last status, not the holds
#: completed, the returns, the replies, or an archive told from an expired hold
EVENT_LOG_ONLY = (
    "tunda share",
    "archive share",
    "completed after tunda",
    "dissatisfied replies",
    "routed right the first time",
    "return rate",
)
NO_EVENTS = "needs an event log (a per-report table shows only each report's last status)"


@dataclass
class Estimate:
    """One fitted quantity: the value written (None: reported only), the estimate and its 95%
    interval, the sample size, and a warning where the data are too few."""

    name: str
    estimate: float | None
    low: float | None = None
    high: float | None = None
    n: int = 0
    unit: str = ""
    path: str | None = None  # the scenario field it sets
    value: Any = None  # what is written there
    note: str = ""
    warning: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "field": self.path,
            "value": self.value,
            "estimate": self.estimate,
            "ci95": None if self.low is None else [self.low, self.high],
            "n": self.n,
            "unit": self.unit,
            "note": self.note,
            "warning": self.warning,
        }


@dataclass
class Fit:
    """The estimates of one history against one base scenario."""

    base: str
    history: History
    estimates: list[Estimate] = field(default_factory=list)
    durations: dict[str, dict[str, DurationFit | None]] = field(default_factory=dict)

    def add(self, e: Estimate) -> Estimate:
        if self.history.source == "table" and e.name.endswith(EVENT_LOG_ONLY):
            e = Estimate(e.name, None, note=f"{NO_EVENTS}: the base's value is kept")
        if e.path is not None and e.n < TOO_FEW:
            e.warning = f"only {e.n} observations: the base's value is kept"
            e.path = None
        elif not e.warning and e.n < FEW:
            e.warning = f"only {e.n} observations: a rough estimate"
        self.estimates.append(e)
        return e

    def get(self, name: str) -> Estimate:
        return next(e for e in self.estimates if e.name == name)

    def warnings(self) -> list[str]:
        return [f"{e.name}: {e.warning}" for e in self.estimates if e.warning]

    def fields(self) -> dict[str, tuple[Any, str]]:
        """Scenario path -> (value, comment) of every estimate written into the file."""
        out = {}
        for e in self.estimates:
            if e.path is None:
                continue
            note = f"; {e.note}" if e.note else ""
            if e.estimate is None:  # a profile or a mix: its parts are in the note
                out[e.path] = (e.value, f"fit: n = {e.n}{note}")
                continue
            iv = f" [{_fmt(e.low)}, {_fmt(e.high)}]" if e.low is not None else ""
            out[e.path] = (e.value, f"fit: {_fmt(e.estimate)}{iv} {e.unit}, n = {e.n}{note}")
        return out

    def as_dict(self) -> dict[str, Any]:
        h = self.history
        return {
            "command": "fit",
            "base": self.base,
            "history": {
                "start": h.start.isoformat(),
                "days": h.days,
                "reports": len(h.cases),
                "rows_read": h.rows_read,
                "rows_used": h.rows_used,
                "rows_rejected": h.rows_rejected,
                "issues": [
                    {"row": i.row, "rejected": i.rejected, "reason": i.reason} for i in h.issues
                ],
            },
            "estimates": [e.as_dict() for e in self.estimates],
            "durations": {
                opd: {k: (v.as_dict() if v else None) for k, v in d.items()}
                for opd, d in self.durations.items()
            },
            "warnings": self.warnings(),
        }


def _fmt(x: float | None) -> str:
    if x is None:
        return "–"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


def _share(name: str, k: int, n: int, path: str | None, note: str = "") -> Estimate:
    p = k / n if n else None
    lo, hi = wilson(k, n)
    return Estimate(name, p, lo, hi, n, "share", path, round(p, 4) if p is not None else None, note)


def fit_history(history: History, base: Scenario, base_ref: str) -> Fit:
    """Estimate the scenario's quantities from ``history`` (read against ``base``)."""
    f = Fit(base_ref, history)
    cases = [c for c in history.cases.values() if c.arrived_at is not None]
    _arrivals(f, history, base, cases)
    _mixes(f, base, cases)
    _decisions(f, cases)
    _opds(f, history, base, cases)
    return f


# ---------------------------------------------------------------------------- arrivals
def _arrivals(f: Fit, h: History, base: Scenario, cases: list) -> None:
    n = len(cases)
    days = [h.start + timedelta(days=k) for k in range(h.days)]
    by_hour = Counter(int(c.arrived_at % 24) for c in cases)
    by_weekday = Counter(
        (h.start + timedelta(days=int(c.arrived_at // 24))).weekday() for c in cases
    )
    by_month = Counter((h.start + timedelta(days=int(c.arrived_at // 24))).month for c in cases)
    weekday_days = Counter(d.weekday() for d in days)
    hourly = _normal([by_hour[i] for i in range(24)])
    weekday = _normal([by_weekday[i] / weekday_days[i] if weekday_days[i] else 0 for i in range(7)])
    months_seen = {d.month for d in days}
    full_year = len(months_seen) == 12
    if full_year:
        exposure = Counter()
        for d in days:
            exposure[d.month] += weekday[d.weekday()]
        monthly = _normal([by_month[m] / exposure[m] if exposure[m] else 0 for m in range(1, 13)])
    else:
        monthly = _normal(list(base.load.monthly_profile))
    expected = sum(
        24.0 / HOURS_PER_YEAR * weekday[d.weekday()] * monthly[d.month - 1] for d in days
    )
    lo, hi = poisson_interval(n)
    rate = n / expected if expected else 0.0
    f.add(
        Estimate(
            "reports per year",
            rate,
            lo / expected,
            hi / expected,
            n,
            "reports/year",
            "load.reports_per_year",
            round(rate, 1),
            f"{n} reports in {h.days} days",
        )
    )
    f.add(
        Estimate(
            "hourly profile",
            None,
            n=n,
            path="load.hourly_profile",
            value=[round(v, 3) for v in hourly],
            note="arrivals per hour of day, mean 1",
        )
    )
    f.add(
        Estimate(
            "weekday profile",
            None,
            n=n,
            path="load.weekday_profile",
            value=[round(v, 3) for v in weekday],
            note="per weekday in the period, Monday first",
        )
    )
    if full_year:
        f.add(
            Estimate(
                "monthly profile",
                None,
                n=n,
                path="load.monthly_profile",
                value=[round(v, 3) for v in monthly],
                note="per month, weekdays weighed",
            )
        )
    else:
        f.add(
            Estimate(
                "monthly profile",
                None,
                n=n,
                note="the period covers "
                f"{len(months_seen)} of 12 months: the base's monthly profile is kept",
                warning="period shorter than a year: no monthly profile",
            )
        )


def _normal(values: list[float]) -> list[float]:
    mean = sum(values) / len(values)
    return [v / mean for v in values] if mean else [1.0] * len(values)


def _mixes(f: Fit, base: Scenario, cases: list) -> None:
    for name, attr, known, path in (
        ("category mix", "category", set(base.categories), "load.category_mix"),
        ("channel mix", "channel", set(CHANNELS), "load.channel_mix"),
        ("type mix", "report_type", set(REPORT_TYPES), "load.type_mix"),
    ):
        counts = Counter(getattr(c, attr) for c in cases if getattr(c, attr) in known)
        n = sum(counts.values())
        if not n:
            f.add(Estimate(name, None, note=f"no {attr} in the history: the base's mix is kept"))
            continue
        value = {k: round(counts[k] / n, 4) for k in sorted(known) if counts[k]}
        parts = []
        for k in value:
            lo, hi = wilson(counts[k], n)
            parts.append(f"{k} {counts[k] / n:.1%} [{lo:.1%}, {hi:.1%}]")
        f.add(Estimate(name, None, n=n, path=path, value=value, note="; ".join(parts)))


# ---------------------------------------------------------------------------- decisions
def _decisions(f: Fit, cases: list) -> None:
    n = len(cases)
    acts = [[e.activity for e in c.events] for c in cases]
    held = sum("tunda" in a for a in acts)
    archived = sum("arsipkan" in a for a in acts)
    merged = sum("duplikat" in a for a in acts)
    completed = sum(a.count("lengkapi") for a in acts)
    expired = sum(a.count("kedaluwarsa") for a in acts)
    followups = sum(a.count("tindak_lanjut") for a in acts)
    replies = sum(a.count("balas") for a in acts)
    auto = sum("selesai_otomatis" in a for a in acts)
    forwarded = sum(_forwarded(c) for c in cases)
    f.add(_share("tunda share", held, n, "load.incomplete_share"))
    f.add(
        _share(
            "archive share",
            archived,
            n,
            "load.out_of_scope_share",
            "archived at verification (a crime forwarded to the police counts as a forward)",
        )
    )
    f.add(_share("duplicate share", merged, n, "load.duplicate_share"))
    f.add(
        _share(
            "completed after tunda",
            completed,
            completed + expired,
            "citizen.clarification_reply_share",
            "lengkapi ÷ (lengkapi + kedaluwarsa); replies after the hold expired are not seen",
        )
    )
    f.add(
        _share(
            "dissatisfied replies",
            replies,
            followups,
            "citizen.dissatisfied_share",
            "balas ÷ tindak lanjut (a reply may also come after the auto-close limit)",
        )
    )
    f.add(_share("forward share", forwarded, n, None, "ends forwarded (bukan wewenang)"))
    f.add(_share("auto-close share", auto, n, None, "selesai otomatis"))
    routed = returned = 0
    for c in cases:
        first = next(
            (i for i, e in enumerate(c.events) if e.activity in ROUTINGS),
            None,
        )
        if first is None:
            continue
        routed += 1
        returned += any(e.activity in RETURNS for e in c.events[first:])
    f.add(
        _share(
            "routed right the first time",
            routed - returned,
            routed,
            "routing.accuracy",
            "reports never returned after their first routing",
        )
    )


def _forwarded(c: Any) -> bool:
    last = next(
        (e for e in reversed(c.events) if e.activity in (*ROUTINGS, *RETURNS)),
        None,
    )
    return last is not None and last.activity == "bukan_wewenang"


# ---------------------------------------------------------------------------- per OPD
def _opds(f: Fit, h: History, base: Scenario, cases: list) -> None:
    d = opd_data(h)
    cal = h.cal
    routes, disposed, returned = d.routes, d.disposed, d.returned
    response, followup, actions = d.response, d.followup, d.actions
    for cat, counter in sorted(routes.items()):
        n = sum(counter.values())
        parts = "; ".join(f"{u} {k / n:.0%}" for u, k in counter.most_common())
        f.add(Estimate(f"routing {cat}", None, n=n, note=f"first routing: {parts}"))
    hours = cal.hours_per_working_day
    for code, opd in base.opds.items():
        if opd.tier not in LOCAL_TIERS or not disposed[code]:
            continue
        f.add(
            _share(
                f"{code} return rate",
                returned[code],
                disposed[code],
                None,
                "dispositions returned (dikembalikan) by this OPD",
            )
        )
        checks = estimate_checks(cal, actions[code])
        k_desk = checks.per_day
        per_officer = round(k_desk / opd.officers) if opd.officers else k_desk
        if k_desk and per_officer == 0:
            per_officer = 1
        iv = checks.interval
        f.add(
            Estimate(
                f"{code} checks per day",
                k_desk,
                iv[0],
                iv[1],
                checks.n,
                "checks/day (desk)",
                f"opds.{code}.checks_per_day",
                per_officer,
                f"{opd.officers} officer(s); 0 = continuously; {checks.note}",
            )
        )
        r_fit = fit_duration(response[code], [int(t // BLOCK_HOURS) for t in d.response_at[code]])
        fu_fit = fit_duration(followup[code], [int(t // BLOCK_HOURS) for t in d.followup_at[code]])
        f.durations[code] = {"response": r_fit, "followup": fu_fit}
        if r_fit is not None:
            f.add(
                Estimate(
                    f"{code} response",
                    r_fit.mean,
                    r_fit.low,
                    r_fit.high,
                    r_fit.n,
                    "working hours",
                    None,
                    None,
                    f"disposisi → terima/kembalikan; {r_fit.family} by AIC (cv {r_fit.cv:.2f}), "
                    f"{r_fit.censored} censored; the wait for a check and behind other work "
                    "included — the model makes it from checks, load and effort (see backtest)",
                )
            )
        if fu_fit is not None:
            handling = opd.handling.mean / opd.time_share
            wait = hours / (2 * k_desk) if k_desk else 0.0
            rest = max(fu_fit.mean - wait - handling, 0.0)
            coord = rest / hours
            sd = fu_fit.cv * fu_fit.mean
            cv = min(sd / rest, 3.0) if rest > 0 else 0.0
            f.add(
                Estimate(
                    f"{code} follow-up",
                    fu_fit.mean,
                    fu_fit.low,
                    fu_fit.high,
                    fu_fit.n,
                    "working hours",
                    f"opds.{code}.coordination",
                    {"dist": fu_fit.family, "mean": round(coord, 3), "cv": round(cv, 3)},
                    f"{fu_fit.family} by AIC, {fu_fit.censored} censored; coordination = (follow-up "
                    f"{fu_fit.mean:.1f} − wait {wait:.1f} − handling {handling:.1f}) ÷ {hours:g} h/HK",
                )
            )
