"""A study: many scenarios × variants × replications as one job (its file:
:mod:`simulator.study_file`).

Every scenario × variant runs with the same seeds, so each row's difference to the baseline is
paired, and its numbers are those of ``compare`` on that scenario with those variants. The result
holds, per scenario and variant, every KPI with its interval and the paired difference; the flat
table (:func:`table_rows`) and the ranking of the variants (:func:`ranking`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from scenarios import Problem, Scenario, ScenarioError, load_scenario
from scenarios.loader import resolve
from scenarios.variants import Variant

from .budget import check_size
from .cluster import open_runner
from .experiment import differences, summarise
from .results import KPI_NAMES
from .runner import Progress, Task
from .staffing import DIRECTION
from .study_file import Study, StudyScenario, load_study, study_from_text

__all__ = [
    "SUMMARY_KPIS",
    "TABLE_COLUMNS",
    "Study",
    "StudyScenario",
    "load_all",
    "load_study",
    "ranking",
    "run_study",
    "study_from_text",
    "table_rows",
]


def scenario_of(study: Study, s: StudyScenario, v: Variant) -> Scenario:
    """The scenario ``s`` under variant ``v`` (its file, or its changes over the row's)."""
    if v.file:
        return load_scenario(resolve(v.file, Path(study.file).parent), s.overrides)
    return load_scenario(s.ref, {**s.overrides, **v.overrides})


def load_all(study: Study) -> dict[tuple[str, str], Scenario]:
    """Every scenario × variant, loaded and checked before anything runs."""
    out, problems = {}, []
    for s in study.scenarios:
        for v in study.variants:
            try:
                out[s.name, v.name] = scenario_of(study, s, v)
            except ScenarioError as exc:
                problems += [
                    Problem(p.file, f"{s.name} / {v.name}: {p.path}", p.line, p.message)
                    for p in exc.problems
                ]
            except FileNotFoundError as exc:
                problems.append(
                    Problem(study.file, f"variants.{v.name}", None, f"no scenario file {exc}")
                )
    if problems:
        raise ScenarioError(list(dict.fromkeys(problems)))
    return out


def run_study(
    study: Study,
    *,
    workers: int | None = None,
    progress: bool = False,
    processes: bool = False,
    on_result: Progress | None = None,
    cluster: str | None = None,
) -> dict[str, Any]:
    """Run the whole study as one job (one progress bar); per scenario and variant the summary
    and the paired difference to the baseline, the flat table and the ranking."""
    loaded = load_all(study)
    check_size(loaded.values(), study.replications, study.days)
    tasks = [
        Task(loaded[s.name, v.name], i, study.seed, None, study.days, f"{s.name} / {v.name}")
        for s in study.scenarios
        for v in study.variants
        for i in range(study.replications)
    ]
    with open_runner(
        workers, progress, processes=processes, on_result=on_result, cluster=cluster
    ) as runner:
        results = runner.run(tasks, "study")
    n, base = study.replications, study.variants[0].name
    scenarios = []
    for j, s in enumerate(study.scenarios):
        groups = [
            results[(j * len(study.variants) + k) * n :][:n] for k in range(len(study.variants))
        ]
        entries = []
        for v, group in zip(study.variants, groups, strict=True):
            summary = summarise(group)
            entries.append(
                {
                    "name": v.name,
                    "kpi": summary["kpi"],
                    "warnings": summary["warnings"],
                    "difference": None if v.name == base else differences(groups[0], group),
                }
            )
        scenarios.append(
            {"name": s.name, "scenario": loaded[s.name, base].scenario.name, "variants": entries}
        )
    result = {
        "command": "study",
        "title": study.title,
        "file": study.file,
        "replications": n,
        "seed": study.seed,
        "days": study.days,
        "baseline": base,
        "variants": [
            {"name": v.name, "overrides": dict(v.overrides), "file": v.file} for v in study.variants
        ],
        "rank_by": study.rank_by,
        "scenarios": scenarios,
    }
    result["ranking"] = ranking(result)
    return result


#: KPIs a study shows beside its ranking KPI (the CSV and JSON have every KPI)
SUMMARY_KPIS = ("followup_sla_met", "verification_sla_met", "ttr_working_days", "backlog_end")

TABLE_COLUMNS = (
    "scenario",
    "variant",
    "kpi",
    "mean",
    "ci95_low",
    "ci95_high",
    "n",
    "difference_mean",
    "difference_ci95_low",
    "difference_ci95_high",
)


def table_rows(result: Mapping[str, Any], kpis: Sequence[str] = KPI_NAMES) -> list[dict[str, Any]]:
    """The summary table, flat: one row per scenario, variant and KPI (:data:`TABLE_COLUMNS`)."""
    rows = []
    for s in result["scenarios"]:
        for v in s["variants"]:
            for name in kpis:
                iv = v["kpi"].get(name, {})
                diff = (v["difference"] or {}).get(name, {})
                rows.append(
                    {
                        "scenario": s["name"],
                        "variant": v["name"],
                        "kpi": name,
                        **{k: iv.get(k) for k in ("mean", "ci95_low", "ci95_high", "n")},
                        **{
                            f"difference_{k}": diff.get(k)
                            for k in ("mean", "ci95_low", "ci95_high")
                        },
                    }
                )
    return rows


def _num(x: Any) -> float:
    return x if isinstance(x, int | float) and not math.isnan(x) else math.nan


def ranking(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Variants ranked by ``rank_by`` over every scenario: the mean over scenarios, the mean
    paired difference to the baseline, and in how many scenarios the difference is real (its
    interval excludes 0) for the better or the worse; best first."""
    kpi, sign = result["rank_by"], DIRECTION[result["rank_by"]]
    out = []
    for k, v in enumerate(result["variants"]):
        entries = [s["variants"][k] for s in result["scenarios"]]
        means = [_num(e["kpi"].get(kpi, {}).get("mean")) for e in entries]
        diffs = [e["difference"][kpi] for e in entries if e["difference"]]
        better = sum(
            1 for d in diffs if sign * _num(d["ci95_low" if sign > 0 else "ci95_high"]) > 0
        )
        worse = sum(1 for d in diffs if sign * _num(d["ci95_high" if sign > 0 else "ci95_low"]) < 0)
        valid = [m for m in means if not math.isnan(m)]
        dvalid = [_num(d["mean"]) for d in diffs if not math.isnan(_num(d["mean"]))]
        out.append(
            {
                "variant": v["name"],
                "mean": sum(valid) / len(valid) if valid else None,
                "difference_mean": (sum(dvalid) / len(dvalid) if dvalid else 0.0) if k else None,
                "better_in": better,
                "worse_in": worse,
                "scenarios": len(entries),
            }
        )
    out.sort(key=lambda e: -sign * (e["mean"] if e["mean"] is not None else -sign * math.inf))
    for rank, e in enumerate(out, 1):
        e["rank"] = rank
    return out
