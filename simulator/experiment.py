"""Experiments: replications with confidence intervals, paired comparisons, sweeps, staffing.

Replication *i* of a run with seed *s* uses ``derive_seed(s, "rep", i)``, whatever the variant,
so two variants run with the same seed see the same reports and draw handling times, delays and
citizen replies from the same streams (common random numbers): their per-replication differences
are paired. Replications
run in parallel processes; each returns only a small :class:`RunSummary` (KPIs, per-desk figures,
warnings, flow balance, a few numbers per day for charts), never its case records, so memory
does not grow with replications. ``workers=1`` runs everything in this process (tests);
``processes=True`` forces worker processes even then (a web server's planner thread).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm

from scenarios import Scenario, load_scenario
from scenarios.routing import REGISTRY

from .model import VERIFY_DESK, Simulation
from .results import (
    BACKLOG_STAGES,
    KPI_NAMES,
    TTFR_EDGES,
    case_records,
    daily_backlog,
    flow_balance,
    kpis,
    opd_kpis,
    self_checks,
    ttfr_histogram,
)
from .rng import derive_seed
from .stats import mean_ci, paired_difference

SLA_KPIS = ("verification_sla_met", "followup_sla_met", "completion_sla_met")
# figures that are shares of cases, between 0 and 1 (utilisation is not: an overloaded desk has > 1)
SHARES = frozenset(
    {
        *SLA_KPIS,
        "misroute_rate",
        "forwarded_share",
        "archived_share",
        "auto_closed_share",
        "waited_share",
    }
)


@dataclass(frozen=True)
class RunSummary:
    """What one replication reports back: small, picklable, no case records."""

    replication: int
    seed: int
    kpi: dict[str, float]
    opd: dict[str, dict[str, float]]  # desk code -> figure -> value
    warnings: tuple[str, ...]
    flow: dict[str, int]
    # chart data: end-of-day dates of the window, open cases per backlog stage on those days,
    # and the time-to-first-response histogram (bins of results.TTFR_EDGES)
    backlog_dates: tuple[str, ...] = ()
    backlog: dict[str, tuple[int, ...]] = field(default_factory=dict)
    ttfr_counts: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Job:
    scenario: Scenario
    replication: int
    seed: int  # the experiment's seed; the replication's own seed is derived from it
    policy: str | None
    days: int | None


def replication_seed(seed: int, replication: int) -> int:
    """The seed of replication ``replication`` of an experiment run with ``seed``."""
    return derive_seed(seed, "rep", replication)


def run_replication(
    scenario: Scenario,
    seed: int,
    replication: int = 0,
    *,
    policy: str | None = None,
    days: int | None = None,
    record_events: bool = False,
) -> Simulation:
    """Replication ``replication`` of an experiment with ``seed``, in this process, kept whole
    (for its case records, daily backlog or event log)."""
    return Simulation(
        scenario,
        replication_seed(seed, replication),
        policy=policy,
        days=days,
        record_events=record_events,
    ).run()


def _desk_slas(sim: Simulation, records: Sequence[Any]) -> dict[str, dict[str, float]]:
    """Per desk: SLA shares and missed deadlines of the cases it handled (or should have)."""
    counts: dict[str, dict[str, list[int]]] = {code: {} for code in sim.desks}
    for r in records:
        if not r.in_window:
            continue
        owner = r.handled_by or r.key_opd
        for name in SLA_KPIS:
            flag = getattr(r, name)
            if flag is None:
                continue
            desk = (
                VERIFY_DESK
                if name == "verification_sla_met" and VERIFY_DESK in sim.desks
                else owner
            )
            if desk not in counts:
                continue
            met_missed = counts[desk].setdefault(name, [0, 0])
            met_missed[0 if flag else 1] += 1
    out: dict[str, dict[str, float]] = {}
    for desk, by_kpi in counts.items():
        out[desk] = {}
        for name, (met, missed) in by_kpi.items():
            out[desk][name] = met / (met + missed)
            out[desk][name.replace("_sla_met", "_missed")] = float(missed)
    return out


def _run_job(job: _Job) -> RunSummary:
    sim = run_replication(job.scenario, job.seed, job.replication, policy=job.policy, days=job.days)
    records = case_records(sim)
    desks = opd_kpis(sim)
    for code, extra in _desk_slas(sim, records).items():
        desks[code].update(extra)
    dates, backlog = daily_backlog(sim)
    return RunSummary(
        job.replication,
        replication_seed(job.seed, job.replication),
        kpis(records),
        desks,
        tuple(self_checks(sim, records)),
        flow_balance(records),
        dates,
        backlog,
        ttfr_histogram(records),
    )


class _Bar(tqdm):
    """A progress bar without tqdm's monitor thread (a thread would rule out forking workers)."""

    monitor_interval = 0


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork is cheapest (the parent's imports and name pool are inherited) but unsafe once the
    # process runs threads (a web server); then start fresh interpreters.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


Progress = Callable[[int, int], None]


class WorkerLost(RuntimeError):
    """A worker process died in the middle of a run (killed by the system, e.g. out of memory)."""


class Runner:
    """Runs replication jobs in this process or a pool of worker processes, with a progress bar.

    ``processes=True`` uses worker processes even with ``workers=1`` (a web server's thread must
    not simulate under its own GIL). ``on_result(done, total)`` is called in this process after
    each finished replication, counting over every :meth:`run` of this runner; ``total`` is
    :attr:`planned` when set (a search that knows more runs will come), else what was started so
    far. With worker processes it is also called every :attr:`wait_seconds` while none finishes,
    with the same figures, so a caller can stop in the middle of a long replication. If it
    raises, the worker processes are killed at once and the exception propagates — that is how a
    caller cancels. A worker process that dies (the system's out-of-memory killer, say) stops
    the run with :class:`WorkerLost` instead of leaving it waiting forever.
    """

    #: how long a run with worker processes waits for a result before calling ``on_result`` again
    wait_seconds: float = 0.5

    def __init__(
        self,
        workers: int | None = None,
        progress: bool = False,
        *,
        processes: bool = False,
        on_result: Progress | None = None,
    ) -> None:
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, got {self.workers}")
        self.progress = progress
        self.processes = processes
        self.on_result = on_result
        self.done = 0  # replications finished over all runs
        self.started = 0  # replications handed to run() so far
        self.planned: int | None = None
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(abort=exc_type is not None)

    def close(self, abort: bool = False) -> None:
        """Stop the worker processes, if any were started (at once when ``abort``, e.g. Ctrl-C:
        a replication in progress is killed, not waited for)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if abort:
            # shutdown() cancels what has not started but waits for what runs: kill that first
            for process in list((pool._processes or {}).values()):
                process.kill()
        pool.shutdown(wait=True, cancel_futures=True)

    def _total(self) -> int:
        return max(self.planned or 0, self.started, self.done)

    def _finished(self, bar: tqdm) -> None:
        bar.update()
        self.done += 1
        if self.on_result is not None:
            self.on_result(self.done, self._total())

    def run(self, jobs: list[_Job], desc: str = "replications") -> list[RunSummary]:
        """Run the jobs; results come back in job order."""
        bar = _Bar(
            total=len(jobs),
            desc=desc,
            file=sys.stderr,
            disable=not self.progress,
            unit="run",
            leave=False,
        )
        self.started += len(jobs)
        try:
            if not self.processes and (self.workers == 1 or len(jobs) <= 1):
                out = []
                for job in jobs:
                    out.append(_run_job(job))
                    self._finished(bar)
                return out
            try:
                return self._in_pool(jobs, bar)
            except BrokenProcessPool as exc:
                self.close(abort=True)
                raise WorkerLost(
                    "a simulation worker process stopped unexpectedly (killed by the operating"
                    " system, perhaps out of memory)"
                ) from exc
            except BaseException:
                # a failed replication or a cancelling callback: stop the workers now
                self.close(abort=True)
                raise
        finally:
            bar.close()

    def _in_pool(self, jobs: list[_Job], bar: tqdm) -> list[RunSummary]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                min(self.workers, os.cpu_count() or 1), mp_context=_pool_context()
            )
        futures = [self._pool.submit(_run_job, job) for job in jobs]
        index: dict[Future[RunSummary], int] = {f: i for i, f in enumerate(futures)}
        out: list[Any] = [None] * len(jobs)
        pending = set(futures)
        while pending:
            # a timed wait: a cancel or a dead worker is noticed while a long replication runs
            finished, pending = wait(pending, self.wait_seconds, FIRST_COMPLETED)
            for future in sorted(finished, key=index.__getitem__):
                out[index[future]] = future.result()
                self._finished(bar)
            if not finished and self.on_result is not None:
                self.on_result(self.done, self._total())
        return out


def _check(replications: int, policy: str | None) -> None:
    if replications < 1:
        raise ValueError(f"replications must be at least 1, got {replications}")
    if policy is not None and policy not in REGISTRY:
        raise ValueError(f"unknown routing policy {policy!r}; known: {', '.join(REGISTRY)}")


def _jobs(
    scenario: Scenario, replications: int, seed: int, policy: str | None, days: int | None
) -> list[_Job]:
    return [_Job(scenario, i, seed, policy, days) for i in range(replications)]


def replicate(
    scenario: Scenario,
    replications: int,
    seed: int,
    *,
    policy: str | None = None,
    days: int | None = None,
    workers: int | None = None,
    progress: bool = False,
    processes: bool = False,
    on_result: Progress | None = None,
) -> list[RunSummary]:
    """Run ``replications`` independent replications of a scenario (common random numbers)."""
    _check(replications, policy)
    with Runner(workers, progress, processes=processes, on_result=on_result) as runner:
        return runner.run(_jobs(scenario, replications, seed, policy, days))


# ------------------------------------------------------------------------------ summaries
def interval(name: str, values: Iterable[float | None]) -> dict[str, float]:
    """Mean and 95% interval of one figure over replications, clipped to its possible range
    (every figure is ≥ 0, shares ≤ 1): a symmetric t interval can overshoot a bound."""
    iv = mean_ci(values).as_dict()
    if iv["n"] >= 2:
        iv["ci95_low"] = max(iv["ci95_low"], 0.0)
        if name in SHARES:
            iv["ci95_high"] = min(iv["ci95_high"], 1.0)
    return iv


def _merge_warnings(summaries: Sequence[RunSummary]) -> list[str]:
    """Warnings of all replications, one line per kind, saying in how many it occurred."""
    seen: dict[str, list[Any]] = {}
    for s in summaries:
        for w in dict.fromkeys(s.warnings):
            kind = re.sub(r"\d+(?:\.\d+)?", "#", w)
            seen.setdefault(kind, [w, 0])[1] += 1
    n = len(summaries)
    return [w if n == 1 else f"{w} [in {k} of {n} replications]" for w, k in seen.values()]


def summarise(summaries: Sequence[RunSummary]) -> dict[str, Any]:
    """Means and 95% intervals over replications: ``{"kpi": {name: {mean, ci95_low, ci95_high,
    n}}, "opd": {code: {figure: same}}, "flow": {state: mean count}, "warnings": [...]}``."""
    names = list(KPI_NAMES) + [k for s in summaries for k in s.kpi if k not in KPI_NAMES]
    kpi = {
        name: interval(name, (s.kpi.get(name) for s in summaries)) for name in dict.fromkeys(names)
    }
    codes = list(dict.fromkeys(code for s in summaries for code in s.opd))
    opd = {}
    for code in codes:
        figures = dict.fromkeys(f for s in summaries for f in s.opd.get(code, {}))
        opd[code] = {
            f: interval(f, (s.opd.get(code, {}).get(f) for s in summaries)) for f in figures
        }
    flow_keys = dict.fromkeys(k for s in summaries for k in s.flow)
    flow = (
        {k: sum(s.flow.get(k, 0) for s in summaries) / len(summaries) for k in flow_keys}
        if summaries
        else {}
    )
    warnings = _merge_warnings(summaries)
    if len(summaries) < 2:
        warnings.append(
            "only one replication: no confidence intervals (use --replications 2 or more)"
        )
    return {"kpi": kpi, "opd": opd, "flow": flow, "warnings": warnings, "charts": charts(summaries)}


def _mean_by_index(series: Sequence[Sequence[float]], length: int) -> list[float]:
    out = []
    for j in range(length):
        values = [s[j] for s in series if j < len(s)]
        out.append(sum(values) / len(values) if values else 0.0)
    return out


def charts(summaries: Sequence[RunSummary]) -> dict[str, Any]:
    """Chart data averaged over replications: ``{"backlog": {"dates": [ISO date], "stages":
    {stage: [mean open cases at the end of each day]}}, "ttfr": {"edges": [working hours],
    "counts": [mean cases per bin]}}`` — ``counts[i]`` counts ``edges[i] ≤ x < edges[i+1]``,
    the last ``x ≥ edges[-1]``."""
    dates = max((s.backlog_dates for s in summaries), key=len, default=())
    stages = {
        code: _mean_by_index([s.backlog.get(code, ()) for s in summaries], len(dates))
        for code, *_ in BACKLOG_STAGES
    }
    counts = _mean_by_index([s.ttfr_counts for s in summaries], len(TTFR_EDGES))
    return {
        "backlog": {"dates": list(dates), "stages": stages},
        "ttfr": {"edges": list(TTFR_EDGES), "counts": counts},
    }


def differences(
    baseline: Sequence[RunSummary], variant: Sequence[RunSummary]
) -> dict[str, dict[str, float]]:
    """Per KPI, the paired difference variant − baseline over replications, with its interval."""
    return {
        name: paired_difference(
            [s.kpi.get(name, float("nan")) for s in baseline],
            [s.kpi.get(name, float("nan")) for s in variant],
        ).as_dict()
        for name in KPI_NAMES
    }


# ------------------------------------------------------------------------------ experiments
def compare(
    base: Scenario,
    variants: Mapping[str, Scenario],
    replications: int,
    seed: int,
    *,
    baseline_name: str = "baseline",
    policy: str | None = None,
    days: int | None = None,
    workers: int | None = None,
    progress: bool = False,
    processes: bool = False,
    on_result: Progress | None = None,
) -> dict[str, Any]:
    """Run the baseline and each variant with the same seeds; per variant its summary and, per
    KPI, the paired difference against the baseline (the first entry of ``"variants"``).
    ``on_result(done, total)`` reports each finished replication, and is called again every half
    second meanwhile with worker processes (see :class:`Runner`)."""
    _check(replications, policy)
    if baseline_name in variants:
        raise ValueError(f"variant name {baseline_name!r} is taken by the baseline")
    named = {baseline_name: base, **variants}
    jobs = [job for s in named.values() for job in _jobs(s, replications, seed, policy, days)]
    with Runner(workers, progress, processes=processes, on_result=on_result) as runner:
        results = runner.run(jobs, "compare")
    groups = [results[i * replications : (i + 1) * replications] for i in range(len(named))]
    out = []
    for (name, _), group in zip(named.items(), groups, strict=True):
        entry = {"name": name, **summarise(group)}
        entry["difference"] = None if name == baseline_name else differences(groups[0], group)
        out.append(entry)
    return {"baseline": baseline_name, "variants": out}


def grid_points(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of the grid's values, first path varying slowest."""
    paths = list(grid)
    return [
        dict(zip(paths, combo, strict=True))
        for combo in itertools.product(*(grid[p] for p in paths))
    ]


def sweep(
    base_ref: str,
    grid: Mapping[str, Sequence[Any]],
    replications: int,
    seed: int,
    *,
    overrides: Mapping[str, Any] | None = None,
    policy: str | None = None,
    days: int | None = None,
    workers: int | None = None,
    progress: bool = False,
    processes: bool = False,
    on_result: Progress | None = None,
) -> dict[str, Any]:
    """One summary per grid point; each point is ``load_scenario(base_ref, overrides + point)``,
    so every point is validated before anything runs. Points share seeds (paired)."""
    _check(replications, policy)
    points = grid_points(grid)
    scenarios = [load_scenario(base_ref, {**(overrides or {}), **point}) for point in points]
    jobs = [job for s in scenarios for job in _jobs(s, replications, seed, policy, days)]
    with Runner(workers, progress, processes=processes, on_result=on_result) as runner:
        results = runner.run(jobs, "sweep")
    out = []
    for i, point in enumerate(points):
        out.append(
            {"point": point, **summarise(results[i * replications : (i + 1) * replications])}
        )
    return {"grid": {k: list(v) for k, v in grid.items()}, "points": out}


def evaluate(
    runner: Runner,
    scenario: Scenario,
    replications: int,
    seed: int,
    policy: str | None = None,
    days: int | None = None,
    desc: str = "replications",
) -> dict[str, Any]:
    """Summary of ``replications`` runs on an open :class:`Runner` (used by the staffing search)."""
    return summarise(runner.run(_jobs(scenario, replications, seed, policy, days), desc))


def __getattr__(name: str) -> Any:
    # the staffing search lives in simulator/staffing.py (it imports this module)
    if name == "staffing":
        from .staffing import staffing

        return staffing
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
