"""Commands for a kabupaten's own history: fit a scenario from it, backtest a scenario against
it, and (attached to ``run``) write a simulated period as a history."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any

import click

from scenarios.cli import load_or_exit, overrides_from

from . import report
from .history import TABLE_COLUMNS, HistoryError, read_history
from .history_sim import history_rows
from .history_write import table_rows, write_events, write_table


def _columns(items: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, header = item.partition("=")
        if not sep or name.strip() not in TABLE_COLUMNS:
            raise click.BadParameter(
                f"expected FIELD=HEADER with FIELD one of {', '.join(TABLE_COLUMNS)}, found {item!r}",
                param_hint="--column",
            )
        out[name.strip()] = header.strip()
    return out


def _read(path: str, scenario: Any, columns: dict[str, str]) -> Any:
    try:
        return read_history(path, scenario, columns=columns)
    except (HistoryError, OSError) as exc:
        click.echo(f"error: {path}: {exc}", err=True)
        sys.exit(2)


column_option = click.option(
    "--column",
    "column_items",
    multiple=True,
    metavar="FIELD=HEADER",
    help="Per-report table: the header of a field if not the default "
    f"({', '.join(f'{k}={v!r}' for k, v in TABLE_COLUMNS.items())}). Repeatable.",
)


@click.command("fit")
@click.argument("history", type=click.Path(exists=True, dir_okay=False))
@click.option("--base", required=True, help="The scenario to start from (a file or built-in name).")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The fitted scenario file to write.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the fit report as JSON.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the fit report as JSON instead of a table."
)
@click.option(
    "--calibrate/--no-calibrate",
    default=True,
    show_default=True,
    help="Calibrate each OPD's coordination time by simulation (3 rounds × 3 replications).",
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="Seed of the calibration runs."
)
@column_option
def fit_cmd(
    history: str,
    base: str,
    out: Path,
    report_path: Path | None,
    as_json: bool,
    calibrate: bool,
    seed: int,
    column_items: tuple[str, ...],
) -> None:
    """Fit a scenario from HISTORY (an event log or a per-report table, CSV or .xlsx).

    Writes a scenario that `extends:` the base, each fitted field commented with its estimate,
    interval and sample size, and prints the fit report (rows read, used, rejected and why).

    Example: python -m simulator fit riwayat.csv --base sanggau --out sanggau_fit.yaml
    """
    from .fit import fit_history
    from .fit_calibrate import calibrate as calibrate_fit
    from .fit_report import fitted_yaml, render_fit

    s = load_or_exit(base)
    h = _read(history, s, _columns(column_items))
    fit = fit_history(h, s, base)
    log = calibrate_fit(fit, seed=seed) if calibrate else []
    out.write_text(fitted_yaml(fit, out), encoding="utf-8")
    result = {**fit.as_dict(), "calibration": log, "out": str(out)}
    if report_path is not None:
        report_path.write_text(report.to_json(result) + "\n", encoding="utf-8")
    if as_json:
        click.echo(report.to_json(result))
    else:
        click.echo(render_fit(fit))
        if log:
            click.echo("\nCalibration of coordination (model follow-up against the history's):")
            click.echo("\n".join(f"  {line}" for line in log))
    click.echo(f"wrote {out}", err=True)


@click.command("backtest")
@click.argument("scenario")
@click.argument("history", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--replications",
    "-r",
    type=click.IntRange(min=2),
    default=10,
    show_default=True,
    help="Simulated periods.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the runs.")
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the weekly chart as SVG (English words; the planner page speaks Indonesian).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@column_option
def backtest_cmd(
    scenario: str,
    history: str,
    replications: int,
    seed: int,
    chart: Path | None,
    as_json: bool,
    column_items: tuple[str, ...],
) -> None:
    """Simulate SCENARIO over HISTORY's period and set each KPI of the history beside the model's
    95% prediction interval (inside / OUTSIDE).

    Example: python -m simulator backtest sanggau_fit.yaml riwayat.csv -r 20 --chart backtest.svg
    """
    from .backtest import backtest, render_backtest

    s = load_or_exit(scenario)
    h = _read(history, s, _columns(column_items))
    try:
        result = backtest(s, h, replications=replications, seed=seed)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if chart is not None:
        from .backtest_chart import backtest_svg

        chart.write_text(backtest_svg(result), encoding="utf-8")
        click.echo(f"wrote {chart}", err=True)
    click.echo(report.to_json(result) if as_json else render_backtest(result))


def write_history(sim: Any, path: Path, fmt: str) -> int:
    """Write a recorded run as a history file (format ``events`` or ``table``); the row count."""
    rows = history_rows(sim)
    with path.open("w", encoding="utf-8", newline="") as out:
        if fmt == "table":
            return write_table(table_rows(rows), out)
        return write_events(rows, out)


def add_history_out(run: click.Command) -> None:
    """Give the ``run`` command ``--history-out FILE`` and ``--history-format``: after its usual
    output, replication 0 is simulated again with its events recorded and written as a history.

    Attached from here so the run command's own module stays about runs."""
    from .experiment import run_replication

    run.params += [
        click.Option(
            ["--history-out"],
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write replication 0 as a history (a synthetic history with known truth).",
        ),
        click.Option(
            ["--history-format"],
            type=click.Choice(["events", "table"]),
            default="events",
            show_default=True,
            help="events: one row per status change; table: one row per report, Indonesian headers.",
        ),
    ]
    callback = run.callback
    assert callback is not None

    @functools.wraps(callback)
    def wrapped(*args: Any, history_out: Path | None, history_format: str, **kwargs: Any) -> Any:
        value = callback(*args, **kwargs)
        if history_out is not None:
            s = load_or_exit(kwargs["scenario"], overrides_from(kwargs["sets"]))
            sim = run_replication(
                s,
                kwargs["seed"],
                0,
                policy=kwargs["policy"],
                days=kwargs["days"],
                record_events=True,
            )
            n = write_history(sim, history_out, history_format)
            click.echo(f"wrote {n} history rows to {history_out}", err=True)
        return value

    run.callback = wrapped


COMMANDS = (fit_cmd, backtest_cmd)
__all__ = ["COMMANDS", "add_history_out"]
