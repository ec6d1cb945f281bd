"""A study: many scenarios × variants × replications as one job, read from a study file.

```yaml
title: Kalimantan Barat, tiga SOP       # optional
scenarios:                              # either every scenario file of a folder …
  folder: kabupaten/                    #   (relative to the study file)
# scenarios:                            # … or generated from one base and a table:
#   extends: sanggau                    #   a built-in name or a file
#   table:                              #   one row per kabupaten: its name and its changes
#     - {name: kab_01, load.reports_per_year: 300, sop.verifiers: 2}
#   # table: kabupaten.csv              #   or a CSV file with a `name` column and PATH columns
variants:                               # the first is the baseline; each applies to every scenario
  SOP sekarang: {}
  dua verifikator: {sop.verifiers: 2}   # a mapping of PATH: VALUE …
  keyword: routing.policy=keyword       # … or the --variant mini-language
replications: 10
seed: 1
days: 120                               # optional (default: each scenario's own period)
rank_by: followup_sla_met               # the KPI of the ranking (optional)
```

Every scenario × variant runs with the same seeds, so each row's difference to the baseline is
paired, and its numbers are those of ``compare`` on that scenario with those variants. A file
with a mistake names the file, the field and what was expected (:class:`~scenarios.ScenarioError`).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios import Problem, Scenario, ScenarioError, builtin_names, load_scenario
from scenarios.loader import resolve
from scenarios.variants import Variant, variant_from
from scenarios.yamlsrc import SourceMap, YamlSyntaxError, parse_value, parse_yaml, read_yaml

from .budget import check_size
from .cluster import open_runner
from .experiment import differences, summarise
from .results import KPI_NAMES
from .runner import Progress, Task
from .staffing import DIRECTION

NO_FILES = "files cannot be read here (a study written in the planner pages)"
FIELDS = ("title", "scenarios", "variants", "replications", "seed", "days", "rank_by")


@dataclass(frozen=True)
class StudyScenario:
    """One scenario of a study: its name in the table, and where it comes from."""

    name: str
    ref: str
    overrides: dict[str, Any]


@dataclass(frozen=True)
class Study:
    """A study file, read and checked: scenarios, variants (the first is the baseline), options."""

    file: str
    title: str
    scenarios: tuple[StudyScenario, ...]
    variants: tuple[Variant, ...]
    replications: int = 10
    seed: int = 1
    days: int | None = None
    rank_by: str = "followup_sla_met"


class _Reader:
    def __init__(self, file: str, raw: SourceMap) -> None:
        self.file, self.raw, self.problems = file, raw, []

    def problem(self, path: str, message: str, node: Any = None, key: Any = None) -> None:
        node = self.raw if node is None else node
        line = node.locate(key)[1] if isinstance(node, SourceMap) else None
        self.problems.append(Problem(self.file, path, line, message))

    def integer(self, key: str, default: int | None, low: int) -> int | None:
        value = self.raw.get(key, default)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            self.problem(key, f"expected a whole number ≥ {low}, found {value!r}", key=key)
            return default
        return value


def load_study(path: str | Path) -> Study:
    """Read and check a study file; raises :class:`ScenarioError` listing every problem."""
    try:
        raw = read_yaml(Path(path))
    except YamlSyntaxError as exc:
        raise ScenarioError([Problem(exc.file, "", exc.line, exc.message)]) from None
    return _study(raw, str(path), Path(path).parent, Path(path).stem)


def study_from_text(text: str, label: str) -> Study:
    """A study written in a form (``label`` names it in messages): only built-in scenarios
    extended by an inline table, since there is no folder to read files from."""
    try:
        raw = parse_yaml(text, label)
    except YamlSyntaxError as exc:
        raise ScenarioError([Problem(exc.file, "", exc.line, exc.message)]) from None
    return _study(raw, label, None, label)


def _study(raw: Any, file: str, here: Path | None, default_title: str) -> Study:
    if not isinstance(raw, SourceMap):
        raise ScenarioError([Problem(file, "", None, "expected a mapping of study fields")])
    r = _Reader(file, raw)
    for key in raw:
        if key not in FIELDS:
            r.problem(str(key), f"unknown field; expected one of {', '.join(FIELDS)}", key=key)
    replications = r.integer("replications", 10, 1) or 10
    seed = r.integer("seed", 1, 0)
    days = r.integer("days", None, 1)
    rank_by = raw.get("rank_by", "followup_sla_met")
    if rank_by not in DIRECTION:
        r.problem(
            "rank_by", f"expected one of {', '.join(DIRECTION)}, found {rank_by!r}", key="rank_by"
        )
    scenarios = _scenarios(r, here)
    variants = _variants(r, here is not None)
    if r.problems:
        raise ScenarioError(r.problems)
    return Study(
        file,
        str(raw.get("title") or default_title),
        scenarios,
        variants,
        replications,
        seed if seed is not None else 1,
        days,
        str(rank_by),
    )


def _scenarios(r: _Reader, here: Path | None) -> tuple[StudyScenario, ...]:
    spec = r.raw.get("scenarios")
    if not isinstance(spec, SourceMap) or ("folder" in spec) == ("extends" in spec):
        r.problem("scenarios", "expected a mapping with either folder: or extends: and table:")
        return ()
    if "folder" in spec and here is None:
        r.problem("scenarios.folder", NO_FILES + "; use extends: NAME and a table:", spec, "folder")
        return ()
    if "folder" in spec:
        folder = here / str(spec["folder"])
        files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
        if not files:
            r.problem(
                "scenarios.folder",
                f"expected a folder of scenario files, found none in {folder}",
                spec,
                "folder",
            )
        return tuple(StudyScenario(f.stem, str(f), {}) for f in files)
    base = str(spec["extends"])
    if here is None and base not in builtin_names():
        r.problem(
            "scenarios.extends",
            f"expected a built-in scenario ({', '.join(builtin_names())}), found {base!r}",
            spec,
            "extends",
        )
        return ()
    try:
        base = str(resolve(base, here))
    except FileNotFoundError:
        r.problem(
            "scenarios.extends",
            f"expected a built-in scenario or a file, found {base!r}",
            spec,
            "extends",
        )
        return ()
    rows = _table(r, spec.get("table"), here)
    out, seen = [], set()
    for i, row in enumerate(rows):
        name = str(row.get("name") or "").strip()
        where = f"scenarios.table[{i}]"
        if not name or name in seen:
            r.problem(where, f"every row needs a name of its own, found {name!r}", spec, "table")
            continue
        seen.add(name)
        out.append(StudyScenario(name, base, {k: v for k, v in row.items() if k != "name"}))
    return tuple(out)


def _table(r: _Reader, table: Any, here: Path | None) -> list[Mapping[str, Any]]:
    if isinstance(table, str) and here is None:
        r.problem("scenarios.table", NO_FILES + "; write the rows in the table")
        return []
    if isinstance(table, str):
        try:
            with (here / table).open(encoding="utf-8-sig", newline="") as fh:
                return [
                    {
                        k.strip(): (parse_value(v) if k.strip() != "name" else v)
                        for k, v in row.items()
                        if v != ""
                    }
                    for row in csv.DictReader(fh)
                ]
        except (OSError, YamlSyntaxError) as exc:
            r.problem("scenarios.table", f"expected a readable CSV file: {exc}")
            return []
    if isinstance(table, list) and table and all(isinstance(row, Mapping) for row in table):
        return list(table)
    r.problem("scenarios.table", "expected a list of rows (name and PATH: VALUE) or a CSV file")
    return []


def _variants(r: _Reader, files: bool) -> tuple[Variant, ...]:
    spec = r.raw.get("variants")
    if not isinstance(spec, SourceMap) or not spec:
        r.problem(
            "variants", "expected a mapping of variant name -> changes (the first is the baseline)"
        )
        return ()
    out = []
    for name, value in spec.items():
        try:
            variant = variant_from(str(name), value)
        except ValueError as exc:
            r.problem(f"variants.{name}", str(exc), spec, name)
            continue
        if variant.file and not files:
            r.problem(
                f"variants.{name}", NO_FILES + "; write its changes as PATH: VALUE", spec, name
            )
            continue
        out.append(variant)
    return tuple(out)


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
