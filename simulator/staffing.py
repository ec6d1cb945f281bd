"""Staffing: the fewest officers per desk that meet a KPI target, found by simulation.

The search starts from the Erlang-C first guess (:func:`simulator.erlang.first_guess`), then

1. **raise** — while the target is not met, add one officer to the desk under most pressure: an
   overloaded desk (utilisation ≥ 1) first, else the desk with the most missed deadlines of the
   target KPI (for the SLA KPIs), else the busiest desk. A raise that does not improve both the
   KPI and that desk's missed deadlines is undone and the desk is left alone from then on, so a
   deadline spent on coordination rather than queueing ends the search as *unreachable*;
2. **trim** — once met, try removing officers one at a time, least busy desk first, keeping each
   removal that still meets the target; never below one officer nor below the stability bound
   (offered load < officers);
3. **verify** — run the answer once more with an independent seed and report whether it holds.

"Meets" means: the target KPI's 95% interval lies on the right side of the target (its lower
bound ≥ target for shares, upper bound ≤ target for times and backlog) — or its mean, with
``criterion="mean"`` — and no desk is overloaded. Every configuration tried counts against
``max_iterations``; the verification run does not.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from scenarios import Scenario, sla
from scenarios.model import LOCAL_TIERS

from .budget import check_size
from .cluster import open_runner
from .erlang import first_guess
from .experiment import evaluate
from .model import VERIFY_DESK
from .rng import derive_seed
from .runner import SLA_KPIS, Executor

# the KPIs a staffing search may target: +1 higher is better (shares), -1 lower (times,
# backlog) — from the KPI table (scenarios.sla.KPIS, shown "target")
DIRECTION = {name: sla.better(name) for name in sla.kpis_shown("target")}
CRITERIA = ("lower", "mean")
MAX_ITERATIONS = 30  #: configurations a search may try by default (its verification run aside)


def most_runs(replications: int, max_iterations: int = MAX_ITERATIONS) -> int:
    """The most replications a search runs: every configuration it may try, and its verification."""
    return replications * (max_iterations + 1)


def with_staff(scenario: Scenario, staff: Mapping[str, int]) -> Scenario:
    """The scenario with these officers per desk (``VERIFIKASI`` = verifiers)."""
    opds = {
        code: replace(o, officers=staff[code]) if code in staff else o
        for code, o in scenario.opds.items()
    }
    sop = (
        replace(scenario.sop, verifiers=staff[VERIFY_DESK])
        if VERIFY_DESK in staff
        else scenario.sop
    )
    return replace(scenario, opds=opds, sop=sop)


def current_staff(scenario: Scenario) -> dict[str, int]:
    """Officers per local desk as the scenario has them (``VERIFIKASI`` = verifiers)."""
    out = {code: o.officers for code, o in scenario.opds.items() if o.tier in LOCAL_TIERS}
    if scenario.sop.verification == "central":
        out[VERIFY_DESK] = scenario.sop.verifiers
    return out


def _drivers(scenario: Scenario, kpi: str) -> list[str]:
    """The desks whose staffing the target KPI depends on (the others stay at their guess)."""
    local = [code for code, o in scenario.opds.items() if o.tier in LOCAL_TIERS]
    central = scenario.sop.verification == "central"
    if kpi == "followup_sla_met":
        return local
    if kpi == "verification_sla_met":
        return [VERIFY_DESK] if central else local
    return local + ([VERIFY_DESK] if central else [])


def _value(interval: Mapping[str, float], kpi: str, criterion: str) -> float:
    if criterion == "mean":
        return interval["mean"]
    return interval["ci95_low"] if DIRECTION[kpi] > 0 else interval["ci95_high"]


def _mean(summary: Mapping[str, Any], code: str, figure: str) -> float:
    value = summary["opd"].get(code, {}).get(figure, {}).get("mean", math.nan)
    return 0.0 if math.isnan(value) else value


def meets(summary: Mapping[str, Any], kpi: str, target: float, criterion: str = "lower") -> bool:
    """Whether a summary meets the target (see the module docstring) with no desk overloaded."""
    value = _value(summary["kpi"][kpi], kpi, criterion)
    if math.isnan(value):
        return False
    ok = value >= target if DIRECTION[kpi] > 0 else value <= target
    return ok and not _overloaded(summary)


def _overloaded(summary: Mapping[str, Any]) -> list[str]:
    return [code for code in summary["opd"] if _mean(summary, code, "utilization") >= 1.0]


def _pressure(summary: Mapping[str, Any], kpi: str, code: str) -> tuple[float, float]:
    missed = _mean(summary, code, kpi.replace("_sla_met", "_missed")) if kpi in SLA_KPIS else 0.0
    return missed, _mean(summary, code, "utilization")


def _pick(summary: Mapping[str, Any], kpi: str, candidates: list[str]) -> str | None:
    over = [c for c in _overloaded(summary) if c in candidates]
    if over:
        return max(over, key=lambda c: _mean(summary, c, "utilization"))
    if not candidates:
        return None
    best = max(candidates, key=lambda c: _pressure(summary, kpi, c))
    if kpi in SLA_KPIS and _pressure(summary, kpi, best)[0] == 0:
        return None  # no desk misses deadlines of this kind: officers cannot help
    return best


def _improved(before: Mapping[str, Any], after: Mapping[str, Any], kpi: str, code: str) -> bool:
    """Keep a raise if it relieved an overloaded desk, or if the KPI mean moved the right way and
    (for an SLA) the desk's own missed deadlines fell by a tenth: both, so that noise alone —
    a changed order of random draws — rarely passes."""
    if code in _overloaded(before):
        return True
    old, new = before["kpi"][kpi]["mean"], after["kpi"][kpi]["mean"]
    if (
        math.isnan(old)
        or math.isnan(new)
        or DIRECTION[kpi] * (new - old) <= 0.002 * max(1.0, abs(old))
    ):
        return False
    if kpi in SLA_KPIS:
        figure = kpi.replace("_sla_met", "_missed")
        m0, m1 = _mean(before, code, figure), _mean(after, code, figure)
        return m0 > 0 and m1 <= 0.9 * m0
    return True


class _Search:
    """The state of one staffing search: officers per desk, the latest summary, the steps taken."""

    def __init__(
        self,
        runner: Executor,
        scenario: Scenario,
        kpi: str,
        target: float,
        criterion: str,
        replications: int,
        seed: int,
        policy: str | None,
        days: int | None,
        max_iterations: int,
    ) -> None:
        self.runner, self.scenario, self.kpi, self.target = runner, scenario, kpi, target
        self.criterion, self.replications, self.seed = criterion, replications, seed
        self.policy, self.days, self.max_iterations = policy, days, max_iterations
        self.history: list[dict[str, Any]] = []
        self.staff: dict[str, int] = {}
        self.summary: dict[str, Any] = {}

    def run(self, staff: Mapping[str, int], seed: int | None = None) -> dict[str, Any]:
        # the best estimate of the total for progress: what ran, this run, and the verification
        more = 1 if seed is None else 0
        self.runner.planned = self.runner.started + (1 + more) * self.replications
        return evaluate(
            self.runner,
            with_staff(self.scenario, staff),
            self.replications,
            self.seed if seed is None else seed,
            self.policy,
            self.days,
            desc=f"staffing {len(self.history) + 1}",
        )

    def meets(self, summary: Mapping[str, Any]) -> bool:
        return meets(summary, self.kpi, self.target, self.criterion)

    @property
    def budget_left(self) -> bool:
        return len(self.history) < self.max_iterations

    def note(
        self, action: str, desk: str | None, summary: Mapping[str, Any], tried: int | None = None
    ) -> None:
        self.history.append(
            {
                "step": len(self.history) + 1,
                "action": action,
                "desk": desk,
                "officers": self.staff.get(desk) if desk else None,
                "tried": tried,
                "kpi": summary["kpi"][self.kpi],
                "met": self.meets(summary),
            }
        )

    def start(self, staff: dict[str, int]) -> None:
        self.staff, self.summary = staff, self.run(staff)
        self.note("start", None, self.summary)

    def raise_until_met(self, drivers: list[str]) -> str:
        """Add officers where the pressure is until the target is met; '' or why it stopped."""
        excluded: set[str] = set()
        while not self.meets(self.summary):
            if not self.budget_left:
                return f"target not met within max_iterations={self.max_iterations} configurations"
            over = [c for c in _overloaded(self.summary) if c not in drivers]
            desk = _pick(self.summary, self.kpi, [c for c in drivers if c not in excluded] + over)
            if desk is None:
                return (
                    f"unreachable by staffing: no desk's extra officer improves {self.kpi} "
                    "(waits outside the queues — coordination, approval, check intervals — "
                    "dominate)"
                )
            trial = {**self.staff, desk: self.staff[desk] + 1}
            after = self.run(trial)
            if _improved(self.summary, after, self.kpi, desk):
                self.staff, self.summary = trial, after
                self.note("raise", desk, after, trial[desk])
            else:
                excluded.add(desk)
                self.note("no_gain", desk, after, trial[desk])
        return ""

    def trim(self, drivers: list[str], floor: Mapping[str, int]) -> str:
        """Remove officers, least busy desk first, while the target still holds."""
        order = sorted(
            (c for c in drivers if self.staff[c] > floor[c]),
            key=lambda c: _mean(self.summary, c, "utilization"),
        )
        for desk in order:
            while self.staff[desk] > floor[desk]:
                if not self.budget_left:
                    return f"target met; trimming stopped at max_iterations={self.max_iterations}"
                trial = {**self.staff, desk: self.staff[desk] - 1}
                after = self.run(trial)
                if not self.meets(after):
                    self.note("keep", desk, after, trial[desk])
                    break
                self.staff, self.summary = trial, after
                self.note("remove", desk, after, trial[desk])
        return ""


def staffing(
    scenario: Scenario,
    target_kpi: str = "followup_sla_met",
    target: float = 0.9,
    *,
    replications: int = 10,
    seed: int = 1,
    days: int | None = None,
    policy: str | None = None,
    criterion: str = "lower",
    max_iterations: int = MAX_ITERATIONS,
    workers: int | None = None,
    progress: bool = False,
    processes: bool = False,
    on_result: Callable[[int, int], None] | None = None,
    cluster: str | None = None,
) -> dict[str, Any]:
    """The fewest officers per desk meeting ``target_kpi`` ≥ ``target`` (≤ for times and backlog),
    with the Erlang-C guess, the simulated answer and its utilisation per desk.
    ``on_result(done, total)`` reports each finished replication (and, with worker processes, is
    called again every half second meanwhile; see :class:`Runner`); ``total`` grows as the search
    goes on (it counts what ran, the configuration running and the verification still to come)."""
    if target_kpi not in DIRECTION:
        raise ValueError(f"cannot staff for {target_kpi!r}; choose one of {', '.join(DIRECTION)}")
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {', '.join(CRITERIA)}, got {criterion!r}")
    if criterion == "lower" and replications < 2:
        raise ValueError("criterion 'lower' needs an interval: use at least 2 replications")
    if max_iterations < 1:
        raise ValueError(f"max_iterations must be at least 1, got {max_iterations}")
    check_size([scenario], most_runs(replications, max_iterations), days)
    guesses = first_guess(scenario, target if DIRECTION[target_kpi] > 0 else 0.9)
    drivers = _drivers(scenario, target_kpi)
    floor = {code: max(1, math.floor(g.offered_load) + 1) for code, g in guesses.items()}
    verify_seed = derive_seed(seed, "verify")
    with open_runner(
        workers, progress, processes=processes, on_result=on_result, cluster=cluster
    ) as runner:
        search = _Search(
            runner,
            scenario,
            target_kpi,
            target,
            criterion,
            replications,
            seed,
            policy,
            days,
            max_iterations,
        )
        search.start({code: max(g.officers, floor[code]) for code, g in guesses.items()})
        message = search.raise_until_met(drivers)
        met = search.meets(search.summary)
        if met:
            message = search.trim(drivers, floor)
        check = search.run(search.staff, verify_seed)

    now, summary = current_staff(scenario), search.summary
    desks = {}
    for code, g in guesses.items():
        figures = summary["opd"].get(code, {})
        desks[code] = {
            "current": now.get(code, 0),
            "erlang_c_guess": g.officers,
            "officers": search.staff[code],
            "offered_load": g.offered_load,
            "erlang_c_note": g.note,
            "utilization": figures.get("utilization"),
            "target_share": figures.get(target_kpi),
        }
    return {
        "scenario": scenario.scenario.name,
        "policy": policy or scenario.routing.policy,
        "replications": replications,
        "seed": seed,
        "days": days or scenario.simulation.days,
        "target": {
            "kpi": target_kpi,
            "value": target,
            "direction": ">=" if DIRECTION[target_kpi] > 0 else "<=",
            "criterion": criterion,
        },
        "met": met,
        "verified": search.meets(check),
        "message": message or ("target met" if met else "target not met"),
        "iterations": len(search.history),
        "max_iterations": max_iterations,
        "desks": desks,
        "kpi": summary["kpi"],
        "warnings": summary["warnings"],
        "verification": {
            "seed": verify_seed,
            "kpi": check["kpi"][target_kpi],
            "met": search.meets(check),
        },
        "history": search.history,
    }
