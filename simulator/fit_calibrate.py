"""Calibrate what timestamps cannot separate, by simulation.

A follow-up time (terima → tindak lanjut) is coordination (elapsed working days) + the wait
until the officer's next check and behind other work + the officer's effort. The history shows
only the sum, and the wait depends on the load. So the coordination mean of each OPD starts from
the follow-up less a check's wait and the base's effort, and is then moved, a few rounds, by the
gap between the history's mean follow-up and the model's (same period, same calendar, a few
replications): ``coordination += (history − model) ÷ hours per working day``, never below zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scenarios import Scenario, load_scenario

from .backtest import simulated_histories
from .fit import Fit
from .fit_data import opd_data


def fitted_scenario(fit: Fit, extra: Mapping[str, Any] | None = None) -> Scenario:
    """The base with every fitted field set (what the fitted file loads as)."""
    h = fit.history
    sets = {path: value for path, (value, _) in fit.fields().items()}
    sets.update(
        {"simulation.start": h.start, "simulation.days": h.days, "simulation.warmup_days": 0}
    )
    sets.update(extra or {})
    return load_scenario(fit.base, sets)


def calibrate(fit: Fit, *, rounds: int = 3, replications: int = 3, seed: int = 1) -> list[str]:
    """Move each OPD's fitted coordination mean until the model's mean follow-up meets the
    history's; returns one line per round and OPD saying how far apart they were."""
    h = fit.history
    target = opd_data(h)
    log = []
    coord = {e.path: e for e in fit.estimates if e.path and e.path.endswith(".coordination")}
    if not coord:
        return log
    hours = h.cal.hours_per_working_day
    for r in range(rounds):
        s = fitted_scenario(fit)
        model: dict[str, list[float]] = {}
        for mh in simulated_histories(s, h.start, h.days, replications, seed + r):
            d = opd_data(mh)
            for path in coord:
                code = path.split(".")[1]
                m = d.mean_followup(code)
                if m is not None:
                    model.setdefault(code, []).append(m)
        for path, e in coord.items():
            code = path.split(".")[1]
            want = target.mean_followup(code)
            got = model.get(code)
            if want is None or not got:
                continue
            got_mean = sum(got) / len(got)
            value = dict(e.value)
            value["mean"] = round(max(value["mean"] + (want - got_mean) / hours, 0.0), 3)
            e.value = value
            log.append(
                f"round {r + 1}: {code} follow-up history {want:.1f} h, model {got_mean:.1f} h "
                f"→ coordination {value['mean']:.2f} HK"
            )
    for e in coord.values():
        e.note += f"; calibrated by simulation ({rounds} rounds × {replications} replications)"
    return log
