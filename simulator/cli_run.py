"""Commands that run the flow model: run, compare, sweep, staffing (thin over the experiments)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from scenarios import Scenario, ScenarioError, parse_override, variants
from scenarios.cli import load_or_exit, overrides_from
from scenarios.routing import REGISTRY
from scenarios.variants import Variant

from . import report
from .budget import TooLarge
from .cluster import ClusterError, parse_cluster
from .experiment import compare, replicate, run_replication, summarise, sweep
from .model import RunWindowError, warmup_days
from .results import KPI_NAMES
from .runner import ReplicationFailed, WorkerLost
from .staffing import CRITERIA, DIRECTION, staffing


def experiment_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options every experiment command shares."""
    options = [
        click.argument("scenario"),
        click.option(
            "--replications",
            "-r",
            type=click.IntRange(min=1),
            default=10,
            show_default=True,
            help="Independent replications (seed i = derived from --seed and i).",
        ),
        click.option(
            "--seed", type=int, default=1, show_default=True, help="Seed of the experiment."
        ),
        click.option(
            "--days", type=click.IntRange(min=1), help="Simulated days (default: the scenario's)."
        ),
        click.option(
            "--policy",
            type=click.Choice(sorted(REGISTRY)),
            help="Routing policy for every run (default: the scenario's routing.policy).",
        ),
        click.option(
            "--set",
            "sets",
            multiple=True,
            metavar="PATH=VALUE",
            help="Override a scenario field (repeatable).",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            help="Worker processes (default: all cores; 1 = in this process).",
        ),
        click.option(
            "--cluster",
            callback=_cluster_option,
            metavar="local[:N]|tcp://HOST:PORT",
            help="Run the replications on Dask: a local cluster of N worker processes, or the "
            "scheduler at this address (needs the cluster extra; default: --workers).",
        ),
        click.option(
            "--progress/--no-progress",
            default=None,
            help="Progress bar on stderr (default: when stderr is a terminal).",
        ),
        click.option(
            "--json", "as_json", is_flag=True, help="Print one JSON object instead of tables."
        ),
    ]

    @functools.wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (RunWindowError, ClusterError, TooLarge) as exc:  # a request that cannot run
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except (ReplicationFailed, WorkerLost) as exc:  # a task that failed: which one, exit 1
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return functools.reduce(lambda f, opt: opt(f), reversed(options), guarded)


def _cluster_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--cluster checked before anything loads (Dask itself is looked for when the run starts)."""
    if value is None:
        return None
    try:
        parse_cluster(value)
    except ClusterError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None
    return value


def _progress(flag: bool | None) -> bool:
    return sys.stderr.isatty() if flag is None else flag


def _meta(
    s: Scenario,
    replications: int,
    seed: int,
    days: int | None,
    policy: str | None,
    overrides: dict[str, Any],
) -> dict[str, Any]:
    n_days = days or s.simulation.days
    return {
        "scenario": s.scenario.name,
        "title": s.scenario.title,
        "policy": policy or s.routing.policy,
        "replications": replications,
        "seed": seed,
        "days": n_days,
        "warmup_days": warmup_days(s, n_days),
        "overrides": overrides,
    }


def _emit(result: dict[str, Any], as_json: bool, render: Callable[[dict[str, Any]], str]) -> None:
    click.echo(report.to_json(result) if as_json else render(result))


def _scenario_failed(exc: ScenarioError | FileNotFoundError, ref: str) -> NoReturn:
    if isinstance(exc, FileNotFoundError):
        click.echo(f"error: no scenario file or built-in named {str(exc)!r}", err=True)
    else:
        click.echo(f"error: {len(exc.problems)} problem(s) in scenario {ref!r}:", err=True)
        for p in exc.problems:
            click.echo(f"  {p}", err=True)
    sys.exit(2)


@click.command("run")
@experiment_options
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write kpi.csv, opd.csv, cases.csv and daily.csv (replication 0) to this folder.",
)
@click.option(
    "--events",
    type=click.File("w", encoding="utf-8"),
    help="Write the event log of replication 0 as CSV (for process-mining tools).",
)
@click.option(
    "--events-header",
    type=click.Choice(sorted(report.EVENT_HEADERS)),
    default="plain",
    show_default=True,
    help="Column names of --events: plain, or pm4py's.",
)
def run_cmd(
    scenario: str,
    replications: int,
    seed: int,
    days: int | None,
    policy: str | None,
    sets: tuple[str, ...],
    workers: int | None,
    cluster: str | None,
    progress: bool | None,
    as_json: bool,
    csv_dir: Path | None,
    events: Any,
    events_header: str,
) -> None:
    """Simulate SCENARIO (a file or built-in name) and print KPIs with 95% intervals.

    Example: python -m simulator run kelas_bimtek --replications 10 --seed 1 --set sop.verifiers=2
    """
    overrides = overrides_from(sets)
    s = load_or_exit(scenario, overrides)
    summaries = replicate(
        s,
        replications,
        seed,
        policy=policy,
        days=days,
        workers=workers,
        cluster=cluster,
        progress=_progress(progress),
    )
    result = {
        "command": "run",
        **_meta(s, replications, seed, days, policy, overrides),
        **summarise(summaries),
    }
    if csv_dir is not None or events is not None:
        sim = run_replication(
            s, seed, 0, policy=policy, days=days, record_events=events is not None
        )
        if csv_dir is not None:
            for path in report.write_run_csv(csv_dir, result, sim):
                click.echo(f"wrote {path}", err=True)
        if events is not None:
            n = report.write_events(sim, events, events_header)
            click.echo(f"wrote {n} events to {events.name}", err=True)
    _emit(result, as_json, report.render_run)


def parse_variant(text: str) -> Variant:
    """A ``--variant`` (:func:`scenarios.variants.parse_variant`), a bad one as a usage error."""
    try:
        return variants.parse_variant(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--variant") from None


@click.command("compare")
@experiment_options
@click.option(
    "--variant",
    "variant_specs",
    multiple=True,
    required=True,
    metavar="NAME:CHANGES",
    help="A variant: NAME:PATH=VALUE[;PATH=VALUE…] changes the scenario, NAME:FILE uses a "
    "scenario file (usually one that `extends:` the base). Repeatable.",
)
@click.option(
    "--baseline-name", default="baseline", show_default=True, help="Name of the unchanged scenario."
)
def compare_cmd(
    scenario: str,
    replications: int,
    seed: int,
    days: int | None,
    policy: str | None,
    sets: tuple[str, ...],
    workers: int | None,
    cluster: str | None,
    progress: bool | None,
    as_json: bool,
    variant_specs: tuple[str, ...],
    baseline_name: str,
) -> None:
    """Compare variants of SCENARIO with the same seeds (paired) and print the differences.

    --set applies to the baseline and every variant.

    Example: python -m simulator compare sanggau -r 30 --variant "keyword:routing.policy=keyword"
    --variant "dua verifikator:sop.verifiers=2;sop.verifier_checks_per_day=4"
    """
    overrides = overrides_from(sets)
    base = load_or_exit(scenario, overrides)
    variants: dict[str, Scenario] = {}
    specs: dict[str, str] = {}
    for text in variant_specs:
        v = parse_variant(text)
        name, file, changes = v.name, v.file, v.overrides
        if name in variants or name == baseline_name:
            raise click.BadParameter(f"variant name {name!r} is used twice", param_hint="--variant")
        variants[name] = (
            load_or_exit(file, overrides)
            if file
            else load_or_exit(scenario, {**overrides, **changes})
        )
        specs[name] = text
    result = compare(
        base,
        variants,
        replications,
        seed,
        baseline_name=baseline_name,
        policy=policy,
        days=days,
        workers=workers,
        cluster=cluster,
        progress=_progress(progress),
    )
    named = {baseline_name: base, **variants}
    for v in result["variants"]:
        s = named[v["name"]]
        v.update(
            spec=specs.get(v["name"], ""),
            scenario=s.scenario.name,
            policy=policy or s.routing.policy,
        )
    _emit(
        {
            "command": "compare",
            **_meta(base, replications, seed, days, policy, overrides),
            **result,
        },
        as_json,
        report.render_compare,
    )


def parse_grid(items: tuple[str, ...]) -> dict[str, list[Any]]:
    """``PATH=V1,V2,…`` items as {path: [values]} (values read as YAML scalars)."""
    grid: dict[str, list[Any]] = {}
    for item in items:
        path, sep, values = item.partition("=")
        if not sep or not path.strip() or not values.strip():
            raise click.BadParameter(f"expected PATH=V1,V2,…, found {item!r}", param_hint="--grid")
        grid[path.strip()] = [parse_override(f"{path}={v.strip()}")[1] for v in values.split(",")]
    return grid


@click.command("sweep")
@experiment_options
@click.option(
    "--grid",
    "grid_items",
    multiple=True,
    required=True,
    metavar="PATH=V1,V2,…",
    help="A scenario field and the values to try; several --grid make every combination.",
)
@click.option(
    "--kpi",
    "kpi_names",
    multiple=True,
    type=click.Choice(KPI_NAMES),
    help="KPI columns of the table (default: the SLA shares, time to resolve, backlog).",
)
def sweep_cmd(
    scenario: str,
    replications: int,
    seed: int,
    days: int | None,
    policy: str | None,
    sets: tuple[str, ...],
    workers: int | None,
    cluster: str | None,
    progress: bool | None,
    as_json: bool,
    grid_items: tuple[str, ...],
    kpi_names: tuple[str, ...],
) -> None:
    """Run SCENARIO at every point of a grid of field values (same seeds at every point).

    Example: python -m simulator sweep sanggau -r 10 --grid sop.verifiers=1,2,3 --grid opds.DLH.officers=1,2
    """
    overrides = overrides_from(sets)
    base = load_or_exit(scenario, overrides)
    grid = parse_grid(grid_items)
    try:
        result = sweep(
            scenario,
            grid,
            replications,
            seed,
            overrides=overrides,
            policy=policy,
            days=days,
            workers=workers,
            cluster=cluster,
            progress=_progress(progress),
        )
    except (ScenarioError, FileNotFoundError) as exc:
        _scenario_failed(exc, scenario)
    out = {"command": "sweep", **_meta(base, replications, seed, days, policy, overrides), **result}
    _emit(out, as_json, lambda r: report.render_sweep(r, kpi_names or report.SWEEP_KPIS))


def parse_target(text: str) -> tuple[str, float]:
    """``KPI=VALUE`` of --target."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or name not in DIRECTION:
        raise click.BadParameter(
            f"expected KPI=VALUE with KPI one of {', '.join(DIRECTION)}, found {text!r}",
            param_hint="--target",
        )
    try:
        return name, float(value)
    except ValueError:
        raise click.BadParameter(
            f"the target value must be a number, found {value!r}", param_hint="--target"
        ) from None


@click.command("staffing")
@experiment_options
@click.option(
    "--target",
    "target_text",
    default="followup_sla_met=0.9",
    show_default=True,
    metavar="KPI=VALUE",
    help="The KPI to reach: an SLA share (at least VALUE) or "
    "ttfr_working_hours, ttr_working_days, backlog_end (at most VALUE).",
)
@click.option(
    "--criterion",
    type=click.Choice(CRITERIA),
    default="lower",
    show_default=True,
    help="lower: the 95% interval must clear the target; mean: the mean must.",
)
@click.option(
    "--max-iterations",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Most staffing configurations to simulate.",
)
def staffing_cmd(
    scenario: str,
    replications: int,
    seed: int,
    days: int | None,
    policy: str | None,
    sets: tuple[str, ...],
    workers: int | None,
    cluster: str | None,
    progress: bool | None,
    as_json: bool,
    target_text: str,
    criterion: str,
    max_iterations: int,
) -> None:
    """Find the fewest officers per OPD (and verifiers) that meet a target, from an Erlang-C
    first guess refined by simulation.

    Example: python -m simulator staffing kelas_bimtek -r 5 --target followup_sla_met=0.8
    """
    kpi, target = parse_target(target_text)
    overrides = overrides_from(sets)
    s = load_or_exit(scenario, overrides)
    if criterion == "lower" and replications < 2:
        raise click.BadParameter(
            "criterion 'lower' needs at least 2 replications", param_hint="--replications"
        )
    result = staffing(
        s,
        kpi,
        target,
        replications=replications,
        seed=seed,
        days=days,
        policy=policy,
        criterion=criterion,
        max_iterations=max_iterations,
        workers=workers,
        cluster=cluster,
        progress=_progress(progress),
    )
    meta = _meta(s, replications, seed, days, policy, overrides)
    _emit({"command": "staffing", **meta, **result}, as_json, report.render_staffing)


COMMANDS = (run_cmd, compare_cmd, sweep_cmd, staffing_cmd)
