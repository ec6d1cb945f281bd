"""What a planner asks for: a comparison of up to four variants, or a staffing search, checked
before anything is queued.

A variant is a name and the scenario changes it makes (dotted path -> value, exactly what
``load_scenario(ref, overrides)`` takes). Problems name the variant and the field, and never a
server path: an uploaded scenario is shown by its original name.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios import Problem, Scenario, ScenarioError, builtin_names, load_scenario
from scenarios.variants import Variant
from simulator.budget import TooLarge, check_size
from simulator.experiment import SHARES
from simulator.model import RunWindowError, warmup_days
from simulator.staffing import DIRECTION, most_runs
from simulator.study import Study, StudyScenario

KINDS = ("compare", "staffing", "study")
MAX_VARIANTS = 4
MAX_STUDY_SCENARIOS = 60  #: rows of a study written in the planner pages
MIN_REPLICATIONS, MAX_REPLICATIONS = 2, 200
MAX_DAYS = 3 * 366
#: what a staffing search can aim at (the KPIs with a direction)
STAFFING_KPIS = tuple(DIRECTION)


@dataclass(frozen=True)
class JobSpec:
    """A planner's experiment: the scenario, the variants (the first is the baseline) and the
    experiment options; ``target_kpi`` and ``target`` only for ``kind="staffing"``; ``table``
    (row name and its changes to the base) and ``rank_by`` only for ``kind="study"``: every row
    under every variant (:mod:`simulator.study`)."""

    kind: str
    scenario_ref: str
    scenario_label: str
    variants: tuple[Variant, ...]
    replications: int = 10
    seed: int = 1
    days: int | None = None
    target_kpi: str | None = None
    target: float | None = None
    table: tuple[tuple[str, dict[str, Any]], ...] = ()
    rank_by: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape stored with a job."""
        return {
            "kind": self.kind,
            "scenario_ref": self.scenario_ref,
            "scenario_label": self.scenario_label,
            "variants": [{"name": v.name, "overrides": dict(v.overrides)} for v in self.variants],
            "replications": self.replications,
            "seed": self.seed,
            "days": self.days,
            "target_kpi": self.target_kpi,
            "target": self.target,
            "table": [{"name": name, "overrides": dict(o)} for name, o in self.table],
            "rank_by": self.rank_by,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JobSpec:
        """The spec stored by :meth:`as_dict`."""
        return cls(
            kind=data["kind"],
            scenario_ref=data["scenario_ref"],
            scenario_label=data["scenario_label"],
            variants=tuple(Variant(v["name"], dict(v["overrides"])) for v in data["variants"]),
            replications=data["replications"],
            seed=data["seed"],
            days=data.get("days"),
            target_kpi=data.get("target_kpi"),
            target=data.get("target"),
            table=tuple((r["name"], dict(r["overrides"])) for r in data.get("table") or ()),
            rank_by=data.get("rank_by"),
        )


class PlannerError(ValueError):
    """A spec that cannot run; ``problems`` lists everything found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _problem(spec: JobSpec, path: str, message: str) -> Problem:
    return Problem(spec.scenario_label, path, None, message)


def _spec_problems(spec: JobSpec) -> list[Problem]:
    out = []
    if spec.kind not in KINDS:
        out.append(_problem(spec, "kind", f"jenis tidak dikenal / unknown kind {spec.kind!r}"))
    n = len(spec.variants)
    if spec.kind in ("compare", "study") and not 1 <= n <= MAX_VARIANTS:
        out.append(
            _problem(
                spec,
                "variants",
                f"perbandingan perlu 1–{MAX_VARIANTS} varian / "
                f"a comparison needs 1–{MAX_VARIANTS} variants, got {n}",
            )
        )
    if spec.kind == "staffing" and n != 1:
        out.append(
            _problem(
                spec,
                "variants",
                f"pencarian staf perlu tepat 1 varian / staffing needs exactly 1 variant, got {n}",
            )
        )
    names = [v.name.strip() for v in spec.variants]
    if any(not name for name in names):
        out.append(
            _problem(spec, "variants", "setiap varian perlu nama / every variant needs a name")
        )
    for name in dict.fromkeys(x for x in names if x and names.count(x) > 1):
        out.append(
            _problem(spec, "variants", f"nama varian {name!r} dipakai dua kali / used twice")
        )
    if not (
        isinstance(spec.replications, int)
        and MIN_REPLICATIONS <= spec.replications <= MAX_REPLICATIONS
    ):
        out.append(
            _problem(
                spec,
                "replications",
                f"replikasi harus {MIN_REPLICATIONS}–{MAX_REPLICATIONS} / replications must be "
                f"{MIN_REPLICATIONS}–{MAX_REPLICATIONS}, got {spec.replications!r}",
            )
        )
    if not isinstance(spec.seed, int):
        out.append(_problem(spec, "seed", "seed harus bilangan bulat / must be a whole number"))
    if spec.days is not None and not (isinstance(spec.days, int) and 1 <= spec.days <= MAX_DAYS):
        out.append(
            _problem(
                spec,
                "days",
                f"hari harus 1–{MAX_DAYS} / days must be 1–{MAX_DAYS}, got {spec.days!r}",
            )
        )
    if spec.kind == "staffing":
        out += _target_problems(spec)
    if spec.kind == "study":
        out += _study_problems(spec)
    return out


def _study_problems(spec: JobSpec) -> list[Problem]:
    names = [name for name, _ in spec.table]
    if not 1 <= len(names) <= MAX_STUDY_SCENARIOS:
        return [
            _problem(
                spec,
                "scenarios.table",
                f"studi perlu 1–{MAX_STUDY_SCENARIOS} baris / a study needs 1–"
                f"{MAX_STUDY_SCENARIOS} rows, got {len(names)}",
            )
        ]
    if spec.rank_by not in DIRECTION:
        return [_problem(spec, "rank_by", f"KPI tidak dikenal / unknown KPI {spec.rank_by!r}")]
    return []


def _target_problems(spec: JobSpec) -> list[Problem]:
    if spec.target_kpi not in DIRECTION:
        return [
            _problem(
                spec,
                "target_kpi",
                f"KPI sasaran tidak dikenal / unknown target KPI {spec.target_kpi!r}; "
                f"choose one of {', '.join(STAFFING_KPIS)}",
            )
        ]
    t = spec.target
    if not isinstance(t, (int, float)) or isinstance(t, bool) or t != t:
        return [_problem(spec, "target", "sasaran harus angka / the target must be a number")]
    if spec.target_kpi in SHARES and not 0 < t <= 1:
        return [
            _problem(
                spec,
                "target",
                f"sasaran porsi harus di antara 0 dan 1 / a share target must be in (0, 1], got {t}",
            )
        ]
    if spec.target_kpi not in SHARES and t <= 0:
        return [_problem(spec, "target", f"sasaran harus > 0 / the target must be > 0, got {t}")]
    return []


def _shown(problem: Problem, spec: JobSpec, variant: str, what: str = "variant") -> Problem:
    """The loader's problem with the variant named and the server path replaced by the label."""
    same = False
    with contextlib.suppress(OSError, ValueError):
        same = Path(problem.file).resolve() == Path(spec.scenario_ref).resolve()
    file = (
        spec.scenario_label if same or problem.file.startswith("--set") else Path(problem.file).name
    )
    where = f"{what} '{variant}': {problem.path}" if problem.path else f"{what} '{variant}'"
    return Problem(file, where, problem.line if same else None, problem.message)


def _load(
    spec: JobSpec, variant: Variant, what: str = "variant"
) -> tuple[Scenario | None, list[Problem]]:
    if not all(isinstance(k, str) and k.strip() for k in variant.overrides):
        return None, [
            _problem(
                spec,
                f"{what} '{variant.name}'",
                "setiap perubahan perlu path / every change needs a path",
            )
        ]
    try:
        return load_scenario(spec.scenario_ref, variant.overrides), []
    except ScenarioError as exc:
        return None, [_shown(p, spec, variant.name, what) for p in exc.problems]
    except FileNotFoundError:
        return None, [
            _problem(
                spec,
                f"{what} '{variant.name}'",
                "berkas skenario tidak ditemukan / scenario file not found",
            )
        ]


def _window_problems(spec: JobSpec, scenario: Scenario) -> list[Problem]:
    """A run no longer than the variant's warm-up (one definition: the simulator's)."""
    try:
        warmup_days(scenario, spec.days if isinstance(spec.days, int) else None)
    except RunWindowError as exc:
        w = scenario.simulation.warmup_days
        return [
            _problem(
                spec,
                "days",
                f"hari simulasi harus lebih banyak dari masa pemanasan ({w} hari) / {exc}",
            )
        ]
    return []


def check_spec(spec: JobSpec) -> list[Problem]:
    """Everything wrong with a spec: its options, then every variant loaded with its changes,
    then its size (the simulator's limits, the same for the command line)."""
    problems = _spec_problems(spec)
    loaded = []
    for variant in spec.variants:
        scenario, found = _load(spec, variant)
        problems += found
        if scenario is not None:
            problems += _window_problems(spec, scenario)
            loaded.append(scenario)
    if spec.kind == "study" and not problems:  # each row on the base; every row × variant runs
        rows = []
        for name, overrides in spec.table:
            scenario, found = _load(spec, Variant(name, overrides), "row")
            problems += found
            if scenario is not None:
                rows.append(scenario)
        loaded = rows * len(spec.variants)
    if not problems:
        problems += _size_problems(spec, loaded)
    return list(dict.fromkeys(problems))


def _size_problems(spec: JobSpec, scenarios: list[Scenario]) -> list[Problem]:
    runs = most_runs(spec.replications) if spec.kind == "staffing" else spec.replications
    try:
        check_size(scenarios, runs, spec.days)
    except TooLarge as exc:
        return [_problem(spec, "replications", f"terlalu besar / {exc}")]
    return []


def study_of(spec: JobSpec) -> Study:
    """The study a ``kind="study"`` spec describes: every row of its table under every variant."""
    return Study(
        file=spec.scenario_label,
        title=spec.scenario_label,
        scenarios=tuple(StudyScenario(n, spec.scenario_ref, dict(o)) for n, o in spec.table),
        variants=spec.variants,
        replications=spec.replications,
        seed=spec.seed,
        days=spec.days,
        rank_by=spec.rank_by or "followup_sla_met",
    )


def study_spec(study: Study) -> JobSpec:
    """The job of a study written in the planner pages (one built-in base and a table)."""
    base = study.scenarios[0].ref if study.scenarios else ""
    return JobSpec(
        kind="study",
        scenario_ref=Path(base).stem if Path(base).stem in builtin_names() else base,
        scenario_label=study.title,
        variants=tuple(Variant(v.name, dict(v.overrides)) for v in study.variants),
        replications=study.replications,
        seed=study.seed,
        days=study.days,
        table=tuple((s.name, dict(s.overrides)) for s in study.scenarios),
        rank_by=study.rank_by,
    )


def load_variants(spec: JobSpec) -> dict[str, Scenario]:
    """Each variant's scenario by name, in order; raises :class:`PlannerError`."""
    out: dict[str, Scenario] = {}
    problems: list[Problem] = []
    for variant in spec.variants:
        scenario, found = _load(spec, variant)
        problems += found
        if scenario is not None:
            problems += _window_problems(spec, scenario)
            out[variant.name] = scenario
    if problems:
        problems = list(dict.fromkeys(problems))
        raise PlannerError(problems)
    return out
