"""Experiments: replications with confidence intervals, paired comparisons, sweeps.

Replication *i* of a run with seed *s* uses ``derive_seed(s, "rep", i)``, whatever the variant,
so two variants run with the same seed see the same reports and draw handling times, delays and
citizen replies from the same streams (common random numbers): their per-replication differences
are paired. Each replication is one task (:mod:`simulator.runner`) run in this process, a pool of
worker processes or on a Dask cluster (``cluster=``, :mod:`simulator.cluster`): the results are
the same by seed whatever runs them. The staffing search is in :mod:`simulator.staffing`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from scenarios import Scenario, load_scenario, sla
from scenarios.routing import REGISTRY

from .budget import check_size
from .cluster import open_runner
from .results import BACKLOG_STAGES, KPI_NAMES, TTFR_EDGES
from .runner import (
    SLA_KPIS,
    Executor,
    Progress,
    ReplicationFailed,
    Runner,
    RunSummary,
    Task,
    WorkerLost,
    replication_seed,
    run_replication,
)
from .stats import mean_ci, paired_difference

__all__ = [
    "SHARES",
    "SLA_KPIS",
    "ReplicationFailed",
    "RunSummary",
    "Runner",
    "WorkerLost",
    "compare",
    "replicate",
    "replication_seed",
    "run_replication",
    "summarise",
    "sweep",
]

# figures that are shares of cases, between 0 and 1 (utilisation is not: an overloaded desk has > 1)
SHARES = frozenset(
    name for name, m in sla.MEASURES.items() if m.unit == "share" and name != "utilization"
)


def _check(replications: int, policy: str | None) -> None:
    if replications < 1:
        raise ValueError(f"replications must be at least 1, got {replications}")
    if policy is not None and policy not in REGISTRY:
        raise ValueError(f"unknown routing policy {policy!r}; known: {', '.join(REGISTRY)}")


def _jobs(
    scenario: Scenario,
    replications: int,
    seed: int,
    policy: str | None,
    days: int | None,
    variant: str = "",
) -> list[Task]:
    return [Task(scenario, i, seed, policy, days, variant) for i in range(replications)]


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
    cluster: str | None = None,
) -> list[RunSummary]:
    """Run ``replications`` independent replications of a scenario (common random numbers)."""
    _check(replications, policy)
    check_size([scenario], replications, days)
    with open_runner(
        workers, progress, processes=processes, on_result=on_result, cluster=cluster
    ) as runner:
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
    cluster: str | None = None,
) -> dict[str, Any]:
    """Run the baseline and each variant with the same seeds; per variant its summary and, per
    KPI, the paired difference against the baseline (the first entry of ``"variants"``).
    ``on_result(done, total)`` reports each finished replication, and is called again every half
    second meanwhile with worker processes (see :class:`Runner`)."""
    _check(replications, policy)
    if baseline_name in variants:
        raise ValueError(f"variant name {baseline_name!r} is taken by the baseline")
    named = {baseline_name: base, **variants}
    check_size(named.values(), replications, days)
    jobs = [
        job for name, s in named.items() for job in _jobs(s, replications, seed, policy, days, name)
    ]
    with open_runner(
        workers, progress, processes=processes, on_result=on_result, cluster=cluster
    ) as runner:
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


def _point_name(point: Mapping[str, Any]) -> str:
    return ";".join(f"{path}={value}" for path, value in point.items())


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
    cluster: str | None = None,
) -> dict[str, Any]:
    """One summary per grid point; each point is ``load_scenario(base_ref, overrides + point)``,
    so every point is validated before anything runs. Points share seeds (paired)."""
    _check(replications, policy)
    points = grid_points(grid)
    scenarios = [load_scenario(base_ref, {**(overrides or {}), **point}) for point in points]
    check_size(scenarios, replications, days)
    jobs = [
        job
        for point, s in zip(points, scenarios, strict=True)
        for job in _jobs(s, replications, seed, policy, days, _point_name(point))
    ]
    with open_runner(
        workers, progress, processes=processes, on_result=on_result, cluster=cluster
    ) as runner:
        results = runner.run(jobs, "sweep")
    out = []
    for i, point in enumerate(points):
        out.append(
            {"point": point, **summarise(results[i * replications : (i + 1) * replications])}
        )
    return {"grid": {k: list(v) for k, v in grid.items()}, "points": out}


def evaluate(
    runner: Executor,
    scenario: Scenario,
    replications: int,
    seed: int,
    policy: str | None = None,
    days: int | None = None,
    desc: str = "replications",
) -> dict[str, Any]:
    """Summary of ``replications`` runs on an open :class:`Runner` (used by the staffing search)."""
    return summarise(runner.run(_jobs(scenario, replications, seed, policy, days), desc))
